import type { ConflictDto } from '../contracts.ts';

/**
 * A class the teacher or room of a new or changed class is already busy with. Two classes
 * clash when their half-open ranges [startsAt, endsAt) overlap: a class ending at 19:00 and
 * one starting at 19:00 do not.
 */
export interface BusyClass {
  occurrenceId: string;
  name: string;
  startsAt: Date;
  endsAt: Date;
  teacherClash: boolean;
  roomClash: boolean;
}

/** What a new or changed class needs: its range, and the teacher and room it takes. */
export interface PlannedClass {
  /** The occurrence being changed, which never clashes with itself; null for a new one. */
  occurrenceId: string | null;
  startsAt: Date;
  endsAt: Date;
  teacherId: string | null;
  roomId: string | null;
}

export const overlaps = (a: { startsAt: Date; endsAt: Date }, b: { startsAt: Date; endsAt: Date }) =>
  a.startsAt.getTime() < b.endsAt.getTime() && b.startsAt.getTime() < a.endsAt.getTime();

/** Only classes that take a teacher or a room can clash with anything. */
export const needsConflictCheck = (planned: PlannedClass) => planned.teacherId !== null || planned.roomId !== null;

/** One conflict per busy class and reason (teacher, room), earliest first, each listed once. */
export function toConflicts(busy: readonly BusyClass[]): ConflictDto[] {
  const seen = new Map<string, ConflictDto>();
  for (const b of busy) {
    const reasons: ConflictDto['reason'][] = [];
    if (b.teacherClash) reasons.push('teacher');
    if (b.roomClash) reasons.push('room');
    for (const reason of reasons) {
      const key = `${b.occurrenceId}:${reason}`;
      if (!seen.has(key)) {
        seen.set(key, { occurrenceId: b.occurrenceId, name: b.name, startsAt: b.startsAt.toISOString(), endsAt: b.endsAt.toISOString(), reason });
      }
    }
  }
  return [...seen.values()].sort((x, y) => x.startsAt.localeCompare(y.startsAt) || x.reason.localeCompare(y.reason));
}

/** The sentence staff read in the 409. */
export function describeConflicts(conflicts: readonly ConflictDto[]): string {
  const teacher = conflicts.filter((c) => c.reason === 'teacher').length;
  const room = conflicts.filter((c) => c.reason === 'room').length;
  const parts = [teacher ? `the teacher already teaches ${teacher} overlapping class(es)` : '', room ? `the room is taken by ${room} overlapping class(es)` : ''];
  return `This schedule clashes: ${parts.filter(Boolean).join(' and ')}. Save again with confirmConflicts to keep it.`;
}
