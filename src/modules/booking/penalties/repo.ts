import { and, desc, eq, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Ctx } from '../../../kernel/ctx.ts';
import type { Tx } from '../../../platform/db/client.ts';
import { customers } from '../../customers/schema.ts';
import { memberships } from '../../memberships/schema.ts';
import { occurrences, templates } from '../../schedule/schema.ts';
import { bookings, penalties, penaltyRules } from '../schema.ts';

export type PenaltyRuleRow = typeof penaltyRules.$inferSelect;
export type PenaltyRow = typeof penalties.$inferSelect;
export type PenaltyView = PenaltyRow & { customerFirstName: string; customerLastName: string; className: string; classStartsAt: Date };

// ------------------------------------------------------------ rules

export async function listRules(tx: Tx, ctx: Ctx): Promise<PenaltyRuleRow[]> {
  return tx.select().from(penaltyRules).where(eq(penaltyRules.studioId, ctx.studioId)).orderBy(penaltyRules.createdAt, penaltyRules.id);
}

export async function findRule(tx: Tx, ctx: Ctx, id: string): Promise<PenaltyRuleRow | undefined> {
  const [row] = await tx.select().from(penaltyRules).where(and(eq(penaltyRules.studioId, ctx.studioId), eq(penaltyRules.id, id)));
  return row;
}

export async function insertRule(tx: Tx, row: typeof penaltyRules.$inferInsert): Promise<PenaltyRuleRow> {
  const [inserted] = await tx.insert(penaltyRules).values(row).returning();
  return inserted!;
}

export async function updateRule(tx: Tx, ctx: Ctx, id: string, patch: Partial<typeof penaltyRules.$inferInsert>): Promise<PenaltyRuleRow | undefined> {
  const [row] = await tx
    .update(penaltyRules)
    .set({ ...patch, updatedAt: ctx.clock.now() })
    .where(and(eq(penaltyRules.studioId, ctx.studioId), eq(penaltyRules.id, id)))
    .returning();
  return row;
}

export async function ruleHasPenalties(tx: Tx, ctx: Ctx, ruleId: string): Promise<boolean> {
  const [row] = await tx
    .select({ id: penalties.id })
    .from(penalties)
    .where(and(eq(penalties.studioId, ctx.studioId), eq(penalties.ruleId, ruleId)))
    .limit(1);
  return row !== undefined;
}

export async function deleteRule(tx: Tx, ctx: Ctx, id: string): Promise<void> {
  await tx.delete(penaltyRules).where(and(eq(penaltyRules.studioId, ctx.studioId), eq(penaltyRules.id, id)));
}

// ------------------------------------------------------------ offences

/** The instant of an offence: when the late cancel or the no-show was recorded. */
const offenceAtOf = (status: 'late_cancelled' | 'no_show'): SQL =>
  status === 'late_cancelled' ? sql`coalesce(${bookings.cancelledAt}, ${bookings.updatedAt})` : sql`coalesce(${bookings.noShowAt}, ${bookings.updatedAt})`;

export interface Offence {
  bookingId: string;
  customerId: string;
  payerId: string;
  status: string;
  offenceAt: Date;
  membershipId: string | null;
  /** The plan of the membership that paid (memberships' table: a documented read model). */
  planId: string | null;
  /** The membership's current period, for rules counted per renewal period. */
  membership: { periodStart: string; periodEnd: string | null; timeZone: string } | null;
}

/** A booking as penalty rules see it, or undefined when it is not (or no longer) an offence of that kind. */
export async function findOffence(tx: Tx, ctx: Ctx, bookingId: string, status: 'late_cancelled' | 'no_show'): Promise<Offence | undefined> {
  const [row] = await tx
    .select({
      bookingId: bookings.id,
      customerId: bookings.customerId,
      payerId: bookings.payerId,
      status: bookings.status,
      offenceAt: sql<string>`${offenceAtOf(status)}`,
      membershipId: bookings.membershipId,
      planId: memberships.planId,
      periodStart: memberships.periodStart,
      periodEnd: memberships.periodEnd,
      timeZone: memberships.timeZone,
    })
    .from(bookings)
    .leftJoin(memberships, and(eq(memberships.studioId, bookings.studioId), eq(memberships.id, bookings.membershipId)))
    .where(and(eq(bookings.studioId, ctx.studioId), eq(bookings.id, bookingId), eq(bookings.status, status)));
  if (!row) return undefined;
  return {
    bookingId: row.bookingId,
    customerId: row.customerId,
    payerId: row.payerId,
    status: row.status,
    offenceAt: new Date(row.offenceAt),
    membershipId: row.membershipId,
    planId: row.planId,
    membership: row.periodStart && row.timeZone ? { periodStart: row.periodStart, periodEnd: row.periodEnd, timeZone: row.timeZone } : null,
  };
}

/**
 * This customer's offences of one kind from `from` up to and including `offence` (ordered by
 * the instant, then the id, so that the count of one offence never changes when more follow):
 * the k of "the k-th no-show". With `planIds`, only bookings paid by a membership of those plans.
 */
export async function countOffences(tx: Tx, ctx: Ctx, input: { offence: Offence; status: 'late_cancelled' | 'no_show'; from: Date; planIds: readonly string[] }): Promise<number> {
  const at = offenceAtOf(input.status);
  const atIso = input.offence.offenceAt.toISOString();
  const [row] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(bookings)
    .leftJoin(memberships, and(eq(memberships.studioId, bookings.studioId), eq(memberships.id, bookings.membershipId)))
    .where(
      and(
        eq(bookings.studioId, ctx.studioId),
        eq(bookings.customerId, input.offence.customerId),
        eq(bookings.status, input.status),
        sql`${at} >= ${input.from.toISOString()}::timestamptz`,
        sql`(${at}, ${bookings.id}) <= (${atIso}::timestamptz, ${input.offence.bookingId})`,
        input.planIds.length > 0 ? inArray(memberships.planId, [...input.planIds]) : undefined,
      ),
    );
  return row?.n ?? 0;
}

// ------------------------------------------------------------ penalties

/** A new penalty, or null when this rule already applied to this booking (a redelivered event). */
export async function insertPenalty(tx: Tx, row: typeof penalties.$inferInsert): Promise<PenaltyRow | null> {
  const [inserted] = await tx.insert(penalties).values(row).onConflictDoNothing().returning();
  return inserted ?? null;
}

export async function findPenalty(tx: Tx, ctx: Ctx, id: string, options: { lock?: boolean } = {}): Promise<PenaltyRow | undefined> {
  const q = tx.select().from(penalties).where(and(eq(penalties.studioId, ctx.studioId), eq(penalties.id, id)));
  const [row] = options.lock ? await q.for('update') : await q;
  return row;
}

/** Moves a penalty from one of `from` to the patch's status; undefined when it was in none of them (someone got there first). */
export async function transitionPenalty(tx: Tx, ctx: Ctx, id: string, from: readonly string[], patch: Partial<typeof penalties.$inferInsert> & { status: string }): Promise<PenaltyRow | undefined> {
  const [row] = await tx
    .update(penalties)
    .set({ ...patch, updatedAt: ctx.clock.now() })
    .where(and(eq(penalties.studioId, ctx.studioId), eq(penalties.id, id), inArray(penalties.status, [...from])))
    .returning();
  return row;
}

const viewColumns = {
  penalty: penalties,
  customerFirstName: customers.firstName,
  customerLastName: customers.lastName,
  className: templates.name,
  classStartsAt: occurrences.startsAt,
};

function viewQuery(tx: Tx) {
  return tx
    .select(viewColumns)
    .from(penalties)
    .innerJoin(customers, and(eq(customers.studioId, penalties.studioId), eq(customers.id, penalties.customerId)))
    .innerJoin(bookings, and(eq(bookings.studioId, penalties.studioId), eq(bookings.id, penalties.bookingId)))
    .innerJoin(occurrences, and(eq(occurrences.studioId, bookings.studioId), eq(occurrences.id, bookings.occurrenceId)))
    .innerJoin(templates, and(eq(templates.studioId, occurrences.studioId), eq(templates.id, occurrences.templateId)));
}

type ViewRow = { penalty: PenaltyRow; customerFirstName: string; customerLastName: string; className: string; classStartsAt: Date };
const toView = (r: ViewRow): PenaltyView => ({ ...r.penalty, customerFirstName: r.customerFirstName, customerLastName: r.customerLastName, className: r.className, classStartsAt: r.classStartsAt });

export async function findPenaltyView(tx: Tx, ctx: Ctx, id: string): Promise<PenaltyView | undefined> {
  const [row] = await viewQuery(tx).where(and(eq(penalties.studioId, ctx.studioId), eq(penalties.id, id)));
  return row ? toView(row) : undefined;
}

/** Newest first; `before` is the last row of the previous page. Returns up to limit + 1 rows. */
export async function listPenalties(
  tx: Tx,
  ctx: Ctx,
  filter: { customerId?: string | undefined; status?: string | undefined; before?: { createdAt: Date; id: string } | undefined; limit: number },
): Promise<PenaltyView[]> {
  const rows = await viewQuery(tx)
    .where(
      and(
        eq(penalties.studioId, ctx.studioId),
        filter.customerId ? eq(penalties.customerId, filter.customerId) : undefined,
        filter.status ? eq(penalties.status, filter.status) : undefined,
        filter.before
          ? or(lt(penalties.createdAt, filter.before.createdAt), and(eq(penalties.createdAt, filter.before.createdAt), lt(penalties.id, filter.before.id)))
          : undefined,
      ),
    )
    .orderBy(desc(penalties.createdAt), desc(penalties.id))
    .limit(filter.limit + 1);
  return rows.map(toView);
}
