import { sql } from 'drizzle-orm';
import { createHash, timingSafeEqual } from 'node:crypto';
import { simpleParser } from 'mailparser';
import type { Clock } from '../../../kernel/clock.ts';
import type { Ctx } from '../../../kernel/ctx.ts';
import { DomainError } from '../../../kernel/errors.ts';
import type { Database } from '../../../platform/db/client.ts';
import { inStudioTx, withStudio } from '../../../platform/db/tx.ts';
import type { Email } from '../../../platform/email/index.ts';
import { parseOrThrow } from '../../../platform/validation.ts';
import type { CustomersService, SegmentsService } from '../../customers/index.ts';
import type { StudiosService } from '../../studios/index.ts';
import type { SmsService } from '../sms/index.ts';
import {
  inboxTabsSchema,
  listThreadsQuerySchema,
  ownReplySchema,
  replySchema,
  threadMessagesQuerySchema,
  type InboxTabs,
  type ListThreadsQuery,
  type OwnMessageDto,
  type OwnMessagePage,
  type OwnReply,
  type Reply,
  type ThreadDetail,
  type ThreadMessagesQuery,
  type ThreadPage,
} from './contracts.ts';
import { InboxError } from './errors.ts';
import { customerByEmail } from './match.ts';
import * as repo from './repo.ts';
import { recordOutboundInThreads, storeInboundMessage } from './threads.ts';

export interface InboxDeps {
  database: Database;
  email: Email;
  customers: CustomersService;
  segments: SegmentsService;
  studios: StudiosService;
  clock: Clock;
  /** SMS replies count against the studio's monthly SMS tier (and fall back to email past it). */
  sms: Pick<SmsService, 'sendSms'>;
  /** INBOUND_EMAIL_SECRET: the bearer token of the inbound email webhook; unset: the webhook answers 404. */
  inboundEmailSecret: string | undefined;
}

/** The template key of every message staff write from the inbox (the sent-messages log groups by it). */
export const replyTemplate = 'inbox.reply';

const digest = (value: string) => createHash('sha256').update(value).digest();

function staffSenderId(ctx: Ctx): string | null {
  if (ctx.actor.kind === 'staff') return ctx.actor.userId;
  if (ctx.actor.kind === 'api_key') return ctx.actor.apiKeyId;
  return null;
}

/** Plain text of an HTML-only email: tags dropped, entities for the common characters decoded. */
function htmlToText(html: string): string {
  return html
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, '')
    .replace(/<br\s*\/?>|<\/(p|div|li|h\d)>/gi, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

export function createInboxService(deps: InboxDeps) {
  const { database, email, customers, segments, studios, clock, inboundEmailSecret, sms } = deps;
  // Every outbound message to a customer moves their thread, in the transaction that records it.
  email.addHooks({ recorded: recordOutboundInThreads });

  /** The signed-in customer's profile id (the session names the user; the profile is looked up). */
  async function ownCustomerId(ctx: Ctx): Promise<string> {
    if (ctx.actor.kind !== 'customer') throw new DomainError('forbidden', 'customers_only', 'Only a signed-in customer has messages.');
    return (await customers.getOwnProfile(ctx)).id;
  }

  return {
    /** The staff inbox: one row per customer, filtered, in keyset pages. */
    async listThreads(ctx: Ctx, query: ListThreadsQuery): Promise<ThreadPage> {
      const q = parseOrThrow(listThreadsQuerySchema, query);
      const after = repo.decodeCursor(q.cursor);
      return withStudio(database, ctx.studioId, async (tx) => {
        // The segment as a condition on each thread, not a list of its ids: a page of a large segment's threads stops after a page.
        const inSegment = q.segment ? await segments.customerInAudienceSql(ctx, { segmentId: q.segment }, sql`t.customer_id`, tx) : undefined;
        const page = await repo.pageThreads(
          tx,
          ctx,
          { unread: q.unread === 'true', unreplied: q.unreplied === 'true', category: q.category, inSegment, locationId: q.location, sort: q.sort },
          after,
          q.limit,
        );
        return { items: page.items, nextCursor: page.next ? repo.encodeCursor(page.next) : null };
      });
    },

    /** A customer's conversation (newest page, oldest first), their thread and their profile summary. */
    async getThread(ctx: Ctx, customerId: string, query: ThreadMessagesQuery = {}): Promise<ThreadDetail> {
      const q = parseOrThrow(threadMessagesQuerySchema, query);
      const after = repo.decodeCursor(q.cursor);
      return withStudio(database, ctx.studioId, async (tx) => {
        const customer = await customers.getCustomer(ctx, customerId, tx);
        const thread = await repo.findThread(tx, ctx, customerId);
        const page = await repo.pageThreadMessages(tx, ctx, customerId, after, q.limit);
        return { customer, thread, items: [...page.items].reverse(), nextCursor: page.next ? repo.encodeCursor(page.next) : null };
      });
    },

    /** Staff opened the thread: nothing in it is unread any more. */
    async markRead(ctx: Ctx, customerId: string): Promise<void> {
      await withStudio(database, ctx.studioId, async (tx) => {
        await customers.getCustomer(ctx, customerId, tx);
        await repo.markThreadRead(tx, ctx, customerId);
      });
    },

    /**
     * Staff write to one customer by email (their email), SMS (their phone) or in-app: category
     * `manual`, sent by this staff member, never suppressed (a message to one customer is always
     * delivered). Refuses `no_email_on_file` / `no_phone_on_file` when the channel has no address.
     */
    async reply(ctx: Ctx, customerId: string, input: Reply): Promise<{ id: string; channel: 'email' | 'sms' | 'in_app' }> {
      const r = parseOrThrow(replySchema, input);
      return withStudio(database, ctx.studioId, async (tx) => {
        const customer = await customers.getCustomer(ctx, customerId, tx);
        let to: string;
        if (r.channel === 'email') {
          if (!customer.email) throw new InboxError('no_email_on_file', 'This customer has no email address.', [{ path: 'channel', message: 'No email address on file' }]);
          to = customer.email;
        } else if (r.channel === 'sms') {
          if (!customer.phone) throw new InboxError('no_phone_on_file', 'This customer has no phone number.', [{ path: 'channel', message: 'No phone number on file' }]);
          to = customer.phone;
        } else {
          to = customer.id;
        }
        const studioName = async () => (await studios.getStudio(ctx, tx)).name;
        let sent: { id: string; channel: 'email' | 'sms' | 'in_app' };
        if (r.channel === 'sms') {
          // Past the month's SMS allowance the reply goes by email when the customer has one.
          const outcome = await sms.sendSms(tx, ctx, {
            customerId: customer.id,
            to,
            text: r.text,
            template: replyTemplate,
            category: 'manual',
            suppression: null,
            recipientKind: 'customer',
            senderId: staffSenderId(ctx),
            fallbackEmail: customer.email ? { to: customer.email, subject: await studioName(), text: r.text } : undefined,
          });
          if (!outcome.messageId) {
            throw new InboxError('sms_allowance_used', "This month's SMS are used up and this customer has no email address: move up an SMS tier in Settings › SMS & phone.", [
              { path: 'channel', message: 'No SMS left this month' },
            ]);
          }
          sent = { id: outcome.messageId, channel: outcome.channel === 'sms' ? 'sms' : 'email' };
        } else {
          const id = await email.recordMessage(tx, ctx, {
            channel: r.channel,
            to,
            subject: r.subject || (await studioName()),
            text: r.text,
            template: replyTemplate,
            customerId: customer.id,
            recipientKind: 'customer',
            category: 'manual',
            suppression: null,
            senderId: staffSenderId(ctx),
          });
          sent = { id, channel: r.channel };
        }
        // Replying answers what the customer wrote: the thread is read.
        await repo.markThreadRead(tx, ctx, customer.id);
        return sent;
      });
    },

    /** The segments this staff member shows as inbox tabs, in their order. */
    async getTabs(ctx: Ctx): Promise<InboxTabs> {
      const userId = staffSenderId(ctx);
      if (!userId) return { segmentIds: [] };
      return withStudio(database, ctx.studioId, async (tx) => ({ segmentIds: await repo.getTabs(tx, ctx, userId) }));
    },

    /** Saves the staff member's tabs (order kept, duplicates dropped); every id must be a segment of the studio. */
    async setTabs(ctx: Ctx, input: InboxTabs): Promise<InboxTabs> {
      const { segmentIds } = parseOrThrow(inboxTabsSchema, input);
      const userId = staffSenderId(ctx);
      if (!userId) throw new DomainError('forbidden', 'staff_only', 'Inbox tabs belong to a staff member.');
      const ids = [...new Set(segmentIds)];
      const known = new Set((await segments.listSegments(ctx)).items.map((s) => s.id));
      const unknown = ids.map((id, i) => ({ id, i })).filter(({ id }) => !known.has(id));
      if (unknown.length > 0) {
        throw new InboxError('unknown_segments', 'Some tabs are not segments of this studio.', unknown.map(({ i }) => ({ path: `segmentIds.${i}`, message: 'Unknown segment' })));
      }
      await withStudio(database, ctx.studioId, (tx) => repo.setTabs(tx, ctx, userId, ids));
      return { segmentIds: ids };
    },

    /** The signed-in customer's in-app messages, newest first, with how many they have not opened. */
    async listOwn(ctx: Ctx, query: ThreadMessagesQuery = {}): Promise<OwnMessagePage> {
      const customerId = await ownCustomerId(ctx);
      const q = parseOrThrow(threadMessagesQuerySchema, query);
      const after = repo.decodeCursor(q.cursor);
      return withStudio(database, ctx.studioId, async (tx) => {
        const page = await repo.pageOwnMessages(tx, ctx, customerId, after, q.limit);
        return { items: page.items, nextCursor: page.next ? repo.encodeCursor(page.next) : null, unreadCount: await repo.countOwnUnread(tx, ctx, customerId) };
      });
    },

    /**
     * The signed-in customer answers in-app from their account page: stored as an inbound `in_app`
     * message in their thread exactly as an inbound SMS is (unread, unreplied, last channel in_app,
     * category inbound). Refuses an empty or over-long text with a field error on `text`.
     */
    async replyOwn(ctx: Ctx, input: OwnReply): Promise<OwnMessageDto> {
      const { text } = parseOrThrow(ownReplySchema, input);
      const customerId = await ownCustomerId(ctx);
      const stored = await withStudio(database, ctx.studioId, (tx) =>
        storeInboundMessage(tx, ctx, { channel: 'in_app', customerId, from: customerId, to: '', subject: null, text, providerMessageId: null }),
      );
      // No provider id: the insert never conflicts.
      if (!stored) throw new Error('in-app reply was not stored');
      return { id: stored.id, from: 'customer', subject: null, text, at: ctx.clock.now().toISOString(), readAt: null };
    },

    /** The customer opened one of their in-app messages. */
    async markOwnRead(ctx: Ctx, messageId: string): Promise<void> {
      const customerId = await ownCustomerId(ctx);
      const found = await withStudio(database, ctx.studioId, (tx) => repo.markOwnRead(tx, ctx, customerId, messageId));
      if (!found) throw new InboxError('message_not_found', 'There is no such message.');
    },

    /** False when INBOUND_EMAIL_SECRET is not configured (the ingest webhook answers 404). */
    inboundEmailEnabled: () => inboundEmailSecret !== undefined && inboundEmailSecret !== '',

    /** `Authorization: Bearer <INBOUND_EMAIL_SECRET>`, compared in constant time (digests of equal length). */
    isInboundEmailAuthorized(authorization: string | undefined): boolean {
      if (!inboundEmailSecret || !authorization?.startsWith('Bearer ')) return false;
      return timingSafeEqual(digest(authorization.slice('Bearer '.length)), digest(inboundEmailSecret));
    },

    /**
     * An email a customer sent to the studio (raw RFC 822, as a mail relay forwards it): matched to
     * the customer by From address, stored once per Message-ID, in their thread (unknown senders are
     * kept with no customer). Throws StudiosError `studio_not_found` for an unknown slug.
     */
    async ingestEmail(slug: string, raw: Buffer, requestId: string): Promise<{ id: string | null; customerId: string | null }> {
      const studio = await studios.getPublicStudio(slug);
      const ctx: Ctx = { studioId: studio.id, actor: { kind: 'system' }, clock, requestId };
      const parsed = await simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true });
      const from = parsed.from?.value[0]?.address?.trim() ?? '';
      if (!from) throw new DomainError('invalid', 'invalid_email', 'The message has no From address.', [{ path: 'from', message: 'Missing From address' }]);
      const to = Array.isArray(parsed.to) ? parsed.to.map((a) => a.text).join(', ') : (parsed.to?.text ?? '');
      const text = (parsed.text ?? (typeof parsed.html === 'string' ? htmlToText(parsed.html) : '')).trim();
      return inStudioTx(database, studio.id, undefined, async (tx) => {
        const customerId = await customerByEmail(tx, ctx, from);
        const stored = await storeInboundMessage(tx, ctx, {
          channel: 'email',
          customerId,
          from,
          to,
          subject: parsed.subject ?? null,
          text,
          providerMessageId: parsed.messageId ?? null,
        });
        return { id: stored?.id ?? null, customerId };
      });
    },
  };
}

export type InboxService = ReturnType<typeof createInboxService>;
