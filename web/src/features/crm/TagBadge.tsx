import { Badge, ColorSwatch, type BadgeProps } from '@mantine/core';
import type { ComponentPropsWithoutRef, ReactNode } from 'react';

/**
 * A tag in its colour. The colour tints the background and marks a dot; the text stays dark,
 * because light text on a pale yellow or lime fails contrast (WCAG AA) whatever the shade.
 */
type Props = { color: string; children: ReactNode } & Omit<BadgeProps, 'color' | 'children'> & Omit<ComponentPropsWithoutRef<'div'>, 'color' | 'children' | 'style'>;

export function TagBadge({ color, children, ...props }: Props) {
  return (
    <Badge
      color={color}
      variant="light"
      size="lg"
      c="dark.9"
      leftSection={<ColorSwatch color={`var(--mantine-color-${color}-6)`} size={8} withShadow={false} />}
      style={{ textTransform: 'none', maxWidth: '100%' }}
      {...props}
    >
      {children}
    </Badge>
  );
}
