import { Paper, Title } from '@mantine/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useCan } from '../../routes/staff/session.tsx';
import { customerCardsApi, customerCardsKey } from './api.ts';
import { CardsPanel } from './CardsPanel.tsx';

/** The staff profile's "Saved cards" block: the front desk adds a card for a customer at the desk. */
export function CustomerCardsSection({ customerId }: { customerId: string }) {
  const { t } = useTranslation();
  const canRead = useCan('commerce:read');
  const canSell = useCan('commerce:sell');
  const endpoints = useMemo(() => customerCardsApi(customerId), [customerId]);
  if (!canRead) return null;
  return (
    <Paper withBorder p={{ base: 'sm', sm: 'lg' }} radius="md" component="section" aria-labelledby="customer-cards-heading">
      <Title order={2} fz="lg" mb="md" id="customer-cards-heading">
        {t('wallet.title')}
      </Title>
      <CardsPanel endpoints={endpoints} queryKey={customerCardsKey(customerId)} canEdit={canSell} />
    </Paper>
  );
}
