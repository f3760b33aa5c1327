import { addDays, compareLocalDates, daysBetween, instantToZoned, zonedToInstant, type LocalDate } from '../../../kernel/time.ts';

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
const wallTimePattern = /^([01]\d|2[0-3]):([0-5]\d)$/;
/** 2024-01-01 was a Monday: the anchor for ISO weekdays. */
const knownMonday = '2024-01-01' as LocalDate;

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

/** ISO weekday of a date: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: LocalDate): number {
  return ((((daysBetween(knownMonday, date) % 7) + 7) % 7) as number) + 1;
}

// Many series share a zone and start times (300 series × 52 weeks repeat the same few wall
// times), and each conversion costs ~20 µs through Temporal: remembering them keeps a year of
// materialisation cheap. Bounded, and keyed by everything the result depends on.
const instantCache = new Map<string, number>();
const instantCacheLimit = 200_000;

/** The instant of a wall time in a zone (kernel/time.ts's DST policy), memoised. */
export function wallTimeInstant(date: LocalDate, minute: number, timeZone: string): Date {
  const key = `${timeZone}|${date}|${minute}`;
  let epochMs = instantCache.get(key);
  if (epochMs === undefined) {
    epochMs = zonedToInstant({ date, minute, timeZone }).getTime();
    if (instantCache.size >= instantCacheLimit) instantCache.clear();
    instantCache.set(key, epochMs);
  }
  return new Date(epochMs);
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
  const first = compareLocalDates(from, pattern.startDate) < 0 ? pattern.startDate : from;
  const last = pattern.endDate !== null && compareLocalDates(pattern.endDate, to) < 0 ? pattern.endDate : to;
  const days = daysBetween(first, last);
  if (days < 0) return [];
  const weekdays = new Set(pattern.weekdays);
  const minutes = [...pattern.startMinutes].sort((a, b) => a - b);
  const slots: Slot[] = [];
  let weekday = isoWeekday(first);
  for (let i = 0; i <= days; i++, weekday = (weekday % 7) + 1) {
    if (!weekdays.has(weekday)) continue;
    const date = addDays(first, i);
    for (const minute of minutes) slots.push(slotAt(date, minute, pattern.durationMin, pattern.timeZone));
  }
  return slots;
}

/** The wall clock of an instant in a zone as `{ date, time: 'HH:MM' }`, for DTOs. */
export function wallClockOf(instant: Date, timeZone: string): { date: LocalDate; time: string } {
  const zoned = instantToZoned(instant, timeZone);
  return { date: zoned.date, time: formatWallTime(zoned.minute) };
}
