import { and, asc, desc, eq, inArray, lte, sql } from 'drizzle-orm';
import type { Ctx } from '../../../kernel/ctx.ts';
import { newId } from '../../../kernel/ids.ts';
import type { Tx } from '../../../platform/db/client.ts';
import { chargeAttempts, freezes, instalments, memberships, plans, renewals } from '../schema.ts';
import type { AttemptRow, RenewalRow } from '../repo.ts';

export async function findRenewal(tx: Tx, ctx: Ctx, id: string, options: { lock?: boolean } = {}): Promise<RenewalRow | undefined> {
  const query = tx.select().from(renewals).where(and(eq(renewals.studioId, ctx.studioId), eq(renewals.id, id)));
  const [row] = options.lock ? await query.for('update') : await query;
  return row;
}

export async function findRenewalFor(tx: Tx, ctx: Ctx, membershipId: string, periodStart: string, options: { lock?: boolean } = {}): Promise<RenewalRow | undefined> {
  const query = tx
    .select()
    .from(renewals)
    .where(and(eq(renewals.studioId, ctx.studioId), eq(renewals.membershipId, membershipId), eq(renewals.periodStart, periodStart)));
  const [row] = options.lock ? await query.for('update') : await query;
  return row;
}

/** The renewal of (membership, period), made at most once: the unique key turns a second insert into a no-op. */
export async function ensureRenewal(tx: Tx, ctx: Ctx, values: Omit<typeof renewals.$inferInsert, 'studioId' | 'id'>): Promise<RenewalRow> {
  await tx
    .insert(renewals)
    .values({ ...values, studioId: ctx.studioId, id: newId('renewal') })
    .onConflictDoNothing({ target: [renewals.studioId, renewals.membershipId, renewals.periodStart] });
  return (await findRenewalFor(tx, ctx, values.membershipId, values.periodStart, { lock: true }))!;
}

export async function updateRenewal(tx: Tx, ctx: Ctx, id: string, values: Partial<typeof renewals.$inferInsert>): Promise<RenewalRow> {
  const [row] = await tx
    .update(renewals)
    .set({ ...values, updatedAt: ctx.clock.now() })
    .where(and(eq(renewals.studioId, ctx.studioId), eq(renewals.id, id)))
    .returning();
  return row!;
}

export async function listRenewalsOf(tx: Tx, ctx: Ctx, membershipIds: readonly string[]): Promise<RenewalRow[]> {
  if (membershipIds.length === 0) return [];
  return tx
    .select()
    .from(renewals)
    .where(and(eq(renewals.studioId, ctx.studioId), inArray(renewals.membershipId, [...membershipIds])))
    .orderBy(desc(renewals.periodStart));
}

export async function insertAttempt(tx: Tx, ctx: Ctx, values: Omit<typeof chargeAttempts.$inferInsert, 'studioId' | 'id'>): Promise<AttemptRow> {
  const [row] = await tx
    .insert(chargeAttempts)
    .values({ ...values, studioId: ctx.studioId, id: newId('renewal') })
    .returning();
  return row!;
}

export async function findAttempt(tx: Tx, ctx: Ctx, idempotencyKey: string): Promise<AttemptRow | undefined> {
  const [row] = await tx
    .select()
    .from(chargeAttempts)
    .where(and(eq(chargeAttempts.studioId, ctx.studioId), eq(chargeAttempts.idempotencyKey, idempotencyKey)));
  return row;
}

export async function finishAttempt(tx: Tx, ctx: Ctx, id: string, values: { status: string; orderId: string | null; failureMessage: string | null }): Promise<void> {
  await tx
    .update(chargeAttempts)
    .set({ ...values, finishedAt: ctx.clock.now() })
    .where(and(eq(chargeAttempts.studioId, ctx.studioId), eq(chargeAttempts.id, id)));
}

export async function listAttemptsOf(tx: Tx, ctx: Ctx, membershipIds: readonly string[]): Promise<AttemptRow[]> {
  if (membershipIds.length === 0) return [];
  return tx
    .select()
    .from(chargeAttempts)
    .where(and(eq(chargeAttempts.studioId, ctx.studioId), inArray(chargeAttempts.membershipId, [...membershipIds])))
    .orderBy(asc(chargeAttempts.startedAt), asc(chargeAttempts.attempt));
}

// ---------------------------------------------------------------- what the jobs look for

/** Studios with memberships the maintenance run may have to touch (system tx). */
export async function studiosWithLiveMemberships(tx: Tx): Promise<string[]> {
  const rows = await tx
    .selectDistinct({ studioId: memberships.studioId })
    .from(memberships)
    .where(inArray(memberships.status, ['active', 'frozen', 'past_due']));
  return rows.map((r) => r.studioId);
}

/**
 * Live memberships whose period ends by `until` (a date a day past any zone's today, so the
 * caller then compares with each membership's own local today).
 */
export async function endingBy(tx: Tx, ctx: Ctx, until: string) {
  return tx
    .select({
      id: memberships.id,
      kind: memberships.kind,
      status: memberships.status,
      timeZone: memberships.timeZone,
      periodEnd: memberships.periodEnd,
      autoRenew: memberships.autoRenew,
      renewalCancelledAt: memberships.renewalCancelledAt,
    })
    .from(memberships)
    .where(and(eq(memberships.studioId, ctx.studioId), inArray(memberships.status, ['active', 'past_due']), lte(memberships.periodEnd, until)));
}

export async function failedRenewalsDue(tx: Tx, ctx: Ctx, now: Date) {
  return tx
    .select({ id: renewals.id, membershipId: renewals.membershipId, periodStart: renewals.periodStart, attempts: renewals.attempts })
    .from(renewals)
    .where(and(eq(renewals.studioId, ctx.studioId), eq(renewals.status, 'failed'), lte(renewals.nextAttemptAt, now)));
}

export async function freezesDue(tx: Tx, ctx: Ctx, now: Date) {
  return tx
    .select()
    .from(freezes)
    .where(
      and(
        eq(freezes.studioId, ctx.studioId),
        sql`((${freezes.status} = 'scheduled' and ${freezes.startsAt} <= ${now.toISOString()}::timestamptz) or (${freezes.status} = 'active' and ${freezes.endsAt} <= ${now.toISOString()}::timestamptz))`,
      ),
    )
    .orderBy(asc(freezes.startsAt));
}

export async function instalmentsDue(tx: Tx, ctx: Ctx, until: string) {
  return tx
    .select({ id: instalments.id, membershipId: instalments.membershipId, dueDate: instalments.dueDate, attempts: instalments.attempts, timeZone: memberships.timeZone })
    .from(instalments)
    .innerJoin(memberships, and(eq(memberships.studioId, instalments.studioId), eq(memberships.id, instalments.membershipId)))
    .where(and(eq(instalments.studioId, ctx.studioId), eq(instalments.status, 'pending'), lte(instalments.dueDate, until), inArray(memberships.status, ['active', 'frozen', 'past_due'])));
}

export async function planInterval(tx: Tx, ctx: Ctx, planId: string) {
  const [row] = await tx
    .select({ intervalCount: plans.intervalCount, intervalUnit: plans.intervalUnit, name: plans.name, taxRateBp: plans.taxRateBp })
    .from(plans)
    .where(and(eq(plans.studioId, ctx.studioId), eq(plans.id, planId)));
  return row;
}

/** Renewals left `charging` (the outcome never came back) since before `before`. */
export async function chargingSince(tx: Tx, ctx: Ctx, before: Date) {
  return tx
    .select({ id: renewals.id, membershipId: renewals.membershipId, periodStart: renewals.periodStart, attempts: renewals.attempts })
    .from(renewals)
    .where(and(eq(renewals.studioId, ctx.studioId), eq(renewals.status, 'charging'), lte(renewals.updatedAt, before)));
}

/** Failed instalments of live memberships, with when their last attempt ended. */
export async function failedInstalments(tx: Tx, ctx: Ctx) {
  return tx
    .select({ id: instalments.id, attempts: instalments.attempts, finishedAt: chargeAttempts.finishedAt })
    .from(instalments)
    .innerJoin(memberships, and(eq(memberships.studioId, instalments.studioId), eq(memberships.id, instalments.membershipId)))
    .leftJoin(chargeAttempts, and(eq(chargeAttempts.studioId, instalments.studioId), eq(chargeAttempts.idempotencyKey, sql`${instalments.id} || ':' || ${instalments.attempts}`)))
    .where(and(eq(instalments.studioId, ctx.studioId), eq(instalments.status, 'failed'), inArray(memberships.status, ['active', 'frozen', 'past_due'])));
}
