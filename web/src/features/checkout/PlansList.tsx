import { Badge, Button, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { QueryState } from '../../app/ui/QueryState.tsx';
import { checkoutApi, publicPlansKey, type PublicPlanDto } from './api.ts';
import { planCredits, planPrice, planValidity } from './plan-format.ts';

/** Featured plans first, then the rest in the studio's order. */
export const sortPlans = (plans: PublicPlanDto[]) => [...plans.filter((p) => p.featured), ...plans.filter((p) => !p.featured)];

function PlanCard({ plan, slug }: { plan: PublicPlanDto; slug: string }) {
  const { t } = useTranslation();
  return (
    <Card withBorder radius="lg" padding="lg" data-testid="plan-card" component="article" aria-labelledby={`plan-${plan.id}`}>
      <Stack gap="xs" h="100%">
        <Group justify="space-between" align="flex-start" wrap="nowrap" gap="xs">
          <Title order={2} fz="lg" id={`plan-${plan.id}`} className="enso-break">
            {plan.name}
          </Title>
          {plan.featured ? (
            <Badge color="brand" variant="light" style={{ flexShrink: 0 }}>
              {t('checkout.featured')}
            </Badge>
          ) : null}
        </Group>
        <Text fz={26} fw={800} lh={1.2}>
          {planPrice(plan)}
        </Text>
        {plan.priceMode === 'sliding' ? (
          <Text size="sm" c="dimmed">
            {t('checkout.slidingHint')}
          </Text>
        ) : null}
        <Text fw={600}>{planCredits(plan, t)}</Text>
        <Text size="sm" c="dimmed">
          {planValidity(plan, t)}
        </Text>
        {plan.kind === 'intro_offer' ? (
          <Text size="sm" c="dimmed">
            {t('checkout.introOnly')}
          </Text>
        ) : null}
        {plan.description ? (
          <Text size="sm" className="enso-break" style={{ whiteSpace: 'pre-line' }}>
            {plan.description}
          </Text>
        ) : null}
        <Button component={Link} to={`/s/${slug}/checkout/${plan.id}`} mt="auto" aria-label={t('checkout.buyNamed', { name: plan.name })}>
          {t('checkout.buy')}
        </Button>
      </Stack>
    </Card>
  );
}

/** The studio's public plans as cards: price or sliding-scale range, credits, validity. */
export function PlansList({ slug }: { slug: string }) {
  const { t } = useTranslation();
  const plans = useQuery({ queryKey: publicPlansKey(slug), queryFn: () => checkoutApi.plans(slug) });
  if (!plans.data) return <QueryState isPending={plans.isPending} error={plans.error} onRetry={() => void plans.refetch()} />;
  if (plans.data.items.length === 0) return <Text c="dimmed">{t('checkout.noPlans')}</Text>;
  return (
    <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
      {sortPlans(plans.data.items).map((plan) => (
        <PlanCard key={plan.id} plan={plan} slug={slug} />
      ))}
    </SimpleGrid>
  );
}
