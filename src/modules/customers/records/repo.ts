import { and, asc, desc, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import type { Ctx } from '../../../kernel/ctx.ts';
import type { Tx } from '../../../platform/db/client.ts';
import { events } from '../../../platform/events/schema.ts';
import { customerDocuments, customerFields, customerFieldValues, customerNotes, customers, customerTagLinks, customerTags } from '../schema.ts';

/**
 * The statements behind merge, delete and the privacy export. Each touches only the customers
 * module's own tables (and reads `events`, the platform's, for the activity); other modules'
 * rows are reached through their registered data owners.
 */

type CustomerRow = typeof customers.$inferSelect;

const count = sql<number>`count(*)::int`;
const n = (rows: { n: number }[]) => Number(rows[0]?.n ?? 0);

/** Locks the profiles in id order, so two merges of the same pair in opposite directions cannot deadlock. */
export async function lockCustomers(tx: Tx, ctx: Ctx, ids: readonly string[]): Promise<Map<string, CustomerRow>> {
  const rows = await tx
    .select()
    .from(customers)
    .where(and(eq(customers.studioId, ctx.studioId), inArray(customers.id, [...ids])))
    .orderBy(asc(customers.id))
    .for('update');
  return new Map(rows.map((r) => [r.id, r]));
}

export async function listMergedProfiles(tx: Tx, ctx: Ctx, customerId: string): Promise<CustomerRow[]> {
  return tx
    .select()
    .from(customers)
    .where(and(eq(customers.studioId, ctx.studioId), eq(customers.mergedIntoId, customerId)))
    .orderBy(asc(customers.createdAt), asc(customers.id));
}

export interface OwnCounts {
  notes: number;
  documents: number;
  tags: number;
  customFieldValues: number;
  children: number;
  referrals: number;
  activityEvents: number;
}

/** How many rows of each kind the customers module holds about a profile (merge preview). */
export async function countOwnRows(tx: Tx, ctx: Ctx, customerId: string, subjectIds: readonly string[]): Promise<OwnCounts> {
  const s = ctx.studioId;
  // One after the other: a transaction is one connection, and PGlite serves one query at a time anyway.
  const notes = await tx.select({ n: count }).from(customerNotes).where(and(eq(customerNotes.studioId, s), eq(customerNotes.customerId, customerId)));
  const documents = await tx
    .select({ n: count })
    .from(customerDocuments)
    .where(and(eq(customerDocuments.studioId, s), eq(customerDocuments.customerId, customerId)));
  const tags = await tx.select({ n: count }).from(customerTagLinks).where(and(eq(customerTagLinks.studioId, s), eq(customerTagLinks.customerId, customerId)));
  const customFieldValues = await tx
    .select({ n: count })
    .from(customerFieldValues)
    .where(and(eq(customerFieldValues.studioId, s), eq(customerFieldValues.customerId, customerId)));
  const children = await tx.select({ n: count }).from(customers).where(and(eq(customers.studioId, s), eq(customers.parentId, customerId)));
  const referrals = await tx.select({ n: count }).from(customers).where(and(eq(customers.studioId, s), eq(customers.referredById, customerId)));
  const activityEvents = await tx.select({ n: count }).from(events).where(and(eq(events.studioId, s), inArray(events.subjectId, [...subjectIds])));
  return {
    notes: n(notes),
    documents: n(documents),
    tags: n(tags),
    customFieldValues: n(customFieldValues),
    children: n(children),
    referrals: n(referrals),
    activityEvents: n(activityEvents),
  };
}

/** A custom-field answer with nothing in it (a cleared answer); `false` on a checkbox is an answer. */
const emptyAnswer = (alias: string) =>
  sql.raw(
    `(${alias}.text_value is null or ${alias}.text_value = '') and ${alias}.number_value is null and ${alias}.date_value is null ` +
      `and ${alias}.bool_value is null and coalesce(cardinality(${alias}.choice_values), 0) = 0`,
  );

/**
 * Moves everything the customers module keeps about `fromId` to `intoId`: notes, documents,
 * tag links (a tag both carry stays one link), custom-field answers (the survivor's answer wins
 * unless it is empty; the duplicate's competing answer is dropped), children, referrals, and
 * earlier merges into the duplicate.
 */
export async function moveOwnRows(tx: Tx, ctx: Ctx, fromId: string, intoId: string): Promise<void> {
  const s = ctx.studioId;
  await tx.update(customerNotes).set({ customerId: intoId }).where(and(eq(customerNotes.studioId, s), eq(customerNotes.customerId, fromId)));
  await tx
    .update(customerDocuments)
    .set({ customerId: intoId })
    .where(and(eq(customerDocuments.studioId, s), eq(customerDocuments.customerId, fromId)));

  await tx.execute(sql`
    insert into customer_tag_links (studio_id, customer_id, tag_id, created_at)
    select studio_id, ${intoId}, tag_id, created_at from customer_tag_links where studio_id = ${s} and customer_id = ${fromId}
    on conflict do nothing`);
  await tx.delete(customerTagLinks).where(and(eq(customerTagLinks.studioId, s), eq(customerTagLinks.customerId, fromId)));

  await tx.execute(sql`
    delete from customer_field_values sv
    where sv.studio_id = ${s} and sv.customer_id = ${intoId} and ${emptyAnswer('sv')}
      and exists (select 1 from customer_field_values dv where dv.studio_id = ${s} and dv.customer_id = ${fromId} and dv.field_id = sv.field_id)`);
  await tx.execute(sql`
    update customer_field_values dv set customer_id = ${intoId}
    where dv.studio_id = ${s} and dv.customer_id = ${fromId}
      and not exists (select 1 from customer_field_values sv where sv.studio_id = ${s} and sv.customer_id = ${intoId} and sv.field_id = dv.field_id)`);
  await tx.delete(customerFieldValues).where(and(eq(customerFieldValues.studioId, s), eq(customerFieldValues.customerId, fromId)));

  await tx.update(customers).set({ parentId: intoId }).where(and(eq(customers.studioId, s), eq(customers.parentId, fromId)));
  // The survivor referred by its own duplicate would refer itself: that link goes.
  await tx
    .update(customers)
    .set({ referredById: null })
    .where(and(eq(customers.studioId, s), eq(customers.id, intoId), eq(customers.referredById, fromId)));
  await tx.update(customers).set({ referredById: intoId }).where(and(eq(customers.studioId, s), eq(customers.referredById, fromId)));
  await tx.update(customers).set({ mergedIntoId: intoId }).where(and(eq(customers.studioId, s), eq(customers.mergedIntoId, fromId)));
}

export async function hasChildren(tx: Tx, ctx: Ctx, customerId: string): Promise<boolean> {
  const [row] = await tx
    .select({ id: customers.id })
    .from(customers)
    .where(and(eq(customers.studioId, ctx.studioId), eq(customers.parentId, customerId)))
    .limit(1);
  return row !== undefined;
}

export async function hasReferrals(tx: Tx, ctx: Ctx, customerIds: readonly string[]): Promise<boolean> {
  const [row] = await tx
    .select({ id: customers.id })
    .from(customers)
    .where(and(eq(customers.studioId, ctx.studioId), inArray(customers.referredById, [...customerIds])))
    .limit(1);
  return row !== undefined;
}

/** Removes the customers module's rows about the profiles and returns the storage keys of their documents. */
export async function deleteOwnRows(tx: Tx, ctx: Ctx, customerIds: readonly string[]): Promise<string[]> {
  const s = ctx.studioId;
  const ids = [...customerIds];
  await tx.delete(customerNotes).where(and(eq(customerNotes.studioId, s), inArray(customerNotes.customerId, ids)));
  const docs = await tx
    .delete(customerDocuments)
    .where(and(eq(customerDocuments.studioId, s), inArray(customerDocuments.customerId, ids)))
    .returning({ storageKey: customerDocuments.storageKey });
  await tx.delete(customerFieldValues).where(and(eq(customerFieldValues.studioId, s), inArray(customerFieldValues.customerId, ids)));
  await tx.delete(customerTagLinks).where(and(eq(customerTagLinks.studioId, s), inArray(customerTagLinks.customerId, ids)));
  return docs.map((d) => d.storageKey);
}

export async function deleteCustomers(tx: Tx, ctx: Ctx, customerIds: readonly string[]): Promise<void> {
  await tx.delete(customers).where(and(eq(customers.studioId, ctx.studioId), inArray(customers.id, [...customerIds])));
}

export async function updateCustomers(tx: Tx, ctx: Ctx, customerIds: readonly string[], patch: Partial<typeof customers.$inferInsert>) {
  await tx
    .update(customers)
    .set({ ...patch, updatedAt: ctx.clock.now() })
    .where(and(eq(customers.studioId, ctx.studioId), inArray(customers.id, [...customerIds])));
}

// ---- privacy export reads ----

export async function exportTags(tx: Tx, ctx: Ctx, customerId: string) {
  return tx
    .select({ id: customerTags.id, name: customerTags.name, taggedAt: customerTagLinks.createdAt })
    .from(customerTagLinks)
    .innerJoin(customerTags, and(eq(customerTags.studioId, customerTagLinks.studioId), eq(customerTags.id, customerTagLinks.tagId)))
    .where(and(eq(customerTagLinks.studioId, ctx.studioId), eq(customerTagLinks.customerId, customerId)))
    .orderBy(asc(customerTags.nameKey));
}

export async function exportFieldValues(tx: Tx, ctx: Ctx, customerId: string) {
  return tx
    .select({
      fieldId: customerFields.id,
      label: customerFields.label,
      kind: customerFields.kind,
      textValue: customerFieldValues.textValue,
      numberValue: customerFieldValues.numberValue,
      dateValue: customerFieldValues.dateValue,
      boolValue: customerFieldValues.boolValue,
      choiceValues: customerFieldValues.choiceValues,
      updatedAt: customerFieldValues.updatedAt,
    })
    .from(customerFieldValues)
    .innerJoin(customerFields, and(eq(customerFields.studioId, customerFieldValues.studioId), eq(customerFields.id, customerFieldValues.fieldId)))
    .where(and(eq(customerFieldValues.studioId, ctx.studioId), eq(customerFieldValues.customerId, customerId)))
    .orderBy(asc(customerFields.position), asc(customerFields.id));
}

export async function exportNotes(tx: Tx, ctx: Ctx, customerId: string) {
  return tx
    .select({ id: customerNotes.id, body: customerNotes.body, pinned: customerNotes.pinned, createdAt: customerNotes.createdAt, updatedAt: customerNotes.updatedAt })
    .from(customerNotes)
    .where(and(eq(customerNotes.studioId, ctx.studioId), eq(customerNotes.customerId, customerId)))
    .orderBy(asc(customerNotes.createdAt), asc(customerNotes.id));
}

export async function exportDocuments(tx: Tx, ctx: Ctx, customerId: string) {
  return tx
    .select({
      id: customerDocuments.id,
      fileName: customerDocuments.fileName,
      contentType: customerDocuments.contentType,
      sizeBytes: customerDocuments.sizeBytes,
      sha256: customerDocuments.sha256,
      createdAt: customerDocuments.createdAt,
    })
    .from(customerDocuments)
    .where(and(eq(customerDocuments.studioId, ctx.studioId), eq(customerDocuments.customerId, customerId)))
    .orderBy(asc(customerDocuments.createdAt), asc(customerDocuments.id));
}

/** Children and referred customers appear by id and name only: they are other people's data. */
export async function exportRelated(tx: Tx, ctx: Ctx, column: 'parentId' | 'referredById', customerId: string) {
  return tx
    .select({ id: customers.id, firstName: customers.firstName, lastName: customers.lastName, createdAt: customers.createdAt })
    .from(customers)
    .where(and(eq(customers.studioId, ctx.studioId), eq(customers[column], customerId)))
    .orderBy(asc(customers.createdAt), asc(customers.id));
}

export async function exportEvents(tx: Tx, ctx: Ctx, subjectIds: readonly string[]) {
  return tx
    .select({ id: events.id, type: events.type, occurredAt: events.occurredAt, actorKind: events.actorKind, payload: events.payload })
    .from(events)
    .where(and(eq(events.studioId, ctx.studioId), inArray(events.subjectId, [...subjectIds]), isNotNull(events.subjectId)))
    .orderBy(desc(events.occurredAt), desc(events.id));
}
