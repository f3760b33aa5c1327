import { and, asc, desc, eq, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Ctx } from '../../kernel/ctx.ts';
import type { Tx } from '../../platform/db/client.ts';
import { rowsOf } from '../../platform/db/tx.ts';
import { occurrences, series, templates } from '../schedule/schema.ts';
import { locations, rooms } from '../studios/schema.ts';
import { bookings } from './schema.ts';
import type { BookingPatch } from './capacity-repo.ts';

export type BookingRow = typeof bookings.$inferSelect;
/** A row to insert; `waitlistSeq` may be the sequence's `nextval` (taken by the insert itself). */
export type NewBooking = Omit<typeof bookings.$inferInsert, 'studioId' | 'waitlistSeq'> & { waitlistSeq?: number | null | SQL };

/** Statuses that hold a spot (counted in the occurrence's booked_count). */
export const holdingStatuses = ['pending', 'booked'] as const;
/** Statuses of a customer's one active place in a class (the partial unique index). */
export const activeStatuses = ['pending', 'booked', 'waitlisted', 'offered'] as const;
export const waitingStatuses = ['waitlisted', 'offered'] as const;

export async function findBooking(tx: Tx, ctx: Ctx, id: string, options: { lock?: boolean } = {}): Promise<BookingRow | undefined> {
  const q = tx.select().from(bookings).where(and(eq(bookings.studioId, ctx.studioId), eq(bookings.id, id)));
  const [row] = options.lock ? await q.for('update') : await q;
  return row;
}

/** The customer's active place in a class (pending, booked, waitlisted or offered), if any. */
export async function findActive(tx: Tx, ctx: Ctx, occurrenceId: string, customerId: string): Promise<BookingRow | undefined> {
  const [row] = await tx
    .select()
    .from(bookings)
    .where(and(eq(bookings.studioId, ctx.studioId), eq(bookings.occurrenceId, occurrenceId), eq(bookings.customerId, customerId), inArray(bookings.status, [...activeStatuses])));
  return row;
}

export async function insertBooking(tx: Tx, ctx: Ctx, values: NewBooking): Promise<BookingRow> {
  const [row] = await tx
    .insert(bookings)
    .values({ ...values, studioId: ctx.studioId })
    .returning();
  return row!;
}

/** The next value of the waitlist's arrival order, as a value of an INSERT (taken when the row is written). */
export const nextWaitlistSeqSql = sql<number>`nextval('booking_waitlist_seq')`;

/** The next value of the waitlist's arrival order (taken at the insert, so the order is the inserts' order). */
export async function nextWaitlistSeq(tx: Tx): Promise<number> {
  const [row] = rowsOf<{ seq: string | number }>(await tx.execute(sql`select nextval('booking_waitlist_seq') as seq`));
  return Number(row!.seq);
}

/** Changes a booking whose status is one of `from` (guarded); null when it is not (anymore). */
export async function updateBooking(tx: Tx, ctx: Ctx, id: string, from: readonly string[], patch: BookingPatch): Promise<BookingRow | null> {
  const [row] = await tx
    .update(bookings)
    .set({ ...patch, updatedAt: ctx.clock.now(), version: sql`${bookings.version} + 1` })
    .where(and(eq(bookings.studioId, ctx.studioId), eq(bookings.id, id), inArray(bookings.status, [...from])))
    .returning();
  return row ?? null;
}

/** Place in the class's waitlist (1 = next) of a waitlisted/offered booking: rank by arrival among those still waiting. */
export async function waitlistPosition(tx: Tx, ctx: Ctx, occurrenceId: string, seq: number): Promise<number> {
  const [row] = rowsOf<{ n: string | number }>(
    await tx.execute(sql`select count(*) as n from ${bookings}
                          where studio_id = ${ctx.studioId} and occurrence_id = ${occurrenceId}
                            and status in ('waitlisted', 'offered') and waitlist_seq <= ${seq}`),
  );
  return Number(row!.n);
}

export async function waitlistLength(tx: Tx, ctx: Ctx, occurrenceId: string): Promise<number> {
  const [row] = rowsOf<{ n: string | number }>(
    await tx.execute(sql`select count(*) as n from ${bookings} where studio_id = ${ctx.studioId} and occurrence_id = ${occurrenceId} and status in ('waitlisted', 'offered')`),
  );
  return Number(row!.n);
}

/** Spot labels held (pending or booked) in a class. */
export async function spotsTaken(tx: Tx, ctx: Ctx, occurrenceId: string): Promise<string[]> {
  const rows = await tx
    .select({ label: bookings.spotLabel })
    .from(bookings)
    .where(and(eq(bookings.studioId, ctx.studioId), eq(bookings.occurrenceId, occurrenceId), inArray(bookings.status, [...holdingStatuses])));
  return rows.map((r) => r.label).filter((l): l is string => l !== null).sort();
}

/** How many of this customer's bookings (as attendee) were paid by intro offers and are not undone, for "the Nth booking through an intro offer". */
export async function countIntroOfferBookings(tx: Tx, ctx: Ctx, customerId: string): Promise<number> {
  const [row] = rowsOf<{ n: string | number }>(
    await tx.execute(sql`select count(*) as n from ${bookings}
                          where studio_id = ${ctx.studioId} and customer_id = ${customerId} and payment_method = 'intro_offer'
                            and status in ('booked', 'late_cancelled', 'no_show')`),
  );
  return Number(row!.n);
}

export async function findByOrder(tx: Tx, ctx: Ctx, orderId: string): Promise<BookingRow[]> {
  return tx.select().from(bookings).where(and(eq(bookings.studioId, ctx.studioId), eq(bookings.orderId, orderId)));
}

/** Pending bookings whose card hold ran out (every studio: the sweep job), oldest first. */
export async function listExpiredHolds(tx: Tx, now: Date, limit: number): Promise<{ studioId: string; id: string; orderId: string | null }[]> {
  return tx
    .select({ studioId: bookings.studioId, id: bookings.id, orderId: bookings.orderId })
    .from(bookings)
    .where(and(eq(bookings.status, 'pending'), lt(bookings.holdExpiresAt, now)))
    .orderBy(asc(bookings.holdExpiresAt))
    .limit(limit);
}

// ---------------------------------------------------------------- people (a read of the customers table)

export interface PersonRow {
  id: string;
  firstName: string;
  lastName: string;
  parentId: string | null;
}

/** A profile that may be booked: not deleted (anonymised) nor merged into another. */
export async function findPerson(tx: Tx, ctx: Ctx, id: string): Promise<PersonRow | undefined> {
  const [row] = rowsOf<PersonRow>(
    await tx.execute(sql`select id, first_name as "firstName", last_name as "lastName", parent_id as "parentId" from customers
                          where studio_id = ${ctx.studioId} and id = ${id} and anonymized_at is null and merged_into_id is null`),
  );
  return row;
}

// ---------------------------------------------------------------- the class (a read model of schedule's tables)

/**
 * One dated class with what booking needs of its series, template, location and room: a
 * documented read of schedule's and studios' tables (as the public schedule does), no writes.
 */
export interface ClassRow {
  id: string;
  seriesId: string;
  templateId: string;
  status: 'scheduled' | 'cancelled' | 'deleted';
  startsAt: Date;
  endsAt: Date;
  timeZone: string;
  capacity: number;
  bookedCount: number;
  teacherId: string | null;
  locationId: string | null;
  locationName: string | null;
  roomId: string | null;
  name: string;
  kind: string;
  visibility: string;
  shareToken: string;
  priceMinor: number;
  salesCutoffMin: number;
  bookingWindowDays: number | null;
  allowChildren: boolean;
  spotSelection: boolean;
  spotMap: { rows: number; columns: number; cells: { row: number; column: number; kind: 'spot' | 'landmark'; label: string }[] } | null;
}

export async function findClass(tx: Tx, ctx: Ctx, occurrenceId: string): Promise<ClassRow | undefined> {
  const [row] = await tx
    .select({
      id: occurrences.id,
      seriesId: occurrences.seriesId,
      templateId: occurrences.templateId,
      status: occurrences.status,
      startsAt: occurrences.startsAt,
      endsAt: occurrences.endsAt,
      timeZone: occurrences.timeZone,
      capacity: occurrences.capacity,
      bookedCount: occurrences.bookedCount,
      teacherId: occurrences.teacherId,
      locationId: occurrences.locationId,
      locationName: locations.name,
      roomId: occurrences.roomId,
      name: templates.name,
      kind: series.kind,
      visibility: series.visibility,
      shareToken: series.shareToken,
      seriesPrice: series.priceMinor,
      templatePrice: templates.priceMinor,
      salesCutoffMin: series.salesCutoffMin,
      bookingWindowDays: series.bookingWindowDays,
      allowChildren: series.allowChildren,
      spotSelection: series.spotSelection,
      spotMap: rooms.spotMap,
    })
    .from(occurrences)
    .innerJoin(series, and(eq(series.studioId, occurrences.studioId), eq(series.id, occurrences.seriesId)))
    .innerJoin(templates, and(eq(templates.studioId, occurrences.studioId), eq(templates.id, occurrences.templateId)))
    .leftJoin(locations, and(eq(locations.studioId, occurrences.studioId), eq(locations.id, occurrences.locationId)))
    .leftJoin(rooms, and(eq(rooms.studioId, occurrences.studioId), eq(rooms.id, occurrences.roomId)))
    .where(and(eq(occurrences.studioId, ctx.studioId), eq(occurrences.id, occurrenceId)));
  if (!row) return undefined;
  const { seriesPrice, templatePrice, ...rest } = row;
  return { ...rest, status: rest.status as ClassRow['status'], priceMinor: Number(seriesPrice ?? templatePrice) };
}

// ---------------------------------------------------------------- lists

export interface ListCursor {
  startsAt: Date;
  id: string;
}

/**
 * A customer's bookings (as attendee or payer), newest class first for `past`, soonest first for
 * `upcoming`; keyset on (class start, booking id). Returns up to `limit + 1` ids.
 */
export async function listIdsForCustomer(
  tx: Tx,
  ctx: Ctx,
  customerId: string,
  q: { when: 'upcoming' | 'past' | 'all'; now: Date; after: ListCursor | null; limit: number },
): Promise<string[]> {
  const ascending = q.when === 'upcoming';
  const conditions: SQL[] = [eq(bookings.studioId, ctx.studioId), or(eq(bookings.customerId, customerId), eq(bookings.payerId, customerId))!];
  if (q.when === 'upcoming') conditions.push(sql`${occurrences.endsAt} > ${q.now.toISOString()}::timestamptz`);
  if (q.when === 'past') conditions.push(sql`${occurrences.endsAt} <= ${q.now.toISOString()}::timestamptz`);
  if (q.after) {
    const at = q.after.startsAt.toISOString();
    conditions.push(
      ascending
        ? sql`(${occurrences.startsAt}, ${bookings.id}) > (${at}::timestamptz, ${q.after.id})`
        : sql`(${occurrences.startsAt}, ${bookings.id}) < (${at}::timestamptz, ${q.after.id})`,
    );
  }
  const rows = await tx
    .select({ id: bookings.id })
    .from(bookings)
    .innerJoin(occurrences, and(eq(occurrences.studioId, bookings.studioId), eq(occurrences.id, bookings.occurrenceId)))
    .where(and(...conditions))
    .orderBy(...(ascending ? [asc(occurrences.startsAt), asc(bookings.id)] : [desc(occurrences.startsAt), desc(bookings.id)]))
    .limit(q.limit + 1);
  return rows.map((r) => r.id);
}

/** The plan of a membership (read from memberships' table, for the events of a booking it paid). */
export async function planIdOfMembership(tx: Tx, ctx: Ctx, membershipId: string): Promise<string | null> {
  const [row] = rowsOf<{ planId: string }>(await tx.execute(sql`select plan_id as "planId" from memberships where studio_id = ${ctx.studioId} and id = ${membershipId}`));
  return row?.planId ?? null;
}
