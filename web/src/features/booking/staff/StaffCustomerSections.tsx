import { Badge, Button, Code, Group, Paper, Stack, Tabs, Text, Title } from '@mantine/core';
import { useInfiniteQuery, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmModal } from '../../../app/ui/ConfirmModal.tsx';
import { QueryState } from '../../../app/ui/QueryState.tsx';
import { isApiError } from '../../../lib/api.ts';
import { notifyError, notifySuccess } from '../../../lib/errors.ts';
import { formatInZone, formatMoney } from '../../../lib/format.ts';
import { useCan } from '../../../routes/staff/session.tsx';
import { checkInKeyKey, customerBookingsKey, penaltiesKey, staffBookingApi, type BookingDto, type PenaltyDto } from './api.ts';
import { BookingStatusBadge, paymentLabel } from './labels.tsx';
import { StaffCancelModal } from './StaffCancelModal.tsx';
import { StaffCancelRegistrationModal } from '../registrations/StaffRegistration.tsx';

type When = 'upcoming' | 'past';

/** Bookings per page of the profile's lists; "Show more" fetches the next page with the API's cursor. */
const pageSize = 25;

function BookingRows({ customerId, when, canWrite, onCancel, onCancelRegistration }: { customerId: string; when: When; canWrite: boolean; onCancel: (b: BookingDto) => void; onCancelRegistration: (id: string) => void }) {
  const { t } = useTranslation();
  const list = useInfiniteQuery({
    queryKey: [...customerBookingsKey(customerId), when],
    queryFn: ({ pageParam }) => staffBookingApi.customerBookings(customerId, { when, limit: pageSize, ...(pageParam ? { cursor: pageParam } : {}) }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    select: (d) => d.pages.flatMap((p) => p.items),
  });
  if (!list.data) return <QueryState isPending={list.isPending} error={list.error} onRetry={() => void list.refetch()} />;
  if (list.data.length === 0) {
    return (
      <Text c="dimmed" size="sm" role="status">
        {t(`bookingStaff.customer.empty.${when}`)}
      </Text>
    );
  }
  return (
    <Stack gap="xs">
      <Stack gap={0} role="list" aria-label={t(`bookingStaff.customer.tabs.${when}`)} data-testid={`customer-bookings-${when}`}>
        {list.data.map((b) => {
          const cancellable = canWrite && ['pending', 'booked', 'waitlisted', 'offered'].includes(b.status) && b.checkedInAt === null;
          return (
            <Group key={b.id} role="listitem" justify="space-between" wrap="nowrap" gap="xs" py={8} style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}>
              <div style={{ minWidth: 0 }}>
                <Text size="sm" fw={600} className="enso-break">
                  {b.class.name}
                  {b.class.status === 'cancelled' ? (
                    <Text span size="xs" c="red.8">
                      {' '}
                      ({t('bookingStaff.customer.classCancelled')})
                    </Text>
                  ) : null}
                </Text>
                <Text size="xs" c="dimmed" className="enso-break">
                  {[
                    formatInZone(b.class.startsAt, b.class.timeZone, { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' }),
                    b.class.locationName,
                    paymentLabel(b, t),
                    b.waitlistPosition ? t('bookingStaff.roster.position', { position: b.waitlistPosition }) : null,
                  ]
                    .filter(Boolean)
                    .join(' · ')}
                </Text>
              </div>
              <Group gap={6} wrap="nowrap" style={{ flexShrink: 0 }}>
                <BookingStatusBadge booking={b} />
                {cancellable && b.registrationId ? (
                  <Button size="compact-sm" variant="subtle" color="red" onClick={() => onCancelRegistration(b.registrationId!)} aria-label={t('bookingRegistration.staff.cancelFor', { name: b.class.name })} data-testid="cancel-registration">
                    {t('bookingRegistration.staff.cancel')}
                  </Button>
                ) : cancellable ? (
                  <Button size="compact-sm" variant="subtle" color="red" onClick={() => onCancel(b)} aria-label={t('bookingStaff.customer.cancelFor', { name: b.class.name })}>
                    {t('bookingStaff.customer.cancel')}
                  </Button>
                ) : null}
              </Group>
            </Group>
          );
        })}
      </Stack>
      {list.hasNextPage ? (
        <Button variant="subtle" style={{ alignSelf: 'flex-start' }} onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage} data-testid={`customer-bookings-${when}-more`}>
          {t('bookingStaff.customer.showMore')}
        </Button>
      ) : null}
    </Stack>
  );
}

/** Profile › Bookings: upcoming and past classes with their status; staff cancel with the refund preview. */
export function StaffCustomerBookingsSection({ customerId }: { customerId: string }) {
  const { t } = useTranslation();
  const canRead = useCan('booking:read');
  const canWrite = useCan('booking:write');
  const [tab, setTab] = useState<string | null>('upcoming');
  const [cancelling, setCancelling] = useState<BookingDto | null>(null);
  const [cancellingRegistration, setCancellingRegistration] = useState<string | null>(null);
  if (!canRead) return null;
  return (
    <Paper withBorder p={{ base: 'sm', sm: 'lg' }} radius="md" component="section" aria-labelledby="bookings-heading">
      <Title order={2} fz="lg" mb="sm" id="bookings-heading">
        {t('bookingStaff.customer.bookingsTitle')}
      </Title>
      <Tabs value={tab} onChange={setTab} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="upcoming">{t('bookingStaff.customer.tabs.upcoming')}</Tabs.Tab>
          <Tabs.Tab value="past">{t('bookingStaff.customer.tabs.past')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="upcoming" pt="sm">
          <BookingRows customerId={customerId} when="upcoming" canWrite={canWrite} onCancel={setCancelling} onCancelRegistration={setCancellingRegistration} />
        </Tabs.Panel>
        <Tabs.Panel value="past" pt="sm">
          <BookingRows customerId={customerId} when="past" canWrite={canWrite} onCancel={setCancelling} onCancelRegistration={setCancellingRegistration} />
        </Tabs.Panel>
      </Tabs>
      {cancelling ? <StaffCancelModal booking={cancelling} onClose={() => setCancelling(null)} /> : null}
      {cancellingRegistration ? <StaffCancelRegistrationModal registrationId={cancellingRegistration} onClose={() => setCancellingRegistration(null)} /> : null}
    </Paper>
  );
}

const penaltyColor: Record<PenaltyDto['status'], string> = { pending: 'yellow', charged: 'blue', owed: 'orange', waived: 'gray' };

/** Profile › Penalties: late-cancel and no-show fees with their status; staff with booking:waive waive them (a charged one is refunded). */
export function StaffCustomerPenaltiesSection({ customerId, timeZone }: { customerId: string; timeZone: string | undefined }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const canRead = useCan('booking:read');
  const canWaive = useCan('booking:waive');
  const [waiving, setWaiving] = useState<PenaltyDto | null>(null);
  const [busy, setBusy] = useState(false);
  const list = useQuery({ queryKey: penaltiesKey(customerId), queryFn: () => staffBookingApi.penalties(customerId), select: (d) => d.items, enabled: canRead });
  if (!canRead) return null;
  // Nothing to show and nothing to do: the section stays out of the way.
  if (list.data && list.data.length === 0) return null;

  const waive = async (p: PenaltyDto) => {
    setBusy(true);
    try {
      await staffBookingApi.waivePenalty(p.id);
      await queryClient.invalidateQueries({ queryKey: penaltiesKey(customerId) });
      notifySuccess(t('bookingStaff.customer.waived'));
      setWaiving(null);
    } catch (error) {
      notifyError(error, t);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Paper withBorder p={{ base: 'sm', sm: 'lg' }} radius="md" component="section" aria-labelledby="penalties-heading">
      <Title order={2} fz="lg" mb="sm" id="penalties-heading">
        {t('bookingStaff.customer.penaltiesTitle')}
      </Title>
      {!list.data ? (
        <QueryState isPending={list.isPending} error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <Stack gap={0} role="list" aria-label={t('bookingStaff.customer.penaltiesTitle')}>
          {list.data.map((p) => (
            <Group key={p.id} role="listitem" justify="space-between" wrap="nowrap" gap="xs" py={8} style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}>
              <div style={{ minWidth: 0 }}>
                <Text size="sm" fw={600} className="enso-break">
                  {t(`bookingStaff.penalties.offences.${p.offence}`)} · {formatMoney(p.amountMinor, p.currency)}
                </Text>
                <Text size="xs" c="dimmed" className="enso-break">
                  {p.className} · {formatInZone(p.classStartsAt, timeZone, { dateStyle: 'medium', timeStyle: 'short' })}
                  {p.failureMessage ? ` · ${p.failureMessage}` : ''}
                </Text>
              </div>
              <Group gap={6} wrap="nowrap" style={{ flexShrink: 0 }}>
                <Badge variant="dot" color={penaltyColor[p.status]}>
                  {t(`bookingStaff.customer.penaltyStatus.${p.status}`)}
                </Badge>
                {canWaive && p.status !== 'waived' ? (
                  <Button size="compact-sm" variant="subtle" onClick={() => setWaiving(p)}>
                    {t('bookingStaff.customer.waive')}
                  </Button>
                ) : null}
              </Group>
            </Group>
          ))}
        </Stack>
      )}
      <ConfirmModal
        opened={!!waiving}
        title={t('bookingStaff.customer.waiveTitle')}
        message={waiving ? t(waiving.status === 'charged' ? 'bookingStaff.customer.waiveCharged' : 'bookingStaff.customer.waiveBody', { amount: formatMoney(waiving.amountMinor, waiving.currency) }) : ''}
        confirmLabel={t('bookingStaff.customer.waive')}
        loading={busy}
        onConfirm={() => waiving && void waive(waiving)}
        onClose={() => setWaiving(null)}
      />
    </Paper>
  );
}

/** Profile › Self check-in key: the code the customer types at the kiosk; staff may issue a new one (the old stops working). */
export function StaffCheckInKeySection({ customerId }: { customerId: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  // The key is part of the customer's record: reading it (made on first read) and issuing a new one follow the customers permissions.
  const canRead = useCan('customers:read');
  const canWrite = useCan('customers:write');
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const key = useQuery({
    queryKey: checkInKeyKey(customerId),
    queryFn: async () => {
      try {
        return await staffBookingApi.checkInKey(customerId);
      } catch (error) {
        // No key yet: one is issued on demand.
        if (isApiError(error, 404)) return null;
        throw error;
      }
    },
    enabled: canRead,
  });
  if (!canRead) return null;

  const regenerate = async () => {
    setBusy(true);
    try {
      const made = await staffBookingApi.regenerateCheckInKey(customerId);
      queryClient.setQueryData(checkInKeyKey(customerId), made);
      notifySuccess(t('bookingStaff.customer.keyIssued'));
      setConfirming(false);
    } catch (error) {
      notifyError(error, t);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Paper withBorder p={{ base: 'sm', sm: 'lg' }} radius="md" component="section" aria-labelledby="check-in-key-heading">
      <Title order={2} fz="lg" mb="xs" id="check-in-key-heading">
        {t('bookingStaff.customer.keyTitle')}
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        {t('bookingStaff.customer.keyHelp')}
      </Text>
      {key.isPending || key.error ? (
        <QueryState isPending={key.isPending} error={key.error} onRetry={() => void key.refetch()} />
      ) : (
        <Group justify="space-between" gap="sm">
          {key.data ? (
            <Code fz="xl" fw={700} style={{ letterSpacing: '0.2em' }} data-testid="check-in-key">
              {key.data.key}
            </Code>
          ) : (
            <Text size="sm">{t('bookingStaff.customer.noKey')}</Text>
          )}
          {canWrite ? (
            <Button size="xs" variant="light" onClick={() => (key.data ? setConfirming(true) : void regenerate())} loading={busy && !confirming}>
              {t(key.data ? 'bookingStaff.customer.regenerate' : 'bookingStaff.customer.issueKey')}
            </Button>
          ) : null}
        </Group>
      )}
      <ConfirmModal
        opened={confirming}
        title={t('bookingStaff.customer.regenerateTitle')}
        message={t('bookingStaff.customer.regenerateBody')}
        confirmLabel={t('bookingStaff.customer.regenerate')}
        loading={busy}
        onConfirm={() => void regenerate()}
        onClose={() => setConfirming(false)}
      />
    </Paper>
  );
}
