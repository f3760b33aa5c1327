import { and, asc, eq, isNotNull, isNull, sql } from 'drizzle-orm';
import type { Ctx } from '../../../kernel/ctx.ts';
import type { Tx } from '../../../platform/db/client.ts';
import { discountCodes, discountRedemptions } from './schema.ts';

export type DiscountCodeRow = typeof discountCodes.$inferSelect;
export type RedemptionRow = typeof discountRedemptions.$inferSelect;

export async function listCodes(tx: Tx, ctx: Ctx, archived: boolean): Promise<DiscountCodeRow[]> {
  return tx
    .select()
    .from(discountCodes)
    .where(and(eq(discountCodes.studioId, ctx.studioId), archived ? isNotNull(discountCodes.archivedAt) : isNull(discountCodes.archivedAt)))
    .orderBy(asc(discountCodes.code));
}

export async function findCode(tx: Tx, ctx: Ctx, id: string, options: { lock?: boolean } = {}): Promise<DiscountCodeRow | undefined> {
  const query = tx.select().from(discountCodes).where(and(eq(discountCodes.studioId, ctx.studioId), eq(discountCodes.id, id)));
  const [row] = options.lock ? await query.for('update') : await query;
  return row;
}

export async function findCodeByCode(tx: Tx, ctx: Ctx, code: string): Promise<DiscountCodeRow | undefined> {
  const [row] = await tx.select().from(discountCodes).where(and(eq(discountCodes.studioId, ctx.studioId), eq(discountCodes.code, code)));
  return row;
}

export async function insertCode(tx: Tx, row: typeof discountCodes.$inferInsert) {
  await tx.insert(discountCodes).values(row);
}

export async function updateCode(tx: Tx, ctx: Ctx, id: string, patch: Partial<typeof discountCodes.$inferInsert>) {
  await tx
    .update(discountCodes)
    .set({ ...patch, updatedAt: ctx.clock.now() })
    .where(and(eq(discountCodes.studioId, ctx.studioId), eq(discountCodes.id, id)));
}

/**
 * Counts one more use only while the total limit allows it, in one guarded UPDATE: concurrent
 * redemptions queue on the row lock and each re-checks `uses_count < max_uses` on the row the
 * previous one left, so the limit holds. The lock also serialises the per-customer count that
 * follows in the same transaction. False when the code is used up.
 */
export async function takeUse(tx: Tx, ctx: Ctx, id: string): Promise<boolean> {
  const rows = await tx
    .update(discountCodes)
    .set({ usesCount: sql`${discountCodes.usesCount} + 1` })
    .where(
      and(
        eq(discountCodes.studioId, ctx.studioId),
        eq(discountCodes.id, id),
        sql`(${discountCodes.maxUses} is null or ${discountCodes.usesCount} < ${discountCodes.maxUses})`,
      ),
    )
    .returning({ id: discountCodes.id });
  return rows.length > 0;
}

export async function giveBackUse(tx: Tx, ctx: Ctx, id: string) {
  await tx
    .update(discountCodes)
    .set({ usesCount: sql`greatest(${discountCodes.usesCount} - 1, 0)` })
    .where(and(eq(discountCodes.studioId, ctx.studioId), eq(discountCodes.id, id)));
}

export async function customerUses(tx: Tx, ctx: Ctx, codeId: string, customerId: string): Promise<number> {
  const [row] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(discountRedemptions)
    .where(
      and(
        eq(discountRedemptions.studioId, ctx.studioId),
        eq(discountRedemptions.discountCodeId, codeId),
        eq(discountRedemptions.customerId, customerId),
        isNull(discountRedemptions.releasedAt),
      ),
    );
  return row?.n ?? 0;
}

export async function activeRedemptionOfOrder(tx: Tx, ctx: Ctx, orderId: string): Promise<RedemptionRow | undefined> {
  const [row] = await tx
    .select()
    .from(discountRedemptions)
    .where(and(eq(discountRedemptions.studioId, ctx.studioId), eq(discountRedemptions.orderId, orderId), isNull(discountRedemptions.releasedAt)));
  return row;
}

export async function insertRedemption(tx: Tx, row: typeof discountRedemptions.$inferInsert): Promise<RedemptionRow> {
  const [inserted] = await tx.insert(discountRedemptions).values(row).returning();
  return inserted!;
}

export async function releaseRedemption(tx: Tx, ctx: Ctx, id: string) {
  await tx
    .update(discountRedemptions)
    .set({ releasedAt: ctx.clock.now() })
    .where(and(eq(discountRedemptions.studioId, ctx.studioId), eq(discountRedemptions.id, id)));
}
