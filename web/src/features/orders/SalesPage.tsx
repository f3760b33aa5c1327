import { Badge, Button, Drawer, Group, Select, Stack, Text, TextInput } from '@mantine/core';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { DataTable } from '../../app/ui/DataTable.tsx';
import { PageHeader } from '../../app/ui/PageHeader.tsx';
import { QueryState } from '../../app/ui/QueryState.tsx';
import { useCan } from '../../routes/staff/session.tsx';
import { formatInZone, formatMoney, fullName } from '../../lib/format.ts';
import { customersApi, customerKey } from '../customers/api.ts';
import { useStudio } from '../studios/api.ts';
import { orderKey, ordersApi, ordersKey, type OrderStatus, type OrderSummaryDto } from './api.ts';
import { statusColor } from './format.ts';
import { OrderDetails } from './OrderDetails.tsx';
import { RefundDialog } from './RefundDialog.tsx';

const statuses: OrderStatus[] = ['paid', 'awaiting_payment', 'failed', 'partially_refunded', 'refunded'];

/** One order in a drawer: the receipt, and a refund for those allowed to give money back. */
function OrderDrawer({ id, onClose, timeZone }: { id: string | null; onClose: () => void; timeZone: string | undefined }) {
  const { t } = useTranslation();
  const canRefund = useCan('commerce:refund');
  const [refunding, setRefunding] = useState(false);
  const order = useQuery({ queryKey: orderKey(id ?? ''), queryFn: () => ordersApi.get(id!), enabled: id !== null });
  const customerId = order.data?.customerId ?? null;
  const customer = useQuery({ queryKey: customerKey(customerId ?? ''), queryFn: () => customersApi.get(customerId!), enabled: customerId !== null });
  return (
    <Drawer opened={id !== null} onClose={onClose} position="right" size="md" title={t('sales.orderTitle')} closeButtonProps={{ 'aria-label': t('common.close') }}>
      <QueryState isPending={order.isPending && id !== null} error={order.error} onRetry={() => void order.refetch()} />
      {order.data ? (
        <Stack>
          <OrderDetails order={order.data} timeZone={timeZone} customerName={customer.data ? fullName(customer.data) : null} />
          {canRefund && order.data.refundableMinor > 0 ? (
            <Button variant="light" color="red" onClick={() => setRefunding(true)}>
              {t('sales.refund.open')}
            </Button>
          ) : null}
          {refunding ? <RefundDialog order={order.data} opened={refunding} onClose={() => setRefunding(false)} /> : null}
        </Stack>
      ) : null}
    </Drawer>
  );
}

/** Sales: every order, newest first, with its status; click one for the receipt and refunds. */
export function SalesPage() {
  const { t } = useTranslation();
  const studio = useStudio(true);
  const tz = studio.data?.timeZone;
  const [params, setParams] = useSearchParams();
  const status = (params.get('status') as OrderStatus | null) ?? undefined;
  const customerId = params.get('customer') ?? undefined;
  const openId = params.get('order');
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';
  // Calendar days in the browser's zone: from its first instant, to the first instant of the day after `to`.
  const startOf = (day: string, plusDays = 0) => {
    const d = new Date(`${day}T00:00:00`);
    d.setDate(d.getDate() + plusDays);
    return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
  };
  const fromIso = from ? startOf(from) : undefined;
  const toIso = to ? startOf(to, 1) : undefined;
  const list = useInfiniteQuery({
    queryKey: [...ordersKey, { status, customerId, fromIso, toIso }],
    queryFn: ({ pageParam }) =>
      ordersApi.list({
        limit: 25,
        ...(pageParam ? { cursor: pageParam } : {}),
        ...(status ? { status } : {}),
        ...(customerId ? { customerId } : {}),
        ...(fromIso ? { from: fromIso } : {}),
        ...(toIso ? { to: toIso } : {}),
      }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];
  const setParam = (key: string, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };
  const canSell = useCan('commerce:sell');

  return (
    <>
      <PageHeader
        title={t('sales.title')}
        description={t('sales.description')}
        actions={
          canSell ? (
            <Button component={Link} to="/pos">
              {t('sales.newSale')}
            </Button>
          ) : null
        }
      />
      <Group mb="md" gap="sm" align="flex-end">
        <Select
          label={t('sales.filterStatus')}
          placeholder={t('sales.allStatuses')}
          clearable
          value={status ?? null}
          onChange={(v) => setParam('status', v)}
          data={statuses.map((s) => ({ value: s, label: t(`sales.status.${s}`) }))}
          w={220}
        />
        <TextInput type="date" label={t('sales.from')} value={from} onChange={(e) => setParam('from', e.currentTarget.value || null)} w={170} />
        <TextInput type="date" label={t('sales.to')} value={to} onChange={(e) => setParam('to', e.currentTarget.value || null)} w={170} />
        {customerId ? (
          <Button variant="subtle" onClick={() => setParam('customer', null)}>
            {t('sales.clearCustomer')}
          </Button>
        ) : null}
      </Group>
      <QueryState isPending={list.isPending} error={list.error} onRetry={() => void list.refetch()} />
      {list.data && rows.length === 0 ? <Text c="dimmed">{t('sales.empty')}</Text> : null}
      {rows.length > 0 ? (
        <DataTable<OrderSummaryDto>
          label={t('sales.title')}
          testId="orders-table"
          rows={rows}
          rowKey={(o) => o.id}
          columns={[
            {
              key: 'number',
              header: t('sales.columns.number'),
              primary: true,
              render: (o) => (
                <Button variant="subtle" size="compact-sm" px={4} onClick={() => setParam('order', o.id)} aria-label={t('sales.openOrder', { number: o.number })}>
                  #{o.number}
                </Button>
              ),
            },
            { key: 'date', header: t('sales.columns.date'), nowrap: true, render: (o) => formatInZone(o.paidAt ?? o.createdAt, tz, { dateStyle: 'short', timeStyle: 'short' }) },
            { key: 'channel', header: t('sales.columns.channel'), render: (o) => t(`sales.channel.${o.channel}`) },
            { key: 'total', header: t('sales.columns.total'), nowrap: true, render: (o) => formatMoney(o.totalMinor, o.currency) },
            {
              key: 'status',
              header: t('sales.columns.status'),
              nowrap: true,
              render: (o) => (
                <Badge color={statusColor[o.status] ?? 'gray'} c={`${statusColor[o.status] ?? 'gray'}.9`} variant="outline">
                  {t(`sales.status.${o.status}`)}
                </Badge>
              ),
            },
          ]}
        />
      ) : null}
      {list.hasNextPage ? (
        <Button variant="default" mt="md" loading={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
          {t('sales.more')}
        </Button>
      ) : null}
      <OrderDrawer id={openId} onClose={() => setParam('order', null)} timeZone={tz} />
    </>
  );
}
