import { Badge, Box, Button, Group, NumberInput, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormActions } from '../../app/ui/FormActions.tsx';
import { QueryState } from '../../app/ui/QueryState.tsx';
import { applyApiError, notifySuccess } from '../../lib/errors.ts';
import { currencyDigits, formatInZone, formatMoney, toMinorUnits } from '../../lib/format.ts';
import { useCan } from '../../routes/staff/session.tsx';
import { useGiftCardList } from '../gift-cards/api.ts';
import { statusColors } from '../gift-cards/GiftCardsPage.tsx';
import { creditsApi, customerCreditsKey, useCreditAccount } from './api.ts';

/** The staff profile's "Prepaid credit" block: the balance, its ledger, staff corrections, and the customer's gift cards. */
export function CustomerCreditsSection({ customerId, timeZone }: { customerId: string; timeZone: string | undefined }) {
  const { t } = useTranslation();
  const canRead = useCan('commerce:read');
  const canAdjust = useCan('commerce:refund');
  const account = useCreditAccount(customerId, canRead);
  const giftCards = useGiftCardList({ customerId }, canRead);
  const [adjusting, setAdjusting] = useState(false);
  if (!canRead) return null;
  const first = account.data?.pages[0];
  const entries = account.data?.pages.flatMap((p) => p.entries) ?? [];
  const currency = first?.currency ?? 'EUR';

  return (
    <Paper withBorder p={{ base: 'sm', sm: 'lg' }} radius="md" component="section" aria-labelledby="customer-credits-heading">
      <Group justify="space-between" mb="sm" wrap="wrap" gap="xs">
        <Title order={2} fz="lg" id="customer-credits-heading">
          {t('credits.title')}
        </Title>
        {canAdjust && !adjusting ? (
          <Button size="compact-sm" variant="light" onClick={() => setAdjusting(true)}>
            {t('credits.adjust')}
          </Button>
        ) : null}
      </Group>
      <QueryState isPending={account.isPending} error={account.error} onRetry={() => void account.refetch()} />
      {first ? (
        <Stack gap="sm">
          <Text fz="xl" fw={700} data-testid="credit-balance">
            {formatMoney(first.balanceMinor, currency)}
          </Text>
          {adjusting ? <AdjustForm customerId={customerId} currency={currency} onDone={() => setAdjusting(false)} /> : null}
          {entries.length === 0 ? (
            <Text c="dimmed" size="sm">
              {t('credits.empty')}
            </Text>
          ) : (
            <Stack gap={0} role="list" aria-label={t('credits.ledger')} data-testid="credit-ledger">
              {entries.map((e) => (
                <Box key={e.id} role="listitem" py={6} style={{ borderTop: '1px solid var(--mantine-color-gray-3)' }}>
                  <Group justify="space-between" wrap="nowrap" gap="xs" align="flex-start">
                    <Text size="sm" className="enso-break" style={{ minWidth: 0 }}>
                      {t(`credits.reasons.${e.reason}`)}
                      {e.note ? (
                        <Text span c="dimmed" size="sm">
                          {' '}
                          — {e.note}
                        </Text>
                      ) : null}
                    </Text>
                    <Text size="sm" fw={600} style={{ whiteSpace: 'nowrap' }} c={e.deltaMinor < 0 ? 'red.9' : undefined}>
                      {e.deltaMinor > 0 ? '+' : ''}
                      {formatMoney(e.deltaMinor, currency)}
                    </Text>
                  </Group>
                  <Group justify="space-between" wrap="nowrap" gap="xs">
                    <Text size="xs" c="dimmed">
                      {formatInZone(e.createdAt, timeZone, { dateStyle: 'medium', timeStyle: 'short' })}
                    </Text>
                    <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
                      {t('credits.balanceAfter', { amount: formatMoney(e.balanceAfterMinor, currency) })}
                    </Text>
                  </Group>
                </Box>
              ))}
            </Stack>
          )}
          {account.hasNextPage ? (
            <Button variant="subtle" size="compact-sm" w="fit-content" loading={account.isFetchingNextPage} onClick={() => void account.fetchNextPage()}>
              {t('common.loadMore')}
            </Button>
          ) : null}
          {giftCards.data && giftCards.data.length > 0 ? (
            <Stack gap={4} mt="xs">
              <Text fw={600} size="sm">
                {t('credits.giftCards')}
              </Text>
              {giftCards.data.map((g) => (
                <Group key={g.id} justify="space-between" wrap="nowrap" gap="xs">
                  <Text size="sm" ff="monospace" className="enso-break">
                    {g.code}
                  </Text>
                  <Group gap={6} wrap="nowrap">
                    <Text size="sm" fw={600}>
                      {formatMoney(g.balanceMinor, g.currency)}
                    </Text>
                    <Badge size="xs" variant="dot" color={statusColors[g.status]}>
                      {t(`giftCards.status.${g.status}`)}
                    </Badge>
                  </Group>
                </Group>
              ))}
            </Stack>
          ) : null}
        </Stack>
      ) : null}
    </Paper>
  );
}

function AdjustForm({ customerId, currency, onDone }: { customerId: string; currency: string; onDone: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const form = useForm<{ amount: number | string; note: string }>({
    initialValues: { amount: '', note: '' },
    validate: {
      amount: (v) => (v !== '' && Number(v) !== 0 ? null : t('credits.validation.amount')),
      note: (v) => (v.trim() ? null : t('credits.validation.note')),
    },
  });
  const submit = form.onSubmit(async (v) => {
    try {
      await creditsApi.adjust(customerId, { deltaMinor: toMinorUnits(v.amount, currency) ?? 0, note: v.note.trim() });
      await queryClient.invalidateQueries({ queryKey: customerCreditsKey(customerId) });
      notifySuccess(t('credits.adjusted'));
      onDone();
    } catch (error) {
      applyApiError(form, error, t, { deltaMinor: 'amount' });
    }
  });
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="xs">
        <NumberInput
          label={t('credits.fields.amount')}
          description={t('credits.fields.amountHelp')}
          decimalScale={currencyDigits(currency)}
          suffix={` ${currency}`}
          required
          data-autofocus
          {...form.getInputProps('amount')}
        />
        <TextInput label={t('credits.fields.note')} required maxLength={500} {...form.getInputProps('note')} />
        <FormActions onCancel={onDone} submitLabel={t('credits.save')} loading={form.submitting} />
      </Stack>
    </form>
  );
}
