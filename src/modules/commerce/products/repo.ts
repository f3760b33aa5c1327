import { and, asc, desc, eq, ilike, isNotNull, isNull, lt, or, sql } from 'drizzle-orm';
import type { Ctx } from '../../../kernel/ctx.ts';
import type { Tx } from '../../../platform/db/client.ts';
import { products, stockMovements } from './schema.ts';

export type ProductRow = typeof products.$inferSelect;
export type StockMovementRow = typeof stockMovements.$inferSelect;

export async function listProducts(tx: Tx, ctx: Ctx, filter: { archived: boolean; lowStock: boolean; q?: string | undefined }) {
  const q = filter.q?.replace(/[\\%_]/g, (c) => `\\${c}`);
  return tx
    .select()
    .from(products)
    .where(
      and(
        eq(products.studioId, ctx.studioId),
        filter.archived ? isNotNull(products.archivedAt) : isNull(products.archivedAt),
        filter.lowStock
          ? sql`${products.trackStock} and ${products.lowStockThreshold} is not null and ${products.onHand} <= ${products.lowStockThreshold}`
          : undefined,
        q ? or(ilike(products.name, `%${q}%`), ilike(products.sku, `${q}%`)) : undefined,
      ),
    )
    .orderBy(asc(sql`lower(${products.name})`), asc(products.id));
}

export async function findProduct(tx: Tx, ctx: Ctx, id: string, options: { lock?: boolean } = {}): Promise<ProductRow | undefined> {
  const query = tx.select().from(products).where(and(eq(products.studioId, ctx.studioId), eq(products.id, id)));
  const [row] = options.lock ? await query.for('update') : await query;
  return row;
}

export async function insertProduct(tx: Tx, row: typeof products.$inferInsert) {
  await tx.insert(products).values(row);
}

export async function updateProduct(tx: Tx, ctx: Ctx, id: string, patch: Partial<typeof products.$inferInsert>) {
  await tx
    .update(products)
    .set({ ...patch, updatedAt: ctx.clock.now() })
    .where(and(eq(products.studioId, ctx.studioId), eq(products.id, id)));
}

/**
 * Moves the cached count by `delta` in one guarded UPDATE: a decrease passes only while the
 * count covers it, so concurrent sales of the last items cannot oversell (each waits for the
 * row lock, then re-checks the guard). Returns the count after, or null when it did not pass.
 */
export async function moveOnHand(tx: Tx, ctx: Ctx, id: string, delta: number): Promise<number | null> {
  const [row] = await tx
    .update(products)
    .set({ onHand: sql`${products.onHand} + ${delta}`, updatedAt: ctx.clock.now() })
    .where(and(eq(products.studioId, ctx.studioId), eq(products.id, id), sql`${products.onHand} + ${delta} >= 0`))
    .returning({ onHand: products.onHand });
  return row ? row.onHand : null;
}

export async function insertMovement(tx: Tx, row: typeof stockMovements.$inferInsert): Promise<StockMovementRow> {
  const [inserted] = await tx.insert(stockMovements).values(row).returning();
  return inserted!;
}

export async function listMovements(tx: Tx, ctx: Ctx, productId: string, page: { cursor?: { at: Date; id: string } | undefined; limit: number }) {
  const c = page.cursor;
  return tx
    .select()
    .from(stockMovements)
    .where(
      and(
        eq(stockMovements.studioId, ctx.studioId),
        eq(stockMovements.productId, productId),
        c ? or(lt(stockMovements.createdAt, c.at), and(eq(stockMovements.createdAt, c.at), lt(stockMovements.id, c.id))) : undefined,
      ),
    )
    .orderBy(desc(stockMovements.createdAt), desc(stockMovements.id))
    .limit(page.limit + 1);
}

/** The sale movements of one order line (how a refund knows how many items to put back). */
export async function soldForLine(tx: Tx, ctx: Ctx, orderLineId: string): Promise<{ productId: string; sold: number; returned: number }[]> {
  const rows = await tx
    .select({
      productId: stockMovements.productId,
      sold: sql<number>`coalesce(sum(-${stockMovements.quantityDelta}) filter (where ${stockMovements.kind} = 'sale'), 0)::int`,
      returned: sql<number>`coalesce(sum(${stockMovements.quantityDelta}) filter (where ${stockMovements.kind} = 'return'), 0)::int`,
    })
    .from(stockMovements)
    .where(and(eq(stockMovements.studioId, ctx.studioId), eq(stockMovements.orderLineId, orderLineId)))
    .groupBy(stockMovements.productId);
  return rows;
}
