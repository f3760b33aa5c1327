import { isLocalDate } from '../../../kernel/time.ts';

/** What a custom field holds (Champs d'informations personnalisés). */
export const fieldKinds = ['text', 'number', 'date', 'choice', 'multi_choice', 'checkbox'] as const;
export type FieldKind = (typeof fieldKinds)[number];

/**
 * An answer as it travels and as rules see it: text, choice → string; number → an exact decimal
 * string ("38.5", never a float); date → 'YYYY-MM-DD'; multi_choice → strings in the field's option
 * order; checkbox → boolean. `null` is "no answer".
 */
export type FieldValue = string | string[] | boolean | null;

export interface FieldShape {
  kind: FieldKind;
  options: readonly string[];
  required: boolean;
}

export type ParsedValue = { ok: true; value: FieldValue } | { ok: false; message: string };

const maxText = 2_000;
/** Up to 12 integer and 6 fractional digits: room for any answer a form asks, exact in `numeric`. */
const decimalPattern = /^(-)?(\d{1,12})(?:\.(\d{1,6}))?$/;

/** "007.50" → "7.5", "-0" → "0": one spelling per number, so "changed?" compares strings. */
export function canonicalDecimal(value: string): string | null {
  const match = decimalPattern.exec(value.trim());
  if (!match) return null;
  const [, sign, whole, fraction = ''] = match;
  const integer = whole!.replace(/^0+(?=\d)/, '');
  const decimals = fraction.replace(/0+$/, '');
  const body = decimals ? `${integer}.${decimals}` : integer;
  return sign && body !== '0' ? `-${body}` : body;
}

const fail = (message: string): ParsedValue => ({ ok: false, message });
const ok = (value: FieldValue): ParsedValue => ({ ok: true, value });

/**
 * Checks and normalises one answer for a field. Empty text, an empty list and null all mean
 * "no answer"; `required` is not checked here (see `missingRequired`), so staff can clear a value.
 */
export function parseFieldValue(field: FieldShape, raw: unknown): ParsedValue {
  if (raw === null || raw === undefined) return ok(null);
  switch (field.kind) {
    case 'text': {
      if (typeof raw !== 'string') return fail('Expected text.');
      const text = raw.trim();
      if (text.length > maxText) return fail(`At most ${maxText} characters.`);
      return ok(text === '' ? null : text);
    }
    case 'number': {
      if (typeof raw !== 'string') return fail('Expected a number written as text, e.g. "38.5".');
      if (raw.trim() === '') return ok(null);
      const canonical = canonicalDecimal(raw);
      return canonical === null ? fail('Expected a number such as 42 or 38.5 (a dot before the decimals).') : ok(canonical);
    }
    case 'date': {
      if (typeof raw !== 'string') return fail('Expected a date written YYYY-MM-DD.');
      if (raw.trim() === '') return ok(null);
      return isLocalDate(raw.trim()) ? ok(raw.trim()) : fail('Expected a date written YYYY-MM-DD.');
    }
    case 'choice': {
      if (typeof raw !== 'string') return fail('Expected one of the options.');
      if (raw === '') return ok(null);
      return field.options.includes(raw) ? ok(raw) : fail('Not one of the options.');
    }
    case 'multi_choice': {
      if (!Array.isArray(raw) || raw.some((v) => typeof v !== 'string')) return fail('Expected a list of options.');
      const picked = new Set(raw as string[]);
      if ([...picked].some((v) => !field.options.includes(v))) return fail('Not one of the options.');
      const ordered = field.options.filter((o) => picked.has(o));
      return ok(ordered.length === 0 ? null : ordered);
    }
    case 'checkbox':
      return typeof raw === 'boolean' ? ok(raw) : fail('Expected true or false.');
  }
}

/** A required field is answered by any value but an unticked box (a required checkbox is "I agree"). */
export function isAnswered(value: FieldValue): boolean {
  return value !== null && value !== false;
}

export function missingRequired(field: FieldShape, value: FieldValue): boolean {
  return field.required && !isAnswered(value);
}

export function sameValue(a: FieldValue, b: FieldValue): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => v === b[i]);
  return a === b;
}

/** The stored columns of an answer; the columns of the other kinds stay null. */
export interface ValueColumns {
  textValue: string | null;
  numberValue: string | null;
  dateValue: string | null;
  boolValue: boolean | null;
  choiceValues: string[] | null;
}

export function toColumns(kind: FieldKind, value: FieldValue): ValueColumns {
  const columns: ValueColumns = { textValue: null, numberValue: null, dateValue: null, boolValue: null, choiceValues: null };
  if (value === null) return columns;
  switch (kind) {
    case 'text':
    case 'choice':
      return { ...columns, textValue: value as string };
    case 'number':
      return { ...columns, numberValue: value as string };
    case 'date':
      return { ...columns, dateValue: value as string };
    case 'multi_choice':
      return { ...columns, choiceValues: value as string[] };
    case 'checkbox':
      return { ...columns, boolValue: value as boolean };
  }
}

export function fromColumns(kind: FieldKind, row: ValueColumns | undefined): FieldValue {
  if (!row) return null;
  switch (kind) {
    case 'text':
    case 'choice':
      return row.textValue;
    case 'number':
      return row.numberValue === null ? null : canonicalDecimal(String(row.numberValue));
    case 'date':
      return row.dateValue;
    case 'multi_choice':
      return row.choiceValues && row.choiceValues.length > 0 ? row.choiceValues : null;
    case 'checkbox':
      return row.boolValue;
  }
}

/** The answer shown as text (badge details): a list joined by ", ", a ticked box as "✓". */
export function displayValue(value: FieldValue): string | null {
  if (value === null || value === false) return null;
  if (value === true) return '✓';
  return Array.isArray(value) ? value.join(', ') : value;
}

/**
 * The automation trigger "Anniversaire du client" uses the date field whose label mentions
 * "anniversaire" (or "birthday"), whatever the case and accents.
 */
export function isBirthdayLabel(label: string): boolean {
  const folded = label.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
  return folded.includes('anniversaire') || folded.includes('birthday');
}

const isLeapYear = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
const daysInMonth = (year: number, month: number) => (month === 2 ? (isLeapYear(year) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31);

/**
 * Does a date answer fall on `today`? `exact`: same day, month and year; `annual`: same month and
 * day; `monthly`: same day of the month. A day the current month or year lacks is kept on its last
 * day, so 29 February comes on 28 February in 2027 and the 31st on 30 April.
 */
export function dateMatches(value: string, today: string, mode: 'exact' | 'annual' | 'monthly'): boolean {
  if (mode === 'exact') return value === today;
  const [, month, day] = value.split('-').map(Number) as [number, number, number];
  const [year, todayMonth, todayDay] = today.split('-').map(Number) as [number, number, number];
  const inMonth = mode === 'annual' ? month : todayMonth;
  if (mode === 'annual' && month !== todayMonth) return false;
  return Math.min(day, daysInMonth(year, inMonth)) === todayDay;
}
