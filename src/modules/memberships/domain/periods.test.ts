import { describe, expect, it } from 'vitest';
import type { LocalDate } from '../../../kernel/time.ts';
import { addInterval, addMonthsAnchored, inPeriod, nextRetryDays, shiftByFreeze } from './periods.ts';

const d = (s: string) => s as LocalDate;

describe('renewal periods (month-end rule on local dates)', () => {
  it('renews a Jan 31 monthly subscription on Feb 28, then Mar 31, then Apr 30', () => {
    const feb = addInterval(d('2025-01-31'), 1, 'month', 31);
    const mar = addInterval(feb, 1, 'month', 31);
    const apr = addInterval(mar, 1, 'month', 31);

    expect([feb, mar, apr]).toEqual(['2025-02-28', '2025-03-31', '2025-04-30']);
  });

  it('lands on Feb 29 in a leap year', () => {
    expect(addMonthsAnchored(d('2024-01-31'), 1, 31)).toBe('2024-02-29');
  });

  it('crosses the year and handles multi-month intervals', () => {
    expect(addInterval(d('2025-11-30'), 3, 'month', 30)).toBe('2026-02-28');
    expect(addInterval(d('2025-12-15'), 1, 'month', 15)).toBe('2026-01-15');
  });

  it('adds days and weeks as calendar days', () => {
    expect(addInterval(d('2025-03-28'), 10, 'day', 28)).toBe('2025-04-07');
    expect(addInterval(d('2025-03-28'), 2, 'week', 28)).toBe('2025-04-11');
  });

  it('treats the period end as exclusive', () => {
    expect(inPeriod(d('2025-02-27'), d('2025-01-31'), d('2025-02-28'))).toBe(true);
    expect(inPeriod(d('2025-02-28'), d('2025-01-31'), d('2025-02-28'))).toBe(false);
    expect(inPeriod(d('2030-01-01'), d('2025-01-31'), null)).toBe(true);
  });

  it('moves the renewal date by the frozen days and re-anchors on it', () => {
    expect(shiftByFreeze(d('2025-03-10'), d('2025-03-01'), d('2025-03-06'))).toEqual({ periodEnd: '2025-03-15', anchorDay: 15, days: 5 });
  });

  it('retries a failed renewal after 1, 3 and 5 days, then gives up', () => {
    expect([1, 2, 3, 4].map(nextRetryDays)).toEqual([1, 3, 5, null]);
  });
});
