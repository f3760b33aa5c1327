import { z } from 'zod';
import { optionalText } from '../../../platform/http/contracts.ts';

/** Request and response shapes of the prepaid-credit routes; the web app imports their types. */

export const creditReasons = ['purchase', 'spend', 'refund', 'gift_card', 'cancellation', 'adjustment', 'expiry'] as const;
export const creditReasonSchema = z.enum(creditReasons);
export type CreditReason = z.infer<typeof creditReasonSchema>;

export const creditEntrySchema = z.object({
  id: z.string(),
  deltaMinor: z.number().int(),
  balanceAfterMinor: z.number().int(),
  reason: creditReasonSchema,
  orderId: z.string().nullable(),
  refundId: z.string().nullable(),
  bookingId: z.string().nullable(),
  giftCardId: z.string().nullable(),
  note: z.string(),
  createdAt: z.string(),
});
export type CreditEntryDto = z.infer<typeof creditEntrySchema>;

export const creditAccountSchema = z.object({
  customerId: z.string(),
  balanceMinor: z.number().int(),
  currency: z.string(),
  entries: z.array(creditEntrySchema),
  nextCursor: z.string().nullable(),
});
export type CreditAccountDto = z.infer<typeof creditAccountSchema>;

export const creditAccountQuerySchema = z.object({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

/** Staff correction of a customer's credit: a signed amount (never 0) and the reason, in words. */
export const adjustCreditSchema = z.object({
  deltaMinor: z
    .number()
    .int()
    .min(-100_000_000)
    .max(100_000_000)
    .refine((v) => v !== 0, 'The amount cannot be zero'),
  note: optionalText(500).pipe(z.string().min(1, 'Say why the credit changes')),
});
export type AdjustCredit = z.infer<typeof adjustCreditSchema>;
