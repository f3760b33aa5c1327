import { and, desc, eq, sql } from 'drizzle-orm';
import type { Ctx } from '../../../kernel/ctx.ts';
import type { Tx } from '../../../platform/db/client.ts';
// Read model (customers README): the uploader's name comes from their login.
import { users } from '../../identity/schema.ts';
import { customerDocuments } from '../schema.ts';

export type DocumentRow = typeof customerDocuments.$inferSelect;
export type NewDocumentRow = typeof customerDocuments.$inferInsert;
export type DocumentWithUploader = DocumentRow & { uploadedByName: string | null };

const uploaderName = sql<string | null>`coalesce(nullif(trim(${users.firstName} || ' ' || ${users.lastName}), ''), ${users.email})`;

function selectWithUploader(tx: Tx) {
  return tx
    .select({ doc: customerDocuments, uploadedByName: uploaderName })
    .from(customerDocuments)
    .leftJoin(users, and(eq(users.studioId, customerDocuments.studioId), eq(users.id, customerDocuments.uploadedBy)));
}

export async function insertDocument(tx: Tx, row: NewDocumentRow): Promise<void> {
  await tx.insert(customerDocuments).values(row);
}

/** The customer's documents, newest first. */
export async function listDocuments(tx: Tx, ctx: Ctx, customerId: string): Promise<DocumentWithUploader[]> {
  const rows = await selectWithUploader(tx)
    .where(and(eq(customerDocuments.studioId, ctx.studioId), eq(customerDocuments.customerId, customerId)))
    .orderBy(desc(customerDocuments.createdAt), desc(customerDocuments.id));
  return rows.map((r) => ({ ...r.doc, uploadedByName: r.uploadedByName }));
}

export async function findDocument(tx: Tx, ctx: Ctx, customerId: string, id: string): Promise<DocumentWithUploader | undefined> {
  const [row] = await selectWithUploader(tx).where(
    and(eq(customerDocuments.studioId, ctx.studioId), eq(customerDocuments.customerId, customerId), eq(customerDocuments.id, id)),
  );
  return row ? { ...row.doc, uploadedByName: row.uploadedByName } : undefined;
}

export async function deleteDocument(tx: Tx, ctx: Ctx, id: string): Promise<void> {
  await tx.delete(customerDocuments).where(and(eq(customerDocuments.studioId, ctx.studioId), eq(customerDocuments.id, id)));
}
