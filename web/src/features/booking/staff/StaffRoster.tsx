import { ActionIcon, Badge, Button, Group, Menu, Stack, Switch, Text, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ConfirmModal } from '../../../app/ui/ConfirmModal.tsx';
import { IconDots, IconPlus } from '../../../app/ui/icons.tsx';
import { QueryState } from '../../../app/ui/QueryState.tsx';
import { isApiError } from '../../../lib/api.ts';
import { notifyError, notifySuccess } from '../../../lib/errors.ts';
import { formatInZone } from '../../../lib/format.ts';
import { useCan } from '../../../routes/staff/session.tsx';
import { occurrencesKey, type OccurrenceDetailDto } from '../../schedule/api.ts';
import { useStudio } from '../../studios/api.ts';
import { rosterKey, staffBookingApi, useRoster, type BookingDto, type RosterDto } from './api.ts';
import { paymentLabel } from './labels.tsx';
import { StaffBookModal } from './StaffBookModal.tsx';
import { isRegistrable } from '../registrations/api.ts';
import { StaffRegisterModal } from '../registrations/StaffRegistration.tsx';
import { StaffCancelModal } from './StaffCancelModal.tsx';
import { StaffMoveModal } from './StaffMoveModal.tsx';

type Group = keyof RosterDto['groups'];
const groupOrder: Group[] = ['booked', 'checked_in', 'waitlisted', 'late_cancelled', 'no_show', 'cancelled'];
/** Always listed (an empty "Booked" says so); the others only when someone is in them. */
const alwaysShown: Group[] = ['booked', 'checked_in', 'waitlisted'];
const groupColor: Record<Group, string> = { booked: 'blue', checked_in: 'teal', waitlisted: 'grape', late_cancelled: 'orange', no_show: 'red', cancelled: 'gray' };

type Dialog = { kind: 'cancel' | 'move' | 'promote'; booking: BookingDto } | { kind: 'book' } | { kind: 'register' } | null;

/**
 * The class's roster in its drawer: who is booked, checked in, waiting, late-cancelled or absent,
 * with counts. Front desk books, checks in, cancels (with what is refunded), moves and promotes;
 * a teacher (booking:checkin without booking:write) sees their class and checks people in, with no
 * money shown or handled.
 */
export function StaffRoster({ occurrence }: { occurrence: OccurrenceDetailDto }) {
  const { t } = useTranslation();
  const canRead = useCan('booking:read');
  const canWrite = useCan('booking:write');
  const canCheckIn = useCan('booking:checkin');
  const canCustomers = useCan('customers:read');
  const studio = useStudio(useCan('studio:read'));
  const roster = useRoster(occurrence.id, canRead);
  const queryClient = useQueryClient();
  const [dialog, setDialog] = useState<Dialog>(null);
  const [busy, setBusy] = useState<string | null>(null);
  if (!canRead) return null;

  const toggle = async (b: BookingDto, on: boolean) => {
    setBusy(b.id);
    try {
      await (on ? staffBookingApi.checkIn(b.id) : staffBookingApi.undoCheckIn(b.id));
      await queryClient.invalidateQueries({ queryKey: rosterKey(occurrence.id) });
    } catch (error) {
      notifyError(error, t);
    } finally {
      setBusy(null);
    }
  };

  const promote = async (b: BookingDto) => {
    setBusy(b.id);
    try {
      const promoted = await staffBookingApi.promote(b.id);
      await queryClient.invalidateQueries({ queryKey: ['booking'] });
      await queryClient.invalidateQueries({ queryKey: occurrencesKey });
      notifySuccess(t(promoted.booking.status === 'booked' ? 'bookingStaff.roster.promoted' : 'bookingStaff.roster.offered', { name: b.customerName }));
      setDialog(null);
    } catch (error) {
      notifyError(error, t);
    } finally {
      setBusy(null);
    }
  };

  const r = roster.data;
  const scheduled = occurrence.status === 'scheduled';
  const row = (b: BookingDto, group: Group) => {
    // A no-show checked in after all is booked again (the server allows it).
    const checkable = canCheckIn && (group === 'booked' || group === 'checked_in' || group === 'no_show');
    const sub = [
      canWrite ? paymentLabel(b, t) : null,
      b.spotLabel ? t('bookingStaff.roster.spot', { label: b.spotLabel }) : null,
      group === 'waitlisted' && b.waitlistPosition ? t('bookingStaff.roster.position', { position: b.waitlistPosition }) : null,
      b.status === 'offered' && b.offerExpiresAt ? t('bookingStaff.roster.offeredUntil', { when: formatInZone(b.offerExpiresAt, occurrence.timeZone, { timeStyle: 'short' }) }) : null,
      group === 'checked_in' && b.checkedInAt ? t('bookingStaff.roster.checkedInAt', { when: formatInZone(b.checkedInAt, occurrence.timeZone, { timeStyle: 'short' }) }) : null,
    ].filter(Boolean);
    const actions: { label: string; onClick: () => void; danger?: boolean }[] = [];
    if (canWrite && (b.status === 'booked' || b.status === 'pending')) {
      actions.push({ label: t('bookingStaff.roster.move'), onClick: () => setDialog({ kind: 'move', booking: b }) });
      actions.push({ label: t('bookingStaff.roster.cancel'), onClick: () => setDialog({ kind: 'cancel', booking: b }), danger: true });
    }
    if (canWrite && (b.status === 'waitlisted' || b.status === 'offered')) {
      if (scheduled) actions.push({ label: t('bookingStaff.roster.promote'), onClick: () => setDialog({ kind: 'promote', booking: b }) });
      actions.push({ label: t('bookingStaff.roster.removeFromWaitlist'), onClick: () => setDialog({ kind: 'cancel', booking: b }), danger: true });
    }
    return (
      <Group key={b.id} justify="space-between" wrap="nowrap" gap="xs" py={6} style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }} data-testid="roster-row">
        <div style={{ minWidth: 0 }}>
          {canCustomers ? (
            <Text component={Link} to={`/customers/${encodeURIComponent(b.customerId)}`} fw={600} size="sm" className="enso-break" c="var(--mantine-color-anchor)">
              {b.customerName}
            </Text>
          ) : (
            <Text fw={600} size="sm" className="enso-break">
              {b.customerName}
            </Text>
          )}
          {sub.length > 0 ? (
            <Text size="xs" c="dimmed" className="enso-break">
              {sub.join(' · ')}
            </Text>
          ) : null}
        </div>
        <Group gap={4} wrap="nowrap" style={{ flexShrink: 0 }}>
          {b.status === 'offered' ? (
            <Badge size="sm" color="violet" variant="dot">
              {t('bookingStaff.status.offered')}
            </Badge>
          ) : null}
          {b.status === 'pending' ? (
            <Badge size="sm" color="yellow" variant="dot">
              {t('bookingStaff.status.pending')}
            </Badge>
          ) : null}
          {checkable ? (
            <Switch
              size="md"
              checked={group === 'checked_in'}
              disabled={busy === b.id}
              onChange={(e) => void toggle(b, e.currentTarget.checked)}
              aria-label={t('bookingStaff.roster.checkInLabel', { name: b.customerName })}
              data-testid="check-in-toggle"
            />
          ) : null}
          {actions.length > 0 ? (
            <Menu position="bottom-end" withinPortal>
              <Menu.Target>
                <ActionIcon variant="subtle" color="gray" size="lg" aria-label={t('bookingStaff.roster.actionsFor', { name: b.customerName })}>
                  <IconDots />
                </ActionIcon>
              </Menu.Target>
              <Menu.Dropdown>
                {actions.map((a) => (
                  <Menu.Item key={a.label} color={a.danger ? 'red' : undefined} onClick={a.onClick}>
                    {a.label}
                  </Menu.Item>
                ))}
              </Menu.Dropdown>
            </Menu>
          ) : null}
        </Group>
      </Group>
    );
  };

  return (
    <section aria-labelledby="roster-title" data-testid="roster">
      <Group justify="space-between" mb="xs" gap="xs">
        <Title order={3} fz="md" id="roster-title">
          {t('bookingStaff.roster.title')}
        </Title>
        <Text size="sm" fw={600} data-testid="occurrence-booked">
          {/* The class's own figures: an edit of its capacity refreshes them, and every booking change refreshes the class. */}
          {t('schedule.booked', { booked: occurrence.bookedCount, capacity: occurrence.capacity })}
        </Text>
      </Group>
      <Group gap="xs" mb="sm">
        {canWrite ? (
          <Button size="xs" leftSection={<IconPlus size={16} />} onClick={() => setDialog({ kind: 'book' })} disabled={occurrence.status !== 'scheduled'}>
            {t('bookingStaff.roster.book')}
          </Button>
        ) : null}
        {canWrite && isRegistrable(occurrence.series.kind) ? (
          <Button size="xs" variant="light" onClick={() => setDialog({ kind: 'register' })} disabled={occurrence.status !== 'scheduled'} data-testid="roster-register">
            {t('bookingRegistration.staff.action')}
          </Button>
        ) : null}
        <Button size="xs" variant="default" component="a" href={staffBookingApi.rosterCsvUrl(occurrence.id)} download>
          {t('bookingStaff.roster.csv')}
        </Button>
      </Group>
      {!r && isApiError(roster.error, 403) ? (
        <Text size="sm" c="dimmed" role="status">
          {t('bookingStaff.roster.notYours')}
        </Text>
      ) : !r ? (
        <QueryState isPending={roster.isPending} error={roster.error} onRetry={() => void roster.refetch()} />
      ) : (
        <Stack gap="sm">
          <Group gap={6} role="list" aria-label={t('bookingStaff.roster.counts')} data-testid="roster-counts">
            {groupOrder.map((g) => (
              <Badge key={g} role="listitem" variant="dot" color={groupColor[g]} data-testid={`roster-count-${g}`}>
                {t(`bookingStaff.roster.groups.${g}`)}: {r.counts[g]}
              </Badge>
            ))}
          </Group>
          {groupOrder
            .filter((g) => alwaysShown.includes(g) || r.groups[g].length > 0)
            .map((g) => (
              <div key={g} role="group" aria-labelledby={`roster-group-${g}`} data-testid={`roster-group-${g}`}>
                <Text id={`roster-group-${g}`} size="xs" fw={700} tt="uppercase" c="dimmed" mb={2}>
                  {t(`bookingStaff.roster.groups.${g}`)} ({r.groups[g].length})
                </Text>
                {r.groups[g].length === 0 ? (
                  <Text size="sm" c="dimmed">
                    {t(`bookingStaff.roster.empty.${g}`, { defaultValue: t('bookingStaff.roster.empty.other') })}
                  </Text>
                ) : (
                  r.groups[g].map((b) => row(b, g))
                )}
              </div>
            ))}
        </Stack>
      )}

      {dialog?.kind === 'register' ? <StaffRegisterModal occurrence={occurrence} currency={studio.data?.currency ?? 'EUR'} onClose={() => setDialog(null)} /> : null}
      {dialog?.kind === 'book' ? <StaffBookModal occurrence={occurrence} currency={studio.data?.currency ?? 'EUR'} onClose={() => setDialog(null)} /> : null}
      {dialog?.kind === 'cancel' ? <StaffCancelModal booking={dialog.booking} onClose={() => setDialog(null)} /> : null}
      {dialog?.kind === 'move' ? <StaffMoveModal booking={dialog.booking} onClose={() => setDialog(null)} /> : null}
      <ConfirmModal
        opened={dialog?.kind === 'promote'}
        title={t('bookingStaff.roster.promoteTitle', { name: dialog?.kind === 'promote' ? dialog.booking.customerName : '' })}
        message={t('bookingStaff.roster.promoteBody')}
        confirmLabel={t('bookingStaff.roster.promote')}
        loading={dialog?.kind === 'promote' && busy === dialog.booking.id}
        onConfirm={() => dialog?.kind === 'promote' && void promote(dialog.booking)}
        onClose={() => setDialog(null)}
      />
    </section>
  );
}
