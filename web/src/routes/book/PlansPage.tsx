import { Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { PlansList } from '../../features/checkout/PlansList.tsx';
import { usePublicStudioContext } from './context.tsx';
import { usePageTitle } from './usePageTitle.ts';

/** "Memberships & packs": what a customer can buy online. */
export function PlansPage() {
  const { t } = useTranslation();
  const studio = usePublicStudioContext();
  usePageTitle(t('checkout.plansTitle'), studio.name);
  return (
    <Stack maw={880} mx="auto">
      <div>
        <Title order={1} fz={{ base: 24, sm: 30 }}>
          {t('checkout.plansTitle')}
        </Title>
        <Text c="dimmed">{t('checkout.plansIntro', { studio: studio.name })}</Text>
      </div>
      <PlansList slug={studio.slug} />
    </Stack>
  );
}
