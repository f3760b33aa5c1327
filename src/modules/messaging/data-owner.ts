import { and, eq, sql } from 'drizzle-orm';
import type { Ctx } from '../../kernel/ctx.ts';
import type { Tx } from '../../platform/db/client.ts';
import { rowsOf } from '../../platform/db/tx.ts';
import { outboundMessages } from '../../platform/email/schema.ts';
import type { CustomerDataOwner } from '../customers/index.ts';
import { messagingCalls, messagingClassReminders, messagingInboundMessages, messagingThreads, messagingUnsubscribeTokens } from './schema.ts';

/**
 * Messaging's rows about a customer, for the customers module's merge, delete and privacy export
 * (ADR 0004): the messages sent to them (outbound_messages with their id), what they sent
 * (inbound email, SMS, in-app replies), their inbox thread, calls from their number, the class
 * reminders sent and their unsubscribe token.
 *
 * - Merge: everything moves to the profile kept. Two threads become one (the later message's
 *   preview, channel and category; unread counts added). A group send that reached both profiles
 *   keeps the kept profile's row in its ledger; the other message stays in the log, out of the
 *   ledger. The kept profile keeps its own unsubscribe token.
 * - Delete: messages are correspondence, not history the studio must keep (no money, no
 *   attendance): all of it is erased, including the bodies that name the person.
 */
export const messagingDataOwner: CustomerDataOwner = {
  name: 'messaging',
  async count(tx: Tx, ctx: Ctx, customerId: string) {
    const [row] = rowsOf<{ sent: number; received: number; calls: number }>(
      await tx.execute(sql`select
        (select count(*)::int from outbound_messages where studio_id = ${ctx.studioId} and customer_id = ${customerId}) as sent,
        (select count(*)::int from messaging_inbound_messages where studio_id = ${ctx.studioId} and customer_id = ${customerId}) as received,
        (select count(*)::int from messaging_calls where studio_id = ${ctx.studioId} and customer_id = ${customerId}) as calls`),
    );
    return { messagesSent: Number(row?.sent ?? 0), messagesReceived: Number(row?.received ?? 0), calls: Number(row?.calls ?? 0) };
  },

  async move(tx: Tx, ctx: Ctx, fromId: string, intoId: string) {
    const studio = ctx.studioId;
    // A send that reached both: the kept profile's message stays its ledger entry.
    await tx.execute(sql`update outbound_messages m set send_id = null
                          where m.studio_id = ${studio} and m.customer_id = ${fromId} and m.send_id is not null
                            and exists (select 1 from outbound_messages k where k.studio_id = m.studio_id and k.send_id = m.send_id and k.customer_id = ${intoId})`);
    await tx
      .update(outboundMessages)
      .set({ customerId: intoId, toAddress: sql`case when ${outboundMessages.channel} = 'in_app' then ${intoId} else ${outboundMessages.toAddress} end` })
      .where(and(eq(outboundMessages.studioId, studio), eq(outboundMessages.customerId, fromId)));
    await tx.update(messagingInboundMessages).set({ customerId: intoId }).where(and(eq(messagingInboundMessages.studioId, studio), eq(messagingInboundMessages.customerId, fromId)));
    await tx.update(messagingCalls).set({ customerId: intoId }).where(and(eq(messagingCalls.studioId, studio), eq(messagingCalls.customerId, fromId)));
    await tx.update(messagingClassReminders).set({ customerId: intoId }).where(and(eq(messagingClassReminders.studioId, studio), eq(messagingClassReminders.customerId, fromId)));
    // One thread: the kept one takes what is later in the other; or the other simply changes hands.
    await tx.execute(sql`
      update messaging_threads k set
        last_message_at = greatest(k.last_message_at, f.last_message_at),
        last_inbound_at = greatest(k.last_inbound_at, f.last_inbound_at),
        last_reply_at = greatest(k.last_reply_at, f.last_reply_at),
        last_channel = case when f.last_message_at > k.last_message_at then f.last_channel else k.last_channel end,
        last_category = case when f.last_message_at > k.last_message_at then f.last_category else k.last_category end,
        last_preview = case when f.last_message_at > k.last_message_at then f.last_preview else k.last_preview end,
        unread_count = k.unread_count + f.unread_count,
        location_id = coalesce(k.location_id, f.location_id)
      from messaging_threads f
      where k.studio_id = ${studio} and k.customer_id = ${intoId} and f.studio_id = ${studio} and f.customer_id = ${fromId}`);
    await tx.execute(sql`
      update messaging_threads f set customer_id = ${intoId}
       where f.studio_id = ${studio} and f.customer_id = ${fromId}
         and not exists (select 1 from messaging_threads k where k.studio_id = ${studio} and k.customer_id = ${intoId})`);
    await tx.delete(messagingThreads).where(and(eq(messagingThreads.studioId, studio), eq(messagingThreads.customerId, fromId)));
    await tx.delete(messagingUnsubscribeTokens).where(and(eq(messagingUnsubscribeTokens.studioId, studio), eq(messagingUnsubscribeTokens.customerId, fromId)));
  },

  async hasHistory() {
    return false;
  },

  async erase(tx: Tx, ctx: Ctx, customerId: string) {
    const studio = ctx.studioId;
    await tx.delete(outboundMessages).where(and(eq(outboundMessages.studioId, studio), eq(outboundMessages.customerId, customerId)));
    await tx.delete(messagingInboundMessages).where(and(eq(messagingInboundMessages.studioId, studio), eq(messagingInboundMessages.customerId, customerId)));
    await tx.delete(messagingCalls).where(and(eq(messagingCalls.studioId, studio), eq(messagingCalls.customerId, customerId)));
    await tx.delete(messagingClassReminders).where(and(eq(messagingClassReminders.studioId, studio), eq(messagingClassReminders.customerId, customerId)));
    await tx.delete(messagingThreads).where(and(eq(messagingThreads.studioId, studio), eq(messagingThreads.customerId, customerId)));
    await tx.delete(messagingUnsubscribeTokens).where(and(eq(messagingUnsubscribeTokens.studioId, studio), eq(messagingUnsubscribeTokens.customerId, customerId)));
  },

  async exportFor(tx: Tx, ctx: Ctx, customerId: string) {
    const studio = ctx.studioId;
    return {
      messagesSent: await tx
        .select({
          id: outboundMessages.id,
          channel: outboundMessages.channel,
          to: outboundMessages.toAddress,
          subject: outboundMessages.subject,
          text: outboundMessages.bodyText,
          template: outboundMessages.template,
          category: outboundMessages.category,
          status: outboundMessages.status,
          createdAt: outboundMessages.createdAt,
          sentAt: outboundMessages.sentAt,
          readAt: outboundMessages.readAt,
        })
        .from(outboundMessages)
        .where(and(eq(outboundMessages.studioId, studio), eq(outboundMessages.customerId, customerId)))
        .orderBy(outboundMessages.createdAt),
      messagesReceived: await tx
        .select({
          id: messagingInboundMessages.id,
          channel: messagingInboundMessages.channel,
          from: messagingInboundMessages.fromAddress,
          subject: messagingInboundMessages.subject,
          text: messagingInboundMessages.bodyText,
          receivedAt: messagingInboundMessages.receivedAt,
        })
        .from(messagingInboundMessages)
        .where(and(eq(messagingInboundMessages.studioId, studio), eq(messagingInboundMessages.customerId, customerId)))
        .orderBy(messagingInboundMessages.receivedAt),
      calls: await tx
        .select({ from: messagingCalls.fromNumber, status: messagingCalls.status, createdAt: messagingCalls.createdAt })
        .from(messagingCalls)
        .where(and(eq(messagingCalls.studioId, studio), eq(messagingCalls.customerId, customerId)))
        .orderBy(messagingCalls.createdAt),
    };
  },
};
