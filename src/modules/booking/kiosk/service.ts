import { randomInt } from 'node:crypto';
import { actorUserId, type Ctx } from '../../../kernel/ctx.ts';
import { addDays, localDateOf, startOfLocalDay } from '../../../kernel/time.ts';
import type { Database, Tx } from '../../../platform/db/client.ts';
import { withStudio } from '../../../platform/db/tx.ts';
import { publish } from '../../../platform/events/publish.ts';
import { parseOrThrow } from '../../../platform/validation.ts';
import { kioskCheckInSchema, type BookingDto, type CheckInKeyDto, type KioskTodayDto } from '../contracts.ts';
import { kioskDisplayName, makeCheckInKey, normaliseCheckInKey } from '../domain/check-in-key.ts';
import { BookingError, bookingNotFound } from '../errors.ts';
import { bookingEvent } from '../events.ts';
import * as repo from './repo.ts';

/** Attendance's check-in (C): joins `tx` when given, idempotent, teachers only for their own classes. */
export type CheckInFn = (tx: Tx | undefined, ctx: Ctx, bookingId: string, by: 'kiosk') => Promise<{ booking: BookingDto; alreadyCheckedIn: boolean }>;

export interface KioskDeps {
  database: Database;
  /** Attendance's check-in; without it the kiosk marks the booking checked in with the same guarded update. */
  checkIn?: CheckInFn;
  /** Wrong keys a location accepts per minute before it answers too_many_attempts (default 10). */
  wrongKeysPerMinute?: number;
}

export interface KioskCheckInResult {
  bookingId: string;
  displayName: string;
  className: string;
  startsAt: string;
}

const isTeacher = (ctx: Ctx) => (ctx.actor.kind === 'staff' || ctx.actor.kind === 'api_key') && ctx.actor.role === 'teacher';
const customerNotFound = () => new BookingError('customer_not_found', 'This customer does not exist.');
const locationNotFound = () => new BookingError('location_not_found', 'This location does not exist.');
const wrongKey = () => new BookingError('invalid_check_in_key', 'No customer has this check-in key.', [{ path: 'key', message: 'Unknown key' }]);
const toKeyDto = (row: { customerId: string; key: string; createdAt: Date }): CheckInKeyDto => ({ customerId: row.customerId, key: row.key, createdAt: row.createdAt.toISOString() });

/** Key collisions tolerated before giving up (28⁶ keys: a second try is already rare). */
const keyAttempts = 8;

/**
 * The self check-in kiosk (seed 001) and customers' self check-in keys (seed 000): a page per
 * location, on a device signed in as staff, shows today's classes in the location's zone with
 * who is booked ("First L.", the screen faces the public); a customer taps their name or types
 * their key and is checked in to their class starting nearest to now that is not over.
 */
export function createKioskService(deps: KioskDeps) {
  const { database } = deps;
  const wrongKeysPerMinute = deps.wrongKeysPerMinute ?? 10;
  // Wrong keys per location in the last minute, in this process: guessing keys at a kiosk is slow.
  const wrongKeys = new Map<string, number[]>();

  function assertNotGuessing(ctx: Ctx, locationId: string): void {
    const now = ctx.clock.now().getTime();
    const key = `${ctx.studioId}:${locationId}`;
    const recent = (wrongKeys.get(key) ?? []).filter((at) => now - at < 60_000);
    wrongKeys.set(key, recent);
    if (recent.length >= wrongKeysPerMinute) throw new BookingError('too_many_attempts', 'Too many wrong keys on this kiosk; wait a minute and try again.');
  }
  function recordWrongKey(ctx: Ctx, locationId: string): void {
    const key = `${ctx.studioId}:${locationId}`;
    wrongKeys.set(key, [...(wrongKeys.get(key) ?? []), ctx.clock.now().getTime()]);
    if (wrongKeys.size > 10_000) wrongKeys.clear();
  }

  /** Today in the location's zone, as [start, start of tomorrow). */
  async function todayAt(tx: Tx, ctx: Ctx, locationId: string) {
    const location = await repo.findLocation(tx, ctx, locationId);
    if (!location) throw locationNotFound();
    const today = localDateOf(ctx.clock.now(), location.timeZone);
    return { location, from: startOfLocalDay(today, location.timeZone), to: startOfLocalDay(addDays(today, 1), location.timeZone) };
  }

  async function newKeyFor(tx: Tx, ctx: Ctx, customerId: string): Promise<CheckInKeyDto> {
    for (let attempt = 0; attempt < keyAttempts; attempt += 1) {
      const inserted = await repo.insertKey(tx, ctx, customerId, makeCheckInKey((n) => randomInt(n)));
      if (inserted) return toKeyDto(inserted);
      // The customer got a key meanwhile (a concurrent first read), or the key was taken: look, then try another.
      const existing = await repo.findKeyOf(tx, ctx, customerId);
      if (existing) return toKeyDto(existing);
    }
    throw new Error('Could not find a free check-in key.');
  }

  /** Checks in one booking found for the kiosk: attendance's check-in when wired, else the guarded update and its event. */
  async function checkInBooking(tx: Tx, ctx: Ctx, b: repo.KioskBooking): Promise<void> {
    if (deps.checkIn) {
      await deps.checkIn(tx, ctx, b.bookingId, 'kiosk');
      return;
    }
    if (isTeacher(ctx) && (b.teacherId === null || b.teacherId !== actorUserId(ctx.actor))) {
      throw new BookingError('not_your_class', 'Teachers check in the customers of their own classes only.');
    }
    if (await repo.markCheckedIn(tx, ctx, b.bookingId, actorUserId(ctx.actor) ?? 'kiosk')) {
      const base = { bookingId: b.bookingId, occurrenceId: b.occurrenceId, seriesId: b.seriesId, templateId: b.templateId, locationId: b.locationId, customerId: b.customerId, payerId: b.payerId, startsAt: b.startsAt.toISOString() };
      await publish(tx, ctx, bookingEvent('booking.checked_in.v1', b.bookingId, { ...base, by: 'kiosk' }));
    }
  }

  return {
    /** The customer's key, made on first read (like a default). */
    async getKey(ctx: Ctx, customerId: string): Promise<CheckInKeyDto> {
      return withStudio(database, ctx.studioId, async (tx) => {
        if (!(await repo.customerExists(tx, ctx, customerId))) throw customerNotFound();
        const existing = await repo.findKeyOf(tx, ctx, customerId);
        return existing ? toKeyDto(existing) : newKeyFor(tx, ctx, customerId);
      });
    },

    /** A new key for the customer; the old one stops working at once. */
    async regenerateKey(ctx: Ctx, customerId: string): Promise<CheckInKeyDto> {
      return withStudio(database, ctx.studioId, async (tx) => {
        if (!(await repo.customerExists(tx, ctx, customerId))) throw customerNotFound();
        await repo.deleteKeyOf(tx, ctx, customerId);
        return newKeyFor(tx, ctx, customerId);
      });
    },

    /** Today's classes at the location (its zone) with who is booked; teachers see their own classes. */
    async today(ctx: Ctx, locationId: string): Promise<KioskTodayDto> {
      return withStudio(database, ctx.studioId, async (tx) => {
        const { location, from, to } = await todayAt(tx, ctx, locationId);
        let classes = await repo.listClassesAt(tx, ctx, locationId, from, to);
        if (isTeacher(ctx)) classes = classes.filter((c) => c.teacherId !== null && c.teacherId === actorUserId(ctx.actor));
        const attendees = await repo.listAttendees(tx, ctx, classes.map((c) => c.id));
        return {
          location: { id: location.id, name: location.name, timeZone: location.timeZone },
          classes: classes.map((c) => ({
            occurrenceId: c.id,
            name: c.name,
            startsAt: c.startsAt.toISOString(),
            endsAt: c.endsAt.toISOString(),
            teacherName: c.teacherFirstName === null ? null : `${c.teacherFirstName} ${c.teacherLastName ?? ''}`.trim(),
            attendees: attendees
              .filter((a) => a.occurrenceId === c.id)
              .map((a) => ({ bookingId: a.bookingId, displayName: kioskDisplayName(a.firstName, a.lastName), checkedIn: a.checkedInAt !== null })),
          })),
        };
      });
    },

    /**
     * Checks a customer in at the kiosk: by the booking they tapped (a class of today at this
     * location), or by their key → their booked class here today that is not over, the one
     * starting nearest to now (or `occurrenceId`). Checking in twice is not an error.
     */
    async checkIn(ctx: Ctx, locationId: string, input: unknown): Promise<KioskCheckInResult> {
      const body = parseOrThrow(kioskCheckInSchema, input);
      return withStudio(database, ctx.studioId, async (tx) => {
        const { from, to } = await todayAt(tx, ctx, locationId);
        let found: repo.KioskBooking | undefined;
        if ('bookingId' in body) {
          found = await repo.findKioskBooking(tx, ctx, body.bookingId, { locationId, from, to });
          if (!found) throw bookingNotFound();
        } else {
          assertNotGuessing(ctx, locationId);
          const customerId = await repo.findCustomerByKey(tx, ctx, normaliseCheckInKey(body.key));
          if (!customerId) {
            recordWrongKey(ctx, locationId);
            throw wrongKey();
          }
          const now = ctx.clock.now();
          const candidates = await repo.listCustomerBookingsAt(tx, ctx, { customerId, locationId, from, to, now, occurrenceId: body.occurrenceId });
          const distance = (b: repo.KioskBooking) => Math.abs(b.startsAt.getTime() - now.getTime());
          found = candidates.sort((x, y) => distance(x) - distance(y))[0];
          if (!found) throw new BookingError('no_booking_to_check_in', 'You have no booking here today that is not over yet.');
        }
        await checkInBooking(tx, ctx, found);
        return { bookingId: found.bookingId, displayName: kioskDisplayName(found.firstName, found.lastName), className: found.className, startsAt: found.startsAt.toISOString() };
      });
    },
  };
}

export type KioskService = ReturnType<typeof createKioskService>;
