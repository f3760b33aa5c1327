import { Alert, Anchor, Badge, Button, Checkbox, Divider, Group, Paper, Radio, ScrollArea, Stack, Text, TextInput, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { QueryState } from '../../../app/ui/QueryState.tsx';
import { currentLocale } from '../../../i18n/index.ts';
import { ApiError, newIdempotencyKey } from '../../../lib/api.ts';
import { formatInZone, formatMoney } from '../../../lib/format.ts';
import { checkoutApi, ownCreditKey, ownMembershipsKey, ownOrdersKey } from '../../checkout/api.ts';
import { FieldInput } from '../../crm/FieldInput.tsx';
import type { FieldValueDto } from '../../crm/api.ts';
import { ownCardsApi, ownCardsKey } from '../../wallet/api.ts';
import { CardField, type MountedCard } from '../../wallet/CardField.tsx';
import { stripeErrorMessage } from '../../wallet/errors.ts';
import { brandName } from '../../wallet/format.ts';
import { stripeFor } from '../../wallet/stripe-js.ts';
import {
  bookingOptionsKey,
  ownBookingsApi,
  ownBookingsKey,
  type BookingDto,
  type BookingOptionsAttendee,
  type BookingOptionsDto,
  type BookingPayment,
  type BookingResultDto,
  type OwnBookingInput,
} from './api.ts';
import { bookingErrorMessage } from './errors.ts';
import { policySentence } from './format.ts';
import { SpotPicker } from './SpotPicker.tsx';
import { WhoPicker } from './WhoPicker.tsx';

type PayWith = `membership:${string}` | `saved:${string}` | 'new_card' | 'prepaid_credit' | 'free';

interface ClassSummary {
  name: string;
  startsAt: string;
  timeZone: string;
}

/** One booking attempt: its key goes with every retry of the same request, a changed request gets a new one. */
interface Attempt {
  key: string;
  body: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The ways this person can pay for this class, best first (a membership credit, then cards, then prepaid credit). */
function payChoices(options: BookingOptionsDto, attendee: BookingOptionsAttendee, cardsWork: boolean, waitlist: boolean) {
  const choices: { value: PayWith; label: string; description?: string; disabled?: boolean }[] = [];
  for (const m of attendee.memberships) choices.push({ value: `membership:${m.membershipId}`, label: m.planName });
  if (options.priceMinor === 0) {
    choices.push({ value: 'free', label: '' });
    return choices;
  }
  if (attendee.isChild && attendee.memberships.length > 0) return choices;
  for (const c of options.savedCards) choices.push({ value: `saved:${c.id}`, label: `${brandName(c.brand)} ${c.last4}` });
  if (cardsWork && !waitlist) choices.push({ value: 'new_card', label: '' });
  // Prepaid credit shows when the customer has some (greyed out when it does not cover the price).
  if (options.prepaidCreditMinor > 0) choices.push({ value: 'prepaid_credit', label: '', disabled: !waitlist && options.prepaidCreditMinor < options.priceMinor });
  return choices;
}

function paymentOf(choice: PayWith): BookingPayment {
  if (choice.startsWith('membership:')) return { method: 'membership', membershipId: choice.slice('membership:'.length) };
  if (choice.startsWith('saved:')) return { method: 'card', savedCardId: choice.slice('saved:'.length) };
  if (choice === 'new_card') return { method: 'card' };
  if (choice === 'prepaid_credit') return { method: 'prepaid_credit' };
  return { method: 'free' };
}

/**
 * Booking a class on its public page, for a signed-in customer: who attends (themselves or a
 * child), how to pay (a membership or intro offer credit, a saved or new card through Stripe.js,
 * prepaid credit, or free), a discount code, a spot on the room map, the waivers to accept, the
 * studio's questions and the cancellation policy; then the booking, or a place on the waitlist
 * when the class is full. A waitlist offer is claimed or declined here too.
 */
export function BookingFlow({ slug, occurrenceId, classKey, klass }: { slug: string; occurrenceId: string; classKey: string | null; klass: ClassSummary }) {
  const { t } = useTranslation();
  const options = useQuery({ queryKey: bookingOptionsKey(slug, occurrenceId, classKey), queryFn: () => ownBookingsApi.options(slug, occurrenceId, classKey), retry: false });
  const cards = useQuery({ queryKey: ownCardsKey(slug), queryFn: () => ownCardsApi(slug).list() });
  if (!options.data || !cards.data) {
    const failed = options.error ?? cards.error;
    return failed ? (
      <Alert color="red" role="alert" title={t('bookingCustomer.notBooked')}>
        {bookingErrorMessage(failed, t)}
      </Alert>
    ) : (
      <QueryState isPending error={null} />
    );
  }
  return <BookingForm slug={slug} occurrenceId={occurrenceId} classKey={classKey} klass={klass} options={options.data} cardsWork={cards.data.canAddCards} stripe={cards.data} />;
}

function BookingForm({
  slug,
  occurrenceId,
  classKey,
  klass,
  options,
  cardsWork,
  stripe,
}: {
  slug: string;
  occurrenceId: string;
  classKey: string | null;
  klass: ClassSummary;
  options: BookingOptionsDto;
  cardsWork: boolean;
  stripe: { publishableKey: string | null; stripeJsUrl: string | null };
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const ids = { spots: useId(), who: useId() };
  const [attendeeId, setAttendeeId] = useState(options.attendees[0]?.customerId ?? '');
  const attendee = options.attendees.find((a) => a.customerId === attendeeId) ?? options.attendees[0];
  const full = options.bookability === 'full' || options.spotsLeft <= 0;
  const waitlist = full && options.waitlistEnabled;
  const offered = attendee?.existing?.status === 'offered' ? attendee.existing : null;
  const [payWith, setPayWith] = useState<PayWith | null>(null);
  const [discountCode, setDiscountCode] = useState('');
  const [spot, setSpot] = useState<string | null>(null);
  const [accepted, setAccepted] = useState<Set<string>>(new Set());
  const [answers, setAnswers] = useState<Record<string, FieldValueDto>>({});
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [pending, setPending] = useState<BookingResultDto | null>(null);
  const [done, setDone] = useState<BookingDto | null>(null);
  const attempt = useRef<Attempt | null>(null);
  const mounted = useRef<MountedCard | null>(null);

  const choices = useMemo(() => (attendee ? payChoices(options, attendee, cardsWork, waitlist && !offered) : []), [options, attendee, cardsWork, waitlist, offered]);
  const defaultCard = options.savedCards.find((c) => c.isDefault) ?? options.savedCards[0];
  const preferred: PayWith | null =
    choices.find((c) => c.value.startsWith('membership:') || c.value === 'free')?.value ??
    (defaultCard && choices.some((c) => c.value === `saved:${defaultCard.id}`) ? `saved:${defaultCard.id}` : null) ??
    choices.find((c) => !c.disabled)?.value ??
    null;
  const choice = payWith && choices.some((c) => c.value === payWith && !c.disabled) ? payWith : preferred;
  const paysMoney = choice !== null && !choice.startsWith('membership:') && choice !== 'free';
  const pickSpot = options.spotSelection && options.spotMap !== null && !full && !offered;
  const money = (minor: number) => formatMoney(minor, options.currency);

  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: bookingOptionsKey(slug, occurrenceId, classKey) }),
      queryClient.invalidateQueries({ queryKey: ownBookingsKey(slug) }),
      queryClient.invalidateQueries({ queryKey: ownMembershipsKey(slug) }),
      queryClient.invalidateQueries({ queryKey: ownOrdersKey(slug) }),
      queryClient.invalidateQueries({ queryKey: ownCreditKey(slug) }),
      queryClient.invalidateQueries({ queryKey: ['public-class', slug, occurrenceId] }),
    ]);

  if (!attendee) return null;

  if (done) return <Confirmation slug={slug} booking={done} klass={klass} />;

  const existing = attendee.existing;
  if (existing && !offered && (existing.status === 'booked' || existing.status === 'pending' || existing.status === 'waitlisted')) {
    return (
      <Stack gap="sm">
        {options.attendees.length > 1 ? <WhoPicker attendees={options.attendees} value={attendee.customerId} onChange={setAttendeeId} labelId={ids.who} /> : null}
        <Alert color={existing.status === 'waitlisted' ? 'blue' : 'teal'} role="status" data-testid="booking-existing" title={t(`bookingCustomer.existing.${existing.status}`, { name: attendee.name })}>
          {existing.status === 'waitlisted' && existing.waitlistPosition !== null ? t('bookingCustomer.waitlistPosition', { position: existing.waitlistPosition }) : null}{' '}
          <Anchor component={Link} to={`/s/${slug}/account#my-bookings`} c="dark" underline="always">
            {t('bookingCustomer.seeMyBookings')}
          </Anchor>
        </Alert>
      </Stack>
    );
  }

  if (full && !options.waitlistEnabled && !offered) {
    return (
      <Alert color="gray" role="status">
        {t('bookingCustomer.errors.class_full')}
      </Alert>
    );
  }

  const validate = (): boolean => {
    const problems: Record<string, string> = {};
    if (!choice) problems.payWith = t('bookingCustomer.choosePayment');
    if (pickSpot && !spot) problems.spot = t('bookingCustomer.spot.required');
    for (const w of attendee.pendingWaivers) if (!accepted.has(w.versionId)) problems[`waiver:${w.versionId}`] = t('bookingCustomer.waiverRequired');
    for (const q of options.questions) {
      const v = answers[q.fieldId];
      if (q.required && (v === undefined || v === null || v === '' || v === false || (Array.isArray(v) && v.length === 0))) problems[`q:${q.fieldId}`] = t('validation.required');
    }
    setFieldErrors(problems);
    return Object.keys(problems).length === 0;
  };

  /** Confirms the card in the browser: a new card entered here, or 3-D Secure on a saved one. */
  const confirmCard = async (secret: string): Promise<boolean> => {
    const key = options.stripePublishableKey ?? stripe.publishableKey;
    if (!key || !stripe.stripeJsUrl || (choice === 'new_card' && !mounted.current)) {
      setError(t('checkout.cardNotReady'));
      return false;
    }
    const confirmed =
      choice === 'new_card' && mounted.current
        ? await mounted.current.stripe.confirmCardPayment(secret, { payment_method: { card: mounted.current.card } })
        : await (await stripeFor(stripe.stripeJsUrl, key, currentLocale())).confirmCardPayment(secret);
    if (confirmed.error) {
      setError(stripeErrorMessage(confirmed.error, t));
      return false;
    }
    return true;
  };

  /** The class is booked once the order is paid (the card confirmation may reach the server by webhook first). */
  const settle = async (result: BookingResultDto): Promise<BookingDto | null> => {
    const orderId = result.payment?.orderId;
    if (!orderId) return result.booking;
    let paid = result.payment?.status === 'paid';
    for (let i = 0; i < 20 && !paid; i++) {
      try {
        const confirmed = await checkoutApi.confirm(slug, orderId);
        paid = confirmed.order.status === 'paid';
        if (confirmed.payment.status === 'failed') break;
      } catch {
        paid = (await checkoutApi.order(slug, orderId)).status === 'paid';
      }
      if (!paid) await sleep(500);
    }
    if (!paid) {
      setError(t('bookingCustomer.notPaid'));
      return null;
    }
    try {
      return await ownBookingsApi.get(slug, result.booking.id);
    } catch {
      return { ...result.booking, status: 'booked' };
    }
  };

  const submit = async () => {
    setError(null);
    if (!validate() || !choice) return;
    const body: OwnBookingInput = {
      occurrenceId,
      payment: paymentOf(choice),
      ...(attendee.isChild ? { forCustomerId: attendee.customerId } : {}),
      ...(pickSpot && spot ? { spotLabel: spot } : {}),
      ...(paysMoney && discountCode.trim() ? { discountCode: discountCode.trim() } : {}),
      acceptedWaiverVersionIds: attendee.pendingWaivers.filter((w) => accepted.has(w.versionId)).map((w) => w.versionId),
      answers: Object.fromEntries(Object.entries(answers).filter(([, v]) => v !== null)),
      joinWaitlistIfFull: true,
    };
    const serialized = JSON.stringify({ offered: offered?.bookingId ?? null, body });
    if (!attempt.current || attempt.current.body !== serialized) attempt.current = { key: newIdempotencyKey(), body: serialized };
    setBusy(true);
    try {
      const result =
        pending && attempt.current.body === serialized
          ? pending
          : offered
            ? await ownBookingsApi.claim(slug, offered.bookingId, { payment: body.payment }, attempt.current.key)
            : await ownBookingsApi.book(slug, body, attempt.current.key);
      if (result.payment?.status === 'failed') {
        attempt.current = null;
        setError(t('checkout.declined'));
        await refresh();
        return;
      }
      if (result.payment?.status === 'requires_action' && result.payment.clientSecret) {
        setPending(result);
        if (!(await confirmCard(result.payment.clientSecret))) return;
      }
      const booking = await settle(result);
      if (!booking) return;
      attempt.current = null;
      setPending(null);
      setDone(booking);
      await refresh();
    } catch (err) {
      setError(bookingErrorMessage(err, t));
      if (err instanceof ApiError) {
        if (err.code === 'spot_taken') setSpot(null);
        if (['spot_taken', 'waiver_required', 'answers_required', 'already_booked', 'class_full', 'offer_expired', 'no_eligible_membership'].includes(err.code)) {
          attempt.current = null;
          await refresh();
        }
      }
    } finally {
      setBusy(false);
    }
  };

  const decline = async () => {
    if (!offered) return;
    setBusy(true);
    setError(null);
    try {
      await ownBookingsApi.decline(slug, offered.bookingId);
      await refresh();
    } catch (err) {
      setError(bookingErrorMessage(err, t));
    } finally {
      setBusy(false);
    }
  };

  const choiceLabel = (c: (typeof choices)[number]): { label: string; description?: string } => {
    if (c.value.startsWith('membership:')) {
      const m = attendee.memberships.find((x) => `membership:${x.membershipId}` === c.value)!;
      return {
        label: m.kind === 'intro_offer' ? t('bookingCustomer.pay.introOffer', { plan: m.planName }) : t('bookingCustomer.pay.membership', { plan: m.planName }),
        description: m.creditsRemaining === null ? t('bookingCustomer.pay.unlimited') : t('bookingCustomer.pay.creditsLeft', { count: m.creditsRemaining }),
      };
    }
    if (c.value.startsWith('saved:')) {
      const card = options.savedCards.find((x) => `saved:${x.id}` === c.value)!;
      return { label: t('wallet.cardLine', { brand: brandName(card.brand), last4: card.last4 }) };
    }
    if (c.value === 'new_card') return { label: t('checkout.newCard') };
    if (c.value === 'prepaid_credit') return { label: t('checkout.prepaidCredit'), description: t('bookingCustomer.pay.creditAvailable', { amount: money(options.prepaidCreditMinor) }) };
    return { label: t('bookingCustomer.pay.free') };
  };

  const action = offered ? t('bookingCustomer.claim') : waitlist ? t('bookingCustomer.joinWaitlist') : paysMoney ? t('bookingCustomer.bookFor', { amount: money(options.priceMinor) }) : t('bookingCustomer.confirmBooking');

  return (
    <Stack gap="md" data-testid="booking-flow">
      {offered ? (
        <Alert color="grape" role="status" title={t('bookingCustomer.offer.title')} data-testid="booking-offer">
          {offered.offerExpiresAt ? t('bookingCustomer.offer.until', { date: formatInZone(offered.offerExpiresAt, klass.timeZone, { dateStyle: 'medium', timeStyle: 'short' }) }) : t('bookingCustomer.offer.firstCome')}
        </Alert>
      ) : waitlist ? (
        <Alert color="blue" role="status" data-testid="booking-full">
          {t('bookingCustomer.fullWaitlist', { count: options.waitlistLength })}
        </Alert>
      ) : null}

      {options.attendees.length > 1 ? <WhoPicker attendees={options.attendees} value={attendee.customerId} onChange={(v) => { setAttendeeId(v); setAccepted(new Set()); setPayWith(null); }} labelId={ids.who} /> : null}

      {choices.length === 0 ? (
        <Alert color="orange" role="alert">
          {t('bookingCustomer.errors.no_eligible_membership')}
        </Alert>
      ) : (
        <Radio.Group
          label={waitlist && !offered ? t('bookingCustomer.payLater') : t('bookingCustomer.payWith')}
          value={choice ?? ''}
          onChange={(v) => {
            setPayWith(v as PayWith);
            setFieldErrors(({ payWith: _done, ...rest }) => rest);
          }}
          error={fieldErrors.payWith}
        >
          <Stack gap="xs" mt="xs">
            {choices.map((c) => {
              const { label, description } = choiceLabel(c);
              return <Radio key={c.value} value={c.value} label={label} description={description} disabled={c.disabled} />;
            })}
          </Stack>
        </Radio.Group>
      )}
      {!cardsWork && options.priceMinor > 0 && !attendee.memberships.length ? (
        <Text size="sm" c="dimmed">
          {t('checkout.noCardPayments')}
        </Text>
      ) : null}
      {choice === 'new_card' && stripe.stripeJsUrl && (options.stripePublishableKey ?? stripe.publishableKey) ? (
        <CardField stripeJsUrl={stripe.stripeJsUrl} publishableKey={(options.stripePublishableKey ?? stripe.publishableKey)!} label={t('wallet.cardDetails')} onReady={(m) => (mounted.current = m)} />
      ) : null}
      {paysMoney && !offered ? (
        <TextInput label={t('checkout.discountCode')} value={discountCode} onChange={(e) => setDiscountCode(e.currentTarget.value)} autoComplete="off" maxLength={64} />
      ) : null}

      {pickSpot && options.spotMap ? (
        <Stack gap={6}>
          <Text fw={500} size="sm" id={ids.spots}>
            {t('bookingCustomer.spot.choose')}
          </Text>
          <SpotPicker
            map={options.spotMap}
            taken={options.spotsTaken}
            value={spot}
            onChange={(label) => {
              setSpot(label);
              setFieldErrors(({ spot: _done, ...rest }) => rest);
            }}
            labelledBy={ids.spots}
          />
          <Text size="sm" data-testid="chosen-spot" c={fieldErrors.spot ? 'red.8' : undefined} role={fieldErrors.spot ? 'alert' : undefined}>
            {fieldErrors.spot ?? (spot ? t('bookingCustomer.spot.chosen', { label: spot }) : t('bookingCustomer.spot.none'))}
          </Text>
        </Stack>
      ) : null}

      {attendee.pendingWaivers.map((w) => (
        <Paper key={w.versionId} withBorder radius="md" p="md" component="section" aria-labelledby={`waiver-${w.versionId}`}>
          <Title order={3} fz="md" id={`waiver-${w.versionId}`} mb="xs">
            {w.title}
          </Title>
          <ScrollArea.Autosize mah={160} type="auto" mb="sm">
            <Text size="sm" style={{ whiteSpace: 'pre-line' }}>
              {w.body}
            </Text>
          </ScrollArea.Autosize>
          <Checkbox
            label={attendee.isChild ? t('bookingCustomer.waiverAgreeFor', { name: attendee.name }) : t('checkout.waiverAgree')}
            checked={accepted.has(w.versionId)}
            error={fieldErrors[`waiver:${w.versionId}`]}
            onChange={(e) => {
              const checked = e.currentTarget.checked;
              setAccepted((prev) => {
                const next = new Set(prev);
                if (checked) next.add(w.versionId);
                else next.delete(w.versionId);
                return next;
              });
              if (checked) setFieldErrors(({ [`waiver:${w.versionId}`]: _done, ...rest }) => rest);
            }}
          />
        </Paper>
      ))}

      {options.questions.length > 0 && !offered ? (
        <Stack gap="xs" component="section" aria-label={t('bookingCustomer.questions')}>
          <Text fw={500} size="sm">
            {t('bookingCustomer.questions')}
          </Text>
          {options.questions.map((q) => (
            <FieldInput
              key={q.fieldId}
              field={{ ...q, kind: q.kind as 'text' }}
              value={answers[q.fieldId] ?? null}
              error={fieldErrors[`q:${q.fieldId}`]}
              onChange={(v) => {
                setAnswers((prev) => ({ ...prev, [q.fieldId]: v }));
                setFieldErrors(({ [`q:${q.fieldId}`]: _done, ...rest }) => rest);
              }}
            />
          ))}
        </Stack>
      ) : null}

      <Text size="sm" c="dimmed" data-testid="cancellation-policy">
        {policySentence(options.policy, t, currentLocale())}
      </Text>

      {error ? (
        <Alert color="red" role="alert" title={t('bookingCustomer.notBooked')} data-testid="booking-error">
          {error}
        </Alert>
      ) : null}
      <Divider />
      <Group justify="flex-end" gap="sm">
        {offered ? (
          <Button size="md" variant="default" onClick={() => void decline()} disabled={busy}>
            {t('bookingCustomer.decline')}
          </Button>
        ) : null}
        <Button size="md" onClick={() => void submit()} loading={busy} disabled={choices.length === 0} data-testid="confirm-booking">
          {pending ? t('checkout.payNow') : action}
        </Button>
      </Group>
    </Stack>
  );
}

function Confirmation({ slug, booking, klass }: { slug: string; booking: BookingDto; klass: ClassSummary }) {
  const { t } = useTranslation();
  const waitlisted = booking.status === 'waitlisted';
  const when = formatInZone(klass.startsAt, klass.timeZone, { dateStyle: 'full', timeStyle: 'short' });
  return (
    <Alert color={waitlisted ? 'blue' : 'teal'} role="status" data-testid="booking-confirmation">
      <Stack gap={6}>
        <Title order={3} fz="lg">
          {waitlisted ? t('bookingCustomer.done.waitlisted') : t('bookingCustomer.done.booked')}
        </Title>
        <Text>{t('bookingCustomer.done.what', { name: klass.name, when })}</Text>
        {booking.customerId !== booking.payerId ? <Text size="sm">{t('bookingCustomer.done.for', { name: booking.customerName })}</Text> : null}
        {waitlisted && booking.waitlistPosition !== null ? (
          <Group gap="xs">
            <Badge size="lg" color="blue" variant="filled" data-testid="waitlist-position">
              {t('bookingCustomer.waitlistPosition', { position: booking.waitlistPosition })}
            </Badge>
          </Group>
        ) : null}
        {waitlisted ? <Text size="sm">{t('bookingCustomer.done.waitlistHelp')}</Text> : null}
        {booking.spotLabel ? <Text size="sm">{t('bookingCustomer.done.spot', { label: booking.spotLabel })}</Text> : null}
        <Anchor component={Link} to={`/s/${slug}/account#my-bookings`} fw={600} c="dark" underline="always">
          {t('bookingCustomer.seeMyBookings')}
        </Anchor>
      </Stack>
    </Alert>
  );
}
