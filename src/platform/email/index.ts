import { and, desc, eq, gte, isNotNull, lt, or, sql } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { systemClock, type Clock } from '../../kernel/clock.ts';
import type { Ctx } from '../../kernel/ctx.ts';
import { DomainError } from '../../kernel/errors.ts';
import { newId, type Id, type StudioId } from '../../kernel/ids.ts';
import { addDays, parseLocalDate, startOfLocalDay } from '../../kernel/time.ts';
import type { Database, Tx } from '../db/client.ts';
import { inStudioTx, withStudio } from '../db/tx.ts';
import { defineJob, isPermanentError, silentLogger, type Jobs, type Logger, type RetryPolicy } from '../jobs/index.ts';
import { parseOrThrow } from '../validation.ts';
import type { ListMessagesQuery, SentMessageDto, SentMessagePage } from './contracts.ts';
import { outboxProvider, smtpProvider, type MessageProvider, type OutgoingMessage } from './providers.ts';
import { emailRoutes } from './routes.ts';
import { countSegments } from '../sms/segments.ts';
import { outboundMessages, type MessageCategory, type MessageChannel, type MessageStatus, type MessageSuppression } from './schema.ts';

export { outboxProvider, smtpProvider, type MessageProvider, type OutgoingMessage } from './providers.ts';
export { sentMessageSchema, type SentMessageDto } from './contracts.ts';
export type { MessageCategory, MessageChannel, MessageStatus, MessageSuppression } from './schema.ts';

/**
 * What the messaging module adds to delivery, registered with `email.addHooks` once it exists
 * (it is created after this platform piece). Every hook runs for every studio's messages.
 */
export interface DeliveryHooks {
  /**
   * Asked by the delivery job just before sending, in a short transaction of its own: a reason
   * not to send (the recipient unsubscribed or sent STOP since it was queued), or null.
   * The message is then marked `suppressed` with that reason and not sent.
   */
  suppressionReason?(tx: Tx, studioId: StudioId, message: OutboundMessage): Promise<string | null>;
  /**
   * What an email carries beyond its stored body, computed at send time in the same short
   * transaction: extra headers (List-Unsubscribe, List-Unsubscribe-Post) and the body with a
   * footer (the unsubscribe link). Once sent, the row holds the body as sent (the log shows what left).
   */
  decorateEmail?(tx: Tx, studioId: StudioId, message: OutboundMessage): Promise<EmailDecoration | null>;
  /** Runs in the recording transaction for every message recorded (the inbox keeps its threads). */
  recorded?(tx: Tx, ctx: Ctx, messages: OutboundMessage[]): Promise<void>;
}

/** Replaces what it names: `text`/`html` are the whole body as sent; `headers` are added. */
export interface EmailDecoration {
  headers?: Record<string, string>;
  text?: string;
  html?: string | null;
}

export type MessageId = Id<'message'>;

export const deliverMessageJobName = 'email.deliver';

const recordMessageSchema = z.object({
  channel: z.enum(['email', 'sms', 'in_app']),
  to: z.string().trim().min(3).max(320),
  subject: z.string().max(998).nullish(),
  text: z.string().min(1),
  html: z.string().nullish(),
  template: z.string().regex(/^[a-z][a-z0-9_-]*(\.[a-z0-9_-]+)+$/, 'a template key such as identity.invite or booking.late_cancelled'),
  /** The customer it is to: their inbox thread, and whose subscriptions `suppression` checks. */
  customerId: z.string().min(1).nullish(),
  recipientKind: z.enum(['customer', 'staff']).nullish(),
  category: z.enum(['transactional', 'sequence', 'manual']).default('transactional'),
  /** Which subscription must still be on when the message is sent; null/absent: always delivered. */
  suppression: z.enum(['email_transactional', 'email_marketing', 'sms', 'sms_marketing']).nullish(),
  /** A group send's id: at most one message per (send, customer) — `recordMessages` skips those already recorded. */
  sendId: z.string().min(1).nullish(),
  senderId: z.string().min(1).nullish(),
});
export type RecordMessage = z.input<typeof recordMessageSchema>;

export interface OutboundMessage {
  id: MessageId;
  channel: MessageChannel;
  to: string;
  customerId: string | null;
  recipientKind: 'customer' | 'staff' | null;
  category: MessageCategory;
  suppression: MessageSuppression | null;
  sendId: string | null;
  senderId: string | null;
  segments: number | null;
  readAt: Date | null;
  subject: string | null;
  text: string;
  html: string | null;
  template: string;
  status: MessageStatus;
  provider: string | null;
  providerMessageId: string | null;
  error: string | null;
  createdAt: Date;
  sentAt: Date | null;
}

export interface MessagePage {
  items: OutboundMessage[];
  /** Pass back as `cursor` for the next (older) page; null on the last page. */
  nextCursor: string | null;
}

export interface EmailDeps {
  database: Database;
  jobs: Jobs;
  clock?: Clock;
  logger?: Logger;
  /** SMTP relay; when unset, messages are delivered to the outbox (the database) only. */
  smtpUrl?: string | undefined;
  /** The From of every email, e.g. `Studio <no-reply@studio.example>` (config MAIL_FROM). */
  from?: string;
  /** Replaces the email provider chosen from `smtpUrl`. */
  provider?: MessageProvider;
  /** Delivers SMS (platform/sms: Twilio); when unset, SMS stay in the outbox. */
  smsProvider?: MessageProvider | undefined;
  retry?: RetryPolicy;
  /** The studio's IANA zone: the sent-messages log's `from`/`to` dates are days there (default UTC). */
  studioTimeZone?: (tx: Tx, ctx: Ctx) => Promise<string>;
}

export interface Email {
  /**
   * Records a message in the caller's transaction and enqueues its delivery there too:
   * nothing is sent unless the transaction commits, and it is sent after it commits.
   */
  recordMessage(tx: Tx, ctx: Ctx, message: RecordMessage): Promise<MessageId>;
  /**
   * Records many messages in one statement (a group send's batch). A message whose
   * (sendId, customerId) is already recorded is skipped: returns the ids of those recorded now.
   */
  recordMessages(tx: Tx, ctx: Ctx, messages: RecordMessage[]): Promise<MessageId[]>;
  /** Adds what messaging brings to delivery (suppression, unsubscribe headers, threads). */
  addHooks(hooks: DeliveryHooks): void;
  /** The studio's sent-message log, newest first, with the log's filters. */
  listSentMessages(ctx: Ctx, query: ListMessagesQuery, tx?: Tx): Promise<SentMessagePage>;
  /** The template keys of the studio's messages, for the log's template filter. */
  listSentTemplates(ctx: Ctx, tx?: Tx): Promise<string[]>;
  /** The shape identity (and later modules) send their emails through. */
  mailer: { send(tx: Tx, ctx: Ctx, message: { to: string; subject: string; text: string; html?: string; template: string }): Promise<void> };
  routes: FastifyPluginAsyncZod;
  /** Which provider delivers email in this process (`outbox` or `smtp`). */
  providerName: string;
  /** Which provider delivers SMS in this process (`outbox` or `twilio`). */
  smsProviderName: string;
  /**
   * The text of the newest message to an address, whatever the studio: how tests and the demo
   * read an invite or reset link from the outbox, as a person would from their mailbox.
   */
  latestBodyTo(address: string): Promise<string | null>;
}

/**
 * Emails and SMS (each through its provider). Registers the `email.deliver` job with
 * `jobs`: create it before `jobs.start()`.
 */
export function createEmail(deps: EmailDeps): Email {
  const { database, jobs } = deps;
  const clock = deps.clock ?? systemClock;
  const logger = deps.logger ?? silentLogger;
  const emailProvider = deps.provider ?? (deps.smtpUrl ? smtpProvider(deps.smtpUrl, deps.from ?? 'Enso <no-reply@localhost>') : outboxProvider);
  // Without an SMS provider (no Twilio account configured), the outbox is the SMS log.
  const smsProvider = deps.smsProvider ?? outboxProvider;
  const providerFor = (channel: MessageChannel) => (channel === 'email' ? emailProvider : smsProvider);

  const deliver = defineJob({
    name: deliverMessageJobName,
    payload: z.object({ studioId: z.string().min(1), messageId: z.string().min(1) }),
    dedupeKey: (p) => p.messageId,
    // Messages wait on the network, not the CPU: eight at a time per process.
    concurrency: 8,
    // About two hours of retries, for an SMTP relay that is down or throttling us.
    retry: deps.retry ?? { limit: 8, backoff: { initialSeconds: 15, maxSeconds: 3600 } },
    handler: async ({ studioId, messageId }, jobCtx) => {
      const sid = studioId as StudioId;
      const message = await withStudio(database, sid, (tx) => findMessage(tx, sid, messageId));
      // Gone, or delivered by an earlier attempt whose job did not get to complete.
      if (!message || message.status !== 'queued') return 'skipped';
      // Subscriptions are checked now, not when the message was queued: an unsubscribe or a STOP
      // in between wins. Then the headers and footer that carry the unsubscribe link.
      const { suppressed, outgoing } = await withStudio(database, sid, async (tx) => {
        for (const h of hooks) {
          const reason = h.suppressionReason ? await h.suppressionReason(tx, sid, message) : null;
          if (reason) return { suppressed: reason, outgoing: null };
        }
        const outgoing: OutgoingMessage = toOutgoing(message);
        if (message.channel === 'email') {
          for (const h of hooks) {
            const d = h.decorateEmail ? await h.decorateEmail(tx, sid, { ...message, text: outgoing.text, html: outgoing.html }) : null;
            if (!d) continue;
            if (d.headers) outgoing.headers = { ...outgoing.headers, ...d.headers };
            if (d.text !== undefined) outgoing.text = d.text;
            if (d.html !== undefined) outgoing.html = d.html;
          }
        }
        return { suppressed: null, outgoing };
      });
      if (suppressed || !outgoing) {
        await withStudio(database, sid, (tx) =>
          tx
            .update(outboundMessages)
            .set({ status: 'suppressed', error: suppressed ?? 'suppressed' })
            .where(and(eq(outboundMessages.studioId, sid), eq(outboundMessages.id, messageId), eq(outboundMessages.status, 'queued'))),
        );
        return 'done';
      }
      const provider = providerFor(message.channel);
      // No transaction is open during the network call.
      let providerMessageId: string | null;
      try {
        ({ providerMessageId } = await provider.send(outgoing));
      } catch (err) {
        const final = isPermanentError(err) || jobCtx.isLastAttempt;
        const error = err instanceof Error ? err.message : String(err);
        await withStudio(database, sid, (tx) =>
          tx
            .update(outboundMessages)
            .set({ error, provider: provider.name, ...(final ? { status: 'failed' as const } : {}) })
            .where(and(eq(outboundMessages.studioId, sid), eq(outboundMessages.id, messageId), eq(outboundMessages.status, 'queued'))),
        );
        logger[final ? 'error' : 'warn']({ messageId, provider: provider.name, error }, final ? 'message not delivered' : 'message delivery failed, will retry');
        throw err;
      }
      await withStudio(database, sid, (tx) =>
        tx
          .update(outboundMessages)
          // The log shows what left: the body with its unsubscribe footer, when one was added.
          .set({ status: 'sent', provider: provider.name, providerMessageId, sentAt: clock.now(), bodyText: outgoing.text, bodyHtml: outgoing.html })
          .where(and(eq(outboundMessages.studioId, sid), eq(outboundMessages.id, messageId), eq(outboundMessages.status, 'queued'))),
      );
      return 'done';
    },
  });
  jobs.register(deliver);
  const hooks: DeliveryHooks[] = [];

  async function record(tx: Tx, ctx: Ctx, inputs: RecordMessage[]): Promise<MessageId[]> {
    if (inputs.length === 0) return [];
    const now = ctx.clock.now();
    const rows = inputs.map((input) => {
      const m = parseOrThrow(recordMessageSchema, input);
      // In-app messages are delivered by being stored: the customer's account reads them.
      const inApp = m.channel === 'in_app';
      return {
        studioId: ctx.studioId,
        id: newId('message') as string,
        channel: m.channel,
        toAddress: m.to,
        customerId: m.customerId ?? null,
        recipientKind: m.recipientKind ?? (m.customerId ? ('customer' as const) : null),
        category: m.category,
        suppression: m.suppression ?? null,
        sendId: m.sendId ?? null,
        senderId: m.senderId ?? null,
        segments: m.channel === 'sms' ? countSegments(m.text).segments : null,
        subject: m.subject ?? null,
        bodyText: m.text,
        bodyHtml: m.html ?? null,
        template: m.template,
        status: inApp ? ('sent' as const) : ('queued' as const),
        provider: inApp ? 'in_app' : null,
        createdAt: now,
        sentAt: inApp ? now : null,
      };
    });
    const inserted = await tx
      .insert(outboundMessages)
      .values(rows)
      .onConflictDoNothing({ target: [outboundMessages.studioId, outboundMessages.sendId, outboundMessages.customerId], where: sql`send_id is not null` })
      .returning();
    const messages = inserted.map(toMessage);
    const toDeliver = messages.filter((m) => m.channel !== 'in_app');
    if (toDeliver.length > 0) await jobs.enqueueMany(tx, deliverMessageJobName, toDeliver.map((m) => ({ payload: { studioId: ctx.studioId, messageId: m.id }, dedupeKey: m.id })));
    for (const h of hooks) if (h.recorded && messages.length > 0) await h.recorded(tx, ctx, messages);
    // Keep the callers' order (RETURNING does not promise it).
    const byId = new Set(messages.map((m) => m.id as string));
    return rows.filter((r) => byId.has(r.id)).map((r) => r.id as MessageId);
  }

  const email: Email = {
    async recordMessage(tx, ctx, input) {
      const [id] = await record(tx, ctx, [input]);
      if (!id) throw new DomainError('conflict', 'already_sent', 'This message was already sent to this customer as part of this send.');
      return id;
    },

    recordMessages: record,

    addHooks(h) {
      hooks.push(h);
    },

    async listSentMessages(ctx, query, tx) {
      const page = await inStudioTx(database, ctx.studioId, tx, async (t) =>
        listMessages(t, ctx, { ...query, timeZone: query.from || query.to ? await (deps.studioTimeZone?.(t, ctx) ?? 'UTC') : 'UTC' }),
      );
      return { items: page.items.map(toSentMessageDto), nextCursor: page.nextCursor };
    },

    mailer: {
      async send(tx, ctx, message) {
        await email.recordMessage(tx, ctx, { channel: 'email', ...message });
      },
    },

    async listSentTemplates(ctx, tx) {
      return inStudioTx(database, ctx.studioId, tx, async (t) => {
        const rows = await t
          .selectDistinct({ template: outboundMessages.template })
          .from(outboundMessages)
          .where(eq(outboundMessages.studioId, ctx.studioId))
          .orderBy(outboundMessages.template);
        return rows.map((r) => r.template);
      });
    },

    routes: emailRoutes({
      listSentMessages: (ctx, query, tx) => email.listSentMessages(ctx, query, tx),
      listSentTemplates: (ctx, tx) => email.listSentTemplates(ctx, tx),
    }),
    providerName: emailProvider.name,
    smsProviderName: smsProvider.name,

    async latestBodyTo(address) {
      const t = outboundMessages;
      const [row] = await database.system
        .select({ text: t.bodyText })
        .from(t)
        .where(eq(t.toAddress, address.trim()))
        .orderBy(desc(t.createdAt), desc(t.id))
        .limit(1);
      return row?.text ?? null;
    },
  };
  return email;
}

export interface MessageFilters {
  category?: MessageCategory | undefined;
  template?: string | undefined;
  /** `customer`: to a customer profile; `staff`: recorded as to a staff member. */
  recipient?: 'customer' | 'staff' | undefined;
  channel?: MessageChannel | undefined;
  /** Days (`YYYY-MM-DD`, inclusive) in `timeZone`, on the time the message was queued. */
  from?: string | undefined;
  to?: string | undefined;
  timeZone?: string | undefined;
}

/** A page of the studio's messages, newest first, filtered; `limit` is capped at 100. */
export async function listMessages(tx: Tx, ctx: Ctx, query: { cursor?: string | undefined; limit: number } & MessageFilters): Promise<MessagePage> {
  const limit = Math.min(Math.max(1, Math.trunc(query.limit)), 100);
  const after = query.cursor ? decodeCursor(query.cursor) : null;
  const t = outboundMessages;
  const zone = query.timeZone ?? 'UTC';
  const since = query.from ? startOfLocalDay(parseLocalDate(query.from), zone) : null;
  const until = query.to ? startOfLocalDay(addDays(parseLocalDate(query.to), 1), zone) : null;
  const rows = await tx
    .select()
    .from(t)
    .where(
      and(
        eq(t.studioId, ctx.studioId),
        query.category ? eq(t.category, query.category) : undefined,
        query.template ? eq(t.template, query.template) : undefined,
        query.channel ? eq(t.channel, query.channel) : undefined,
        query.recipient === 'customer' ? or(eq(t.recipientKind, 'customer'), isNotNull(t.customerId)) : undefined,
        query.recipient === 'staff' ? eq(t.recipientKind, 'staff') : undefined,
        since ? gte(t.createdAt, since) : undefined,
        until ? lt(t.createdAt, until) : undefined,
        after ? sql`(${t.createdAt}, ${t.id}) < (${after.createdAt.toISOString()}::timestamptz, ${after.id})` : undefined,
      ),
    )
    .orderBy(desc(t.createdAt), desc(t.id))
    .limit(limit + 1);
  const items = rows.slice(0, limit).map(toMessage);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(last) : null };
}

async function findMessage(tx: Tx, studioId: StudioId, id: string): Promise<OutboundMessage | null> {
  const [row] = await tx
    .select()
    .from(outboundMessages)
    .where(and(eq(outboundMessages.studioId, studioId), eq(outboundMessages.id, id)));
  return row ? toMessage(row) : null;
}

function toMessage(row: typeof outboundMessages.$inferSelect): OutboundMessage {
  return {
    id: row.id as MessageId,
    channel: row.channel,
    to: row.toAddress,
    customerId: row.customerId,
    recipientKind: row.recipientKind,
    category: row.category,
    suppression: row.suppression,
    sendId: row.sendId,
    senderId: row.senderId,
    segments: row.segments,
    readAt: row.readAt,
    subject: row.subject,
    text: row.bodyText,
    html: row.bodyHtml,
    template: row.template,
    status: row.status,
    provider: row.provider,
    providerMessageId: row.providerMessageId,
    error: row.error,
    createdAt: row.createdAt,
    sentAt: row.sentAt,
  };
}

function toOutgoing(m: OutboundMessage): OutgoingMessage {
  return { id: m.id, channel: m.channel, to: m.to, subject: m.subject, text: m.text, html: m.html };
}

function toSentMessageDto(m: OutboundMessage): SentMessageDto {
  return {
    id: m.id,
    channel: m.channel,
    to: m.to,
    subject: m.subject,
    status: m.status,
    template: m.template,
    customerId: m.customerId,
    recipientKind: m.recipientKind ?? (m.customerId ? 'customer' : null),
    category: m.category,
    error: m.error,
    createdAt: m.createdAt.toISOString(),
    sentAt: m.sentAt ? m.sentAt.toISOString() : null,
    bodyText: m.text,
  };
}

// The cursor is the last row's (created_at, id), the order of the list and of its index.
function encodeCursor(m: OutboundMessage): string {
  return Buffer.from(`${m.createdAt.toISOString()}|${m.id}`).toString('base64url');
}

function decodeCursor(cursor: string): { createdAt: Date; id: string } {
  const [instant, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const createdAt = new Date(instant ?? '');
  if (!id || Number.isNaN(createdAt.getTime())) {
    throw new DomainError('invalid', 'invalid_cursor', 'This cursor is not one a previous page returned.', [
      { path: 'cursor', message: 'Invalid cursor' },
    ]);
  }
  return { createdAt, id };
}
