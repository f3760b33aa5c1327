import { and, asc, eq, sql } from 'drizzle-orm';
import type { Ctx } from '../../../kernel/ctx.ts';
import type { Tx } from '../../../platform/db/client.ts';
import { isUniqueViolation, rowsOf } from '../../../platform/db/tx.ts';
import { customers, customerTagLinks, customerTags } from '../schema.ts';

export type TagRow = typeof customerTags.$inferSelect;
export type NewTagRow = typeof customerTags.$inferInsert;

const byId = (ctx: Ctx, id: string) => and(eq(customerTags.studioId, ctx.studioId), eq(customerTags.id, id));

export async function listTags(tx: Tx, ctx: Ctx): Promise<(TagRow & { customerCount: number })[]> {
  const counts = tx
    .select({ tagId: customerTagLinks.tagId, n: sql<number>`count(*)::int`.as('n') })
    .from(customerTagLinks)
    .where(eq(customerTagLinks.studioId, ctx.studioId))
    .groupBy(customerTagLinks.tagId)
    .as('counts');
  const rows = await tx
    .select({ tag: customerTags, n: counts.n })
    .from(customerTags)
    .leftJoin(counts, eq(counts.tagId, customerTags.id))
    .where(eq(customerTags.studioId, ctx.studioId))
    .orderBy(asc(customerTags.nameKey), asc(customerTags.id));
  return rows.map((r) => ({ ...r.tag, customerCount: Number(r.n ?? 0) }));
}

export async function findTag(tx: Tx, ctx: Ctx, id: string): Promise<TagRow | undefined> {
  const [row] = await tx.select().from(customerTags).where(byId(ctx, id));
  return row;
}

export async function findTagByKey(tx: Tx, ctx: Ctx, nameKey: string): Promise<TagRow | undefined> {
  const [row] = await tx
    .select()
    .from(customerTags)
    .where(and(eq(customerTags.studioId, ctx.studioId), eq(customerTags.nameKey, nameKey)));
  return row;
}

export async function insertTag(tx: Tx, row: NewTagRow): Promise<void> {
  await tx.insert(customerTags).values(row);
}

export async function updateTag(tx: Tx, ctx: Ctx, id: string, patch: Partial<NewTagRow>): Promise<void> {
  await tx
    .update(customerTags)
    .set({ ...patch, updatedAt: ctx.clock.now() })
    .where(byId(ctx, id));
}

/** Deleting a tag removes its links too (on delete cascade). */
export async function deleteTag(tx: Tx, ctx: Ctx, id: string): Promise<boolean> {
  const rows = await tx.delete(customerTags).where(byId(ctx, id)).returning({ id: customerTags.id });
  return rows.length > 0;
}

export const tagNameKey = 'customer_tags_name_key';

/** True when `err` is a violation of the per-studio unique tag name. */
export function isTagNameViolation(err: unknown): boolean {
  if (!isUniqueViolation(err)) return false;
  for (let e = err as { constraint?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 4; depth++) {
    if (typeof e.constraint === 'string') return e.constraint === tagNameKey;
    e = e.cause as typeof e;
  }
  return false;
}

/** The tags on one customer, by name. */
export async function listCustomerTags(tx: Tx, ctx: Ctx, customerId: string): Promise<TagRow[]> {
  const rows = await tx
    .select({ tag: customerTags })
    .from(customerTagLinks)
    .innerJoin(customerTags, and(eq(customerTags.studioId, customerTagLinks.studioId), eq(customerTags.id, customerTagLinks.tagId)))
    .where(and(eq(customerTagLinks.studioId, ctx.studioId), eq(customerTagLinks.customerId, customerId)))
    .orderBy(asc(customerTags.nameKey), asc(customerTags.id));
  return rows.map((r) => r.tag);
}

/** The badge tags of many customers: (customer id, tag) pairs. */
export async function listBadgeTags(tx: Tx, ctx: Ctx, customerIds: readonly string[]): Promise<{ customerId: string; tag: TagRow }[]> {
  if (customerIds.length === 0) return [];
  return tx
    .select({ customerId: customerTagLinks.customerId, tag: customerTags })
    .from(customerTagLinks)
    .innerJoin(customerTags, and(eq(customerTags.studioId, customerTagLinks.studioId), eq(customerTags.id, customerTagLinks.tagId)))
    .where(
      and(
        eq(customerTagLinks.studioId, ctx.studioId),
        sql`${customerTagLinks.customerId} in (select jsonb_array_elements_text(${JSON.stringify(customerIds)}::jsonb))`,
        eq(customerTags.badge, true),
      ),
    )
    .orderBy(asc(customerTags.nameKey), asc(customerTags.id));
}

/**
 * Links the tag to those of `customerIds` that are customers of the studio and did not have it;
 * returns the ids really linked. The ids travel as one JSON parameter (not one parameter per id),
 * so a chunk of thousands is one short statement on both drivers; the join with `customers`
 * drops unknown ids and, with the studio condition, ids of other studios.
 */
export async function linkCustomers(tx: Tx, ctx: Ctx, tagId: string, customerIds: readonly string[]): Promise<string[]> {
  if (customerIds.length === 0) return [];
  const result = await tx.execute(sql`
    insert into ${customerTagLinks} (studio_id, customer_id, tag_id, created_at)
    select ${ctx.studioId}, c.id, ${tagId}, ${ctx.clock.now().toISOString()}::timestamptz
      from ${customers} c
     where c.studio_id = ${ctx.studioId}
       and c.id in (select jsonb_array_elements_text(${JSON.stringify(customerIds)}::jsonb))
    on conflict do nothing
    returning customer_id`);
  return rowsOf<{ customer_id: string }>(result).map((r) => r.customer_id);
}

/** Removes the tag from those of `customerIds` that have it; returns the ids really unlinked. */
export async function unlinkCustomers(tx: Tx, ctx: Ctx, tagId: string, customerIds: readonly string[]): Promise<string[]> {
  if (customerIds.length === 0) return [];
  const rows = await tx
    .delete(customerTagLinks)
    .where(
      and(
        eq(customerTagLinks.studioId, ctx.studioId),
        eq(customerTagLinks.tagId, tagId),
        sql`${customerTagLinks.customerId} in (select jsonb_array_elements_text(${JSON.stringify(customerIds)}::jsonb))`,
      ),
    )
    .returning({ customerId: customerTagLinks.customerId });
  return rows.map((r) => r.customerId);
}
