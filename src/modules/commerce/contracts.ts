import { z } from 'zod';
import { cursorQuerySchema, isoInstant, optionalText, requiredText } from '../../platform/http/contracts.ts';

/** Request and response shapes of the core commerce routes; the web app imports their types. */

const minor = z.number().int();
const positiveMinor = z.number().int().min(1).max(100_000_000_00);

// ---- payment settings

export const cardFeeModes = ['absorb', 'surcharge'] as const;

/** The studio's payment settings as staff see them: never the whole secret key. */
export const paymentSettingsSchema = z.object({
  currency: z.string(),
  cardFeeMode: z.enum(cardFeeModes),
  /** Basis points of the card amount (290 = 2.9 %), when the customer pays the fees. */
  surchargeBp: z.number().int(),
  surchargeFixedMinor: minor,
  stripe: z.object({
    connected: z.boolean(),
    publishableKey: z.string().nullable(),
    /** `sk_…1234`: enough to recognise the key, never enough to use it. */
    secretKeyHint: z.string().nullable(),
    webhookSecretSet: z.boolean(),
    connectedAt: z.string().nullable(),
  }),
  /** The address to paste in Stripe's dashboard (Developers › Webhooks). */
  webhookUrl: z.string(),
  /** Where the browser loads Stripe.js from. */
  stripeJsUrl: z.string(),
});
export type PaymentSettingsDto = z.infer<typeof paymentSettingsSchema>;

export const updateCardFeesSchema = z
  .object({
    cardFeeMode: z.enum(cardFeeModes),
    surchargeBp: z.number().int().min(0).max(1000).default(0),
    surchargeFixedMinor: z.number().int().min(0).max(100_000).default(0),
  })
  .strict();
export type UpdateCardFees = z.input<typeof updateCardFeesSchema>;

export const connectStripeSchema = z
  .object({
    secretKey: z.string().trim().regex(/^(sk|rk)_(test|live)_[A-Za-z0-9_]{6,}$/, 'A Stripe secret key starts with sk_test_ or sk_live_'),
    publishableKey: z.string().trim().regex(/^pk_(test|live)_[A-Za-z0-9_]{6,}$/, 'A Stripe publishable key starts with pk_test_ or pk_live_'),
    webhookSecret: z.string().trim().regex(/^whsec_[A-Za-z0-9_+/=]{6,}$/, 'A Stripe webhook signing secret starts with whsec_'),
  })
  .strict();
export type ConnectStripe = z.input<typeof connectStripeSchema>;

// ---- orders

export const orderStatuses = ['open', 'awaiting_payment', 'paid', 'failed', 'void', 'partially_refunded', 'refunded'] as const;
export type OrderStatus = (typeof orderStatuses)[number];
export const orderChannels = ['pos', 'online', 'staff', 'renewal', 'instalment'] as const;
export type OrderChannel = (typeof orderChannels)[number];
export const tenderMethods = ['gift_card', 'prepaid_credit', 'cash', 'terminal', 'card'] as const;
export const refundDestinations = ['card', 'prepaid_credit', 'cash'] as const;
export type RefundDestination = (typeof refundDestinations)[number];

export const orderLineInputSchema = z
  .object({
    /** A fulfiller's kind: `drop_in`, `product`, `gift_card`, `prepaid_credit`, `membership` … */
    kind: z.string().trim().min(1).max(40),
    /** What is sold (a product id, a plan id); for a drop-in, optional. */
    refId: z.string().trim().max(200).optional(),
    quantity: z.number().int().min(1).max(1000).default(1),
    /** The amount chosen: a drop-in, prepaid credit, a gift card, a price within a sliding scale. */
    priceMinor: z.number().int().min(0).max(100_000_000_00).optional(),
    /** Words for a drop-in line ("Yoga, Tuesday 18:00"). */
    description: optionalText(200).optional(),
    /** Facts the line's fulfiller needs (a gift card's recipient name and email). */
    metadata: z.record(z.string().max(60), z.string().max(500)).optional(),
  })
  .strict();
export type OrderLineInput = z.input<typeof orderLineInputSchema>;

export const tenderInputSchema = z
  .object({
    method: z.enum(tenderMethods),
    /** Omitted on at most one tender: it takes the rest. */
    amountMinor: positiveMinor.optional(),
    /** The gift card's code (gift_card). */
    giftCardCode: z.string().trim().min(4).max(64).optional(),
    /** A saved card of the customer (card); without it the browser enters a card (on-session). */
    savedCardId: z.string().trim().min(1).max(64).optional(),
  })
  .strict();
export type TenderInput = z.input<typeof tenderInputSchema>;

export const checkoutSchema = z
  .object({
    /** Null for a walk-in (cash or terminal only, nothing that needs a customer). */
    customerId: z.string().min(1).max(64).nullable().default(null),
    lines: z.array(orderLineInputSchema).min(1).max(50),
    discountCode: z.string().trim().min(1).max(64).optional(),
    tenders: z.array(tenderInputSchema).max(10).default([]),
  })
  .strict();
export type CheckoutInput = z.input<typeof checkoutSchema>;

/** A customer's own purchase online: the card is theirs, the customer is the signed-in one. */
export const ownCheckoutSchema = z
  .object({
    lines: z.array(orderLineInputSchema).min(1).max(20),
    discountCode: z.string().trim().min(1).max(64).optional(),
    tenders: z.array(tenderInputSchema).max(4).default([]),
  })
  .strict();
export type OwnCheckoutInput = z.input<typeof ownCheckoutSchema>;

export const orderLineSchema = z.object({
  id: z.string(),
  kind: z.string(),
  refId: z.string().nullable(),
  description: z.string(),
  quantity: z.number().int(),
  unitPriceMinor: minor,
  subtotalMinor: minor,
  discountMinor: minor,
  taxRateBp: z.number().int(),
  taxMinor: minor,
  totalMinor: minor,
  refundedMinor: minor,
  fulfilledRef: z.string().nullable(),
  /** Why a paid line could not be delivered (e.g. the last item sold meanwhile): refund it. */
  fulfilmentError: z.string().nullable(),
});
export type OrderLineDto = z.infer<typeof orderLineSchema>;

export const paymentSchema = z.object({
  id: z.string(),
  method: z.enum(tenderMethods),
  amountMinor: minor,
  status: z.enum(['pending', 'requires_action', 'succeeded', 'failed', 'cancelled']),
  provider: z.string(),
  refundedMinor: minor,
  failureMessage: z.string().nullable(),
  createdAt: z.string(),
});
export type PaymentDto = z.infer<typeof paymentSchema>;

export const refundSchema = z.object({
  id: z.string(),
  lineId: z.string().nullable(),
  amountMinor: minor,
  destination: z.enum(refundDestinations),
  status: z.enum(['pending', 'succeeded', 'failed']),
  reason: z.string(),
  failureMessage: z.string().nullable(),
  createdAt: z.string(),
});
export type RefundDto = z.infer<typeof refundSchema>;

export const orderSummarySchema = z.object({
  id: z.string(),
  number: z.number().int(),
  status: z.enum(orderStatuses),
  channel: z.enum(orderChannels),
  customerId: z.string().nullable(),
  currency: z.string(),
  totalMinor: minor,
  paidMinor: minor,
  refundedMinor: minor,
  createdAt: z.string(),
  paidAt: z.string().nullable(),
});
export type OrderSummaryDto = z.infer<typeof orderSummarySchema>;

export const orderSchema = orderSummarySchema.extend({
  subtotalMinor: minor,
  discountMinor: minor,
  taxMinor: minor,
  surchargeMinor: minor,
  discountCode: z.string().nullable(),
  failureMessage: z.string().nullable(),
  lines: z.array(orderLineSchema),
  payments: z.array(paymentSchema),
  refunds: z.array(refundSchema),
  /** What can still be refunded: paid minus refunded. */
  refundableMinor: minor,
});
export type OrderDto = z.infer<typeof orderSchema>;

export const checkoutResultSchema = z.object({
  order: orderSchema,
  payment: z.object({
    /** paid: done; requires_action: confirm the card in the browser with `clientSecret`, then call confirm; failed: nothing was sold. */
    status: z.enum(['paid', 'requires_action', 'failed']),
    clientSecret: z.string().nullable(),
    publishableKey: z.string().nullable(),
    failureMessage: z.string().nullable(),
  }),
});
export type CheckoutResultDto = z.infer<typeof checkoutResultSchema>;

/** What a sale would cost before anyone pays (the point of sale's running total). */
export const saleQuoteSchema = z.object({
  currency: z.string(),
  lines: z.array(
    z.object({
      kind: z.string(),
      refId: z.string().nullable(),
      description: z.string(),
      quantity: z.number().int(),
      unitPriceMinor: minor,
      subtotalMinor: minor,
      discountMinor: minor,
      taxMinor: minor,
      totalMinor: minor,
    }),
  ),
  subtotalMinor: minor,
  discountMinor: minor,
  discountCode: z.string().nullable(),
  taxMinor: minor,
  surchargeMinor: minor,
  totalMinor: minor,
  /** The tenders as they would be taken (card amounts include the card fee). */
  tenders: z.array(z.object({ method: z.enum(tenderMethods), amountMinor: minor })),
  /** The card fee rule when the customer pays card fees, else null. */
  surcharge: z.object({ bp: z.number().int(), fixedMinor: minor }).nullable(),
});
export type SaleQuoteDto = z.infer<typeof saleQuoteSchema>;

export const listOrdersQuerySchema = cursorQuerySchema.extend({
  customerId: z.string().max(64).optional(),
  status: z.enum(orderStatuses).optional(),
  from: isoInstant.optional(),
  to: isoInstant.optional(),
});
export type ListOrdersQuery = z.input<typeof listOrdersQuerySchema>;

export const orderPageSchema = z.object({ items: z.array(orderSummarySchema), nextCursor: z.string().nullable() });
export type OrderPageDto = z.infer<typeof orderPageSchema>;

export const refundRequestSchema = z
  .object({
    amountMinor: positiveMinor,
    destination: z.enum(refundDestinations),
    /** The line refunded (its fulfiller hears of it); omitted for a refund of the order as a whole. */
    lineId: z.string().min(1).max(64).optional(),
    reason: optionalText(500).default(''),
    /** A refunded product goes back in stock (the cashier's choice). */
    restock: z.boolean().optional(),
  })
  .strict();
export type RefundRequest = z.input<typeof refundRequestSchema>;

export const idempotencyHeaderSchema = z.object({ 'idempotency-key': requiredText(255) });
