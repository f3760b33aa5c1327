import { Alert, Button, Card, CloseButton, Divider, Group, NumberInput, Select, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../app/ui/PageHeader.tsx';
import { currentLocale } from '../../i18n/index.ts';
import { currencyDigits, formatMoney, formatNumber, fullName, toMinorUnits } from '../../lib/format.ts';
import { newIdempotencyKey, ordersApi, ordersKey, type CheckoutResultDto, type OrderDto, type TenderInput } from '../orders/api.ts';
import { OrderDetails } from '../orders/OrderDetails.tsx';
import { paymentSettingsApi, paymentSettingsKey } from '../payment-settings/api.ts';
import { customersApi } from '../customers/api.ts';
import { useStudio } from '../studios/api.ts';
import { customerCardsApi, customerCardsKey } from '../wallet/api.ts';
import { CardField, type MountedCard } from '../wallet/CardField.tsx';
import { stripeErrorMessage } from '../wallet/errors.ts';
import { brandName } from '../wallet/format.ts';
import { AddItemForm, type BasketLine } from './AddItemForm.tsx';
import { posApi } from './api.ts';
import { CustomerPicker, type PickedCustomer } from './CustomerPicker.tsx';
import { applyApiErrorMessage } from './errors.ts';

type Method = TenderInput['method'];

interface TenderRow {
  key: string;
  method: Method;
  /** Empty: this payment takes the rest. */
  amount: number | '';
  giftCardCode: string;
  /** A saved card's id, or 'new' for a card typed into Stripe's field. */
  card: string;
}

let seq = 0;
const rowKey = () => `tender-${++seq}`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The front desk's point of sale: find or add the customer, put items in the basket (drop-ins,
 * products, plans, gift cards, prepaid credit), apply a discount code, take one or several
 * payments (cash, terminal, card, gift card, prepaid credit), then show the receipt.
 */
export function PosPage() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const studio = useStudio(true);
  const currency = studio.data?.currency ?? 'EUR';
  const settings = useQuery({ queryKey: paymentSettingsKey, queryFn: paymentSettingsApi.get });
  const [customer, setCustomer] = useState<PickedCustomer | null>(null);
  const [lines, setLines] = useState<BasketLine[]>([]);
  const [codeInput, setCodeInput] = useState('');
  const [discountCode, setDiscountCode] = useState<string | null>(null);
  const [tenders, setTenders] = useState<TenderRow[]>([{ key: rowKey(), method: 'cash', amount: '', giftCardCode: '', card: '' }]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<OrderDto | null>(null);
  const attempt = useRef<{ key: string; body: string } | null>(null);
  const pending = useRef<CheckoutResultDto | null>(null);
  const mounted = useRef<MountedCard | null>(null);

  // `/pos?customer=<id>` (a "Sell" link from a customer's profile) starts the sale for that customer.
  const [params] = useSearchParams();
  const preset = params.get('customer');
  useEffect(() => {
    if (!preset) return;
    let live = true;
    customersApi
      .get(preset)
      .then((c) => {
        if (live) setCustomer({ id: c.id, name: fullName(c), email: c.email });
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [preset]);

  const stripeReady = settings.data?.stripe.connected ?? false;
  const cards = useQuery({
    queryKey: customerCardsKey(customer?.id ?? ''),
    queryFn: () => customerCardsApi(customer!.id).list(),
    enabled: customer !== null && stripeReady,
  });
  const savedCards = (cards.data?.items ?? []).filter((c) => !c.expired);

  const tenderInputs = (): TenderInput[] =>
    tenders.map((row) => {
      const amountMinor = row.amount === '' ? undefined : (toMinorUnits(row.amount, currency) ?? undefined);
      return {
        method: row.method,
        ...(amountMinor !== undefined ? { amountMinor } : {}),
        ...(row.method === 'gift_card' ? { giftCardCode: row.giftCardCode.trim() } : {}),
        ...(row.method === 'card' && row.card && row.card !== 'new' ? { savedCardId: row.card } : {}),
      };
    });

  const bodyOf = () => ({
    customerId: customer?.id ?? null,
    lines: lines.map(({ kind, refId, quantity, priceMinor, description, metadata }) => ({
      kind,
      quantity,
      ...(refId ? { refId } : {}),
      ...(priceMinor !== undefined ? { priceMinor } : {}),
      ...(description ? { description } : {}),
      ...(metadata ? { metadata } : {}),
    })),
    ...(discountCode ? { discountCode } : {}),
    tenders: tenderInputs(),
  });

  // Recomputed on every render (cheap): the query key is its JSON, so an unchanged basket is not re-priced.
  const quoteBody = lines.length ? bodyOf() : null;
  const quote = useQuery({
    queryKey: ['commerce', 'quote', JSON.stringify(quoteBody)],
    queryFn: () => posApi.quote(quoteBody!),
    enabled: quoteBody !== null && done === null,
    placeholderData: keepPreviousData,
    retry: false,
  });

  const methods: { value: Method; label: string; disabled?: boolean }[] = [
    { value: 'cash', label: t('pos.pay.method.cash') },
    { value: 'terminal', label: t('pos.pay.method.terminal') },
    { value: 'card', label: t('pos.pay.method.card'), disabled: !stripeReady || !customer },
    { value: 'gift_card', label: t('pos.pay.method.gift_card') },
    { value: 'prepaid_credit', label: t('pos.pay.method.prepaid_credit'), disabled: !customer },
  ];
  const setRow = (key: string, patch: Partial<TenderRow>) => setTenders((rows) => rows.map((r) => (r.key === key ? { ...r, ...patch } : r)));
  const newCardRow = tenders.find((r) => r.method === 'card' && (r.card === 'new' || (r.card === '' && savedCards.length === 0)));

  const reset = () => {
    setLines([]);
    setCustomer(null);
    setDiscountCode(null);
    setCodeInput('');
    setTenders([{ key: rowKey(), method: 'cash', amount: '', giftCardCode: '', card: '' }]);
    setDone(null);
    setError(null);
    attempt.current = null;
    pending.current = null;
  };

  /** Polls the order until the server has recorded the card (the webhook may get there first). */
  async function waitForPaid(orderId: string): Promise<CheckoutResultDto> {
    let result = await ordersApi.confirm(orderId);
    for (let i = 0; i < 5 && result.payment.status === 'requires_action'; i++) {
      await sleep(600);
      result = await ordersApi.confirm(orderId);
    }
    return result;
  }

  const pay = async () => {
    setError(null);
    if (lines.length === 0) return setError(t('pos.basket.empty'));
    setBusy(true);
    try {
      let result = pending.current;
      if (!result) {
        const body = bodyOf();
        const text = JSON.stringify(body);
        if (!attempt.current || attempt.current.body !== text) attempt.current = { key: newIdempotencyKey(), body: text };
        result = await ordersApi.checkout({ ...body, channel: 'pos' }, attempt.current.key);
      }
      // The charge's answer was lost (no client secret yet): confirm asks again with the same provider key.
      if (result.payment.status === 'requires_action' && !result.payment.clientSecret) result = await ordersApi.confirm(result.order.id);
      if (result.payment.status === 'requires_action' && result.payment.clientSecret) {
        pending.current = result;
        const card = mounted.current;
        if (!card) throw new Error('card');
        const confirmed = await card.stripe.confirmCardPayment(result.payment.clientSecret, { payment_method: { card: card.card } });
        if (confirmed.error) {
          setError(stripeErrorMessage(confirmed.error, t));
          return;
        }
        result = await waitForPaid(result.order.id);
      }
      if (result.payment.status === 'paid') {
        setDone(result.order);
        pending.current = null;
        attempt.current = null;
        void queryClient.invalidateQueries({ queryKey: ordersKey });
        if (customer) void queryClient.invalidateQueries({ queryKey: ['customers', 'one', customer.id] });
      } else if (result.payment.status === 'failed') {
        // Nothing was sold: a new attempt makes a new order.
        pending.current = null;
        attempt.current = null;
        setError(t('pos.pay.failed', { message: result.payment.failureMessage ?? '' }));
      } else {
        setError(t('pos.pay.stillWaiting'));
      }
    } catch (err) {
      setError(err instanceof Error && err.message === 'card' ? t('pos.pay.cardNotReady') : applyApiErrorMessage(err, t));
    } finally {
      setBusy(false);
    }
  };

  if (done) {
    return (
      <>
        <PageHeader title={t('pos.title')} />
        <Card withBorder radius="md" padding="lg" maw={560} component="section" aria-labelledby="pos-done">
          <Title order={2} fz="lg" id="pos-done" mb="xs" c="teal.8">
            {t('pos.done.title')}
          </Title>
          {customer?.email ? (
            <Text size="sm" mb="md">
              {t('pos.done.receiptSent', { email: customer.email })}
            </Text>
          ) : null}
          <OrderDetails order={done} timeZone={studio.data?.timeZone} customerName={customer?.name ?? null} />
          <Button mt="lg" onClick={reset} data-autofocus>
            {t('pos.done.newSale')}
          </Button>
        </Card>
      </>
    );
  }

  const q = quote.data;
  const money = (m: number) => formatMoney(m, currency);
  const feeRule = settings.data && settings.data.cardFeeMode === 'surcharge' ? { bp: settings.data.surchargeBp, fixedMinor: settings.data.surchargeFixedMinor } : null;

  return (
    <>
      <PageHeader title={t('pos.title')} description={t('pos.description')} />
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
        <div>
          <Stack gap="lg">
            <Card withBorder radius="md" padding="md" component="section" aria-labelledby="pos-customer-title">
              <Title order={2} fz="md" id="pos-customer-title" mb="sm">
                {t('pos.customer.title')}
              </Title>
              <CustomerPicker
                value={customer}
                onChange={(c) => {
                  setCustomer(c);
                  setTenders((rows) => rows.map((r) => (r.method === 'card' || r.method === 'prepaid_credit' ? { ...r, method: 'cash', card: '' } : r)));
                  pending.current = null;
                }}
              />
            </Card>
            <Card withBorder radius="md" padding="md" component="section" aria-labelledby="pos-add-title">
              <Title order={2} fz="md" id="pos-add-title" mb="sm">
                {t('pos.items.title')}
              </Title>
              <AddItemForm
                currency={currency}
                onAdd={(line) => {
                  setLines((all) => [...all, line]);
                  pending.current = null;
                }}
              />
            </Card>
          </Stack>
        </div>
        <div>
          <Card withBorder radius="md" padding="md" component="section" aria-labelledby="pos-basket-title">
            <Title order={2} fz="md" id="pos-basket-title" mb="sm">
              {t('pos.basket.title')}
            </Title>
            {lines.length === 0 ? (
              <Text size="sm" c="dimmed">
                {t('pos.basket.empty')}
              </Text>
            ) : null}
            <Stack gap={6} role="list" aria-label={t('pos.basket.title')} data-testid="pos-basket">
              {lines.map((line, i) => {
                const priced = q?.lines[i];
                return (
                  <Group key={line.key} justify="space-between" wrap="nowrap" gap="xs" role="listitem">
                    <Text size="sm" className="enso-break" style={{ flex: 1 }}>
                      {line.quantity} × {priced?.description ?? line.label}
                      {priced && priced.discountMinor > 0 ? (
                        <Text span size="xs" c="dimmed" display="block">
                          {t('pos.basket.lineDiscount', { amount: money(priced.discountMinor) })}
                        </Text>
                      ) : null}
                    </Text>
                    <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
                      {priced ? money(priced.subtotalMinor) : ''}
                    </Text>
                    <CloseButton
                      aria-label={t('pos.basket.remove', { item: priced?.description ?? line.label })}
                      onClick={() => {
                        setLines((all) => all.filter((l) => l.key !== line.key));
                        pending.current = null;
                      }}
                    />
                  </Group>
                );
              })}
            </Stack>
            {quote.error && lines.length > 0 ? (
              <Alert color="red" mt="sm" role="alert">
                {applyApiErrorMessage(quote.error, t)}
              </Alert>
            ) : null}
            {lines.length > 0 ? (
              <Group mt="md" align="flex-end" gap="xs">
                <TextInput
                  label={t('pos.discount.label')}
                  value={codeInput}
                  onChange={(e) => setCodeInput(e.currentTarget.value)}
                  style={{ flex: 1 }}
                  autoCapitalize="characters"
                />
                {discountCode ? (
                  <Button
                    variant="default"
                    onClick={() => {
                      setDiscountCode(null);
                      setCodeInput('');
                    }}
                  >
                    {t('pos.discount.remove')}
                  </Button>
                ) : (
                  <Button variant="default" disabled={!codeInput.trim()} onClick={() => setDiscountCode(codeInput.trim())}>
                    {t('pos.discount.apply')}
                  </Button>
                )}
              </Group>
            ) : null}
            {q && lines.length > 0 ? (
              <Stack gap={4} mt="md" data-testid="pos-totals">
                <Divider />
                <Group justify="space-between">
                  <Text size="sm">{t('pos.totals.subtotal')}</Text>
                  <Text size="sm">{money(q.subtotalMinor)}</Text>
                </Group>
                {q.discountMinor > 0 ? (
                  <Group justify="space-between">
                    <Text size="sm">{t('pos.totals.discount', { code: q.discountCode ?? '' })}</Text>
                    <Text size="sm">−{money(q.discountMinor)}</Text>
                  </Group>
                ) : null}
                <Group justify="space-between">
                  <Text size="sm">{t('pos.totals.tax')}</Text>
                  <Text size="sm">{money(q.taxMinor)}</Text>
                </Group>
                {q.surchargeMinor > 0 ? (
                  <Group justify="space-between">
                    <Text size="sm">{t('pos.totals.cardFee')}</Text>
                    <Text size="sm" data-testid="pos-card-fee">
                      {money(q.surchargeMinor)}
                    </Text>
                  </Group>
                ) : null}
                <Group justify="space-between">
                  <Text fw={700}>{t('pos.totals.total')}</Text>
                  <Text fw={700} data-testid="pos-total">
                    {money(q.totalMinor)}
                  </Text>
                </Group>
              </Stack>
            ) : null}
          </Card>
          {lines.length > 0 ? (
            <Card withBorder radius="md" padding="md" mt="lg" component="section" aria-labelledby="pos-pay-title">
              <Title order={2} fz="md" id="pos-pay-title" mb="sm">
                {t('pos.pay.title')}
              </Title>
              <Stack gap="md">
                {tenders.map((row, i) => (
                  <Stack key={row.key} gap="xs" role="group" aria-label={t('pos.pay.paymentN', { n: i + 1 })}>
                    <Group align="flex-end" gap="xs" wrap="nowrap">
                      <Select
                        label={t('pos.pay.method.label')}
                        value={row.method}
                        onChange={(v) => v && setRow(row.key, { method: v as Method, card: '' })}
                        data={methods.map((m) => ({ ...m, disabled: m.disabled || (m.value === 'card' && tenders.some((r) => r.key !== row.key && r.method === 'card')) }))}
                        allowDeselect={false}
                        style={{ flex: 1 }}
                      />
                      <NumberInput
                        label={t('pos.pay.amount')}
                        placeholder={t('pos.pay.rest')}
                        decimalScale={currencyDigits(currency)}
                        min={0}
                        value={row.amount}
                        onChange={(v) => setRow(row.key, { amount: typeof v === 'number' ? v : v === '' ? '' : Number(v) })}
                        w={130}
                      />
                      {tenders.length > 1 ? (
                        <CloseButton mb={6} aria-label={t('pos.pay.removePayment', { n: i + 1 })} onClick={() => setTenders((rows) => rows.filter((r) => r.key !== row.key))} />
                      ) : null}
                    </Group>
                    {row.method === 'gift_card' ? (
                      <TextInput label={t('pos.pay.giftCardCode')} value={row.giftCardCode} onChange={(e) => setRow(row.key, { giftCardCode: e.currentTarget.value })} autoCapitalize="characters" />
                    ) : null}
                    {row.method === 'card' && savedCards.length > 0 ? (
                      <Select
                        label={t('pos.pay.whichCard')}
                        value={row.card || (savedCards.find((c) => c.isDefault) ?? savedCards[0])!.id}
                        onChange={(v) => v && setRow(row.key, { card: v })}
                        data={[
                          ...savedCards.map((c) => ({ value: c.id, label: t('pos.pay.savedCard', { brand: brandName(c.brand), last4: c.last4 }) })),
                          { value: 'new', label: t('pos.pay.newCard') },
                        ]}
                        allowDeselect={false}
                      />
                    ) : null}
                  </Stack>
                ))}
                {newCardRow && settings.data?.stripe.publishableKey ? (
                  <CardField
                    key={`${settings.data.stripe.publishableKey}-${currentLocale()}`}
                    stripeJsUrl={settings.data.stripeJsUrl}
                    publishableKey={settings.data.stripe.publishableKey}
                    label={t('pos.pay.cardDetails')}
                    onReady={(m) => (mounted.current = m)}
                  />
                ) : null}
                {feeRule && tenders.some((r) => r.method === 'card') ? (
                  <Text size="sm" c="dimmed">
                    {t('pos.pay.feeNotice', {
                      rule: [feeRule.bp > 0 ? `${formatNumber(feeRule.bp / 100)} %` : null, feeRule.fixedMinor > 0 ? money(feeRule.fixedMinor) : null].filter(Boolean).join(' + '),
                    })}
                  </Text>
                ) : null}
                <Button variant="subtle" onClick={() => setTenders((rows) => [...rows, { key: rowKey(), method: 'cash', amount: '', giftCardCode: '', card: '' }])}>
                  {t('pos.pay.addPayment')}
                </Button>
                {error ? (
                  <Alert color="red" role="alert" data-testid="pos-error">
                    {error}
                  </Alert>
                ) : null}
                <Button size="md" loading={busy} onClick={() => void pay()} data-testid="pos-pay">
                  {q ? t('pos.pay.submit', { amount: money(q.totalMinor) }) : t('pos.pay.submitPlain')}
                </Button>
              </Stack>
            </Card>
          ) : null}
        </div>
      </SimpleGrid>
    </>
  );
}
