import { and, asc, eq, sql } from 'drizzle-orm';
import type { Ctx } from '../../../kernel/ctx.ts';
import type { Tx } from '../../../platform/db/client.ts';
import { customers } from '../schema.ts';

export type CustomerRow = typeof customers.$inferSelect;

/** A parent's children, by first name (the partial index customers_parent_idx finds them). */
export async function listChildren(tx: Tx, ctx: Ctx, parentId: string): Promise<CustomerRow[]> {
  return tx
    .select()
    .from(customers)
    .where(and(eq(customers.studioId, ctx.studioId), eq(customers.parentId, parentId)))
    .orderBy(asc(customers.searchFirst), asc(customers.id));
}

export async function hasChildren(tx: Tx, ctx: Ctx, parentId: string): Promise<boolean> {
  const [row] = await tx
    .select({ one: sql<number>`1` })
    .from(customers)
    .where(and(eq(customers.studioId, ctx.studioId), eq(customers.parentId, parentId)))
    .limit(1);
  return row !== undefined;
}

export async function isChildOf(tx: Tx, ctx: Ctx, parentId: string, childId: string): Promise<boolean> {
  const [row] = await tx
    .select({ one: sql<number>`1` })
    .from(customers)
    .where(and(eq(customers.studioId, ctx.studioId), eq(customers.id, childId), eq(customers.parentId, parentId)));
  return row !== undefined;
}

export async function setParent(tx: Tx, ctx: Ctx, childId: string, parentId: string | null): Promise<void> {
  await tx
    .update(customers)
    .set({ parentId, updatedAt: ctx.clock.now() })
    .where(and(eq(customers.studioId, ctx.studioId), eq(customers.id, childId)));
}
