import type { Clock } from '../../../kernel/clock.ts';
import type { Ctx } from '../../../kernel/ctx.ts';
import type { Database } from '../../../platform/db/client.ts';
import { withStudio } from '../../../platform/db/tx.ts';
import { classifyInboundSms, isValidTwilioSignature } from '../../../platform/sms/index.ts';
import type { SubscriptionsService } from '../../customers/index.ts';
import { customersByPhone, storeInboundMessage } from '../inbox/index.ts';
import type { StudiosService } from '../../studios/index.ts';

export interface InboundSmsDeps {
  database: Database;
  studios: StudiosService;
  subscriptions: SubscriptionsService;
  clock: Clock;
  /** TWILIO_AUTH_TOKEN; undefined when Twilio is not configured (the webhook then answers 404). */
  authToken: string | undefined;
}

export interface InboundSms {
  slug: string;
  from: string;
  body: string;
  /** Twilio's MessageSid: a redelivered webhook is stored once. */
  messageSid?: string;
  /** The studio's number the text was sent to. */
  to?: string;
  requestId: string;
}

export type InboundSmsOutcome = ({ action: 'stop' | 'start'; customerIds: string[] } | { action: 'none'; customerIds: [] }) & {
  /** The inbox row this text was stored as; null when the same MessageSid was stored before. */
  inboundMessageId: string | null;
};

export { phoneDigitsCandidates } from '../inbox/index.ts';

export function createInboundSmsService(deps: InboundSmsDeps) {
  const { database, studios, subscriptions, clock, authToken } = deps;
  return {
    /** False when Twilio is not configured for this installation. */
    enabled: () => authToken !== undefined && authToken !== '',

    /** Checks X-Twilio-Signature for the exact URL Twilio called and every form field. */
    isSigned(url: string, signature: string | undefined, params: Record<string, string | string[]>): boolean {
      return authToken !== undefined && isValidTwilioSignature({ authToken, signature, url, params });
    },

    /**
     * Every text is stored in the inbox (`messaging_inbound_messages`, once per MessageSid), in the
     * thread of the studio's customer whose phone is the sender's (adults before children, then the
     * oldest profile), or with no customer for an unknown number. STOP also turns SMS off
     * (`sms: false`, marketing SMS too) for every customer of the studio with that phone; START turns
     * them back on; anything else changes no subscription.
     * Throws StudiosError `studio_not_found` for an unknown slug.
     */
    async receive(sms: InboundSms): Promise<InboundSmsOutcome> {
      const studio = await studios.getPublicStudio(sms.slug);
      const keyword = classifyInboundSms(sms.body);
      const ctx: Ctx = { studioId: studio.id, actor: { kind: 'system' }, clock, requestId: sms.requestId };
      const { matched, stored } = await withStudio(database, studio.id, async (tx) => {
        const matched = await customersByPhone(tx, ctx, sms.from);
        const stored = await storeInboundMessage(tx, ctx, {
          channel: 'sms',
          customerId: matched[0] ?? null,
          from: sms.from,
          to: sms.to ?? '',
          subject: null,
          text: sms.body,
          providerMessageId: sms.messageSid ? sms.messageSid : null,
        });
        return { matched, stored };
      });
      const inboundMessageId = stored?.id ?? null;
      if (keyword !== 'stop' && keyword !== 'start') return { action: 'none', customerIds: [], inboundMessageId };
      const customerIds = [...matched].sort();
      for (const id of customerIds) await subscriptions.updateSubscriptions(ctx, id, { sms: keyword === 'start' });
      return { action: keyword, customerIds, inboundMessageId };
    },
  };
}

export type InboundSmsService = ReturnType<typeof createInboundSmsService>;
