import { describe, expect, it } from 'vitest';
import type { LocalDate } from '../../../kernel/time.ts';
import { ineligibility } from './eligibility.ts';
import { checkPaymentPlan, checkRemainingInstalments } from './payment-plan.ts';
import { priceFor } from './pricing.ts';

const d = (s: string) => s as LocalDate;

describe('sliding-scale prices', () => {
  const sliding = { priceMode: 'sliding' as const, priceMinor: 3000, priceMinMinor: 2000, priceMaxMinor: 5000 };

  it('takes the buyer’s choice within min and max, inclusive', () => {
    expect(priceFor(sliding, 2000)).toEqual({ priceMinor: 2000 });
    expect(priceFor(sliding, 5000)).toEqual({ priceMinor: 5000 });
    expect(priceFor(sliding, undefined)).toEqual({ priceMinor: 3000 });
  });

  it('refuses a choice outside the range', () => {
    expect(priceFor(sliding, 1999)).toHaveProperty('error.path', 'priceMinor');
    expect(priceFor(sliding, 5001)).toHaveProperty('error.path', 'priceMinor');
  });

  it('ignores a choice on a fixed price', () => {
    expect(priceFor({ ...sliding, priceMode: 'fixed' }, 100)).toEqual({ priceMinor: 3000 });
  });
});

describe('payment plans', () => {
  const today = d('2025-03-01');

  it('accepts a deposit and instalments adding up to the price', () => {
    expect(checkPaymentPlan(10000, 4000, [{ dueDate: d('2025-04-01'), amountMinor: 3000 }, { dueDate: d('2025-05-01'), amountMinor: 3000 }], today)).toEqual([]);
  });

  it('refuses a sum off by one minor unit', () => {
    const errors = checkPaymentPlan(10000, 4000, [{ dueDate: d('2025-04-01'), amountMinor: 3000 }, { dueDate: d('2025-05-01'), amountMinor: 2999 }], today);
    expect(errors.map((e) => e.path)).toEqual(['paymentPlan.instalments']);
  });

  it('refuses due dates out of order or not after today', () => {
    const errors = checkPaymentPlan(6000, 0, [{ dueDate: d('2025-03-01'), amountMinor: 3000 }, { dueDate: d('2025-02-01'), amountMinor: 3000 }], today);
    expect(errors.map((e) => e.path)).toEqual(['paymentPlan.instalments.0.dueDate', 'paymentPlan.instalments.1.dueDate']);
  });

  it('keeps the remaining amount when instalments are edited', () => {
    expect(checkRemainingInstalments(5000, [{ dueDate: d('2025-03-10'), amountMinor: 5000 }], today)).toEqual([]);
    expect(checkRemainingInstalments(5000, [{ dueDate: d('2025-03-10'), amountMinor: 4000 }], today)).toHaveLength(1);
  });
});

describe('eligibility', () => {
  const membership = { kind: 'class_pack', status: 'active', periodStart: d('2025-03-01'), periodEnd: d('2025-04-01'), creditsRemaining: 2 };
  const plan = { usableTemplateIds: ['tpl_a'], usableLocationIds: [], shareableWithChildren: false };
  const query = { date: d('2025-03-15'), templateId: 'tpl_a', locationId: 'loc_1', forChild: false };

  it('lets an active pack with credits pay for a covered class', () => {
    expect(ineligibility(membership, plan, query)).toBeNull();
  });

  it('says why it cannot', () => {
    expect(ineligibility({ ...membership, status: 'frozen' }, plan, query)).toBe('status_frozen');
    expect(ineligibility(membership, plan, { ...query, templateId: 'tpl_b' })).toBe('template_not_covered');
    expect(ineligibility(membership, plan, { ...query, date: d('2025-04-01') })).toBe('outside_period');
    expect(ineligibility({ ...membership, creditsRemaining: 0 }, plan, query)).toBe('no_credits_left');
    expect(ineligibility(membership, plan, { ...query, forChild: true })).toBe('not_shareable_with_children');
    expect(ineligibility(membership, { ...plan, usableLocationIds: ['loc_2'] }, query)).toBe('location_not_covered');
    expect(ineligibility({ ...membership, kind: 'dollar_pack' }, plan, query)).toBe('not_for_classes');
  });
});
