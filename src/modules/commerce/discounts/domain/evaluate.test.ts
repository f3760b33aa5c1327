import { describe, expect, it } from 'vitest';
import { evaluateDiscount, restrictionKeys, type DiscountRule } from './evaluate.ts';

const now = new Date('2026-06-15T10:00:00Z');
const rule = (over: Partial<DiscountRule> = {}): DiscountRule => ({
  kind: 'percent',
  percentBp: 1000,
  amountMinor: null,
  validFrom: null,
  validUntil: null,
  maxUses: null,
  maxUsesPerCustomer: null,
  usesCount: 0,
  planIds: [],
  templateIds: [],
  productIds: [],
  archived: false,
  ...over,
});
const line = (lineKey: string, netMinor: number, discountKeys: string[] = []) => ({ lineKey, netMinor, discountKeys });
const run = (r: DiscountRule, lines = [line('a', 1000)], extra: { hasCustomer?: boolean; customerUses?: number; at?: Date } = {}) =>
  evaluateDiscount(r, { lines, now: extra.at ?? now, hasCustomer: extra.hasCustomer ?? true, customerUses: extra.customerUses ?? 0 });

describe('evaluateDiscount', () => {
  it.each([
    ['10 % of one line', rule(), [line('a', 1000)], [100]],
    ['percent on the subtotal once, half-up, then allocated', rule(), [line('a', 1000), line('b', 1999)], [100, 200]],
    ['half-up rounding of a tie', rule({ percentBp: 5000 }), [line('a', 5)], [3]],
    ['percent of three equal lines: the leftover unit goes to the first', rule({ percentBp: 3333 }), [line('a', 100), line('b', 100), line('c', 100)], [34, 33, 33]],
    ['100 % takes everything', rule({ percentBp: 10000 }), [line('a', 1234), line('b', 1)], [1234, 1]],
    ['amount split by net amounts', rule({ kind: 'amount', percentBp: null, amountMinor: 1000 }), [line('a', 1000), line('b', 3000)], [250, 750]],
    ['amount capped at the eligible subtotal', rule({ kind: 'amount', percentBp: null, amountMinor: 5000 }), [line('a', 1200), line('b', 800)], [1200, 800]],
    ['a zero line gets nothing', rule({ kind: 'amount', percentBp: null, amountMinor: 500 }), [line('a', 0), line('b', 800)], [0, 500]],
  ])('%s', (_name, r, lines, expected) => {
    const outcome = run(r, lines);

    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    expect(outcome.lines.map((l) => l.discountMinor)).toEqual(expected);
    expect(outcome.totalMinor).toBe(expected.reduce((a, b) => a + b, 0));
  });

  it('applies only to the lines a restricted code names', () => {
    const r = rule({ percentBp: 2000, productIds: ['prd_1'], planIds: ['plan_9'] });

    const outcome = run(r, [line('mat', 2000, ['product:prd_1']), line('towel', 1000, ['product:prd_2']), line('pack', 3000, ['plan:plan_9'])]);

    expect(outcome).toEqual({ ok: true, totalMinor: 1000, lines: [{ lineKey: 'mat', discountMinor: 400 }, { lineKey: 'towel', discountMinor: 0 }, { lineKey: 'pack', discountMinor: 600 }] });
  });

  it.each([
    ['archived', rule({ archived: true }), {}, 'archived'],
    ['before its first instant', rule({ validFrom: new Date('2026-06-15T10:00:01Z') }), {}, 'not_started'],
    ['at its end instant (excluded)', rule({ validUntil: now }), {}, 'expired'],
    ['used up', rule({ maxUses: 3, usesCount: 3 }), {}, 'exhausted'],
    ['a per-customer limit with a walk-in', rule({ maxUsesPerCustomer: 1 }), { hasCustomer: false }, 'needs_customer'],
    ['the customer used it up', rule({ maxUsesPerCustomer: 2 }), { customerUses: 2 }, 'customer_limit'],
  ])('refuses a code %s', (_name, r, extra, reason) => {
    expect(run(r, [line('a', 1000)], extra)).toEqual({ ok: false, reason });
  });

  it('accepts the first instant of the window and the customer under the limit', () => {
    const r = rule({ validFrom: now, validUntil: new Date(now.getTime() + 1), maxUses: 3, usesCount: 2, maxUsesPerCustomer: 2 });

    expect(run(r, [line('a', 1000)], { customerUses: 1 }).ok).toBe(true);
  });

  it('is not applicable when no line matches or the eligible lines are free', () => {
    expect(run(rule({ templateIds: ['tpl_1'] }), [line('a', 1000, ['product:prd_1'])])).toEqual({ ok: false, reason: 'not_applicable' });
    expect(run(rule(), [line('a', 0)])).toEqual({ ok: false, reason: 'not_applicable' });
  });

  it('names restriction keys as the fulfillers do', () => {
    expect(restrictionKeys({ planIds: ['p'], templateIds: ['t'], productIds: ['x'] })).toEqual(['plan:p', 'template:t', 'product:x']);
  });
});
