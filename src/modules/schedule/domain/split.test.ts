import { describe, expect, it } from 'vitest';
import type { LocalDate } from '../../../kernel/time.ts';
import { changedKeys, planMove, planSplit, type SplitClass, type SplitTarget } from './split.ts';
import { wallTimeInstant } from './recurrence.ts';

const monWed18 = { weekdays: [1, 3], startMinutes: [18 * 60] };
const cls = (overrides: Partial<SplitClass>): SplitClass => ({
  id: 'occ_1',
  slotKey: '2027-03-15T18:00',
  localDate: '2027-03-15',
  status: 'scheduled',
  bookedCount: 0,
  startsAt: new Date('2027-03-15T17:00:00Z'),
  endsAt: new Date('2027-03-15T18:00:00Z'),
  timeZone: 'Europe/Paris',
  capacity: 15,
  teacherId: 'usr_a',
  substitutedFor: null,
  locationId: 'loc_1',
  roomId: 'room_1',
  online: false,
  videoUrl: null,
  ...overrides,
});
const target = (overrides: Partial<SplitTarget> = {}): SplitTarget => ({
  seriesId: 'ser_new',
  weekdays: [1],
  startMinutes: [19 * 60],
  durationMin: 60,
  timeZone: 'Europe/Paris',
  teacherId: 'usr_a',
  locationId: 'loc_1',
  roomId: 'room_1',
  capacity: 10,
  online: false,
  videoUrl: null,
  ...overrides,
});

describe('planMove', () => {
  it('maps the i-th start time to the i-th, on a kept weekday', () => {
    expect(planMove(cls({}), monWed18, { weekdays: [1], startMinutes: [19 * 60] })).toEqual({
      action: 'move',
      slotKey: '2027-03-15T19:00',
      startMinute: 19 * 60,
      date: '2027-03-15',
    });
  });

  it('deletes a free class on a dropped weekday, keeps a booked or cancelled one', () => {
    const wednesday = { slotKey: '2027-03-17T18:00', localDate: '2027-03-17' };
    expect(planMove(cls(wednesday), monWed18, { weekdays: [1], startMinutes: [18 * 60] })).toEqual({ action: 'delete' });
    expect(planMove(cls({ ...wednesday, bookedCount: 1 }), monWed18, { weekdays: [1], startMinutes: [18 * 60] })).toEqual({ action: 'keep' });
    expect(planMove(cls({ ...wednesday, status: 'cancelled' }), monWed18, { weekdays: [1], startMinutes: [18 * 60] })).toEqual({ action: 'keep' });
  });

  it('drops the start times the new pattern no longer has', () => {
    const evening = cls({ slotKey: '2027-03-15T19:30' });
    expect(planMove(evening, { weekdays: [1], startMinutes: [7 * 60, 19 * 60 + 30] }, { weekdays: [1], startMinutes: [8 * 60] })).toEqual({ action: 'delete' });
  });
});

describe('planSplit', () => {
  it('applies only the changed fields, keeping a one-off substitution through a capacity change', () => {
    const substituted = cls({ teacherId: 'usr_b', substitutedFor: 'usr_a' });

    const plan = planSplit([substituted], monWed18, target({ startMinutes: [18 * 60], weekdays: [1, 3] }), ['capacity'], wallTimeInstant);

    expect(plan.moves).toHaveLength(1);
    expect(plan.moves[0]!.patch).toEqual({ seriesId: 'ser_new', slotKey: '2027-03-15T18:00', capacity: 10 });
    expect(plan.moves[0]!.changed).toEqual(['capacity']);
    expect(plan.moves[0]!.after.teacherId).toBe('usr_b');
  });

  it('recomputes times in the zone when the start time changes, across DST (Paris, 28 March 2027)', () => {
    const late = cls({ slotKey: '2027-03-29T18:00', localDate: '2027-03-29', startsAt: new Date('2027-03-29T16:00:00Z'), endsAt: new Date('2027-03-29T17:00:00Z') });

    const plan = planSplit([late], monWed18, target(), ['startTimes', 'capacity'], (date, minute, zone) => wallTimeInstant(date as LocalDate, minute, zone));

    expect(plan.moves[0]!.after).toMatchObject({ startsAt: new Date('2027-03-29T17:00:00Z'), endsAt: new Date('2027-03-29T18:00:00Z') });
    expect(plan.moves[0]!.changed).toEqual(['capacity', 'startsAt', 'endsAt']);
  });

  it('clears a substitution when the series changes teacher', () => {
    const plan = planSplit([cls({ teacherId: 'usr_b', substitutedFor: 'usr_a' })], monWed18, target({ teacherId: 'usr_c', startMinutes: [18 * 60] }), ['teacherId'], wallTimeInstant);

    expect(plan.moves[0]!.patch).toMatchObject({ teacherId: 'usr_c', substitutedFor: null });
  });
});

describe('changedKeys', () => {
  it('lists the fields an edit really changes, arrays compared by value', () => {
    expect(changedKeys({ capacity: 10, weekdays: [1, 3], teacherId: 'a' }, { capacity: 10, weekdays: [1, 3], teacherId: 'b' })).toEqual(['teacherId']);
    expect(changedKeys({ capacity: 10, weekdays: [1, 3] }, { weekdays: [1], capacity: undefined })).toEqual(['weekdays']);
  });
});
