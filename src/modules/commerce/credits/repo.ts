import { and, desc, eq, lt, or, sql } from 'drizzle-orm';
import type { Ctx } from '../../../kernel/ctx.ts';
import type { Tx } from '../../../platform/db/client.ts';
import { creditBalances, creditLedger } from './schema.ts';

export type CreditEntryRow = typeof creditLedger.$inferSelect;

export async function balanceOf(tx: Tx, ctx: Ctx, customerId: string): Promise<number> {
  const [row] = await tx
    .select({ balanceMinor: creditBalances.balanceMinor })
    .from(creditBalances)
    .where(and(eq(creditBalances.studioId, ctx.studioId), eq(creditBalances.customerId, customerId)));
  return row?.balanceMinor ?? 0;
}

/** Adds to the cached balance (creating the row): a credit can always be taken. */
export async function addToBalance(tx: Tx, ctx: Ctx, customerId: string, amountMinor: number): Promise<number> {
  const [row] = await tx
    .insert(creditBalances)
    .values({ studioId: ctx.studioId, customerId, balanceMinor: amountMinor, updatedAt: ctx.clock.now() })
    .onConflictDoUpdate({
      target: [creditBalances.studioId, creditBalances.customerId],
      set: { balanceMinor: sql`${creditBalances.balanceMinor} + ${amountMinor}`, updatedAt: ctx.clock.now() },
    })
    .returning({ balanceMinor: creditBalances.balanceMinor });
  return row!.balanceMinor;
}

/**
 * Takes from the cached balance only if it stays >= 0, in one guarded UPDATE: concurrent debits
 * queue on the row lock and each re-checks the guard on the row as the previous one left it,
 * so exactly the affordable ones pass. Null when the balance is too low (or there is none).
 */
export async function takeFromBalance(tx: Tx, ctx: Ctx, customerId: string, amountMinor: number): Promise<number | null> {
  const [row] = await tx
    .update(creditBalances)
    .set({ balanceMinor: sql`${creditBalances.balanceMinor} - ${amountMinor}`, updatedAt: ctx.clock.now() })
    .where(
      and(
        eq(creditBalances.studioId, ctx.studioId),
        eq(creditBalances.customerId, customerId),
        sql`${creditBalances.balanceMinor} >= ${amountMinor}`,
      ),
    )
    .returning({ balanceMinor: creditBalances.balanceMinor });
  return row ? row.balanceMinor : null;
}

export async function insertEntry(tx: Tx, row: typeof creditLedger.$inferInsert): Promise<CreditEntryRow> {
  const [inserted] = await tx.insert(creditLedger).values(row).returning();
  return inserted!;
}

/** Newest first; the cursor is the last row's `createdAt|id`. */
export async function listEntries(tx: Tx, ctx: Ctx, customerId: string, page: { cursor?: { at: Date; id: string } | undefined; limit: number }) {
  const cursor = page.cursor;
  return tx
    .select()
    .from(creditLedger)
    .where(
      and(
        eq(creditLedger.studioId, ctx.studioId),
        eq(creditLedger.customerId, customerId),
        cursor ? or(lt(creditLedger.createdAt, cursor.at), and(eq(creditLedger.createdAt, cursor.at), lt(creditLedger.id, cursor.id))) : undefined,
      ),
    )
    .orderBy(desc(creditLedger.createdAt), desc(creditLedger.id))
    .limit(page.limit + 1);
}
