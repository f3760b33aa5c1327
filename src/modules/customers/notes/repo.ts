import { and, desc, eq, sql } from 'drizzle-orm';
import type { Ctx } from '../../../kernel/ctx.ts';
import type { Tx } from '../../../platform/db/client.ts';
// Read model (customers README): a note shows its author by the name on their login.
import { users } from '../../identity/schema.ts';
import { customerNotes } from '../schema.ts';

export type NoteRow = typeof customerNotes.$inferSelect;
export type NewNoteRow = typeof customerNotes.$inferInsert;
export type NoteWithAuthor = NoteRow & { authorName: string | null };

/** Where a page resumes: strictly after this (pinned, created_at, id) in list order. */
export interface NoteKey {
  pinned: boolean;
  createdAt: Date;
  id: string;
}

const byId = (ctx: Ctx, customerId: string, id: string) =>
  and(eq(customerNotes.studioId, ctx.studioId), eq(customerNotes.customerId, customerId), eq(customerNotes.id, id));

const authorName = sql<string | null>`coalesce(nullif(trim(${users.firstName} || ' ' || ${users.lastName}), ''), ${users.email})`;

/** A customer's notes: pinned first, then newest first. */
export async function listNotes(tx: Tx, ctx: Ctx, customerId: string, after: NoteKey | null, limit: number): Promise<NoteWithAuthor[]> {
  // (pinned, created_at, id) descending: "after" the cursor means a smaller tuple.
  const rows = await tx
    .select({ note: customerNotes, authorName })
    .from(customerNotes)
    .leftJoin(users, and(eq(users.studioId, customerNotes.studioId), eq(users.id, customerNotes.authorId)))
    .where(
      and(
        eq(customerNotes.studioId, ctx.studioId),
        eq(customerNotes.customerId, customerId),
        after
          ? sql`(${customerNotes.pinned}, ${customerNotes.createdAt}, ${customerNotes.id}) < (${after.pinned}, ${after.createdAt.toISOString()}::timestamptz, ${after.id})`
          : undefined,
      ),
    )
    .orderBy(desc(customerNotes.pinned), desc(customerNotes.createdAt), desc(customerNotes.id))
    .limit(limit);
  return rows.map((r) => ({ ...r.note, authorName: r.authorName }));
}

export async function findNote(tx: Tx, ctx: Ctx, customerId: string, id: string): Promise<NoteWithAuthor | undefined> {
  const [row] = await tx
    .select({ note: customerNotes, authorName })
    .from(customerNotes)
    .leftJoin(users, and(eq(users.studioId, customerNotes.studioId), eq(users.id, customerNotes.authorId)))
    .where(byId(ctx, customerId, id));
  return row ? { ...row.note, authorName: row.authorName } : undefined;
}

export async function insertNote(tx: Tx, row: NewNoteRow): Promise<void> {
  await tx.insert(customerNotes).values(row);
}

export async function updateNote(tx: Tx, ctx: Ctx, customerId: string, id: string, patch: Partial<NewNoteRow>): Promise<void> {
  await tx
    .update(customerNotes)
    .set({ ...patch, updatedAt: ctx.clock.now() })
    .where(byId(ctx, customerId, id));
}

export async function deleteNote(tx: Tx, ctx: Ctx, customerId: string, id: string): Promise<boolean> {
  const rows = await tx.delete(customerNotes).where(byId(ctx, customerId, id)).returning({ id: customerNotes.id });
  return rows.length > 0;
}
