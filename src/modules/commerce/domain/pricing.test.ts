import { describe, expect, it } from 'vitest';
import { parseCurrencyCode } from '../../../kernel/money.ts';
import { discountOf, priceOrder, surchargeOf, type DiscountRule, type PricedLineInput } from './pricing.ts';

const EUR = parseCurrencyCode('EUR');
const JPY = parseCurrencyCode('JPY');
const line = (unitPriceMinor: number, quantity = 1, taxRateBp = 0, discountable = true): PricedLineInput => ({ unitPriceMinor, quantity, taxRateBp, discountable });

describe('discountOf', () => {
  it.each<[string, number, DiscountRule, number]>([
    ['10 % of 1999 is 199.9 → 200 (half-up)', 1999, { kind: 'percent', percentBp: 1000 }, 200],
    ['15 % of 1010 is 151.5 → 152 (half-up, not half-even 152/151.5)', 1010, { kind: 'percent', percentBp: 1500 }, 152],
    ['12.5 % of 4 is 0.5 → 1 (half-up)', 4, { kind: 'percent', percentBp: 1250 }, 1],
    ['an amount discount above the eligible subtotal is capped', 500, { kind: 'amount', amountMinor: 800 }, 500],
    ['an amount discount below it is taken whole', 500, { kind: 'amount', amountMinor: 120 }, 120],
    ['nothing eligible, no discount', 0, { kind: 'percent', percentBp: 5000 }, 0],
  ])('%s', (_name, eligible, rule, expected) => {
    expect(discountOf(eligible, rule, EUR)).toBe(expected);
  });
});

describe('priceOrder', () => {
  it('taxes each line on its net after discount, half-up', () => {
    // 1999 × 20 % = 399.8 → 400; 333 × 5.5 % = 18.315 → 18.
    const order = priceOrder([line(1999, 1, 2000), line(333, 1, 550)], null, EUR);

    expect(order.lines.map((l) => l.taxMinor)).toEqual([400, 18]);
    expect(order).toMatchObject({ subtotalMinor: 2332, discountMinor: 0, taxMinor: 418, totalMinor: 2750 });
  });

  it('computes a percent discount once on the eligible subtotal and allocates it by largest remainder', () => {
    // Eligible: 1000 + 1000 + 1000 = 3000; 10 % = 300 → 100 each. The 500 line is not eligible.
    // 33.33 % of 3000 = 999.9 → 1000 → [334, 333, 333] (the first tie takes the extra unit).
    const order = priceOrder([line(1000), line(1000), line(1000), line(500, 1, 0, false)], { kind: 'percent', percentBp: 3333 }, EUR);

    expect(order.lines.map((l) => l.discountMinor)).toEqual([334, 333, 333, 0]);
    expect(order.discountMinor).toBe(1000);
    expect(order.totalMinor).toBe(3500 - 1000);
  });

  it('caps an amount discount at the eligible lines and taxes what is left', () => {
    // 300 off a 200 eligible line → 200 off; the taxed line keeps its tax on 1000: 1000 × 10 % = 100.
    const order = priceOrder([line(200, 1, 2000), line(1000, 1, 1000, false)], { kind: 'amount', amountMinor: 300 }, EUR);

    expect(order.lines).toEqual([
      { subtotalMinor: 200, discountMinor: 200, taxMinor: 0, totalMinor: 0 },
      { subtotalMinor: 1000, discountMinor: 0, taxMinor: 100, totalMinor: 1100 },
    ]);
  });

  it('multiplies by quantity exactly and works in a currency without decimals', () => {
    const order = priceOrder([line(1250, 3, 800)], { kind: 'percent', percentBp: 1000 }, JPY);

    // 3750 − 375 = 3375; tax 8 % = 270.
    expect(order.lines[0]).toEqual({ subtotalMinor: 3750, discountMinor: 375, taxMinor: 270, totalMinor: 3645 });
  });
});

describe('surchargeOf', () => {
  it.each<[string, number, { bp: number; fixedMinor: number } | null, number]>([
    ['2.9 % + 30 on 1000 = 29 + 30', 1000, { bp: 290, fixedMinor: 30 }, 59],
    ['2.9 % of 1550 is 44.95 → 45 (half-up) + 30', 1550, { bp: 290, fixedMinor: 30 }, 75],
    ['no card amount, no surcharge (not even the fixed part)', 0, { bp: 290, fixedMinor: 30 }, 0],
    ['the studio absorbs the fees', 1000, null, 0],
  ])('%s', (_name, amount, rule, expected) => {
    expect(surchargeOf(amount, rule, EUR)).toBe(expected);
  });
});
