import { addLocalDays, daysBetween, instantToZoned, startOfLocalDay, zonedToInstant, type LocalDate } from '../../../kernel/time.ts';

/**
 * Penalty rules (seed 001 "règles de prélèvement automatique"): a fee for late cancels or
 * no-shows, applied at the k-th offence of a customer within a period. Pure: the caller counts.
 */

export type CountMode = 'every' | 'minimum' | 'exactly';
export type PeriodKind = 'days' | 'months' | 'renewal_period';

/**
 * Does the fee apply at the customer's k-th offence (k counts this one, k ≥ 1)?
 * - every N: at the N-th, 2N-th, … ("every 2nd no-show": 2, 4, 6; every 1st = every offence);
 * - minimum N: at the N-th and each one after ("from the 3rd on": 3, 4, 5, …);
 * - exactly N: only at the N-th (2 and never again in the period).
 */
export function ruleAppliesAt(mode: CountMode, n: number, k: number): boolean {
  if (!Number.isInteger(n) || n < 1 || !Number.isInteger(k) || k < 1) return false;
  switch (mode) {
    case 'every':
      return k % n === 0;
    case 'minimum':
      return k >= n;
    case 'exactly':
      return k === n;
  }
}

/** A membership's current period as memberships keeps it: local dates in its zone, end exclusive. */
export interface RenewalPeriod {
  periodStart: LocalDate;
  periodEnd: LocalDate | null;
  timeZone: string;
}

/**
 * The first instant counted for an offence at `at` (offences in [start, at] count):
 * - days N: the same wall time N calendar days earlier in the studio's zone (30 days before
 *   2026-04-10 18:00 Paris is 2026-03-11 18:00 Paris, 30 × 24 h minus the DST hour);
 * - months N: the same wall time and day N months earlier, clamped to the month's last day
 *   (1 month before 2026-03-31 12:00 is 2026-02-28 12:00);
 * - renewal_period: the first instant of the membership's current period, in its zone (a
 *   monthly membership renewed on 2026-03-15 counts from 2026-03-15 00:00 and starts over at the
 *   next renewal). Null when there is no such period (the booking was not paid by a membership):
 *   the rule then does not apply.
 */
export function lookBackStart(
  rule: { periodKind: PeriodKind; periodN: number | null },
  at: Date,
  timeZone: string,
  renewal: RenewalPeriod | null = null,
): Date | null {
  switch (rule.periodKind) {
    case 'days':
      return addLocalDays(at, -(rule.periodN ?? 0), timeZone);
    case 'months': {
      const wall = instantToZoned(at, timeZone);
      const date = addMonthsClamped(wall.date, -(rule.periodN ?? 0));
      // Seconds are kept so that an offence exactly N months apart still counts.
      return new Date(zonedToInstant({ date, minute: wall.minute, timeZone }).getTime() + (at.getTime() % 60_000));
    }
    case 'renewal_period':
      return renewal ? startOfLocalDay(renewal.periodStart, renewal.timeZone) : null;
  }
}

/** Calendar months added to a date, the day clamped to the target month's length (Jan 31 + 1 → Feb 28). */
export function addMonthsClamped(date: LocalDate, months: number): LocalDate {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const first = `${pad(year, 4)}-${pad(month, 2)}-01` as LocalDate;
  const nextIndex = index + 1;
  const nextFirst = `${pad(Math.floor(nextIndex / 12), 4)}-${pad((nextIndex % 12) + 1, 2)}-01` as LocalDate;
  const day = Math.min(d, daysBetween(first, nextFirst));
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}` as LocalDate;
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** Whether a rule counts this offence at all: same kind, and a plan it names (no plans: every booking). */
export function ruleMatches(rule: { offence: string; planIds: readonly string[]; active: boolean }, offence: string, planId: string | null): boolean {
  if (!rule.active || rule.offence !== offence) return false;
  return rule.planIds.length === 0 || (planId !== null && rule.planIds.includes(planId));
}
