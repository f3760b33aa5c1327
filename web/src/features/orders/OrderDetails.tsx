import { Anchor, Badge, Divider, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatInZone, formatMoney } from '../../lib/format.ts';
import type { OrderDto } from './api.ts';
import { statusColor } from './format.ts';

const paymentColor = (status: string) => (status === 'succeeded' ? 'teal' : status === 'failed' ? 'red' : 'gray');

/** An order as a receipt: lines, discount, tax, card fee, total, tenders and refunds. */
export function OrderDetails({ order, timeZone, customerName }: { order: OrderDto; timeZone: string | undefined; customerName?: string | null }) {
  const { t } = useTranslation();
  const money = (m: number) => formatMoney(m, order.currency);
  const row = (label: string, value: string, strong = false) => (
    <Group justify="space-between" wrap="nowrap" gap="xs">
      <Text size="sm" fw={strong ? 700 : 400}>
        {label}
      </Text>
      <Text size="sm" fw={strong ? 700 : 400} style={{ whiteSpace: 'nowrap' }}>
        {value}
      </Text>
    </Group>
  );
  return (
    <Stack gap="sm" data-testid="order-details">
      <Group justify="space-between" gap="xs">
        <Title order={3} fz="md">
          {t('sales.orderNumber', { number: order.number })}
        </Title>
        <Badge color={statusColor[order.status] ?? 'gray'} c={`${statusColor[order.status] ?? 'gray'}.9`} variant="outline">
          {t(`sales.status.${order.status}`)}
        </Badge>
      </Group>
      <Text size="sm" c="dimmed">
        {formatInZone(order.paidAt ?? order.createdAt, timeZone, { dateStyle: 'medium', timeStyle: 'short' })} · {t(`sales.channel.${order.channel}`)}
      </Text>
      <Text size="sm">
        {order.customerId ? (
          <Anchor component={Link} to={`/customers/${order.customerId}`}>
            {customerName ?? t('sales.customer')}
          </Anchor>
        ) : (
          t('sales.walkIn')
        )}
      </Text>
      <Table verticalSpacing={4} fz="sm" aria-label={t('sales.lines')}>
        <Table.Tbody>
          {order.lines
            .filter((l) => l.kind !== 'surcharge')
            .map((l) => (
              <Table.Tr key={l.id}>
                <Table.Td className="enso-break">
                  {l.quantity} × {l.description}
                  {l.discountMinor > 0 ? (
                    <Text size="xs" c="dimmed">
                      {t('sales.lineDiscount', { amount: money(l.discountMinor) })}
                    </Text>
                  ) : null}
                  {l.fulfilmentError ? (
                    <Text size="xs" c="red.8">
                      {t('sales.notDelivered', { reason: l.fulfilmentError })}
                    </Text>
                  ) : null}
                  {l.refundedMinor > 0 ? (
                    <Text size="xs" c="grape.8">
                      {t('sales.lineRefunded', { amount: money(l.refundedMinor) })}
                    </Text>
                  ) : null}
                </Table.Td>
                <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                  {money(l.subtotalMinor)}
                </Table.Td>
              </Table.Tr>
            ))}
        </Table.Tbody>
      </Table>
      {row(t('sales.subtotal'), money(order.subtotalMinor))}
      {order.discountMinor > 0 ? row(order.discountCode ? t('sales.discountWithCode', { code: order.discountCode }) : t('sales.discount'), `−${money(order.discountMinor)}`) : null}
      {row(t('sales.tax'), money(order.taxMinor))}
      {order.surchargeMinor > 0 ? row(t('sales.cardFee'), money(order.surchargeMinor)) : null}
      {row(t('sales.total'), money(order.totalMinor), true)}
      <Divider label={t('sales.payments')} labelPosition="left" />
      {order.payments.length === 0 ? <Text size="sm">{t('sales.noPayment')}</Text> : null}
      {order.payments.map((p) => (
        <Group key={p.id} justify="space-between" wrap="nowrap" gap="xs">
          <Text size="sm">
            {t(`sales.method.${p.method}`)}{' '}
            <Badge size="xs" variant="outline" color={paymentColor(p.status)} c={`${paymentColor(p.status)}.9`}>
              {t(`sales.paymentStatus.${p.status}`)}
            </Badge>
            {p.failureMessage ? (
              <Text span size="xs" c="red.8" display="block">
                {p.failureMessage}
              </Text>
            ) : null}
          </Text>
          <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
            {money(p.amountMinor)}
          </Text>
        </Group>
      ))}
      {order.refunds.length > 0 ? <Divider label={t('sales.refunds')} labelPosition="left" /> : null}
      {order.refunds.map((r) => (
        <Group key={r.id} justify="space-between" wrap="nowrap" gap="xs">
          <Text size="sm" className="enso-break">
            {t(`sales.refund.to.${r.destination}`)} · {formatInZone(r.createdAt, timeZone, { dateStyle: 'short', timeStyle: 'short' })}
            {r.reason ? ` · ${r.reason}` : ''}
            {r.status !== 'succeeded' ? ` (${t(`sales.refundStatus.${r.status}`)})` : ''}
          </Text>
          <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
            −{money(r.amountMinor)}
          </Text>
        </Group>
      ))}
    </Stack>
  );
}
