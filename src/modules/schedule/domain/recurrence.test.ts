import { describe, expect, it } from 'vitest';
import { addDays, instantToZoned, zonedToInstant, type LocalDate } from '../../../kernel/time.ts';
import { expandWeekly, formatWallTime, isoWeekday, parseSlotKey, parseWallTime, slotKeyOf, wallTimeInstant, type WeeklyPattern } from './recurrence.ts';

const d = (s: string) => s as LocalDate;
const monday18 = (timeZone: string, startDate: string, endDate: string): WeeklyPattern => ({
  weekdays: [1],
  startMinutes: [18 * 60],
  durationMin: 60,
  timeZone,
  startDate: d(startDate),
  endDate: d(endDate),
});

describe('wall times', () => {
  it('reads and writes HH:MM as minutes after midnight', () => {
    expect(parseWallTime('00:00')).toBe(0);
    expect(parseWallTime('18:30')).toBe(1110);
    expect(parseWallTime('23:59')).toBe(1439);
    expect(formatWallTime(1110)).toBe('18:30');
    expect(formatWallTime(5)).toBe('00:05');
    expect(() => parseWallTime('24:00')).toThrow(RangeError);
    expect(() => parseWallTime('7:00')).toThrow(RangeError);
    expect(() => formatWallTime(1440)).toThrow(RangeError);
  });

  it('names slots by date and planned time, and reads the name back', () => {
    expect(slotKeyOf(d('2025-03-31'), 1080)).toBe('2025-03-31T18:00');
    expect(parseSlotKey('2025-03-31T18:00')).toEqual({ date: '2025-03-31', minute: 1080 });
    expect(parseSlotKey('occ_01JD00000000000000000000ZZ')).toBeNull();
  });

  it('knows ISO weekdays', () => {
    expect(isoWeekday(d('2025-03-31'))).toBe(1);
    expect(isoWeekday(d('2025-03-30'))).toBe(7);
    expect(isoWeekday(d('1999-12-31'))).toBe(5);
  });
});

describe('a Monday 18:00 series across both DST changes', () => {
  // [zone, a span over both changes, the Mondays around each change with their UTC offsets in minutes]
  const cases: [string, string, string, Record<string, number>][] = [
    ['Europe/Paris', '2025-03-24', '2025-11-03', { '2025-03-24': 60, '2025-03-31': 120, '2025-10-20': 120, '2025-10-27': 60 }],
    ['America/New_York', '2025-03-03', '2025-11-10', { '2025-03-03': -300, '2025-03-10': -240, '2025-10-27': -240, '2025-11-03': -300 }],
    ['Australia/Sydney', '2025-03-31', '2025-10-13', { '2025-03-31': 660, '2025-04-07': 600, '2025-09-29': 600, '2025-10-06': 660 }],
    ['Asia/Kolkata', '2025-03-03', '2025-11-10', { '2025-03-03': 330, '2025-03-31': 330, '2025-10-27': 330, '2025-11-03': 330 }],
  ];

  it.each(cases)('stays at 18:00 local in %s while the UTC offset follows the zone', (zone, from, to, offsets) => {
    const slots = expandWeekly(monday18(zone, from, to), d(from), d(to));

    expect(slots.length).toBeGreaterThan(25);
    for (const slot of slots) {
      const local = instantToZoned(slot.startsAt, zone);
      expect(local, slot.slotKey).toMatchObject({ date: slot.localDate, minute: 18 * 60 });
      expect(isoWeekday(slot.localDate)).toBe(1);
      expect(slot.endsAt.getTime() - slot.startsAt.getTime()).toBe(60 * 60_000);
    }
    for (const [date, offset] of Object.entries(offsets)) {
      const slot = slots.find((s) => s.localDate === date)!;
      expect(instantToZoned(slot.startsAt, zone).offsetMinutes, date).toBe(offset);
    }
  });
});

describe('a start time that DST skips or repeats', () => {
  const sunday = (zone: string, time: string, date: string): WeeklyPattern => ({
    weekdays: [7],
    startMinutes: [parseWallTime(time)],
    durationMin: 60,
    timeZone: zone,
    startDate: d(date),
    endDate: d(date),
  });
  const only = (p: WeeklyPattern) => expandWeekly(p, p.startDate, p.startDate)[0]!;

  it.each([
    ['Europe/Paris', '02:30', '2025-03-30', '2025-03-30T01:30:00.000Z'],
    ['America/New_York', '02:30', '2025-03-09', '2025-03-09T07:30:00.000Z'],
    ['Australia/Sydney', '02:30', '2025-10-05', '2025-10-04T16:30:00.000Z'],
  ])('moves a non-existent %s %s forward by the gap (to 03:30) on %s', (zone, time, date, utc) => {
    const slot = only(sunday(zone, time, date));

    expect(slot.startsAt.toISOString()).toBe(utc);
    expect(instantToZoned(slot.startsAt, zone).minute).toBe(3 * 60 + 30);
    expect(slot.slotKey).toBe(`${date}T${time}`);
  });

  it.each([
    ['Europe/Paris', '02:30', '2025-10-26', '2025-10-26T00:30:00.000Z', 120],
    ['America/New_York', '01:30', '2025-11-02', '2025-11-02T05:30:00.000Z', -240],
    ['Australia/Sydney', '02:30', '2025-04-06', '2025-04-05T15:30:00.000Z', 660],
  ])('takes the first of a repeated %s %s on %s', (zone, time, date, utc, offset) => {
    const slot = only(sunday(zone, time, date));

    expect(slot.startsAt.toISOString()).toBe(utc);
    expect(instantToZoned(slot.startsAt, zone)).toMatchObject({ minute: parseWallTime(time), offsetMinutes: offset });
  });
});

describe('expanding a weekly pattern', () => {
  const pattern: WeeklyPattern = {
    weekdays: [3, 1],
    startMinutes: [19 * 60, 7 * 60],
    durationMin: 45,
    timeZone: 'Europe/Paris',
    startDate: d('2025-03-26'),
    endDate: d('2025-04-07'),
  };

  it('lists the slots in date then time order, clipped to the pattern and the range', () => {
    const slots = expandWeekly(pattern, d('2025-03-01'), d('2025-12-31'));

    expect(slots.map((s) => s.slotKey)).toEqual([
      '2025-03-26T07:00',
      '2025-03-26T19:00',
      '2025-03-31T07:00',
      '2025-03-31T19:00',
      '2025-04-02T07:00',
      '2025-04-02T19:00',
      '2025-04-07T07:00',
      '2025-04-07T19:00',
    ]);
  });

  it('returns nothing for a range outside the pattern, and honours an open end', () => {
    expect(expandWeekly(pattern, d('2025-05-01'), d('2025-06-01'))).toEqual([]);
    expect(expandWeekly({ ...pattern, endDate: null }, d('2026-01-01'), d('2026-01-07'))).toHaveLength(4);
  });
});

describe('the fast wall-time conversion', () => {
  // Zones with a DST change at 02:00, at midnight (Santiago), by 30 minutes (Lord Howe), twice
  // around Ramadan (Casablanca), none (Kolkata), and a date-line jump (Apia, 2011-12-30 skipped).
  const zones = ['Europe/Paris', 'America/Santiago', 'Australia/Lord_Howe', 'Africa/Casablanca', 'Asia/Kolkata', 'Pacific/Apia'];
  const minutes = [0, 30, 90, 120, 150, 180, 600, 1080, 1439];

  it.each(zones)('agrees with kernel/time.ts on every day and time of two years in %s', (zone) => {
    const mismatches: string[] = [];
    for (const start of ['2011-01-01', '2025-01-01']) {
      for (let i = 0; i < 366; i++) {
        const date = addDays(d(start), i);
        for (const minute of minutes) {
          const fast = wallTimeInstant(date, minute, zone).toISOString();
          const reference = zonedToInstant({ date, minute, timeZone: zone }).toISOString();
          if (fast !== reference) mismatches.push(`${date} ${formatWallTime(minute)}: ${fast} ≠ ${reference}`);
        }
      }
    }
    expect(mismatches).toEqual([]);
  });
});
