import { sql } from 'drizzle-orm';
import { bigint, check, foreignKey, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, studioId, updatedAt } from '../../platform/db/columns.ts';
import { customers } from '../customers/schema.ts';
import { studios } from '../studios/schema.ts';

const minor = () => bigint({ mode: 'number' });

/**
 * A studio's payment settings: who pays card fees, its Stripe keys, and the counter that
 * numbers its orders. The secret key is stored and used server-side only; staff see `sk_…last4`.
 */
export const commerceSettings = pgTable(
  'commerce_settings',
  {
    studioId: studioId().primaryKey(),
    /** absorb: the studio pays card fees; surcharge: the customer pays `bp + fixed` on the card amount. */
    cardFeeMode: text().notNull().default('absorb'),
    surchargeBp: integer().notNull().default(0),
    surchargeFixedMinor: minor().notNull().default(0),
    stripeSecretKey: text(),
    stripePublishableKey: text(),
    stripeWebhookSecret: text(),
    stripeConnectedAt: timestamp({ withTimezone: true }),
    /** The number of the studio's last order (orders are numbered 1, 2, 3 … per studio). */
    lastOrderNumber: integer().notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    foreignKey({ columns: [t.studioId], foreignColumns: [studios.id] }),
    check('commerce_settings_fee_mode', sql`${t.cardFeeMode} in ('absorb', 'surcharge')`),
    check('commerce_settings_surcharge', sql`${t.surchargeBp} between 0 and 1000 and ${t.surchargeFixedMinor} >= 0`),
  ],
);

/**
 * A sale: numbered per studio, totals in minor units of `currency`. `paid_minor` is what the
 * succeeded tenders took; `refunded_minor` what went back (never more than paid, checked here
 * and by a guarded UPDATE). `idempotency_key` is the caller's key: a second wall behind the
 * HTTP replay, so one key makes one order.
 */
export const commerceOrders = pgTable(
  'commerce_orders',
  {
    studioId: studioId(),
    id: text().notNull(),
    number: integer().notNull(),
    /** open | awaiting_payment | paid | failed | void | partially_refunded | refunded */
    status: text().notNull(),
    /** pos | online | staff | renewal | instalment */
    channel: text().notNull(),
    customerId: text(),
    currency: text().notNull(),
    subtotalMinor: minor().notNull(),
    discountMinor: minor().notNull().default(0),
    taxMinor: minor().notNull().default(0),
    surchargeMinor: minor().notNull().default(0),
    totalMinor: minor().notNull(),
    paidMinor: minor().notNull().default(0),
    refundedMinor: minor().notNull().default(0),
    discountCodeId: text(),
    discountCode: text(),
    idempotencyKey: text(),
    /** A hash of the request that made the order, so the same key with another body is refused. */
    requestHash: text(),
    metadata: jsonb().$type<Record<string, string>>().notNull().default({}),
    createdBy: text(),
    paidAt: timestamp({ withTimezone: true }),
    failedAt: timestamp({ withTimezone: true }),
    failureCode: text(),
    failureMessage: text(),
    receiptSentAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.studioId, t.id] }),
    foreignKey({ columns: [t.studioId, t.customerId], foreignColumns: [customers.studioId, customers.id] }),
    uniqueIndex('commerce_orders_number_key').on(t.studioId, t.number),
    uniqueIndex('commerce_orders_idempotency_key').on(t.studioId, t.idempotencyKey),
    index('commerce_orders_created_idx').on(t.studioId, t.createdAt, t.id),
    index('commerce_orders_customer_idx').on(t.studioId, t.customerId, t.createdAt),
    check('commerce_orders_refund_le_paid', sql`${t.refundedMinor} >= 0 and ${t.refundedMinor} <= ${t.paidMinor}`),
    check('commerce_orders_total', sql`${t.totalMinor} >= 0`),
  ],
);

/** One line of an order: what the fulfiller quoted, the discount allocated to it, its tax. */
export const commerceOrderLines = pgTable(
  'commerce_order_lines',
  {
    studioId: studioId(),
    id: text().notNull(),
    orderId: text().notNull(),
    position: integer().notNull(),
    /** A fulfiller's kind (`product`, `membership` …) or `surcharge` for the card-fee line. */
    kind: text().notNull(),
    refId: text(),
    description: text().notNull(),
    quantity: integer().notNull(),
    unitPriceMinor: minor().notNull(),
    subtotalMinor: minor().notNull(),
    discountMinor: minor().notNull().default(0),
    taxRateBp: integer().notNull().default(0),
    taxMinor: minor().notNull().default(0),
    totalMinor: minor().notNull(),
    refundedMinor: minor().notNull().default(0),
    /** The price the customer chose (sliding scale, drop-in amount) as sent to the fulfiller. */
    priceMinor: minor(),
    /** The line's own facts from the seller (a gift card's recipient), merged over the order's for `fulfil`. */
    metadata: jsonb().$type<Record<string, string>>().notNull().default({}),
    fulfilledRef: text(),
    fulfilledAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.studioId, t.id] }),
    foreignKey({ columns: [t.studioId, t.orderId], foreignColumns: [commerceOrders.studioId, commerceOrders.id] }),
    index('commerce_order_lines_order_idx').on(t.studioId, t.orderId, t.position),
  ],
);

/**
 * One tender of an order. `provider_payment_id` (a PaymentIntent id) is unique per studio: a
 * webhook finds its payment by it.
 */
export const commercePayments = pgTable(
  'commerce_payments',
  {
    studioId: studioId(),
    id: text().notNull(),
    orderId: text().notNull(),
    position: integer().notNull(),
    /** card | cash | terminal | gift_card | prepaid_credit */
    method: text().notNull(),
    amountMinor: minor().notNull(),
    /** pending | requires_action | succeeded | failed | cancelled */
    status: text().notNull(),
    /** manual | stripe | ledger */
    provider: text().notNull(),
    providerPaymentId: text(),
    /** The gift card, or the saved card's provider payment method. */
    refId: text(),
    clientSecret: text(),
    refundedMinor: minor().notNull().default(0),
    failureCode: text(),
    failureMessage: text(),
    succeededAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.studioId, t.id] }),
    foreignKey({ columns: [t.studioId, t.orderId], foreignColumns: [commerceOrders.studioId, commerceOrders.id] }),
    index('commerce_payments_order_idx').on(t.studioId, t.orderId, t.position),
    uniqueIndex('commerce_payments_provider_key').on(t.studioId, t.provider, t.providerPaymentId),
    check('commerce_payments_amount', sql`${t.amountMinor} > 0 and ${t.refundedMinor} >= 0 and ${t.refundedMinor} <= ${t.amountMinor}`),
  ],
);

/** Money given back on an order, to the card, to prepaid credit or in cash. */
export const commerceRefunds = pgTable(
  'commerce_refunds',
  {
    studioId: studioId(),
    id: text().notNull(),
    orderId: text().notNull(),
    lineId: text(),
    paymentId: text(),
    amountMinor: minor().notNull(),
    /** card | prepaid_credit | cash */
    destination: text().notNull(),
    /** pending | succeeded | failed */
    status: text().notNull(),
    providerRefundId: text(),
    reason: text().notNull().default(''),
    idempotencyKey: text(),
    requestHash: text(),
    failureMessage: text(),
    createdBy: text(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.studioId, t.id] }),
    foreignKey({ columns: [t.studioId, t.orderId], foreignColumns: [commerceOrders.studioId, commerceOrders.id] }),
    index('commerce_refunds_order_idx').on(t.studioId, t.orderId, t.createdAt),
    uniqueIndex('commerce_refunds_idempotency_key').on(t.studioId, t.idempotencyKey),
    check('commerce_refunds_amount', sql`${t.amountMinor} > 0`),
  ],
);

/** Every provider webhook event commerce acted on: the primary key makes each take effect once. */
export const commerceWebhookEvents = pgTable(
  'commerce_webhook_events',
  {
    studioId: studioId(),
    provider: text().notNull(),
    id: text().notNull(),
    type: text().notNull(),
    /** What the event did: `completed`, `failed`, `ignored`, `refund_recorded` … */
    outcome: text().notNull(),
    receivedAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.studioId, t.provider, t.id] })],
);
