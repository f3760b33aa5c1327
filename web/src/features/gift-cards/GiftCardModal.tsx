import { Badge, Button, Divider, Group, Modal, NumberInput, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormActions } from '../../app/ui/FormActions.tsx';
import { QueryState } from '../../app/ui/QueryState.tsx';
import { applyApiError, notifySuccess } from '../../lib/errors.ts';
import { currencyDigits, formatInZone, formatMoney, toMinorUnits } from '../../lib/format.ts';
import { useCan } from '../../routes/staff/session.tsx';
import { CustomerPicker, type PickedCustomer } from '../pos/CustomerPicker.tsx';
import { catalogErrorMessage } from '../products/api.ts';
import { giftCardsApi, giftCardsKey, useGiftCard, type GiftCardDetailDto } from './api.ts';
import { statusColors } from './GiftCardsPage.tsx';

/** One card: its balance, who holds it, its ledger; staff correct the balance or move it to a customer's credit. */
export function GiftCardModal({ id, timeZone, onClose }: { id: string; timeZone: string | undefined; onClose: () => void }) {
  const { t } = useTranslation();
  const card = useGiftCard(id);
  const c = card.data;
  return (
    <Modal opened onClose={onClose} title={t('giftCards.cardTitle')} size="lg">
      <QueryState isPending={card.isPending} error={card.error} onRetry={() => void card.refetch()} />
      {c ? (
        <Stack>
          <Group justify="space-between" wrap="wrap" gap="xs">
            <Text ff="monospace" fw={700} fz="lg" className="enso-break" data-testid="gift-card-code">
              {c.code}
            </Text>
            <Badge variant="dot" color={statusColors[c.status]}>
              {t(`giftCards.status.${c.status}`)}
            </Badge>
          </Group>
          <Text fz="xl" fw={700} data-testid="gift-card-balance">
            {formatMoney(c.balanceMinor, c.currency)}
            <Text span c="dimmed" fz="sm" fw={400}>
              {' '}
              {t('giftCards.ofInitial', { amount: formatMoney(c.initialAmountMinor, c.currency) })}
            </Text>
          </Text>
          <Text size="sm">
            {c.customerName ? t('giftCards.heldBy', { name: c.customerName }) : null}
            {c.recipientName || c.recipientEmail ? ` ${t('giftCards.recipient', { name: [c.recipientName, c.recipientEmail].filter(Boolean).join(' · ') })}` : null}
          </Text>
          {c.expiresAt ? <Text size="sm">{t('giftCards.expires', { date: formatInZone(c.expiresAt, timeZone, { dateStyle: 'medium', timeStyle: 'short' }) })}</Text> : null}
          {c.message ? (
            <Text size="sm" fs="italic" className="enso-break">
              “{c.message}”
            </Text>
          ) : null}
          <CardActions card={c} />
          <Title order={3} fz="md">
            {t('giftCards.history')}
          </Title>
          <Table.ScrollContainer minWidth={420} type="native" tabIndex={0}>
            <Table striped aria-label={t('giftCards.history')}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('giftCards.when')}</Table.Th>
                  <Table.Th>{t('giftCards.entry')}</Table.Th>
                  <Table.Th ta="right">{t('giftCards.amount')}</Table.Th>
                  <Table.Th ta="right">{t('giftCards.fields.balance')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {c.entries.map((e) => (
                  <Table.Tr key={e.id}>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatInZone(e.createdAt, timeZone, { dateStyle: 'short', timeStyle: 'short' })}</Table.Td>
                    <Table.Td className="enso-break">
                      {t(`giftCards.kinds.${e.kind}`)}
                      {e.note ? (
                        <Text span c="dimmed" size="sm">
                          {' '}
                          — {e.note}
                        </Text>
                      ) : null}
                    </Table.Td>
                    <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                      {e.deltaMinor > 0 ? '+' : ''}
                      {formatMoney(e.deltaMinor, c.currency)}
                    </Table.Td>
                    <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                      {formatMoney(e.balanceAfterMinor, c.currency)}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Stack>
      ) : null}
    </Modal>
  );
}

function CardActions({ card }: { card: GiftCardDetailDto }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const canAdjust = useCan('commerce:refund');
  const canSell = useCan('commerce:sell');
  const [mode, setMode] = useState<'adjust' | 'credit' | null>(null);
  const [customer, setCustomer] = useState<PickedCustomer | null>(null);
  const [busy, setBusy] = useState(false);
  const form = useForm<{ amount: number | string; note: string }>({
    initialValues: { amount: '', note: '' },
    validate: {
      amount: (v) => (v !== '' && Number(v) !== 0 ? null : t('giftCards.validation.change')),
      note: (v) => (v.trim() ? null : t('giftCards.validation.note')),
    },
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: giftCardsKey });

  const adjust = form.onSubmit(async (v) => {
    try {
      await giftCardsApi.adjust(card.id, { deltaMinor: toMinorUnits(v.amount, card.currency) ?? 0, note: v.note.trim() });
      await refresh();
      notifySuccess(t('common.saved'));
      form.reset();
      setMode(null);
    } catch (error) {
      applyApiError(form, error, t, { deltaMinor: 'amount' });
    }
  });

  const moveToCredit = async () => {
    if (!customer) return;
    setBusy(true);
    try {
      const moved = await giftCardsApi.redeemToCredit(card.code, customer.id);
      await refresh();
      await queryClient.invalidateQueries({ queryKey: ['customer-credits'] });
      notifySuccess(t('giftCards.movedToCredit', { amount: formatMoney(moved.amountMinor, moved.currency), name: customer.name }));
      setMode(null);
    } catch (error) {
      notifications.show({ color: 'red', title: t('errors.title'), message: catalogErrorMessage(error, t, 'giftCards') });
    } finally {
      setBusy(false);
    }
  };

  const active = card.status === 'active';
  if (!canAdjust && !(canSell && active)) return null;
  return (
    <Stack gap="sm">
      <Group gap="xs" wrap="wrap">
        {canAdjust ? (
          <Button size="compact-sm" variant={mode === 'adjust' ? 'filled' : 'light'} onClick={() => setMode(mode === 'adjust' ? null : 'adjust')}>
            {t('giftCards.adjust')}
          </Button>
        ) : null}
        {canSell && active ? (
          <Button size="compact-sm" variant={mode === 'credit' ? 'filled' : 'light'} onClick={() => setMode(mode === 'credit' ? null : 'credit')}>
            {t('giftCards.toCredit')}
          </Button>
        ) : null}
      </Group>
      {mode === 'adjust' ? (
        <form onSubmit={adjust} noValidate>
          <Stack gap="xs">
            <NumberInput
              label={t('giftCards.fields.change')}
              description={t('giftCards.fields.changeHelp')}
              decimalScale={currencyDigits(card.currency)}
              suffix={` ${card.currency}`}
              required
              {...form.getInputProps('amount')}
            />
            <TextInput label={t('giftCards.fields.note')} required maxLength={500} {...form.getInputProps('note')} />
            <FormActions onCancel={() => setMode(null)} submitLabel={t('giftCards.saveAdjustment')} loading={form.submitting} />
          </Stack>
        </form>
      ) : null}
      {mode === 'credit' ? (
        <Stack gap="xs">
          <Text size="sm">{t('giftCards.toCreditHelp', { amount: formatMoney(card.balanceMinor, card.currency) })}</Text>
          <CustomerPicker value={customer} onChange={setCustomer} />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setMode(null)}>
              {t('common.cancel')}
            </Button>
            <Button disabled={!customer} loading={busy} onClick={() => void moveToCredit()}>
              {t('giftCards.toCreditSubmit')}
            </Button>
          </Group>
        </Stack>
      ) : null}
      <Divider />
    </Stack>
  );
}
