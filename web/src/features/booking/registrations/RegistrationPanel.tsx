import { Alert, Anchor, Button, Checkbox, Divider, List, Paper, Radio, ScrollArea, Stack, Text, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useId, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { QueryState } from '../../../app/ui/QueryState.tsx';
import { currentLocale } from '../../../i18n/index.ts';
import { ApiError, newIdempotencyKey } from '../../../lib/api.ts';
import { formatInZone, formatMoney } from '../../../lib/format.ts';
import { useMe } from '../../../routes/book/context.tsx';
import { checkoutApi, ownCreditKey, ownOrdersKey } from '../../checkout/api.ts';
import { publicScheduleApi, type PublicClassDto } from '../../public-schedule/api.ts';
import { ownCardsApi, ownCardsKey } from '../../wallet/api.ts';
import { CardField, type MountedCard } from '../../wallet/CardField.tsx';
import { stripeErrorMessage } from '../../wallet/errors.ts';
import { brandName } from '../../wallet/format.ts';
import { stripeFor } from '../../wallet/stripe-js.ts';
import { bookingOptionsKey, ownBookingsApi, ownBookingsKey, type BookingDto, type BookingOptionsDto } from '../customer/api.ts';
import { WhoPicker } from '../customer/WhoPicker.tsx';
import { registrationsApi, type RegistrationInput, type RegistrationResultDto } from './api.ts';
import { classesToCome, registrationErrorMessage } from './format.ts';

type PayWith = `saved:${string}` | 'new_card' | 'prepaid_credit' | 'free';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const ownRegistrationsKey = (slug: string) => [...ownBookingsKey(slug), 'registrations'] as const;

interface Props {
  slug: string;
  seriesId: string;
  kind: 'semester' | 'course';
  name: string;
  /** The series' classes that have not ended (the public series page's list). */
  items: readonly PublicClassDto[];
  classKey: string | null;
  /** On a class page: says the class can also be booked on its own (hidden once registered). */
  singleClassNote?: boolean;
}

/**
 * "Register for the whole semester / course": one purchase books the signed-in customer — or, where
 * the series takes children, one of their children — into every class of the series still to come
 * (all or none). Shows who attends, the price of the whole, how to pay (saved card, new card through
 * Stripe.js, prepaid credit, or free), the waivers to accept, then the dates booked. A registered
 * customer sees "You are registered" (and may still register a child not registered yet).
 */
export function RegistrationPanel(props: Props) {
  const { t } = useTranslation();
  const { slug, items, kind } = props;
  const me = useMe(slug);
  const location = useLocation();
  const toCome = classesToCome(items);
  const first = toCome[0];
  const priceMinor = first?.priceMinor ?? items[0]?.priceMinor ?? 0;
  const currency = first?.currency ?? items[0]?.currency ?? 'EUR';
  const [open, setOpen] = useState(false);
  // The confirmation stays once registered (the refreshed bookings would otherwise replace it by "You are registered").
  const [done, setDone] = useState<Done | null>(null);
  const ids = new Set(items.map((i) => i.id));
  const mine = useQuery({
    queryKey: ownRegistrationsKey(slug),
    queryFn: () => ownBookingsApi.list(slug, { when: 'upcoming', limit: 100 }),
    enabled: !!me.data,
    select: (d) => d.items.filter((b) => b.registrationId !== null && (b.status === 'booked' || b.status === 'pending') && ids.has(b.occurrenceId)),
  });
  const title = t(`bookingRegistration.title.${kind}`, { count: toCome.length });
  const selfId = me.data?.id;
  const registered = !!mine.data && mine.data.some((b) => b.customerId === selfId);
  // The children the customer registered (their places are the parent's bookings too).
  const childrenRegistered = [...new Set((mine.data ?? []).filter((b) => b.customerId !== selfId).map((b) => b.customerName))];
  // Registered themselves: may a child of theirs still be registered (the series takes children)?
  const more = useQuery({
    queryKey: bookingOptionsKey(slug, first?.id ?? '', props.classKey),
    queryFn: () => ownBookingsApi.options(slug, first!.id, props.classKey),
    enabled: registered && !!first,
    retry: false,
  });
  const childToRegister = !!more.data?.attendees.some((a) => a.isChild && !a.existing);
  const signInUrl = `/s/${slug}/login?next=${encodeURIComponent(`${location.pathname}${location.search}`)}`;
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby="registration-title" data-testid="registration-panel">
      <Stack gap="sm">
        <Title order={2} fz="lg" id="registration-title">
          {title}
        </Title>
        <Text fz="xl" fw={800} data-testid="registration-price">
          {priceMinor === 0 ? t('bookingRegistration.free') : formatMoney(priceMinor, currency)}
        </Text>
        <Text size="sm">{t(`bookingRegistration.help.${kind}`)}</Text>
        {done ? (
          <Confirmation slug={slug} done={done} />
        ) : !first ? (
          <Alert color="gray" role="status">
            {t('bookingRegistration.noneLeft')}
          </Alert>
        ) : me.isPending ? null : !me.data ? (
          <Button size="md" component={Link} to={signInUrl} data-testid="registration-sign-in" style={{ alignSelf: 'flex-start' }}>
            {t('bookingRegistration.signIn')}
          </Button>
        ) : !mine.data ? (
          <QueryState isPending={mine.isPending} error={mine.error} onRetry={() => void mine.refetch()} />
        ) : (
          <>
            {registered ? (
              <Alert color="teal" role="status" title={t('bookingRegistration.registered')} styles={{ title: { color: 'var(--mantine-color-dark-7)' } }} data-testid="registration-registered">
                {t('bookingRegistration.registeredHelp', { count: mine.data.filter((b) => b.customerId === selfId).length })}{' '}
                <Anchor component={Link} to={`/s/${slug}/account#my-bookings`} c="dark" underline="always">
                  {t('bookingCustomer.seeMyBookings')}
                </Anchor>
              </Alert>
            ) : null}
            {childrenRegistered.map((name) => (
              <Text key={name} size="sm" fw={600} data-testid="registration-child-registered">
                {t('bookingRegistration.childRegistered', { name })}
              </Text>
            ))}
            {open ? (
              <>
                <Divider />
                <RegistrationForm {...props} first={first} toCome={toCome} priceMinor={priceMinor} onDone={setDone} />
              </>
            ) : !registered || childToRegister ? (
              <Button size="md" variant={registered ? 'light' : 'filled'} onClick={() => setOpen(true)} data-testid="registration-start" style={{ alignSelf: 'flex-start' }}>
                {registered ? t('bookingRegistration.start.child') : t(`bookingRegistration.start.${kind}`)}
              </Button>
            ) : null}
          </>
        )}
        {props.singleClassNote && !registered && !done ? (
          <Text size="sm" c="dimmed" data-testid="registration-single-note">
            {t('bookingRegistration.singleClassNote')}
          </Text>
        ) : null}
      </Stack>
    </Paper>
  );
}

interface BookedDate {
  id: string;
  startsAt: string;
  timeZone: string;
}

/** The registration just made: its dates, and the child's name when it was for a child. */
interface Done {
  dates: BookedDate[];
  childName: string | null;
}

/** The dates booked by the registration just made. */
function Confirmation({ slug, done: { dates, childName } }: { slug: string; done: Done }) {
  const { t } = useTranslation();
  return (
    <Alert color="teal" role="status" data-testid="registration-confirmation">
      <Stack gap={6}>
        <Title order={3} fz="lg">
          {childName ? t('bookingRegistration.done.titleFor', { name: childName }) : t('bookingRegistration.done.title')}
        </Title>
        <Text>{childName ? t('bookingRegistration.done.datesFor', { count: dates.length, name: childName }) : t('bookingRegistration.done.dates', { count: dates.length })}</Text>
        <List size="sm" spacing={2} data-testid="registration-dates">
          {dates.map((d) => (
            <List.Item key={d.id}>{formatInZone(d.startsAt, d.timeZone, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit' })}</List.Item>
          ))}
        </List>
        <Anchor component={Link} to={`/s/${slug}/account#my-bookings`} fw={600} c="dark" underline="always">
          {t('bookingCustomer.seeMyBookings')}
        </Anchor>
      </Stack>
    </Alert>
  );
}

function RegistrationForm(props: Props & { first: PublicClassDto; toCome: PublicClassDto[]; priceMinor: number; onDone: (done: Done) => void }) {
  const { t } = useTranslation();
  const { slug, first, classKey } = props;
  const options = useQuery({ queryKey: bookingOptionsKey(slug, first.id, classKey), queryFn: () => ownBookingsApi.options(slug, first.id, classKey), retry: false });
  const cards = useQuery({ queryKey: ownCardsKey(slug), queryFn: () => ownCardsApi(slug).list() });
  if (!options.data || !cards.data) {
    const failed = options.error ?? cards.error;
    return failed ? (
      <Alert color="red" role="alert" title={t('bookingRegistration.notRegistered')}>
        {registrationErrorMessage(failed, t)}
      </Alert>
    ) : (
      <QueryState isPending error={null} />
    );
  }
  return <Form {...props} options={options.data} cardsWork={cards.data.canAddCards} stripe={cards.data} />;
}

function Form({
  slug,
  seriesId,
  toCome,
  priceMinor,
  onDone,
  options,
  cardsWork,
  stripe,
}: Props & { toCome: PublicClassDto[]; priceMinor: number; onDone: (done: Done) => void; options: BookingOptionsDto; cardsWork: boolean; stripe: { publishableKey: string | null; stripeJsUrl: string | null } }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const whoId = useId();
  // Who may be registered: the customer and (where the series takes children) their children, less those already in its classes.
  const notYet = options.attendees.filter((a) => !a.existing);
  const attendees = notYet.length > 0 ? notYet : options.attendees.filter((a) => !a.isChild);
  const [attendeeId, setAttendeeId] = useState(attendees[0]?.customerId ?? '');
  const attendee = attendees.find((a) => a.customerId === attendeeId) ?? attendees[0];
  const waivers = attendee?.pendingWaivers ?? [];
  const [payWith, setPayWith] = useState<PayWith | null>(null);
  const [accepted, setAccepted] = useState<Set<string>>(new Set());
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [pending, setPending] = useState<RegistrationResultDto | null>(null);
  const attempt = useRef<{ key: string; body: string } | null>(null);
  const mounted = useRef<MountedCard | null>(null);
  const money = useCallback((minor: number) => formatMoney(minor, options.currency), [options.currency]);

  const choices = useMemo(() => {
    const list: { value: PayWith; label: string; description?: string; disabled?: boolean }[] = [];
    if (priceMinor === 0) return [{ value: 'free' as PayWith, label: t('bookingCustomer.pay.free') }];
    for (const c of options.savedCards) list.push({ value: `saved:${c.id}`, label: t('wallet.cardLine', { brand: brandName(c.brand), last4: c.last4 }) });
    if (cardsWork) list.push({ value: 'new_card', label: t('checkout.newCard') });
    if (options.prepaidCreditMinor > 0) {
      list.push({ value: 'prepaid_credit', label: t('checkout.prepaidCredit'), description: t('bookingCustomer.pay.creditAvailable', { amount: money(options.prepaidCreditMinor) }), disabled: options.prepaidCreditMinor < priceMinor });
    }
    return list;
  }, [options, cardsWork, priceMinor, t, money]);
  const defaultCard = options.savedCards.find((c) => c.isDefault) ?? options.savedCards[0];
  const preferred = (defaultCard ? (`saved:${defaultCard.id}` as PayWith) : null) ?? choices.find((c) => !c.disabled)?.value ?? null;
  const choice = payWith && choices.some((c) => c.value === payWith && !c.disabled) ? payWith : preferred;

  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: ownBookingsKey(slug) }),
      queryClient.invalidateQueries({ queryKey: ['me', slug, 'booking-options'] }),
      queryClient.invalidateQueries({ queryKey: ownOrdersKey(slug) }),
      queryClient.invalidateQueries({ queryKey: ownCreditKey(slug) }),
      queryClient.invalidateQueries({ queryKey: ['public-class', slug] }),
      queryClient.invalidateQueries({ queryKey: ['public-series', slug] }),
    ]);

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

  /** The classes are booked once the order is paid (the card confirmation may reach the server by webhook first). */
  const settle = async (result: RegistrationResultDto): Promise<boolean> => {
    const orderId = result.payment?.orderId;
    if (!orderId || result.registration.status === 'active') return true;
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
    if (!paid) setError(t('bookingRegistration.notPaid'));
    return paid;
  };

  /** The dates booked: the customer's bookings of this registration (the series' list if they cannot be read). */
  const datesOf = async (registrationId: string) => {
    try {
      const list = await ownBookingsApi.list(slug, { when: 'upcoming', limit: 100 });
      const rows = list.items.filter((b: BookingDto) => b.registrationId === registrationId);
      if (rows.length > 0) return rows.map((b) => ({ id: b.id, startsAt: b.class.startsAt, timeZone: b.class.timeZone })).sort((a, b) => a.startsAt.localeCompare(b.startsAt));
    } catch {
      // fall through to the series' list
    }
    return toCome.map((c) => ({ id: c.id, startsAt: c.startsAt, timeZone: c.timeZone }));
  };

  const submit = async () => {
    setError(null);
    const problems: Record<string, string> = {};
    if (!choice) problems.payWith = t('bookingCustomer.choosePayment');
    for (const w of waivers) if (!accepted.has(w.versionId)) problems[`waiver:${w.versionId}`] = t('bookingCustomer.waiverRequired');
    setFieldErrors(problems);
    if (Object.keys(problems).length > 0 || !choice) return;
    const body: RegistrationInput = {
      seriesId,
      ...(attendee?.isChild ? { forCustomerId: attendee.customerId } : {}),
      payment: choice.startsWith('saved:') ? { method: 'card', savedCardId: choice.slice('saved:'.length) } : choice === 'new_card' ? { method: 'card' } : { method: choice as 'prepaid_credit' | 'free' },
      acceptedWaiverVersionIds: waivers.filter((w) => accepted.has(w.versionId)).map((w) => w.versionId),
    };
    const serialized = JSON.stringify(body);
    if (!attempt.current || attempt.current.body !== serialized) attempt.current = { key: newIdempotencyKey(), body: serialized };
    setBusy(true);
    try {
      const result = pending && attempt.current.body === serialized ? pending : await registrationsApi.registerOwn(slug, body, attempt.current.key);
      if (result.payment?.status === 'failed') {
        attempt.current = null;
        setError(t('bookingRegistration.errors.payment_failed'));
        await refresh();
        return;
      }
      if (result.payment?.status === 'requires_action' && result.payment.clientSecret) {
        setPending(result);
        if (!(await confirmCard(result.payment.clientSecret))) return;
      }
      if (!(await settle(result))) return;
      attempt.current = null;
      setPending(null);
      const dates = await datesOf(result.registration.id);
      onDone({ dates, childName: attendee?.isChild ? attendee.name : null });
      await refresh();
    } catch (err) {
      setError(registrationErrorMessage(err, t));
      if (err instanceof ApiError && ['already_booked', 'class_full', 'waiver_required', 'payment_failed', 'class_started'].includes(err.code)) {
        attempt.current = null;
        setPending(null);
        await refresh();
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <Stack gap="md" data-testid="registration-form">
      <Text size="sm" data-testid="registration-summary">
        {t('bookingRegistration.summary', {
          count: toCome.length,
          from: formatInZone(toCome[0]!.startsAt, toCome[0]!.timeZone, { dateStyle: 'medium' }),
          to: formatInZone(toCome[toCome.length - 1]!.startsAt, toCome[toCome.length - 1]!.timeZone, { dateStyle: 'medium' }),
        })}
      </Text>
      {attendee && (attendees.length > 1 || attendee.isChild) ? (
        <WhoPicker
          attendees={attendees}
          value={attendee.customerId}
          onChange={(v) => {
            setAttendeeId(v);
            setAccepted(new Set());
            setFieldErrors({});
            setError(null);
          }}
          labelId={whoId}
        />
      ) : null}
      {choices.length === 0 ? (
        <Alert color="orange" role="alert">
          {t('checkout.noCardPayments')}
        </Alert>
      ) : (
        <Radio.Group
          label={t('bookingCustomer.payWith')}
          value={choice ?? ''}
          onChange={(v) => {
            setPayWith(v as PayWith);
            setFieldErrors(({ payWith: _done, ...rest }) => rest);
          }}
          error={fieldErrors.payWith}
        >
          <Stack gap="xs" mt="xs">
            {choices.map((c) => (
              <Radio key={c.value} value={c.value} label={c.label} description={c.description} disabled={c.disabled} />
            ))}
          </Stack>
        </Radio.Group>
      )}
      {choice === 'new_card' && stripe.stripeJsUrl && (options.stripePublishableKey ?? stripe.publishableKey) ? (
        <CardField stripeJsUrl={stripe.stripeJsUrl} publishableKey={(options.stripePublishableKey ?? stripe.publishableKey)!} label={t('wallet.cardDetails')} onReady={(m) => (mounted.current = m)} />
      ) : null}
      {waivers.map((w) => (
        <Paper key={w.versionId} withBorder radius="md" p="md" component="section" aria-labelledby={`reg-waiver-${w.versionId}`}>
          <Title order={3} fz="md" id={`reg-waiver-${w.versionId}`} mb="xs">
            {w.title}
          </Title>
          <ScrollArea.Autosize mah={160} type="auto" mb="sm">
            <Text size="sm" style={{ whiteSpace: 'pre-line' }}>
              {w.body}
            </Text>
          </ScrollArea.Autosize>
          <Checkbox
            label={attendee?.isChild ? t('bookingCustomer.waiverAgreeFor', { name: attendee.name }) : t('checkout.waiverAgree')}
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
      <Text size="sm" c="dimmed">
        {t('bookingRegistration.cancelHelp')}
      </Text>
      {error ? (
        <Alert color="red" role="alert" title={t('bookingRegistration.notRegistered')} data-testid="registration-error">
          {error}
        </Alert>
      ) : null}
      <Button size="md" onClick={() => void submit()} loading={busy} disabled={choices.length === 0} data-testid="confirm-registration" style={{ alignSelf: 'flex-end' }}>
        {pending ? t('checkout.payNow') : priceMinor === 0 ? t('bookingRegistration.confirmFree') : t('bookingRegistration.payFor', { amount: money(priceMinor) })}
      </Button>
    </Stack>
  );
}

/**
 * On a class page: when the class belongs to a semester or course, the series' registration panel
 * (its list of dates is read from the series' public page). The class itself can still be booked on
 * its own (the server takes a single booking of such a class at the class price).
 */
export function ClassSeriesRegistration({ slug, klass, classKey }: { slug: string; klass: PublicClassDto; classKey: string | null }) {
  const kind = klass.kind === 'semester' || klass.kind === 'course' ? klass.kind : null;
  const series = useQuery({ queryKey: ['public-series', slug, klass.seriesId, classKey], queryFn: () => publicScheduleApi.series(slug, klass.seriesId, classKey), enabled: kind !== null, retry: false });
  if (!kind || !series.data) return null;
  return <RegistrationPanel slug={slug} seriesId={klass.seriesId} kind={kind} name={series.data.name} items={series.data.items} classKey={classKey} singleClassNote />;
}
