import { Temporal } from 'temporal-polyfill';

/** The only source of "now". Use cases read it from `ctx.clock`, so tests can freeze and move time. */
export interface Clock {
  now(): Date;
}

/** A clock for tests: frozen at one instant until the test moves it. */
export interface FixedClock extends Clock {
  /** Moves the clock by `ms` milliseconds (negative moves it back). */
  advance(ms: number): void;
  set(instant: Date | string): void;
}

/** Reads the host's real time. This is the one place in the server that may do so. */
export const systemClock: Clock = {
  now: () => new Date(),
};

/**
 * A clock frozen at `instant`. A string must carry `Z` or an offset (`2025-03-30T01:30:00Z`):
 * `new Date('2025-03-30T02:30')` would read it in the host's zone, and tests run under several.
 */
export function fixedClock(instant: Date | string): FixedClock {
  let epochMs = toEpochMs(instant);
  return {
    // A fresh Date each call, so a caller mutating the result can't move the clock.
    now: () => new Date(epochMs),
    advance(ms: number): void {
      if (!Number.isSafeInteger(ms)) {
        throw new RangeError(`fixedClock.advance expects a whole number of milliseconds, got ${ms}`);
      }
      epochMs = checkedEpochMs(epochMs + ms);
    },
    set(next: Date | string): void {
      epochMs = toEpochMs(next);
    },
  };
}

function toEpochMs(instant: Date | string): number {
  if (typeof instant === 'string') {
    try {
      return checkedEpochMs(Temporal.Instant.from(instant).epochMilliseconds);
    } catch {
      throw new RangeError(
        `Invalid instant "${instant}": expected an ISO 8601 date-time with Z or an offset, e.g. 2025-03-30T01:30:00Z`,
      );
    }
  }
  return checkedEpochMs(instant.getTime());
}

// ±8.64e15 ms is the range a Date can hold; outside it `new Date(ms)` is an Invalid Date.
function checkedEpochMs(epochMs: number): number {
  if (!Number.isFinite(epochMs) || Math.abs(epochMs) > 8.64e15) {
    throw new RangeError('Invalid instant: outside the range of a Date');
  }
  return epochMs;
}
