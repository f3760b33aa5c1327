import { and, eq } from 'drizzle-orm';
import type { Ctx } from '../../../kernel/ctx.ts';
import type { Tx } from '../../../platform/db/client.ts';
import type { Email, MessageSuppression } from '../../../platform/email/index.ts';
import { customers } from '../../customers/schema.ts';
import { catalogueEntry, type Locale } from '../catalogue.ts';
import type { VariableValues } from '../render.ts';
import type { SmsService } from '../sms/index.ts';
import type { MessageTemplatesService } from '../templates/index.ts';

/** One transactional message: a catalogue template, rendered for one recipient, on the channels the studio chose. */
export interface TemplateEmail {
  /** The recipient's email; null (a customer without one, or unsubscribed from it): no email, other channels still go. */
  to: string | null;
  /** A catalogue key (`order.receipt`). */
  template: string;
  locale: Locale;
  values: VariableValues;
  /** The customer it is to (their inbox thread; whose subscriptions `suppression` checks); null for staff. */
  customerId?: string | null;
  /** Default: the template's audience. A staff member's password reset is `staff`. */
  recipientKind?: 'customer' | 'staff';
  /**
   * The subscription that must still be on when the email is sent. Default: transactional email
   * for a customer, none for staff. Null: always delivered (password reset, account links).
   */
  suppression?: MessageSuppression | null;
}

export interface TemplateMailerDeps {
  templates: Pick<MessageTemplatesService, 'render' | 'channelsOf'>;
  email: Pick<Email, 'recordMessage'>;
  /** The SMS tier (a getter: the SMS service is made after the services that take this mailer). Without it, no SMS. */
  sms?: () => Pick<SmsService, 'sendSms'>;
}

/** What the customer's profile says about an SMS: their phone, and whether they replied STOP. */
async function smsFacts(tx: Tx, ctx: Ctx, customerId: string): Promise<{ phone: string | null; stopped: boolean } | null> {
  const [row] = await tx
    .select({ phone: customers.phone, smsStoppedAt: customers.smsStoppedAt, anonymizedAt: customers.anonymizedAt })
    .from(customers)
    .where(and(eq(customers.studioId, ctx.studioId), eq(customers.id, customerId)));
  if (!row || row.anonymizedAt) return null;
  return { phone: row.phone?.trim() || null, stopped: row.smsStoppedAt !== null };
}

/**
 * How Enso sends a transactional message: the studio's version of the catalogue template (else
 * the default) in `locale`, with the studio's branding, recorded in the caller's transaction (sent
 * after it commits; the subscription is checked again at send time) on each channel the studio
 * turned on for the template (Settings › Message templates; email only when it chose nothing):
 * - email to `to`, when there is one;
 * - SMS (the template's SMS text) to the customer's phone through the SMS tier — suppression
 *   `sms` (STOP); past the month's segments it goes as the email instead, unless the email is on
 *   (and sent) already;
 * - in-app (the customer's account page and the inbox thread).
 * SMS and in-app only reach a customer (`customerId`, recipient kind customer); staff get email.
 * The subscribers below use it, and identity, waivers and commerce receive it as their `mailer`.
 */
export function createTemplateMailer(deps: TemplateMailerDeps) {
  return {
    async send(tx: Tx, ctx: Ctx, message: TemplateEmail): Promise<void> {
      const entry = catalogueEntry(message.template);
      if (!entry) throw new Error(`The catalogue has no template ${message.template}`);
      const recipientKind = message.recipientKind ?? entry.audience;
      const suppression = message.suppression !== undefined ? message.suppression : recipientKind === 'customer' ? 'email_transactional' : null;
      const customerId = recipientKind === 'customer' ? (message.customerId ?? null) : null;
      const on = customerId ? await deps.templates.channelsOf(ctx, entry.key, tx) : { email: true, sms: false, inApp: false };
      const to = message.to?.trim() || null;
      const sendsEmail = on.email && to !== null;
      const smsTo = on.sms && customerId && deps.sms ? await smsFacts(tx, ctx, customerId) : null;
      const sendsSms = smsTo !== null && smsTo.phone !== null && !smsTo.stopped;
      if (!sendsEmail && !sendsSms && !(on.inApp && customerId)) return;

      const rendered = await deps.templates.render(ctx, { key: entry.key, locale: message.locale, values: message.values }, tx);
      const common = { template: entry.key, customerId: message.customerId ?? null, recipientKind, category: 'transactional' as const };
      if (sendsEmail) {
        await deps.email.recordMessage(tx, ctx, { ...common, channel: 'email', to, subject: rendered.subject, text: rendered.text, html: rendered.html, suppression });
      }
      if (sendsSms && deps.sms) {
        // Past the tier, the email goes instead — not a second time when it went already.
        const fallbackEmail = !sendsEmail && to ? { to, subject: rendered.subject, text: rendered.text, html: rendered.html } : undefined;
        await deps.sms().sendSms(tx, ctx, { ...common, to: smsTo.phone!, text: rendered.sms, suppression: 'sms', fallbackEmail });
      }
      if (on.inApp && customerId) {
        await deps.email.recordMessage(tx, ctx, { ...common, channel: 'in_app', to: customerId, subject: rendered.subject, text: rendered.text, suppression: null });
      }
    },
  };
}

export type TemplateMailer = ReturnType<typeof createTemplateMailer>;
