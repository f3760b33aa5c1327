import { z } from 'zod';
import { localeSchema } from '../../../platform/http/contracts.ts';
import { blockSchema, blocksSchema } from '../blocks.ts';

const localized = z.object({ en: z.string(), fr: z.string() });
const channelSchema = z.enum(['email', 'sms', 'in_app']);
const audienceSchema = z.enum(['customer', 'staff']);

export const templateParamsSchema = z.object({ key: z.string().min(1).max(80), locale: localeSchema });

export const templateSummarySchema = z.object({
  key: z.string(),
  category: z.enum(['transactional']),
  audience: audienceSchema,
  channels: z.array(channelSchema),
  title: localized,
  description: localized,
  /** Whether the studio saved its own version, per locale. */
  customised: z.object({ en: z.boolean(), fr: z.boolean() }),
});
export type TemplateSummaryDto = z.infer<typeof templateSummarySchema>;
export const templateListSchema = z.object({ items: z.array(templateSummarySchema) });

export const templateVariableSchema = z.object({ name: z.string(), description: localized, sample: z.string() });
export type TemplateVariableDto = z.infer<typeof templateVariableSchema>;

export const templateDetailSchema = templateSummarySchema.omit({ customised: true }).extend({
  locale: localeSchema,
  /** True when this locale is the studio's own version; false = the catalogue default. */
  customised: z.boolean(),
  /** An email template needs a subject; SMS/in-app-only ones do not. */
  requiresSubject: z.boolean(),
  subject: z.string(),
  blocks: z.array(blockSchema),
  /** The plain-text body (text part, SMS, in-app), variables still in place. */
  text: z.string(),
  updatedAt: z.iso.datetime().nullable(),
  /** The allow-list, with descriptions and the sample values previews use. */
  variables: z.array(templateVariableSchema),
});
export type TemplateDetailDto = z.infer<typeof templateDetailSchema>;

export const saveTemplateSchema = z.object({ subject: z.string().max(300), blocks: blocksSchema });
export type SaveTemplate = z.infer<typeof saveTemplateSchema>;

/** Preview a draft (the editor's unsaved subject and blocks), or the saved template when both are left out. */
export const previewTemplateSchema = z.object({ subject: z.string().max(300).optional(), blocks: blocksSchema.optional() });
export type PreviewTemplate = z.infer<typeof previewTemplateSchema>;

export const unknownVariableSchema = z.object({ path: z.string(), name: z.string() });
export type UnknownVariableDto = z.infer<typeof unknownVariableSchema>;

export const templatePreviewSchema = z.object({
  subject: z.string(),
  html: z.string(),
  text: z.string(),
  /** Variables of the draft that are not allowed: they show literally, and saving refuses them. */
  unknownVariables: z.array(unknownVariableSchema),
});
export type TemplatePreviewDto = z.infer<typeof templatePreviewSchema>;
