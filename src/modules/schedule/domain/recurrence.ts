import { addDays, compareLocalDates, instantToZoned, startOfLocalDay, zonedToInstant, type LocalDate } from '../../../kernel/time.ts';

/**
 * Weekly recurrence: ISO weekdays × local start minutes in one IANA zone. A slot keeps its wall
 * time across DST (a Monday 18:00 class is at 18:00 in March and in November; only its UTC
 * instant moves). A start time that does not exist that day (spring-forward gap) moves forward
 * by the gap; one that happens twice (fall-back) takes the first — kernel/time.ts's policy.
 */
export interface WeeklyPattern {
  /** ISO weekdays, 1 = Monday … 7 = Sunday. */
  weekdays: readonly number[];
  /** Minutes after local midnight, 0..1439. */
  startMinutes: readonly number[];
  durationMin: number;
  timeZone: string;
  startDate: LocalDate;
  endDate: LocalDate | null;
}

/** One dated class a series should have. `slotKey` names it within its series for ever. */
export interface Slot {
  /** `YYYY-MM-DDTHH:MM`: the slot's date and its planned (not DST-shifted) wall time. */
  slotKey: string;
  localDate: LocalDate;
  startMinute: number;
  startsAt: Date;
  endsAt: Date;
}

const minuteMs = 60_000;
/** Midnight UTC of a date's calendar day, in ms: pure arithmetic on 'YYYY-MM-DD', no zone involved. */
const utcMidnightMs = (date: LocalDate) => Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
const wallTimePattern = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** '18:30' → 1110. Throws on anything that is not HH:MM between 00:00 and 23:59. */
export function parseWallTime(value: string): number {
  const match = wallTimePattern.exec(value);
  if (!match) throw new RangeError(`Invalid wall time ${JSON.stringify(value)}: expected HH:MM`);
  return Number(match[1]) * 60 + Number(match[2]);
}

/** 1110 → '18:30'. */
export function formatWallTime(minute: number): string {
  if (!Number.isInteger(minute) || minute < 0 || minute > 1439) throw new RangeError(`Invalid minute ${minute}`);
  return `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
}

export const slotKeyOf = (date: LocalDate, minute: number) => `${date}T${formatWallTime(minute)}`;

/** '2025-03-31T18:00' → { date: '2025-03-31', minute: 1080 }; null for a dates series' key (an id). */
export function parseSlotKey(slotKey: string): { date: LocalDate; minute: number } | null {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})$/.exec(slotKey);
  return match ? { date: match[1] as LocalDate, minute: parseWallTime(match[2]!) } : null;
}

const dayMs = 24 * 60 * minuteMs;
/** Days since 1970-01-01 of a calendar date, and back: plain arithmetic on the proleptic Gregorian calendar. */
const epochDayOf = (date: LocalDate) => Math.round(utcMidnightMs(date) / dayMs);
const dateOfEpochDay = (day: number) => new Date(day * dayMs).toISOString().slice(0, 10) as LocalDate;

/** ISO weekday of a date: 1 = Monday … 7 = Sunday (1970-01-01 was a Thursday). */
export function isoWeekday(date: LocalDate): number {
  return ((((epochDayOf(date) + 3) % 7) + 7) % 7) + 1;
}

/**
 * The UTC offset of a local day, when it has one: on the ~363 days a year without a DST change
 * every wall time of the day maps to an instant by plain arithmetic. Learnt once per zone and
 * date through kernel/time.ts (three conversions) and remembered, since a year of classes for
 * hundreds of series touches each (zone, date) many times; null on a day with a change.
 * Example: Europe/Paris 2025-03-31 → 120 (the whole day is +02:00); 2025-03-30 → null.
 */
const dayOffsets = new Map<string, number | null>();
const dayOffsetsLimit = 100_000;

function uniformOffsetOf(date: LocalDate, timeZone: string): number | null {
  const key = `${timeZone}|${date}`;
  let offset = dayOffsets.get(key);
  if (offset === undefined) {
    const first = instantToZoned(startOfLocalDay(date, timeZone), timeZone);
    const last = instantToZoned(new Date(startOfLocalDay(addDays(date, 1), timeZone).getTime() - 1), timeZone);
    // A day that starts after 00:00 lost its first hour to a jump at midnight (Santiago).
    offset = first.minute === 0 && first.offsetMinutes === last.offsetMinutes ? first.offsetMinutes : null;
    if (dayOffsets.size >= dayOffsetsLimit) dayOffsets.clear();
    dayOffsets.set(key, offset);
  }
  return offset;
}

/**
 * The instant of a wall time in a zone, under kernel/time.ts's DST policy. On a day with one
 * offset the wall clock is linear (18:00 at +01:00 is 17:00Z); a day with a DST change goes
 * through `zonedToInstant`, which moves a missing time forward and takes the first of a
 * repeated one.
 */
export function wallTimeInstant(date: LocalDate, minute: number, timeZone: string): Date {
  const offset = uniformOffsetOf(date, timeZone);
  if (offset === null) return zonedToInstant({ date, minute, timeZone });
  return new Date(utcMidnightMs(date) + (minute - offset) * minuteMs);
}

/** A slot at `minute` on `date`, lasting `durationMin` minutes of elapsed time. */
export function slotAt(date: LocalDate, minute: number, durationMin: number, timeZone: string): Slot {
  const startsAt = wallTimeInstant(date, minute, timeZone);
  return { slotKey: slotKeyOf(date, minute), localDate: date, startMinute: minute, startsAt, endsAt: new Date(startsAt.getTime() + durationMin * minuteMs) };
}

/**
 * The slots of a weekly pattern on the local dates `from`..`to` (both included), clipped to the
 * pattern's own start and end dates, in date then start-time order.
 * Example: Mondays and Wednesdays at 18:00 in Europe/Paris from 2025-03-24 to 2025-04-02 →
 * 03-24T18:00 (17:00Z), 03-26T18:00 (17:00Z), 03-31T18:00 (16:00Z: summer time), 04-02T18:00 (16:00Z).
 */
export function expandWeekly(pattern: WeeklyPattern, from: LocalDate, to: LocalDate): Slot[] {
  const first = epochDayOf(compareLocalDates(from, pattern.startDate) < 0 ? pattern.startDate : from);
  const last = epochDayOf(pattern.endDate !== null && compareLocalDates(pattern.endDate, to) < 0 ? pattern.endDate : to);
  const weekdays = new Set(pattern.weekdays);
  const minutes = [...pattern.startMinutes].sort((a, b) => a - b);
  const slots: Slot[] = [];
  for (let day = first; day <= last; day++) {
    if (!weekdays.has(((((day + 3) % 7) + 7) % 7) + 1)) continue;
    const date = dateOfEpochDay(day);
    for (const minute of minutes) slots.push(slotAt(date, minute, pattern.durationMin, pattern.timeZone));
  }
  return slots;
}

/** The wall clock of an instant in a zone as `{ date, time: 'HH:MM' }`, for DTOs. */
export function wallClockOf(instant: Date, timeZone: string): { date: LocalDate; time: string } {
  const zoned = instantToZoned(instant, timeZone);
  return { date: zoned.date, time: formatWallTime(zoned.minute) };
}
