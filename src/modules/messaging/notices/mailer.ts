import type { Ctx } from '../../../kernel/ctx.ts';
import type { Tx } from '../../../platform/db/client.ts';
import type { Email, MessageSuppression } from '../../../platform/email/index.ts';
import { catalogueEntry, type Locale } from '../catalogue.ts';
import type { VariableValues } from '../render.ts';
import type { MessageTemplatesService } from '../templates/index.ts';

/** One transactional email: a catalogue template, rendered for one recipient. */
export interface TemplateEmail {
  to: string;
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
  templates: Pick<MessageTemplatesService, 'render'>;
  email: Pick<Email, 'recordMessage'>;
}

/**
 * How Enso sends a transactional email: the studio's version of the catalogue template (else the
 * default) in `locale`, with the studio's branding, recorded in the caller's transaction (sent
 * after it commits; the subscription is checked again at send time). The subscribers below use
 * it, and identity, waivers and commerce receive it as their `mailer`.
 */
export function createTemplateMailer(deps: TemplateMailerDeps) {
  return {
    async send(tx: Tx, ctx: Ctx, message: TemplateEmail): Promise<void> {
      const entry = catalogueEntry(message.template);
      if (!entry) throw new Error(`The catalogue has no template ${message.template}`);
      const recipientKind = message.recipientKind ?? entry.audience;
      const suppression = message.suppression !== undefined ? message.suppression : recipientKind === 'customer' ? 'email_transactional' : null;
      const rendered = await deps.templates.render(ctx, { key: entry.key, locale: message.locale, values: message.values }, tx);
      await deps.email.recordMessage(tx, ctx, {
        channel: 'email',
        to: message.to,
        subject: rendered.subject,
        text: rendered.text,
        html: rendered.html,
        template: entry.key,
        customerId: message.customerId ?? null,
        recipientKind,
        category: 'transactional',
        suppression,
      });
    },
  };
}

export type TemplateMailer = ReturnType<typeof createTemplateMailer>;
