import { sql } from 'drizzle-orm';
import { index, jsonb, primaryKey, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { studioId } from '../db/columns.ts';

/**
 * Domain events, appended in the same transaction as the change they describe.
 * `subject_id` names the row the event is about (a customer, a booking…): the customer
 * profile's activity feed is the list of events whose subject is that customer.
 */
export const events = pgTable(
  'events',
  {
    studioId: studioId(),
    id: text().notNull(),
    type: text().notNull(),
    subjectId: text(),
    actorKind: text().notNull(),
    actorId: text(),
    payload: jsonb().notNull().$type<Record<string, unknown>>(),
    occurredAt: timestamp({ withTimezone: true }).notNull(),
    dispatchedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.studioId, t.id] }),
    index('events_subject_idx').on(t.studioId, t.subjectId, t.occurredAt),
    index('events_undispatched_idx').on(t.occurredAt).where(sql`dispatched_at is null`),
  ],
);

/** One row per (subscriber, event) handled: a redelivered event finds its receipt and is skipped. */
export const eventReceipts = pgTable(
  'event_receipts',
  {
    studioId: studioId(),
    subscriber: text().notNull(),
    eventId: text().notNull(),
    handledAt: timestamp({ withTimezone: true }).notNull().default(sql`now()`),
  },
  (t) => [primaryKey({ columns: [t.studioId, t.subscriber, t.eventId] })],
);
