import { z } from 'zod';
import { emailSchema, localeSchema, optionalText, requiredText, staffRoleSchema } from '../../platform/http/contracts.ts';

/** 8 to 128 characters; the service also refuses common passwords. */
export const passwordSchema = z.string().min(8, 'At least 8 characters').max(128, 'At most 128 characters');

export const staffLoginSchema = z
  .object({ email: emailSchema, password: z.string().min(1).max(128), studioSlug: z.string().max(64).optional() })
  .strict();
export type StaffLogin = z.infer<typeof staffLoginSchema>;

export const customerLoginSchema = z.object({ email: emailSchema, password: z.string().min(1).max(128) }).strict();
export type CustomerLogin = z.infer<typeof customerLoginSchema>;

export const staffMemberSchema = z.object({
  id: z.string(),
  email: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  role: staffRoleSchema,
  status: z.enum(['invited', 'active', 'deactivated']),
  lastLoginAt: z.string().nullable(),
});
export type StaffMemberDto = z.infer<typeof staffMemberSchema>;

export const sessionInfoSchema = z.object({
  user: z.object({
    id: z.string(),
    kind: z.enum(['staff', 'customer']),
    email: z.string(),
    firstName: z.string(),
    lastName: z.string(),
    role: staffRoleSchema.nullable(),
    locale: localeSchema.nullable(),
  }),
  studio: z.object({ id: z.string(), name: z.string(), slug: z.string(), defaultLocale: localeSchema }),
  permissions: z.array(z.string()),
});
export type SessionInfo = z.infer<typeof sessionInfoSchema>;

export const inviteStaffSchema = z
  .object({
    email: emailSchema,
    firstName: requiredText(80),
    lastName: optionalText(80).default(''),
    role: staffRoleSchema,
  })
  .strict();
export type InviteStaff = z.infer<typeof inviteStaffSchema>;

export const updateStaffSchema = z
  .object({ firstName: requiredText(80), lastName: optionalText(80), role: staffRoleSchema })
  .partial()
  .strict();
export type UpdateStaff = z.infer<typeof updateStaffSchema>;

export const acceptInviteSchema = z.object({ token: z.string().min(10).max(200), password: passwordSchema }).strict();
export const requestResetSchema = z.object({ email: emailSchema, studioSlug: z.string().max(64).optional() }).strict();
export const confirmResetSchema = z.object({ token: z.string().min(10).max(200), password: passwordSchema }).strict();
export const changeLocaleSchema = z.object({ locale: localeSchema }).strict();

export const apiKeySchema = z.object({
  id: z.string(),
  name: z.string(),
  role: staffRoleSchema,
  prefix: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
});
export type ApiKeyDto = z.infer<typeof apiKeySchema>;
export const createApiKeySchema = z.object({ name: requiredText(80), role: staffRoleSchema }).strict();
/** The secret is shown once, in the response that creates it. */
export const createdApiKeySchema = apiKeySchema.extend({ secret: z.string() });

export const okSchema = z.object({ ok: z.literal(true) });
