import type { OrderDto, OrderSummaryDto, PaymentDto, RefundDto } from '../contracts.ts';
import type * as repo from '../repo.ts';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export const toOrderSummary = (o: repo.OrderRow): OrderSummaryDto => ({
  id: o.id,
  number: o.number,
  status: o.status as OrderSummaryDto['status'],
  channel: o.channel as OrderSummaryDto['channel'],
  customerId: o.customerId,
  currency: o.currency,
  totalMinor: o.totalMinor,
  paidMinor: o.paidMinor,
  refundedMinor: o.refundedMinor,
  createdAt: o.createdAt.toISOString(),
  paidAt: iso(o.paidAt),
});

export function toOrderDto(o: repo.OrderRow, lines: repo.LineRow[], payments: repo.PaymentRow[], refunds: repo.RefundRow[]): OrderDto {
  return {
    ...toOrderSummary(o),
    subtotalMinor: o.subtotalMinor,
    discountMinor: o.discountMinor,
    taxMinor: o.taxMinor,
    surchargeMinor: o.surchargeMinor,
    discountCode: o.discountCode,
    failureMessage: o.failureMessage,
    refundableMinor: Math.max(0, o.paidMinor - o.refundedMinor),
    lines: lines.map((l) => ({
      id: l.id,
      kind: l.kind,
      refId: l.refId,
      description: l.description,
      quantity: l.quantity,
      unitPriceMinor: l.unitPriceMinor,
      subtotalMinor: l.subtotalMinor,
      discountMinor: l.discountMinor,
      taxRateBp: l.taxRateBp,
      taxMinor: l.taxMinor,
      totalMinor: l.totalMinor,
      refundedMinor: l.refundedMinor,
      fulfilledRef: l.fulfilledRef,
      fulfilmentError: l.metadata.fulfilmentError ?? null,
    })),
    payments: payments.map(
      (p): PaymentDto => ({
        id: p.id,
        method: p.method as PaymentDto['method'],
        amountMinor: p.amountMinor,
        status: p.status as PaymentDto['status'],
        provider: p.provider,
        refundedMinor: p.refundedMinor,
        failureMessage: p.failureMessage,
        createdAt: p.createdAt.toISOString(),
      }),
    ),
    refunds: refunds.map(
      (r): RefundDto => ({
        id: r.id,
        lineId: r.lineId,
        amountMinor: r.amountMinor,
        destination: r.destination as RefundDto['destination'],
        status: r.status as RefundDto['status'],
        reason: r.reason,
        failureMessage: r.failureMessage,
        createdAt: r.createdAt.toISOString(),
      }),
    ),
  };
}
