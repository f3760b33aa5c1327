import { sql } from 'drizzle-orm';
import { check, index, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { studioId } from '../db/columns.ts';

export type MessageChannel = 'email' | 'sms';
export type MessageStatus = 'queued' | 'sent' | 'failed';

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
    toAddress: text().notNull(),
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
    index('outbound_messages_created_idx').on(t.studioId, t.createdAt.desc(), t.id.desc()),
    check('outbound_messages_channel_check', sql`${t.channel} in ('email', 'sms')`),
    check('outbound_messages_status_check', sql`${t.status} in ('queued', 'sent', 'failed')`),
  ],
);
