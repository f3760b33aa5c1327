import { and, asc, desc, eq, inArray, ne, sql, or, isNotNull } from 'drizzle-orm';
import type { Ctx } from '../../kernel/ctx.ts';
import { newId } from '../../kernel/ids.ts';
import type { Tx } from '../../platform/db/client.ts';
import { type chargeAttempts, creditLedger, freezes, instalments, memberships, plans, type renewals } from './schema.ts';

export type MembershipRow = typeof memberships.$inferSelect;
export type NewMembership = Omit<typeof memberships.$inferInsert, 'studioId' | 'id'>;
export type FreezeRow = typeof freezes.$inferSelect;
export type CreditRow = typeof creditLedger.$inferSelect;
export type InstalmentRow = typeof instalments.$inferSelect;
export type RenewalRow = typeof renewals.$inferSelect;
export type AttemptRow = typeof chargeAttempts.$inferSelect;
export type MembershipWithPlan = MembershipRow & {
  planName: string;
  customerCanFreeze: boolean;
  customerCanCancel: boolean;
  usableTemplateIds: string[];
  usableLocationIds: string[];
  shareableWithChildren: boolean;
  taxRateBp: number;
  intervalCount: number | null;
  intervalUnit: string | null;
};

const withPlanColumns = {
  planName: plans.name,
  customerCanFreeze: plans.customerCanFreeze,
  customerCanCancel: plans.customerCanCancel,
  usableTemplateIds: plans.usableTemplateIds,
  usableLocationIds: plans.usableLocationIds,
  shareableWithChildren: plans.shareableWithChildren,
  taxRateBp: plans.taxRateBp,
  intervalCount: plans.intervalCount,
  intervalUnit: plans.intervalUnit,
};

function selectWithPlan(tx: Tx) {
  return tx
    .select({ m: memberships, p: withPlanColumns })
    .from(memberships)
    .innerJoin(plans, and(eq(plans.studioId, memberships.studioId), eq(plans.id, memberships.planId)));
}

const flatten = (r: { m: MembershipRow; p: Omit<MembershipWithPlan, keyof MembershipRow> }): MembershipWithPlan => ({ ...r.m, ...r.p });

export async function findMembership(tx: Tx, ctx: Ctx, id: string, options: { lock?: boolean } = {}): Promise<MembershipWithPlan | undefined> {
  const query = selectWithPlan(tx).where(and(eq(memberships.studioId, ctx.studioId), eq(memberships.id, id)));
  const [row] = options.lock ? await query.for('update', { of: memberships }) : await query;
  return row ? flatten(row) : undefined;
}

export async function listForCustomers(tx: Tx, ctx: Ctx, customerIds: readonly string[]): Promise<MembershipWithPlan[]> {
  if (customerIds.length === 0) return [];
  const rows = await selectWithPlan(tx)
    .where(and(eq(memberships.studioId, ctx.studioId), inArray(memberships.customerId, [...customerIds]), ne(memberships.status, 'pending')))
    .orderBy(desc(memberships.createdAt), desc(memberships.id));
  return rows.map(flatten);
}

/** Active memberships that do not renew and whose current period ends (exclusive) on `periodEnd`. */
export async function listEndingOn(tx: Tx, ctx: Ctx, periodEnd: string): Promise<MembershipWithPlan[]> {
  const rows = await selectWithPlan(tx).where(
    and(
      eq(memberships.studioId, ctx.studioId),
      eq(memberships.periodEnd, periodEnd),
      eq(memberships.status, 'active'),
      or(eq(memberships.autoRenew, false), isNotNull(memberships.renewalCancelledAt)),
    ),
  );
  return rows.map(flatten);
}

export async function insertMembership(tx: Tx, ctx: Ctx, values: NewMembership): Promise<MembershipRow> {
  const [row] = await tx
    .insert(memberships)
    .values({ ...values, studioId: ctx.studioId, id: newId('membership') })
    .returning();
  return row!;
}

export async function updateMembership(tx: Tx, ctx: Ctx, id: string, values: Partial<NewMembership>): Promise<MembershipRow> {
  const [row] = await tx
    .update(memberships)
    .set({ ...values, version: sql`${memberships.version} + 1`, updatedAt: ctx.clock.now() })
    .where(and(eq(memberships.studioId, ctx.studioId), eq(memberships.id, id)))
    .returning();
  return row!;
}

export async function hadIntroOffer(tx: Tx, ctx: Ctx, customerId: string, exceptId: string | null): Promise<boolean> {
  const rows = await tx
    .select({ id: memberships.id })
    .from(memberships)
    .where(and(eq(memberships.studioId, ctx.studioId), eq(memberships.customerId, customerId), eq(memberships.introOffer, true), ne(memberships.status, 'pending')));
  return rows.some((r) => r.id !== exceptId);
}

// ---------------------------------------------------------------- credits

/**
 * The guarded spend: one credit off only while one is left and the membership is active. Under
 * concurrency PostgreSQL re-checks the WHERE on the row's newest version after a lock wait, so
 * N spenders of a K-credit pack get exactly min(N, K) rows back. Null: nothing was spent.
 */
export async function spendCredit(tx: Tx, ctx: Ctx, id: string): Promise<number | null> {
  const [row] = await tx
    .update(memberships)
    .set({ creditsRemaining: sql`${memberships.creditsRemaining} - 1`, version: sql`${memberships.version} + 1`, updatedAt: ctx.clock.now() })
    .where(and(eq(memberships.studioId, ctx.studioId), eq(memberships.id, id), eq(memberships.status, 'active'), sql`${memberships.creditsRemaining} >= 1`))
    .returning({ creditsRemaining: memberships.creditsRemaining });
  return row ? row.creditsRemaining : null;
}

/** Adds (or removes, when the check allows) credits; returns the new balance, null when it would go below zero. */
export async function addCredits(tx: Tx, ctx: Ctx, id: string, delta: number): Promise<number | null> {
  const [row] = await tx
    .update(memberships)
    .set({ creditsRemaining: sql`${memberships.creditsRemaining} + ${delta}`, version: sql`${memberships.version} + 1`, updatedAt: ctx.clock.now() })
    .where(and(eq(memberships.studioId, ctx.studioId), eq(memberships.id, id), sql`${memberships.creditsRemaining} is not null`, sql`${memberships.creditsRemaining} + ${delta} >= 0`))
    .returning({ creditsRemaining: memberships.creditsRemaining });
  return row ? row.creditsRemaining : null;
}

export async function insertCreditEntry(tx: Tx, ctx: Ctx, values: Omit<typeof creditLedger.$inferInsert, 'studioId' | 'id'>): Promise<CreditRow> {
  const [row] = await tx
    .insert(creditLedger)
    .values({ ...values, studioId: ctx.studioId, id: newId('creditEntry') })
    .returning();
  return row!;
}

export async function findBookingEntry(tx: Tx, ctx: Ctx, membershipId: string, bookingId: string, reason: 'booking' | 'booking_returned'): Promise<CreditRow | undefined> {
  const [row] = await tx
    .select()
    .from(creditLedger)
    .where(and(eq(creditLedger.studioId, ctx.studioId), eq(creditLedger.membershipId, membershipId), eq(creditLedger.bookingId, bookingId), eq(creditLedger.reason, reason)));
  return row;
}

export async function listCredits(tx: Tx, ctx: Ctx, membershipId: string): Promise<CreditRow[]> {
  return tx
    .select()
    .from(creditLedger)
    .where(and(eq(creditLedger.studioId, ctx.studioId), eq(creditLedger.membershipId, membershipId)))
    .orderBy(desc(creditLedger.createdAt), desc(creditLedger.id));
}

export async function countBookings(tx: Tx, ctx: Ctx, membershipId: string): Promise<number> {
  const rows = await tx
    .select({ id: creditLedger.id })
    .from(creditLedger)
    .where(and(eq(creditLedger.studioId, ctx.studioId), eq(creditLedger.membershipId, membershipId), eq(creditLedger.reason, 'booking')));
  return rows.length;
}

// ---------------------------------------------------------------- freezes

export async function listFreezes(tx: Tx, ctx: Ctx, membershipIds: readonly string[]): Promise<FreezeRow[]> {
  if (membershipIds.length === 0) return [];
  return tx
    .select()
    .from(freezes)
    .where(and(eq(freezes.studioId, ctx.studioId), inArray(freezes.membershipId, [...membershipIds])))
    .orderBy(asc(freezes.startsAt));
}

export async function openFreeze(tx: Tx, ctx: Ctx, membershipId: string): Promise<FreezeRow | undefined> {
  const [row] = await tx
    .select()
    .from(freezes)
    .where(and(eq(freezes.studioId, ctx.studioId), eq(freezes.membershipId, membershipId), inArray(freezes.status, ['scheduled', 'active'])))
    .for('update');
  return row;
}

export async function insertFreeze(tx: Tx, ctx: Ctx, values: Omit<typeof freezes.$inferInsert, 'studioId' | 'id'>): Promise<FreezeRow> {
  const [row] = await tx
    .insert(freezes)
    .values({ ...values, studioId: ctx.studioId, id: newId('membershipFreeze') })
    .returning();
  return row!;
}

export async function updateFreeze(tx: Tx, ctx: Ctx, id: string, values: Partial<typeof freezes.$inferInsert>): Promise<FreezeRow> {
  const [row] = await tx
    .update(freezes)
    .set({ ...values, updatedAt: ctx.clock.now() })
    .where(and(eq(freezes.studioId, ctx.studioId), eq(freezes.id, id)))
    .returning();
  return row!;
}

// ---------------------------------------------------------------- instalments

export async function listInstalments(tx: Tx, ctx: Ctx, membershipIds: readonly string[]): Promise<InstalmentRow[]> {
  if (membershipIds.length === 0) return [];
  return tx
    .select()
    .from(instalments)
    .where(and(eq(instalments.studioId, ctx.studioId), inArray(instalments.membershipId, [...membershipIds])))
    .orderBy(asc(instalments.membershipId), asc(instalments.seq));
}

export async function insertInstalments(tx: Tx, ctx: Ctx, rows: readonly Omit<typeof instalments.$inferInsert, 'studioId' | 'id'>[]): Promise<void> {
  if (rows.length === 0) return;
  await tx.insert(instalments).values(rows.map((r) => ({ ...r, studioId: ctx.studioId, id: newId('instalment') })));
}

export async function findInstalment(tx: Tx, ctx: Ctx, id: string, options: { lock?: boolean } = {}): Promise<InstalmentRow | undefined> {
  const query = tx.select().from(instalments).where(and(eq(instalments.studioId, ctx.studioId), eq(instalments.id, id)));
  const [row] = options.lock ? await query.for('update') : await query;
  return row;
}

export async function updateInstalment(tx: Tx, ctx: Ctx, id: string, values: Partial<typeof instalments.$inferInsert>): Promise<void> {
  await tx
    .update(instalments)
    .set({ ...values, updatedAt: ctx.clock.now() })
    .where(and(eq(instalments.studioId, ctx.studioId), eq(instalments.id, id)));
}

export async function deleteUnpaidInstalments(tx: Tx, ctx: Ctx, membershipId: string): Promise<void> {
  await tx
    .update(instalments)
    .set({ status: 'cancelled', updatedAt: ctx.clock.now() })
    .where(and(eq(instalments.studioId, ctx.studioId), eq(instalments.membershipId, membershipId), inArray(instalments.status, ['pending', 'failed'])));
}

export async function findByOrder(tx: Tx, ctx: Ctx, orderId: string): Promise<MembershipRow | undefined> {
  const [row] = await tx.select().from(memberships).where(and(eq(memberships.studioId, ctx.studioId), eq(memberships.orderId, orderId)));
  return row;
}
