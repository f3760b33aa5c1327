import { sql } from 'drizzle-orm';
import { bigint, check, foreignKey, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, studioId, updatedAt } from '../../../platform/db/columns.ts';
import { studios } from '../../studios/schema.ts';
import { customers } from '../../customers/schema.ts';

/**
 * Gift cards. `code` is 16 Crockford base-32 characters (80 random bits), stored upper case
 * without separators; it is shown grouped (XXXX-XXXX-XXXX-XXXX) and looked up case-insensitively.
 * `balance_minor` caches the sum of the card's ledger; guarded UPDATEs and the check keep it >= 0.
 * `customer_id` is the studio customer who holds the card (the recipient when staff chose one,
 * else the buyer), `purchaser_customer_id` who paid for it.
 */
export const giftCards = pgTable(
  'commerce_gift_cards',
  {
    studioId: studioId(),
    id: text().notNull(),
    code: text().notNull(),
    initialAmountMinor: bigint({ mode: 'number' }).notNull(),
    balanceMinor: bigint({ mode: 'number' }).notNull(),
    /** pos (sold) | staff (issued for free: a prize, a goodwill gesture). */
    source: text().notNull(),
    customerId: text(),
    purchaserCustomerId: text(),
    recipientName: text().notNull().default(''),
    recipientEmail: text(),
    message: text().notNull().default(''),
    orderId: text(),
    orderLineId: text(),
    expiresAt: timestamp({ withTimezone: true }),
    issuedBy: text(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.studioId, t.id] }),
    foreignKey({ columns: [t.studioId], foreignColumns: [studios.id] }),
    foreignKey({ name: 'commerce_gift_cards_customer_fk', columns: [t.studioId, t.customerId], foreignColumns: [customers.studioId, customers.id] }),
    foreignKey({
      name: 'commerce_gift_cards_purchaser_fk',
      columns: [t.studioId, t.purchaserCustomerId],
      foreignColumns: [customers.studioId, customers.id],
    }),
    uniqueIndex('commerce_gift_cards_code_key').on(t.studioId, t.code),
    uniqueIndex('commerce_gift_cards_order_line_key').on(t.studioId, t.orderLineId).where(sql`${t.orderLineId} is not null`),
    index('commerce_gift_cards_customer_idx').on(t.studioId, t.customerId),
    index('commerce_gift_cards_created_idx').on(t.studioId, t.createdAt),
    check('commerce_gift_cards_initial_check', sql`${t.initialAmountMinor} > 0`),
    check('commerce_gift_cards_balance_check', sql`${t.balanceMinor} >= 0`),
    check('commerce_gift_cards_source_check', sql`${t.source} in ('pos', 'staff')`),
  ],
);

/**
 * Append-only ledger of a gift card: `issued` (+), `redeemed` (− paid an order),
 * `refunded` (+ a refund of such an order put it back, or − the card's own sale was refunded),
 * `store_credit` (− moved to the holder's prepaid credit), `adjustment` (±, staff, with a note).
 */
export const giftCardLedger = pgTable(
  'commerce_gift_card_ledger',
  {
    studioId: studioId(),
    id: text().notNull(),
    giftCardId: text().notNull(),
    kind: text().notNull(),
    deltaMinor: bigint({ mode: 'number' }).notNull(),
    balanceAfterMinor: bigint({ mode: 'number' }).notNull(),
    orderId: text(),
    refundId: text(),
    creditEntryId: text(),
    note: text().notNull().default(''),
    createdBy: text(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.studioId, t.id] }),
    foreignKey({ columns: [t.studioId, t.giftCardId], foreignColumns: [giftCards.studioId, giftCards.id] }),
    index('commerce_gift_card_ledger_card_idx').on(t.studioId, t.giftCardId, t.createdAt),
    check('commerce_gift_card_ledger_kind_check', sql`${t.kind} in ('issued', 'redeemed', 'refunded', 'store_credit', 'adjustment')`),
    check('commerce_gift_card_ledger_delta_check', sql`${t.deltaMinor} <> 0`),
    check('commerce_gift_card_ledger_after_check', sql`${t.balanceAfterMinor} >= 0`),
  ],
);

/** The studio's limits for gift cards sold at the point of sale. */
export const giftCardSettings = pgTable(
  'commerce_gift_card_settings',
  {
    studioId: studioId(),
    minAmountMinor: bigint({ mode: 'number' }).notNull().default(1000),
    maxAmountMinor: bigint({ mode: 'number' }).notNull().default(50000),
    /** Months a new card stays valid; null: no expiry. */
    validityMonths: integer(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.studioId] }),
    foreignKey({ columns: [t.studioId], foreignColumns: [studios.id] }),
    check('commerce_gift_card_settings_amounts_check', sql`${t.minAmountMinor} > 0 and ${t.maxAmountMinor} >= ${t.minAmountMinor}`),
    check('commerce_gift_card_settings_validity_check', sql`${t.validityMonths} is null or ${t.validityMonths} between 1 and 120`),
  ],
);

/**
 * Failed look-ups of a gift card by code, per caller (`actor_key`: a customer or staff user id):
 * ten in fifteen minutes lock that caller's look-ups, so codes cannot be guessed by trying.
 */
export const giftCardLookupFailures = pgTable(
  'commerce_gift_card_lookup_failures',
  {
    studioId: studioId(),
    id: text().notNull(),
    actorKey: text().notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.studioId, t.id] }),
    foreignKey({ columns: [t.studioId], foreignColumns: [studios.id] }),
    index('commerce_gift_card_lookup_failures_actor_idx').on(t.studioId, t.actorKey, t.createdAt),
  ],
);
