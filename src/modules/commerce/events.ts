import { z } from 'zod';
import type { DomainEvent } from '../../platform/events/publish.ts';

const minor = z.number().int();
const lineSchema = z.object({ lineId: z.string(), kind: z.string(), refId: z.string().nullable(), totalMinor: minor });

/**
 * Versioned payloads of the events commerce publishes. Subject: the order for `order.*`, the
 * gift card for `gift_card.*`, the product for `product.*`, the customer for `credit.*`, the
 * discount code for `discount_code.*`. Messaging and automation react to `order.paid.v1`
 * (receipt, "first purchase" triggers), memberships may react to `order.refunded.v1`.
 */
export const commerceEventSchemas = {
  'order.paid.v1': z.object({
    orderId: z.string(),
    number: z.number().int(),
    customerId: z.string().nullable(),
    channel: z.string(),
    totalMinor: minor,
    currency: z.string(),
    lines: z.array(lineSchema),
  }),
  'order.payment_failed.v1': z.object({
    orderId: z.string(),
    customerId: z.string().nullable(),
    channel: z.string(),
    totalMinor: minor,
    currency: z.string(),
    failureCode: z.string(),
    failureMessage: z.string(),
  }),
  'order.refunded.v1': z.object({
    orderId: z.string(),
    refundId: z.string(),
    customerId: z.string().nullable(),
    amountMinor: minor,
    currency: z.string(),
    destination: z.enum(['card', 'prepaid_credit', 'cash']),
    /** True when the order is now refunded in full. */
    full: z.boolean(),
    lineId: z.string().nullable(),
  }),
  'gift_card.issued.v1': z.object({
    giftCardId: z.string(),
    amountMinor: minor,
    currency: z.string(),
    orderId: z.string().nullable(),
    recipientEmail: z.string().nullable(),
  }),
  'gift_card.redeemed.v1': z.object({ giftCardId: z.string(), amountMinor: minor, orderId: z.string().nullable(), balanceMinor: minor }),
  'product.low_stock.v1': z.object({ productId: z.string(), name: z.string(), stock: z.number().int(), lowStockThreshold: z.number().int() }),
  'credit.posted.v1': z.object({
    customerId: z.string(),
    entryId: z.string(),
    deltaMinor: minor,
    balanceMinor: minor,
    reason: z.string(),
    orderId: z.string().nullable(),
    refundId: z.string().nullable(),
  }),
  'discount_code.redeemed.v1': z.object({ discountCodeId: z.string(), code: z.string(), orderId: z.string(), customerId: z.string().nullable(), amountMinor: minor }),
} as const;

export type CommerceEventType = keyof typeof commerceEventSchemas;
export type CommerceEventPayload<T extends CommerceEventType> = z.infer<(typeof commerceEventSchemas)[T]>;

export function commerceEvent<T extends CommerceEventType>(type: T, subjectId: string, payload: CommerceEventPayload<T>): DomainEvent {
  return { type, subjectId, payload: commerceEventSchemas[type].parse(payload) as Record<string, unknown> };
}
