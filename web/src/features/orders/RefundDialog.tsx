import { Alert, Button, Checkbox, Group, Modal, NumberInput, Select, Stack, Text, TextInput } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../lib/api.ts';
import { notifySuccess } from '../../lib/errors.ts';
import { currencyDigits, formatMoney, fromMinorUnits, toMinorUnits } from '../../lib/format.ts';
import { newIdempotencyKey, orderKey, ordersApi, ordersKey, type OrderDto, type RefundDestination } from './api.ts';
import { salesErrorMessage } from './format.ts';

/**
 * Refund all or part of an order: to the card it was paid with, to the customer's prepaid
 * credit, or in cash. One Idempotency-Key per attempt, so a double click refunds once.
 */
export function RefundDialog({ order, opened, onClose }: { order: OrderDto; opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const paidByCard = order.payments.some((p) => p.method === 'card' && p.status === 'succeeded');
  const destinations: RefundDestination[] = [...(paidByCard ? (['card'] as const) : []), ...(order.customerId ? (['prepaid_credit'] as const) : []), 'cash'];
  const [amount, setAmount] = useState<number | ''>(fromMinorUnits(order.refundableMinor, order.currency));
  const [destination, setDestination] = useState<RefundDestination>(destinations[0]!);
  const [lineId, setLineId] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [restock, setRestock] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [amountError, setAmountError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const attempt = useRef<{ key: string; body: string } | null>(null);
  const lines = order.lines.filter((l) => l.kind !== 'surcharge');
  // Products refunded may go back on the shelf (the whole order's, or the one line chosen).
  const hasProducts = lines.some((l) => l.kind === 'product' && (lineId === null || l.id === lineId));

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setError(null);
    const amountMinor = toMinorUnits(amount, order.currency);
    if (!amountMinor || amountMinor <= 0 || amountMinor > order.refundableMinor) {
      setAmountError(t('sales.refund.amountInvalid', { max: formatMoney(order.refundableMinor, order.currency) }));
      return;
    }
    setAmountError(null);
    const body = { amountMinor, destination, reason: reason.trim(), ...(lineId ? { lineId } : {}), ...(hasProducts && restock ? { restock: true } : {}) };
    const text = JSON.stringify(body);
    if (!attempt.current || attempt.current.body !== text) attempt.current = { key: newIdempotencyKey(), body: text };
    setBusy(true);
    try {
      const updated = await ordersApi.refund(order.id, body, attempt.current.key);
      queryClient.setQueryData(orderKey(order.id), updated);
      await queryClient.invalidateQueries({ queryKey: ordersKey });
      notifySuccess(t('sales.refund.done', { amount: formatMoney(amountMinor, order.currency) }));
      attempt.current = null;
      onClose();
    } catch (err) {
      if (err instanceof ApiError && err.fieldErrors.some((f) => f.path === 'amountMinor')) setAmountError(salesErrorMessage(err, t));
      else setError(salesErrorMessage(err, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened={opened} onClose={onClose} title={t('sales.refund.title', { number: order.number })} closeButtonProps={{ 'aria-label': t('common.close') }}>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Stack>
          <Text size="sm">{t('sales.refund.refundable', { amount: formatMoney(order.refundableMinor, order.currency) })}</Text>
          {error ? (
            <Alert color="red" role="alert">
              {error}
            </Alert>
          ) : null}
          <NumberInput
            label={t('sales.refund.amount', { currency: order.currency })}
            value={amount}
            onChange={(v) => setAmount(typeof v === 'number' ? v : v === '' ? '' : Number(v))}
            decimalScale={currencyDigits(order.currency)}
            min={0}
            error={amountError}
            required
            data-autofocus
          />
          <Select
            label={t('sales.refund.destination')}
            value={destination}
            onChange={(v) => v && setDestination(v as RefundDestination)}
            data={destinations.map((d) => ({ value: d, label: t(`sales.refund.to.${d}`) }))}
            allowDeselect={false}
          />
          {lines.length > 1 ? (
            <Select
              label={t('sales.refund.line')}
              placeholder={t('sales.refund.wholeOrder')}
              value={lineId}
              onChange={setLineId}
              clearable
              data={lines.map((l) => ({ value: l.id, label: `${l.description} (${formatMoney(l.totalMinor - l.refundedMinor, order.currency)})` }))}
            />
          ) : null}
          {hasProducts ? <Checkbox label={t('sales.refund.restock')} checked={restock} onChange={(e) => setRestock(e.currentTarget.checked)} /> : null}
          <TextInput label={t('sales.refund.reason')} value={reason} onChange={(e) => setReason(e.currentTarget.value)} maxLength={500} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" color="red" loading={busy}>
              {t('sales.refund.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
