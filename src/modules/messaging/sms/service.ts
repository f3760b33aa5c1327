import type { Ctx } from '../../../kernel/ctx.ts';
import type { Database, Tx } from '../../../platform/db/client.ts';
import { withStudio } from '../../../platform/db/tx.ts';
import type { Email, MessageCategory, MessageId, MessageSuppression } from '../../../platform/email/index.ts';
import { countSegments } from '../../../platform/sms/index.ts';
import { parseOrThrow } from '../../../platform/validation.ts';
import type { IdentityService } from '../../identity/index.ts';
import type { MessageTemplatesService } from '../templates/index.ts';
import { normalizeE164 } from './phone-number.ts';
import { updateMessagingSettingsSchema, type MessagingSettingsDto, type SmsUsageDto } from './contracts.ts';
import { SmsSettingsError } from './errors.ts';
import * as repo from './settings.ts';
import { fitsInTier, isSmsTierKey, smsTierOf, smsTiers } from './tiers.ts';

export interface SmsServiceDeps {
  database: Database;
  email: Pick<Email, 'recordMessage'>;
  identity: Pick<IdentityService, 'listStaff'>;
  templates: Pick<MessageTemplatesService, 'render'>;
  /** Enso's public address: the settings link in the studio's notice, the voice webhook's URL. */
  publicUrl: string;
  /** The studio's Enso number (TWILIO_FROM), when Twilio is configured. */
  twilioFrom?: string | undefined;
  /** Whether Twilio is configured (the voice webhook answers only then). */
  twilioEnabled: boolean;
}

export interface SendSms {
  customerId?: string | null | undefined;
  to: string;
  text: string;
  /** The catalogue key or the sender's own key (`messaging.reply`, …). */
  template: string;
  category: MessageCategory;
  /** Which subscription must still be on at send time (platform/email); null: always delivered. */
  suppression: MessageSuppression | null;
  recipientKind?: 'customer' | 'staff' | undefined;
  /** The staff member who wrote it (an inbox reply, a group send). */
  senderId?: string | null | undefined;
  /** A group send's id: the SMS (or its email fallback) is that send's one message to the customer. */
  sendId?: string | null | undefined;
  /** Sent instead when the month's SMS segments are used up (only when the recipient has an email). */
  fallbackEmail?: { to: string; subject: string; text: string; html?: string | undefined } | undefined;
}

export type SmsOutcome =
  | { channel: 'sms'; messageId: MessageId; segments: number }
  /** The tier was used up: the email fallback was recorded instead (`email`), or nothing (`none`, no email to fall back on). */
  | { channel: 'email' | 'none'; messageId: MessageId | null; segments: number; noticeSent: boolean };

/** The email subscription that stands for an SMS one when an SMS goes out as an email. */
const emailSuppressionFor = (s: MessageSuppression | null): MessageSuppression | null =>
  s === 'sms' ? 'email_transactional' : s === 'sms_marketing' ? 'email_marketing' : s;

const monthName = (month: string, locale: 'en' | 'fr') =>
  new Intl.DateTimeFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${month}-15T12:00:00Z`));

/**
 * SMS tiers and Settings › SMS & phone. `sendSms` is how every messaging sender sends an SMS:
 * it counts the message's segments against the studio's monthly tier and falls back to email
 * when they run out.
 */
export function createSmsService(deps: SmsServiceDeps) {
  const { database } = deps;
  const base = deps.publicUrl.replace(/\/+$/, '');

  async function usageOf(tx: Tx, ctx: Ctx, tierKey: string): Promise<SmsUsageDto> {
    const studio = await repo.studioFacts(tx, ctx);
    const period = repo.smsMonthOf(ctx.clock.now(), studio.timeZone);
    const totals = await repo.monthTotals(tx, ctx, period);
    const allowed = smsTierOf(tierKey).monthlySegments;
    return {
      month: period.month,
      segmentsUsed: totals.segments,
      segmentsAllowed: allowed,
      messages: totals.messages,
      exhausted: totals.segments >= allowed,
      byDay: await repo.monthByDay(tx, ctx, period, studio.timeZone),
    };
  }

  async function settingsDto(tx: Tx, ctx: Ctx, row: repo.SettingsRow): Promise<MessagingSettingsDto> {
    const studio = await repo.studioFacts(tx, ctx);
    return {
      smsTier: smsTierOf(row.smsTier).key,
      tiers: smsTiers.map((t) => ({ key: t.key, monthlySegments: t.monthlySegments, label: t.label })),
      forwardingPhone: row.forwardingPhone,
      studioPhone: deps.twilioEnabled ? (deps.twilioFrom ?? null) : null,
      voiceWebhookUrl: deps.twilioEnabled ? `${base}/api/webhooks/twilio/voice/${encodeURIComponent(studio.slug)}` : null,
      usage: await usageOf(tx, ctx, row.smsTier),
      classReminderHours: row.classReminderHours,
    };
  }

  /** Tells the studio's active admins, once per month, that SMS ran out (the caller holds the settings lock). */
  async function noticeOnce(tx: Tx, ctx: Ctx, settings: repo.SettingsRow, month: string): Promise<boolean> {
    if (settings.smsExhaustedNoticeMonth === month) return false;
    await repo.updateSettings(tx, ctx, { smsExhaustedNoticeMonth: month });
    const studio = await repo.studioFacts(tx, ctx);
    const tier = smsTierOf(settings.smsTier);
    const admins = (await deps.identity.listStaff(ctx, tx)).filter((s) => s.role === 'admin' && s.status === 'active');
    const locale = studio.defaultLocale;
    for (const admin of admins) {
      const rendered = await deps.templates.render(
        ctx,
        {
          key: 'studio.sms_exhausted',
          locale,
          values: {
            first_name: admin.firstName,
            last_name: admin.lastName,
            studio_name: studio.name,
            sms_tier: tier.label[locale],
            sms_segments_allowed: String(tier.monthlySegments),
            sms_month: monthName(month, locale),
            sms_settings_url: `${base}/settings/sms`,
          },
        },
        tx,
      );
      await deps.email.recordMessage(tx, ctx, {
        channel: 'email',
        to: admin.email,
        subject: rendered.subject,
        text: rendered.text,
        html: rendered.html,
        template: 'studio.sms_exhausted',
        recipientKind: 'staff',
        category: 'transactional',
      });
    }
    return true;
  }

  return {
    /**
     * Records an SMS in the caller's transaction when this month's segments allow it; otherwise
     * records the email fallback (when given) and tells the studio's admins, once a month.
     *
     * Concurrency: the studio's messaging_settings row is locked (SELECT … FOR UPDATE) before the
     * month's segments are counted and held until the caller's transaction ends, so two sends at
     * the boundary are counted one after the other and cannot both squeeze past the tier; the
     * notice month is written under the same lock, so concurrent sends tell the admins once.
     */
    async sendSms(tx: Tx, ctx: Ctx, input: SendSms): Promise<SmsOutcome> {
      const segments = countSegments(input.text).segments;
      const settings = await repo.lockSettings(tx, ctx);
      const studio = await repo.studioFacts(tx, ctx);
      const period = repo.smsMonthOf(ctx.clock.now(), studio.timeZone);
      const { segments: used } = await repo.monthTotals(tx, ctx, period);
      if (fitsInTier(used, segments, smsTierOf(settings.smsTier).monthlySegments)) {
        const messageId = await deps.email.recordMessage(tx, ctx, {
          channel: 'sms',
          to: input.to,
          text: input.text,
          template: input.template,
          customerId: input.customerId ?? null,
          recipientKind: input.recipientKind ?? null,
          senderId: input.senderId ?? null,
          sendId: input.sendId ?? null,
          category: input.category,
          suppression: input.suppression,
        });
        return { channel: 'sms', messageId, segments };
      }
      let messageId: MessageId | null = null;
      if (input.fallbackEmail) {
        messageId = await deps.email.recordMessage(tx, ctx, {
          channel: 'email',
          to: input.fallbackEmail.to,
          subject: input.fallbackEmail.subject,
          text: input.fallbackEmail.text,
          html: input.fallbackEmail.html ?? null,
          template: input.template,
          customerId: input.customerId ?? null,
          recipientKind: input.recipientKind ?? null,
          senderId: input.senderId ?? null,
          sendId: input.sendId ?? null,
          category: input.category,
          suppression: emailSuppressionFor(input.suppression),
        });
      }
      const noticeSent = await noticeOnce(tx, ctx, settings, period.month);
      return { channel: messageId ? 'email' : 'none', messageId, segments, noticeSent };
    },

    /** This month's segments used and allowed (for senders that want to warn before a group send). */
    async usage(ctx: Ctx, tx?: Tx): Promise<SmsUsageDto> {
      const run = async (t: Tx) => usageOf(t, ctx, (await repo.readSettings(t, ctx)).smsTier);
      return tx ? run(tx) : withStudio(database, ctx.studioId, run);
    },

    /** Settings › SMS & phone: the tier, the tiers, the month's usage, the forwarding number, the class reminders' hours. */
    async getSettings(ctx: Ctx): Promise<MessagingSettingsDto> {
      return withStudio(database, ctx.studioId, async (tx) => settingsDto(tx, ctx, await repo.readSettings(tx, ctx)));
    },

    /**
     * Changes the tier, the forwarding number and/or the class reminders' hours. Refused
     * (`invalid_sms_settings`, a field error each) for an unknown tier, a number that is not
     * international or hours that are not a whole number from 0 to 168. A new tier clears
     * this month's notice: if the new allowance runs out too, the admins are told again.
     */
    async updateSettings(ctx: Ctx, input: unknown): Promise<MessagingSettingsDto> {
      const values = parseOrThrow(updateMessagingSettingsSchema, input);
      const fields: { path: string; message: string }[] = [];
      const set: Parameters<typeof repo.updateSettings>[2] = {};
      if (values.smsTier !== undefined) {
        if (isSmsTierKey(values.smsTier)) set.smsTier = values.smsTier;
        else fields.push({ path: 'smsTier', message: `Choose one of the tiers: ${smsTiers.map((t) => t.key).join(', ')}.` });
      }
      if (values.forwardingPhone !== undefined) {
        const typed = values.forwardingPhone?.trim() ?? '';
        if (typed === '') set.forwardingPhone = null;
        else {
          const phone = normalizeE164(typed);
          if (phone) set.forwardingPhone = phone;
          else fields.push({ path: 'forwardingPhone', message: 'Enter an international number starting with + and the country code, such as +33 6 12 34 56 78.' });
        }
      }
      if (values.classReminderHours !== undefined) {
        const hours = values.classReminderHours;
        if (Number.isInteger(hours) && hours >= 0 && hours <= 168) set.classReminderHours = hours;
        else fields.push({ path: 'classReminderHours', message: 'Enter a whole number of hours from 0 (no reminders) to 168 (a week).' });
      }
      if (fields.length > 0) throw new SmsSettingsError('These SMS and phone settings cannot be saved.', fields);
      return withStudio(database, ctx.studioId, async (tx) => {
        const current = await repo.lockSettings(tx, ctx);
        if (set.smsTier !== undefined && set.smsTier !== current.smsTier) set.smsExhaustedNoticeMonth = null;
        const row = Object.keys(set).length > 0 ? await repo.updateSettings(tx, ctx, set) : current;
        return settingsDto(tx, ctx, row);
      });
    },
  };
}

export type SmsService = ReturnType<typeof createSmsService>;
