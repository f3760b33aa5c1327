import { addLocalDays } from '../../../../kernel/time.ts';

/**
 * Whether a customer may book a class now, and if not, why:
 * - `cancelled`: staff cancelled it (a deleted class is never shown, but reads as cancelled too);
 * - `started`: it has begun (or is over);
 * - `sales_closed`: inside the sales cutoff (booking closes `salesCutoffMin` minutes before the start);
 * - `full`: no spot left;
 * - `not_yet_open`: beyond the booking window (`bookingWindowDays` before the start), opening at `opensAt`;
 * - `open`: bookable.
 * The first reason that applies wins, in that order: a full class inside its cutoff reads
 * "sales closed", since no cancellation can make it bookable again.
 */
export type Bookability = 'open' | 'full' | 'cancelled' | 'started' | 'sales_closed' | 'not_yet_open';
export const bookabilities = ['open', 'full', 'cancelled', 'started', 'sales_closed', 'not_yet_open'] as const satisfies readonly Bookability[];

export interface BookableOccurrence {
  startsAt: Date;
  status: 'scheduled' | 'cancelled' | 'deleted';
  capacity: number;
  bookedCount: number;
  /** The class's zone (its location's): the booking window counts calendar days there. */
  timeZone: string;
}

export interface BookingRules {
  /** Minutes before the start when booking closes (0: until the start). */
  salesCutoffMin: number;
  /** How many days ahead customers may book; null: as far ahead as the schedule goes. */
  bookingWindowDays: number | null;
}

export interface BookabilityResult {
  bookability: Bookability;
  spotsLeft: number;
  /** When booking opens (null: no booking window). */
  opensAt: Date | null;
  /** When booking closes: the start minus the sales cutoff. */
  closesAt: Date;
}

const minuteMs = 60_000;

/**
 * The bookability of one class at `now`. The booking window opens at the same wall time
 * `bookingWindowDays` calendar days before the start, in the class's zone, so a window of 7
 * days on a Monday 18:00 class opens the Monday before at 18:00 even across a DST change.
 * Example (Europe/Paris, window 7 days): a class on 2025-03-31 18:00 +02:00 (16:00Z) opens on
 * 2025-03-24 18:00 +01:00 (17:00Z), 6 days 23 hours before.
 */
export function bookabilityOf(occurrence: BookableOccurrence, rules: BookingRules, now: Date): BookabilityResult {
  const spotsLeft = Math.max(0, occurrence.capacity - occurrence.bookedCount);
  const closesAt = new Date(occurrence.startsAt.getTime() - rules.salesCutoffMin * minuteMs);
  const opensAt = rules.bookingWindowDays === null ? null : addLocalDays(occurrence.startsAt, -rules.bookingWindowDays, occurrence.timeZone);
  const result = (bookability: Bookability): BookabilityResult => ({ bookability, spotsLeft, opensAt, closesAt });
  if (occurrence.status !== 'scheduled') return result('cancelled');
  if (now.getTime() >= occurrence.startsAt.getTime()) return result('started');
  if (now.getTime() >= closesAt.getTime()) return result('sales_closed');
  if (spotsLeft === 0) return result('full');
  if (opensAt !== null && now.getTime() < opensAt.getTime()) return result('not_yet_open');
  return result('open');
}
