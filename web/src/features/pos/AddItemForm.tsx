import { Button, Group, NumberInput, SegmentedControl, Select, Stack, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { currencyDigits, formatMoney, fromMinorUnits, toMinorUnits } from '../../lib/format.ts';
import { useCan } from '../../routes/staff/session.tsx';
import { plansApi } from '../plans/api.ts';
import { posApi, productsKey } from './api.ts';

export interface BasketLine {
  key: string;
  kind: string;
  refId?: string;
  quantity: number;
  priceMinor?: number;
  description?: string;
  metadata?: Record<string, string>;
  /** What the basket shows before the server prices it. */
  label: string;
}

type ItemKind = 'drop_in' | 'product' | 'membership' | 'gift_card' | 'prepaid_credit';

let seq = 0;
const lineKey = () => `line-${++seq}`;

/** Adds one item to the basket: a drop-in amount, a product, a plan, a gift card or prepaid credit. */
export function AddItemForm({ currency, onAdd }: { currency: string; onAdd: (line: BasketLine) => void }) {
  const { t } = useTranslation();
  const canPlans = useCan('memberships:read');
  const [kind, setKind] = useState<ItemKind>('drop_in');
  const [amount, setAmount] = useState<number | ''>('');
  const [description, setDescription] = useState('');
  const [refId, setRefId] = useState<string | null>(null);
  const [quantity, setQuantity] = useState<number | ''>(1);
  const [recipientName, setRecipientName] = useState('');
  const [recipientEmail, setRecipientEmail] = useState('');
  const [error, setError] = useState<string | null>(null);
  const products = useQuery({ queryKey: productsKey, queryFn: posApi.products, enabled: kind === 'product' });
  const plans = useQuery({ queryKey: ['memberships', 'plans', 'pos'], queryFn: () => plansApi.list(false), enabled: kind === 'membership' && canPlans });
  const plan = plans.data?.items.find((p) => p.id === refId);
  const sliding = plan?.priceMode === 'sliding';

  const kinds: { value: ItemKind; label: string }[] = [
    { value: 'drop_in', label: t('pos.items.drop_in') },
    { value: 'product', label: t('pos.items.product') },
    ...(canPlans ? [{ value: 'membership' as const, label: t('pos.items.membership') }] : []),
    { value: 'gift_card', label: t('pos.items.gift_card') },
    { value: 'prepaid_credit', label: t('pos.items.prepaid_credit') },
  ];

  const reset = () => {
    setAmount('');
    setDescription('');
    setRefId(null);
    setQuantity(1);
    setRecipientName('');
    setRecipientEmail('');
    setError(null);
  };

  const add = () => {
    const priceMinor = toMinorUnits(amount, currency);
    const needsAmount = kind === 'drop_in' || kind === 'gift_card' || kind === 'prepaid_credit' || (kind === 'membership' && sliding);
    if (needsAmount && (!priceMinor || priceMinor <= 0)) return setError(t('pos.items.amountRequired'));
    if ((kind === 'product' || kind === 'membership') && !refId) return setError(t('pos.items.chooseOne'));
    const qty = kind === 'product' ? Number(quantity) || 1 : 1;
    const product = products.data?.items.find((p) => p.id === refId);
    const label =
      kind === 'drop_in'
        ? description.trim() || t('pos.items.drop_in')
        : kind === 'product'
          ? (product?.name ?? '')
          : kind === 'membership'
            ? (plan?.name ?? '')
            : t(`pos.items.${kind}`);
    onAdd({
      key: lineKey(),
      kind,
      quantity: qty,
      label,
      ...(refId && (kind === 'product' || kind === 'membership') ? { refId } : {}),
      ...(needsAmount && priceMinor ? { priceMinor } : {}),
      ...(kind === 'drop_in' && description.trim() ? { description: description.trim() } : {}),
      ...(kind === 'gift_card' && (recipientName.trim() || recipientEmail.trim())
        ? { metadata: { ...(recipientName.trim() ? { recipientName: recipientName.trim() } : {}), ...(recipientEmail.trim() ? { recipientEmail: recipientEmail.trim() } : {}) } }
        : {}),
    });
    reset();
  };

  return (
    <Stack gap="sm">
      <SegmentedControl
        aria-label={t('pos.items.kind')}
        value={kind}
        onChange={(v) => {
          setKind(v as ItemKind);
          reset();
        }}
        data={kinds}
        fullWidth
        orientation="horizontal"
        style={{ flexWrap: 'wrap' }}
      />
      {kind === 'drop_in' ? (
        <TextInput label={t('pos.items.description')} placeholder={t('pos.items.descriptionPlaceholder')} value={description} onChange={(e) => setDescription(e.currentTarget.value)} maxLength={200} />
      ) : null}
      {kind === 'product' ? (
        <Group grow align="flex-end">
          <Select
            label={t('pos.items.product')}
            searchable
            value={refId}
            onChange={setRefId}
            data={(products.data?.items ?? [])
              .filter((p) => !p.archived)
              .map((p) => ({
                value: p.id,
                label: `${p.name} · ${formatMoney(p.priceMinor, p.currency)}${p.trackStock ? ` · ${t('pos.items.inStock', { count: p.onHand })}` : ''}`,
                disabled: p.trackStock && p.onHand <= 0,
              }))}
            nothingFoundMessage={products.isPending ? t('common.loading') : t('pos.items.noProducts')}
          />
          <NumberInput label={t('pos.items.quantity')} min={1} max={1000} value={quantity} onChange={(v) => setQuantity(typeof v === 'number' ? v : '')} maw={120} />
        </Group>
      ) : null}
      {kind === 'membership' ? (
        <Select
          label={t('pos.items.membership')}
          searchable
          value={refId}
          onChange={(v) => {
            setRefId(v);
            const p = plans.data?.items.find((x) => x.id === v);
            setAmount(p?.priceMode === 'sliding' ? fromMinorUnits(p.priceMinMinor, currency) : '');
          }}
          data={(plans.data?.items ?? []).map((p) => ({ value: p.id, label: `${p.name} · ${formatMoney(p.priceMinor, p.currency)}` }))}
          nothingFoundMessage={plans.isPending ? t('common.loading') : t('pos.items.noPlans')}
        />
      ) : null}
      {kind === 'drop_in' || kind === 'gift_card' || kind === 'prepaid_credit' || (kind === 'membership' && sliding) ? (
        <NumberInput
          label={
            sliding && plan
              ? t('pos.items.slidingAmount', { min: formatMoney(plan.priceMinMinor ?? 0, currency), max: formatMoney(plan.priceMaxMinor ?? 0, currency) })
              : t('pos.items.amount', { currency })
          }
          decimalScale={currencyDigits(currency)}
          min={0}
          value={amount}
          onChange={(v) => setAmount(typeof v === 'number' ? v : v === '' ? '' : Number(v))}
        />
      ) : null}
      {kind === 'gift_card' ? (
        <Group grow>
          <TextInput label={t('pos.items.recipientName')} value={recipientName} onChange={(e) => setRecipientName(e.currentTarget.value)} />
          <TextInput label={t('pos.items.recipientEmail')} type="email" value={recipientEmail} onChange={(e) => setRecipientEmail(e.currentTarget.value)} />
        </Group>
      ) : null}
      {error ? (
        <span role="alert" style={{ color: 'var(--mantine-color-red-8)', fontSize: 14 }}>
          {error}
        </span>
      ) : null}
      <Group justify="flex-end">
        <Button variant="light" onClick={add}>
          {t('pos.items.add')}
        </Button>
      </Group>
    </Stack>
  );
}
