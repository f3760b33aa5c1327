import { Anchor, Button, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useParams } from 'react-router';
import { PageLoader } from '../../app/ui/PageLoader.tsx';
import { QueryState } from '../../app/ui/QueryState.tsx';
import { checkoutApi, publicPlansKey, type OrderDto } from '../../features/checkout/api.ts';
import { CheckoutForm } from '../../features/checkout/CheckoutForm.tsx';
import { formatMoney, fullName } from '../../lib/format.ts';
import { useMe, usePublicStudioContext } from './context.tsx';
import { usePageTitle } from './usePageTitle.ts';

function Confirmation({ order, slug }: { order: OrderDto; slug: string }) {
  const { t } = useTranslation();
  const money = (minor: number) => formatMoney(minor, order.currency);
  return (
    <Paper withBorder radius="lg" p={{ base: 'md', sm: 'xl' }} component="section" aria-labelledby="confirmation-heading" data-testid="purchase-confirmation">
      <Stack gap="sm">
        <Title order={2} fz="xl" id="confirmation-heading">
          {t('checkout.thanks')}
        </Title>
        <Text>{t('checkout.orderNumber', { number: order.number })}</Text>
        <Table>
          <Table.Tbody>
            {order.lines.map((line) => (
              <Table.Tr key={line.id}>
                <Table.Td className="enso-break">{line.description}</Table.Td>
                <Table.Td ta="right">{money(line.subtotalMinor)}</Table.Td>
              </Table.Tr>
            ))}
            {order.discountMinor > 0 ? (
              <Table.Tr>
                <Table.Td>{t('checkout.discount')}</Table.Td>
                <Table.Td ta="right">−{money(order.discountMinor)}</Table.Td>
              </Table.Tr>
            ) : null}
            {order.taxMinor > 0 ? (
              <Table.Tr>
                <Table.Td>{t('checkout.tax')}</Table.Td>
                <Table.Td ta="right">{money(order.taxMinor)}</Table.Td>
              </Table.Tr>
            ) : null}
            <Table.Tr>
              <Table.Td fw={700}>{t('checkout.total')}</Table.Td>
              <Table.Td ta="right" fw={700}>
                {money(order.totalMinor)}
              </Table.Td>
            </Table.Tr>
          </Table.Tbody>
        </Table>
        <Text size="sm" c="dimmed">
          {t('checkout.receiptSent')}
        </Text>
        <Group>
          <Button component={Link} to={`/s/${slug}/account`}>
            {t('checkout.seeAccount')}
          </Button>
          <Button component={Link} to={`/s/${slug}/schedule`} variant="default">
            {t('checkout.bookClass')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

/** Buying one plan: the form, then the confirmation. Signed-out visitors sign in first and come back here. */
export function CheckoutPage() {
  const { t } = useTranslation();
  const studio = usePublicStudioContext();
  const { planId = '' } = useParams();
  const me = useMe(studio.slug);
  const plans = useQuery({ queryKey: publicPlansKey(studio.slug), queryFn: () => checkoutApi.plans(studio.slug) });
  const [paid, setPaid] = useState<OrderDto | null>(null);
  usePageTitle(t('checkout.title'), studio.name);

  if (me.isPending) return <PageLoader />;
  if (!me.data) return <Navigate to={`/s/${studio.slug}/login?next=${encodeURIComponent(`/s/${studio.slug}/checkout/${planId}`)}`} replace />;
  const plan = plans.data?.items.find((p) => p.id === planId);

  return (
    <Stack maw={640} mx="auto">
      <Anchor component={Link} to={`/s/${studio.slug}/plans`} size="sm">
        ← {t('checkout.backToPlans')}
      </Anchor>
      <Title order={1} fz={{ base: 24, sm: 30 }}>
        {paid ? t('checkout.confirmedTitle') : t('checkout.title')}
      </Title>
      {!plans.data ? (
        <QueryState isPending={plans.isPending} error={plans.error} onRetry={() => void plans.refetch()} />
      ) : paid ? (
        <Confirmation order={paid} slug={studio.slug} />
      ) : plan ? (
        <CheckoutForm slug={studio.slug} plan={plan} signerName={fullName(me.data)} onPaid={setPaid} />
      ) : (
        <Text>{t('checkout.planGone')}</Text>
      )}
    </Stack>
  );
}
