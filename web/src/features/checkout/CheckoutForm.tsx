import { Alert, Button, Checkbox, Divider, Group, NumberInput, Paper, Radio, ScrollArea, Stack, Text, TextInput, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { QueryState } from '../../app/ui/QueryState.tsx';
import { formatMoney, formatNumber, fromMinorUnits, toMinorUnits } from '../../lib/format.ts';
import { ownWaiversKey, publicWaiversApi } from '../waivers/api.ts';
import { ownCardsApi, ownCardsKey } from '../wallet/api.ts';
import { CardField, type MountedCard } from '../wallet/CardField.tsx';
import { stripeErrorMessage } from '../wallet/errors.ts';
import { stripeFor } from '../wallet/stripe-js.ts';
import { currentLocale } from '../../i18n/index.ts';
import { brandName, expiry } from '../wallet/format.ts';
import { checkoutApi, ownMembershipsKey, ownOrdersKey, type CheckoutResultDto, type OrderDto, type OwnCheckoutInput, type PublicPlanDto } from './api.ts';
import { checkoutErrorMessage } from './errors.ts';
import { planCredits, planPrice, planValidity } from './plan-format.ts';
import { newIdempotencyKey } from '../../lib/api.ts';

type PayWith = `saved:${string}` | 'new_card' | 'prepaid_credit' | 'gift_card';

/** One purchase attempt: its key goes with every retry of the same request, a changed request gets a new one. */
interface Attempt {
  key: string;
  body: string;
}

/** "2.9 % + €0.30", "2.9 %" or "€0.50". */
const feeRule = (fee: { bp: number; fixedMinor: number }, currency: string) =>
  [fee.bp > 0 ? `${formatNumber(fee.bp / 100)} %` : null, fee.fixedMinor > 0 ? formatMoney(fee.fixedMinor, currency) : null].filter(Boolean).join(' + ');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Buying a plan: a price within the sliding scale, a discount code, the membership waiver when
 * the plan needs it, then a saved card, a new card (Stripe.js), prepaid credit or a gift card.
 * Nothing is bought until the payment succeeded; a declined card leaves no order paid.
 */
export function CheckoutForm({ slug, plan, signerName, onPaid }: { slug: string; plan: PublicPlanDto; signerName: string; onPaid: (order: OrderDto) => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const cards = useQuery({ queryKey: ownCardsKey(slug), queryFn: () => ownCardsApi(slug).list() });
  const waivers = useQuery({ queryKey: ownWaiversKey(slug), queryFn: () => publicWaiversApi.own(slug), enabled: plan.waiverRequired });
  const sliding = plan.priceMode === 'sliding' && plan.priceMinMinor !== null && plan.priceMaxMinor !== null;
  const [price, setPrice] = useState<number | ''>(fromMinorUnits(sliding ? plan.priceMinMinor : plan.priceMinor, plan.currency));
  const [discountCode, setDiscountCode] = useState('');
  const [giftCardCode, setGiftCardCode] = useState('');
  const [payWith, setPayWith] = useState<PayWith | null>(null);
  const [agree, setAgree] = useState(false);
  const [name, setName] = useState(signerName);
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [pending, setPending] = useState<CheckoutResultDto | null>(null);
  const attempt = useRef<Attempt | null>(null);
  const mounted = useRef<MountedCard | null>(null);

  const waiver = useMemo(() => waivers.data?.pending.find((w) => w.kind === 'membership' && w.customerId !== undefined) ?? null, [waivers.data]);
  const savedCards = useMemo(() => (cards.data?.items ?? []).filter((c) => !c.expired), [cards.data]);
  const cardsWork = cards.data?.canAddCards ?? false;
  // The default card is preselected; without cards, a new card; without Stripe, prepaid credit.
  const choice: PayWith | null = payWith ?? (savedCards[0] ? `saved:${(savedCards.find((c) => c.isDefault) ?? savedCards[0]).id}` : cards.data ? (cardsWork ? 'new_card' : 'prepaid_credit') : null);
  const cardFee = cards.data?.cardFee ?? null;
  const priceMinor = sliding ? toMinorUnits(price, plan.currency) : plan.priceMinor;

  const bodyOf = (): OwnCheckoutInput => {
    const tender =
      choice === 'gift_card'
        ? { method: 'gift_card' as const, giftCardCode: giftCardCode.trim() }
        : choice === 'prepaid_credit'
          ? { method: 'prepaid_credit' as const }
          : choice?.startsWith('saved:')
            ? { method: 'card' as const, savedCardId: choice.slice('saved:'.length) }
            : { method: 'card' as const };
    return {
      lines: [{ kind: 'membership', refId: plan.id, quantity: 1, ...(sliding && priceMinor !== null ? { priceMinor } : {}) }],
      ...(discountCode.trim() ? { discountCode: discountCode.trim() } : {}),
      tenders: [tender],
    };
  };

  /** The order is paid once the server says so (the card confirmation may reach it by webhook first). */
  const settle = async (result: CheckoutResultDto) => {
    let order = result.order;
    for (let i = 0; i < 20 && order.status !== 'paid'; i++) {
      try {
        const confirmed = await checkoutApi.confirm(slug, order.id);
        order = confirmed.order;
        if (confirmed.payment.status === 'failed') break;
      } catch {
        order = await checkoutApi.order(slug, order.id);
      }
      if (order.status !== 'paid') await sleep(500);
    }
    if (order.status !== 'paid') {
      setError(order.failureMessage ?? t('checkout.notPaid'));
      return;
    }
    attempt.current = null;
    setPending(null);
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: ownMembershipsKey(slug) }),
      queryClient.invalidateQueries({ queryKey: ownOrdersKey(slug) }),
      queryClient.invalidateQueries({ queryKey: ownCardsKey(slug) }),
      queryClient.invalidateQueries({ queryKey: ['me', slug, 'credit'] }),
    ]);
    onPaid(order);
  };

  /** Confirms the card in the browser: a new card entered here, or 3-D Secure on a saved one. */
  const confirmCard = async (result: CheckoutResultDto): Promise<boolean> => {
    const secret = result.payment.clientSecret;
    const publishableKey = result.payment.publishableKey ?? cards.data?.publishableKey;
    const jsUrl = cards.data?.stripeJsUrl;
    if (!secret || !publishableKey || !jsUrl || (choice === 'new_card' && !mounted.current)) {
      setError(t('checkout.cardNotReady'));
      return false;
    }
    const confirmed =
      choice === 'new_card' && mounted.current
        ? await mounted.current.stripe.confirmCardPayment(secret, { payment_method: { card: mounted.current.card } })
        : await (await stripeFor(jsUrl, publishableKey, currentLocale())).confirmCardPayment(secret);
    if (confirmed.error) {
      setError(stripeErrorMessage(confirmed.error, t));
      return false;
    }
    return true;
  };

  const submit = async () => {
    setError(null);
    setFieldErrors({});
    const problems: Record<string, string> = {};
    if (sliding && (priceMinor === null || priceMinor < plan.priceMinMinor! || priceMinor > plan.priceMaxMinor!)) {
      problems.price = t('checkout.priceRange', { min: formatMoney(plan.priceMinMinor!, plan.currency), max: formatMoney(plan.priceMaxMinor!, plan.currency) });
    }
    if (waiver && !agree) problems.waiver = t('checkout.waiverRequired');
    if (waiver && !name.trim()) problems.signerName = t('validation.required');
    if (choice === 'gift_card' && giftCardCode.trim().length < 4) problems.giftCardCode = t('checkout.giftCardRequired');
    if (!choice) problems.payWith = t('validation.required');
    if (Object.keys(problems).length > 0) {
      setFieldErrors(problems);
      return;
    }
    setBusy(true);
    try {
      if (waiver) {
        await publicWaiversApi.signOwn(slug, { customerId: waiver.customerId, waiverId: waiver.waiverId, version: waiver.version, signerName: name.trim(), agree: true });
        await queryClient.invalidateQueries({ queryKey: ownWaiversKey(slug) });
      }
      const body = bodyOf();
      const serialized = JSON.stringify(body);
      if (!attempt.current || attempt.current.body !== serialized) attempt.current = { key: newIdempotencyKey(), body: serialized };
      // A retry after a declined card confirms the same order again with the card now entered.
      const result = pending && attempt.current.body === serialized ? pending : await checkoutApi.checkout(slug, body, attempt.current.key);
      if (result.payment.status === 'failed') {
        attempt.current = null;
        // The processor's reason comes in English; the customer reads the decline in their language.
        setError(t('checkout.declined'));
        return;
      }
      if (result.payment.status === 'requires_action') {
        setPending(result);
        if (!(await confirmCard(result))) return;
      }
      await settle(result);
    } catch (err) {
      setError(checkoutErrorMessage(err, t));
    } finally {
      setBusy(false);
    }
  };

  if (!cards.data) return <QueryState isPending={cards.isPending} error={cards.error} onRetry={() => void cards.refetch()} />;

  return (
    <Stack gap="md">
      <Paper withBorder radius="lg" p={{ base: 'md', sm: 'lg' }}>
        <Stack gap={4}>
          <Title order={2} fz="lg" className="enso-break">
            {plan.name}
          </Title>
          <Text fw={700}>{planPrice(plan)}</Text>
          <Text size="sm">{planCredits(plan, t)}</Text>
          <Text size="sm" c="dimmed">
            {planValidity(plan, t)}
          </Text>
        </Stack>
      </Paper>

      {sliding ? (
        <NumberInput
          label={t('checkout.yourPrice')}
          description={t('checkout.yourPriceHelp', { min: formatMoney(plan.priceMinMinor!, plan.currency), max: formatMoney(plan.priceMaxMinor!, plan.currency) })}
          value={price}
          onChange={(v) => {
            setPrice(typeof v === 'number' ? v : '');
            setFieldErrors(({ price: _done, ...rest }) => rest);
          }}
          min={fromMinorUnits(plan.priceMinMinor, plan.currency) || 0}
          max={fromMinorUnits(plan.priceMaxMinor, plan.currency) || undefined}
          decimalScale={2}
          error={fieldErrors.price}
        />
      ) : null}

      <TextInput label={t('checkout.discountCode')} value={discountCode} onChange={(e) => setDiscountCode(e.currentTarget.value)} autoComplete="off" maxLength={64} />

      {plan.waiverRequired && waivers.isPending ? <QueryState isPending error={null} /> : null}
      {waiver ? (
        <Paper withBorder radius="md" p="md" component="section" aria-labelledby="checkout-waiver">
          <Title order={3} fz="md" id="checkout-waiver" mb="xs">
            {waiver.title}
          </Title>
          <ScrollArea.Autosize mah={180} type="auto" mb="sm">
            <Text size="sm" style={{ whiteSpace: 'pre-line' }}>
              {waiver.body}
            </Text>
          </ScrollArea.Autosize>
          <Stack gap="xs">
            <Checkbox label={t('checkout.waiverAgree')} checked={agree} onChange={(e) => {
                const checked = e.currentTarget.checked;
                setAgree(checked);
                if (checked) setFieldErrors(({ waiver: _done, ...rest }) => rest);
              }} error={fieldErrors.waiver} />
            <TextInput label={t('checkout.signerName')} value={name} onChange={(e) => setName(e.currentTarget.value)} error={fieldErrors.signerName} maxLength={120} />
          </Stack>
        </Paper>
      ) : null}

      <Radio.Group label={t('checkout.payWith')} value={choice ?? ''} onChange={(v) => setPayWith(v as PayWith)} error={fieldErrors.payWith}>
        <Stack gap="xs" mt="xs">
          {savedCards.map((card) => (
            <Radio key={card.id} value={`saved:${card.id}`} label={`${t('wallet.cardLine', { brand: brandName(card.brand), last4: card.last4 })} · ${expiry(card)}`} />
          ))}
          {cardsWork ? <Radio value="new_card" label={t('checkout.newCard')} /> : null}
          <Radio value="prepaid_credit" label={t('checkout.prepaidCredit')} />
          <Radio value="gift_card" label={t('checkout.giftCard')} />
        </Stack>
      </Radio.Group>
      {!cardsWork ? (
        <Alert color="gray" variant="light">
          {t('checkout.noCardPayments')}
        </Alert>
      ) : null}
      {choice === 'gift_card' ? (
        <TextInput label={t('checkout.giftCardCode')} value={giftCardCode} onChange={(e) => setGiftCardCode(e.currentTarget.value)} autoComplete="off" error={fieldErrors.giftCardCode} />
      ) : null}
      {cardsWork && cards.data.publishableKey && cards.data.stripeJsUrl && choice === 'new_card' ? (
        <CardField
          stripeJsUrl={cards.data.stripeJsUrl}
          publishableKey={cards.data.publishableKey}
          label={t('wallet.cardDetails')}
          onReady={(m) => (mounted.current = m)}
        />
      ) : null}

      {cardFee && (choice === 'new_card' || choice?.startsWith('saved:')) ? (
        <Text size="sm" data-testid="card-surcharge">
          {pending && pending.order.surchargeMinor > 0
            ? t('checkout.surchargeAmount', { amount: formatMoney(pending.order.surchargeMinor, pending.order.currency) })
            : t('checkout.surchargeRule', { rule: feeRule(cardFee, plan.currency) })}
        </Text>
      ) : null}

      {error ? (
        <Alert color="red" role="alert" title={t('checkout.notBought')}>
          {error}
        </Alert>
      ) : null}
      <Divider />
      <Group justify="flex-end">
        <Button size="md" onClick={() => void submit()} loading={busy}>
          {pending ? t('checkout.payNow') : t('checkout.confirmPurchase')}
        </Button>
      </Group>
    </Stack>
  );
}
