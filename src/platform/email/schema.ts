import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { studioId } from '../db/columns.ts';

export type MessageChannel = 'email' | 'sms' | 'in_app';
/** `suppressed`: not sent, because the recipient had unsubscribed (or sent STOP) by the time it was due. */
export type MessageStatus = 'queued' | 'sent' | 'failed' | 'suppressed';
/** What kind of message this is for the log's filters (seed 003 "Messages envoyés"). */
export type MessageCategory = 'transactional' | 'sequence' | 'manual';
/**
 * Which of the recipient's subscriptions governs the message, checked when it is sent; null:
 * always delivered (a password reset, a message staff write to one customer).
 */
export type MessageSuppression = 'email_transactional' | 'email_marketing' | 'sms' | 'sms_marketing';

/**
 * Every email and SMS Enso sends, written in the transaction that decides to send it
 * (status `queued`) and delivered by the `email.deliver` job after commit. The rows stay:
 * they are the studio's "Sent messages" log, and with the default `outbox` provider the
 * only place a message is delivered to.
 */
export const outboundMessages = pgTable(
  'outbound_messages',
  {
    studioId: studioId(),
    id: text().notNull(),
    channel: text().$type<MessageChannel>().notNull(),
    /** An email address, a phone number, or for in-app messages the customer id. */
    toAddress: text().notNull(),
    /** The customer it is to (their thread, their subscriptions); null for staff and addresses without a profile. */
    customerId: text(),
    recipientKind: text().$type<'customer' | 'staff'>(),
    category: text().$type<MessageCategory>().notNull().default('transactional'),
    suppression: text().$type<MessageSuppression>(),
    /** The group send it belongs to: at most one message per (send, customer) — the send ledger. */
    sendId: text(),
    /** The staff member who wrote it (manual messages and replies). */
    senderId: text(),
    /** SMS segments (GSM-7 160/153, UCS-2 70/67), counted against the studio's monthly tier. */
    segments: integer(),
    /** In-app: when the customer opened it. */
    readAt: timestamp({ withTimezone: true }),
    /** Null for SMS. */
    subject: text(),
    bodyText: text().notNull(),
    bodyHtml: text(),
    /** Which message this is, e.g. `identity.invite`: what the log groups by, and a natural key for idempotency. */
    template: text().notNull(),
    status: text().$type<MessageStatus>().notNull().default('queued'),
    /** Who delivered it (`outbox`, `smtp`, …); null while queued. */
    provider: text(),
    providerMessageId: text(),
    /** The last delivery error, kept when a retry later succeeds. */
    error: text(),
    // Written from ctx.clock (millisecond precision), which the list cursor relies on.
    createdAt: timestamp({ withTimezone: true }).notNull(),
    sentAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.studioId, t.id] }),
    index('outbound_messages_created_idx').on(t.studioId, t.createdAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
    index('outbound_messages_customer_idx').on(t.studioId, t.customerId, t.createdAt.desc().nullsFirst()).where(sql`customer_id is not null`),
    index('outbound_messages_channel_idx').on(t.studioId, t.channel, t.createdAt),
    uniqueIndex('outbound_messages_send_ledger_key').on(t.studioId, t.sendId, t.customerId).where(sql`send_id is not null`),
    check('outbound_messages_channel_check', sql`${t.channel} in ('email', 'sms', 'in_app')`),
    check('outbound_messages_status_check', sql`${t.status} in ('queued', 'sent', 'failed', 'suppressed')`),
    check('outbound_messages_category_check', sql`${t.category} in ('transactional', 'sequence', 'manual')`),
    check('outbound_messages_recipient_kind_check', sql`${t.recipientKind} in ('customer', 'staff')`),
    check(
      'outbound_messages_suppression_check',
      sql`${t.suppression} in ('email_transactional', 'email_marketing', 'sms', 'sms_marketing')`,
    ),
  ],
);
