import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { Clock } from '../../../kernel/clock.ts';
import type { Ctx } from '../../../kernel/ctx.ts';
import type { Database } from '../../../platform/db/client.ts';
import { withStudio } from '../../../platform/db/tx.ts';
import { classifyInboundSms, isValidTwilioSignature } from '../../../platform/sms/index.ts';
import type { SubscriptionsService } from '../../customers/index.ts';
import { customers } from '../../customers/schema.ts';
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
  requestId: string;
}

export type InboundSmsOutcome = { action: 'stop' | 'start'; customerIds: string[] } | { action: 'none'; customerIds: [] };

/**
 * The forms a customer's stored phone digits may take for this E.164 sender: the number itself,
 * with the 00 international prefix, or national (country code of 1–3 digits dropped, with or
 * without the trunk 0). Phones are stored as typed (`+33 6 12…`, `06 12…`, `(415) 555-…`).
 */
export function phoneDigitsCandidates(from: string): string[] {
  const digits = from.replace(/\D/g, '');
  if (digits.length < 6) return [];
  const out = new Set([digits, `00${digits}`]);
  for (const cc of [1, 2, 3]) {
    const national = digits.slice(cc);
    if (national.length < 6) continue;
    out.add(national);
    out.add(`0${national}`);
  }
  return [...out];
}

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
     * STOP turns SMS off (`sms: false`, marketing SMS too) for every customer of the studio whose
     * phone is the sender's; START turns them back on; anything else changes nothing.
     * Throws StudiosError `studio_not_found` for an unknown slug.
     */
    async receive(sms: InboundSms): Promise<InboundSmsOutcome> {
      const studio = await studios.getPublicStudio(sms.slug);
      const keyword = classifyInboundSms(sms.body);
      if (keyword !== 'stop' && keyword !== 'start') return { action: 'none', customerIds: [] };
      const candidates = phoneDigitsCandidates(sms.from);
      if (candidates.length === 0) return { action: keyword, customerIds: [] };
      const ctx: Ctx = { studioId: studio.id, actor: { kind: 'system' }, clock, requestId: sms.requestId };
      const matched = await withStudio(database, studio.id, (tx) =>
        tx
          .select({ id: customers.id })
          .from(customers)
          .where(and(eq(customers.studioId, studio.id), inArray(customers.phoneDigits, candidates), isNull(customers.anonymizedAt))),
      );
      const customerIds = matched.map((r) => r.id).sort();
      for (const id of customerIds) await subscriptions.updateSubscriptions(ctx, id, { sms: keyword === 'start' });
      return { action: keyword, customerIds };
    },
  };
}

export type InboundSmsService = ReturnType<typeof createInboundSmsService>;
