import { Paper, Title } from '@mantine/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { ownCardsApi, ownCardsKey } from './api.ts';
import { CardsPanel } from './CardsPanel.tsx';

/** The account page's "Saved cards" section. */
export function OwnCardsSection({ slug }: { slug: string }) {
  const { t } = useTranslation();
  const endpoints = useMemo(() => ownCardsApi(slug), [slug]);
  return (
    <Paper withBorder radius="lg" p={{ base: 'md', sm: 'xl' }} component="section" aria-labelledby="own-cards-heading">
      <Title order={2} fz="lg" mb="md" id="own-cards-heading">
        {t('wallet.title')}
      </Title>
      <CardsPanel endpoints={endpoints} queryKey={ownCardsKey(slug)} />
    </Paper>
  );
}
