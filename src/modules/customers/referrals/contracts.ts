import { z } from 'zod';

export const rewardOnSchema = z.enum(['signup', 'first_purchase']);

/** At most 10,000,000 minor units (100,000.00 in a two-decimal currency) per reward. */
const rewardMinor = z.number().int('Whole minor units (cents)').min(0, 'A reward is never negative').max(10_000_000);

/** The studio's referral programme (Marketing > Références clients): who is rewarded, how much, and when. */
export const referralSettingsSchema = z.object({
  enabled: z.boolean(),
  /** The studio's currency: rewards are in its minor units, as dollar credit. */
  currency: z.string(),
  /** Digits after the decimal point in that currency (2 for EUR: 1500 is 15.00). */
  minorUnits: z.number().int(),
  referrerRewardMinor: z.number().int(),
  newCustomerRewardMinor: z.number().int(),
  rewardOn: rewardOnSchema,
});
export type ReferralSettingsDto = z.infer<typeof referralSettingsSchema>;

export const updateReferralSettingsSchema = z
  .object({
    enabled: z.boolean(),
    referrerRewardMinor: rewardMinor,
    newCustomerRewardMinor: rewardMinor,
    rewardOn: rewardOnSchema,
  })
  .strict();
export type UpdateReferralSettings = z.infer<typeof updateReferralSettingsSchema>;

export const customerRefSchema = z.object({ id: z.string(), firstName: z.string(), lastName: z.string() });
export type CustomerRefDto = z.infer<typeof customerRefSchema>;

/** A customer's referral state as staff see it on the profile. */
export const referralSchema = z.object({
  programmeEnabled: z.boolean(),
  /** Null for a deleted or merged profile, which refers no one. */
  code: z.string().nullable(),
  link: z.string().nullable(),
  referredBy: customerRefSchema.nullable(),
  referredCount: z.number().int(),
  /** The first 100 customers they referred, oldest first. */
  referred: z.array(customerRefSchema.extend({ createdAt: z.string() })),
});
export type ReferralDto = z.infer<typeof referralSchema>;

/** What the customer sees of their own referrals: their link and how many joined through it. */
export const ownReferralSchema = referralSchema.pick({ programmeEnabled: true, code: true, link: true, referredCount: true });
export type OwnReferralDto = z.infer<typeof ownReferralSchema>;

/** Staff record who referred a customer (null clears it); this is not a referral sign-up. */
export const setReferrerSchema = z.object({ referrerId: z.string().min(1).max(64).nullable() }).strict();
export type SetReferrer = z.infer<typeof setReferrerSchema>;
