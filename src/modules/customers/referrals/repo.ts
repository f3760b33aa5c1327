import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { Ctx } from '../../../kernel/ctx.ts';
import type { Tx } from '../../../platform/db/client.ts';
import { isUniqueViolation } from '../../../platform/db/tx.ts';
import { customerReferralSettings, customers } from '../schema.ts';

export type ReferralSettingsRow = typeof customerReferralSettings.$inferSelect;
export type CustomerRow = typeof customers.$inferSelect;

export async function findSettings(tx: Tx, ctx: Ctx): Promise<ReferralSettingsRow | undefined> {
  const [row] = await tx.select().from(customerReferralSettings).where(eq(customerReferralSettings.studioId, ctx.studioId));
  return row;
}

export async function saveSettings(
  tx: Tx,
  ctx: Ctx,
  values: Pick<ReferralSettingsRow, 'enabled' | 'referrerRewardMinor' | 'refereeRewardMinor' | 'rewardOn'>,
): Promise<ReferralSettingsRow> {
  const updatedAt = ctx.clock.now();
  const [row] = await tx
    .insert(customerReferralSettings)
    .values({ studioId: ctx.studioId, ...values, updatedAt })
    .onConflictDoUpdate({ target: customerReferralSettings.studioId, set: { ...values, updatedAt } })
    .returning();
  return row!;
}

/** The customer whose referral code this is (codes are stored normalised, upper case). */
export async function findByReferralCode(tx: Tx, ctx: Ctx, code: string): Promise<CustomerRow | undefined> {
  const [row] = await tx
    .select()
    .from(customers)
    .where(and(eq(customers.studioId, ctx.studioId), eq(customers.referralCode, code)));
  return row;
}

/**
 * Gives the customer `code` unless they already have one. Returns 'set', 'kept' (someone else
 * gave them a code first) or 'taken' (another customer of the studio has this code). The
 * update runs in a savepoint so that a collision leaves the caller's transaction usable.
 */
export async function assignReferralCode(tx: Tx, ctx: Ctx, id: string, code: string): Promise<'set' | 'kept' | 'taken'> {
  try {
    return await tx.transaction(async (sp) => {
      const updated = await sp
        .update(customers)
        .set({ referralCode: code })
        .where(and(eq(customers.studioId, ctx.studioId), eq(customers.id, id), isNull(customers.referralCode)))
        .returning({ id: customers.id });
      return updated.length > 0 ? 'set' : 'kept';
    });
  } catch (err) {
    if (isUniqueViolation(err)) return 'taken';
    throw err;
  }
}

/** The customers `referrerId` referred, oldest first. */
export async function listReferred(tx: Tx, ctx: Ctx, referrerId: string, limit: number): Promise<CustomerRow[]> {
  return tx
    .select()
    .from(customers)
    .where(and(eq(customers.studioId, ctx.studioId), eq(customers.referredById, referrerId)))
    .orderBy(asc(customers.createdAt), asc(customers.id))
    .limit(limit);
}

export async function countReferred(tx: Tx, ctx: Ctx, referrerId: string): Promise<number> {
  const [row] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(customers)
    .where(and(eq(customers.studioId, ctx.studioId), eq(customers.referredById, referrerId)));
  return Number(row?.n ?? 0);
}

export async function setReferredBy(tx: Tx, ctx: Ctx, id: string, referrerId: string | null): Promise<void> {
  await tx
    .update(customers)
    .set({ referredById: referrerId, updatedAt: ctx.clock.now() })
    .where(and(eq(customers.studioId, ctx.studioId), eq(customers.id, id)));
}
