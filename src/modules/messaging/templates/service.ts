import { actorUserId, type Ctx } from '../../../kernel/ctx.ts';
import type { FieldError } from '../../../kernel/errors.ts';
import type { Database, Tx } from '../../../platform/db/client.ts';
import { inStudioTx, withStudio } from '../../../platform/db/tx.ts';
import { parseOrThrow } from '../../../platform/validation.ts';
import type { StudiosService } from '../../studios/index.ts';
import { blocksToText, textsOf, type Block } from '../blocks.ts';
import { catalogue, catalogueEntry, requiresSubject, sampleValues, variablesOf, type CatalogueEntry, type Locale } from '../catalogue.ts';
import { renderEmail, type Branding, type RenderedEmail } from '../email-html.ts';
import { MessagingError, templateNotFound } from '../errors.ts';
import { countSegments } from '../../../platform/sms/index.ts';
import { renderVariables, unknownVariables, type VariableValues } from '../render.ts';
import {
  defaultChannels,
  previewTemplateSchema,
  saveTemplateSchema,
  setChannelsSchema,
  type EnabledChannels,
  type TemplateDetailDto,
  type TemplatePreviewDto,
  type TemplateSummaryDto,
  type UnknownVariableDto,
} from './contracts.ts';
import * as repo from './repo.ts';

export interface MessageTemplatesDeps {
  database: Database;
  studios: Pick<StudiosService, 'getStudio'>;
  /** Enso's public address: the studio logo's URL in an email must be absolute. */
  publicUrl: string;
}

/** A template's content in one locale: the studio's own version, or the catalogue default. */
export interface TemplateContent {
  subject: string;
  blocks: Block[];
  text: string;
  /** The studio's own SMS text; null: the SMS is the body's text. */
  smsText: string | null;
  customised: boolean;
  updatedAt: Date | null;
}

/** A message ready to send: the email, and the SMS text (the studio's own, else the body's text) with the recipient's values. */
export interface RenderedMessage extends RenderedEmail {
  sms: string;
}

const hasSms = (entry: CatalogueEntry) => entry.channels.includes('sms');

/** A saved choice (else email only), limited to the channels the catalogue lists for the template. */
export function enabledChannelsOf(entry: CatalogueEntry, row: Pick<repo.ChannelsRow, 'email' | 'sms' | 'inApp'> | undefined): EnabledChannels {
  const c = row ?? defaultChannels;
  if (entry.audience === 'staff') return defaultChannels;
  return { email: c.email && entry.channels.includes('email'), sms: c.sms && entry.channels.includes('sms'), inApp: c.inApp && entry.channels.includes('in_app') };
}

const entryOrThrow = (key: string): CatalogueEntry => {
  const entry = catalogueEntry(key);
  if (!entry) throw templateNotFound(key);
  return entry;
};

/** Every variable of a subject and body that is not on the template's allow-list, with where it is. */
export function unknownVariablesOf(entry: CatalogueEntry, subject: string, blocks: readonly Block[]): UnknownVariableDto[] {
  const found: UnknownVariableDto[] = [];
  for (const name of unknownVariables(subject, entry.variables)) found.push({ path: 'subject', name });
  for (const { path, text } of textsOf(blocks)) for (const name of unknownVariables(text, entry.variables)) found.push({ path, name });
  blocks.forEach((b, i) => {
    if (b.kind === 'button' && !entry.variables.includes(b.urlVariable)) found.push({ path: `blocks.${i}.urlVariable`, name: b.urlVariable });
  });
  return found;
}

/** Settings › Message templates: the catalogue, the studio's versions of it, previews, and rendering for senders. */
export function createMessageTemplatesService(deps: MessageTemplatesDeps) {
  const { database } = deps;

  async function contentOf(tx: Tx, ctx: Ctx, entry: CatalogueEntry, locale: Locale): Promise<TemplateContent> {
    const row = await repo.findOverride(tx, ctx, entry.key, locale);
    if (row) return { subject: row.subject, blocks: row.blocks, text: row.bodyText, smsText: row.smsText, customised: true, updatedAt: row.updatedAt };
    const d = entry.defaults[locale];
    return { subject: d.subject, blocks: d.blocks, text: blocksToText(d.blocks), smsText: null, customised: false, updatedAt: null };
  }

  const detailOf = (entry: CatalogueEntry, locale: Locale, content: TemplateContent, enabled: EnabledChannels): TemplateDetailDto => ({
    key: entry.key,
    category: entry.category,
    audience: entry.audience,
    channels: [...entry.channels],
    enabledChannels: enabled,
    title: entry.title,
    description: entry.description,
    locale,
    customised: content.customised,
    requiresSubject: requiresSubject(entry),
    subject: content.subject,
    blocks: content.blocks,
    text: content.text,
    hasSms: hasSms(entry),
    smsText: hasSms(entry) ? (content.smsText ?? content.text) : '',
    smsCustomised: hasSms(entry) && content.smsText !== null,
    updatedAt: content.updatedAt?.toISOString() ?? null,
    variables: variablesOf(entry).map((d) => ({ name: d.name, description: d.description, sample: d.sample[locale] })),
  });

  const channelsIn = async (tx: Tx, ctx: Ctx, entry: CatalogueEntry) => enabledChannelsOf(entry, await repo.findChannels(tx, ctx, entry.key));

  async function brandingOf(ctx: Ctx, tx: Tx): Promise<Branding> {
    const studio = await deps.studios.getStudio(ctx, tx);
    const base = deps.publicUrl.replace(/\/+$/, '');
    return {
      studioName: studio.name,
      brandColor: studio.brandColor,
      accentColor: studio.accentColor,
      logoUrl: studio.logoUrl ? (/^https?:/i.test(studio.logoUrl) ? studio.logoUrl : `${base}${studio.logoUrl}`) : null,
    };
  }

  return {
    /** The whole catalogue, with whether the studio customised each locale. */
    async list(ctx: Ctx): Promise<TemplateSummaryDto[]> {
      const { customised, chosen } = await withStudio(database, ctx.studioId, async (tx) => ({ customised: await repo.listCustomised(tx, ctx), chosen: await repo.listChannels(tx, ctx) }));
      const has = new Set(customised.map((c) => `${c.templateKey}:${c.locale}`));
      const channelsByKey = new Map(chosen.map((c) => [c.templateKey, c]));
      return catalogue.map((e) => ({
        key: e.key,
        category: e.category,
        audience: e.audience,
        channels: [...e.channels],
        title: e.title,
        description: e.description,
        customised: { en: has.has(`${e.key}:en`), fr: has.has(`${e.key}:fr`) },
        enabledChannels: enabledChannelsOf(e, channelsByKey.get(e.key)),
      }));
    },

    /** One template in one locale as the editor shows it: the studio's version or the default, and its allowed variables. */
    async get(ctx: Ctx, key: string, locale: Locale): Promise<TemplateDetailDto> {
      const entry = entryOrThrow(key);
      return withStudio(database, ctx.studioId, async (tx) => detailOf(entry, locale, await contentOf(tx, ctx, entry, locale), await channelsIn(tx, ctx, entry)));
    },

    /**
     * Turns the template's channels on or off for the studio. Refused (`invalid_channels`, a field
     * error each) for a channel the catalogue does not list for it, and when none would stay on.
     */
    async setChannels(ctx: Ctx, key: string, input: unknown): Promise<EnabledChannels> {
      const entry = entryOrThrow(key);
      const values = parseOrThrow(setChannelsSchema, input);
      const fields: FieldError[] = [];
      const listed = { email: 'email', sms: 'sms', inApp: 'in_app' } as const;
      for (const [field, channel] of Object.entries(listed) as [keyof EnabledChannels, (typeof listed)[keyof EnabledChannels]][]) {
        if (values[field] && channel !== 'email' && entry.audience === 'staff') fields.push({ path: field, message: 'Messages to staff go by email only.' });
        else if (values[field] && !entry.channels.includes(channel)) fields.push({ path: field, message: `This message cannot be sent by ${channel === 'in_app' ? 'in-app message' : channel === 'sms' ? 'SMS' : 'email'}.` });
      }
      if (!values.email && !values.sms && !values.inApp) fields.push({ path: 'email', message: 'Keep at least one channel on.' });
      if (fields.length > 0) throw new MessagingError('invalid_channels', fields.length === 1 ? fields[0]!.message : 'These channels cannot be used for this message.', fields);
      return withStudio(database, ctx.studioId, async (tx) => {
        const row = await repo.upsertChannels(tx, ctx, { templateKey: entry.key, ...values, updatedBy: actorUserId(ctx.actor), now: ctx.clock.now() });
        return enabledChannelsOf(entry, row);
      });
    },

    /** The channels the studio sends a template on, read in the sender's transaction (for the mailer). */
    async channelsOf(ctx: Ctx, key: string, tx?: Tx): Promise<EnabledChannels> {
      const entry = entryOrThrow(key);
      return inStudioTx(database, ctx.studioId, tx, (t) => channelsIn(t, ctx, entry));
    },

    /**
     * Saves the studio's version. Refused (`unknown_variables`) when the subject or a block uses
     * a variable the template does not allow — each named, with where it is — and
     * (`subject_required`) when an email template's subject is empty.
     */
    async save(ctx: Ctx, key: string, locale: Locale, input: unknown): Promise<TemplateDetailDto> {
      const entry = entryOrThrow(key);
      const values = parseOrThrow(saveTemplateSchema, input);
      const subject = values.subject.trim();
      const problems: FieldError[] = [];
      if (requiresSubject(entry) && subject === '') problems.push({ path: 'subject', message: 'An email needs a subject.' });
      if (problems.length > 0) throw new MessagingError('subject_required', 'An email template needs a subject.', problems);
      const unknown = unknownVariablesOf(entry, subject, values.blocks);
      const smsText = hasSms(entry) && values.smsText !== undefined ? (values.smsText?.trim() ?? '') || null : undefined;
      if (smsText) for (const name of unknownVariables(smsText, entry.variables)) unknown.push({ path: 'smsText', name });
      if (unknown.length > 0) {
        const fields = unknown.map((u) => ({
          path: u.path,
          message: `##{{${u.name}}} is not a variable of this template: it would be sent exactly as written. Use one of the listed variables.`,
        }));
        const names = [...new Set(unknown.map((u) => `##{{${u.name}}}`))].join(', ');
        throw new MessagingError('unknown_variables', `Unknown variables: ${names}.`, fields, { unknown });
      }
      return withStudio(database, ctx.studioId, async (tx) => {
        // Left out: the SMS text saved before stays (an editor that does not show it keeps it).
        const keptSms = smsText === undefined && hasSms(entry) ? ((await repo.findOverride(tx, ctx, entry.key, locale))?.smsText ?? null) : null;
        const row = await repo.upsertOverride(tx, ctx, {
          templateKey: entry.key,
          locale,
          subject,
          blocks: values.blocks,
          bodyText: blocksToText(values.blocks),
          smsText: smsText === undefined ? keptSms : smsText,
          updatedBy: actorUserId(ctx.actor),
          now: ctx.clock.now(),
        });
        return detailOf(entry, locale, { subject: row.subject, blocks: row.blocks, text: row.bodyText, smsText: row.smsText, customised: true, updatedAt: row.updatedAt }, await channelsIn(tx, ctx, entry));
      });
    },

    /** Back to the catalogue default for this locale (no-op when not customised). */
    async reset(ctx: Ctx, key: string, locale: Locale): Promise<TemplateDetailDto> {
      const entry = entryOrThrow(key);
      return withStudio(database, ctx.studioId, async (tx) => {
        await repo.deleteOverride(tx, ctx, entry.key, locale);
        return detailOf(entry, locale, await contentOf(tx, ctx, entry, locale), await channelsIn(tx, ctx, entry));
      });
    },

    /** The email rendered with the sample values and the studio's branding: the draft given, or the saved template. */
    async preview(ctx: Ctx, key: string, locale: Locale, input: unknown): Promise<TemplatePreviewDto> {
      const entry = entryOrThrow(key);
      const draft = parseOrThrow(previewTemplateSchema, input ?? {});
      const { content, branding } = await withStudio(database, ctx.studioId, async (tx) => ({
        content: await contentOf(tx, ctx, entry, locale),
        branding: await brandingOf(ctx, tx),
      }));
      const subject = draft.subject ?? content.subject;
      const blocks = draft.blocks ?? content.blocks;
      const samples = sampleValues(entry, locale);
      const email = await renderEmail({ subject, blocks, allowed: entry.variables, values: samples, branding, locale });
      const unknown = unknownVariablesOf(entry, subject, blocks);
      let sms: TemplatePreviewDto['sms'] = null;
      if (hasSms(entry)) {
        // The draft's SMS text; empty (or none when the body is drafted) = the body's text.
        const draftSms = draft.smsText !== undefined ? draft.smsText?.trim() || null : draft.blocks ? null : content.smsText;
        const text = draftSms ? renderVariables(draftSms, { allowed: entry.variables, values: samples }) : email.text;
        const count = countSegments(text);
        sms = { text, segments: count.segments, encoding: count.encoding };
        if (draftSms) for (const name of unknownVariables(draftSms, entry.variables)) unknown.push({ path: 'smsText', name });
      }
      return { ...email, sms, unknownVariables: unknown };
    },

    /**
     * A message ready to send (for the senders of other slices): the studio's version or the
     * default in `locale`, with the recipient's values and the studio's branding; `sms` is the
     * SMS text (the studio's own for this locale, else the body's plain text).
     */
    async render(ctx: Ctx, input: { key: string; locale: Locale; values: VariableValues }, tx?: Tx): Promise<RenderedMessage> {
      const entry = entryOrThrow(input.key);
      const { content, branding } = await inStudioTx(database, ctx.studioId, tx, async (t) => ({
        content: await contentOf(t, ctx, entry, input.locale),
        branding: await brandingOf(ctx, t),
      }));
      const email = await renderEmail({ subject: content.subject, blocks: content.blocks, allowed: entry.variables, values: input.values, branding, locale: input.locale });
      const sms = content.smsText ? renderVariables(content.smsText, { allowed: entry.variables, values: input.values }) : email.text;
      return { ...email, sms };
    },
  };
}

export type MessageTemplatesService = ReturnType<typeof createMessageTemplatesService>;
