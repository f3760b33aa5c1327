import { Temporal } from 'temporal-polyfill';

/**
 * Local ↔ instant conversion lives here and nowhere else (STYLE.md §7). Instants are `Date`s,
 * calendar dates are `LocalDate` strings, wall times are minutes after local midnight plus an
 * IANA zone. Nothing here reads the host's zone: every conversion names its zone explicitly.
 *
 * DST policy, applied by `zonedToInstant` and `addLocalDays`:
 * - a wall time that does not exist (spring-forward gap) moves forward by the length of the gap;
 * - a wall time that happens twice (fall-back overlap) takes the earlier offset, i.e. the first occurrence.
 * This is Temporal's `disambiguation: 'compatible'`, which is also what RFC 5545 (iCalendar) prescribes.
 */

/** A calendar date, `YYYY-MM-DD`, with no zone attached (membership end, pay period, birthday). */
export type LocalDate = string & { readonly __brand: 'LocalDate' };

/** What `instantToZoned` returns: the wall clock and offset of one instant in one zone. */
export interface ZonedTime {
  date: LocalDate;
  /** Minutes after local midnight on the wall clock, 0..1439 (seconds are dropped). */
  minute: number;
  /**
   * Offset from UTC in minutes, east positive (Paris in summer: 120, New York in winter: -300).
   * Whole for every offset in use since 1972; local mean times before then can be fractional.
   */
  offsetMinutes: number;
}

export interface ZonedWallTime {
  date: LocalDate;
  /** Minutes after local midnight, 0..1439: 18:30 is 1110. */
  minute: number;
  /** IANA name, e.g. `Europe/Paris`. */
  timeZone: string;
}

const localDatePattern = /^\d{4}-\d{2}-\d{2}$/;
const minutesPerDay = 24 * 60;
const nanosecondsPerMinute = 60_000_000_000;

export function isLocalDate(value: unknown): value is LocalDate {
  return typeof value === 'string' && toPlainDateOrNull(value) !== null;
}

/** Validates a `YYYY-MM-DD` string that names an existing day: '2024-02-29' passes, '2025-02-29' throws. */
export function parseLocalDate(value: string): LocalDate {
  if (!isLocalDate(value)) throw invalidLocalDate(value);
  return value;
}

/**
 * Calendar arithmetic, no zone involved.
 * Example: addDays('2025-02-27', 2) = '2025-03-01'; addDays('2024-02-27', 2) = '2024-02-29' (leap year).
 */
export function addDays(date: LocalDate, days: number): LocalDate {
  assertWholeNumber(days, 'days');
  return fromPlainDate(toPlainDate(date).add({ days }));
}

/** Orders two dates for `Array.prototype.sort`: -1, 0 or 1. */
export function compareLocalDates(a: LocalDate, b: LocalDate): -1 | 0 | 1 {
  const order = Temporal.PlainDate.compare(toPlainDate(a), toPlainDate(b));
  return order < 0 ? -1 : order > 0 ? 1 : 0;
}

/**
 * Whole days from `from` to `to`, negative when `to` is earlier.
 * Example: daysBetween('2025-03-01', '2025-03-31') = 30; daysBetween('2024-02-28', '2024-03-01') = 2.
 */
export function daysBetween(from: LocalDate, to: LocalDate): number {
  return toPlainDate(from).until(toPlainDate(to), { largestUnit: 'days' }).days;
}

/**
 * True for IANA zone names only, spelled as in the tz database ('Europe/Paris', 'UTC', 'Etc/GMT+5').
 * Offsets such as '+02:00' are rejected: a location's clock follows its zone's DST rules, which a
 * fixed offset can't express. Other spellings ('europe/paris') are rejected too, so a stored zone
 * has exactly one spelling and can be compared with `===`.
 */
export function isValidTimeZone(timeZone: string): boolean {
  if (typeof timeZone !== 'string' || timeZone === '' || /^[+\-\u2212]/.test(timeZone)) return false;
  try {
    return new Temporal.ZonedDateTime(0n, timeZone).timeZoneId === timeZone;
  } catch {
    return false;
  }
}

let timeZoneList: readonly string[] | undefined;

/** The zones this runtime knows, sorted, for pickers. ICU leaves out 'UTC', so it is added. */
export function listTimeZones(): readonly string[] {
  timeZoneList ??= Object.freeze([...new Set([...Intl.supportedValuesOf('timeZone'), 'UTC'])].sort());
  return timeZoneList;
}

/**
 * The instant at which the wall clock in `timeZone` shows `minute` on `date`, under the DST policy above.
 * Examples (Europe/Paris; 2025-03-30 jumps 02:00 → 03:00, 2025-10-26 falls back 03:00 → 02:00):
 * - 2025-03-30 18:00 → 2025-03-30T16:00:00Z (summer time, +02:00);
 * - 2025-03-30 02:30 doesn't exist → read as 03:30 +02:00 → 2025-03-30T01:30:00Z;
 * - 2025-10-26 02:30 happens at 00:30Z (+02:00) and at 01:30Z (+01:00) → 2025-10-26T00:30:00Z.
 */
export function zonedToInstant({ date, minute, timeZone }: ZonedWallTime): Date {
  assertMinuteOfDay(minute);
  const steady = steadyOffsetOf(date, timeZone);
  if (steady !== null) return new Date(utcMidnightMs(date) + (minute - steady) * 60_000);
  const wallTime = toPlainDate(date).toPlainDateTime({ hour: Math.floor(minute / 60), minute: minute % 60 });
  return toDate(wallTime.toZonedDateTime(timeZone, { disambiguation: 'compatible' }));
}

/**
 * A year of classes needs tens of thousands of conversions, and Temporal's zone arithmetic is
 * the slow part (0.1–0.2 ms each here). Most days keep one UTC offset from midnight to
 * midnight; for those the instant is plain arithmetic, so each (zone, date) is examined once
 * and remembered. A day with a transition, or whose midnight doesn't exist, answers null and
 * takes Temporal's path. Zone rules don't change while the process runs; the memo is bounded.
 */
const steadyOffsets = new Map<string, number | null>();
const maxSteadyOffsets = 200_000;

function steadyOffsetOf(date: LocalDate, timeZone: string): number | null {
  const key = `${timeZone} ${date}`;
  const known = steadyOffsets.get(key);
  if (known !== undefined) return known;
  toPlainDate(date);
  assertTimeZone(timeZone);
  const midnightUtc = utcMidnightMs(date);
  const guess = offsetMinutesAt(midnightUtc, timeZone);
  let steady: number | null = null;
  if (guess !== null) {
    // Local midnight and the next one under that offset, and the minute before midnight:
    // one offset at all three means no transition at or inside the day (there is at most one).
    const start = midnightUtc - guess * 60_000;
    const end = start + 86_400_000;
    const same = [start - 60_000, start, end].every((at) => offsetMinutesAt(at, timeZone) === guess);
    steady = same ? guess : null;
  }
  if (steadyOffsets.size >= maxSteadyOffsets) steadyOffsets.clear();
  steadyOffsets.set(key, steady);
  return steady;
}

const offsetFormats = new Map<string, Intl.DateTimeFormat>();

/** The zone's UTC offset in whole minutes at an instant, or null for a seconds offset (local mean time). */
function offsetMinutesAt(epochMs: number, timeZone: string): number | null {
  let format = offsetFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset', year: 'numeric' });
    offsetFormats.set(timeZone, format);
  }
  const name = format.formatToParts(epochMs).find((p) => p.type === 'timeZoneName')?.value ?? '';
  if (name === 'GMT') return 0;
  const match = /^GMT([+-])(\d{2}):(\d{2})$/.exec(name);
  if (!match) return null;
  return (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3]));
}

/** Midnight UTC of `date`, which `steadyOffsetOf` has already checked is a real day. */
function utcMidnightMs(date: LocalDate): number {
  const at = new Date(0);
  at.setUTCFullYear(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
  return at.getTime();
}

/**
 * The wall clock in `timeZone` at `instant`. Both occurrences of a repeated time map back to the
 * same date and minute and differ only in offset.
 * Examples (Europe/Paris):
 * - 2025-03-30T01:30:00Z → { date: '2025-03-30', minute: 210 (03:30), offsetMinutes: 120 };
 * - 2025-10-26T00:30:00Z → { date: '2025-10-26', minute: 150 (02:30), offsetMinutes: 120 };
 * - 2025-10-26T01:30:00Z → { date: '2025-10-26', minute: 150 (02:30), offsetMinutes: 60 }.
 */
export function instantToZoned(instant: Date, timeZone: string): ZonedTime {
  const zoned = toZoned(instant, timeZone);
  return {
    date: fromPlainDate(zoned.toPlainDate()),
    minute: zoned.hour * 60 + zoned.minute,
    offsetMinutes: zoned.offsetNanoseconds / nanosecondsPerMinute,
  };
}

/**
 * The calendar date in `timeZone` at `instant`.
 * Example: 2025-03-29T23:30:00Z is '2025-03-30' in Europe/Paris (00:30 +01:00) but '2025-03-29' in UTC.
 */
export function localDateOf(instant: Date, timeZone: string): LocalDate {
  return fromPlainDate(toZoned(instant, timeZone).toPlainDate());
}

/**
 * The first instant of `date` in `timeZone`. Usually local midnight, but where a DST jump happens
 * at midnight the day starts at the first wall time that exists.
 * Examples:
 * - Europe/Paris 2025-03-30 → 2025-03-29T23:00:00Z (00:00 +01:00; this day lasts 23 hours);
 * - America/Santiago 2025-09-07: clocks jump 00:00 → 01:00, so the day starts at 01:00 -03:00
 *   → 2025-09-07T04:00:00Z;
 * - Asia/Beirut 2024-03-31: same jump at midnight → 01:00 +03:00 → 2024-03-30T22:00:00Z.
 */
export function startOfLocalDay(date: LocalDate, timeZone: string): Date {
  assertTimeZone(timeZone);
  return toDate(toPlainDate(date).toZonedDateTime({ timeZone }));
}

/**
 * Moves `instant` by `days` calendar days in `timeZone`, keeping the wall time, so a weekly class
 * stays at 18:00 across a DST change; the elapsed time is then 23 or 25 hours per day crossed.
 * A wall time that lands in a gap or an overlap follows the DST policy above.
 * Examples (Europe/Paris):
 * - 2025-03-29T17:00:00Z (18:00 +01:00) + 1 → 2025-03-30T16:00:00Z (18:00 +02:00), 23 hours later;
 * - 2025-03-29T01:30:00Z (02:30 +01:00) + 1 → 02:30 doesn't exist on the 30th → 03:30 +02:00
 *   → 2025-03-30T01:30:00Z;
 * - 2025-10-25T00:30:00Z (02:30 +02:00) + 1 → 02:30 happens twice on the 26th → the first,
 *   2025-10-26T00:30:00Z.
 */
export function addLocalDays(instant: Date, days: number, timeZone: string): Date {
  assertWholeNumber(days, 'days');
  return toDate(toZoned(instant, timeZone).add({ days }));
}

function toPlainDateOrNull(value: string): Temporal.PlainDate | null {
  if (!localDatePattern.test(value)) return null;
  try {
    return Temporal.PlainDate.from(value, { overflow: 'reject' });
  } catch {
    return null;
  }
}

function toPlainDate(date: LocalDate): Temporal.PlainDate {
  // The brand can be forged with a cast, so the string is checked again on the way in.
  const plainDate = toPlainDateOrNull(date);
  if (plainDate === null) throw invalidLocalDate(date);
  return plainDate;
}

function invalidLocalDate(value: unknown): RangeError {
  return new RangeError(`Invalid LocalDate ${JSON.stringify(value)}: expected an existing calendar date as YYYY-MM-DD`);
}

function fromPlainDate(plainDate: Temporal.PlainDate): LocalDate {
  const text = plainDate.toString();
  // Years outside 0000..9999 print as '+010000-01-01', which is not a LocalDate.
  if (!localDatePattern.test(text)) {
    throw new RangeError(`Date ${text} is outside the years 0000..9999 that a LocalDate can hold`);
  }
  return text as LocalDate;
}

function toZoned(instant: Date, timeZone: string): Temporal.ZonedDateTime {
  assertTimeZone(timeZone);
  const epochMs = instant.getTime();
  if (Number.isNaN(epochMs)) throw new RangeError('Invalid instant: the Date is an Invalid Date');
  return Temporal.Instant.fromEpochMilliseconds(epochMs).toZonedDateTimeISO(timeZone);
}

function toDate(zoned: Temporal.ZonedDateTime): Date {
  return new Date(zoned.epochMilliseconds);
}

function assertTimeZone(timeZone: string): void {
  if (!isValidTimeZone(timeZone)) {
    throw new RangeError(`Invalid time zone ${JSON.stringify(timeZone)}: expected an IANA name such as Europe/Paris`);
  }
}

function assertMinuteOfDay(minute: number): void {
  if (!Number.isInteger(minute) || minute < 0 || minute >= minutesPerDay) {
    throw new RangeError(`Invalid minute ${minute}: expected a whole number of minutes after midnight, 0..1439`);
  }
}

function assertWholeNumber(value: number, name: string): void {
  if (!Number.isSafeInteger(value)) {
    throw new RangeError(`Invalid ${name} ${value}: expected a whole number`);
  }
}
