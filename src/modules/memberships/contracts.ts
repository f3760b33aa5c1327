import { z } from 'zod';
import { optionalText, requiredText } from '../../platform/http/contracts.ts';

/**
 * Request and response shapes of the memberships routes; the web app imports their types.
 * Money is integer minor units of the studio's currency; dates are `YYYY-MM-DD` local dates in
 * the studio's zone; instants are ISO strings (UTC).
 */

export const planKindSchema = z.enum(['subscription_absolute', 'subscription_specific', 'class_pack', 'dollar_pack', 'on_demand', 'intro_offer']);
export type PlanKind = z.infer<typeof planKindSchema>;
export const intervalUnitSchema = z.enum(['day', 'week', 'month']);
export type IntervalUnitDto = z.infer<typeof intervalUnitSchema>;
export const creditsModeSchema = z.enum(['unlimited', 'per_period', 'total']);
export type CreditsMode = z.infer<typeof creditsModeSchema>;
export const priceModeSchema = z.enum(['fixed', 'sliding']);
export const planVisibilitySchema = z.enum(['public', 'hidden']);
export const membershipStatusSchema = z.enum(['pending', 'active', 'frozen', 'past_due', 'expired', 'cancelled']);
export type MembershipStatus = z.infer<typeof membershipStatusSchema>;

export const localDateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'A date is YYYY-MM-DD');
const moneySchema = z.number().int().min(0).max(100_000_000);
const idSchema = z.string().min(1).max(64);
const idListSchema = z.array(idSchema).max(500).default([]);

// ---------------------------------------------------------------- plans

export const planInputSchema = z
  .object({
    name: requiredText(120),
    description: optionalText(5_000).default(''),
    kind: planKindSchema,
    intervalCount: z.number().int().min(1).max(366).nullable().default(null),
    intervalUnit: intervalUnitSchema.nullable().default(null),
    specificStartDate: localDateSchema.nullable().default(null),
    specificEndDate: localDateSchema.nullable().default(null),
    expiryCount: z.number().int().min(1).max(3660).nullable().default(null),
    expiryUnit: intervalUnitSchema.nullable().default(null),
    priceMode: priceModeSchema.default('fixed'),
    priceMinor: moneySchema,
    priceMinMinor: moneySchema.nullable().default(null),
    priceMaxMinor: moneySchema.nullable().default(null),
    taxRateBp: z.number().int().min(0).max(10_000).default(0),
    creditsMode: creditsModeSchema.default('unlimited'),
    creditsCount: z.number().int().min(1).max(100_000).nullable().default(null),
    dollarCreditMinor: moneySchema.nullable().default(null),
    usableTemplateIds: idListSchema,
    usableServiceIds: idListSchema,
    usableLocationIds: idListSchema,
    shareableWithChildren: z.boolean().default(false),
    waiverRequired: z.boolean().default(false),
    featured: z.boolean().default(false),
    visibility: planVisibilitySchema.default('public'),
    customerCanFreeze: z.boolean().default(false),
    customerCanCancel: z.boolean().default(false),
  })
  .strict();
export type PlanInput = z.input<typeof planInputSchema>;
export type PlanValues = z.output<typeof planInputSchema>;

export const planSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  kind: planKindSchema,
  intervalCount: z.number().int().nullable(),
  intervalUnit: intervalUnitSchema.nullable(),
  specificStartDate: z.string().nullable(),
  specificEndDate: z.string().nullable(),
  expiryCount: z.number().int().nullable(),
  expiryUnit: intervalUnitSchema.nullable(),
  priceMode: priceModeSchema,
  priceMinor: z.number().int(),
  priceMinMinor: z.number().int().nullable(),
  priceMaxMinor: z.number().int().nullable(),
  currency: z.string(),
  taxRateBp: z.number().int(),
  creditsMode: creditsModeSchema,
  creditsCount: z.number().int().nullable(),
  dollarCreditMinor: z.number().int().nullable(),
  usableTemplateIds: z.array(z.string()),
  usableServiceIds: z.array(z.string()),
  usableLocationIds: z.array(z.string()),
  shareableWithChildren: z.boolean(),
  waiverRequired: z.boolean(),
  featured: z.boolean(),
  visibility: planVisibilitySchema,
  customerCanFreeze: z.boolean(),
  customerCanCancel: z.boolean(),
  archived: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type PlanDto = z.infer<typeof planSchema>;
export const planListSchema = z.object({ items: z.array(planSchema) });
export const listPlansQuerySchema = z.object({ archived: z.enum(['true', 'false']).default('false') });

/** What customers see of a plan on the studio's pages. */
export const publicPlanSchema = planSchema.pick({
  id: true,
  name: true,
  description: true,
  kind: true,
  intervalCount: true,
  intervalUnit: true,
  specificStartDate: true,
  specificEndDate: true,
  expiryCount: true,
  expiryUnit: true,
  priceMode: true,
  priceMinor: true,
  priceMinMinor: true,
  priceMaxMinor: true,
  currency: true,
  taxRateBp: true,
  creditsMode: true,
  creditsCount: true,
  dollarCreditMinor: true,
  shareableWithChildren: true,
  waiverRequired: true,
  featured: true,
});
export type PublicPlanDto = z.infer<typeof publicPlanSchema>;
export const publicPlanListSchema = z.object({ items: z.array(publicPlanSchema) });

// ---------------------------------------------------------------- memberships

export const freezeSchema = z.object({
  id: z.string(),
  startsAt: z.string(),
  endsAt: z.string().nullable(),
  status: z.enum(['scheduled', 'active', 'done', 'cancelled']),
});
export type FreezeDto = z.infer<typeof freezeSchema>;

export const instalmentSchema = z.object({
  id: z.string(),
  seq: z.number().int(),
  dueDate: z.string(),
  amountMinor: z.number().int(),
  status: z.enum(['pending', 'paid', 'failed', 'cancelled']),
  attempts: z.number().int(),
  failureMessage: z.string().nullable(),
  paidAt: z.string().nullable(),
});
export type InstalmentDto = z.infer<typeof instalmentSchema>;

export const membershipSchema = z.object({
  id: z.string(),
  customerId: z.string(),
  planId: z.string(),
  planName: z.string(),
  kind: planKindSchema,
  status: membershipStatusSchema,
  timeZone: z.string(),
  startDate: z.string(),
  periodStart: z.string(),
  /** Exclusive end of the current period: the renewal date of a renewing plan; null = no end. */
  periodEnd: z.string().nullable(),
  /** The next renewal date, or null when the membership does not renew (any more). */
  renewalDate: z.string().nullable(),
  autoRenew: z.boolean(),
  renewalCancelledAt: z.string().nullable(),
  priceMinor: z.number().int(),
  renewalPriceMinor: z.number().int().nullable(),
  currency: z.string(),
  /** Null: unlimited. */
  creditsRemaining: z.number().int().nullable(),
  creditsPerPeriod: z.number().int().nullable(),
  introOffer: z.boolean(),
  orderId: z.string().nullable(),
  freezes: z.array(freezeSchema),
  instalments: z.array(instalmentSchema),
  /** What the plan lets the customer do themselves. */
  customerCanFreeze: z.boolean(),
  customerCanCancel: z.boolean(),
  createdAt: z.string(),
});
export type MembershipDto = z.infer<typeof membershipSchema>;
export const membershipListSchema = z.object({ items: z.array(membershipSchema) });
export const listMembershipsQuerySchema = z.object({ customerId: idSchema });

export const paymentPlanInputSchema = z
  .object({
    depositMinor: moneySchema,
    instalments: z.array(z.object({ dueDate: localDateSchema, amountMinor: moneySchema }).strict()).min(1).max(24),
  })
  .strict();
export type PaymentPlanInput = z.infer<typeof paymentPlanInputSchema>;

/** How the desk takes the money for a sale made from the profile. */
export const tenderMethodSchema = z.enum(['cash', 'terminal', 'card']);
export type TenderMethod = z.infer<typeof tenderMethodSchema>;

export const sellMembershipSchema = z
  .object({
    customerId: idSchema,
    planId: idSchema,
    /** The buyer's choice on a sliding scale. */
    priceMinor: moneySchema.optional(),
    paymentPlan: paymentPlanInputSchema.optional(),
    method: tenderMethodSchema.default('cash'),
  })
  .strict();
export type SellMembership = z.input<typeof sellMembershipSchema>;
export const saleResultSchema = z.object({
  orderId: z.string(),
  orderStatus: z.string(),
  paymentStatus: z.string(),
  clientSecret: z.string().nullable(),
  membership: membershipSchema.nullable(),
});
export type SaleResultDto = z.infer<typeof saleResultSchema>;

export const freezeInputSchema = z
  .object({
    /** Absent: freeze now. A later date schedules the freeze from the start of that local day. */
    startDate: localDateSchema.optional(),
    /** The day benefits come back (start of that local day); absent: until unfrozen by hand. */
    unfreezeDate: localDateSchema.optional(),
  })
  .strict();
export type FreezeInput = z.infer<typeof freezeInputSchema>;
export const unfreezeInputSchema = z
  .object({
    /** Absent: unfreeze now; a later date schedules the unfreeze. */
    date: localDateSchema.optional(),
  })
  .strict();
export type UnfreezeInput = z.infer<typeof unfreezeInputSchema>;
export const renewalPriceInputSchema = z.object({ priceMinor: moneySchema }).strict();
export const editInstalmentsSchema = z
  .object({ instalments: z.array(z.object({ dueDate: localDateSchema, amountMinor: moneySchema }).strict()).min(1).max(24) })
  .strict();
export type EditInstalments = z.infer<typeof editInstalmentsSchema>;

// ---------------------------------------------------------------- credits

export const creditReasonSchema = z.enum(['grant', 'period_grant', 'booking', 'booking_returned', 'expiry', 'adjustment']);
export const creditEntrySchema = z.object({
  id: z.string(),
  delta: z.number().int(),
  balanceAfter: z.number().int(),
  reason: creditReasonSchema,
  bookingId: z.string().nullable(),
  occurrenceId: z.string().nullable(),
  orderId: z.string().nullable(),
  note: z.string(),
  createdAt: z.string(),
});
export type CreditEntryDto = z.infer<typeof creditEntrySchema>;
export const creditLedgerSchema = z.object({ creditsRemaining: z.number().int().nullable(), items: z.array(creditEntrySchema) });
export const adjustCreditsSchema = z.object({ delta: z.number().int().min(-10_000).max(10_000).refine((n) => n !== 0, 'Not 0'), note: requiredText(500) }).strict();
export type AdjustCredits = z.infer<typeof adjustCreditsSchema>;

// ---------------------------------------------------------------- renewals

export const renewalAttemptSchema = z.object({
  attempt: z.number().int(),
  status: z.enum(['started', 'paid', 'failed', 'requires_action']),
  failureMessage: z.string().nullable(),
  orderId: z.string().nullable(),
  startedAt: z.string(),
});
export const renewalSchema = z.object({
  id: z.string(),
  membershipId: z.string(),
  planName: z.string(),
  periodStart: z.string(),
  periodEnd: z.string(),
  amountMinor: z.number().int(),
  currency: z.string(),
  status: z.enum(['due', 'charging', 'paid', 'failed', 'abandoned', 'upcoming']),
  attempts: z.number().int(),
  nextAttemptAt: z.string().nullable(),
  failureMessage: z.string().nullable(),
  paidAt: z.string().nullable(),
  history: z.array(renewalAttemptSchema),
});
export type RenewalDto = z.infer<typeof renewalSchema>;
export const renewalListSchema = z.object({ items: z.array(renewalSchema) });
export const retryResultSchema = z.object({ renewal: renewalSchema });
