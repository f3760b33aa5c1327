import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import type { Clock } from '../../../kernel/clock.ts';
import type { Ctx } from '../../../kernel/ctx.ts';
import { newId } from '../../../kernel/ids.ts';
import type { Database, Tx } from '../../../platform/db/client.ts';
import { withStudio } from '../../../platform/db/tx.ts';
import { publish } from '../../../platform/events/publish.ts';
import { isValidTwilioSignature } from '../../../platform/sms/index.ts';
import { customers } from '../../customers/schema.ts';
import type { StudiosService } from '../../studios/index.ts';
import { phoneDigitsCandidates } from '../inbound/index.ts';
import { messagingCalls } from '../schema.ts';
import { readMessagingSettings as readSettings } from '../sms/index.ts';
import { callMissedEvent } from './events.ts';

export interface PhoneDeps {
  database: Database;
  studios: Pick<StudiosService, 'getPublicStudio'>;
  clock: Clock;
  /** TWILIO_AUTH_TOKEN; undefined when Twilio is not configured (the webhooks then answer 404). */
  authToken: string | undefined;
  /** Enso's public address: the Dial and Record callbacks Twilio is sent to. */
  publicUrl: string;
}

export type CallStatus = 'forwarded' | 'answered' | 'missed' | 'voicemail';

/** Dial outcomes where nobody picked up the forwarded line. */
const notAnswered = new Set(['no-answer', 'busy', 'failed', 'canceled']);

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const twiml = (inner: string) => `<?xml version="1.0" encoding="UTF-8"?><Response>${inner}</Response>`;
export const emptyTwiml = twiml('');

const voicemailGreeting = {
  en: (studio: string) => `Thank you for calling ${studio}. Nobody can take your call right now: please leave a message after the tone.`,
  fr: (studio: string) => `Merci d'avoir appelé ${studio}. Personne ne peut vous répondre pour le moment : laissez un message après le bip.`,
};

/** The studio's customer whose stored phone is the caller's (the inbound SMS matching), or null. */
async function customerByPhone(tx: Tx, ctx: Ctx, from: string): Promise<string | null> {
  const candidates = phoneDigitsCandidates(from);
  if (candidates.length === 0) return null;
  const [row] = await tx
    .select({ id: customers.id })
    .from(customers)
    .where(and(eq(customers.studioId, ctx.studioId), inArray(customers.phoneDigits, candidates), isNull(customers.anonymizedAt)))
    .orderBy(asc(customers.id))
    .limit(1);
  return row?.id ?? null;
}

/**
 * The studio's phone line (seed 003 "Numéro de téléphone"): an inbound call to the studio's
 * Twilio number is forwarded to the forwarding number, or goes to voicemail when none is set.
 * A call nobody answered publishes `call.missed.v1`, once per CallSid.
 */
export function createPhoneService(deps: PhoneDeps) {
  const { database, clock, authToken } = deps;
  const base = deps.publicUrl.replace(/\/+$/, '');
  const statusUrl = (slug: string) => `${base}/api/webhooks/twilio/voice/${encodeURIComponent(slug)}/status`;

  async function studioCtx(slug: string, requestId: string): Promise<{ ctx: Ctx; name: string; locale: 'en' | 'fr' }> {
    const studio = await deps.studios.getPublicStudio(slug);
    return { ctx: { studioId: studio.id, actor: { kind: 'system' }, clock, requestId }, name: studio.name, locale: studio.defaultLocale === 'fr' ? 'fr' : 'en' };
  }

  return {
    enabled: () => authToken !== undefined && authToken !== '',

    isSigned(url: string, signature: string | undefined, params: Record<string, string | string[]>): boolean {
      return authToken !== undefined && isValidTwilioSignature({ authToken, signature, url, params });
    },

    /**
     * An inbound call (Twilio's voice webhook): TwiML that dials the forwarding number (20 s,
     * then Twilio calls the status URL), or a short greeting and a recording when none is set.
     * The call is recorded once (a redelivered webhook with the same CallSid adds nothing).
     * Throws StudiosError `studio_not_found` for an unknown slug.
     */
    async incoming(input: { slug: string; callSid: string; from: string; requestId: string }): Promise<string> {
      const { ctx, name, locale } = await studioCtx(input.slug, input.requestId);
      return withStudio(database, ctx.studioId, async (tx) => {
        const { forwardingPhone } = await readSettings(tx, ctx);
        const now = ctx.clock.now();
        await tx
          .insert(messagingCalls)
          .values({
            studioId: ctx.studioId,
            id: newId('call'),
            callSid: input.callSid,
            fromNumber: input.from,
            customerId: await customerByPhone(tx, ctx, input.from),
            // With no forwarding number nobody can pick up: missed, unless a voicemail is left.
            status: forwardingPhone ? 'forwarded' : 'missed',
            forwardedTo: forwardingPhone,
            createdAt: now,
            updatedAt: now,
          })
          .onConflictDoNothing({ target: [messagingCalls.studioId, messagingCalls.callSid] });
        const action = xml(statusUrl(input.slug));
        if (forwardingPhone) return twiml(`<Dial action="${action}" method="POST" timeout="20">${xml(forwardingPhone)}</Dial>`);
        const say = `<Say language="${locale === 'fr' ? 'fr-FR' : 'en-GB'}">${xml(voicemailGreeting[locale](name))}</Say>`;
        return twiml(`${say}<Record action="${action}" method="POST" maxLength="120" playBeep="true"/>`);
      });
    },

    /**
     * The Dial action (forwarded call) or the Record action (voicemail): no-answer, busy, failed
     * or canceled → missed; a RecordingUrl → voicemail; completed → answered. A missed call or a
     * voicemail publishes `call.missed.v1` in the same transaction, once per CallSid (the row's
     * `missed` flag, set under its lock). Answers empty TwiML: the call ends.
     */
    async status(input: {
      slug: string;
      callSid: string;
      from: string;
      dialCallStatus: string | undefined;
      recordingUrl: string | undefined;
      requestId: string;
    }): Promise<{ status: CallStatus; published: boolean }> {
      const { ctx } = await studioCtx(input.slug, input.requestId);
      return withStudio(database, ctx.studioId, async (tx) => {
        const now = ctx.clock.now();
        // A status for a call whose first webhook was lost is recorded now.
        await tx
          .insert(messagingCalls)
          .values({
            studioId: ctx.studioId,
            id: newId('call'),
            callSid: input.callSid,
            fromNumber: input.from,
            customerId: await customerByPhone(tx, ctx, input.from),
            status: 'missed',
            createdAt: now,
            updatedAt: now,
          })
          .onConflictDoNothing({ target: [messagingCalls.studioId, messagingCalls.callSid] });
        const [call] = await tx
          .select()
          .from(messagingCalls)
          .where(and(eq(messagingCalls.studioId, ctx.studioId), eq(messagingCalls.callSid, input.callSid)))
          .for('update');
        const row = call!;
        const dial = input.dialCallStatus?.toLowerCase();
        const status: CallStatus = input.recordingUrl
          ? 'voicemail'
          : dial && notAnswered.has(dial)
            ? 'missed'
            : dial === 'completed' || dial === 'answered'
              ? 'answered'
              : // The Record action without a recording: the caller hung up.
                dial === undefined
                ? 'missed'
                : (row.status as CallStatus);
        const unanswered = status === 'missed' || status === 'voicemail';
        const publishNow = unanswered && !row.missed;
        await tx
          .update(messagingCalls)
          .set({ status, voicemailUrl: input.recordingUrl ?? row.voicemailUrl, missed: row.missed || unanswered, updatedAt: now })
          .where(and(eq(messagingCalls.studioId, ctx.studioId), eq(messagingCalls.id, row.id)));
        if (publishNow) {
          await publish(
            tx,
            ctx,
            callMissedEvent(row.id, {
              callSid: row.callSid,
              from: row.fromNumber,
              customerId: row.customerId,
              voicemail: status === 'voicemail',
              voicemailUrl: status === 'voicemail' ? (input.recordingUrl ?? null) : null,
            }),
          );
        }
        return { status, published: publishNow };
      });
    },
  };
}

export type PhoneService = ReturnType<typeof createPhoneService>;
