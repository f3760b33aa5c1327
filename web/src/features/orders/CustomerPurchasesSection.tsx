import { Anchor, Badge, Box, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { QueryState } from '../../app/ui/QueryState.tsx';
import { formatInZone, formatMoney } from '../../lib/format.ts';
import { useCan } from '../../routes/staff/session.tsx';
import { ordersApi, ordersKey } from './api.ts';
import { statusColor } from './format.ts';

const shown = 5;

/** The staff profile's "Purchases" block: the customer's latest orders, each opening in Sales, and a sale started for them. */
export function CustomerPurchasesSection({ customerId, timeZone }: { customerId: string; timeZone: string | undefined }) {
  const { t } = useTranslation();
  const canRead = useCan('commerce:read');
  const canSell = useCan('commerce:sell');
  const orders = useQuery({
    queryKey: [...ordersKey, { customerId, limit: shown }],
    queryFn: () => ordersApi.list({ customerId, limit: shown }),
    enabled: canRead,
  });
  if (!canRead) return null;
  const items = orders.data?.items ?? [];
  const salesOf = `/sales?customer=${encodeURIComponent(customerId)}`;

  return (
    <Paper withBorder p={{ base: 'sm', sm: 'lg' }} radius="md" component="section" aria-labelledby="customer-purchases-heading">
      <Group justify="space-between" mb="sm" wrap="wrap" gap="xs">
        <Title order={2} fz="lg" id="customer-purchases-heading">
          {t('sales.profile.title')}
        </Title>
        {canSell ? (
          <Button component={Link} to={`/pos?customer=${encodeURIComponent(customerId)}`} size="compact-sm" variant="light">
            {t('sales.profile.newSale')}
          </Button>
        ) : null}
      </Group>
      <QueryState isPending={orders.isPending} error={orders.error} onRetry={() => void orders.refetch()} />
      {orders.data && items.length === 0 ? (
        <Text c="dimmed" size="sm">
          {t('sales.profile.empty')}
        </Text>
      ) : null}
      {items.length > 0 ? (
        <Stack gap={0} role="list" aria-label={t('sales.profile.title')}>
          {items.map((o) => (
            <Box key={o.id} role="listitem" py={6} style={{ borderTop: '1px solid var(--mantine-color-gray-3)' }}>
              <Group justify="space-between" wrap="nowrap" gap="xs">
                <Anchor component={Link} to={`${salesOf}&order=${encodeURIComponent(o.id)}`} size="sm" fw={600} aria-label={t('sales.openOrder', { number: o.number })}>
                  #{o.number}
                </Anchor>
                <Text size="sm" fw={600} style={{ whiteSpace: 'nowrap' }}>
                  {formatMoney(o.totalMinor, o.currency)}
                </Text>
              </Group>
              <Group justify="space-between" wrap="nowrap" gap="xs">
                <Text size="xs" c="dimmed">
                  {formatInZone(o.paidAt ?? o.createdAt, timeZone, { dateStyle: 'medium', timeStyle: 'short' })} · {t(`sales.channel.${o.channel}`)}
                </Text>
                <Badge size="xs" color={statusColor[o.status] ?? 'gray'} c={`${statusColor[o.status] ?? 'gray'}.9`} variant="outline">
                  {t(`sales.status.${o.status}`)}
                </Badge>
              </Group>
            </Box>
          ))}
        </Stack>
      ) : null}
      {orders.data?.nextCursor ? (
        <Anchor component={Link} to={salesOf} size="sm" mt="xs" display="inline-block">
          {t('sales.profile.seeAll')}
        </Anchor>
      ) : null}
    </Paper>
  );
}
