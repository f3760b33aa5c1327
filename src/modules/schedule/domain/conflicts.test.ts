import { describe, expect, it } from 'vitest';
import { describeConflicts, overlaps, toConflicts, type BusyClass } from './conflicts.ts';

const at = (iso: string) => new Date(iso);
const busy = (id: string, start: string, teacherClash: boolean, roomClash: boolean): BusyClass => ({
  occurrenceId: id,
  name: `Class ${id}`,
  startsAt: at(start),
  endsAt: new Date(at(start).getTime() + 3_600_000),
  teacherClash,
  roomClash,
});

describe('conflicts', () => {
  it('treats ranges as half-open: back-to-back classes do not clash', () => {
    const a = { startsAt: at('2027-03-01T17:00:00Z'), endsAt: at('2027-03-01T18:00:00Z') };

    expect(overlaps(a, { startsAt: at('2027-03-01T18:00:00Z'), endsAt: at('2027-03-01T19:00:00Z') })).toBe(false);
    expect(overlaps(a, { startsAt: at('2027-03-01T17:59:00Z'), endsAt: at('2027-03-01T19:00:00Z') })).toBe(true);
    expect(overlaps(a, { startsAt: at('2027-03-01T16:00:00Z'), endsAt: at('2027-03-01T20:00:00Z') })).toBe(true);
  });

  it('lists one conflict per busy class and reason, earliest first', () => {
    const list = toConflicts([busy('b', '2027-03-08T17:00:00Z', true, false), busy('a', '2027-03-01T17:00:00Z', true, true), busy('a', '2027-03-01T17:00:00Z', true, false)]);

    expect(list.map((c) => [c.occurrenceId, c.reason])).toEqual([
      ['a', 'room'],
      ['a', 'teacher'],
      ['b', 'teacher'],
    ]);
    expect(list[0]).toMatchObject({ name: 'Class a', startsAt: '2027-03-01T17:00:00.000Z', endsAt: '2027-03-01T18:00:00.000Z' });
  });

  it('says what clashes in the message', () => {
    expect(describeConflicts(toConflicts([busy('a', '2027-03-01T17:00:00Z', false, true)]))).toMatch(/room is taken by 1/);
  });
});
