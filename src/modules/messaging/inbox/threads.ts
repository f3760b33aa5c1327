import { sql, type SQL } from 'drizzle-orm';
import type { Ctx } from '../../../kernel/ctx.ts';
import { newId } from '../../../kernel/ids.ts';
import type { Tx } from '../../../platform/db/client.ts';
import { rowsOf } from '../../../platform/db/tx.ts';
import type { OutboundMessage } from '../../../platform/email/index.ts';

/** How much of a message the thread list shows. */
export const previewLength = 140;

/** The first characters of a message, whitespace collapsed: the thread list's preview. */
export function previewOf(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= previewLength ? flat : `${flat.slice(0, previewLength - 1)}…`;
}

/**
 * The customer's location, as the thread records it: the location of the class of their most
 * recent booking (any status) whose class has one. Read from booking's and schedule's tables,
 * which expose no API for it; null when the customer never booked a class with a location.
 */
const locationOf = (studioId: string, customer: SQL) => sql`(
  select o.location_id from booking_bookings b
  join schedule_occurrences o on o.studio_id = b.studio_id and o.id = b.occurrence_id
  where b.studio_id = ${studioId} and b.customer_id = ${customer} and o.location_id is not null
  order by b.created_at desc limit 1)`;

/**
 * The `recorded` delivery hook: every outbound message to a customer moves their thread (one row
 * per customer) — last message, channel, category, preview, and the last reply when staff wrote it
 * by hand. Runs in the recording transaction, so a rolled-back send leaves the thread as it was.
 * A message older than the thread's last one (never, with one clock) does not replace the preview.
 */
export async function recordOutboundInThreads(tx: Tx, ctx: Ctx, messages: readonly OutboundMessage[]): Promise<void> {
  // One row per customer per statement (ON CONFLICT may touch a row once): the last message wins.
  const byCustomer = new Map<string, OutboundMessage>();
  for (const m of messages) if (m.customerId && m.recipientKind !== 'staff') byCustomer.set(m.customerId, m);
  if (byCustomer.size === 0) return;
  const rows = [...byCustomer.values()].map((m) => ({
    customer_id: m.customerId,
    at: m.createdAt.toISOString(),
    reply_at: m.category === 'manual' && m.senderId ? m.createdAt.toISOString() : null,
    channel: m.channel,
    category: m.category,
    preview: previewOf(m.subject && m.channel === 'email' ? `${m.subject} — ${m.text}` : m.text),
  }));
  await tx.execute(sql`
    insert into messaging_threads as t (studio_id, customer_id, last_message_at, last_reply_at, last_channel, last_category, last_preview, unread_count, location_id)
    select ${ctx.studioId}, v.customer_id, v.at, v.reply_at, v.channel, v.category, v.preview, 0, ${locationOf(ctx.studioId, sql.raw('v.customer_id'))}
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
      as v(customer_id text, at timestamptz, reply_at timestamptz, channel text, category text, preview text)
    on conflict (studio_id, customer_id) do update set
      last_message_at = greatest(t.last_message_at, excluded.last_message_at),
      last_reply_at = greatest(t.last_reply_at, excluded.last_reply_at),
      last_channel = case when excluded.last_message_at >= t.last_message_at then excluded.last_channel else t.last_channel end,
      last_category = case when excluded.last_message_at >= t.last_message_at then excluded.last_category else t.last_category end,
      last_preview = case when excluded.last_message_at >= t.last_message_at then excluded.last_preview else t.last_preview end,
      location_id = coalesce(excluded.location_id, t.location_id)`);
}

export interface InboundMessageInput {
  /** in_app: a signed-in customer writing from their account page. */
  channel: 'email' | 'sms' | 'in_app';
  customerId: string | null;
  from: string;
  to: string;
  subject: string | null;
  text: string;
  /** Twilio's MessageSid or the email's Message-ID: stored once per studio and channel. */
  providerMessageId: string | null;
}

/**
 * Stores a message a customer (or an unknown sender) sent to the studio, and for a known customer
 * moves their thread: last message and last inbound now, one more unread. A webhook delivered
 * twice (same provider id) is stored once: returns null the second time and changes nothing.
 */
export async function storeInboundMessage(tx: Tx, ctx: Ctx, input: InboundMessageInput): Promise<{ id: string } | null> {
  const id = newId('inboundMessage');
  const now = ctx.clock.now().toISOString();
  const inserted = rowsOf<{ id: string }>(
    await tx.execute(sql`
      insert into messaging_inbound_messages (studio_id, id, channel, customer_id, from_address, to_address, subject, body_text, provider_message_id, received_at)
      values (${ctx.studioId}, ${id}, ${input.channel}, ${input.customerId}, ${input.from}, ${input.to}, ${input.subject}, ${input.text}, ${input.providerMessageId}, ${now})
      on conflict (studio_id, channel, provider_message_id) where provider_message_id is not null do nothing
      returning id`),
  );
  if (inserted.length === 0) return null;
  if (input.customerId) {
    const preview = previewOf(input.subject && input.channel === 'email' ? `${input.subject} — ${input.text}` : input.text);
    await tx.execute(sql`
      insert into messaging_threads as t (studio_id, customer_id, last_message_at, last_inbound_at, last_channel, last_category, last_preview, unread_count, location_id)
      values (${ctx.studioId}, ${input.customerId}, ${now}, ${now}, ${input.channel}, 'inbound', ${preview}, 1, ${locationOf(ctx.studioId, sql`${input.customerId}`)})
      on conflict (studio_id, customer_id) do update set
        last_message_at = greatest(t.last_message_at, excluded.last_message_at),
        last_inbound_at = greatest(t.last_inbound_at, excluded.last_inbound_at),
        last_channel = case when excluded.last_message_at >= t.last_message_at then excluded.last_channel else t.last_channel end,
        last_category = case when excluded.last_message_at >= t.last_message_at then excluded.last_category else t.last_category end,
        last_preview = case when excluded.last_message_at >= t.last_message_at then excluded.last_preview else t.last_preview end,
        unread_count = t.unread_count + 1,
        location_id = coalesce(excluded.location_id, t.location_id)`);
  }
  return { id };
}
