import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Ctx } from '../../kernel/ctx.ts';
import type { Tx } from '../../platform/db/client.ts';
import { rowsOf } from '../../platform/db/tx.ts';
import { occurrences } from '../schedule/schema.ts';
import { bookings } from './schema.ts';

/**
 * The capacity guard. booking owns the schedule's `booked_count` column (schedule's README names
 * it as booking's guard): a spot is taken by ONE conditional UPDATE, and given back by one, in
 * the same transaction as the booking row's status change. Never `count(*) < capacity` (it
 * overbooks under READ COMMITTED); the row lock of this UPDATE serialises concurrent takers.
 */

/** Takes one spot of a scheduled class: the class's counts after it, or null when full (or not scheduled). */
export async function takeSpot(tx: Tx, ctx: Ctx, occurrenceId: string): Promise<{ capacity: number; bookedCount: number } | null> {
  // A statement template, not the builder: the hottest statement of a booking rush (platform/db/statements.ts).
  const [row] = rowsOf<{ capacity: number | string; bookedCount: number | string }>(
    await tx.execute(sql`update ${occurrences} set booked_count = booked_count + 1
                          where studio_id = ${ctx.studioId} and id = ${occurrenceId} and status = 'scheduled' and booked_count < capacity
                          returning capacity, booked_count as "bookedCount"`),
  );
  return row ? { capacity: Number(row.capacity), bookedCount: Number(row.bookedCount) } : null;
}

/**
 * Gives one spot back. Call it only after a guarded status change of a pending/booked row
 * (`releaseBooking` does both), so a spot is given back once per booking.
 */
export async function releaseSpot(tx: Tx, ctx: Ctx, occurrenceId: string): Promise<void> {
  await tx
    .update(occurrences)
    .set({ bookedCount: sql`greatest(${occurrences.bookedCount} - 1, 0)` })
    .where(and(eq(occurrences.studioId, ctx.studioId), eq(occurrences.id, occurrenceId)));
}

export type BookingPatch = Partial<Omit<typeof bookings.$inferInsert, 'studioId' | 'id' | 'occurrenceId' | 'customerId'>>;

/**
 * Moves a spot-holding booking (pending or booked) to `patch.status` (cancelled, late_cancelled,
 * removed, …) and gives its spot back, once: the UPDATE is guarded by the holding statuses, so a
 * second caller (a webhook and a job, two cancels) changes nothing and gets null.
 */
export async function releaseBooking(tx: Tx, ctx: Ctx, bookingId: string, patch: BookingPatch & { status: string }): Promise<typeof bookings.$inferSelect | null> {
  const [row] = await tx
    .update(bookings)
    .set({ ...patch, updatedAt: ctx.clock.now(), version: sql`${bookings.version} + 1` })
    .where(and(eq(bookings.studioId, ctx.studioId), eq(bookings.id, bookingId), inArray(bookings.status, ['pending', 'booked'])))
    .returning();
  if (!row) return null;
  await releaseSpot(tx, ctx, row.occurrenceId);
  return row;
}
