import { describe, it, expect } from 'vitest';

import { fixedClock, systemClock } from './clock.ts';

describe('fixedClock', () => {
  it('returns the instant it was created with, from a string', () => {
    const clock = fixedClock('2025-03-30T01:30:00Z');

    const now = clock.now();

    expect(now.toISOString()).toBe('2025-03-30T01:30:00.000Z');
  });

  it('returns the instant it was created with, from a Date', () => {
    const clock = fixedClock(new Date(Date.UTC(2025, 9, 26, 0, 30)));

    const now = clock.now();

    expect(now.toISOString()).toBe('2025-10-26T00:30:00.000Z');
  });

  it('reads an offset in the string instead of the host zone', () => {
    const clock = fixedClock('2025-03-30T03:30:00+02:00');

    const now = clock.now();

    expect(now.toISOString()).toBe('2025-03-30T01:30:00.000Z');
  });

  it('stays frozen between calls', () => {
    const clock = fixedClock('2025-01-01T00:00:00Z');

    const first = clock.now();
    const second = clock.now();

    expect(second.getTime()).toBe(first.getTime());
  });

  it('moves forward by the given milliseconds on advance', () => {
    const clock = fixedClock('2025-01-01T00:00:00Z');

    clock.advance(90_000);

    expect(clock.now().toISOString()).toBe('2025-01-01T00:01:30.000Z');
  });

  it('moves back on a negative advance', () => {
    const clock = fixedClock('2025-01-01T00:00:00Z');

    clock.advance(-1);

    expect(clock.now().toISOString()).toBe('2024-12-31T23:59:59.999Z');
  });

  it('jumps to the given instant on set', () => {
    const clock = fixedClock('2025-01-01T00:00:00Z');

    clock.set('2026-06-15T12:00:00Z');

    expect(clock.now().toISOString()).toBe('2026-06-15T12:00:00.000Z');
  });

  it('is not moved by a caller mutating the Date it returned', () => {
    const clock = fixedClock('2025-01-01T00:00:00Z');

    clock.now().setUTCFullYear(1999);

    expect(clock.now().toISOString()).toBe('2025-01-01T00:00:00.000Z');
  });

  it('is not moved by a caller mutating the Date it was created from', () => {
    const start = new Date(Date.UTC(2025, 0, 1));
    const clock = fixedClock(start);

    start.setUTCFullYear(1999);

    expect(clock.now().toISOString()).toBe('2025-01-01T00:00:00.000Z');
  });

  it.each(['2025-01-01T10:00', '2025-01-01', 'tomorrow', ''])(
    'rejects %j, which has no offset and would depend on the host zone',
    (input) => {
      const create = () => fixedClock(input);

      expect(create).toThrow(RangeError);
    },
  );

  it('rejects an Invalid Date', () => {
    const create = () => fixedClock(new Date(Number.NaN));

    expect(create).toThrow(RangeError);
  });

  it('rejects an advance that is not a whole number of milliseconds', () => {
    const clock = fixedClock('2025-01-01T00:00:00Z');

    const advance = () => clock.advance(0.5);

    expect(advance).toThrow(RangeError);
    expect(clock.now().toISOString()).toBe('2025-01-01T00:00:00.000Z');
  });
});

describe('systemClock', () => {
  it('returns a valid Date that does not go backwards', () => {
    const first = systemClock.now();
    const second = systemClock.now();

    expect(Number.isNaN(first.getTime())).toBe(false);
    expect(second.getTime()).toBeGreaterThanOrEqual(first.getTime());
  });
});
