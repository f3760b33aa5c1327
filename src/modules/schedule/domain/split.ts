import type { LocalDate } from '../../../kernel/time.ts';
import { isoWeekday, parseSlotKey, slotKeyOf } from './recurrence.ts';

/**
 * "This and following": the series ends the day before the chosen class and a new series
 * carries on from it. Each class ahead moves to the new series (keeping its own one-off
 * changes), or, on a weekday the new pattern drops, is deleted when nobody booked it and kept
 * as it is when someone did. The i-th start time of the old pattern becomes the i-th of the new.
 */
export interface PatternTimes {
  weekdays: readonly number[];
  /** In the order staff entered them: index i of the old list maps to index i of the new one. */
  startMinutes: readonly number[];
}

export interface ClassAhead {
  id: string;
  slotKey: string;
  localDate: string;
  status: string;
  bookedCount: number;
}

export type SplitAction =
  | { action: 'move'; slotKey: string; startMinute: number; date: LocalDate }
  | { action: 'delete' }
  | { action: 'keep' };

/**
 * What happens to one class ahead. Example: Mon+Wed 18:00 → Mon 19:00: the Monday 18:00 class
 * moves to Monday 19:00 (slot `…T19:00` of the new series); the Wednesday one is deleted, or
 * kept if booked. A class already cancelled or deleted moves too (its row must follow the slot,
 * or the new series would make the class again), but is never revived.
 */
export function planMove(cls: ClassAhead, before: PatternTimes, after: PatternTimes): SplitAction {
  const slot = parseSlotKey(cls.slotKey);
  const slotDate = slot?.date ?? (cls.localDate as LocalDate);
  const index = slot ? before.startMinutes.indexOf(slot.minute) : -1;
  const minute = index >= 0 ? after.startMinutes[index] : undefined;
  if (minute !== undefined && after.weekdays.includes(isoWeekday(slotDate))) {
    return { action: 'move', slotKey: slotKeyOf(slotDate, minute), startMinute: minute, date: cls.localDate as LocalDate };
  }
  if (cls.status !== 'scheduled') return { action: 'keep' };
  return cls.bookedCount > 0 ? { action: 'keep' } : { action: 'delete' };
}

/** The keys of `input` whose value differs from `current` (undefined means "leave as is"). */
export function changedKeys<T extends object>(current: T, input: Partial<T>): (keyof T & string)[] {
  return (Object.keys(input) as (keyof T & string)[]).filter((k) => input[k] !== undefined && !sameValue(current[k], input[k]));
}

function sameValue(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => x === b[i]);
  return a === b;
}
