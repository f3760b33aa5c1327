import { Alert, Button, Group, Modal, Radio, Select, Stack, Switch, Text } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCan } from '../../../routes/staff/session.tsx';
import { notifyError, notifySuccess } from '../../../lib/errors.ts';
import { formatMoney } from '../../../lib/format.ts';
import { CustomerPicker, type PickedCustomer as Picked } from '../../pos/CustomerPicker.tsx';
import { occurrencesKey, type OccurrenceDetailDto } from '../../schedule/api.ts';
import { customerCardsApi, customerCardsKey } from '../../wallet/api.ts';
import { StaffWhoPicker, useStaffAttendees } from './StaffWhoPicker.tsx';
import { newIdempotencyKey, staffBookingApi, staffBookingOptionsKey, type BookingPayment, type StaffBookingOptionsDto } from './api.ts';

type Method = BookingPayment['method'];
type Translate = ReturnType<typeof useTranslation>['t'];

/** "Yoga 5 (another class type, location or date), Single class (no credits left)". */
function notUsableList(items: StaffBookingOptionsDto['notUsable'], t: Translate): string {
  return items.map((m) => `${m.planName} (${t(`bookingStaff.book.notUsable.${m.reason}`)})`).join(', ');
}

interface Props {
  occurrence: OccurrenceDetailDto;
  currency: string;
  onClose: () => void;
}

/**
 * Staff book a customer into this class: find them, choose how they pay (one of their memberships,
 * cash or terminal at the desk, their saved card, or complimentary) and whether to check them in at
 * once (walk-ins, a class already over). A full class puts them on the waitlist.
 */
export function StaffBookModal({ occurrence, currency, onClose }: Props) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const canCards = useCan('commerce:read');
  const [customer, setCustomer] = useState<Picked | null>(null);
  const [method, setMethod] = useState<Method>('membership');
  const [membershipId, setMembershipId] = useState<string | null>(null);
  const [cardId, setCardId] = useState<string | null>(null);
  // Who attends: the customer themselves (null) or one of their children, where the class takes children.
  const [attendeeId, setAttendeeId] = useState<string | null>(null);
  const [autoCheckIn, setAutoCheckIn] = useState(new Date(occurrence.startsAt).getTime() <= Date.now());
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  // One key per attempt: a double click or a retry after a network error never books twice.
  const key = useRef(newIdempotencyKey());

  // What can pay for THIS class (type, location, date, credits), as the server decides when booking.
  const options = useQuery({
    queryKey: staffBookingOptionsKey(occurrence.id, customer?.id ?? ''),
    queryFn: () => staffBookingApi.bookingOptions(occurrence.id, customer!.id),
    enabled: !!customer,
  });
  const { kids, inClass } = useStaffAttendees(occurrence.id, customer?.id ?? null, occurrence.series.allowChildren);
  const attendee = kids.find((k) => k.id === attendeeId) ?? null;
  const usable = options.data?.memberships ?? [];
  const notUsable = options.data?.notUsable ?? [];
  const cards = useQuery({
    queryKey: customerCardsKey(customer?.id ?? ''),
    queryFn: () => customerCardsApi(customer!.id).list(),
    enabled: !!customer && canCards,
  });
  const savedCards = (cards.data?.items ?? []).filter((c) => !c.expired);
  const price = occurrence.series.priceMinor;
  const methods: Method[] = ['membership', 'cash', 'terminal', 'card', 'complimentary'];

  const pick = (c: Picked | null) => {
    setCustomer(c);
    setMembershipId(null);
    setCardId(null);
    setAttendeeId(null);
    setNotice(null);
    key.current = newIdempotencyKey();
  };

  const chosenMembership = method === 'membership' ? (membershipId ?? usable[0]?.membershipId ?? null) : null;
  const chosenCard = method === 'card' ? (cardId ?? savedCards.find((c) => c.isDefault)?.id ?? savedCards[0]?.id ?? null) : null;
  const ready = !!customer && !inClass.has(attendee?.id ?? customer.id) && (method !== 'membership' || !!chosenMembership) && (method !== 'card' || !!chosenCard);

  const submit = async () => {
    if (!customer || !ready) return;
    setBusy(true);
    setNotice(null);
    try {
      const payment: BookingPayment = { method, ...(chosenMembership ? { membershipId: chosenMembership } : {}), ...(chosenCard ? { savedCardId: chosenCard } : {}) };
      const result = await staffBookingApi.book(
        { occurrenceId: occurrence.id, customerId: customer.id, ...(attendee ? { forCustomerId: attendee.id } : {}), payment, autoCheckIn, joinWaitlistIfFull: true },
        key.current,
      );
      await queryClient.invalidateQueries({ queryKey: ['booking'] });
      await queryClient.invalidateQueries({ queryKey: occurrencesKey });
      const b = result.booking;
      const name = attendee?.name ?? customer.name;
      if (b.status === 'waitlisted') {
        notifySuccess(t('bookingStaff.book.waitlisted', { name, position: b.waitlistPosition ?? '' }));
        onClose();
      } else if (b.status === 'booked') {
        notifySuccess(t(b.checkedInAt ? 'bookingStaff.book.bookedCheckedIn' : 'bookingStaff.book.booked', { name }));
        onClose();
      } else {
        // The saved card needs the customer (3-D Secure) or was declined: the spot is held for a while.
        key.current = newIdempotencyKey();
        setNotice(t('bookingStaff.book.paymentPending'));
      }
    } catch (error) {
      key.current = newIdempotencyKey();
      notifyError(error, t);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened onClose={onClose} title={t('bookingStaff.book.title', { name: occurrence.name })} size="lg">
      <Stack gap="md">
        <CustomerPicker value={customer} onChange={pick} label={t('bookingStaff.book.customer')} hint={null} testId="book-customer" />

        {customer && kids.length === 0 && inClass.has(customer.id) ? (
          <Text size="sm" c="dimmed" role="status" data-testid="book-already-in">
            {t('bookingStaff.book.alreadyIn', { name: customer.name })}
          </Text>
        ) : null}
        {customer && kids.length > 0 ? (
          <StaffWhoPicker
            customer={customer}
            kids={kids}
            inClass={inClass}
            value={attendee?.id ?? null}
            onChange={(id) => {
              setAttendeeId(id);
              setNotice(null);
              key.current = newIdempotencyKey();
            }}
          />
        ) : null}

        <Radio.Group label={t('bookingStaff.book.payment')} value={method} onChange={(v) => setMethod(v as Method)}>
          <Stack gap={6} mt={6}>
            {methods.map((m) => (
              <Radio
                key={m}
                value={m}
                label={t(`bookingStaff.payment.methods.${m}`)}
                description={
                  m === 'cash' || m === 'terminal' ? (price !== null ? formatMoney(price, currency) : undefined) : m === 'complimentary' ? t('bookingStaff.book.complimentaryHelp') : undefined
                }
                disabled={(m === 'card' && !canCards) || (!!customer && m === 'membership' && options.isSuccess && usable.length === 0)}
              />
            ))}
          </Stack>
        </Radio.Group>

        {customer && method === 'membership' ? (
          usable.length > 0 ? (
            <Select
              label={t('bookingStaff.book.membership')}
              description={notUsable.length > 0 ? t('bookingStaff.book.notOffered', { list: notUsableList(notUsable, t) }) : undefined}
              data={usable.map((m) => ({
                value: m.membershipId,
                label: m.creditsRemaining === null ? `${m.planName} · ${t('bookingStaff.book.unlimited')}` : `${m.planName} · ${t('bookingStaff.book.creditsLeft', { count: m.creditsRemaining })}`,
              }))}
              value={chosenMembership}
              onChange={setMembershipId}
              allowDeselect={false}
              comboboxProps={{ withinPortal: true }}
            />
          ) : options.isSuccess ? (
            <Text size="sm" c="dimmed" role="status" data-testid="book-no-membership">
              {notUsable.length > 0 ? t('bookingStaff.book.noneForThisClass', { list: notUsableList(notUsable, t) }) : t('bookingStaff.book.noMembership')}
            </Text>
          ) : options.isError ? (
            <Text size="sm" c="red.8" role="alert">
              {t('bookingStaff.book.optionsFailed')}
            </Text>
          ) : null
        ) : null}

        {customer && method === 'card' ? (
          savedCards.length > 0 ? (
            <Select
              label={t('bookingStaff.book.card')}
              data={savedCards.map((c) => ({ value: c.id, label: `${c.brand.toUpperCase()} •••• ${c.last4}${c.isDefault ? ` · ${t('bookingStaff.book.defaultCard')}` : ''}` }))}
              value={chosenCard}
              onChange={setCardId}
              allowDeselect={false}
              comboboxProps={{ withinPortal: true }}
            />
          ) : cards.isSuccess ? (
            <Text size="sm" c="dimmed" role="status">
              {t('bookingStaff.book.noCard')}
            </Text>
          ) : null
        ) : null}

        <Switch
          label={t('bookingStaff.book.autoCheckIn')}
          description={t('bookingStaff.book.autoCheckInHelp')}
          checked={autoCheckIn}
          onChange={(e) => setAutoCheckIn(e.currentTarget.checked)}
        />
        {occurrence.bookedCount >= occurrence.capacity ? (
          <Alert color="brand" role="status">
            {t('bookingStaff.book.fullNote')}
          </Alert>
        ) : null}
        {notice ? (
          <Alert color="yellow" role="status">
            {notice}
          </Alert>
        ) : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button loading={busy} disabled={!ready} onClick={() => void submit()}>
            {t('bookingStaff.book.submit')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
