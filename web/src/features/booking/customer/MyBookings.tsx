import { Alert, Anchor, Badge, Button, Group, Modal, Paper, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { QueryState } from '../../../app/ui/QueryState.tsx';
import { notifySuccess } from '../../../lib/errors.ts';
import { formatInZone } from '../../../lib/format.ts';
import { ownCreditKey, ownMembershipsKey } from '../../checkout/api.ts';
import { ownBookingListKey, ownBookingsApi, ownBookingsKey, type BookingDto } from './api.ts';
import { bookingErrorMessage } from './errors.ts';
import { paidWith, refundDoneSentence, refundPreviewSentence, statusColor } from './format.ts';

/** "My bookings" on the account page: upcoming and past classes, the waitlist and its offers, and cancelling with what is given back. */
export function MyBookings({ slug }: { slug: string }) {
  const { t } = useTranslation();
  const [when, setWhen] = useState<'upcoming' | 'past'>('upcoming');
  const list = useQuery({ queryKey: ownBookingListKey(slug, when), queryFn: () => ownBookingsApi.list(slug, { when, limit: 50 }) });
  return (
    <Paper withBorder radius="lg" p={{ base: 'md', sm: 'xl' }} component="section" aria-labelledby="my-bookings-heading" id="my-bookings">
      <Group justify="space-between" mb="md" gap="xs">
        <Title order={2} fz="lg" id="my-bookings-heading">
          {t('bookingCustomer.account.title')}
        </Title>
        <SegmentedControl
          size="sm"
          value={when}
          onChange={(v) => setWhen(v as 'upcoming' | 'past')}
          data={[
            { value: 'upcoming', label: t('bookingCustomer.account.upcoming') },
            { value: 'past', label: t('bookingCustomer.account.past') },
          ]}
          aria-label={t('bookingCustomer.account.which')}
        />
      </Group>
      {!list.data ? (
        <QueryState isPending={list.isPending} error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data.items.length === 0 ? (
        <Stack gap="xs" data-testid="own-bookings-empty">
          <Text c="dimmed" size="sm">
            {when === 'upcoming' ? t('bookingCustomer.account.noneUpcoming') : t('bookingCustomer.account.nonePast')}
          </Text>
          {when === 'upcoming' ? (
            <Anchor component={Link} to={`/s/${slug}/schedule`} size="sm">
              {t('bookingCustomer.account.seeSchedule')}
            </Anchor>
          ) : null}
        </Stack>
      ) : (
        <Stack gap="md" data-testid="own-bookings">
          {list.data.items.map((b) => (
            <BookingItem key={b.id} slug={slug} booking={b} upcoming={when === 'upcoming'} />
          ))}
        </Stack>
      )}
    </Paper>
  );
}

function BookingItem({ slug, booking: b, upcoming }: { slug: string; booking: BookingDto; upcoming: boolean }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [cancelling, setCancelling] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const when = formatInZone(b.class.startsAt, b.class.timeZone, { weekday: 'long', day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit' });
  const holding = b.status === 'booked' || b.status === 'pending' || b.status === 'waitlisted' || b.status === 'offered';
  const classCancelled = b.class.status === 'cancelled';
  const payment = paidWith(b, t);
  const refunded = b.cancelledAt ? refundDoneSentence(b, t) : null;

  const decline = async () => {
    setBusy(true);
    setError(null);
    try {
      await ownBookingsApi.decline(slug, b.id);
      await queryClient.invalidateQueries({ queryKey: ownBookingsKey(slug) });
      notifySuccess(t('bookingCustomer.account.declined'));
    } catch (err) {
      setError(bookingErrorMessage(err, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Stack gap={4} data-testid="own-booking" aria-label={b.class.name} role="group" style={{ borderBottom: '1px solid var(--mantine-color-gray-2)', paddingBottom: 12 }}>
      <Group justify="space-between" wrap="nowrap" align="flex-start" gap="xs">
        <Stack gap={0} style={{ minWidth: 0 }}>
          <Anchor component={Link} to={`/s/${slug}/classes/${b.occurrenceId}`} fw={700} c="inherit" className="enso-break" td={classCancelled ? 'line-through' : undefined}>
            {b.class.name}
          </Anchor>
          <Text size="sm">{when}</Text>
          {b.class.locationName ? (
            <Text size="sm" c="dimmed" className="enso-break">
              {b.class.locationName}
            </Text>
          ) : null}
        </Stack>
        <Badge variant="dot" color={statusColor[b.status]} style={{ flexShrink: 0 }} data-testid="own-booking-status">
          {classCancelled && !holding ? t('bookingCustomer.account.classCancelled') : t(`bookingCustomer.status.${b.status}`)}
        </Badge>
      </Group>
      {b.customerId !== b.payerId ? (
        <Text size="sm" c="dimmed">
          {t('bookingCustomer.account.for', { name: b.customerName })}
        </Text>
      ) : null}
      {b.spotLabel && holding ? <Text size="sm">{t('bookingCustomer.done.spot', { label: b.spotLabel })}</Text> : null}
      {payment && b.status !== 'waitlisted' && b.status !== 'offered' ? <Text size="sm">{payment}</Text> : null}
      {b.status === 'waitlisted' && b.waitlistPosition !== null ? (
        <Text size="sm" fw={600} data-testid="own-booking-position">
          {t('bookingCustomer.waitlistPosition', { position: b.waitlistPosition })}
        </Text>
      ) : null}
      {b.checkedInAt ? <Text size="sm">{t('bookingCustomer.account.checkedIn')}</Text> : null}
      {refunded ? (
        <Text size="sm" data-testid="own-booking-refund">
          {refunded}
        </Text>
      ) : null}
      {b.status === 'offered' ? (
        <Alert color="grape" variant="light" p="sm" data-testid="own-booking-offer">
          <Stack gap="xs">
            <Text size="sm" fw={600}>
              {b.offerExpiresAt
                ? t('bookingCustomer.offer.until', { date: formatInZone(b.offerExpiresAt, b.class.timeZone, { dateStyle: 'medium', timeStyle: 'short' }) })
                : t('bookingCustomer.offer.firstCome')}
            </Text>
            <Group gap="xs">
              <Button size="sm" component={Link} to={`/s/${slug}/classes/${b.occurrenceId}?book=1`}>
                {t('bookingCustomer.claim')}
              </Button>
              <Button size="sm" variant="default" onClick={() => void decline()} loading={busy}>
                {t('bookingCustomer.decline')}
              </Button>
            </Group>
          </Stack>
        </Alert>
      ) : null}
      {error ? (
        <Text c="red.8" size="sm" role="alert">
          {error}
        </Text>
      ) : null}
      {upcoming && holding && b.status !== 'offered' ? (
        <Group gap="xs">
          <Button size="xs" variant="default" onClick={() => setCancelling(true)}>
            {b.status === 'waitlisted' ? t('bookingCustomer.account.leaveWaitlist') : t('bookingCustomer.account.cancel')}
          </Button>
        </Group>
      ) : null}
      {cancelling ? <CancelModal slug={slug} booking={b} onClose={() => setCancelling(false)} /> : null}
    </Stack>
  );
}

function CancelModal({ slug, booking, onClose }: { slug: string; booking: BookingDto; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const preview = useQuery({ queryKey: ['me', slug, 'bookings', booking.id, 'cancel-preview'], queryFn: () => ownBookingsApi.cancelPreview(slug, booking.id), staleTime: 0, gcTime: 0 });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const waitlisted = booking.status === 'waitlisted' || booking.status === 'offered';

  const confirm = async () => {
    setBusy(true);
    setError(null);
    try {
      const cancelled = await ownBookingsApi.cancel(slug, booking.id);
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: ownBookingsKey(slug) }),
        queryClient.invalidateQueries({ queryKey: ownMembershipsKey(slug) }),
        queryClient.invalidateQueries({ queryKey: ownCreditKey(slug) }),
        queryClient.invalidateQueries({ queryKey: ['me', slug, 'booking-options'] }),
      ]);
      notifySuccess(waitlisted ? t('bookingCustomer.account.leftWaitlist') : [t('bookingCustomer.account.cancelled'), refundDoneSentence(cancelled, t)].filter(Boolean).join(' '));
      onClose();
    } catch (err) {
      setError(bookingErrorMessage(err, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened onClose={onClose} title={waitlisted ? t('bookingCustomer.account.leaveTitle', { name: booking.class.name }) : t('bookingCustomer.account.cancelTitle', { name: booking.class.name })}>
      <Stack>
        {!preview.data ? (
          <QueryState isPending={preview.isPending} error={preview.error} onRetry={() => void preview.refetch()} />
        ) : !preview.data.allowed ? (
          <Alert color="orange" role="alert">
            {t('bookingCustomer.errors.cancellation_not_allowed')}
          </Alert>
        ) : (
          <Stack gap="xs" data-testid="cancel-preview">
            <Text>{refundPreviewSentence(preview.data, booking, new Date(), t)}</Text>
            {preview.data.lateCancel && !waitlisted ? (
              <Alert color="orange" variant="light" p="sm">
                {t('bookingCustomer.cancel.late')}
              </Alert>
            ) : null}
          </Stack>
        )}
        {error ? (
          <Text c="red.8" size="sm" role="alert">
            {error}
          </Text>
        ) : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {waitlisted ? t('bookingCustomer.account.stayOnWaitlist') : t('bookingCustomer.account.keep')}
          </Button>
          <Button color="red" onClick={() => void confirm()} loading={busy} disabled={!preview.data?.allowed}>
            {waitlisted ? t('bookingCustomer.account.leaveWaitlist') : t('bookingCustomer.account.confirmCancel')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
