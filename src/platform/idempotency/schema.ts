import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { studioId } from '../db/columns.ts';

export type IdempotencyStatus = 'in_progress' | 'done';

/**
 * The `Idempotency-Key` of each state-changing HTTP call that takes one (POS sales, purchases,
 * refunds), per studio, for 24 hours: the first call claims the key (`in_progress`), and its
 * successful answer is stored (`done`) so a retry gets the same answer with no second effect.
 * A failed call (4xx/5xx) gives the key back. Rows older than 24 hours are ignored and purged.
 */
export const httpIdempotencyKeys = pgTable(
  'http_idempotency_keys',
  {
    studioId: studioId(),
    key: text().notNull(),
    /** `POST /api/v1/commerce/orders`: the route pattern, so a key cannot move to another endpoint. */
    method: text().notNull(),
    route: text().notNull(),
    /** Who sent it (`staff:usr_…`, `customer:cus_…`, `api_key:key_…`): another caller cannot replay it. */
    actor: text().notNull(),
    /** sha256 of the canonical JSON of the path parameters, query and body. */
    requestHash: text().notNull(),
    status: text().$type<IdempotencyStatus>().notNull(),
    responseStatus: integer(),
    responseBody: jsonb(),
    createdAt: timestamp({ withTimezone: true }).notNull(),
    /** When the running call claimed the key: a claim older than the lease was abandoned (a crash) and may be taken over. */
    lockedAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.studioId, t.key] }),
    index('http_idempotency_keys_created_idx').on(t.studioId, t.createdAt),
    check('http_idempotency_keys_status_check', sql`${t.status} in ('in_progress', 'done')`),
    check('http_idempotency_keys_key_check', sql`length(${t.key}) between 1 and 255`),
  ],
);
