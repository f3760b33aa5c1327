import { sql } from 'drizzle-orm';
import { bigint, check, foreignKey, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, studioId, updatedAt } from '../../../platform/db/columns.ts';
import { studios } from '../../studios/schema.ts';
import { customers } from '../../customers/schema.ts';

/**
 * Discount codes. `code` is stored upper case (look-ups are case-insensitive). `kind` percent
 * uses `percent_bp` (1–10 000), amount uses `amount_minor`. Valid while
 * `valid_from <= now < valid_until` (either bound optional). `uses_count` counts redemptions
 * not released; a guarded UPDATE and the check keep it within `max_uses`. Restrictions list
 * plan, class template and product ids; all three empty means the code applies to everything.
 */
export const discountCodes = pgTable(
  'commerce_discount_codes',
  {
    studioId: studioId(),
    id: text().notNull(),
    code: text().notNull(),
    description: text().notNull().default(''),
    kind: text().notNull(),
    percentBp: integer(),
    amountMinor: bigint({ mode: 'number' }),
    validFrom: timestamp({ withTimezone: true }),
    validUntil: timestamp({ withTimezone: true }),
    maxUses: integer(),
    maxUsesPerCustomer: integer(),
    usesCount: integer().notNull().default(0),
    planIds: text().array().notNull().default(sql`'{}'::text[]`),
    templateIds: text().array().notNull().default(sql`'{}'::text[]`),
    productIds: text().array().notNull().default(sql`'{}'::text[]`),
    archivedAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.studioId, t.id] }),
    foreignKey({ columns: [t.studioId], foreignColumns: [studios.id] }),
    uniqueIndex('commerce_discount_codes_code_key').on(t.studioId, t.code),
    check('commerce_discount_codes_kind_check', sql`${t.kind} in ('percent', 'amount')`),
    check(
      'commerce_discount_codes_value_check',
      sql`(${t.kind} = 'percent' and ${t.percentBp} between 1 and 10000 and ${t.amountMinor} is null)
        or (${t.kind} = 'amount' and ${t.amountMinor} > 0 and ${t.percentBp} is null)`,
    ),
    check('commerce_discount_codes_window_check', sql`${t.validFrom} is null or ${t.validUntil} is null or ${t.validFrom} < ${t.validUntil}`),
    check('commerce_discount_codes_limits_check', sql`(${t.maxUses} is null or ${t.maxUses} >= 1) and (${t.maxUsesPerCustomer} is null or ${t.maxUsesPerCustomer} >= 1)`),
    check('commerce_discount_codes_uses_check', sql`${t.usesCount} >= 0 and (${t.maxUses} is null or ${t.usesCount} <= ${t.maxUses})`),
  ],
);

/** One row per order that used a code; `released_at` set when that order failed or was voided. */
export const discountRedemptions = pgTable(
  'commerce_discount_redemptions',
  {
    studioId: studioId(),
    id: text().notNull(),
    discountCodeId: text().notNull(),
    customerId: text(),
    orderId: text().notNull(),
    amountMinor: bigint({ mode: 'number' }).notNull().default(0),
    releasedAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.studioId, t.id] }),
    foreignKey({ columns: [t.studioId, t.discountCodeId], foreignColumns: [discountCodes.studioId, discountCodes.id] }),
    foreignKey({ columns: [t.studioId, t.customerId], foreignColumns: [customers.studioId, customers.id] }),
    uniqueIndex('commerce_discount_redemptions_order_key').on(t.studioId, t.orderId).where(sql`${t.releasedAt} is null`),
    index('commerce_discount_redemptions_customer_idx').on(t.studioId, t.discountCodeId, t.customerId),
  ],
);
