import { describe, it, expect } from 'vitest';
import { Temporal } from 'temporal-polyfill';

import {
  addDays,
  addLocalDays,
  compareLocalDates,
  daysBetween,
  instantToZoned,
  isLocalDate,
  isValidTimeZone,
  listTimeZones,
  localDateOf,
  parseLocalDate,
  startOfLocalDay,
  zonedToInstant,
  type LocalDate,
} from './time.ts';

// Every expected instant below was worked out by hand from the zone's rules for 2025:
// - Europe/Paris: +01:00 → +02:00 at 2025-03-30 02:00 local (01:00Z); back at 2025-10-26 03:00 local (01:00Z).
// - America/New_York: -05:00 → -04:00 at 2025-03-09 02:00 local (07:00Z); back at 2025-11-02 02:00 local (06:00Z).
// - Australia/Sydney (southern hemisphere): +11:00 → +10:00 at 2025-04-06 03:00 local (2025-04-05T16:00Z);
//   +10:00 → +11:00 at 2025-10-05 02:00 local (2025-10-04T16:00Z).
// - Asia/Kolkata: +05:30 all year, no DST.

const at = (iso: string): Date => new Date(iso);
const d = (s: string): LocalDate => parseLocalDate(s);
const hm = (hours: number, minutes: number): number => hours * 60 + minutes;

describe('parseLocalDate', () => {
  it.each(['2025-03-30', '2024-02-29', '0001-01-01', '9999-12-31'])('accepts the existing date %s', (input) => {
    const date = parseLocalDate(input);

    expect(date).toBe(input);
  });

  it.each(['2025-02-29', '2025-13-01', '2025-04-31', '2025-3-30', '2025-03-30T00:00', '20250330', '', ' 2025-03-30'])(
    'rejects %j with a RangeError naming the input',
    (input) => {
      const parse = () => parseLocalDate(input);

      expect(parse).toThrow(RangeError);
      expect(parse).toThrow(`Invalid LocalDate ${JSON.stringify(input)}`);
    },
  );
});

describe('isLocalDate', () => {
  it('is true only for strings naming an existing day', () => {
    const inputs: unknown[] = ['2025-03-30', '2025-02-29', 20250330, null, undefined];

    const results = inputs.map(isLocalDate);

    expect(results).toEqual([true, false, false, false, false]);
  });
});

describe('addDays', () => {
  it.each([
    ['2025-02-27', 2, '2025-03-01'],
    ['2024-02-27', 2, '2024-02-29'],
    ['2025-01-01', -1, '2024-12-31'],
    ['2025-03-30', 0, '2025-03-30'],
    ['2025-12-31', 365, '2026-12-31'],
  ])('adds to %s %i days giving %s', (start, days, expected) => {
    const result = addDays(d(start), days);

    expect(result).toBe(expected);
  });

  it('rejects a fractional number of days', () => {
    const add = () => addDays(d('2025-01-01'), 1.5);

    expect(add).toThrow(RangeError);
  });

  it('rejects a result past year 9999', () => {
    const add = () => addDays(d('9999-12-31'), 1);

    expect(add).toThrow(RangeError);
  });
});

describe('compareLocalDates', () => {
  it('sorts dates chronologically', () => {
    const dates = [d('2025-03-30'), d('2024-12-31'), d('2025-03-01'), d('2025-03-30')];

    const sorted = [...dates].sort(compareLocalDates);

    expect(sorted).toEqual(['2024-12-31', '2025-03-01', '2025-03-30', '2025-03-30']);
  });

  it('returns -1, 0 or 1', () => {
    const results = [
      compareLocalDates(d('2025-01-01'), d('2025-01-02')),
      compareLocalDates(d('2025-01-02'), d('2025-01-02')),
      compareLocalDates(d('2025-01-03'), d('2025-01-02')),
    ];

    expect(results).toEqual([-1, 0, 1]);
  });
});

describe('daysBetween', () => {
  it.each([
    ['2025-03-01', '2025-03-31', 30],
    ['2024-02-28', '2024-03-01', 2],
    ['2025-02-28', '2025-03-01', 1],
    ['2025-03-31', '2025-03-01', -30],
    ['2025-03-30', '2025-03-30', 0],
    ['2025-01-01', '2026-01-01', 365],
  ])('counts from %s to %s as %i days', (from, to, expected) => {
    const days = daysBetween(d(from), d(to));

    expect(days).toBe(expected);
  });
});

describe('isValidTimeZone', () => {
  it.each(['Europe/Paris', 'America/New_York', 'Australia/Sydney', 'Asia/Kolkata', 'Asia/Calcutta', 'UTC', 'Etc/GMT+5', 'America/St_Johns'])(
    'accepts the IANA name %s',
    (timeZone) => {
      const valid = isValidTimeZone(timeZone);

      expect(valid).toBe(true);
    },
  );

  it.each(['', 'Nowhere/City', '+02:00', '-05:00', '+0530', '\u221205:00', 'Z', 'europe/paris', ' Europe/Paris', 'Europe/Paris '])(
    'rejects %j',
    (timeZone) => {
      const valid = isValidTimeZone(timeZone);

      expect(valid).toBe(false);
    },
  );
});

describe('listTimeZones', () => {
  it('includes UTC and common zones, once each, sorted', () => {
    const zones = listTimeZones();

    expect(zones).toContain('UTC');
    expect(zones).toContain('Europe/Paris');
    expect(zones).toContain('Australia/Sydney');
    expect(new Set(zones).size).toBe(zones.length);
    expect([...zones].sort()).toEqual(zones);
  });

  it('lists only zones that isValidTimeZone accepts', () => {
    const zones = listTimeZones();

    const rejected = zones.filter((timeZone) => !isValidTimeZone(timeZone));

    expect(rejected).toEqual([]);
  });
});

describe('zonedToInstant', () => {
  it.each([
    // Europe/Paris, spring forward: 02:00–02:59 does not exist on 2025-03-30.
    ['Europe/Paris', '2025-03-30', hm(1, 59), '2025-03-30T00:59:00.000Z'],
    ['Europe/Paris', '2025-03-30', hm(2, 0), '2025-03-30T01:00:00.000Z'],
    ['Europe/Paris', '2025-03-30', hm(2, 30), '2025-03-30T01:30:00.000Z'],
    ['Europe/Paris', '2025-03-30', hm(3, 0), '2025-03-30T01:00:00.000Z'],
    ['Europe/Paris', '2025-03-30', hm(18, 0), '2025-03-30T16:00:00.000Z'],
    // Europe/Paris, fall back: 02:00–02:59 happens twice on 2025-10-26; the first (+02:00) wins.
    ['Europe/Paris', '2025-10-26', hm(1, 59), '2025-10-25T23:59:00.000Z'],
    ['Europe/Paris', '2025-10-26', hm(2, 0), '2025-10-26T00:00:00.000Z'],
    ['Europe/Paris', '2025-10-26', hm(2, 30), '2025-10-26T00:30:00.000Z'],
    ['Europe/Paris', '2025-10-26', hm(3, 0), '2025-10-26T02:00:00.000Z'],
    ['Europe/Paris', '2025-10-26', hm(18, 0), '2025-10-26T17:00:00.000Z'],
    // America/New_York, spring forward: 02:00–02:59 does not exist on 2025-03-09.
    ['America/New_York', '2025-03-09', hm(1, 59), '2025-03-09T06:59:00.000Z'],
    ['America/New_York', '2025-03-09', hm(2, 30), '2025-03-09T07:30:00.000Z'],
    ['America/New_York', '2025-03-09', hm(3, 0), '2025-03-09T07:00:00.000Z'],
    // America/New_York, fall back: 01:00–01:59 happens twice on 2025-11-02; the first (-04:00) wins.
    ['America/New_York', '2025-11-02', hm(0, 59), '2025-11-02T04:59:00.000Z'],
    ['America/New_York', '2025-11-02', hm(1, 30), '2025-11-02T05:30:00.000Z'],
    ['America/New_York', '2025-11-02', hm(2, 0), '2025-11-02T07:00:00.000Z'],
    // Australia/Sydney, spring forward in October: 02:00–02:59 does not exist on 2025-10-05.
    ['Australia/Sydney', '2025-10-05', hm(1, 59), '2025-10-04T15:59:00.000Z'],
    ['Australia/Sydney', '2025-10-05', hm(2, 30), '2025-10-04T16:30:00.000Z'],
    ['Australia/Sydney', '2025-10-05', hm(3, 0), '2025-10-04T16:00:00.000Z'],
    // Australia/Sydney, fall back in April: 02:00–02:59 happens twice on 2025-04-06; the first (+11:00) wins.
    ['Australia/Sydney', '2025-04-06', hm(1, 59), '2025-04-05T14:59:00.000Z'],
    ['Australia/Sydney', '2025-04-06', hm(2, 30), '2025-04-05T15:30:00.000Z'],
    ['Australia/Sydney', '2025-04-06', hm(3, 0), '2025-04-05T17:00:00.000Z'],
    // Asia/Kolkata: +05:30 on the other zones' switch nights too.
    ['Asia/Kolkata', '2025-03-30', hm(2, 30), '2025-03-29T21:00:00.000Z'],
    ['Asia/Kolkata', '2025-10-26', hm(2, 30), '2025-10-25T21:00:00.000Z'],
    ['Asia/Kolkata', '2025-01-01', hm(0, 0), '2024-12-31T18:30:00.000Z'],
    ['Asia/Kolkata', '2025-01-01', hm(23, 59), '2025-01-01T18:29:00.000Z'],
    // UTC, and the host zone of the second test run, which has a half-hour offset.
    ['UTC', '2025-03-30', hm(2, 30), '2025-03-30T02:30:00.000Z'],
    ['America/St_Johns', '2025-03-09', hm(2, 30), '2025-03-09T06:00:00.000Z'],
  ])('converts %s %s minute %i to %s', (timeZone, date, minute, expected) => {
    const instant = zonedToInstant({ date: d(date), minute, timeZone });

    expect(instant.toISOString()).toBe(expected);
  });

  it.each([-1, 1440, 90.5, Number.NaN])('rejects minute %s', (minute) => {
    const convert = () => zonedToInstant({ date: d('2025-03-30'), minute, timeZone: 'Europe/Paris' });

    expect(convert).toThrow(RangeError);
  });

  it.each(['+02:00', 'Nowhere/City', ''])('rejects the time zone %j', (timeZone) => {
    const convert = () => zonedToInstant({ date: d('2025-03-30'), minute: 0, timeZone });

    expect(convert).toThrow(RangeError);
  });

  it('rejects a date forged with a cast', () => {
    const convert = () => zonedToInstant({ date: '2025-02-30' as LocalDate, minute: 0, timeZone: 'UTC' });

    expect(convert).toThrow(RangeError);
  });
});

describe('instantToZoned', () => {
  it.each([
    // Europe/Paris, spring forward: the wall clock skips from 01:59 to 03:00.
    ['2025-03-30T00:59:00.000Z', 'Europe/Paris', '2025-03-30', hm(1, 59), 60],
    ['2025-03-30T01:00:00.000Z', 'Europe/Paris', '2025-03-30', hm(3, 0), 120],
    ['2025-03-30T01:30:00.000Z', 'Europe/Paris', '2025-03-30', hm(3, 30), 120],
    // Europe/Paris, fall back: both 02:30s, told apart by the offset.
    ['2025-10-26T00:30:00.000Z', 'Europe/Paris', '2025-10-26', hm(2, 30), 120],
    ['2025-10-26T01:30:00.000Z', 'Europe/Paris', '2025-10-26', hm(2, 30), 60],
    ['2025-10-25T22:00:00.000Z', 'Europe/Paris', '2025-10-26', hm(0, 0), 120],
    // America/New_York.
    ['2025-03-09T06:59:00.000Z', 'America/New_York', '2025-03-09', hm(1, 59), -300],
    ['2025-03-09T07:00:00.000Z', 'America/New_York', '2025-03-09', hm(3, 0), -240],
    ['2025-11-02T05:30:00.000Z', 'America/New_York', '2025-11-02', hm(1, 30), -240],
    ['2025-11-02T06:30:00.000Z', 'America/New_York', '2025-11-02', hm(1, 30), -300],
    ['2025-11-02T03:59:00.000Z', 'America/New_York', '2025-11-01', hm(23, 59), -240],
    // Australia/Sydney: the local date is a day ahead of the UTC date in these hours.
    ['2025-10-04T15:59:00.000Z', 'Australia/Sydney', '2025-10-05', hm(1, 59), 600],
    ['2025-10-04T16:00:00.000Z', 'Australia/Sydney', '2025-10-05', hm(3, 0), 660],
    ['2025-04-05T15:30:00.000Z', 'Australia/Sydney', '2025-04-06', hm(2, 30), 660],
    ['2025-04-05T16:30:00.000Z', 'Australia/Sydney', '2025-04-06', hm(2, 30), 600],
    // Asia/Kolkata: a half-hour offset moves the date at 18:30Z.
    ['2025-03-29T21:00:00.000Z', 'Asia/Kolkata', '2025-03-30', hm(2, 30), 330],
    ['2024-12-31T18:29:00.000Z', 'Asia/Kolkata', '2024-12-31', hm(23, 59), 330],
    ['2024-12-31T18:30:00.000Z', 'Asia/Kolkata', '2025-01-01', hm(0, 0), 330],
    // The host zone of the second test run.
    ['2025-03-09T05:30:00.000Z', 'America/St_Johns', '2025-03-09', hm(3, 0), -150],
  ])('reads %s in %s as %s minute %i, offset %i', (iso, timeZone, date, minute, offsetMinutes) => {
    const zoned = instantToZoned(at(iso), timeZone);

    expect(zoned).toEqual({ date, minute, offsetMinutes });
  });

  it('drops seconds when giving the minute', () => {
    const zoned = instantToZoned(at('2025-06-01T10:15:59.999Z'), 'UTC');

    expect(zoned).toEqual({ date: '2025-06-01', minute: hm(10, 15), offsetMinutes: 0 });
  });

  it('round-trips through zonedToInstant for every unambiguous minute of a switch day', () => {
    const start = startOfLocalDay(d('2025-03-30'), 'Europe/Paris');
    const instants = Array.from({ length: 23 * 60 }, (_, i) => new Date(start.getTime() + i * 60_000));

    const mismatches = instants.filter((instant) => {
      const { date, minute } = instantToZoned(instant, 'Europe/Paris');
      return zonedToInstant({ date, minute, timeZone: 'Europe/Paris' }).getTime() !== instant.getTime();
    });

    expect(mismatches).toEqual([]);
  });

  it('rejects an Invalid Date', () => {
    const convert = () => instantToZoned(new Date(Number.NaN), 'UTC');

    expect(convert).toThrow(RangeError);
  });

  it('rejects an offset instead of a zone', () => {
    const convert = () => instantToZoned(at('2025-03-30T00:00:00Z'), '+02:00');

    expect(convert).toThrow(RangeError);
  });
});

describe('localDateOf', () => {
  it.each([
    ['2025-03-29T23:30:00.000Z', 'Europe/Paris', '2025-03-30'],
    ['2025-03-29T23:30:00.000Z', 'UTC', '2025-03-29'],
    ['2025-03-29T23:30:00.000Z', 'America/New_York', '2025-03-29'],
    ['2025-03-29T18:29:59.999Z', 'Asia/Kolkata', '2025-03-29'],
    ['2025-03-29T18:30:00.000Z', 'Asia/Kolkata', '2025-03-30'],
    ['2025-04-05T14:00:00.000Z', 'Australia/Sydney', '2025-04-06'],
  ])('gives the local date of %s in %s as %s', (iso, timeZone, expected) => {
    const date = localDateOf(at(iso), timeZone);

    expect(date).toBe(expected);
  });
});

describe('startOfLocalDay', () => {
  it.each([
    // An ordinary midnight.
    ['2025-06-01', 'UTC', '2025-06-01T00:00:00.000Z'],
    ['2025-03-30', 'Asia/Kolkata', '2025-03-29T18:30:00.000Z'],
    // Switch days whose switch is not at midnight still start at 00:00.
    ['2025-03-30', 'Europe/Paris', '2025-03-29T23:00:00.000Z'],
    ['2025-10-26', 'Europe/Paris', '2025-10-25T22:00:00.000Z'],
    ['2025-03-09', 'America/New_York', '2025-03-09T05:00:00.000Z'],
    ['2025-10-05', 'Australia/Sydney', '2025-10-04T14:00:00.000Z'],
    ['2025-04-06', 'Australia/Sydney', '2025-04-05T13:00:00.000Z'],
    // Midnight does not exist: the day starts at 01:00 after the jump.
    ['2025-09-07', 'America/Santiago', '2025-09-07T04:00:00.000Z'],
    ['2024-03-31', 'Asia/Beirut', '2024-03-30T22:00:00.000Z'],
    ['2025-03-09', 'America/Havana', '2025-03-09T05:00:00.000Z'],
    // Santiago falls back from 00:00 to 23:00 the evening before, so midnight happens once, at -04:00.
    ['2025-04-06', 'America/Santiago', '2025-04-06T04:00:00.000Z'],
  ])('starts %s in %s at %s', (date, timeZone, expected) => {
    const start = startOfLocalDay(d(date), timeZone);

    expect(start.toISOString()).toBe(expected);
  });

  it('gives a 23-hour spring-forward day and a 25-hour fall-back day in Europe/Paris', () => {
    const hours = (date: string) =>
      (startOfLocalDay(addDays(d(date), 1), 'Europe/Paris').getTime() - startOfLocalDay(d(date), 'Europe/Paris').getTime()) /
      3_600_000;

    const lengths = [hours('2025-03-30'), hours('2025-10-26'), hours('2025-06-01')];

    expect(lengths).toEqual([23, 25, 24]);
  });
});

describe('addLocalDays', () => {
  it.each([
    // Europe/Paris: 18:00 stays 18:00 across both switches, so the elapsed time is 23 h or 25 h.
    ['2025-03-29T17:00:00.000Z', 1, 'Europe/Paris', '2025-03-30T16:00:00.000Z'],
    ['2025-10-25T16:00:00.000Z', 1, 'Europe/Paris', '2025-10-26T17:00:00.000Z'],
    ['2025-03-24T17:00:00.000Z', 7, 'Europe/Paris', '2025-03-31T16:00:00.000Z'],
    ['2025-03-30T16:00:00.000Z', -1, 'Europe/Paris', '2025-03-29T17:00:00.000Z'],
    // Europe/Paris: 02:30 lands in the gap (→ 03:30 +02:00) or the overlap (→ first 02:30).
    ['2025-03-29T01:30:00.000Z', 1, 'Europe/Paris', '2025-03-30T01:30:00.000Z'],
    ['2025-10-25T00:30:00.000Z', 1, 'Europe/Paris', '2025-10-26T00:30:00.000Z'],
    ['2025-10-27T01:30:00.000Z', -1, 'Europe/Paris', '2025-10-26T00:30:00.000Z'],
    // America/New_York.
    ['2025-03-08T23:00:00.000Z', 1, 'America/New_York', '2025-03-09T22:00:00.000Z'],
    ['2025-11-01T22:00:00.000Z', 1, 'America/New_York', '2025-11-02T23:00:00.000Z'],
    ['2025-03-08T07:30:00.000Z', 1, 'America/New_York', '2025-03-09T07:30:00.000Z'],
    ['2025-11-01T05:30:00.000Z', 1, 'America/New_York', '2025-11-02T05:30:00.000Z'],
    // Australia/Sydney: spring forward in October, fall back in April.
    ['2025-10-04T08:00:00.000Z', 1, 'Australia/Sydney', '2025-10-05T07:00:00.000Z'],
    ['2025-04-05T07:00:00.000Z', 1, 'Australia/Sydney', '2025-04-06T08:00:00.000Z'],
    ['2025-10-03T16:30:00.000Z', 1, 'Australia/Sydney', '2025-10-04T16:30:00.000Z'],
    ['2025-04-04T15:30:00.000Z', 1, 'Australia/Sydney', '2025-04-05T15:30:00.000Z'],
    // Asia/Kolkata: no DST, so a day is always 24 h.
    ['2025-03-29T12:30:00.000Z', 1, 'Asia/Kolkata', '2025-03-30T12:30:00.000Z'],
    ['2025-10-25T12:30:00.000Z', 1, 'Asia/Kolkata', '2025-10-26T12:30:00.000Z'],
  ])('moves %s by %i days in %s to %s', (iso, days, timeZone, expected) => {
    const moved = addLocalDays(at(iso), days, timeZone);

    expect(moved.toISOString()).toBe(expected);
  });

  it('keeps the later 02:30 when adding zero days', () => {
    const moved = addLocalDays(at('2025-10-26T01:30:00.000Z'), 0, 'Europe/Paris');

    expect(moved.toISOString()).toBe('2025-10-26T01:30:00.000Z');
  });

  it('rejects a fractional number of days', () => {
    const move = () => addLocalDays(at('2025-03-29T17:00:00Z'), 0.5, 'Europe/Paris');

    expect(move).toThrow(RangeError);
  });
});

describe('zonedToInstant on days with and without a transition', () => {
  // What Temporal alone answers, without the remembered offsets of ordinary days.
  const reference = ({ date, minute, timeZone }: { date: string; minute: number; timeZone: string }) =>
    new Date(
      Temporal.PlainDate.from(date)
        .toPlainDateTime({ hour: Math.floor(minute / 60), minute: minute % 60 })
        .toZonedDateTime(timeZone, { disambiguation: 'compatible' }).epochMilliseconds,
    );
  // Half-hour DST (Lord Howe), DST at midnight (Santiago, Beirut), none (Kolkata), a date-line jump (Apia 2011).
  const zones = ['Europe/Paris', 'America/New_York', 'Australia/Sydney', 'Asia/Kolkata', 'Australia/Lord_Howe', 'America/Santiago', 'Asia/Beirut', 'Pacific/Apia', 'UTC'];

  // Transitions happen between 00:00 and 03:30 local (or at 24:00): those minutes, and some others, every day of a year.
  const minutes = [0, 15, 30, 45, 60, 90, 105, 120, 135, 150, 165, 180, 195, 210, 600, 1110, 1380, 1425, 1439];

  it('agrees with Temporal at the minutes around transitions, every day of a year, in nine zones', { timeout: 120_000 }, () => {
    const mismatches: string[] = [];
    for (const timeZone of zones) {
      for (let day = Temporal.PlainDate.from('2025-01-01'); Temporal.PlainDate.compare(day, Temporal.PlainDate.from('2025-12-31')) <= 0; day = day.add({ days: 1 })) {
        for (const minute of minutes) {
          const input = { date: parseLocalDate(day.toString()), minute, timeZone };
          if (zonedToInstant(input).getTime() !== reference(input).getTime()) mismatches.push(`${timeZone} ${input.date} ${minute}`);
        }
      }
    }

    expect(mismatches).toEqual([]);
  });

  it('agrees with Temporal on the day Samoa skipped and on years before 100', () => {
    const cases = [
      { date: '2011-12-29', minute: 600, timeZone: 'Pacific/Apia' },
      { date: '2011-12-31', minute: 600, timeZone: 'Pacific/Apia' },
      { date: '0050-06-01', minute: 720, timeZone: 'Europe/Paris' },
    ];

    for (const c of cases) expect(zonedToInstant({ ...c, date: parseLocalDate(c.date) }).toISOString()).toBe(reference(c).toISOString());
  });
});
