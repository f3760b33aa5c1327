import { z } from 'zod';
import { emailSchema, isoInstant, optionalText } from '../../../platform/http/contracts.ts';

/** Request and response shapes of the gift-card routes; the web app imports their types. */

export const giftCardEntryKindSchema = z.enum(['issued', 'redeemed', 'refunded', 'store_credit', 'adjustment']);
export type GiftCardEntryKind = z.infer<typeof giftCardEntryKindSchema>;
export const giftCardStatusSchema = z.enum(['active', 'used', 'expired']);
export type GiftCardStatus = z.infer<typeof giftCardStatusSchema>;

export const giftCardEntrySchema = z.object({
  id: z.string(),
  kind: giftCardEntryKindSchema,
  deltaMinor: z.number().int(),
  balanceAfterMinor: z.number().int(),
  orderId: z.string().nullable(),
  refundId: z.string().nullable(),
  note: z.string(),
  createdAt: z.string(),
});
export type GiftCardEntryDto = z.infer<typeof giftCardEntrySchema>;

export const giftCardSchema = z.object({
  id: z.string(),
  /** Grouped for reading: XXXX-XXXX-XXXX-XXXX. */
  code: z.string(),
  initialAmountMinor: z.number().int(),
  balanceMinor: z.number().int(),
  currency: z.string(),
  status: giftCardStatusSchema,
  source: z.enum(['pos', 'staff']),
  customerId: z.string().nullable(),
  customerName: z.string().nullable(),
  purchaserCustomerId: z.string().nullable(),
  recipientName: z.string(),
  recipientEmail: z.string().nullable(),
  message: z.string(),
  orderId: z.string().nullable(),
  expiresAt: z.string().nullable(),
  createdAt: z.string(),
});
export type GiftCardDto = z.infer<typeof giftCardSchema>;
export const giftCardDetailSchema = giftCardSchema.extend({ entries: z.array(giftCardEntrySchema) });
export type GiftCardDetailDto = z.infer<typeof giftCardDetailSchema>;
export const giftCardPageSchema = z.object({ items: z.array(giftCardSchema), nextCursor: z.string().nullable() });
export type GiftCardPage = z.infer<typeof giftCardPageSchema>;

export const listGiftCardsQuerySchema = z.object({
  /** The last characters of a code, a recipient's name or email. */
  q: z.string().trim().max(100).refine((v) => !v.includes(String.fromCharCode(0)), 'No control characters').optional(),
  customerId: z.string().max(64).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
export type ListGiftCardsQuery = z.input<typeof listGiftCardsQuerySchema>;

const recipientFields = {
  recipientName: optionalText(120).default(''),
  recipientEmail: emailSchema.nullable().default(null),
  message: optionalText(1_000).default(''),
};

/** A card staff give away (a prize, a goodwill gesture): any amount, optional holder and expiry. */
export const issueGiftCardSchema = z.object({
  amountMinor: z.number().int().min(1).max(100_000_000),
  customerId: z.string().min(1).max(64).nullable().default(null),
  expiresAt: isoInstant.nullable().default(null),
  note: optionalText(500).default(''),
  ...recipientFields,
});
export type IssueGiftCard = z.input<typeof issueGiftCardSchema>;

/** What the point of sale attaches to a `gift_card` line (as the line's metadata, all strings). */
export const giftCardLineMetadataSchema = z.object({
  ...recipientFields,
  recipientEmail: z.preprocess((v) => (v === '' ? null : v), emailSchema.nullable().default(null)),
  /** The studio customer who will hold the card (else the buyer). */
  recipientCustomerId: z.preprocess((v) => (v === '' ? null : v), z.string().min(1).max(64).nullable().default(null)),
});

export const adjustGiftCardSchema = z.object({
  deltaMinor: z
    .number()
    .int()
    .min(-100_000_000)
    .max(100_000_000)
    .refine((v) => v !== 0, 'The amount cannot be zero'),
  note: optionalText(500).pipe(z.string().min(1, 'Say why the balance changes')),
});
export type AdjustGiftCard = z.input<typeof adjustGiftCardSchema>;

export const giftCardCodeSchema = z.object({ code: z.string().trim().min(1).max(40) });
/** Staff move a card's balance to a customer's prepaid credit. */
export const redeemToCreditSchema = giftCardCodeSchema.extend({ customerId: z.string().min(1).max(64) });
export type RedeemToCredit = z.input<typeof redeemToCreditSchema>;

export const redeemedToCreditSchema = z.object({ giftCardId: z.string(), amountMinor: z.number().int(), creditBalanceMinor: z.number().int(), currency: z.string() });
export type RedeemedToCredit = z.infer<typeof redeemedToCreditSchema>;

export const giftCardSettingsSchema = z.object({
  minAmountMinor: z.number().int(),
  maxAmountMinor: z.number().int(),
  validityMonths: z.number().int().nullable(),
  currency: z.string(),
});
export type GiftCardSettingsDto = z.infer<typeof giftCardSettingsSchema>;
export const updateGiftCardSettingsSchema = z
  .object({
    minAmountMinor: z.number().int().min(1).max(100_000_000),
    maxAmountMinor: z.number().int().min(1).max(100_000_000),
    validityMonths: z.number().int().min(1).max(120).nullable(),
  })
  .refine((v) => v.maxAmountMinor >= v.minAmountMinor, { path: ['maxAmountMinor'], message: 'The maximum is at least the minimum' });
export type UpdateGiftCardSettings = z.input<typeof updateGiftCardSettingsSchema>;

/** The signed-in customer's cards. */
export const ownGiftCardSchema = z.object({
  id: z.string(),
  code: z.string(),
  balanceMinor: z.number().int(),
  initialAmountMinor: z.number().int(),
  currency: z.string(),
  status: giftCardStatusSchema,
  expiresAt: z.string().nullable(),
});
export const ownGiftCardListSchema = z.object({ items: z.array(ownGiftCardSchema) });
