import { date, foreignKey, index, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { createdAt, studioId, updatedAt } from '../../platform/db/columns.ts';
import { studios } from '../studios/schema.ts';
import { users } from '../identity/schema.ts';

/**
 * Customer profiles. The `search_*` columns hold lower-cased, accent-free copies of the
 * name and email, and `phone_digits` the phone's digits, so that a prefix search is an
 * index range scan (text_pattern_ops) whatever the database's collation.
 */
export const customers = pgTable(
  'customers',
  {
    studioId: studioId(),
    id: text().notNull(),
    userId: text(),
    firstName: text().notNull(),
    lastName: text().notNull().default(''),
    email: text(),
    phone: text(),
    birthDate: date({ mode: 'string' }),
    locale: text(),
    searchFirst: text().notNull(),
    searchLast: text().notNull(),
    searchEmail: text().notNull().default(''),
    phoneDigits: text().notNull().default(''),
    archivedAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.studioId, t.id] }),
    foreignKey({ columns: [t.studioId], foreignColumns: [studios.id] }),
    foreignKey({ columns: [t.studioId, t.userId], foreignColumns: [users.studioId, users.id] }),
    uniqueIndex('customers_email_key').on(t.studioId, t.email),
    uniqueIndex('customers_user_key').on(t.studioId, t.userId).where(sql`user_id is not null`),
    index('customers_search_first_idx').on(t.studioId, t.searchFirst.op('text_pattern_ops')),
    index('customers_search_last_idx').on(t.studioId, t.searchLast.op('text_pattern_ops')),
    index('customers_search_email_idx').on(t.studioId, t.searchEmail.op('text_pattern_ops')),
    index('customers_phone_idx').on(t.studioId, t.phoneDigits.op('text_pattern_ops')),
    index('customers_name_order_idx').on(t.studioId, t.searchLast, t.searchFirst, t.id),
  ],
);
