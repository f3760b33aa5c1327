import { and, eq, inArray, isNotNull, isNull, notInArray, sql } from 'drizzle-orm';
import { actorUserId, type Ctx } from '../../../kernel/ctx.ts';
import type { StudioId } from '../../../kernel/ids.ts';
import type { Database, Tx } from '../../../platform/db/client.ts';
import { inStudioTx, rowsOf, withStudio, withSystem } from '../../../platform/db/tx.ts';
import { publish, type DomainEvent } from '../../../platform/events/publish.ts';
import type { JobCtx, Jobs } from '../../../platform/jobs/index.ts';
import { occurrences } from '../../schedule/schema.ts';
import { takeSpot } from '../capacity-repo.ts';
import type { BookingDto } from '../contracts.ts';
import { attendanceDue, noShowDelayMs, noShowDue } from '../domain/waitlist.ts';
import { bookingDto } from '../dto.ts';
import { BookingError, bookingNotFound } from '../errors.ts';
import { bookingEvent } from '../events.ts';
import { bookingFacts, bookingFactsOf, type BookingFacts } from '../facts.ts';
import { findBooking, updateBooking } from '../repo.ts';
import { bookings } from '../schema.ts';
import { classCounts } from '../waitlist/index.ts';
import { defineClassTimesJob } from './jobs.ts';

export interface AttendanceDeps {
  database: Database;
  jobs: Jobs;
}

/** Who checked a customer in, as `booking.checked_in.v1` says. */
export type CheckInBy = 'staff' | 'teacher' | 'kiosk' | 'auto';
export interface CheckInResult {
  booking: BookingDto;
  /** The customer was already checked in: nothing changed, no event. */
  alreadyCheckedIn: boolean;
}

/** Classes the minute sweep looks back over: a worker down for less than this catches up. */
const lookBackMs = 7 * 24 * 60 * 60 * 1000;
/** Serialises the attendance runs of one studio, so "first attendance" is told once per customer. */
const attendanceLockKey = 7_202_613;

const isTeacher = (ctx: Ctx) => (ctx.actor.kind === 'staff' || ctx.actor.kind === 'api_key') && ctx.actor.role === 'teacher';
const systemCtx = (studioId: string, jobCtx: Pick<JobCtx, 'clock' | 'jobId'>): Ctx => ({
  studioId: studioId as StudioId,
  actor: { kind: 'system' },
  clock: jobCtx.clock,
  requestId: `job:${jobCtx.jobId}`,
});

function attendanceEvents(f: BookingFacts, first: boolean): DomainEvent[] {
  const id = f.base.bookingId;
  const list: DomainEvent[] = [bookingEvent('booking.attended.v1', id, { ...f.base, ...f.paidWith, checkedIn: f.checkedIn })];
  if (first) list.push(bookingEvent('booking.first_attended.v1', id, { ...f.base }));
  const { paymentMethod, membershipId, planId } = f.paidWith;
  // Seed 004 "abonnement ou forfait": an intro offer is a membership too.
  if ((paymentMethod === 'membership' || paymentMethod === 'intro_offer') && membershipId && planId) {
    list.push(bookingEvent('booking.attended_with_membership.v1', id, { ...f.base, membershipId, planId }));
  }
  if (paymentMethod === 'intro_offer' && membershipId && planId) list.push(bookingEvent('booking.attended_with_intro_offer.v1', id, { ...f.base, membershipId, planId }));
  return list;
}

/**
 * Attendance: the check-in toggle (staff; teachers for their own classes; the kiosk) and the
 * class triggers of seed 004 — attendance at the start of the class for every booked customer
 * (`attendance_emitted_at` makes it once), the customer's first attendance, and the no-show 2
 * hours after the end for a booked customer who was not checked in.
 */
export function createAttendanceService(deps: AttendanceDeps) {
  const { database, jobs } = deps;

  async function assertMayCheckIn(tx: Tx, ctx: Ctx, occurrenceId: string) {
    if (!isTeacher(ctx)) return;
    const c = await classCounts(tx, ctx, occurrenceId);
    if (!c || c.teacherId === null || c.teacherId !== actorUserId(ctx.actor)) {
      throw new BookingError('not_your_class', 'Teachers check in the customers of their own classes only.');
    }
  }

  /**
   * Checks a booked customer in (idempotent: already checked in changes nothing). A no-show
   * checked in afterwards is booked again (its spot taken back) and checked in. Joins `tx` when given.
   */
  async function checkIn(tx: Tx | undefined, ctx: Ctx, bookingId: string, by: CheckInBy): Promise<CheckInResult> {
    return inStudioTx(database, ctx.studioId, tx, async (t) => {
      const b = await findBooking(t, ctx, bookingId, { lock: true });
      if (!b) throw bookingNotFound();
      await assertMayCheckIn(t, ctx, b.occurrenceId);
      if (b.status === 'booked' && b.checkedInAt !== null) return { booking: await bookingDto(t, ctx, bookingId), alreadyCheckedIn: true };
      const now = ctx.clock.now();
      const checkedInBy = actorUserId(ctx.actor) ?? by;
      if (b.status === 'no_show') {
        if (!(await takeSpot(t, ctx, b.occurrenceId))) throw new BookingError('class_full', 'This class has no spot left for this customer.');
        await updateBooking(t, ctx, bookingId, ['no_show'], { status: 'booked', noShowAt: null, checkedInAt: now, checkedInBy });
      } else if (b.status === 'booked') {
        await updateBooking(t, ctx, bookingId, ['booked'], { checkedInAt: now, checkedInBy });
      } else {
        throw new BookingError('not_booked', b.status === 'pending' ? 'The payment of this booking is not complete yet.' : 'Only a booked customer can be checked in.');
      }
      const facts = (await bookingFactsOf(t, ctx, bookingId))!;
      await publish(t, ctx, bookingEvent('booking.checked_in.v1', bookingId, { ...facts.base, by }));
      return { booking: await bookingDto(t, ctx, bookingId), alreadyCheckedIn: false };
    });
  }

  /** Undoes a check-in (idempotent: a customer not checked in is returned unchanged). */
  async function undoCheckIn(ctx: Ctx, bookingId: string): Promise<BookingDto> {
    return withStudio(database, ctx.studioId, async (tx) => {
      const b = await findBooking(tx, ctx, bookingId, { lock: true });
      if (!b) throw bookingNotFound();
      await assertMayCheckIn(tx, ctx, b.occurrenceId);
      if (b.status === 'booked' && b.checkedInAt !== null) {
        await updateBooking(tx, ctx, bookingId, ['booked'], { checkedInAt: null, checkedInBy: null });
        const facts = (await bookingFactsOf(tx, ctx, bookingId))!;
        await publish(tx, ctx, bookingEvent('booking.check_in_undone.v1', bookingId, { ...facts.base }));
      }
      return bookingDto(tx, ctx, bookingId);
    });
  }

  /**
   * One class's due triggers, in one transaction: attendance events for its booked customers
   * not yet told (once: `attendance_emitted_at`), then, 2 hours after its end, the no-shows
   * (status no_show, the spot given back). Resolves to what it recorded.
   */
  async function processClass(ctx: Ctx, occurrenceId: string): Promise<{ attended: number; noShows: number }> {
    return withStudio(database, ctx.studioId, async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(${attendanceLockKey}, hashtext(${ctx.studioId}))`);
      const now = ctx.clock.now();
      const c = await classCounts(tx, ctx, occurrenceId);
      if (!c || c.status !== 'scheduled' || !attendanceDue(c.startsAt, now)) return { attended: 0, noShows: 0 };

      const told = await tx
        .update(bookings)
        .set({ attendanceEmittedAt: now })
        .where(and(eq(bookings.studioId, ctx.studioId), eq(bookings.occurrenceId, occurrenceId), eq(bookings.status, 'booked'), isNull(bookings.attendanceEmittedAt)))
        .returning({ id: bookings.id, customerId: bookings.customerId });
      if (told.length > 0) {
        const ids = told.map((r) => r.id);
        // A customer's first attendance: no other booking of theirs was ever told it started.
        const before = await tx
          .selectDistinct({ customerId: bookings.customerId })
          .from(bookings)
          .where(
            and(
              eq(bookings.studioId, ctx.studioId),
              inArray(bookings.customerId, [...new Set(told.map((r) => r.customerId))]),
              isNotNull(bookings.attendanceEmittedAt),
              notInArray(bookings.id, ids),
            ),
          );
        const seen = new Set(before.map((r) => r.customerId));
        const facts = await bookingFacts(tx, ctx, ids);
        await publish(tx, ctx, ...told.flatMap((r) => attendanceEvents(facts.get(r.id)!, !seen.has(r.customerId))));
      }

      let noShows = 0;
      if (noShowDue(c.endsAt, now)) {
        const missed = await tx
          .update(bookings)
          .set({ status: 'no_show', noShowAt: now, updatedAt: now, version: sql`${bookings.version} + 1` })
          .where(and(eq(bookings.studioId, ctx.studioId), eq(bookings.occurrenceId, occurrenceId), eq(bookings.status, 'booked'), isNull(bookings.checkedInAt)))
          .returning({ id: bookings.id });
        noShows = missed.length;
        if (noShows > 0) {
          // The rows no longer hold a spot: the guarded status change above happened once, so is this.
          await tx
            .update(occurrences)
            .set({ bookedCount: sql`greatest(${occurrences.bookedCount} - ${noShows}, 0)` })
            .where(and(eq(occurrences.studioId, ctx.studioId), eq(occurrences.id, occurrenceId)));
          const facts = await bookingFacts(tx, ctx, missed.map((r) => r.id));
          await publish(
            tx,
            ctx,
            ...missed.map((r) => {
              const f = facts.get(r.id)!;
              return bookingEvent('booking.no_show.v1', r.id, { ...f.base, ...f.paidWith, endsAt: f.endsAt.toISOString() });
            }),
          );
        }
      }
      return { attended: told.length, noShows };
    });
  }

  /**
   * The minute sweep over every studio: classes that started in the last 7 days and still have
   * a booked customer not told, or that ended 2 hours ago with a booked customer not checked
   * in. One index probe per studio (schedule_occurrences by studio and start).
   */
  async function sweepClassTimes(jobCtx: Pick<JobCtx, 'clock' | 'jobId'>): Promise<{ attended: number; noShows: number }> {
    const now = jobCtx.clock.now();
    const from = new Date(now.getTime() - lookBackMs);
    const endedBy = new Date(now.getTime() - noShowDelayMs);
    const due = await withSystem(database, async (tx) =>
      rowsOf<{ studio_id: string; id: string }>(
        await tx.execute(sql`
          select o.studio_id, o.id
            from studios s
            cross join lateral (
              select o.studio_id, o.id, o.starts_at from schedule_occurrences o
               where o.studio_id = s.id and o.starts_at > ${from} and o.starts_at <= ${now} and o.status = 'scheduled'
                 and exists (select 1 from booking_bookings b
                              where b.studio_id = o.studio_id and b.occurrence_id = o.id and b.status = 'booked'
                                and (b.attendance_emitted_at is null or (b.checked_in_at is null and o.ends_at <= ${endedBy})))
            ) o
           order by o.starts_at`),
      ),
    );
    const total = { attended: 0, noShows: 0 };
    for (const o of due) {
      const r = await processClass(systemCtx(o.studio_id, jobCtx), o.id);
      total.attended += r.attended;
      total.noShows += r.noShows;
    }
    return total;
  }

  jobs.register(
    defineClassTimesJob(async (_p, jobCtx) => {
      const r = await sweepClassTimes(jobCtx);
      return r.attended + r.noShows > 0 ? 'done' : 'skipped';
    }),
  );

  return { checkIn, undoCheckIn, processClass, sweepClassTimes };
}

export type AttendanceService = ReturnType<typeof createAttendanceService>;
