import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Ctx } from '../../../kernel/ctx.ts';
import type { Tx } from '../../../platform/db/client.ts';
import { activeStatuses } from '../repo.ts';
import { bookings } from '../schema.ts';

/** The places still active in a class (pending, booked, waitlisted, offered), in arrival order. */
export async function activeIdsOf(tx: Tx, ctx: Ctx, occurrenceId: string): Promise<string[]> {
  const rows = await tx
    .select({ id: bookings.id })
    .from(bookings)
    .where(and(eq(bookings.studioId, ctx.studioId), eq(bookings.occurrenceId, occurrenceId), inArray(bookings.status, [...activeStatuses])))
    .orderBy(asc(bookings.createdAt), asc(bookings.id));
  return rows.map((r) => r.id);
}
