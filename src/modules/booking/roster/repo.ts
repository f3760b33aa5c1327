import { and, asc, eq, inArray, ne, sql } from 'drizzle-orm';
import type { Ctx } from '../../../kernel/ctx.ts';
import type { Tx } from '../../../platform/db/client.ts';
import { customers } from '../../customers/schema.ts';
import { occurrences, templates } from '../../schedule/schema.ts';
import { bookings } from '../schema.ts';

/** What the roster needs of a class (schedule's tables: a documented read, no writes). */
export interface RosterClass {
  id: string;
  name: string;
  startsAt: Date;
  timeZone: string;
  capacity: number;
  bookedCount: number;
  teacherId: string | null;
}

export async function findRosterClass(tx: Tx, ctx: Ctx, occurrenceId: string): Promise<RosterClass | undefined> {
  const [row] = await tx
    .select({
      id: occurrences.id,
      name: templates.name,
      startsAt: occurrences.startsAt,
      timeZone: occurrences.timeZone,
      capacity: occurrences.capacity,
      bookedCount: occurrences.bookedCount,
      teacherId: occurrences.teacherId,
    })
    .from(occurrences)
    .innerJoin(templates, and(eq(templates.studioId, occurrences.studioId), eq(templates.id, occurrences.templateId)))
    .where(and(eq(occurrences.studioId, ctx.studioId), eq(occurrences.id, occurrenceId)));
  return row;
}

export interface RosterEntry {
  id: string;
  status: string;
  checkedIn: boolean;
  spotLabel: string | null;
}

/**
 * Everyone with a place or a history in the class (not those who left the waitlist or whose
 * payment never completed), in roster order: the waitlist by arrival, the others by booking time.
 */
export async function listRosterEntries(tx: Tx, ctx: Ctx, occurrenceId: string): Promise<RosterEntry[]> {
  const rows = await tx
    .select({ id: bookings.id, status: bookings.status, checkedInAt: bookings.checkedInAt, spotLabel: bookings.spotLabel })
    .from(bookings)
    .where(and(eq(bookings.studioId, ctx.studioId), eq(bookings.occurrenceId, occurrenceId), ne(bookings.status, 'removed')))
    .orderBy(sql`${bookings.waitlistSeq} asc nulls first`, asc(sql`coalesce(${bookings.bookedAt}, ${bookings.createdAt})`), asc(bookings.id));
  return rows.map((r) => ({ id: r.id, status: r.status, checkedIn: r.checkedInAt !== null, spotLabel: r.spotLabel }));
}

/** E-mail and phone of customers (customers' table, documented read) for the roster export. */
export async function contactsOf(tx: Tx, ctx: Ctx, customerIds: readonly string[]): Promise<Map<string, { email: string | null; phone: string | null }>> {
  if (customerIds.length === 0) return new Map();
  const rows = await tx
    .select({ id: customers.id, email: customers.email, phone: customers.phone })
    .from(customers)
    .where(and(eq(customers.studioId, ctx.studioId), inArray(customers.id, [...new Set(customerIds)])));
  return new Map(rows.map((r) => [r.id, { email: r.email, phone: r.phone }]));
}

/** One booked attendee of a class to come (class reminders: messaging's job). */
export interface BookedAttendee {
  bookingId: string;
  occurrenceId: string;
  startsAt: Date;
  customerId: string;
  payerId: string;
}

/** Bookings `booked` in `scheduled` classes starting in (from, to], soonest first. */
export async function listBookedStartingBetween(tx: Tx, ctx: Ctx, from: Date, to: Date): Promise<BookedAttendee[]> {
  return tx
    .select({ bookingId: bookings.id, occurrenceId: bookings.occurrenceId, startsAt: occurrences.startsAt, customerId: bookings.customerId, payerId: bookings.payerId })
    .from(bookings)
    .innerJoin(occurrences, and(eq(occurrences.studioId, bookings.studioId), eq(occurrences.id, bookings.occurrenceId)))
    .where(
      and(
        eq(bookings.studioId, ctx.studioId),
        eq(bookings.status, 'booked'),
        eq(occurrences.status, 'scheduled'),
        sql`${occurrences.startsAt} > ${from.toISOString()}::timestamptz`,
        sql`${occurrences.startsAt} <= ${to.toISOString()}::timestamptz`,
      ),
    )
    .orderBy(asc(occurrences.startsAt), asc(bookings.id));
}
