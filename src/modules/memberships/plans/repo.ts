import { and, asc, desc, eq, isNotNull, isNull } from 'drizzle-orm';
import type { Ctx } from '../../../kernel/ctx.ts';
import { newId } from '../../../kernel/ids.ts';
import type { Tx } from '../../../platform/db/client.ts';
import type { PlanValues } from '../contracts.ts';
import { plans } from '../schema.ts';

export type PlanRow = typeof plans.$inferSelect;

export async function findPlan(tx: Tx, ctx: Ctx, id: string): Promise<PlanRow | undefined> {
  const [row] = await tx.select().from(plans).where(and(eq(plans.studioId, ctx.studioId), eq(plans.id, id)));
  return row;
}

export async function listPlans(tx: Tx, ctx: Ctx, options: { archived: boolean; publicOnly?: boolean }): Promise<PlanRow[]> {
  const conditions = [eq(plans.studioId, ctx.studioId), options.archived ? isNotNull(plans.archivedAt) : isNull(plans.archivedAt)];
  if (options.publicOnly) conditions.push(eq(plans.visibility, 'public'));
  return tx
    .select()
    .from(plans)
    .where(and(...conditions))
    .orderBy(desc(plans.featured), asc(plans.name), asc(plans.id));
}

export async function insertPlan(tx: Tx, ctx: Ctx, values: PlanValues & { currency: string }): Promise<PlanRow> {
  const [row] = await tx
    .insert(plans)
    .values({ ...values, studioId: ctx.studioId, id: newId('plan') })
    .returning();
  return row!;
}

export async function updatePlan(tx: Tx, ctx: Ctx, id: string, values: Partial<PlanValues> & { archivedAt?: Date | null }): Promise<PlanRow> {
  const [row] = await tx
    .update(plans)
    .set({ ...values, updatedAt: ctx.clock.now() })
    .where(and(eq(plans.studioId, ctx.studioId), eq(plans.id, id)))
    .returning();
  return row!;
}
