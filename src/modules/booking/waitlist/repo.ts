import { and, asc, eq, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import type { Ctx } from '../../../kernel/ctx.ts';
import type { Tx } from '../../../platform/db/client.ts';
import { occurrences } from '../../schedule/schema.ts';
import { bookings } from '../schema.ts';

/** Serialises the offer runs of one class's waitlist (advisory: it never waits on, or blocks, the rows that booking and cancelling lock). */
const waitlistLockKey = 7_202_614;

/**
 * Takes the class's waitlist lock until the transaction ends. Not the class row: a promotion
 * locks its booking row and then the class row (the capacity guard), so holding the class row
 * while changing booking rows would deadlock with it.
 */
export async function lockWaitlist(tx: Tx, occurrenceId: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${waitlistLockKey}, hashtext(${occurrenceId}))`);
}

export interface ClassCounts {
  id: string;
  status: string;
  capacity: number;
  bookedCount: number;
  startsAt: Date;
  endsAt: Date;
  teacherId: string | null;
}

/** The class's capacity, count, times and teacher (a read of schedule's row, never locked here). */
export async function classCounts(tx: Tx, ctx: Ctx, occurrenceId: string): Promise<ClassCounts | undefined> {
  const [row] = await tx
    .select({
      id: occurrences.id,
      status: occurrences.status,
      capacity: occurrences.capacity,
      bookedCount: occurrences.bookedCount,
      startsAt: occurrences.startsAt,
      endsAt: occurrences.endsAt,
      teacherId: occurrences.teacherId,
    })
    .from(occurrences)
    .where(and(eq(occurrences.studioId, ctx.studioId), eq(occurrences.id, occurrenceId)));
  return row;
}

/** The customers still waiting in a class, in arrival order (`exclude`: passed over in this run). */
export async function nextWaiting(tx: Tx, ctx: Ctx, occurrenceId: string, limit: number, exclude: readonly string[] = []) {
  return tx
    .select({ id: bookings.id, customerId: bookings.customerId, waitlistSeq: bookings.waitlistSeq })
    .from(bookings)
    .where(
      and(
        eq(bookings.studioId, ctx.studioId),
        eq(bookings.occurrenceId, occurrenceId),
        eq(bookings.status, 'waitlisted'),
        exclude.length > 0 ? sql`${bookings.id} not in (${sql.join(
          exclude.map((id) => sql`${id}`),
          sql`, `,
        )})` : undefined,
      ),
    )
    .orderBy(asc(bookings.waitlistSeq))
    .limit(limit);
}

/** Offers of a class still open at `now` (confirm: until their expiry; first_come: no expiry). */
export async function countOpenOffers(tx: Tx, ctx: Ctx, occurrenceId: string, now: Date): Promise<number> {
  const [row] = await tx
    .select({ n: sql<string | number>`count(*)` })
    .from(bookings)
    .where(
      and(
        eq(bookings.studioId, ctx.studioId),
        eq(bookings.occurrenceId, occurrenceId),
        eq(bookings.status, 'offered'),
        or(isNull(bookings.offerExpiresAt), sql`${bookings.offerExpiresAt} > ${now}`),
      ),
    );
  return Number(row?.n ?? 0);
}

/** Makes waiting customers' places offers (guarded: only rows still waitlisted change). */
export async function markOffered(tx: Tx, ctx: Ctx, ids: readonly string[], now: Date, expiresAt: Date | null) {
  if (ids.length === 0) return [];
  return tx
    .update(bookings)
    .set({ status: 'offered', offeredAt: now, offerExpiresAt: expiresAt, updatedAt: now, version: sql`${bookings.version} + 1` })
    .where(and(eq(bookings.studioId, ctx.studioId), inArray(bookings.id, inIdOrder(ctx, ids)), eq(bookings.status, 'waitlisted')))
    .returning({ id: bookings.id, occurrenceId: bookings.occurrenceId });
}

/** The rows of `ids`, locked one by one in id order: two statements changing overlapping rows then never wait on each other in a cycle. */
function inIdOrder(ctx: Ctx, ids: readonly string[]) {
  return sql`(select id from ${bookings} where studio_id = ${ctx.studioId} and id in (${sql.join(
    ids.map((id) => sql`${id}`),
    sql`, `,
  )}) order by id for update)`;
}

/**
 * Open first-come offers of a class go back to waiting (their place kept): the spot they were
 * told about is gone. They are told again when another spot frees.
 */
export async function withdrawFirstComeOffers(tx: Tx, ctx: Ctx, occurrenceId: string, now: Date) {
  return tx
    .update(bookings)
    .set({ status: 'waitlisted', offeredAt: null, offerExpiresAt: null, updatedAt: now, version: sql`${bookings.version} + 1` })
    .where(
      and(
        eq(bookings.studioId, ctx.studioId),
        inArray(
          bookings.id,
          sql`(select id from ${bookings} where studio_id = ${ctx.studioId} and occurrence_id = ${occurrenceId} and status = 'offered' and offer_expires_at is null order by id for update)`,
        ),
        eq(bookings.status, 'offered'),
        isNull(bookings.offerExpiresAt),
      ),
    )
    .returning({ id: bookings.id });
}

/** Offers past their expiry, every studio (the sweep), oldest first. */
export async function listExpiredOffers(tx: Tx, now: Date, limit: number): Promise<{ studioId: string; id: string }[]> {
  return tx
    .select({ studioId: bookings.studioId, id: bookings.id })
    .from(bookings)
    .where(and(eq(bookings.status, 'offered'), lte(bookings.offerExpiresAt, now)))
    .orderBy(asc(bookings.offerExpiresAt))
    .limit(limit);
}
