import { describe, expect, it } from 'vitest';
import { zonedToInstant } from '../../../kernel/time.ts';
import type { BookingPaymentMethod, BookingStatus } from '../contracts.ts';
import { decideCancellation, fullRefundFor, type CancellationFacts, type CancellationPolicy, type RefundMode } from './cancellation-policy.ts';

const hour = 3_600_000;
const startsAt = new Date('2026-06-10T18:00:00Z');
const before = (h: number) => new Date(startsAt.getTime() - h * hour);
const policy = (refundMode: RefundMode, creditCutoffMin = 1440, lateCancelMin = 60): CancellationPolicy => ({ refundMode, creditCutoffMin, lateCancelMin });

const facts = (over: Partial<CancellationFacts>): CancellationFacts => ({
  startsAt,
  now: before(25),
  policy: policy('all'),
  status: 'booked',
  paymentMethod: 'card',
  usageCounted: false,
  paidMinor: 2500,
  by: 'customer',
  customersMayCancel: true,
  ...over,
});

describe('decideCancellation: seed 001 example (cutoff 24 h, "crédits rendus pour tout")', () => {
  it('a card purchase cancelled 25 h before the start gives dollar credits equal to the price paid', () => {
    expect(decideCancellation(facts({ paymentMethod: 'card', paidMinor: 2500 }))).toMatchObject({ allowed: true, lateCancel: false, refundKind: 'dollar_credit', refundMinor: 2500 });
  });
  it('a pack booking cancelled at the same time gives the class credit back', () => {
    expect(decideCancellation(facts({ paymentMethod: 'membership', usageCounted: true, paidMinor: 0 }))).toMatchObject({ allowed: true, lateCancel: false, refundKind: 'class_credit', refundMinor: 0 });
  });
  it('says until when a cancellation is refunded', () => {
    expect(decideCancellation(facts({})).refundableUntil.toISOString()).toBe('2026-06-09T18:00:00.000Z');
  });
});

describe('decideCancellation: table', () => {
  // mode, hours before the start, payment, usage counted, paid → late, refund kind, refund
  const table: [RefundMode, number, BookingPaymentMethod, boolean, number, boolean, string, number][] = [
    ['all', 25, 'card', false, 2500, false, 'dollar_credit', 2500],
    ['all', 24, 'card', false, 2500, false, 'dollar_credit', 2500], // exactly at the cutoff: refunded
    ['all', 23.99, 'card', false, 2500, false, 'none', 0], // inside the cutoff: nothing
    ['all', 23, 'membership', true, 0, false, 'none', 0],
    ['all', 0.5, 'card', false, 2500, true, 'none', 0], // inside the late window: a late cancel
    ['all', 1, 'membership', true, 0, false, 'none', 0], // exactly 60 min before: not late
    ['all', 0.99, 'membership', true, 0, true, 'none', 0],
    ['all', 25, 'prepaid_credit', false, 1800, false, 'dollar_credit', 1800],
    ['all', 25, 'cash', false, 2000, false, 'dollar_credit', 2000],
    ['all', 25, 'terminal', false, 2000, false, 'dollar_credit', 2000],
    ['all', 25, 'intro_offer', true, 0, false, 'class_credit', 0],
    ['all', 25, 'membership', false, 0, false, 'none', 0], // unlimited: nothing was spent
    ['all', 25, 'free', false, 0, false, 'none', 0],
    ['all', 25, 'complimentary', false, 0, false, 'none', 0],
    ['all', 25, 'registration', false, 1000, false, 'none', 0], // cancel the registration instead
    ['packs_only', 25, 'membership', true, 0, false, 'class_credit', 0],
    ['packs_only', 25, 'intro_offer', true, 0, false, 'class_credit', 0],
    ['packs_only', 25, 'membership', false, 0, false, 'none', 0],
    ['packs_only', 25, 'card', false, 2500, false, 'none', 0],
    ['packs_only', 25, 'prepaid_credit', false, 2500, false, 'none', 0],
    ['none', 25, 'membership', true, 0, false, 'none', 0],
    ['none', 25, 'card', false, 2500, false, 'none', 0],
    ['none', 0.25, 'card', false, 2500, true, 'none', 0],
  ];
  it.each(table)('%s, %d h before, %s (counted %s, paid %i) → late %s, %s %i', (mode, h, paymentMethod, usageCounted, paidMinor, late, kind, minor) => {
    const d = decideCancellation(facts({ policy: policy(mode), now: before(h), paymentMethod, usageCounted, paidMinor }));
    expect(d).toMatchObject({ allowed: true, reason: null, lateCancel: late, refundKind: kind, refundMinor: minor });
  });

  it('a late-cancel window of 0 never counts a late cancel', () => {
    expect(decideCancellation(facts({ policy: policy('all', 1440, 0), now: before(0.01) })).lateCancel).toBe(false);
  });

  it('a class that crosses a DST change counts real elapsed time', () => {
    // Paris springs forward on 2026-03-29 at 02:00: Sunday 10:00 local is 23 h (not 24) after Saturday 10:00 local.
    const start = zonedToInstant({ date: '2026-03-29' as never, minute: 10 * 60, timeZone: 'Europe/Paris' });
    const dayBeforeSameWallTime = zonedToInstant({ date: '2026-03-28' as never, minute: 10 * 60, timeZone: 'Europe/Paris' });
    const d = decideCancellation(facts({ startsAt: start, now: dayBeforeSameWallTime }));
    expect(start.getTime() - dayBeforeSameWallTime.getTime()).toBe(23 * hour);
    expect(d.refundKind).toBe('none');
    const oneHourEarlier = new Date(dayBeforeSameWallTime.getTime() - hour);
    expect(decideCancellation(facts({ startsAt: start, now: oneHourEarlier }))).toMatchObject({ refundKind: 'dollar_credit', refundMinor: 2500 });
    // In autumn (2026-10-25, 25 h day) the same wall time the day before is 25 h before: refunded.
    const autumn = zonedToInstant({ date: '2026-10-25' as never, minute: 10 * 60, timeZone: 'Europe/Paris' });
    const autumnBefore = zonedToInstant({ date: '2026-10-24' as never, minute: 10 * 60, timeZone: 'Europe/Paris' });
    expect(decideCancellation(facts({ startsAt: autumn, now: autumnBefore })).refundKind).toBe('dollar_credit');
  });
});

describe('decideCancellation: who may cancel what', () => {
  it('refuses customers when the studio does not let them cancel; staff still may', () => {
    expect(decideCancellation(facts({ customersMayCancel: false }))).toMatchObject({ allowed: false, reason: 'cancellation_not_allowed', refundKind: 'none' });
    expect(decideCancellation(facts({ customersMayCancel: false, by: 'staff' }))).toMatchObject({ allowed: true, refundKind: 'dollar_credit' });
  });

  it('refuses customers once the class started; staff may', () => {
    expect(decideCancellation(facts({ now: startsAt }))).toMatchObject({ allowed: false, reason: 'class_started' });
    expect(decideCancellation(facts({ now: startsAt, by: 'staff' }))).toMatchObject({ allowed: true, lateCancel: true, refundKind: 'none' });
  });

  it.each<BookingStatus>(['cancelled', 'late_cancelled', 'no_show', 'removed'])('refuses a %s booking', (status) => {
    expect(decideCancellation(facts({ status, by: 'staff' }))).toMatchObject({ allowed: false, reason: 'not_cancellable' });
  });

  it.each<BookingStatus>(['waitlisted', 'offered', 'pending'])('lets a %s place go with nothing to refund and no late cancel', (status) => {
    expect(decideCancellation(facts({ status, now: before(0.1) }))).toMatchObject({ allowed: true, lateCancel: false, refundKind: 'none', refundMinor: 0 });
  });

  it('lets staff refund outside the policy, keep the payment, or waive the late cancel; customers cannot', () => {
    const late = facts({ now: before(0.5), by: 'staff' });
    expect(decideCancellation({ ...late, override: { refund: true } })).toMatchObject({ lateCancel: true, refundKind: 'dollar_credit', refundMinor: 2500 });
    expect(decideCancellation({ ...late, policy: policy('none'), override: { refund: true } })).toMatchObject({ refundKind: 'dollar_credit' });
    expect(decideCancellation({ ...late, override: { waiveLateCancel: true } })).toMatchObject({ lateCancel: false, refundKind: 'none' });
    expect(decideCancellation(facts({ by: 'staff', override: { refund: false } }))).toMatchObject({ refundKind: 'none' });
    expect(decideCancellation({ ...late, by: 'customer', override: { refund: true, waiveLateCancel: true } })).toMatchObject({ lateCancel: true, refundKind: 'none' });
  });
});

describe('fullRefundFor (a class the studio cancelled)', () => {
  it.each<[BookingPaymentMethod, boolean, number, string, number]>([
    ['card', false, 2500, 'dollar_credit', 2500],
    ['cash', false, 2000, 'dollar_credit', 2000],
    ['membership', true, 0, 'class_credit', 0],
    ['membership', false, 0, 'none', 0],
    ['registration', false, 1250, 'dollar_credit', 1250],
    ['free', false, 0, 'none', 0],
    ['complimentary', false, 0, 'none', 0],
  ])('%s (counted %s, paid %i) → %s %i', (paymentMethod, usageCounted, paidMinor, kind, minor) => {
    expect(fullRefundFor({ paymentMethod, usageCounted, paidMinor })).toEqual({ refundKind: kind, refundMinor: minor });
  });
});
