import { and, asc, eq, gte, inArray, isNull, lt, sql } from 'drizzle-orm';
import type { Ctx } from '../../../kernel/ctx.ts';
import type { Tx } from '../../../platform/db/client.ts';
import { customers } from '../../customers/schema.ts';
import { users } from '../../identity/schema.ts';
import { occurrences, templates } from '../../schedule/schema.ts';
import { locations } from '../../studios/schema.ts';
import { bookings, checkInKeys } from '../schema.ts';

// ------------------------------------------------------------ read models of lower modules

/** A location (studios' table, documented read). */
export async function findLocation(tx: Tx, ctx: Ctx, id: string) {
  const [row] = await tx
    .select({ id: locations.id, name: locations.name, timeZone: locations.timeZone })
    .from(locations)
    .where(and(eq(locations.studioId, ctx.studioId), eq(locations.id, id)));
  return row;
}

export async function customerExists(tx: Tx, ctx: Ctx, id: string): Promise<boolean> {
  const [row] = await tx
    .select({ id: customers.id })
    .from(customers)
    .where(and(eq(customers.studioId, ctx.studioId), eq(customers.id, id)));
  return row !== undefined;
}

/** Scheduled classes at a location starting in [from, to), with the teacher's name. */
export async function listClassesAt(tx: Tx, ctx: Ctx, locationId: string, from: Date, to: Date) {
  return tx
    .select({
      id: occurrences.id,
      name: templates.name,
      startsAt: occurrences.startsAt,
      endsAt: occurrences.endsAt,
      teacherId: occurrences.teacherId,
      teacherFirstName: users.firstName,
      teacherLastName: users.lastName,
    })
    .from(occurrences)
    .innerJoin(templates, and(eq(templates.studioId, occurrences.studioId), eq(templates.id, occurrences.templateId)))
    .leftJoin(users, and(eq(users.studioId, occurrences.studioId), eq(users.id, occurrences.teacherId)))
    .where(
      and(
        eq(occurrences.studioId, ctx.studioId),
        eq(occurrences.locationId, locationId),
        eq(occurrences.status, 'scheduled'),
        gte(occurrences.startsAt, from),
        lt(occurrences.startsAt, to),
      ),
    )
    .orderBy(asc(occurrences.startsAt), asc(occurrences.id));
}

/** Booked customers of these classes (checked in or not), by first name. */
export async function listAttendees(tx: Tx, ctx: Ctx, occurrenceIds: readonly string[]) {
  if (occurrenceIds.length === 0) return [];
  return tx
    .select({ bookingId: bookings.id, occurrenceId: bookings.occurrenceId, firstName: customers.firstName, lastName: customers.lastName, checkedInAt: bookings.checkedInAt })
    .from(bookings)
    .innerJoin(customers, and(eq(customers.studioId, bookings.studioId), eq(customers.id, bookings.customerId)))
    .where(and(eq(bookings.studioId, ctx.studioId), inArray(bookings.occurrenceId, [...occurrenceIds]), eq(bookings.status, 'booked')))
    .orderBy(asc(customers.firstName), asc(customers.lastName), asc(bookings.id));
}

export interface KioskBooking {
  bookingId: string;
  status: string;
  checkedInAt: Date | null;
  customerId: string;
  payerId: string;
  firstName: string;
  lastName: string;
  occurrenceId: string;
  seriesId: string;
  templateId: string;
  locationId: string | null;
  teacherId: string | null;
  className: string;
  startsAt: Date;
  endsAt: Date;
}

function kioskBookingQuery(tx: Tx) {
  return tx
    .select({
      bookingId: bookings.id,
      status: bookings.status,
      checkedInAt: bookings.checkedInAt,
      customerId: bookings.customerId,
      payerId: bookings.payerId,
      firstName: customers.firstName,
      lastName: customers.lastName,
      occurrenceId: occurrences.id,
      seriesId: occurrences.seriesId,
      templateId: occurrences.templateId,
      locationId: occurrences.locationId,
      teacherId: occurrences.teacherId,
      className: templates.name,
      startsAt: occurrences.startsAt,
      endsAt: occurrences.endsAt,
    })
    .from(bookings)
    .innerJoin(customers, and(eq(customers.studioId, bookings.studioId), eq(customers.id, bookings.customerId)))
    .innerJoin(occurrences, and(eq(occurrences.studioId, bookings.studioId), eq(occurrences.id, bookings.occurrenceId)))
    .innerJoin(templates, and(eq(templates.studioId, occurrences.studioId), eq(templates.id, occurrences.templateId)));
}

/** A booking in a scheduled class at this location starting in [from, to). */
export async function findKioskBooking(tx: Tx, ctx: Ctx, bookingId: string, where: { locationId: string; from: Date; to: Date }): Promise<KioskBooking | undefined> {
  const [row] = await kioskBookingQuery(tx).where(
    and(
      eq(bookings.studioId, ctx.studioId),
      eq(bookings.id, bookingId),
      eq(occurrences.locationId, where.locationId),
      eq(occurrences.status, 'scheduled'),
      gte(occurrences.startsAt, where.from),
      lt(occurrences.startsAt, where.to),
    ),
  );
  return row;
}

/** A customer's booked places in scheduled classes at this location starting in [from, to) and not yet over at `now`. */
export async function listCustomerBookingsAt(
  tx: Tx,
  ctx: Ctx,
  where: { customerId: string; locationId: string; from: Date; to: Date; now: Date; occurrenceId?: string | undefined },
): Promise<KioskBooking[]> {
  return kioskBookingQuery(tx)
    .where(
      and(
        eq(bookings.studioId, ctx.studioId),
        eq(bookings.customerId, where.customerId),
        eq(bookings.status, 'booked'),
        eq(occurrences.locationId, where.locationId),
        eq(occurrences.status, 'scheduled'),
        gte(occurrences.startsAt, where.from),
        lt(occurrences.startsAt, where.to),
        sql`${occurrences.endsAt} > ${where.now.toISOString()}::timestamptz`,
        where.occurrenceId ? eq(occurrences.id, where.occurrenceId) : undefined,
      ),
    )
    .orderBy(asc(occurrences.startsAt));
}

/** Marks a booked customer present, once: null when the booking was not booked or already checked in. */
export async function markCheckedIn(tx: Tx, ctx: Ctx, bookingId: string, by: string | null): Promise<boolean> {
  const rows = await tx
    .update(bookings)
    .set({ checkedInAt: ctx.clock.now(), checkedInBy: by, updatedAt: ctx.clock.now(), version: sql`${bookings.version} + 1` })
    .where(and(eq(bookings.studioId, ctx.studioId), eq(bookings.id, bookingId), eq(bookings.status, 'booked'), isNull(bookings.checkedInAt)))
    .returning({ id: bookings.id });
  return rows.length > 0;
}

// ------------------------------------------------------------ check-in keys

export async function findKeyOf(tx: Tx, ctx: Ctx, customerId: string) {
  const [row] = await tx
    .select()
    .from(checkInKeys)
    .where(and(eq(checkInKeys.studioId, ctx.studioId), eq(checkInKeys.customerId, customerId)));
  return row;
}

export async function findCustomerByKey(tx: Tx, ctx: Ctx, key: string): Promise<string | undefined> {
  const [row] = await tx
    .select({ customerId: checkInKeys.customerId })
    .from(checkInKeys)
    .where(and(eq(checkInKeys.studioId, ctx.studioId), eq(checkInKeys.key, key)));
  return row?.customerId;
}

/** Inserts a key unless the customer has one or the key is taken (both unique): the row, or undefined. */
export async function insertKey(tx: Tx, ctx: Ctx, customerId: string, key: string) {
  const [row] = await tx
    .insert(checkInKeys)
    .values({ studioId: ctx.studioId, customerId, key, createdAt: ctx.clock.now() })
    .onConflictDoNothing()
    .returning();
  return row;
}

export async function deleteKeyOf(tx: Tx, ctx: Ctx, customerId: string): Promise<void> {
  await tx.delete(checkInKeys).where(and(eq(checkInKeys.studioId, ctx.studioId), eq(checkInKeys.customerId, customerId)));
}
