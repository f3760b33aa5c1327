import { describe, expect, it } from 'vitest';
import { checkSeriesShape, dateEndProblem, type SeriesShape } from './series-rules.ts';

const weekly: SeriesShape = {
  kind: 'class',
  pattern: 'weekly',
  weekdays: [1],
  startTimes: ['18:00'],
  startDate: '2027-03-01',
  endDate: null,
  dates: [],
  locationId: 'loc_1',
  roomId: null,
  online: false,
};
const paths = (s: Partial<SeriesShape>) => checkSeriesShape({ ...weekly, ...s }).map((e) => e.path);

describe('the shape of a series', () => {
  it('accepts a complete weekly series, an online one without a place, and a course of dates', () => {
    expect(paths({})).toEqual([]);
    expect(paths({ locationId: null, online: true })).toEqual([]);
    expect(paths({ pattern: 'dates', kind: 'course', dates: [{ date: '2027-03-02', startTime: '19:00' }] })).toEqual([]);
  });

  it('names each missing or contradictory field', () => {
    expect(paths({ weekdays: [], startTimes: [], startDate: undefined })).toEqual(['weekdays', 'startTimes', 'startDate']);
    expect(paths({ weekdays: [1, 1], startTimes: ['18:00', '18:00'] })).toEqual(['weekdays', 'startTimes']);
    expect(paths({ endDate: '2027-02-28' })).toEqual(['endDate']);
    expect(paths({ kind: 'semester' })).toEqual(['endDate']);
    expect(paths({ kind: 'semester', pattern: 'dates', dates: [{ date: '2027-03-02', startTime: '19:00' }] })).toEqual(['pattern']);
    expect(paths({ pattern: 'dates' })).toEqual(['dates']);
    expect(paths({ locationId: null })).toEqual(['locationId']);
    expect(paths({ locationId: null, online: true, roomId: 'room_1' })).toEqual(['roomId']);
  });

  it('lets a retreat end days later, but never before it starts', () => {
    expect(dateEndProblem({ date: '2027-05-07', startTime: '16:00', endDate: '2027-05-09', endTime: '14:00' })).toBeNull();
    expect(dateEndProblem({ date: '2027-05-07', startTime: '16:00', endTime: '18:00' })).toBeNull();
    expect(dateEndProblem({ date: '2027-05-07', startTime: '16:00', endTime: '15:00' })).toMatch(/before/);
    expect(dateEndProblem({ date: '2027-05-07', startTime: '16:00', endDate: '2027-05-06', endTime: '18:00' })).toMatch(/before/);
    expect(dateEndProblem({ date: '2027-05-07', startTime: '16:00', endDate: '2027-05-09' })).toMatch(/end time/);
  });
});
