import { z } from 'zod';
import { parseLocalDate } from '../../kernel/time.ts';
import { cursorQuerySchema, emailSchema, localeSchema, optionalText, requiredText } from '../../platform/http/contracts.ts';

export const phoneSchema = z
  .string()
  .trim()
  .max(32)
  .regex(/^\+?[0-9 ().-]*$/, 'A phone number has digits, spaces, dots, dashes and an optional leading +')
  .refine((v) => v === '' || v.replace(/\D/g, '').length >= 6, 'A phone number has at least 6 digits');

export const birthDateSchema = z.string().refine((v) => {
  try {
    parseLocalDate(v);
    return true;
  } catch {
    return false;
  }
}, 'A date is written YYYY-MM-DD');

export const customerSchema = z.object({
  id: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  birthDate: z.string().nullable(),
  locale: localeSchema.nullable(),
  hasAccount: z.boolean(),
  source: z.enum(['dashboard', 'signup', 'import', 'referral', 'checkout']),
  /** Set on a child's profile: the parent who books and signs for them. */
  parentId: z.string().nullable(),
  referredById: z.string().nullable(),
  visitCount: z.number().int(),
  lastVisitAt: z.string().nullable(),
  membershipStatus: z.enum(['none', 'active', 'frozen', 'expired']),
  /** True while the customer receives that kind of message. */
  subscriptions: z.object({
    emailMarketing: z.boolean(),
    emailTransactional: z.boolean(),
    smsMarketing: z.boolean(),
    sms: z.boolean(),
  }),
  /** Deleted with history kept: the personal data is gone, the row stays for bookings and payments. */
  anonymized: z.boolean(),
  createdAt: z.string(),
});
export type CustomerDto = z.infer<typeof customerSchema>;

const editable = {
  firstName: requiredText(80),
  lastName: optionalText(80),
  email: z.union([emailSchema, z.literal('')]),
  phone: phoneSchema,
  birthDate: z.union([birthDateSchema, z.literal('')]),
  locale: localeSchema,
};

export const createCustomerSchema = z
  .object(editable)
  .partial({ lastName: true, email: true, phone: true, birthDate: true, locale: true })
  .strict();
export type CreateCustomer = z.infer<typeof createCustomerSchema>;

export const updateCustomerSchema = z.object(editable).partial().strict();
export type UpdateCustomer = z.infer<typeof updateCustomerSchema>;

/** What a customer may change on their own profile (email changes go through their account). */
export const updateOwnProfileSchema = z.object(editable).omit({ email: true }).partial().strict();
export type UpdateOwnProfile = z.infer<typeof updateOwnProfileSchema>;

export const searchCustomersSchema = cursorQuerySchema.extend({ q: z.string().trim().max(100).default('') });
export type SearchCustomers = z.infer<typeof searchCustomersSchema>;

export const activityItemSchema = z.object({
  id: z.string(),
  type: z.string(),
  occurredAt: z.string(),
  actorKind: z.string(),
  actorName: z.string().nullable(),
  payload: z.record(z.string(), z.unknown()),
});
export type ActivityItemDto = z.infer<typeof activityItemSchema>;

export const customerSignupSchema = z
  .object({
    firstName: requiredText(80),
    lastName: optionalText(80).default(''),
    email: emailSchema,
    phone: phoneSchema.optional(),
    password: z.string().min(8, 'At least 8 characters').max(128, 'At most 128 characters'),
    locale: localeSchema.optional(),
    /** The referral code of the link the visitor came from; an unknown one is ignored. */
    ref: z.string().max(200).optional(),
  })
  .strict();
export type CustomerSignup = z.infer<typeof customerSignupSchema>;
