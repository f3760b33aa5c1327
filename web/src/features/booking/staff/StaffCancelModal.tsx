import { Alert, Button, Checkbox, Group, Modal, Stack, Text } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { QueryState } from '../../../app/ui/QueryState.tsx';
import { notifyError, notifySuccess } from '../../../lib/errors.ts';
import { formatInZone } from '../../../lib/format.ts';
import { staffBookingApi, type BookingDto } from './api.ts';
import { refundSentence } from './labels.tsx';

interface Props {
  booking: BookingDto;
  onClose: () => void;
}

/**
 * Cancels a booking after showing what the policy gives back now (the server's preview): a class
 * credit, dollar credit of what was paid, or nothing; and whether it counts as a late cancel.
 * Staff may refund anyway or keep the payment, and may choose not to count a late cancel.
 */
export function StaffCancelModal({ booking, onClose }: Props) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const waitlisted = booking.status === 'waitlisted' || booking.status === 'offered';
  const preview = useQuery({
    queryKey: ['booking', 'cancel-preview', booking.id],
    queryFn: () => staffBookingApi.cancelPreview(booking.id),
    enabled: !waitlisted,
    staleTime: 0,
  });
  const [override, setOverride] = useState(false);
  const [waiveLate, setWaiveLate] = useState(false);
  const [busy, setBusy] = useState(false);
  const base = preview.data;
  const refunds = base ? base.refundKind !== 'none' : false;
  // What the override would give back instead (refund anyway: the amount; keep: nothing).
  const overridden = useQuery({
    queryKey: ['booking', 'cancel-preview', booking.id, 'override', !refunds],
    queryFn: () => staffBookingApi.cancelPreview(booking.id, !refunds),
    enabled: !waitlisted && !!base && override,
    staleTime: 0,
  });
  const p = override && overridden.data ? overridden.data : base;

  const confirm = async () => {
    setBusy(true);
    try {
      await staffBookingApi.cancel(booking.id, {
        ...(override ? { refundOverride: !refunds } : {}),
        ...(p?.lateCancel ? { waiveLateCancel: waiveLate } : {}),
      });
      await queryClient.invalidateQueries({ queryKey: ['booking'] });
      await queryClient.invalidateQueries({ queryKey: ['occurrences'] });
      notifySuccess(t('bookingStaff.cancel.done', { name: booking.customerName }));
      onClose();
    } catch (error) {
      notifyError(error, t);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened onClose={onClose} title={t(waitlisted ? 'bookingStaff.cancel.titleWaitlist' : 'bookingStaff.cancel.title', { name: booking.customerName })}>
      <Stack gap="sm">
        <Text size="sm">
          {booking.class.name} · {formatInZone(booking.class.startsAt, booking.class.timeZone, { dateStyle: 'medium', timeStyle: 'short' })}
        </Text>
        {waitlisted ? (
          <Text size="sm">{t('bookingStaff.cancel.waitlistNote')}</Text>
        ) : !p ? (
          <QueryState isPending={preview.isPending} error={preview.error} onRetry={() => void preview.refetch()} />
        ) : (
          <>
            <Alert color={p.refundKind !== 'none' ? 'brand' : 'gray'} title={t('bookingStaff.cancel.whatHappens')} data-testid="cancel-preview" role="status">
              <Text size="sm">{refundSentence(p, t, booking.membershipName)}</Text>
              <Text size="xs" c="dimmed" mt={4}>
                {t('bookingStaff.cancel.refundableUntil', { when: formatInZone(p.refundableUntil, booking.class.timeZone, { dateStyle: 'medium', timeStyle: 'short' }) })}
              </Text>
            </Alert>
            {p.lateCancel ? (
              <Alert color="yellow" title={t('bookingStaff.cancel.lateTitle')}>
                <Text size="sm">{t('bookingStaff.cancel.lateBody')}</Text>
                <Checkbox mt="xs" label={t('bookingStaff.cancel.waiveLate')} checked={waiveLate} onChange={(e) => setWaiveLate(e.currentTarget.checked)} />
              </Alert>
            ) : null}
            <Checkbox
              label={refunds ? t('bookingStaff.cancel.keepPayment') : t('bookingStaff.cancel.refundAnyway')}
              checked={override}
              onChange={(e) => setOverride(e.currentTarget.checked)}
            />
          </>
        )}
        <Group justify="flex-end" mt="sm">
          <Button variant="default" onClick={onClose}>
            {t('bookingStaff.cancel.keep')}
          </Button>
          <Button color="red" loading={busy} disabled={!waitlisted && (!p || (override && !overridden.data))} onClick={() => void confirm()}>
            {t(waitlisted ? 'bookingStaff.cancel.confirmWaitlist' : 'bookingStaff.cancel.confirm')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
