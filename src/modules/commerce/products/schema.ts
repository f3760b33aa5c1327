import { sql } from 'drizzle-orm';
import { bigint, boolean, check, foreignKey, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, studioId, updatedAt } from '../../../platform/db/columns.ts';
import { studios } from '../../studios/schema.ts';

/**
 * Retail products sold at the point of sale. Prices are tax-exclusive minor units of the
 * studio's currency. When `track_stock` is on, `on_hand` is a cache of the sum of the product's
 * stock movements, kept by guarded UPDATEs in the same transaction as each movement; the check
 * constraint makes a sale that would go below zero fail even if a code path forgot the guard.
 * `low_stock_threshold`: the product is "low" when `on_hand <= threshold`.
 */
export const products = pgTable(
  'commerce_products',
  {
    studioId: studioId(),
    id: text().notNull(),
    name: text().notNull(),
    description: text().notNull().default(''),
    sku: text(),
    priceMinor: bigint({ mode: 'number' }).notNull(),
    taxRateBp: integer().notNull().default(0),
    trackStock: boolean().notNull().default(false),
    onHand: integer().notNull().default(0),
    lowStockThreshold: integer(),
    archivedAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.studioId, t.id] }),
    foreignKey({ columns: [t.studioId], foreignColumns: [studios.id] }),
    uniqueIndex('commerce_products_sku_key').on(t.studioId, sql`lower(${t.sku})`).where(sql`${t.sku} is not null`),
    index('commerce_products_name_idx').on(t.studioId, t.name),
    check('commerce_products_price_check', sql`${t.priceMinor} >= 0`),
    check('commerce_products_tax_check', sql`${t.taxRateBp} between 0 and 10000`),
    check('commerce_products_on_hand_check', sql`${t.onHand} >= 0`),
    check('commerce_products_threshold_check', sql`${t.lowStockThreshold} is null or ${t.lowStockThreshold} >= 0`),
  ],
);

/**
 * Append-only history of a product's stock: `sale` (negative), `return` (a refund that put the
 * item back), `restock` (positive), `adjustment` (either sign, with a note: a count, breakage).
 * `on_hand_after` is the cached count right after the movement, so the history reads as a ledger.
 */
export const stockMovements = pgTable(
  'commerce_stock_movements',
  {
    studioId: studioId(),
    id: text().notNull(),
    productId: text().notNull(),
    kind: text().notNull(),
    quantityDelta: integer().notNull(),
    onHandAfter: integer().notNull(),
    orderId: text(),
    orderLineId: text(),
    refundId: text(),
    note: text().notNull().default(''),
    createdBy: text(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.studioId, t.id] }),
    foreignKey({ columns: [t.studioId, t.productId], foreignColumns: [products.studioId, products.id] }),
    index('commerce_stock_movements_product_idx').on(t.studioId, t.productId, t.createdAt),
    check('commerce_stock_movements_kind_check', sql`${t.kind} in ('sale', 'return', 'restock', 'adjustment')`),
    check('commerce_stock_movements_delta_check', sql`${t.quantityDelta} <> 0`),
    check('commerce_stock_movements_after_check', sql`${t.onHandAfter} >= 0`),
  ],
);
