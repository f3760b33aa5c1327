import { sql, type SQL } from 'drizzle-orm';
import type { Ctx } from '../../../kernel/ctx.ts';
import type { Tx } from '../../../platform/db/client.ts';
import { rowsOf } from '../../../platform/db/tx.ts';
import type { OwnMessageDto, ThreadDto, ThreadMessageDto } from './contracts.ts';
import { invalidCursor } from './errors.ts';

/** An instant as text: milliseconds for the API, microseconds for cursors (exact keyset). */
const iso = (column: SQL) => sql`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
const isoMicros = (column: SQL) => sql`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

export interface Keyset {
  at: string;
  id: string;
}

export function encodeCursor(k: Keyset): string {
  return Buffer.from(`${k.at}|${k.id}`).toString('base64url');
}

export function decodeCursor(cursor: string | undefined): Keyset | null {
  if (!cursor) return null;
  const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (!id || !at || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/.test(at)) throw invalidCursor();
  return { at, id };
}

export interface ThreadFilter {
  unread: boolean;
  unreplied: boolean;
  category: 'manual' | 'transactional' | 'sequence' | undefined;
  /** "The thread's customer is in the segment" on `t.customer_id` (from the segments service); undefined: everyone. */
  inSegment: SQL | undefined;
  locationId: string | undefined;
  sort: 'newest' | 'oldest';
}

type ThreadRow = Omit<ThreadDto, 'unreadCount'> & { unreadCount: number | string; cursorAt: string };

const threadColumns = sql`t.customer_id as "customerId", c.first_name as "firstName", c.last_name as "lastName",
  ${iso(sql`t.last_message_at`)} as "lastMessageAt", ${isoMicros(sql`t.last_message_at`)} as "cursorAt",
  ${iso(sql`t.last_inbound_at`)} as "lastInboundAt", ${iso(sql`t.last_reply_at`)} as "lastReplyAt",
  t.last_channel as "lastChannel", t.last_category as "lastCategory", t.last_preview as "lastPreview",
  t.unread_count as "unreadCount", t.location_id as "locationId"`;

const toThread = ({ cursorAt: _cursor, ...row }: ThreadRow): ThreadDto => ({ ...row, unreadCount: Number(row.unreadCount) });

/**
 * A page of threads in (last_message_at, customer_id) order — the keyset of
 * `messaging_threads_last_idx`, never OFFSET — with the filters as extra conditions.
 */
export async function pageThreads(tx: Tx, ctx: Ctx, filter: ThreadFilter, after: Keyset | null, limit: number): Promise<{ items: ThreadDto[]; next: Keyset | null }> {
  const newest = filter.sort === 'newest';
  const conditions: SQL[] = [sql`t.studio_id = ${ctx.studioId}`];
  if (filter.unread) conditions.push(sql`t.unread_count > 0`);
  if (filter.unreplied) conditions.push(sql`t.last_inbound_at > coalesce(t.last_reply_at, '-infinity'::timestamptz)`);
  if (filter.category) conditions.push(sql`t.last_category = ${filter.category}`);
  if (filter.locationId) conditions.push(sql`(t.location_id = ${filter.locationId} or t.location_id is null)`);
  if (filter.inSegment) conditions.push(filter.inSegment);
  // The index is (studio_id, last_message_at desc, customer_id): newest walks it forwards, oldest backwards.
  if (after) {
    conditions.push(
      newest
        ? sql`(t.last_message_at < ${after.at}::timestamptz or (t.last_message_at = ${after.at}::timestamptz and t.customer_id > ${after.id}))`
        : sql`(t.last_message_at > ${after.at}::timestamptz or (t.last_message_at = ${after.at}::timestamptz and t.customer_id < ${after.id}))`,
    );
  }
  const order = newest ? sql`t.last_message_at desc, t.customer_id asc` : sql`t.last_message_at asc, t.customer_id desc`;
  const rows = rowsOf<ThreadRow>(
    await tx.execute(sql`
      select ${threadColumns}
      from messaging_threads t
      join customers c on c.studio_id = t.studio_id and c.id = t.customer_id
      where ${sql.join(conditions, sql` and `)}
      order by ${order}
      limit ${limit + 1}`),
  );
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return { items: page.map(toThread), next: rows.length > limit && last ? { at: last.cursorAt, id: last.customerId } : null };
}

export async function findThread(tx: Tx, ctx: Ctx, customerId: string): Promise<ThreadDto | null> {
  const [row] = rowsOf<ThreadRow>(
    await tx.execute(sql`
      select ${threadColumns}
      from messaging_threads t
      join customers c on c.studio_id = t.studio_id and c.id = t.customer_id
      where t.studio_id = ${ctx.studioId} and t.customer_id = ${customerId}`),
  );
  return row ? toThread(row) : null;
}

type MessageRow = ThreadMessageDto & { cursorAt: string };

/** A page of one customer's conversation, newest first (outbound ∪ inbound), for the caller to reverse. */
export async function pageThreadMessages(tx: Tx, ctx: Ctx, customerId: string, after: Keyset | null, limit: number): Promise<{ items: ThreadMessageDto[]; next: Keyset | null }> {
  const rows = rowsOf<MessageRow>(
    await tx.execute(sql`
      select * from (
        select id, 'out' as direction, channel, category, subject, body_text as text, created_at as ts,
          status, sender_id as "senderId", read_at
        from outbound_messages
        where studio_id = ${ctx.studioId} and customer_id = ${customerId}
        union all
        select id, 'in', channel, 'inbound', subject, body_text, received_at, null, null, read_at
        from messaging_inbound_messages
        where studio_id = ${ctx.studioId} and customer_id = ${customerId}
      ) m
      cross join lateral (select ${iso(sql`m.ts`)} as at, ${isoMicros(sql`m.ts`)} as "cursorAt", ${iso(sql`m.read_at`)} as "readAt") f
      where ${after ? sql`(m.ts, m.id) < (${after.at}::timestamptz, ${after.id})` : sql`true`}
      order by m.ts desc, m.id desc
      limit ${limit + 1}`),
  );
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  const items = page.map((r) => ({
    id: r.id,
    direction: r.direction,
    channel: r.channel,
    category: r.category,
    subject: r.subject,
    text: r.text,
    at: r.at,
    status: r.status,
    senderId: r.senderId,
    readAt: r.readAt,
  }));
  return { items, next: rows.length > limit && last ? { at: last.cursorAt, id: last.id } : null };
}

/** Staff opened the thread: its inbound messages are read, the unread count back to zero. */
export async function markThreadRead(tx: Tx, ctx: Ctx, customerId: string): Promise<void> {
  const now = ctx.clock.now().toISOString();
  await tx.execute(sql`
    update messaging_inbound_messages set read_at = ${now}
    where studio_id = ${ctx.studioId} and customer_id = ${customerId} and read_at is null`);
  await tx.execute(sql`update messaging_threads set unread_count = 0 where studio_id = ${ctx.studioId} and customer_id = ${customerId}`);
}

export async function getTabs(tx: Tx, ctx: Ctx, userId: string): Promise<string[]> {
  const [row] = rowsOf<{ segmentIds: string[] }>(
    await tx.execute(sql`select segment_ids as "segmentIds" from messaging_inbox_tabs where studio_id = ${ctx.studioId} and user_id = ${userId}`),
  );
  return row?.segmentIds ?? [];
}

export async function setTabs(tx: Tx, ctx: Ctx, userId: string, segmentIds: readonly string[]): Promise<void> {
  await tx.execute(sql`
    insert into messaging_inbox_tabs (studio_id, user_id, segment_ids) values (${ctx.studioId}, ${userId}, ${JSON.stringify(segmentIds)}::jsonb)
    on conflict (studio_id, user_id) do update set segment_ids = excluded.segment_ids, updated_at = now()`);
}

type OwnRow = OwnMessageDto & { cursorAt: string };

/** The customer's in-app conversation, newest first: the studio's in-app messages and the customer's in-app replies. */
export async function pageOwnMessages(tx: Tx, ctx: Ctx, customerId: string, after: Keyset | null, limit: number): Promise<{ items: OwnMessageDto[]; next: Keyset | null }> {
  const rows = rowsOf<OwnRow>(
    await tx.execute(sql`
      select m.id, m."from", m.subject, m.text, ${iso(sql`m.ts`)} as at, ${isoMicros(sql`m.ts`)} as "cursorAt", ${iso(sql`m.read_at`)} as "readAt"
      from (
        select id, 'studio' as "from", subject, body_text as text, created_at as ts, read_at
        from outbound_messages
        where studio_id = ${ctx.studioId} and customer_id = ${customerId} and channel = 'in_app'
        union all
        select id, 'customer', null, body_text, received_at, read_at
        from messaging_inbound_messages
        where studio_id = ${ctx.studioId} and customer_id = ${customerId} and channel = 'in_app'
      ) m
      where ${after ? sql`(m.ts, m.id) < (${after.at}::timestamptz, ${after.id})` : sql`true`}
      order by m.ts desc, m.id desc
      limit ${limit + 1}`),
  );
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return { items: page.map(({ cursorAt: _c, ...m }) => m), next: rows.length > limit && last ? { at: last.cursorAt, id: last.id } : null };
}

export async function countOwnUnread(tx: Tx, ctx: Ctx, customerId: string): Promise<number> {
  const [row] = rowsOf<{ n: number }>(
    await tx.execute(sql`
      select count(*)::int as n from outbound_messages
      where studio_id = ${ctx.studioId} and customer_id = ${customerId} and channel = 'in_app' and read_at is null`),
  );
  return row?.n ?? 0;
}

/** Marks one of the customer's in-app messages read (the first time only); false when it is not theirs. */
export async function markOwnRead(tx: Tx, ctx: Ctx, customerId: string, messageId: string): Promise<boolean> {
  const rows = rowsOf<{ id: string }>(
    await tx.execute(sql`
      update outbound_messages set read_at = coalesce(read_at, ${ctx.clock.now().toISOString()}::timestamptz)
      where studio_id = ${ctx.studioId} and id = ${messageId} and customer_id = ${customerId} and channel = 'in_app'
      returning id`),
  );
  return rows.length > 0;
}
