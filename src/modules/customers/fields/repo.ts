import { and, asc, eq, isNull, max, sql } from 'drizzle-orm';
import type { Ctx } from '../../../kernel/ctx.ts';
import type { Tx } from '../../../platform/db/client.ts';
import type { ValueColumns } from '../domain/field-values.ts';
import { customerFields, customerFieldValues } from '../schema.ts';

export type FieldRow = typeof customerFields.$inferSelect;
export type NewFieldRow = typeof customerFields.$inferInsert;
export type ValueRow = typeof customerFieldValues.$inferSelect;

const byId = (ctx: Ctx, id: string) => and(eq(customerFields.studioId, ctx.studioId), eq(customerFields.id, id));
const order = [asc(customerFields.position), asc(customerFields.createdAt), asc(customerFields.id)];

export async function listFields(tx: Tx, ctx: Ctx, options: { includeArchived: boolean }): Promise<FieldRow[]> {
  return tx
    .select()
    .from(customerFields)
    .where(and(eq(customerFields.studioId, ctx.studioId), options.includeArchived ? undefined : isNull(customerFields.archivedAt)))
    .orderBy(...order);
}

export async function findField(tx: Tx, ctx: Ctx, id: string): Promise<FieldRow | undefined> {
  const [row] = await tx.select().from(customerFields).where(byId(ctx, id));
  return row;
}

export async function nextPosition(tx: Tx, ctx: Ctx): Promise<number> {
  const [row] = await tx.select({ last: max(customerFields.position) }).from(customerFields).where(eq(customerFields.studioId, ctx.studioId));
  return row?.last === null || row?.last === undefined ? 0 : Number(row.last) + 1;
}

export async function insertField(tx: Tx, row: NewFieldRow): Promise<void> {
  await tx.insert(customerFields).values(row);
}

export async function updateField(tx: Tx, ctx: Ctx, id: string, patch: Partial<NewFieldRow>): Promise<void> {
  await tx
    .update(customerFields)
    .set({ ...patch, updatedAt: ctx.clock.now() })
    .where(byId(ctx, id));
}

/** The answers of many customers (all fields, archived ones too). */
export async function listValues(tx: Tx, ctx: Ctx, customerIds: readonly string[]): Promise<ValueRow[]> {
  if (customerIds.length === 0) return [];
  return tx
    .select()
    .from(customerFieldValues)
    .where(
      and(
        eq(customerFieldValues.studioId, ctx.studioId),
        sql`${customerFieldValues.customerId} in (select jsonb_array_elements_text(${JSON.stringify(customerIds)}::jsonb))`,
      ),
    );
}

export async function upsertValue(tx: Tx, ctx: Ctx, customerId: string, fieldId: string, columns: ValueColumns): Promise<void> {
  const now = ctx.clock.now();
  await tx
    .insert(customerFieldValues)
    .values({ studioId: ctx.studioId, customerId, fieldId, ...columns, updatedAt: now })
    .onConflictDoUpdate({
      target: [customerFieldValues.studioId, customerFieldValues.customerId, customerFieldValues.fieldId],
      set: { ...columns, updatedAt: now },
    });
}

export async function deleteValue(tx: Tx, ctx: Ctx, customerId: string, fieldId: string): Promise<void> {
  await tx
    .delete(customerFieldValues)
    .where(
      and(
        eq(customerFieldValues.studioId, ctx.studioId),
        eq(customerFieldValues.customerId, customerId),
        eq(customerFieldValues.fieldId, fieldId),
      ),
    );
}
