/**
 * Money is an integer count of the currency's minor unit (cents, yen, fils) plus an ISO 4217 code.
 * All arithmetic goes through this file and runs on integers (BigInt where a product can pass
 * 2^53), so no amount ever takes a binary fraction. Formatting belongs to the web app.
 */

/** An active ISO 4217 alphabetic code, upper case: 'EUR', 'JPY', 'KWD'. */
export type CurrencyCode = string & { readonly __brand: 'CurrencyCode' };

export interface Money {
  /** Whole minor units, a safe integer: 1999 EUR is €19.99, 1999 JPY is ¥1999, 1999 KWD is 1.999 KD. */
  readonly amountMinor: number;
  readonly currency: CurrencyCode;
}

export type Rounding = 'half-even' | 'half-up' | 'floor' | 'ceil';

export type MoneyErrorCode = 'CURRENCY_MISMATCH' | 'UNKNOWN_CURRENCY' | 'INVALID_AMOUNT' | 'INVALID_ARGUMENT' | 'OUT_OF_RANGE';

export class MoneyError extends Error {
  override readonly name = 'MoneyError';

  constructor(
    readonly code: MoneyErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Active ISO 4217 codes (List One, as amended up to the introduction of XCG on 2025-03-31) by the
 * number of digits of their minor unit. Left out on purpose:
 * - codes whose minor unit is "N.A.": precious metals (XAU, XAG, XPD, XPT), bond-market units
 *   (XBA–XBD), XDR, XSU, XUA, the test code XTS and XXX: an amount in them has no minor unit;
 * - withdrawn codes such as ANG (replaced by XCG), ZWL (by ZWG), SLL (by SLE), HRK (by EUR), CUC.
 * Fund codes (BOV, CHE, CHW, CLF, COU, MXV, USN, UYI, UYW) are active and kept.
 * These are ISO's digits, which differ from the defaults of `Intl.NumberFormat` (CLDR) for some
 * codes, e.g. IQD (ISO 3, CLDR 0) and HUF (ISO 2, CLDR 0): a formatter must set the fraction
 * digits from `minorUnits` rather than trust its defaults.
 */
const currenciesByMinorUnits: Readonly<Record<0 | 2 | 3 | 4, readonly string[]>> = {
  0: ['BIF', 'CLP', 'DJF', 'GNF', 'ISK', 'JPY', 'KMF', 'KRW', 'PYG', 'RWF', 'UGX', 'UYI', 'VND', 'VUV', 'XAF', 'XOF', 'XPF'],
  2: [
    'AED', 'AFN', 'ALL', 'AMD', 'AOA', 'ARS', 'AUD', 'AWG', 'AZN', 'BAM', 'BBD', 'BDT', 'BGN', 'BMD', 'BND', 'BOB',
    'BOV', 'BRL', 'BSD', 'BTN', 'BWP', 'BYN', 'BZD', 'CAD', 'CDF', 'CHE', 'CHF', 'CHW', 'CNY', 'COP', 'COU', 'CRC',
    'CUP', 'CVE', 'CZK', 'DKK', 'DOP', 'DZD', 'EGP', 'ERN', 'ETB', 'EUR', 'FJD', 'FKP', 'GBP', 'GEL', 'GHS', 'GIP',
    'GMD', 'GTQ', 'GYD', 'HKD', 'HNL', 'HTG', 'HUF', 'IDR', 'ILS', 'INR', 'IRR', 'JMD', 'KES', 'KGS', 'KHR', 'KPW',
    'KYD', 'KZT', 'LAK', 'LBP', 'LKR', 'LRD', 'LSL', 'MAD', 'MDL', 'MGA', 'MKD', 'MMK', 'MNT', 'MOP', 'MRU', 'MUR',
    'MVR', 'MWK', 'MXN', 'MXV', 'MYR', 'MZN', 'NAD', 'NGN', 'NIO', 'NOK', 'NPR', 'NZD', 'PAB', 'PEN', 'PGK', 'PHP',
    'PKR', 'PLN', 'QAR', 'RON', 'RSD', 'RUB', 'SAR', 'SBD', 'SCR', 'SDG', 'SEK', 'SGD', 'SHP', 'SLE', 'SOS', 'SRD',
    'SSP', 'STN', 'SVC', 'SYP', 'SZL', 'THB', 'TJS', 'TMT', 'TOP', 'TRY', 'TTD', 'TWD', 'TZS', 'UAH', 'USD', 'USN',
    'UYU', 'UZS', 'VED', 'VES', 'WST', 'XCD', 'XCG', 'YER', 'ZAR', 'ZMW', 'ZWG',
  ],
  3: ['BHD', 'IQD', 'JOD', 'KWD', 'LYD', 'OMR', 'TND'],
  4: ['CLF', 'UYW'],
};

const minorUnitsByCurrency: ReadonlyMap<string, number> = new Map(
  Object.entries(currenciesByMinorUnits).flatMap(([digits, codes]) => codes.map((code) => [code, Number(digits)] as const)),
);

/** Every accepted currency code, sorted. */
export const currencyCodes: readonly CurrencyCode[] = Object.freeze([...minorUnitsByCurrency.keys()].sort() as CurrencyCode[]);

export function isCurrencyCode(value: unknown): value is CurrencyCode {
  return typeof value === 'string' && minorUnitsByCurrency.has(value);
}

export function parseCurrencyCode(value: string): CurrencyCode {
  if (!isCurrencyCode(value)) {
    throw new MoneyError('UNKNOWN_CURRENCY', `Unknown currency ${JSON.stringify(value)}: expected an active ISO 4217 code such as EUR`);
  }
  return value;
}

/** Digits after the decimal point: 2 for EUR (1999 = 19.99), 0 for JPY, 3 for KWD (1999 = 1.999). */
export function minorUnits(currency: CurrencyCode): number {
  const digits = minorUnitsByCurrency.get(currency);
  if (digits === undefined) throw new MoneyError('UNKNOWN_CURRENCY', `Unknown currency ${JSON.stringify(currency)}`);
  return digits;
}

/** Builds a Money value; `money(1999, 'EUR')` is €19.99. */
export function money(amountMinor: number, currency: string): Money {
  if (!Number.isSafeInteger(amountMinor)) {
    throw new MoneyError('INVALID_AMOUNT', `Invalid amount ${amountMinor}: expected a safe integer of minor units`);
  }
  // `+ 0` turns -0 into 0, so equal amounts serialize and compare the same.
  return { amountMinor: amountMinor + 0, currency: parseCurrencyCode(currency) };
}

export function add(a: Money, b: Money): Money {
  assertSameCurrency(a, b);
  return fromBigInt(BigInt(a.amountMinor) + BigInt(b.amountMinor), a.currency);
}

export function subtract(a: Money, b: Money): Money {
  assertSameCurrency(a, b);
  return fromBigInt(BigInt(a.amountMinor) - BigInt(b.amountMinor), a.currency);
}

export function negate(m: Money): Money {
  return fromBigInt(-BigInt(m.amountMinor), m.currency);
}

/** Price × quantity: multiply(money(1250, 'EUR'), 3) is 3750 EUR. */
export function multiply(m: Money, quantity: number): Money {
  assertSafeInteger(quantity, 'quantity');
  return fromBigInt(BigInt(m.amountMinor) * BigInt(quantity), m.currency);
}

/**
 * `m × rateBp / 10 000`, rounded to a whole minor unit as stated: 100 bp = 1 %, 11 900 bp = 119 %.
 * The exact product is kept as a BigInt fraction until the single rounding step.
 * Rounding (Java's RoundingMode names): 'half-even' sends ties to the even neighbour (banker's
 * rounding); 'half-up' sends ties away from zero; 'floor' goes towards -∞; 'ceil' towards +∞.
 * Examples:
 * - 1999 EUR × 1 900 bp (19 % VAT) = 379.81 → 380 with any of the half modes, 379 floor, 380 ceil;
 * - 250 EUR × 50 bp = 1.25 → 1 half-even, 1 half-up, 1 floor, 2 ceil;
 * - 150 EUR × 5 000 bp = 75 exactly; 5 EUR × 5 000 bp = 2.5 → 2 half-even, 3 half-up;
 * - -5 EUR × 5 000 bp = -2.5 → -2 half-even, -3 half-up, -3 floor, -2 ceil.
 */
export function applyRateBp(m: Money, rateBp: number, rounding: Rounding): Money {
  assertSafeInteger(rateBp, 'rateBp');
  return fromBigInt(divideRounded(BigInt(m.amountMinor) * BigInt(rateBp), 10_000n, rounding), m.currency);
}

/**
 * Splits `m` in proportion to `weights` (non-negative integers, at least one positive) by the
 * largest-remainder method: each share is first rounded down, then the units left over go one
 * each to the shares with the largest remainders, the earlier weight winning a tie. The shares
 * always add up to `m`, and a zero weight always gets zero. A negative amount is split as its
 * absolute value and each share negated.
 * Examples:
 * - 100 over [1, 1, 1]: 33.3 each → [33, 33, 33] + 1 left for the first tie → [34, 33, 33];
 * - 1000 over [1, 2]: 333⅓ and 666⅔ → [333, 666] + 1 to the larger remainder → [333, 667];
 * - 5 over [3, 0, 2]: 3 and 2 exactly → [3, 0, 2].
 */
export function allocate(m: Money, weights: readonly number[]): Money[] {
  if (weights.length === 0) throw new MoneyError('INVALID_ARGUMENT', 'allocate needs at least one weight');
  for (const weight of weights) {
    if (!Number.isSafeInteger(weight) || weight < 0) {
      throw new MoneyError('INVALID_ARGUMENT', `Invalid weight ${weight}: expected a non-negative integer`);
    }
  }
  const totalWeight = weights.reduce((sum, weight) => sum + BigInt(weight), 0n);
  if (totalWeight === 0n) throw new MoneyError('INVALID_ARGUMENT', 'allocate needs at least one positive weight');

  const sign = m.amountMinor < 0 ? -1n : 1n;
  const amount = BigInt(m.amountMinor) * sign;
  const shares = weights.map((weight, index) => {
    const exact = amount * BigInt(weight);
    return { index, floor: exact / totalWeight, remainder: exact % totalWeight };
  });
  let leftover = amount - shares.reduce((sum, share) => sum + share.floor, 0n);
  // Array.prototype.sort is stable, so equal remainders keep their original (index) order.
  const byRemainder = [...shares].sort((a, b) => (a.remainder === b.remainder ? 0 : a.remainder > b.remainder ? -1 : 1));
  for (const share of byRemainder) {
    if (leftover === 0n) break;
    share.floor += 1n;
    leftover -= 1n;
  }
  return shares.map((share) => fromBigInt(share.floor * sign, m.currency));
}

export function isZero(m: Money): boolean {
  return m.amountMinor === 0;
}

/** Orders two amounts of the same currency: -1, 0 or 1. */
export function compare(a: Money, b: Money): -1 | 0 | 1 {
  assertSameCurrency(a, b);
  return a.amountMinor < b.amountMinor ? -1 : a.amountMinor > b.amountMinor ? 1 : 0;
}

function assertSameCurrency(a: Money, b: Money): void {
  if (a.currency !== b.currency) {
    throw new MoneyError('CURRENCY_MISMATCH', `Cannot combine ${a.currency} with ${b.currency}`);
  }
}

function assertSafeInteger(value: number, name: string): void {
  if (!Number.isSafeInteger(value)) {
    throw new MoneyError('INVALID_ARGUMENT', `Invalid ${name} ${value}: expected a safe integer`);
  }
}

function fromBigInt(amountMinor: bigint, currency: CurrencyCode): Money {
  if (amountMinor > BigInt(Number.MAX_SAFE_INTEGER) || amountMinor < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new MoneyError('OUT_OF_RANGE', `Amount ${amountMinor} ${currency} is beyond the safe integer range`);
  }
  return { amountMinor: Number(amountMinor), currency };
}

/**
 * `numerator / denominator` (denominator > 0) rounded to an integer. BigInt division truncates
 * towards zero and the remainder takes the numerator's sign: -25n / 10n = -2n, -25n % 10n = -5n.
 */
function divideRounded(numerator: bigint, denominator: bigint, rounding: Rounding): bigint {
  const quotient = numerator / denominator;
  const remainder = numerator % denominator;
  if (remainder === 0n) return quotient;
  const sign = numerator < 0n ? -1n : 1n;
  const awayFromZero = quotient + sign;
  switch (rounding) {
    case 'floor':
      return sign < 0n ? awayFromZero : quotient;
    case 'ceil':
      return sign > 0n ? awayFromZero : quotient;
    case 'half-up':
    case 'half-even': {
      const twiceRemainder = 2n * remainder * sign;
      if (twiceRemainder > denominator) return awayFromZero;
      if (twiceRemainder < denominator) return quotient;
      if (rounding === 'half-up') return awayFromZero;
      return quotient % 2n === 0n ? quotient : awayFromZero;
    }
    default:
      throw new MoneyError('INVALID_ARGUMENT', `Unknown rounding ${JSON.stringify(rounding satisfies never)}`);
  }
}
