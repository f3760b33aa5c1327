import { z } from 'zod';

/** What an unsubscribe link turns off (the unsubscribe FAQ's three kinds). */
export const unsubscribeKinds = ['marketing_email', 'transactional_email', 'marketing_sms'] as const;

export const unsubscribeKindSchema = z.enum(unsubscribeKinds);
export const unsubscribeTokenParamSchema = z.object({ token: z.string().min(16).max(100) });
export const unsubscribeKindQuerySchema = z.object({ kind: unsubscribeKindSchema.default('marketing_email') });
export const unsubscribeBodySchema = z.object({ kind: unsubscribeKindSchema }).strict();

export const unsubscribeViewSchema = z.object({
  studioName: z.string(),
  studioSlug: z.string(),
  locale: z.enum(['en', 'fr']),
  kind: unsubscribeKindSchema,
  subscribed: z.boolean(),
});
export type UnsubscribeViewDto = z.infer<typeof unsubscribeViewSchema>;
export type UnsubscribeKindDto = z.infer<typeof unsubscribeKindSchema>;
