import { sql } from 'drizzle-orm';
import { bigint, check, foreignKey, index, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { createdAt, studioId, updatedAt } from '../../../platform/db/columns.ts';
import { customers } from '../../customers/schema.ts';

/**
 * Prepaid dollar credit, append-only: one row per change with its reason and links.
 * `reason`: purchase | spend | refund | gift_card | cancellation | adjustment | expiry.
 */
export const creditLedger = pgTable(
  'commerce_credit_ledger',
  {
    studioId: studioId(),
    id: text().notNull(),
    customerId: text().notNull(),
    deltaMinor: bigint({ mode: 'number' }).notNull(),
    balanceAfterMinor: bigint({ mode: 'number' }).notNull(),
    reason: text().notNull(),
    orderId: text(),
    refundId: text(),
    bookingId: text(),
    giftCardId: text(),
    note: text().notNull().default(''),
    createdBy: text(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.studioId, t.id] }),
    foreignKey({ columns: [t.studioId, t.customerId], foreignColumns: [customers.studioId, customers.id] }),
    index('commerce_credit_ledger_customer_idx').on(t.studioId, t.customerId, t.createdAt),
    check(
      'commerce_credit_ledger_reason_check',
      sql`${t.reason} in ('purchase', 'spend', 'refund', 'gift_card', 'cancellation', 'adjustment', 'expiry')`,
    ),
    check('commerce_credit_ledger_delta_check', sql`${t.deltaMinor} <> 0`),
    check('commerce_credit_ledger_after_check', sql`${t.balanceAfterMinor} >= 0`),
  ],
);

/** The cached balance per customer (the ledger's sum), moved only by guarded UPDATEs; never negative. */
export const creditBalances = pgTable(
  'commerce_credit_balances',
  {
    studioId: studioId(),
    customerId: text().notNull(),
    balanceMinor: bigint({ mode: 'number' }).notNull().default(0),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.studioId, t.customerId] }),
    foreignKey({ columns: [t.studioId, t.customerId], foreignColumns: [customers.studioId, customers.id] }),
    check('commerce_credit_balances_balance_check', sql`${t.balanceMinor} >= 0`),
  ],
);
