import { z } from 'zod';

/** A saved card as anyone may see it: never the number, only brand, last four digits and expiry. */
export const savedCardSchema = z.object({
  id: z.string(),
  brand: z.string(),
  last4: z.string(),
  expMonth: z.number().int(),
  expYear: z.number().int(),
  isDefault: z.boolean(),
  /** The expiry month is over (in UTC): the card stays listed but renewals skip it. */
  expired: z.boolean(),
  createdAt: z.string(),
});
export type SavedCardDto = z.infer<typeof savedCardSchema>;

export const savedCardListSchema = z.object({
  items: z.array(savedCardSchema),
  /** False when the studio has not connected a card provider: cards cannot be added. */
  canAddCards: z.boolean(),
  /** For a card entered at checkout: the studio's publishable key and the Stripe.js to load (null when not connected). */
  publishableKey: z.string().nullable(),
  stripeJsUrl: z.string().nullable(),
  /** The fee a card payment adds when the studio passes card fees on (basis points of the card amount + a fixed part), else null. */
  cardFee: z.object({ bp: z.number().int(), fixedMinor: z.number().int() }).nullable(),
});
export type SavedCardListDto = z.infer<typeof savedCardListSchema>;

/** What the browser needs to collect a card with Stripe.js and confirm the setup. */
export const cardSetupSchema = z.object({
  setupIntentId: z.string(),
  clientSecret: z.string(),
  publishableKey: z.string(),
  /** Where to load Stripe.js from (the real one, or a local stand-in in tests). */
  stripeJsUrl: z.string(),
});
export type CardSetupDto = z.infer<typeof cardSetupSchema>;

export const completeSetupSchema = z.object({ setupIntentId: z.string().trim().min(1).max(255) }).strict();
export type CompleteSetup = z.infer<typeof completeSetupSchema>;

export const cardIdParamSchema = z.object({ cardId: z.string().min(1).max(64) });
