/**
 * Login throttling. Failures are counted over a sliding window, per account (email within
 * a studio or across studios for staff) and per client IP. An account is locked after 10
 * failures in 15 minutes — enough for a person who mistypes, too few for guessing — and an
 * IP after 50, which stops one machine from spraying many accounts.
 */
export const throttleWindowMs = 15 * 60 * 1000;
export const maxAccountFailures = 10;
export const maxIpFailures = 50;

export interface AttemptCounts {
  accountFailures: number;
  ipFailures: number;
  /** When the oldest failure counted in the window happened. */
  oldestFailureAt: Date | null;
}

/** Seconds to wait before the next attempt, or 0 when an attempt is allowed now. */
export function retryAfterSeconds(counts: AttemptCounts, now: Date): number {
  if (counts.accountFailures < maxAccountFailures && counts.ipFailures < maxIpFailures) return 0;
  const oldest = counts.oldestFailureAt ?? now;
  const freesAt = oldest.getTime() + throttleWindowMs;
  return Math.max(1, Math.ceil((freesAt - now.getTime()) / 1000));
}
