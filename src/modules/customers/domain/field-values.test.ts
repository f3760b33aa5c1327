import { describe, expect, it } from 'vitest';
import {
  canonicalDecimal,
  dateMatches,
  fromColumns,
  isBirthdayLabel,
  missingRequired,
  parseFieldValue,
  sameValue,
  toColumns,
  type FieldShape,
} from './field-values.ts';

const field = (kind: FieldShape['kind'], options: string[] = [], required = false): FieldShape => ({ kind, options, required });

describe('parseFieldValue', () => {
  it.each([
    ['text', '  left knee ', 'left knee'],
    ['text', '   ', null],
    ['number', '007.50', '7.5'],
    ['number', '-0.0', '0'],
    ['number', '38', '38'],
    ['number', '', null],
    ['date', '1990-02-28', '1990-02-28'],
    ['checkbox', false, false],
    ['checkbox', true, true],
    ['text', null, null],
  ] as const)('accepts a %s answer %j as %j', (kind, raw, expected) => {
    expect(parseFieldValue(field(kind), raw)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ['number', '1,5'],
    ['number', '1e3'],
    ['number', 12],
    ['number', '1234567890123'],
    ['date', '1990-02-30'],
    ['date', '28/02/1990'],
    ['checkbox', 'yes'],
    ['text', 42],
    ['text', 'x'.repeat(2_001)],
  ] as const)('refuses a %s answer %j', (kind, raw) => {
    expect(parseFieldValue(field(kind), raw)).toMatchObject({ ok: false, message: expect.any(String) });
  });

  it('keeps a choice among the options only', () => {
    const level = field('choice', ['Beginner', 'Advanced']);

    expect(parseFieldValue(level, 'Advanced')).toEqual({ ok: true, value: 'Advanced' });
    expect(parseFieldValue(level, 'advanced')).toMatchObject({ ok: false });
    expect(parseFieldValue(level, '')).toEqual({ ok: true, value: null });
  });

  it('orders a multiple choice as the options are and drops duplicates', () => {
    const days = field('multi_choice', ['Mon', 'Wed', 'Fri']);

    expect(parseFieldValue(days, ['Fri', 'Mon', 'Fri'])).toEqual({ ok: true, value: ['Mon', 'Fri'] });
    expect(parseFieldValue(days, [])).toEqual({ ok: true, value: null });
    expect(parseFieldValue(days, ['Sun'])).toMatchObject({ ok: false });
    expect(parseFieldValue(days, 'Mon')).toMatchObject({ ok: false });
  });
});

describe('required answers', () => {
  it('treats an unticked required box and an empty answer as missing', () => {
    expect(missingRequired(field('checkbox', [], true), false)).toBe(true);
    expect(missingRequired(field('text', [], true), null)).toBe(true);
    expect(missingRequired(field('text', [], true), 'x')).toBe(false);
    expect(missingRequired(field('text', [], false), null)).toBe(false);
  });
});

describe('stored columns', () => {
  it.each([
    ['text', 'hello'],
    ['choice', 'A'],
    ['number', '38.5'],
    ['date', '2000-01-01'],
    ['multi_choice', ['A', 'B']],
    ['checkbox', false],
    ['text', null],
  ] as const)('round-trips a %s answer', (kind, value) => {
    expect(fromColumns(kind, toColumns(kind, value as never))).toEqual(value);
  });

  it('reads a stored numeric with trailing zeros as the same number', () => {
    expect(fromColumns('number', { ...toColumns('number', null), numberValue: '38.50' })).toBe('38.5');
  });

  it('compares lists by content and order', () => {
    expect(sameValue(['A', 'B'], ['A', 'B'])).toBe(true);
    expect(sameValue(['A'], ['A', 'B'])).toBe(false);
    expect(sameValue(null, false)).toBe(false);
    expect(canonicalDecimal('abc')).toBeNull();
  });
});

describe('date triggers', () => {
  it('recognises a birthday field whatever the case and accents', () => {
    expect(isBirthdayLabel('Date d’ANNIVERSAIRE')).toBe(true);
    expect(isBirthdayLabel('Birthday')).toBe(true);
    expect(isBirthdayLabel('Date of first class')).toBe(false);
  });

  it.each([
    ['1990-05-12', '2026-05-12', 'annual', true],
    ['1990-05-12', '2026-05-13', 'annual', false],
    ['1990-05-12', '2026-06-12', 'annual', false],
    ['2000-02-29', '2027-02-28', 'annual', true],
    ['2000-02-29', '2028-02-28', 'annual', false],
    ['2000-02-29', '2028-02-29', 'annual', true],
    ['2026-01-31', '2026-04-30', 'monthly', true],
    ['2026-01-15', '2026-04-15', 'monthly', true],
    ['2026-01-15', '2026-04-16', 'monthly', false],
    ['2026-04-15', '2026-04-15', 'exact', true],
    ['2025-04-15', '2026-04-15', 'exact', false],
  ] as const)('%s on %s (%s) → %s', (value, today, mode, expected) => {
    expect(dateMatches(value, today, mode)).toBe(expected);
  });
});
