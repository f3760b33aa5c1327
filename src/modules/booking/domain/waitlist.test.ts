import { describe, expect, it } from 'vitest';
import { attendanceDue, checkClaim, freeSpots, noShowDue, offerExpiry, offersToSend, promotionFailure } from './waitlist.ts';

const at = (s: string) => new Date(s);
const now = at('2027-03-01T10:00:00Z');

describe('freeSpots', () => {
  it.each([
    // status, capacity, booked, starts, free
    ['scheduled', 10, 9, '2027-03-01T11:00:00Z', 1],
    ['scheduled', 10, 10, '2027-03-01T11:00:00Z', 0],
    ['scheduled', 10, 12, '2027-03-01T11:00:00Z', 0],
    ['scheduled', 10, 5, '2027-03-01T10:00:00Z', 0], // starts now: too late to fill
    ['cancelled', 10, 0, '2027-03-01T11:00:00Z', 0],
  ] as const)('%s class of %i with %i booked starting %s has %i free', (status, capacity, bookedCount, startsAt, free) => {
    expect(freeSpots({ status, capacity, bookedCount, startsAt: at(startsAt) }, now)).toBe(free);
  });
});

describe('offersToSend', () => {
  it.each([
    [1, 0, 5, 1],
    [2, 1, 5, 1],
    [1, 1, 5, 0],
    [0, 2, 5, 0],
    [3, 0, 2, 2],
    [1, 0, 0, 0],
  ])('%i free, %i open offers, %i waiting → %i offers', (free, open, waiting, n) => {
    expect(offersToSend(free, open, waiting)).toBe(n);
  });
});

describe('offerExpiry', () => {
  it('is numberOfMinutesToRespond later, capped at the class start', () => {
    expect(offerExpiry(now, 60, at('2027-03-01T18:00:00Z')).toISOString()).toBe('2027-03-01T11:00:00.000Z');
    expect(offerExpiry(now, 60, at('2027-03-01T10:30:00Z')).toISOString()).toBe('2027-03-01T10:30:00.000Z');
  });
});

describe('checkClaim', () => {
  const open = at('2027-03-01T10:30:00Z');
  it.each([
    // status, expires, mode, free, result
    ['offered', open, 'confirm', 0, 'ok'],
    ['offered', at('2027-03-01T10:00:00Z'), 'confirm', 1, 'offer_expired'],
    ['offered', null, 'first_come', 1, 'ok'],
    ['waitlisted', null, 'first_come', 1, 'ok'],
    ['waitlisted', null, 'first_come', 0, 'class_full'],
    ['waitlisted', null, 'confirm', 1, 'not_on_waitlist'],
    ['waitlisted', null, 'auto', 1, 'not_on_waitlist'],
    ['booked', null, 'first_come', 1, 'not_on_waitlist'],
    ['removed', null, 'confirm', 1, 'not_on_waitlist'],
  ] as const)('%s (expires %s) in %s mode with %i free → %s', (status, offerExpiresAt, mode, free, expected) => {
    const r = checkClaim({ status, offerExpiresAt }, mode, free, now);
    expect(r.ok ? 'ok' : r.code).toBe(expected);
  });
});

describe('class triggers (seed 004)', () => {
  it('attendance is due from the start minute', () => {
    expect(attendanceDue(at('2027-03-01T10:00:00Z'), now)).toBe(true);
    expect(attendanceDue(at('2027-03-01T10:00:01Z'), now)).toBe(false);
  });
  it('a no-show is due exactly 2 hours after the end, not a second before', () => {
    expect(noShowDue(at('2027-03-01T08:00:00Z'), now)).toBe(true);
    expect(noShowDue(at('2027-03-01T08:00:01Z'), now)).toBe(false);
  });
});

describe('promotionFailure', () => {
  it.each([
    ['payment_failed', 'skip_customer'],
    ['no_eligible_membership', 'skip_customer'],
    ['payment_required', 'skip_customer'],
    ['class_full', 'stop'],
    ['class_started', 'stop'],
    ['not_on_waitlist', 'next'],
  ] as const)('%s → %s', (reason, action) => {
    expect(promotionFailure(reason)).toBe(action);
  });
});
