import { Button, Group, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api.ts';
import { notifySuccess } from '../../lib/errors.ts';
import { formatMoney } from '../../lib/format.ts';
import { catalogErrorMessage } from '../products/api.ts';
import type { RedeemedToCredit } from '../../../../src/modules/commerce/gift-cards/contracts.ts';

/** The customer's account: a gift card's code turns its balance into the customer's prepaid credit. */
export function RedeemGiftCard({ slug }: { slug: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!code.trim()) {
      setError(t('credits.redeem.required'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const moved = await api.post<RedeemedToCredit>(`/api/public/v1/studios/${encodeURIComponent(slug)}/me/gift-cards/redeem`, { code: code.trim() });
      // The account's credit and gift-card blocks read under ['me', slug, …].
      await queryClient.invalidateQueries({ queryKey: ['me', slug] });
      notifySuccess(t('credits.redeem.done', { amount: formatMoney(moved.amountMinor, moved.currency), balance: formatMoney(moved.creditBalanceMinor, moved.currency) }));
      setCode('');
    } catch (err) {
      setError(catalogErrorMessage(err, t, 'giftCards'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Paper withBorder radius="lg" p={{ base: 'md', sm: 'xl' }} component="section" aria-labelledby="redeem-gift-card-heading">
      <Title order={2} fz="lg" mb="xs" id="redeem-gift-card-heading">
        {t('credits.redeem.title')}
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        {t('credits.redeem.help')}
      </Text>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Stack gap="xs">
          <Group gap="xs" align="flex-start" wrap="wrap">
            <TextInput
              label={t('credits.redeem.code')}
              placeholder="XXXX-XXXX-XXXX-XXXX"
              value={code}
              onChange={(e) => setCode(e.currentTarget.value)}
              error={error}
              maxLength={40}
              autoComplete="off"
              styles={{ input: { fontFamily: 'monospace', textTransform: 'uppercase' } }}
              style={{ flex: '1 1 14rem', maxWidth: 320 }}
            />
            <Button type="submit" loading={busy} mt={{ base: 0, xs: 25 }}>
              {t('credits.redeem.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
