import { z } from 'zod';
import { localeSchema } from '../../../platform/http/contracts.ts';
import { blockSchema, blocksSchema } from '../blocks.ts';

const localized = z.object({ en: z.string(), fr: z.string() });
const channelSchema = z.enum(['email', 'sms', 'in_app']);
const audienceSchema = z.enum(['customer', 'staff']);

export const templateParamsSchema = z.object({ key: z.string().min(1).max(80), locale: localeSchema });

/** The channels the studio turned on for a template (no choice saved: email only). */
export const enabledChannelsSchema = z.object({ email: z.boolean(), sms: z.boolean(), inApp: z.boolean() });
export type EnabledChannels = z.infer<typeof enabledChannelsSchema>;
export const defaultChannels: EnabledChannels = { email: true, sms: false, inApp: false };

/** `PUT /message-templates/:key/channels`: each channel on or off (only those the catalogue lists may be on; one at least). */
export const setChannelsSchema = enabledChannelsSchema;
export const templateKeyParamsSchema = z.object({ key: z.string().min(1).max(80) });

export const templateSummarySchema = z.object({
  key: z.string(),
  category: z.enum(['transactional']),
  audience: audienceSchema,
  channels: z.array(channelSchema),
  title: localized,
  description: localized,
  /** Whether the studio saved its own version, per locale. */
  customised: z.object({ en: z.boolean(), fr: z.boolean() }),
  /** The channels the studio sends it on (a subset of `channels`). */
  enabledChannels: enabledChannelsSchema,
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
  /** The plain-text body (text part, in-app), variables still in place. */
  text: z.string(),
  /** Whether the template may go by SMS: only then is there an SMS text to edit. */
  hasSms: z.boolean(),
  /** The SMS text, variables still in place: the studio's own, else derived from the body (`text`). */
  smsText: z.string(),
  /** True when the studio wrote its own SMS text for this locale. */
  smsCustomised: z.boolean(),
  updatedAt: z.iso.datetime().nullable(),
  /** The allow-list, with descriptions and the sample values previews use. */
  variables: z.array(templateVariableSchema),
});
export type TemplateDetailDto = z.infer<typeof templateDetailSchema>;

export const saveTemplateSchema = z.object({
  subject: z.string().max(300),
  blocks: blocksSchema,
  /** The SMS text (plain, variables allowed) of a template that may go by SMS; null or empty: derived from the body; left out: kept. */
  smsText: z.string().max(1600).nullable().optional(),
});
export type SaveTemplate = z.infer<typeof saveTemplateSchema>;

/** Preview a draft (the editor's unsaved subject and blocks), or the saved template when both are left out. */
export const previewTemplateSchema = z.object({ subject: z.string().max(300).optional(), blocks: blocksSchema.optional(), smsText: z.string().max(1600).nullable().optional() });
export type PreviewTemplate = z.infer<typeof previewTemplateSchema>;

export const unknownVariableSchema = z.object({ path: z.string(), name: z.string() });
export type UnknownVariableDto = z.infer<typeof unknownVariableSchema>;

export const templatePreviewSchema = z.object({
  subject: z.string(),
  html: z.string(),
  text: z.string(),
  /** The SMS as sent with the sample values, and what it costs; null for a template that never goes by SMS. */
  sms: z.object({ text: z.string(), segments: z.number().int(), encoding: z.enum(['GSM-7', 'UCS-2']) }).nullable(),
  /** Variables of the draft that are not allowed: they show literally, and saving refuses them. */
  unknownVariables: z.array(unknownVariableSchema),
});
export type TemplatePreviewDto = z.infer<typeof templatePreviewSchema>;
