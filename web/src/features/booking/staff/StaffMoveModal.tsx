import { Button, Group, Modal, Select, Stack, Text } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { notifyError, notifySuccess } from '../../../lib/errors.ts';
import { formatInZone } from '../../../lib/format.ts';
import { occurrencesKey, scheduleApi } from '../../schedule/api.ts';
import { staffBookingApi, type BookingDto } from './api.ts';

const day = 86_400_000;

/** Moves a booking to another class (the payment carries over): classes of the next four weeks, this class's first. */
export function StaffMoveModal({ booking, onClose }: { booking: BookingDto; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [target, setTarget] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // One window per opening of the dialog: the query key must not change on every render.
  const [range] = useState(() => {
    const from = Math.min(Date.now(), new Date(booking.class.startsAt).getTime()) - day;
    return { from: new Date(from).toISOString(), to: new Date(Date.now() + 28 * day).toISOString() };
  });
  const classes = useQuery({
    queryKey: [...occurrencesKey, 'move-picker', range.from, range.to],
    queryFn: ({ signal }) => scheduleApi.occurrences({ from: range.from, to: range.to, includeCancelled: 'false' }, signal),
    select: (d) => d.items,
  });
  const options = useMemo(() => {
    const list = (classes.data ?? []).filter((o) => o.id !== booking.occurrenceId && o.status === 'scheduled');
    // The same class name first (moving to another date of the same class is the usual case).
    list.sort((a, b) => Number(b.name === booking.class.name) - Number(a.name === booking.class.name) || a.startsAt.localeCompare(b.startsAt));
    return list.map((o) => {
      const left = Math.max(0, o.capacity - o.bookedCount);
      return {
        value: o.id,
        label: `${formatInZone(o.startsAt, o.timeZone, { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' })} · ${o.name} · ${
          left > 0 ? t('bookingStaff.move.spotsLeft', { count: left }) : t('bookingStaff.move.full')
        }`,
        disabled: left === 0,
      };
    });
  }, [classes.data, booking, t]);

  const submit = async () => {
    if (!target) return;
    setBusy(true);
    try {
      await staffBookingApi.move(booking.id, { occurrenceId: target });
      await queryClient.invalidateQueries({ queryKey: ['booking'] });
      await queryClient.invalidateQueries({ queryKey: occurrencesKey });
      notifySuccess(t('bookingStaff.move.done', { name: booking.customerName }));
      onClose();
    } catch (error) {
      notifyError(error, t);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened onClose={onClose} title={t('bookingStaff.move.title', { name: booking.customerName })}>
      <Stack gap="sm">
        <Text size="sm">{t('bookingStaff.move.help')}</Text>
        <Select
          label={t('bookingStaff.move.target')}
          placeholder={classes.isPending ? t('common.loading') : t('bookingStaff.move.pick')}
          data={options}
          value={target}
          onChange={setTarget}
          searchable
          nothingFoundMessage={t('common.nothingFound')}
          comboboxProps={{ withinPortal: true }}
        />
        <Group justify="flex-end" mt="sm">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button loading={busy} disabled={!target} onClick={() => void submit()}>
            {t('bookingStaff.move.confirm')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
