import { addDays, compareLocalDates, daysBetween, type LocalDate } from '../../../kernel/time.ts';

export type IntervalUnit = 'day' | 'week' | 'month';

const daysInMonth = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();
const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** The day of month of a date ('2025-01-31' → 31): what monthly renewals aim for. */
export function dayOfMonth(date: LocalDate): number {
  return Number(date.slice(8, 10));
}

/**
 * Adds `count` months to a local date, landing on `anchorDay` or the month's last day when the
 * month is shorter (the month-end rule). Calendar arithmetic on local dates in the studio's
 * zone, so a period never drifts: Jan 31 → Feb 28 → Mar 31 → Apr 30 (anchor 31), and in a leap
 * year Jan 31 → Feb 29.
 */
export function addMonthsAnchored(date: LocalDate, count: number, anchorDay: number): LocalDate {
  const year = Number(date.slice(0, 4));
  const month0 = Number(date.slice(5, 7)) - 1 + count;
  const y = year + Math.floor(month0 / 12);
  const m = ((month0 % 12) + 12) % 12 + 1;
  const day = Math.min(anchorDay, daysInMonth(y, m));
  return `${pad(y, 4)}-${pad(m)}-${pad(day)}` as LocalDate;
}

/** The end (exclusive) of the period that starts on `start`: the next renewal date. */
export function addInterval(start: LocalDate, count: number, unit: IntervalUnit, anchorDay: number): LocalDate {
  switch (unit) {
    case 'day':
      return addDays(start, count);
    case 'week':
      return addDays(start, 7 * count);
    case 'month':
      return addMonthsAnchored(start, count, anchorDay);
  }
}

/** True when `date` lies in [start, end); a null end never ends. */
export function inPeriod(date: LocalDate, start: LocalDate, end: LocalDate | null): boolean {
  return compareLocalDates(date, start) >= 0 && (end === null || compareLocalDates(date, end) < 0);
}

/**
 * Moves a period end by the days a freeze lasted. The anchor follows the new date, so the
 * following renewals keep the moved day (a renewal on the 10th frozen 5 days renews on the 15th
 * from then on).
 */
export function shiftByFreeze(periodEnd: LocalDate, frozenFrom: LocalDate, frozenUntil: LocalDate): { periodEnd: LocalDate; anchorDay: number; days: number } {
  const days = Math.max(0, daysBetween(frozenFrom, frozenUntil));
  const moved = addDays(periodEnd, days);
  return { periodEnd: moved, anchorDay: dayOfMonth(moved), days };
}

/**
 * When a failed renewal is tried again: +1 day after the first failure, +3 days after the
 * second, +5 days after the third; after the fourth failure the membership expires (null).
 */
export const renewalRetryDays: readonly number[] = [1, 3, 5];

export function nextRetryDays(failedAttempts: number): number | null {
  return renewalRetryDays[failedAttempts - 1] ?? null;
}
