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

/** A class ahead, with the fields a split may change. */
export interface SplitClass extends ClassAhead {
  startsAt: Date;
  endsAt: Date;
  timeZone: string;
  capacity: number;
  teacherId: string | null;
  substitutedFor: string | null;
  locationId: string | null;
  roomId: string | null;
  online: boolean;
  videoUrl: string | null;
}

/** The new series the classes ahead move to. */
export interface SplitTarget extends PatternTimes {
  seriesId: string;
  durationMin: number;
  timeZone: string;
  teacherId: string | null;
  locationId: string | null;
  roomId: string | null;
  capacity: number;
  online: boolean;
  videoUrl: string | null;
}

type Patch = Partial<Pick<SplitClass, 'slotKey' | 'startsAt' | 'endsAt' | 'timeZone' | 'capacity' | 'teacherId' | 'substitutedFor' | 'locationId' | 'roomId' | 'online' | 'videoUrl'>> & {
  seriesId: string;
  slotKey: string;
};

export interface ClassMove {
  cls: SplitClass;
  patch: Patch;
  /** The class's own fields that change (for `class.updated.v1`); empty when only its series does. */
  changed: string[];
  /** Where and when it is once moved (for the conflict check). */
  after: { startsAt: Date; endsAt: Date; teacherId: string | null; roomId: string | null };
}

export interface SplitPlan {
  moves: ClassMove[];
  /** Free classes on a dropped weekday or time: deleted. */
  deletes: SplitClass[];
  /** Booked classes on a dropped weekday or time: left as they are, for staff. */
  kept: SplitClass[];
}

const carried = ['teacherId', 'locationId', 'roomId', 'capacity', 'online', 'videoUrl'] as const;
const minuteMs = 60_000;

/**
 * What a "this and following" edit does to each class ahead, given the series' fields that
 * changed (`changed`, as in the edit). A class keeps its one-off changes except in the fields
 * that changed; times are recomputed in the new zone only when the pattern's times, the
 * duration or the zone change. `instantOf` converts a wall time (recurrence.ts).
 */
export function planSplit(
  ahead: readonly SplitClass[],
  before: PatternTimes,
  target: SplitTarget,
  changed: readonly string[],
  instantOf: (date: LocalDate, minute: number, timeZone: string) => Date,
): SplitPlan {
  const plan: SplitPlan = { moves: [], deletes: [], kept: [] };
  const retime = ['weekdays', 'startTimes', 'durationMin'].some((f) => changed.includes(f)) || ahead.some((c) => c.timeZone !== target.timeZone);
  for (const cls of ahead) {
    const action = planMove(cls, before, target);
    if (action.action === 'delete') plan.deletes.push(cls);
    else if (action.action === 'keep') {
      if (cls.status === 'scheduled') plan.kept.push(cls);
    } else {
      const patch: Patch = { seriesId: target.seriesId, slotKey: action.slotKey };
      for (const f of carried) if (changed.includes(f)) Object.assign(patch, { [f]: target[f] });
      if (changed.includes('teacherId')) patch.substitutedFor = null;
      if (retime) {
        const durationMin = changed.includes('durationMin') ? target.durationMin : Math.round((cls.endsAt.getTime() - cls.startsAt.getTime()) / minuteMs);
        patch.timeZone = target.timeZone;
        patch.startsAt = instantOf(action.date, action.startMinute, target.timeZone);
        patch.endsAt = new Date(patch.startsAt.getTime() + durationMin * minuteMs);
      }
      const merged = { ...cls, ...patch };
      const fieldsChanged = (Object.keys(patch) as (keyof Patch)[]).filter((k) => k !== 'seriesId' && k !== 'slotKey' && !sameInstantOrValue(cls[k], merged[k]));
      plan.moves.push({ cls, patch, changed: fieldsChanged, after: { startsAt: merged.startsAt, endsAt: merged.endsAt, teacherId: merged.teacherId, roomId: merged.roomId } });
    }
  }
  return plan;
}

function sameInstantOrValue(a: unknown, b: unknown): boolean {
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  return a === b;
}
