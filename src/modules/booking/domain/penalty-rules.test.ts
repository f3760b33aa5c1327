import { describe, expect, it } from 'vitest';
import type { LocalDate } from '../../../kernel/time.ts';
import { addMonthsClamped, lookBackStart, ruleAppliesAt, ruleMatches, type CountMode } from './penalty-rules.ts';

describe('ruleAppliesAt', () => {
  const table: [CountMode, number, number[], number[]][] = [
    // mode, N, offences where it applies, offences where it does not
    ['every', 2, [2, 4, 6], [1, 3, 5]],
    ['every', 1, [1, 2, 3], []],
    ['minimum', 3, [3, 4, 10], [1, 2]],
    ['exactly', 2, [2], [1, 3, 4]],
    ['exactly', 1, [1], [2]],
  ];
  it.each(table)('%s %i applies at %j and not at %j', (mode, n, yes, no) => {
    for (const k of yes) expect(ruleAppliesAt(mode, n, k), `k=${k}`).toBe(true);
    for (const k of no) expect(ruleAppliesAt(mode, n, k), `k=${k}`).toBe(false);
  });

  it('never applies to a count below one', () => {
    expect(ruleAppliesAt('minimum', 1, 0)).toBe(false);
    expect(ruleAppliesAt('every', 0, 2)).toBe(false);
  });
});

describe('lookBackStart', () => {
  it.each([
    // 30 days before, same wall time in Paris, across the spring-forward of 2026-03-29 (23 h day)
    ['days', 30, '2026-04-10T16:00:00Z', 'Europe/Paris', '2026-03-11T17:00:00Z'],
    ['days', 1, '2026-01-15T10:00:00Z', 'UTC', '2026-01-14T10:00:00Z'],
    // 1 month before March 31 is February 28 (clamped), same wall time
    ['months', 1, '2026-03-31T10:00:00Z', 'Europe/Paris', '2026-02-28T11:00:00Z'],
    ['months', 12, '2026-06-01T12:00:30Z', 'America/New_York', '2025-06-01T12:00:30Z'],
  ] as const)('%s %i before %s in %s is %s', (periodKind, periodN, at, zone, expected) => {
    expect(lookBackStart({ periodKind, periodN }, new Date(at), zone)?.toISOString()).toBe(new Date(expected).toISOString());
  });

  it('counts the renewal period from its first local day, in the membership zone', () => {
    const renewal = { periodStart: '2026-03-15' as LocalDate, periodEnd: '2026-04-15' as LocalDate, timeZone: 'Europe/Paris' };

    const start = lookBackStart({ periodKind: 'renewal_period', periodN: null }, new Date('2026-04-01T10:00:00Z'), 'UTC', renewal);

    expect(start?.toISOString()).toBe('2026-03-14T23:00:00.000Z');
  });

  it('has no renewal period without a membership', () => {
    expect(lookBackStart({ periodKind: 'renewal_period', periodN: null }, new Date('2026-04-01T10:00:00Z'), 'UTC', null)).toBeNull();
  });
});

describe('addMonthsClamped', () => {
  it.each([
    ['2026-01-31', 1, '2026-02-28'],
    ['2024-03-31', -1, '2024-02-29'],
    ['2026-01-15', -1, '2025-12-15'],
    ['2026-12-31', 2, '2027-02-28'],
    ['2026-05-10', -24, '2024-05-10'],
  ] as const)('%s %+i months is %s', (date, months, expected) => {
    expect(addMonthsClamped(date as LocalDate, months)).toBe(expected);
  });
});

describe('ruleMatches', () => {
  const rule = { offence: 'no_show', planIds: ['plan_a'], active: true };
  it('matches the offence and a listed plan only', () => {
    expect(ruleMatches(rule, 'no_show', 'plan_a')).toBe(true);
    expect(ruleMatches(rule, 'no_show', 'plan_b')).toBe(false);
    expect(ruleMatches(rule, 'no_show', null)).toBe(false);
    expect(ruleMatches(rule, 'late_cancel', 'plan_a')).toBe(false);
    expect(ruleMatches({ ...rule, planIds: [] }, 'no_show', null)).toBe(true);
    expect(ruleMatches({ ...rule, active: false }, 'no_show', 'plan_a')).toBe(false);
  });
});
