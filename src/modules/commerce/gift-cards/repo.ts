import { and, desc, eq, gte, ilike, lt, or, sql } from 'drizzle-orm';
import type { Ctx } from '../../../kernel/ctx.ts';
import type { Tx } from '../../../platform/db/client.ts';
import { customers } from '../../customers/schema.ts';
import { giftCardLedger, giftCardLookupFailures, giftCards, giftCardSettings } from './schema.ts';

export type GiftCardRow = typeof giftCards.$inferSelect & { customerName: string | null };
export type GiftCardEntryRow = typeof giftCardLedger.$inferSelect;
export type GiftCardSettingsRow = typeof giftCardSettings.$inferSelect;

const customerName = sql<string | null>`(
  select trim(c.first_name || ' ' || c.last_name) from customers c
  where c.studio_id = ${giftCards.studioId} and c.id = ${giftCards.customerId}
)`;

const columns = () => ({ ...giftCardColumns(), customerName });

function giftCardColumns() {
  const t = giftCards;
  return {
    studioId: t.studioId, id: t.id, code: t.code, initialAmountMinor: t.initialAmountMinor, balanceMinor: t.balanceMinor, source: t.source,
    customerId: t.customerId, purchaserCustomerId: t.purchaserCustomerId, recipientName: t.recipientName, recipientEmail: t.recipientEmail,
    message: t.message, orderId: t.orderId, orderLineId: t.orderLineId, expiresAt: t.expiresAt, issuedBy: t.issuedBy, createdAt: t.createdAt,
    updatedAt: t.updatedAt,
  };
}

export async function findById(tx: Tx, ctx: Ctx, id: string): Promise<GiftCardRow | undefined> {
  const [row] = await tx.select(columns()).from(giftCards).where(and(eq(giftCards.studioId, ctx.studioId), eq(giftCards.id, id)));
  return row;
}

/** Exact match on the normalised code through the unique index. */
export async function findByCode(tx: Tx, ctx: Ctx, code: string): Promise<GiftCardRow | undefined> {
  const [row] = await tx.select(columns()).from(giftCards).where(and(eq(giftCards.studioId, ctx.studioId), eq(giftCards.code, code)));
  return row;
}

export async function findByOrderLine(tx: Tx, ctx: Ctx, orderLineId: string): Promise<GiftCardRow | undefined> {
  const [row] = await tx.select(columns()).from(giftCards).where(and(eq(giftCards.studioId, ctx.studioId), eq(giftCards.orderLineId, orderLineId)));
  return row;
}

export async function listCards(tx: Tx, ctx: Ctx, q: { q?: string | undefined; customerId?: string | undefined; cursor?: { at: Date; id: string } | undefined; limit: number }) {
  const search = q.q?.replace(/[\\%_]/g, (c) => `\\${c}`);
  const codeTail = q.q?.toUpperCase().replace(/[\s-]/g, '');
  return tx
    .select(columns())
    .from(giftCards)
    .where(
      and(
        eq(giftCards.studioId, ctx.studioId),
        q.customerId ? or(eq(giftCards.customerId, q.customerId), eq(giftCards.purchaserCustomerId, q.customerId)) : undefined,
        search
          ? or(
              codeTail && codeTail.length >= 4 ? sql`${giftCards.code} like ${'%' + codeTail}` : undefined,
              ilike(giftCards.recipientName, `%${search}%`),
              ilike(giftCards.recipientEmail, `%${search}%`),
              sql`exists (select 1 from ${customers} c where c.studio_id = ${giftCards.studioId} and c.id = ${giftCards.customerId}
                and (c.first_name || ' ' || c.last_name) ilike ${'%' + search + '%'})`,
            )
          : undefined,
        q.cursor ? or(lt(giftCards.createdAt, q.cursor.at), and(eq(giftCards.createdAt, q.cursor.at), lt(giftCards.id, q.cursor.id))) : undefined,
      ),
    )
    .orderBy(desc(giftCards.createdAt), desc(giftCards.id))
    .limit(q.limit + 1);
}

export async function insertCard(tx: Tx, row: typeof giftCards.$inferInsert) {
  await tx.insert(giftCards).values(row);
}

/**
 * Moves a card's cached balance by `delta` in one guarded UPDATE; a decrease passes only while
 * the balance covers it (concurrent spends queue on the row lock and re-check the guard) and,
 * when `activeAt` is given, only while the card has not expired. Null when it did not pass.
 */
export async function moveBalance(tx: Tx, ctx: Ctx, id: string, delta: number, activeAt?: Date): Promise<number | null> {
  const [row] = await tx
    .update(giftCards)
    .set({ balanceMinor: sql`${giftCards.balanceMinor} + ${delta}`, updatedAt: ctx.clock.now() })
    .where(
      and(
        eq(giftCards.studioId, ctx.studioId),
        eq(giftCards.id, id),
        sql`${giftCards.balanceMinor} + ${delta} >= 0`,
        activeAt ? sql`(${giftCards.expiresAt} is null or ${giftCards.expiresAt} > ${activeAt.toISOString()}::timestamptz)` : undefined,
      ),
    )
    .returning({ balanceMinor: giftCards.balanceMinor });
  return row ? row.balanceMinor : null;
}

/** A card without a holder becomes the customer's (when its balance moves to their credit). */
export async function claimForCustomer(tx: Tx, ctx: Ctx, id: string, customerId: string) {
  await tx
    .update(giftCards)
    .set({ customerId: sql`coalesce(${giftCards.customerId}, ${customerId})`, updatedAt: ctx.clock.now() })
    .where(and(eq(giftCards.studioId, ctx.studioId), eq(giftCards.id, id)));
}

export async function insertEntry(tx: Tx, row: typeof giftCardLedger.$inferInsert): Promise<GiftCardEntryRow> {
  const [inserted] = await tx.insert(giftCardLedger).values(row).returning();
  return inserted!;
}

export async function listEntries(tx: Tx, ctx: Ctx, giftCardId: string): Promise<GiftCardEntryRow[]> {
  return tx
    .select()
    .from(giftCardLedger)
    .where(and(eq(giftCardLedger.studioId, ctx.studioId), eq(giftCardLedger.giftCardId, giftCardId)))
    .orderBy(desc(giftCardLedger.createdAt), desc(giftCardLedger.id))
    .limit(500);
}

export async function findSettings(tx: Tx, ctx: Ctx): Promise<GiftCardSettingsRow | undefined> {
  const [row] = await tx.select().from(giftCardSettings).where(eq(giftCardSettings.studioId, ctx.studioId));
  return row;
}

export async function upsertSettings(tx: Tx, ctx: Ctx, values: { minAmountMinor: number; maxAmountMinor: number; validityMonths: number | null }) {
  await tx
    .insert(giftCardSettings)
    .values({ studioId: ctx.studioId, ...values, updatedAt: ctx.clock.now() })
    .onConflictDoUpdate({ target: giftCardSettings.studioId, set: { ...values, updatedAt: ctx.clock.now() } });
}

export async function countRecentFailures(tx: Tx, ctx: Ctx, actorKey: string, since: Date): Promise<number> {
  const [row] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(giftCardLookupFailures)
    .where(and(eq(giftCardLookupFailures.studioId, ctx.studioId), eq(giftCardLookupFailures.actorKey, actorKey), gte(giftCardLookupFailures.createdAt, since)));
  return row?.n ?? 0;
}

/** Records a miss and forgets the caller's misses older than the window, so the table stays small. */
export async function insertFailure(tx: Tx, row: typeof giftCardLookupFailures.$inferInsert & { createdAt: Date }, since: Date) {
  await tx
    .delete(giftCardLookupFailures)
    .where(and(eq(giftCardLookupFailures.studioId, row.studioId), eq(giftCardLookupFailures.actorKey, row.actorKey), lt(giftCardLookupFailures.createdAt, since)));
  await tx.insert(giftCardLookupFailures).values(row);
}
