import { Anchor, Badge, Box, Group, Paper, Stack, Text } from '@mantine/core';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatInZone, formatMoney } from '../../lib/format.ts';
import type { PublicClassDto } from './api.ts';
import { classTimes, zoneName } from './time.ts';

/** What a class card says about booking: spots left, or why it can't be booked. */
export function availabilityOf(c: Pick<PublicClassDto, 'bookability' | 'spotsLeft' | 'opensAt' | 'timeZone'>, t: TFunction): { label: string; color: string } {
  switch (c.bookability) {
    case 'open':
      return { label: t('publicSchedule.spotsLeft', { count: c.spotsLeft }), color: c.spotsLeft <= 3 ? 'red' : 'teal' };
    case 'full':
      return { label: t('publicSchedule.status.full'), color: 'gray' };
    case 'cancelled':
      return { label: t('publicSchedule.status.cancelled'), color: 'gray' };
    case 'started':
      return { label: t('publicSchedule.status.started'), color: 'gray' };
    case 'sales_closed':
      return { label: t('publicSchedule.status.sales_closed'), color: 'gray' };
    case 'not_yet_open':
      return { label: t('publicSchedule.status.not_yet_open', { date: formatInZone(c.opensAt, c.timeZone, { dateStyle: 'medium', timeStyle: 'short' }) }), color: 'blue' };
  }
}

/** The darkest shade of a status colour, which keeps small badge text readable (WCAG AA) on white. */
export const textShade = (color: string) => (color === 'gray' ? 'gray.7' : `${color}.9`);

export const priceOf = (c: Pick<PublicClassDto, 'priceMinor' | 'currency'>, t: TFunction) =>
  c.priceMinor === 0 ? t('publicSchedule.free') : formatMoney(c.priceMinor, c.currency);

/** Where a class happens: "Main hall · Studio A", or "Online". */
export const placeOf = (c: Pick<PublicClassDto, 'location' | 'roomName' | 'online'>, t: TFunction) =>
  [c.location?.name, c.roomName, c.online ? t('publicSchedule.online') : null].filter(Boolean).join(' · ');

interface Props {
  item: PublicClassDto;
  /** The class page (a route inside the app, or an absolute URL opened in a new tab from an embedded schedule). */
  href: string;
  external: boolean;
  visitorZone: string;
  /** One column of the week (narrow), or a row of the list (wide). */
  layout: 'column' | 'row';
}

export function ClassCard({ item, href, external, visitorZone, layout }: Props) {
  const { t, i18n } = useTranslation();
  const times = classTimes(item, visitorZone);
  const availability = availabilityOf(item, t);
  const cancelled = item.bookability === 'cancelled';
  const name = external ? (
    <Anchor href={href} target="_blank" rel="noopener" fw={700} c="inherit" td={cancelled ? 'line-through' : undefined}>
      {item.name}
    </Anchor>
  ) : (
    <Anchor component={Link} to={href} fw={700} c="inherit" td={cancelled ? 'line-through' : undefined}>
      {item.name}
    </Anchor>
  );
  const timeBlock = (
    <Stack gap={0}>
      <Text fw={700} size="sm" data-testid="class-time">
        {times.visitor ? t('publicSchedule.zoneTime', { time: times.local, zone: zoneName(item.timeZone, i18n.language) }) : times.local}
      </Text>
      {times.visitor ? (
        <Text size="xs" c="dimmed" data-testid="class-visitor-time">
          {t('publicSchedule.yourTime', { time: times.visitor })}
        </Text>
      ) : null}
    </Stack>
  );
  const details = (
    <Stack gap={2} style={{ minWidth: 0 }}>
      {name}
      {item.teacher ? (
        <Text size="sm" c="dimmed" className="enso-break">
          {t('publicSchedule.with', { name: item.teacher.name })}
        </Text>
      ) : null}
      {placeOf(item, t) ? (
        <Text size="sm" c="dimmed" className="enso-break">
          {placeOf(item, t)}
        </Text>
      ) : null}
    </Stack>
  );
  const footer = (
    <Group gap="xs" wrap="wrap">
      <Badge color={availability.color} c={textShade(availability.color)} variant="outline" data-testid="class-availability" style={{ textTransform: 'none', maxWidth: '100%', height: 'auto', whiteSpace: 'normal', textAlign: 'left' }}>
        {availability.label}
      </Badge>
      <Text size="sm" fw={600}>
        {priceOf(item, t)}
      </Text>
    </Group>
  );
  return (
    <Paper
      withBorder
      radius="md"
      p="sm"
      component="article"
      aria-label={`${item.name}, ${times.local}`}
      data-testid="class-card"
      // A class that is over or cancelled keeps full-contrast text (no fading): its badge says so, and its stripe turns grey.
      style={{ borderLeft: `5px solid ${cancelled || item.bookability === 'started' ? 'var(--mantine-color-gray-5)' : item.color}` }}
    >
      {layout === 'column' ? (
        <Stack gap={6}>
          {timeBlock}
          {details}
          {footer}
        </Stack>
      ) : (
        <Group align="flex-start" wrap="wrap" gap="md">
          <Box w={{ base: '100%', xs: 130 }}>{timeBlock}</Box>
          <Box style={{ flex: 1, minWidth: 180 }}>{details}</Box>
          <Box>{footer}</Box>
        </Group>
      )}
    </Paper>
  );
}
