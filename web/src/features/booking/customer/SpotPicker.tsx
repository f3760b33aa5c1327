import { Box, ScrollArea, Text, UnstyledButton } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { BookingOptionsDto } from './api.ts';

type SpotMap = NonNullable<BookingOptionsDto['spotMap']>;

/**
 * The room map to choose a spot from: free spots are buttons, taken ones are greyed out and
 * landmarks (door, mirror…) help find one's way. Row 1 (the front) is on top.
 */
export function SpotPicker({ map, taken, value, onChange, labelledBy }: { map: SpotMap; taken: string[]; value: string | null; onChange: (label: string) => void; labelledBy: string }) {
  const { t } = useTranslation();
  const takenSet = new Set(taken);
  return (
    <ScrollArea type="auto">
      <Box role="group" aria-labelledby={labelledBy} style={{ display: 'grid', gridTemplateColumns: `repeat(${map.columns}, 44px)`, gridAutoRows: '44px', gap: 6, padding: 2 }}>
        {map.cells.map((c) => {
          const place = { gridRow: c.row, gridColumn: c.column };
          if (c.kind === 'landmark') {
            return (
              <Box key={`${c.row}-${c.column}`} style={{ ...place, display: 'flex', alignItems: 'center', justifyContent: 'center', borderRadius: 6, background: 'var(--mantine-color-gray-1)', overflow: 'hidden' }}>
                <Text size="xs" c="gray.7" truncate>
                  {c.label}
                </Text>
              </Box>
            );
          }
          const isTaken = takenSet.has(c.label);
          const selected = value === c.label;
          return (
            <UnstyledButton
              key={`${c.row}-${c.column}`}
              disabled={isTaken}
              aria-pressed={selected}
              aria-label={isTaken ? t('bookingCustomer.spot.taken', { label: c.label }) : t('bookingCustomer.spot.spot', { label: c.label })}
              onClick={() => onChange(c.label)}
              data-testid={`spot-${c.label}`}
              style={{
                ...place,
                display: 'flex',
                alignItems: 'center',
                justifyContent: 'center',
                borderRadius: 8,
                fontWeight: 700,
                fontSize: 14,
                cursor: isTaken ? 'not-allowed' : 'pointer',
                background: selected ? 'var(--mantine-color-brand-7)' : isTaken ? 'var(--mantine-color-gray-2)' : 'var(--mantine-color-white)',
                color: selected ? 'var(--mantine-color-white)' : isTaken ? 'var(--mantine-color-gray-7)' : 'var(--mantine-color-brand-9)',
                border: `2px solid ${selected ? 'var(--mantine-color-brand-7)' : isTaken ? 'var(--mantine-color-gray-3)' : 'var(--mantine-color-brand-4)'}`,
                textDecoration: isTaken ? 'line-through' : undefined,
              }}
            >
              {c.label}
            </UnstyledButton>
          );
        })}
      </Box>
    </ScrollArea>
  );
}
