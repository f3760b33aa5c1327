/**
 * Waitlist and attendance timing rules, pure (no database, no clock of their own).
 *
 * A freed spot is filled by the studio's waitlist mode (seed 003 numberOfMinutesToRespond):
 * - auto: the first in line is booked and pays; one whose payment cannot be taken is skipped;
 * - confirm: one offer per free spot, to the next in line, for `responseMin` minutes;
 * - first_come: everyone waiting is told; the first to claim gets the spot.
 * Class triggers (seed 004): attendance when the class starts; no-show 2 hours after it ends.
 */

export type WaitlistMode = 'auto' | 'confirm' | 'first_come';

const minuteMs = 60_000;

/** A no-show is recorded this long after the end of the class (seed 004 "Absence"). */
export const noShowDelayMs = 2 * 60 * minuteMs;

/** Spots a class can give to its waitlist now: none once it started or if it is not scheduled. */
export function freeSpots(c: { status: string; capacity: number; bookedCount: number; startsAt: Date }, now: Date): number {
  if (c.status !== 'scheduled' || c.startsAt.getTime() <= now.getTime()) return 0;
  return Math.max(0, c.capacity - c.bookedCount);
}

/**
 * How many new offers the confirm mode sends: one per free spot not already covered by an
 * offer still open. Never negative (a spot taken by a walk-in leaves more offers than spots).
 */
export function offersToSend(free: number, openOffers: number, waiting: number): number {
  return Math.max(0, Math.min(free - openOffers, waiting));
}

/** When an offer made at `now` expires: `responseMin` later, but never after the class starts. */
export function offerExpiry(now: Date, responseMin: number, startsAt: Date): Date {
  return new Date(Math.min(now.getTime() + responseMin * minuteMs, startsAt.getTime()));
}

export type ClaimCheck = { ok: true } | { ok: false; code: 'offer_expired' | 'not_on_waitlist' | 'class_full' };

/**
 * Whether a customer's waitlist place may claim a spot now: an open offer (confirm or
 * first_come) may; in first_come mode a customer still waiting may too while a spot is free
 * (they joined after the others were told). An offer past its expiry is refused even before
 * the expiry job has run.
 */
export function checkClaim(
  b: { status: string; offerExpiresAt: Date | null },
  mode: WaitlistMode,
  free: number,
  now: Date,
): ClaimCheck {
  if (b.status === 'offered') {
    if (b.offerExpiresAt !== null && b.offerExpiresAt.getTime() <= now.getTime()) return { ok: false, code: 'offer_expired' };
    return { ok: true };
  }
  if (b.status === 'waitlisted' && mode === 'first_come') return free > 0 ? { ok: true } : { ok: false, code: 'class_full' };
  return { ok: false, code: 'not_on_waitlist' };
}

/** Whether the attendance events of a class are due: from the minute it starts. */
export const attendanceDue = (startsAt: Date, now: Date) => startsAt.getTime() <= now.getTime();

/** Whether a booked, not-checked-in customer of a class is a no-show now: 2 hours after its end. */
export const noShowDue = (endsAt: Date, now: Date) => endsAt.getTime() + noShowDelayMs <= now.getTime();

/**
 * Why an automatic promotion did not happen for one customer: a reason that concerns this
 * customer (payment) skips them; one that concerns the class (full, started, cancelled) or the
 * row (already promoted, left) stops or moves on without telling anyone.
 */
export function promotionFailure(reason: string): 'skip_customer' | 'stop' | 'next' {
  switch (reason) {
    case 'class_full':
    case 'class_cancelled':
    case 'class_started':
      return 'stop';
    case 'not_on_waitlist':
    case 'booking_not_found':
    case 'already_booked':
      return 'next';
    default:
      return 'skip_customer';
  }
}
