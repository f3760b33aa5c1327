import { and, asc, desc, eq, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Ctx } from '../../kernel/ctx.ts';
import type { Tx } from '../../platform/db/client.ts';
import { rowsOf } from '../../platform/db/tx.ts';
import { columnsOf, insertRow, rowOf } from '../../platform/db/statements.ts';
import { occurrences, series, templates } from '../schedule/schema.ts';
import { locations, rooms, studios } from '../studios/schema.ts';
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
/** A list of statuses as SQL, `('pending', 'booked')`: for statement templates (the lists are constants of this module). */
export const statusesSql = (list: readonly string[]) => sql.raw(`(${list.map((s) => `'${s.replace(/'/g, "''")}'`).join(', ')})`);
const activeSql = statusesSql(activeStatuses);

export async function findBooking(tx: Tx, ctx: Ctx, id: string, options: { lock?: boolean } = {}): Promise<BookingRow | undefined> {
  const q = tx.select().from(bookings).where(and(eq(bookings.studioId, ctx.studioId), eq(bookings.id, id)));
  const [row] = options.lock ? await q.for('update') : await q;
  return row;
}

/** The customer's active place in a class (pending, booked, waitlisted or offered), if any. */
export async function findActive(tx: Tx, ctx: Ctx, occurrenceId: string, customerId: string): Promise<BookingRow | undefined> {
  // A statement template, not the builder: this runs on every booking (platform/db/statements.ts).
  const [row] = rowsOf<Record<string, unknown>>(
    await tx.execute(sql`select ${columnsOf(bookings)} from booking_bookings
                          where studio_id = ${ctx.studioId} and occurrence_id = ${occurrenceId} and customer_id = ${customerId}
                            and status in ${activeSql}`),
  );
  return row ? rowOf(bookings, row) : undefined;
}

export async function insertBooking(tx: Tx, ctx: Ctx, values: NewBooking): Promise<BookingRow> {
  return insertRow(tx, bookings, { ...values, studioId: ctx.studioId } as typeof bookings.$inferInsert);
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
  /** The studio's currency (what a booking of this class is paid in). */
  currency: string;
}

/** A class's status now (scheduled, cancelled, deleted), read again after its spot could not be taken. */
export async function classStatus(tx: Tx, ctx: Ctx, occurrenceId: string): Promise<string | undefined> {
  const [row] = rowsOf<{ status: string }>(await tx.execute(sql`select status from ${occurrences} where studio_id = ${ctx.studioId} and id = ${occurrenceId}`));
  return row?.status;
}

export async function findClass(tx: Tx, ctx: Ctx, occurrenceId: string): Promise<ClassRow | undefined> {
  // A statement template, not the builder: this runs on every booking (platform/db/statements.ts).
  const [row] = rowsOf<RawClassRow>(await tx.execute(sql`${classSelect} where o.studio_id = ${ctx.studioId} and o.id = ${occurrenceId}`));
  return row ? classRowOf(row) : undefined;
}

/** Several classes at once (a batch of bookings, book/together.ts), by id; missing ids are left out. */
export async function findClasses(tx: Tx, ctx: Ctx, occurrenceIds: readonly string[]): Promise<Map<string, ClassRow>> {
  const rows = rowsOf<RawClassRow>(await tx.execute(sql`${classSelect} where o.studio_id = ${ctx.studioId} and o.id = any(${idList(occurrenceIds)})`));
  return new Map(rows.map((r) => [r.id, classRowOf(r)]));
}

type RawClassRow = Omit<ClassRow, 'priceMinor' | 'startsAt' | 'endsAt'> & { startsAt: Date | string; endsAt: Date | string; seriesPrice: unknown; templatePrice: unknown };

const classSelect = sql`
      select o.id, o.series_id as "seriesId", o.template_id as "templateId", o.status, o.starts_at as "startsAt", o.ends_at as "endsAt",
             o.time_zone as "timeZone", o.capacity, o.booked_count as "bookedCount", o.teacher_id as "teacherId", o.location_id as "locationId",
             l.name as "locationName", o.room_id as "roomId", t.name, s.kind, s.visibility, s.share_token as "shareToken",
             s.price_minor as "seriesPrice", t.price_minor as "templatePrice", s.sales_cutoff_min as "salesCutoffMin",
             s.booking_window_days as "bookingWindowDays", s.allow_children as "allowChildren", s.spot_selection as "spotSelection", r.spot_map as "spotMap",
             st.currency
        from ${occurrences} o
        join ${studios} st on st.id = o.studio_id
        join ${series} s on s.studio_id = o.studio_id and s.id = o.series_id
        join ${templates} t on t.studio_id = o.studio_id and t.id = o.template_id
        left join ${locations} l on l.studio_id = o.studio_id and l.id = o.location_id
        left join ${rooms} r on r.studio_id = o.studio_id and r.id = o.room_id`;

function classRowOf(row: RawClassRow): ClassRow {
  const { seriesPrice, templatePrice, ...rest } = row;
  return {
    ...rest,
    startsAt: occurrences.startsAt.mapFromDriverValue(rest.startsAt) as Date,
    endsAt: occurrences.endsAt.mapFromDriverValue(rest.endsAt) as Date,
    capacity: Number(rest.capacity),
    bookedCount: Number(rest.bookedCount),
    salesCutoffMin: Number(rest.salesCutoffMin),
    bookingWindowDays: rest.bookingWindowDays === null ? null : Number(rest.bookingWindowDays),
    status: rest.status as ClassRow['status'],
    priceMinor: Number(seriesPrice ?? templatePrice),
  };
}

// ---------------------------------------------------------------- a batch of bookings (book/together.ts)

/** A list of ids as one text parameter made an array by PostgreSQL (ids never hold a comma): one prepared text for any length. */
const idList = (ids: readonly string[]) => sql`string_to_array(${ids.join(',')}, ',')`;

/** The bookable people among `ids` (not anonymised nor merged), as findPerson reads one. */
export async function findPeople(tx: Tx, ctx: Ctx, ids: readonly string[]): Promise<Map<string, PersonRow>> {
  const rows = rowsOf<PersonRow>(
    await tx.execute(sql`select id, first_name as "firstName", last_name as "lastName", parent_id as "parentId" from customers
                          where studio_id = ${ctx.studioId} and id = any(${idList(ids)}) and anonymized_at is null and merged_into_id is null`),
  );
  return new Map(rows.map((r) => [r.id, r]));
}

/** Which of the (class, customer) pairs already have an active place, as `${occurrenceId} ${customerId}`. */
export async function activePairs(tx: Tx, ctx: Ctx, pairs: readonly { occurrenceId: string; customerId: string }[]): Promise<Set<string>> {
  // One index look-up per pair (the lateral join leaves the planner no other way), whatever the
  // table's statistics say: with `occurrence_id = any(…) and customer_id = any(…)`, a plan made
  // while the table was still empty scanned every booking of the studio (measured: 5 ms a batch at
  // 12,000 bookings, growing with them).
  const rows = rowsOf<{ o: string; c: string }>(
    await tx.execute(sql`select b.o, b.c
                           from unnest(${idList(pairs.map((p) => p.occurrenceId))}, ${idList(pairs.map((p) => p.customerId))}) as w(o, c)
                           cross join lateral (
                             select occurrence_id as o, customer_id as c from booking_bookings
                              where studio_id = ${ctx.studioId} and occurrence_id = w.o and customer_id = w.c and status in ${activeSql}) b`),
  );
  return new Set(rows.map((r) => `${r.o} ${r.c}`));
}

/**
 * Locks the classes' rows (in id order, so two batches cannot deadlock on them) and reads their
 * status and counts as they are now: the batch then takes spots by arithmetic under the lock.
 */
export async function lockClasses(tx: Tx, ctx: Ctx, occurrenceIds: readonly string[]): Promise<Map<string, { status: string; capacity: number; bookedCount: number }>> {
  const rows = rowsOf<{ id: string; status: string; capacity: number | string; bookedCount: number | string }>(
    await tx.execute(sql`select id, status, capacity, booked_count as "bookedCount" from ${occurrences}
                          where studio_id = ${ctx.studioId} and id = any(${idList(occurrenceIds)}) order by id for update`),
  );
  return new Map(rows.map((r) => [r.id, { status: r.status, capacity: Number(r.capacity), bookedCount: Number(r.bookedCount) }]));
}

/** Adds `taken[i]` to the booked count of class `ids[i]` (rows locked by lockClasses, never past capacity); how many classes changed. */
export async function addBooked(tx: Tx, ctx: Ctx, ids: readonly string[], taken: readonly number[]): Promise<number> {
  const rows = rowsOf<{ id: string }>(
    await tx.execute(sql`update ${occurrences} o set booked_count = o.booked_count + w.n
                          from unnest(${idList(ids)}, ${idList(taken.map(String))}::int[]) as w(id, n)
                         where o.studio_id = ${ctx.studioId} and o.id = w.id and o.booked_count + w.n <= o.capacity
                         returning o.id`),
  );
  return rows.length;
}

/** How many customers wait (waitlisted or offered) in each of the classes; a class with none is absent. */
export async function waitingCounts(tx: Tx, ctx: Ctx, occurrenceIds: readonly string[]): Promise<Map<string, number>> {
  const rows = rowsOf<{ id: string; n: string | number }>(
    await tx.execute(sql`select w.id, (select count(*) from booking_bookings b
                                        where b.studio_id = ${ctx.studioId} and b.occurrence_id = w.id and b.status in ('waitlisted', 'offered')) as n
                           from unnest(${idList(occurrenceIds)}) as w(id)`),
  );
  return new Map(rows.filter((r) => Number(r.n) > 0).map((r) => [r.id, Number(r.n)]));
}

/** `n` values of the waitlist's arrival order, ascending. */
export async function nextWaitlistSeqs(tx: Tx, n: number): Promise<number[]> {
  const rows = rowsOf<{ seq: string | number }>(await tx.execute(sql`select nextval('booking_waitlist_seq') as seq from generate_series(1, ${n}::int)`));
  return rows.map((r) => Number(r.seq)).sort((a, b) => a - b);
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
