import { sql } from 'drizzle-orm';
import { boolean, check, foreignKey, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, studioId, updatedAt } from '../../platform/db/columns.ts';
import { studios } from '../studios/schema.ts';

/**
 * The studio's messaging settings (one row per studio, defaults on first read): the SMS tier
 * (monthly segments), the number inbound calls are forwarded to, and the month the studio was
 * last told its SMS ran out (told once a month).
 */
export const messagingSettings = pgTable(
  'messaging_settings',
  {
    studioId: studioId(),
    smsTier: text().notNull().default('starter'),
    forwardingPhone: text(),
    /** `YYYY-MM` in the studio's zone. */
    smsExhaustedNoticeMonth: text(),
    /** How many hours before a booked class its reminder goes out; 0 = no reminders. */
    classReminderHours: integer().notNull().default(2),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.studioId] }),
    foreignKey({ columns: [t.studioId], foreignColumns: [studios.id] }),
    check('messaging_settings_reminder_hours_check', sql`${t.classReminderHours} between 0 and 168`),
  ],
);

/**
 * Which channels a studio sends one catalogue template by (Settings › Message templates). No
 * row = the default: email only. SMS and in-app are turned on per template by staff; SMS counts
 * against the studio's tier.
 */
export const messagingTemplateChannels = pgTable(
  'messaging_template_channels',
  {
    studioId: studioId(),
    templateKey: text().notNull(),
    email: boolean().notNull().default(true),
    sms: boolean().notNull().default(false),
    inApp: boolean().notNull().default(false),
    updatedBy: text(),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.studioId, t.templateKey] }), foreignKey({ columns: [t.studioId], foreignColumns: [studios.id] })],
);

/**
 * The class reminders sent: one per booking and class start (a class moved to another time is
 * reminded again). Written in the transaction that records the reminder's messages, so a job run
 * twice sends nothing twice.
 */
export const messagingClassReminders = pgTable(
  'messaging_class_reminders',
  {
    studioId: studioId(),
    bookingId: text().notNull(),
    startsAt: timestamp({ withTimezone: true }).notNull(),
    occurrenceId: text().notNull(),
    customerId: text().notNull(),
    sentAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.studioId, t.bookingId, t.startsAt] }),
    foreignKey({ columns: [t.studioId], foreignColumns: [studios.id] }),
    index('messaging_class_reminders_occurrence_idx').on(t.studioId, t.occurrenceId),
  ],
);

/**
 * One conversation per customer across email, SMS and in-app (the inbox). Outbound messages are
 * `outbound_messages` rows with the customer's id; inbound ones are `messaging_inbound_messages`.
 * This row is the inbox's read model: what the list sorts and filters on at 100,000 customers.
 */
export const messagingThreads = pgTable(
  'messaging_threads',
  {
    studioId: studioId(),
    customerId: text().notNull(),
    lastMessageAt: timestamp({ withTimezone: true }).notNull(),
    lastInboundAt: timestamp({ withTimezone: true }),
    /** The last message staff wrote by hand (a reply or a manual message). */
    lastReplyAt: timestamp({ withTimezone: true }),
    lastChannel: text().notNull(),
    /** transactional | sequence | manual — of the last message, for the inbox filters. */
    lastCategory: text().notNull(),
    lastPreview: text().notNull().default(''),
    /** Inbound messages staff have not opened yet. */
    unreadCount: integer().notNull().default(0),
    /** The location the conversation belongs to (staff pre-filtered to a location see its threads); null: every location. */
    locationId: text(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.studioId, t.customerId] }),
    foreignKey({ columns: [t.studioId], foreignColumns: [studios.id] }),
    index('messaging_threads_last_idx').on(t.studioId, t.lastMessageAt.desc().nullsFirst(), t.customerId),
    index('messaging_threads_unread_idx').on(t.studioId, t.lastMessageAt.desc().nullsFirst()).where(sql`unread_count > 0`),
    check('messaging_threads_channel_check', sql`${t.lastChannel} in ('email', 'sms', 'in_app')`),
    check('messaging_threads_category_check', sql`${t.lastCategory} in ('transactional', 'sequence', 'manual', 'inbound')`),
  ],
);

/** An email or SMS a customer (or an unknown sender) sent to the studio, or a customer's reply from their account (in-app). */
export const messagingInboundMessages = pgTable(
  'messaging_inbound_messages',
  {
    studioId: studioId(),
    id: text().notNull(),
    channel: text().$type<'email' | 'sms' | 'in_app'>().notNull(),
    /** Matched by email address or phone digits (in-app: the signed-in customer); null when nobody matched. */
    customerId: text(),
    fromAddress: text().notNull(),
    toAddress: text().notNull().default(''),
    subject: text(),
    bodyText: text().notNull(),
    /** Twilio's MessageSid or the email's Message-ID: a redelivered webhook is stored once. */
    providerMessageId: text(),
    receivedAt: timestamp({ withTimezone: true }).notNull(),
    readAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.studioId, t.id] }),
    foreignKey({ columns: [t.studioId], foreignColumns: [studios.id] }),
    index('messaging_inbound_customer_idx').on(t.studioId, t.customerId, t.receivedAt.desc().nullsFirst()),
    uniqueIndex('messaging_inbound_provider_key').on(t.studioId, t.channel, t.providerMessageId).where(sql`provider_message_id is not null`),
    check('messaging_inbound_channel_check', sql`${t.channel} in ('email', 'sms', 'in_app')`),
  ],
);

/** A staff member's inbox tabs: the customer segments shown across the top, in their order. */
export const messagingInboxTabs = pgTable(
  'messaging_inbox_tabs',
  {
    studioId: studioId(),
    userId: text().notNull(),
    segmentIds: jsonb().$type<string[]>().notNull(),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.studioId, t.userId] }), foreignKey({ columns: [t.studioId], foreignColumns: [studios.id] })],
);

/**
 * A message staff send to a selection of customers or a segment. Its messages are
 * `outbound_messages` rows with this `send_id`, unique per customer: a worker that dies mid-send
 * and starts again adds only the missing ones (the send ledger).
 */
export const messagingGroupSends = pgTable(
  'messaging_group_sends',
  {
    studioId: studioId(),
    id: text().notNull(),
    channel: text().$type<'email' | 'sms' | 'in_app'>().notNull(),
    subject: text(),
    bodyText: text().notNull(),
    /** `{ customerIds }` or `{ segmentId }`, as staff chose it. */
    audience: jsonb().$type<{ customerIds: string[] } | { segmentId: string }>().notNull(),
    /** marketing: unsubscribed customers are skipped; a message to one customer is always delivered. */
    recipientCount: integer().notNull().default(0),
    skippedCount: integer().notNull().default(0),
    queuedCount: integer().notNull().default(0),
    status: text().$type<'queued' | 'sending' | 'done'>().notNull().default('queued'),
    createdBy: text(),
    createdAt: timestamp({ withTimezone: true }).notNull(),
    completedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.studioId, t.id] }),
    foreignKey({ columns: [t.studioId], foreignColumns: [studios.id] }),
    index('messaging_group_sends_created_idx').on(t.studioId, t.createdAt.desc().nullsFirst()),
    check('messaging_group_sends_channel_check', sql`${t.channel} in ('email', 'sms', 'in_app')`),
    check('messaging_group_sends_status_check', sql`${t.status} in ('queued', 'sending', 'done')`),
  ],
);

/**
 * The unguessable token in every email's unsubscribe link (one per customer, made on first use).
 * The link names the kind (marketing email, transactional email, marketing SMS).
 */
export const messagingUnsubscribeTokens = pgTable(
  'messaging_unsubscribe_tokens',
  {
    token: text().primaryKey(),
    studioId: studioId(),
    customerId: text().notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('messaging_unsubscribe_tokens_customer_key').on(t.studioId, t.customerId),
    foreignKey({ columns: [t.studioId], foreignColumns: [studios.id] }),
  ],
);

/** Inbound phone calls (Twilio voice): forwarded, and `call.missed` when nobody answered. */
export const messagingCalls = pgTable(
  'messaging_calls',
  {
    studioId: studioId(),
    id: text().notNull(),
    callSid: text().notNull(),
    fromNumber: text().notNull(),
    customerId: text(),
    /** forwarded | answered | missed | voicemail */
    status: text().notNull(),
    voicemailUrl: text(),
    forwardedTo: text(),
    missed: boolean().notNull().default(false),
    createdAt: timestamp({ withTimezone: true }).notNull(),
    updatedAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.studioId, t.id] }),
    foreignKey({ columns: [t.studioId], foreignColumns: [studios.id] }),
    uniqueIndex('messaging_calls_sid_key').on(t.studioId, t.callSid),
  ],
);
