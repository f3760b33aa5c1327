import { describe, expect, it } from 'vitest';
import { maxAccountFailures, maxIpFailures, retryAfterSeconds } from './throttle.ts';

const now = new Date('2026-03-01T10:00:00Z');

describe('retryAfterSeconds', () => {
  it('allows an attempt under both limits', () => {
    expect(retryAfterSeconds({ accountFailures: maxAccountFailures - 1, ipFailures: 0, oldestFailureAt: now }, now)).toBe(0);
  });

  it('locks the account until its oldest failure leaves the 15-minute window', () => {
    const oldest = new Date('2026-03-01T09:50:00Z');

    expect(retryAfterSeconds({ accountFailures: maxAccountFailures, ipFailures: 0, oldestFailureAt: oldest }, now)).toBe(300);
  });

  it('locks an IP that fails across many accounts', () => {
    expect(retryAfterSeconds({ accountFailures: 0, ipFailures: maxIpFailures, oldestFailureAt: now }, now)).toBe(900);
  });
});
