import type { FieldError } from '../../../kernel/errors.ts';
import { compareLocalDates, type LocalDate } from '../../../kernel/time.ts';
import type { EventKind, Pattern, ScheduleDate } from '../contracts.ts';
import { parseWallTime } from './recurrence.ts';

/** The shape of a series as staff asked for it, before any look-up (template, place, teacher). */
export interface SeriesShape {
  kind: EventKind;
  pattern: Pattern;
  weekdays: readonly number[];
  startTimes: readonly string[];
  startDate?: string | undefined;
  endDate: string | null;
  dates: readonly ScheduleDate[];
  locationId: string | null;
  roomId: string | null;
  online: boolean;
}

/**
 * Every rule of a series' shape that needs no look-up, as field errors (empty: fine).
 * - weekly: weekdays, start times (distinct) and a start date; an end on or after the start;
 * - semester: weekly, with an end date (it is scheduled to its end at once);
 * - dates: at least one date; a date's end (retreats span days) comes after its start;
 * - a class happens somewhere: a location, or online; a room only within a location.
 */
export function checkSeriesShape(s: SeriesShape): FieldError[] {
  const errors: FieldError[] = [];
  const add = (path: string, message: string) => errors.push({ path, message });
  if (s.pattern === 'weekly') {
    if (s.weekdays.length === 0) add('weekdays', 'Choose at least one weekday.');
    if (new Set(s.weekdays).size !== s.weekdays.length) add('weekdays', 'A weekday is listed twice.');
    if (s.startTimes.length === 0) add('startTimes', 'Give at least one start time.');
    if (new Set(s.startTimes).size !== s.startTimes.length) add('startTimes', 'A start time is listed twice.');
    if (!s.startDate) add('startDate', 'A weekly schedule needs a start date.');
    else if (s.endDate && compareLocalDates(s.endDate as LocalDate, s.startDate as LocalDate) < 0) add('endDate', 'The end date is before the start date.');
  } else {
    if (s.dates.length === 0) add('dates', 'Give at least one date.');
    s.dates.forEach((d, i) => {
      const problem = dateEndProblem(d);
      if (problem) add(`dates.${i}.endTime`, problem);
    });
  }
  if (s.kind === 'semester') {
    if (s.pattern !== 'weekly') add('pattern', 'A semester follows a weekly pattern.');
    else if (!s.endDate) add('endDate', 'A semester needs an end date.');
  }
  if (!s.online && s.locationId === null) add('locationId', 'Choose a location, or make the class online.');
  if (s.roomId !== null && s.locationId === null) add('roomId', 'A room belongs to a location: choose the location too.');
  return errors;
}

/** A date with an explicit end must end after it starts (a retreat may end days later). */
export function dateEndProblem(d: ScheduleDate): string | null {
  if (d.endDate === undefined && d.endTime === undefined) return null;
  const endDate = (d.endDate ?? d.date) as LocalDate;
  const order = compareLocalDates(endDate, d.date as LocalDate);
  if (order < 0) return 'The end is before the start.';
  if (order === 0 && d.endTime !== undefined && parseWallTime(d.endTime) <= parseWallTime(d.startTime)) return 'The end is before the start.';
  if (order > 0 && d.endTime === undefined) return 'Give the end time of the last day.';
  return null;
}
