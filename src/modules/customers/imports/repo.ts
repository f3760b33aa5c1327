import { and, asc, desc, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import type { Ctx } from '../../../kernel/ctx.ts';
import type { Tx } from '../../../platform/db/client.ts';
import { rowsOf } from '../../../platform/db/tx.ts';
import type { ImportField } from '../domain/import-mapping.ts';
import { normalizeForSearch } from '../domain/search.ts';
import { customerFields, customerFieldValues, customerImportErrors, customerImports, customers, customerTagLinks, customerTags } from '../schema.ts';

export type ImportRow = typeof customerImports.$inferSelect;
export type NewImportRow = typeof customerImports.$inferInsert;
export type ImportErrorRow = typeof customerImportErrors.$inferSelect;
export type CustomerRow = typeof customers.$inferSelect;
export type FieldValueRow = typeof customerFieldValues.$inferSelect;

const byId = (ctx: Ctx, id: string) => and(eq(customerImports.studioId, ctx.studioId), eq(customerImports.id, id));

export async function insertImport(tx: Tx, row: NewImportRow): Promise<void> {
  await tx.insert(customerImports).values(row);
}

export async function findImport(tx: Tx, ctx: Ctx, id: string): Promise<ImportRow | undefined> {
  const [row] = await tx.select().from(customerImports).where(byId(ctx, id));
  return row;
}

/** Newest first, strictly before `before` (created_at, id). */
export async function listImports(tx: Tx, ctx: Ctx, before: { createdAt: Date; id: string } | null, limit: number): Promise<ImportRow[]> {
  return tx
    .select()
    .from(customerImports)
    .where(
      and(
        eq(customerImports.studioId, ctx.studioId),
        before ? sql`(${customerImports.createdAt}, ${customerImports.id}) < (${before.createdAt.toISOString()}::timestamptz, ${before.id})` : undefined,
      ),
    )
    .orderBy(desc(customerImports.createdAt), desc(customerImports.id))
    .limit(limit);
}

export async function updateImport(tx: Tx, ctx: Ctx, id: string, patch: Partial<NewImportRow>): Promise<void> {
  await tx.update(customerImports).set(patch).where(byId(ctx, id));
}

export interface ChunkCounts {
  created: number;
  updated: number;
  unchanged: number;
  errors: number;
}

/** Records a processed chunk: the counts grow, `processed_rows` moves to where the next chunk starts. */
export async function recordProgress(tx: Tx, ctx: Ctx, id: string, processedRows: number, counts: ChunkCounts): Promise<void> {
  await tx
    .update(customerImports)
    .set({
      processedRows,
      createdCount: sql`${customerImports.createdCount} + ${counts.created}`,
      updatedCount: sql`${customerImports.updatedCount} + ${counts.updated}`,
      unchangedCount: sql`${customerImports.unchangedCount} + ${counts.unchanged}`,
      errorCount: sql`${customerImports.errorCount} + ${counts.errors}`,
    })
    .where(byId(ctx, id));
}

/** A retried chunk may write an error row again: the first copy stays. */
export async function insertErrors(tx: Tx, rows: (typeof customerImportErrors.$inferInsert)[]): Promise<void> {
  if (rows.length > 0) await tx.insert(customerImportErrors).values(rows).onConflictDoNothing();
}

/** Error rows in file order, strictly after (line, field). */
export async function listErrors(
  tx: Tx,
  ctx: Ctx,
  importId: string,
  after: { line: number; field: string } | null,
  limit: number,
): Promise<ImportErrorRow[]> {
  const t = customerImportErrors;
  return tx
    .select()
    .from(t)
    .where(
      and(
        eq(t.studioId, ctx.studioId),
        eq(t.importId, importId),
        after ? sql`(${t.line}, ${t.field}) > (${after.line}, ${after.field})` : undefined,
      ),
    )
    .orderBy(asc(t.line), asc(t.field))
    .limit(limit);
}

/** Customers with one of these (lower-cased) emails. */
export async function findCustomersByEmails(tx: Tx, ctx: Ctx, emails: readonly string[]): Promise<CustomerRow[]> {
  if (emails.length === 0) return [];
  return tx
    .select()
    .from(customers)
    .where(
      and(
        eq(customers.studioId, ctx.studioId),
        inArray(customers.searchEmail, [...new Set(emails.map(normalizeForSearch))]),
        inArray(customers.email, [...emails]),
      ),
    );
}

/** A customer's name-and-phone identity, as stored in the search columns. */
export interface NameIdentity {
  searchFirst: string;
  searchLast: string;
  phoneDigits: string;
}

/**
 * Live customers (not archived, merged or anonymised) with one of these exact (first name,
 * last name, phone digits) triples; the (studio_id, search_last) index finds them.
 */
export async function findCustomersByNames(tx: Tx, ctx: Ctx, names: readonly NameIdentity[]): Promise<CustomerRow[]> {
  if (names.length === 0) return [];
  const triples = sql.join(
    names.map((n) => sql`(${n.searchFirst}, ${n.searchLast}, ${n.phoneDigits})`),
    sql`, `,
  );
  return tx
    .select()
    .from(customers)
    .where(
      and(
        eq(customers.studioId, ctx.studioId),
        inArray(customers.searchLast, [...new Set(names.map((n) => n.searchLast))]),
        sql`(${customers.searchFirst}, ${customers.searchLast}, ${customers.phoneDigits}) in (${triples})`,
        isNull(customers.archivedAt),
        isNull(customers.anonymizedAt),
        isNull(customers.mergedIntoId),
      ),
    );
}

/**
 * Refreshes the planner's statistics of the tables an import fills. PostgreSQL plans the
 * foreign-key checks of a connection once, from the statistics of that moment: on a new
 * studio's database `customers` looks empty, the check becomes a sequential scan, and each
 * link of a tag to a new customer reads every customer inserted so far (measured: 50,000 rows
 * took 133 s instead of ~40). ANALYZE invalidates those plans. Needs the owner's connection.
 */
export async function refreshStatistics(system: { execute: (query: SQL) => Promise<unknown> }): Promise<void> {
  await system.execute(sql`analyze customers, customer_tag_links, customer_field_values`);
}

/** The studio's custom fields a column may fill (archived ones are left out). */
export async function listImportFields(tx: Tx, ctx: Ctx): Promise<ImportField[]> {
  const rows = await tx
    .select({ id: customerFields.id, label: customerFields.label, kind: customerFields.kind, options: customerFields.options })
    .from(customerFields)
    .where(and(eq(customerFields.studioId, ctx.studioId), isNull(customerFields.archivedAt)))
    .orderBy(asc(customerFields.position), asc(customerFields.id));
  return rows.map((r) => ({ ...r, kind: r.kind as ImportField['kind'] }));
}

/**
 * The tags of these names, created when missing (the unique (studio, name_key) index settles a
 * race with another import or a staff edit). Returns name key → tag.
 */
export async function ensureTags(
  tx: Tx,
  ctx: Ctx,
  tags: readonly { id: string; name: string; nameKey: string }[],
): Promise<Map<string, { id: string; name: string }>> {
  if (tags.length === 0) return new Map();
  const now = ctx.clock.now();
  await tx
    .insert(customerTags)
    .values(tags.map((t) => ({ studioId: ctx.studioId, id: t.id, name: t.name, nameKey: t.nameKey, createdAt: now, updatedAt: now })))
    .onConflictDoNothing();
  const rows = await tx
    .select({ id: customerTags.id, name: customerTags.name, nameKey: customerTags.nameKey })
    .from(customerTags)
    .where(and(eq(customerTags.studioId, ctx.studioId), inArray(customerTags.nameKey, tags.map((t) => t.nameKey))));
  return new Map(rows.map((r) => [r.nameKey, { id: r.id, name: r.name }]));
}

/** Links customers to tags; returns the links that are new (an existing link is left as it is). */
export async function linkTags(tx: Tx, ctx: Ctx, links: readonly { customerId: string; tagId: string }[]): Promise<{ customerId: string; tagId: string }[]> {
  if (links.length === 0) return [];
  // One JSON parameter rather than two per link: a chunk of thousands stays one short statement.
  const result = await tx.execute(sql`
    insert into customer_tag_links (studio_id, customer_id, tag_id, created_at)
    select ${ctx.studioId}, l->>'c', l->>'t', ${ctx.clock.now().toISOString()}::timestamptz
      from jsonb_array_elements(${JSON.stringify(links.map((l) => ({ c: l.customerId, t: l.tagId })))}::jsonb) as l
    on conflict do nothing
    returning customer_id, tag_id`);
  return rowsOf<{ customer_id: string; tag_id: string }>(result).map((r) => ({ customerId: r.customer_id, tagId: r.tag_id }));
}

export async function findFieldValues(tx: Tx, ctx: Ctx, customerIds: readonly string[]): Promise<FieldValueRow[]> {
  if (customerIds.length === 0) return [];
  return tx
    .select()
    .from(customerFieldValues)
    .where(and(eq(customerFieldValues.studioId, ctx.studioId), inArray(customerFieldValues.customerId, [...customerIds])));
}

export async function upsertFieldValues(tx: Tx, rows: (typeof customerFieldValues.$inferInsert)[]): Promise<void> {
  if (rows.length === 0) return;
  await tx
    .insert(customerFieldValues)
    .values(rows)
    .onConflictDoUpdate({
      target: [customerFieldValues.studioId, customerFieldValues.customerId, customerFieldValues.fieldId],
      set: {
        textValue: sql`excluded.text_value`,
        numberValue: sql`excluded.number_value`,
        dateValue: sql`excluded.date_value`,
        boolValue: sql`excluded.bool_value`,
        choiceValues: sql`excluded.choice_values`,
        updatedAt: sql`excluded.updated_at`,
      },
    });
}

/** The tags these customers already have, by tag name key. */
export async function findTagLinkKeys(tx: Tx, ctx: Ctx, customerIds: readonly string[]): Promise<{ customerId: string; nameKey: string }[]> {
  if (customerIds.length === 0) return [];
  return tx
    .select({ customerId: customerTagLinks.customerId, nameKey: customerTags.nameKey })
    .from(customerTagLinks)
    .innerJoin(customerTags, and(eq(customerTags.studioId, customerTagLinks.studioId), eq(customerTags.id, customerTagLinks.tagId)))
    .where(and(eq(customerTagLinks.studioId, ctx.studioId), inArray(customerTagLinks.customerId, [...customerIds])));
}
