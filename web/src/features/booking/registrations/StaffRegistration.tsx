import { Alert, Button, Group, Modal, Radio, Select, Stack, Text } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmModal } from '../../../app/ui/ConfirmModal.tsx';
import { newIdempotencyKey } from '../../../lib/api.ts';
import { notifySuccess } from '../../../lib/errors.ts';
import { formatMoney } from '../../../lib/format.ts';
import { useCan } from '../../../routes/staff/session.tsx';
import { useTemplateList } from '../../class-templates/api.ts';
import { CustomerPicker, type PickedCustomer as Picked } from '../../pos/CustomerPicker.tsx';
import { occurrencesKey, type OccurrenceDetailDto } from '../../schedule/api.ts';
import { customerCardsApi, customerCardsKey } from '../../wallet/api.ts';
import { StaffWhoPicker, useStaffAttendees } from '../staff/StaffWhoPicker.tsx';
import { registrationsApi, type RegistrationInput } from './api.ts';
import { registrationErrorMessage } from './format.ts';

type Method = 'cash' | 'terminal' | 'card' | 'complimentary';
const methods: Method[] = ['cash', 'terminal', 'card', 'complimentary'];

/**
 * Staff register a customer for the semester or course this class belongs to: every class of the
 * series still to come is booked (all or none), paid as a whole by cash or terminal at the desk,
 * their saved card, or complimentary. Where the series takes children, the customer may be the payer
 * of one of their children: "Who is coming" offers the customer or a child of theirs (`forCustomerId`).
 */
export function StaffRegisterModal({ occurrence, currency, onClose }: { occurrence: OccurrenceDetailDto; currency: string; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const canCards = useCan('commerce:read');
  const [customer, setCustomer] = useState<Picked | null>(null);
  const [method, setMethod] = useState<Method>('cash');
  const [cardId, setCardId] = useState<string | null>(null);
  // Who attends: the customer themselves (null) or one of their children.
  const [attendeeId, setAttendeeId] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  // One key per attempt: a double click or a retry after a network error never registers twice.
  const key = useRef(newIdempotencyKey());

  const cards = useQuery({
    queryKey: customerCardsKey(customer?.id ?? ''),
    queryFn: () => customerCardsApi(customer!.id).list(),
    enabled: !!customer && canCards,
  });
  const { kids, inClass } = useStaffAttendees(occurrence.id, customer?.id ?? null, occurrence.series.allowChildren);
  const attendee = kids.find((k) => k.id === attendeeId) ?? null;
  const savedCards = (cards.data?.items ?? []).filter((c) => !c.expired);
  // The series' own price, else its class type's (the one the server charges for the whole).
  const templates = useTemplateList(false);
  const price = occurrence.series.priceMinor ?? templates.data?.find((tpl) => tpl.id === occurrence.templateId)?.priceMinor ?? null;
  const chosenCard = method === 'card' ? (cardId ?? savedCards.find((c) => c.isDefault)?.id ?? savedCards[0]?.id ?? null) : null;
  const ready = !!customer && (method !== 'card' || !!chosenCard);

  const pick = (c: Picked | null) => {
    setCustomer(c);
    setCardId(null);
    setAttendeeId(null);
    setNotice(null);
    setError(null);
    key.current = newIdempotencyKey();
  };

  const submit = async () => {
    if (!customer || !ready) return;
    setBusy(true);
    setNotice(null);
    setError(null);
    try {
      const body: RegistrationInput = { seriesId: occurrence.series.id, customerId: customer.id, ...(attendee ? { forCustomerId: attendee.id } : {}), payment: { method, ...(chosenCard ? { savedCardId: chosenCard } : {}) } };
      const result = await registrationsApi.register(body, key.current);
      await queryClient.invalidateQueries({ queryKey: ['booking'] });
      await queryClient.invalidateQueries({ queryKey: occurrencesKey });
      if (result.registration.status === 'active') {
        notifySuccess(t('bookingRegistration.staff.registered', { name: attendee?.name ?? customer.name, count: result.registration.bookingIds.length }));
        onClose();
      } else {
        // The saved card needs the customer (3-D Secure) or was declined: the places are held for a while.
        key.current = newIdempotencyKey();
        setNotice(t('bookingRegistration.staff.paymentPending'));
      }
    } catch (err) {
      key.current = newIdempotencyKey();
      setError(registrationErrorMessage(err, t, true));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened onClose={onClose} title={t('bookingRegistration.staff.title', { name: occurrence.name })} size="lg">
      <Stack gap="md" data-testid="staff-registration">
        <Text size="sm">{price !== null ? t('bookingRegistration.staff.help', { amount: formatMoney(price, currency) }) : t('bookingRegistration.staff.helpNoPrice')}</Text>
        <CustomerPicker value={customer} onChange={pick} label={t('bookingStaff.book.customer')} hint={null} testId="registration-customer" />
        {customer && kids.length > 0 ? (
          <StaffWhoPicker
            customer={customer}
            kids={kids}
            inClass={inClass}
            value={attendee?.id ?? null}
            onChange={(id) => {
              setAttendeeId(id);
              setNotice(null);
              setError(null);
              key.current = newIdempotencyKey();
            }}
          />
        ) : null}
        <Radio.Group label={t('bookingStaff.book.payment')} value={method} onChange={(v) => setMethod(v as Method)}>
          <Stack gap={6} mt={6}>
            {methods.map((m) => (
              <Radio key={m} value={m} label={t(`bookingStaff.payment.methods.${m}`)} description={m === 'complimentary' ? t('bookingStaff.book.complimentaryHelp') : undefined} disabled={m === 'card' && !canCards} />
            ))}
          </Stack>
        </Radio.Group>
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
        {notice ? (
          <Alert color="yellow" role="status">
            {notice}
          </Alert>
        ) : null}
        {error ? (
          <Alert color="red" role="alert" data-testid="staff-registration-error">
            {error}
          </Alert>
        ) : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button loading={busy} disabled={!ready} onClick={() => void submit()} data-testid="staff-registration-submit">
            {t('bookingRegistration.staff.submit')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/** Cancels a registration: the classes still to come are cancelled and refunded to the payer as prepaid credit. */
export function StaffCancelRegistrationModal({ registrationId, onClose }: { registrationId: string; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const registration = useQuery({ queryKey: ['booking', 'registration', registrationId], queryFn: () => registrationsApi.get(registrationId) });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const r = registration.data;
  const confirm = async () => {
    setBusy(true);
    setError(null);
    try {
      await registrationsApi.cancel(registrationId);
      await queryClient.invalidateQueries({ queryKey: ['booking'] });
      await queryClient.invalidateQueries({ queryKey: occurrencesKey });
      await queryClient.invalidateQueries({ queryKey: ['credits'] });
      notifySuccess(t('bookingRegistration.staff.cancelled'));
      onClose();
    } catch (err) {
      setError(registrationErrorMessage(err, t, true));
    } finally {
      setBusy(false);
    }
  };
  const body = t('bookingRegistration.staff.cancelBody', { amount: r ? formatMoney(r.paidMinor, r.currency ?? 'EUR') : '…' });
  return (
    <ConfirmModal
      opened
      title={t('bookingRegistration.staff.cancelTitle')}
      message={error ? `${body}\n\n${error}` : body}
      confirmLabel={t('bookingRegistration.staff.cancelConfirm')}
      danger
      loading={busy}
      onConfirm={() => void confirm()}
      onClose={onClose}
    />
  );
}
