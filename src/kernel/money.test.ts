import { describe, it, expect } from 'vitest';

import {
  add,
  allocate,
  applyRateBp,
  compare,
  currencyCodes,
  isCurrencyCode,
  isZero,
  minorUnits,
  money,
  MoneyError,
  multiply,
  negate,
  parseCurrencyCode,
  subtract,
  type CurrencyCode,
  type Money,
  type Rounding,
} from './money.ts';

const eur = (amountMinor: number): Money => money(amountMinor, 'EUR');
const amounts = (shares: Money[]): number[] => shares.map((share) => share.amountMinor);

function expectMoneyError(action: () => unknown, code: MoneyError['code']): void {
  let caught: unknown;
  try {
    action();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(MoneyError);
  expect((caught as MoneyError).code).toBe(code);
}

describe('isCurrencyCode', () => {
  it.each(['EUR', 'USD', 'JPY', 'KWD', 'CHF', 'INR', 'AUD', 'XOF', 'XCG', 'ZWG', 'SLE', 'VED', 'CLF'])(
    'accepts the active code %s',
    (code) => {
      const valid = isCurrencyCode(code);

      expect(valid).toBe(true);
    },
  );

  it.each(['eur', 'EURO', 'EU', '', 'ABC', 'XXX', 'XTS', 'XAU', 'XDR', 'HRK', 'ANG', 'ZWL', 'DEM', 42, null])(
    'rejects %j',
    (code) => {
      const valid = isCurrencyCode(code);

      expect(valid).toBe(false);
    },
  );

  it('backs currencyCodes with unique three-letter upper-case codes', () => {
    const codes = currencyCodes;

    expect(codes.length).toBeGreaterThan(150);
    expect(new Set(codes).size).toBe(codes.length);
    expect(codes.every((code) => /^[A-Z]{3}$/.test(code))).toBe(true);
  });
});

describe('parseCurrencyCode', () => {
  it('returns a known code', () => {
    const code = parseCurrencyCode('GBP');

    expect(code).toBe('GBP');
  });

  it('throws UNKNOWN_CURRENCY for an unknown code', () => {
    expectMoneyError(() => parseCurrencyCode('ABC'), 'UNKNOWN_CURRENCY');
  });
});

describe('minorUnits', () => {
  it.each([
    ['EUR', 2],
    ['USD', 2],
    ['GBP', 2],
    ['HUF', 2],
    ['JPY', 0],
    ['KRW', 0],
    ['ISK', 0],
    ['CLP', 0],
    ['VND', 0],
    ['XOF', 0],
    ['XAF', 0],
    ['XPF', 0],
    ['BHD', 3],
    ['KWD', 3],
    ['OMR', 3],
    ['JOD', 3],
    ['TND', 3],
    ['IQD', 3],
    ['LYD', 3],
    ['CLF', 4],
    ['UYW', 4],
  ])('gives %s %i decimal places', (code, digits) => {
    const result = minorUnits(parseCurrencyCode(code));

    expect(result).toBe(digits);
  });

  it('has a digit count for every accepted code', () => {
    const digits = currencyCodes.map(minorUnits);

    expect(digits.every((n) => [0, 2, 3, 4].includes(n))).toBe(true);
  });

  it('throws UNKNOWN_CURRENCY for a forged code', () => {
    expectMoneyError(() => minorUnits('ABC' as CurrencyCode), 'UNKNOWN_CURRENCY');
  });
});

describe('money', () => {
  it('builds a value from minor units and a code', () => {
    const price = money(1999, 'EUR');

    expect(price).toEqual({ amountMinor: 1999, currency: 'EUR' });
  });

  it('stores negative zero as zero', () => {
    const zero = money(-0, 'EUR');

    expect(Object.is(zero.amountMinor, 0)).toBe(true);
  });

  it.each([19.99, Number.NaN, Number.POSITIVE_INFINITY, Number.MAX_SAFE_INTEGER + 1])(
    'throws INVALID_AMOUNT for %s',
    (amountMinor) => {
      expectMoneyError(() => money(amountMinor, 'EUR'), 'INVALID_AMOUNT');
    },
  );

  it('throws UNKNOWN_CURRENCY for an unknown code', () => {
    expectMoneyError(() => money(100, 'eur'), 'UNKNOWN_CURRENCY');
  });
});

describe('add and subtract', () => {
  it('adds amounts of the same currency', () => {
    const total = add(eur(1999), eur(1));

    expect(total).toEqual(eur(2000));
  });

  it('subtracts into a negative amount', () => {
    const balance = subtract(eur(500), eur(1250));

    expect(balance).toEqual(eur(-750));
  });

  it('throws CURRENCY_MISMATCH when mixing currencies', () => {
    expectMoneyError(() => add(eur(100), money(100, 'USD')), 'CURRENCY_MISMATCH');
    expectMoneyError(() => subtract(eur(100), money(100, 'USD')), 'CURRENCY_MISMATCH');
  });

  it('throws OUT_OF_RANGE past the safe integer range instead of losing precision', () => {
    expectMoneyError(() => add(eur(Number.MAX_SAFE_INTEGER), eur(1)), 'OUT_OF_RANGE');
    expectMoneyError(() => subtract(eur(Number.MIN_SAFE_INTEGER), eur(1)), 'OUT_OF_RANGE');
  });
});

describe('negate', () => {
  it('flips the sign', () => {
    const refund = negate(eur(1999));

    expect(refund).toEqual(eur(-1999));
  });

  it('keeps zero positive', () => {
    const result = negate(eur(0));

    expect(Object.is(result.amountMinor, 0)).toBe(true);
  });
});

describe('multiply', () => {
  it('multiplies by a quantity', () => {
    const total = multiply(eur(1250), 3);

    expect(total).toEqual(eur(3750));
  });

  it('gives positive zero for a negative amount times zero', () => {
    const total = multiply(eur(-1250), 0);

    expect(Object.is(total.amountMinor, 0)).toBe(true);
  });

  it('throws INVALID_ARGUMENT for a fractional quantity', () => {
    expectMoneyError(() => multiply(eur(1250), 1.5), 'INVALID_ARGUMENT');
  });

  it('throws OUT_OF_RANGE when the product passes the safe integer range', () => {
    expectMoneyError(() => multiply(eur(Number.MAX_SAFE_INTEGER), 2), 'OUT_OF_RANGE');
  });
});

describe('applyRateBp', () => {
  it.each<[number, number, Rounding, number]>([
    // 1999 × 19 % = 379.81
    [1999, 1_900, 'half-even', 380],
    [1999, 1_900, 'half-up', 380],
    [1999, 1_900, 'floor', 379],
    [1999, 1_900, 'ceil', 380],
    // 250 × 0.5 % = 1.25
    [250, 50, 'half-even', 1],
    [250, 50, 'half-up', 1],
    [250, 50, 'floor', 1],
    [250, 50, 'ceil', 2],
    // Exact ties: 5 × 50 % = 2.5 and 7 × 50 % = 3.5
    [5, 5_000, 'half-even', 2],
    [5, 5_000, 'half-up', 3],
    [7, 5_000, 'half-even', 4],
    [7, 5_000, 'half-up', 4],
    // Negative ties: -5 × 50 % = -2.5
    [-5, 5_000, 'half-even', -2],
    [-5, 5_000, 'half-up', -3],
    [-5, 5_000, 'floor', -3],
    [-5, 5_000, 'ceil', -2],
    // Negative non-ties: -1999 × 19 % = -379.81
    [-1999, 1_900, 'half-even', -380],
    [-1999, 1_900, 'floor', -380],
    [-1999, 1_900, 'ceil', -379],
    // A negative rate (a discount line): 1000 × -12.5 % = -125
    [1000, -1_250, 'half-even', -125],
    // Gross from net at 119 %: 1000 × 1.19 = 1190; exact results are untouched by any mode.
    [1000, 11_900, 'floor', 1190],
    [1000, 11_900, 'ceil', 1190],
    [0, 1_900, 'ceil', 0],
  ])('applies to %i at %i bp with %s rounding giving %i', (amountMinor, rateBp, rounding, expected) => {
    const result = applyRateBp(eur(amountMinor), rateBp, rounding);

    expect(result).toEqual(eur(expected));
  });

  it('computes in exact integers where floats would drift', () => {
    // 1.15 × 100 in floats is 114.99999999999999, so a float floor would give 114.
    const result = applyRateBp(eur(100), 11_500, 'floor');

    expect(result.amountMinor).toBe(115);
  });

  it('stays exact when the intermediate product passes 2^53', () => {
    // 9_007_199_254_740_991 × 5000 / 10000 = 4_503_599_627_370_495.5
    const result = applyRateBp(eur(Number.MAX_SAFE_INTEGER), 5_000, 'half-even');

    expect(result.amountMinor).toBe(4_503_599_627_370_496);
  });

  it('keeps the currency', () => {
    const result = applyRateBp(money(1000, 'JPY'), 1_000, 'half-even');

    expect(result).toEqual(money(100, 'JPY'));
  });

  it('throws INVALID_ARGUMENT for a fractional rate', () => {
    expectMoneyError(() => applyRateBp(eur(1000), 12.5, 'half-even'), 'INVALID_ARGUMENT');
  });
});

describe('allocate', () => {
  it.each([
    [100, [1, 1, 1], [34, 33, 33]],
    [1000, [1, 2], [333, 667]],
    [5, [3, 0, 2], [3, 0, 2]],
    [2, [1, 1, 1], [1, 1, 0]],
    [1, [0, 1, 1], [0, 1, 0]],
    [10, [1], [10]],
    [0, [1, 1], [0, 0]],
    [101, [50, 50], [51, 50]],
    [7, [1, 3], [2, 5]],
    [-100, [1, 1, 1], [-34, -33, -33]],
    [-5, [1, 1], [-3, -2]],
  ])('splits %i over %j as %j', (amountMinor, weights, expected) => {
    const shares = allocate(eur(amountMinor), weights);

    expect(amounts(shares)).toEqual(expected);
  });

  it('gives the leftover units to the largest remainders, not to the first weights', () => {
    // 10 over [1, 1, 3]: exact 2, 2, 6 → no leftover; 11 over [1, 1, 3]: 2.2, 2.2, 6.6 → 6.6 rounds up.
    const shares = allocate(eur(11), [1, 1, 3]);

    expect(amounts(shares)).toEqual([2, 2, 7]);
  });

  it('always sums to the input amount', () => {
    const cases: Array<[number, number[]]> = [
      [999_999, [3, 7, 11, 13]],
      [1, [1, 1, 1, 1, 1, 1, 1]],
      [-12_345, [2, 9, 4]],
      [Number.MAX_SAFE_INTEGER, [1, 1, 1]],
      [100, [1_000_000, 1, 1]],
    ];

    const sums = cases.map(([amountMinor, weights]) =>
      amounts(allocate(eur(amountMinor), weights)).reduce((sum, n) => sum + BigInt(n), 0n),
    );

    expect(sums).toEqual(cases.map(([amountMinor]) => BigInt(amountMinor)));
  });

  it('keeps the currency on every share', () => {
    const shares = allocate(money(1000, 'KWD'), [1, 1]);

    expect(shares).toEqual([money(500, 'KWD'), money(500, 'KWD')]);
  });

  it.each([[[]], [[0, 0]], [[1, -1]], [[0.5, 0.5]], [[Number.NaN]]])('throws INVALID_ARGUMENT for weights %j', (weights) => {
    expectMoneyError(() => allocate(eur(100), weights), 'INVALID_ARGUMENT');
  });
});

describe('isZero', () => {
  it('is true only for a zero amount', () => {
    const results = [isZero(eur(0)), isZero(eur(1)), isZero(eur(-1))];

    expect(results).toEqual([true, false, false]);
  });
});

describe('compare', () => {
  it('orders amounts of the same currency', () => {
    const sorted = [eur(300), eur(-5), eur(100), eur(100)].sort(compare);

    expect(amounts(sorted)).toEqual([-5, 100, 100, 300]);
  });

  it('returns -1, 0 or 1', () => {
    const results = [compare(eur(1), eur(2)), compare(eur(2), eur(2)), compare(eur(3), eur(2))];

    expect(results).toEqual([-1, 0, 1]);
  });

  it('throws CURRENCY_MISMATCH when mixing currencies', () => {
    expectMoneyError(() => compare(eur(100), money(100, 'GBP')), 'CURRENCY_MISMATCH');
  });
});

describe('MoneyError', () => {
  it('is an Error with its own name and code', () => {
    let caught: unknown;

    try {
      add(eur(1), money(1, 'USD'));
    } catch (error) {
      caught = error;
    }

    expect(caught).toBeInstanceOf(Error);
    expect(caught).toMatchObject({ name: 'MoneyError', code: 'CURRENCY_MISMATCH', message: 'Cannot combine EUR with USD' });
  });
});
