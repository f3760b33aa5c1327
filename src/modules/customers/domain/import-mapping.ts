import { z } from 'zod';
import { canonicalDecimal } from './field-values.ts';
import type { RowErrorCode, RowErrorParams, RowProblem } from './import-messages.ts';
import type { Profile, ProfileField } from './profile.ts';
import { normalizeForSearch, phoneDigits } from './search.ts';

/**
 * How the columns of an imported CSV become customer profiles, pure: the mapping a studio
 * chooses (suggested from the header and the presets of the platforms studios move from),
 * the reading and checking of each cell, and what a row does to the customer it matches.
 *
 * Rules (docs/importing-customers.md says the same to studio owners):
 * - A row with any error is not imported; its errors are reported (row, field, message).
 * - An empty cell never clears what a customer already has: it means "not in this file".
 * - A row matches an existing customer by email (case-insensitive). A row without an email
 *   matches by first name + last name + phone digits (accents and case ignored), among
 *   customers without an email when the row has no phone either; re-importing a file
 *   therefore finds the customers it created the first time.
 * - Within one file the first row of an email (or of a name + phone without email) wins;
 *   a later one is an error row.
 */

export type ProfileTarget = 'firstName' | 'lastName' | 'fullName' | 'email' | 'phone' | 'birthDate' | 'locale' | 'tags';
/** `field:<id>` sets a custom field's value; `ignore` leaves the column out. */
export type ImportTarget = 'ignore' | ProfileTarget | `field:${string}`;
export const profileTargets: readonly ProfileTarget[] = ['firstName', 'lastName', 'fullName', 'email', 'phone', 'birthDate', 'locale', 'tags'];

/** How day-first and month-first dates are told apart: 03/04/1990 is 3 April (dmy) or 4 March (mdy). */
export type DateFormat = 'ymd' | 'dmy' | 'mdy';
export const dateFormats: readonly DateFormat[] = ['ymd', 'dmy', 'mdy'];

export type PresetId = 'mindbody' | 'momence' | 'glofox';
export const presetIds: readonly PresetId[] = ['mindbody', 'momence', 'glofox'];

export interface ImportPreset {
  id: PresetId;
  label: string;
  dateFormat: DateFormat;
  /** Header (normalised with `headerKey`) → target, as the platform's customer export names its columns. */
  columns: Record<string, ImportTarget>;
  /** Headers only this platform's export has: two of them are enough to recognise the file. */
  signature: string[];
}

/** Lower-case, accent-free, words separated by single spaces: "E-mail Address" → "e mail address". */
export function headerKey(header: string): string {
  return normalizeForSearch(header).replace(/[^a-z0-9]+/g, ' ').trim();
}

export const importPresets: Record<PresetId, ImportPreset> = {
  mindbody: {
    id: 'mindbody',
    label: 'Mindbody',
    dateFormat: 'mdy',
    columns: {
      'client id': 'ignore',
      'first name': 'firstName',
      'last name': 'lastName',
      email: 'email',
      'mobile phone': 'phone',
      'home phone': 'phone',
      'work phone': 'ignore',
      'birth date': 'birthDate',
      gender: 'ignore',
      address: 'ignore',
      city: 'ignore',
      state: 'ignore',
      'postal code': 'ignore',
      'client type': 'ignore',
      'creation date': 'ignore',
      'referred by': 'ignore',
    },
    signature: ['client id', 'mobile phone', 'home phone', 'birth date', 'client type'],
  },
  momence: {
    id: 'momence',
    label: 'Momence',
    dateFormat: 'ymd',
    columns: {
      'customer id': 'ignore',
      'first name': 'firstName',
      'last name': 'lastName',
      email: 'email',
      'phone number': 'phone',
      birthday: 'birthDate',
      tags: 'tags',
      'customer since': 'ignore',
      'total visits': 'ignore',
      'last visit': 'ignore',
      'marketing emails': 'ignore',
    },
    signature: ['customer id', 'phone number', 'birthday', 'customer since', 'total visits'],
  },
  glofox: {
    id: 'glofox',
    label: 'Glofox',
    dateFormat: 'dmy',
    columns: {
      'member id': 'ignore',
      'first name': 'firstName',
      'last name': 'lastName',
      email: 'email',
      phone: 'phone',
      'date of birth': 'birthDate',
      gender: 'ignore',
      membership: 'ignore',
      'membership status': 'ignore',
      'joined on': 'ignore',
      'last check in': 'ignore',
    },
    signature: ['member id', 'date of birth', 'membership', 'membership status', 'joined on', 'last check in'],
  },
};

/** Header names any export may use, in English and French. */
const commonHeaders: Record<string, ProfileTarget> = {
  'first name': 'firstName',
  firstname: 'firstName',
  'given name': 'firstName',
  prenom: 'firstName',
  'last name': 'lastName',
  lastname: 'lastName',
  surname: 'lastName',
  'family name': 'lastName',
  nom: 'lastName',
  'nom de famille': 'lastName',
  name: 'fullName',
  'full name': 'fullName',
  'nom complet': 'fullName',
  email: 'email',
  'e mail': 'email',
  'email address': 'email',
  'e mail address': 'email',
  courriel: 'email',
  'adresse e mail': 'email',
  'adresse email': 'email',
  phone: 'phone',
  'phone number': 'phone',
  mobile: 'phone',
  'mobile phone': 'phone',
  cell: 'phone',
  telephone: 'phone',
  portable: 'phone',
  'birth date': 'birthDate',
  birthdate: 'birthDate',
  birthday: 'birthDate',
  'date of birth': 'birthDate',
  dob: 'birthDate',
  'date de naissance': 'birthDate',
  anniversaire: 'birthDate',
  language: 'locale',
  locale: 'locale',
  langue: 'locale',
  tags: 'tags',
  tag: 'tags',
  etiquettes: 'tags',
  labels: 'tags',
};

/** A custom field as the import needs it. */
export interface ImportField {
  id: string;
  label: string;
  kind: 'text' | 'number' | 'date' | 'choice' | 'multi_choice' | 'checkbox';
  options: readonly string[];
}

export interface MappingSuggestion {
  preset: PresetId | null;
  dateFormat: DateFormat;
  /** One target per header column. */
  columns: ImportTarget[];
}

/**
 * Targets a file may map at most once. Tags gather every column mapped to them; phone may come
 * from several columns (mobile, then home), the first filled one in column order winning.
 */
const singleTargets = new Set<ImportTarget>(['firstName', 'lastName', 'fullName', 'email', 'birthDate', 'locale']);
const multiTargets = new Set<string>(['tags', 'phone']);

/** The platform whose export this header looks like: at least two of its signature headers, the most wins. */
export function detectPreset(header: readonly string[]): PresetId | null {
  const keys = new Set(header.map(headerKey));
  let best: PresetId | null = null;
  let bestHits = 1;
  for (const id of presetIds) {
    const hits = importPresets[id].signature.filter((h) => keys.has(h)).length;
    if (hits > bestHits) {
      best = id;
      bestHits = hits;
    }
  }
  return best;
}

/**
 * A target per column: the preset's name for it, else a common name, else a custom field of
 * the same label, else `ignore`. A single-valued target goes to the first column that claims it.
 */
export function suggestMapping(header: readonly string[], fields: readonly ImportField[], preset: PresetId | null = detectPreset(header)): MappingSuggestion {
  const taken = new Set<ImportTarget>();
  const fieldByLabel = new Map(fields.map((f) => [headerKey(f.label), f.id]));
  const columns = header.map((h): ImportTarget => {
    const key = headerKey(h);
    const fieldId = fieldByLabel.get(key);
    const target: ImportTarget =
      (preset ? importPresets[preset].columns[key] : undefined) ?? commonHeaders[key] ?? (fieldId ? `field:${fieldId}` : 'ignore');
    if (target === 'ignore' || (singleTargets.has(target) && taken.has(target)) || (target.startsWith('field:') && taken.has(target))) {
      return 'ignore';
    }
    taken.add(target);
    return target;
  });
  // A full-name column is only needed when the names are not split already.
  if (columns.includes('fullName') && columns.includes('firstName')) columns[columns.indexOf('fullName')] = 'ignore';
  return { preset, dateFormat: preset ? importPresets[preset].dateFormat : 'ymd', columns };
}

export interface MappingProblem {
  /** `columns.<index>` or `columns`. */
  path: string;
  message: string;
}

/** A mapping the import can run with: names found, each single target once, custom fields that exist. */
export function checkMapping(columns: readonly string[], header: readonly string[], fields: readonly ImportField[]): MappingProblem[] {
  const problems: MappingProblem[] = [];
  if (columns.length !== header.length) {
    return [{ path: 'columns', message: `The file has ${header.length} columns; the mapping gives ${columns.length}.` }];
  }
  const fieldIds = new Set(fields.map((f) => f.id));
  const seen = new Map<string, number>();
  columns.forEach((target, i) => {
    const path = `columns.${i}`;
    if (target === 'ignore') return;
    if (target.startsWith('field:')) {
      if (!fieldIds.has(target.slice('field:'.length))) problems.push({ path, message: 'This custom field does not exist (or is archived).' });
    } else if (!(profileTargets as readonly string[]).includes(target)) {
      problems.push({ path, message: `Unknown target "${target}".` });
      return;
    }
    if (multiTargets.has(target)) {
      seen.set(target, seen.get(target) ?? i);
    } else {
      const first = seen.get(target);
      if (first !== undefined) problems.push({ path, message: `Column ${first + 1} already goes to this field.` });
      else seen.set(target, i);
    }
  });
  if (!seen.has('firstName') && !seen.has('fullName')) {
    problems.push({ path: 'columns', message: 'Map a column to the first name (or to the full name).' });
  }
  if (seen.has('firstName') && seen.has('fullName')) {
    problems.push({ path: `columns.${seen.get('fullName')}`, message: 'Map either the full name or the first name, not both.' });
  }
  return problems;
}

export type FieldValue = string | boolean | string[];

/** What one row says about a customer; an absent property means "not in this file". */
export interface ImportValues {
  firstName: string;
  lastName?: string;
  email?: string;
  phone?: string;
  birthDate?: string;
  locale?: 'en' | 'fr';
  tags: string[];
  fields: { fieldId: string; value: FieldValue }[];
}

export interface RowError extends RowProblem {
  /** The target the error is about (`firstName`, `field:<id>`), or `''` for the row as a whole. */
  field: string;
}

export type MappedRow = { ok: true; values: ImportValues } | { ok: false; errors: RowError[] };

export interface MapOptions {
  dateFormat: DateFormat;
  fields: readonly ImportField[];
  /** The studio's today ('YYYY-MM-DD'): a birth date after it is a typo. */
  today: string;
}

const maxNameLength = 80;
const maxTagLength = 60;
const maxTextLength = 2000;
const emailCheck = z.email();
const phonePattern = /^\+?[0-9 ().-]*$/;

const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const daysIn = (y: number, m: number) => [31, isLeap(y) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]!;
const pad = (n: number) => String(n).padStart(2, '0');

/**
 * A calendar date from a cell. `YYYY-MM-DD` (or `YYYY/MM/DD`, with an optional time after it)
 * is read whatever the format; otherwise day, month and year separated by `/`, `.` or `-`, in
 * the file's order (dmy or mdy). Two-digit years are refused: 05/04/03 has no safe reading.
 * Returns the ISO date, or an error message.
 */
export function parseDateCell(value: string, format: DateFormat): { date: string } | { error: RowProblem } {
  const v = value.trim();
  let y: number;
  let m: number;
  let d: number;
  const iso = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(v);
  const local = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{2,4})(?:[T ]\d{1,2}:\d{2}(?::\d{2})?)?$/.exec(v);
  if (iso) {
    [y, m, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  } else if (local) {
    if (local[3]!.length !== 4) return { error: { code: 'date_year', params: { value: v } } };
    const [a, b] = [Number(local[1]), Number(local[2])];
    y = Number(local[3]);
    if (format === 'mdy') [m, d] = [a, b];
    else [d, m] = [a, b];
  } else {
    return { error: { code: 'date_format', params: { value: v, format } } };
  }
  if (m < 1 || m > 12 || d < 1 || d > daysIn(y, m)) return { error: { code: 'date_unreal', params: { value: v } } };
  return { date: `${y}-${pad(m)}-${pad(d)}` };
}

const localeWords: Record<string, 'en' | 'fr'> = {
  en: 'en',
  english: 'en',
  anglais: 'en',
  fr: 'fr',
  french: 'fr',
  francais: 'fr',
};

/** "fr", "fr-CA", "Français", "English" → en/fr; other languages are not spoken by Enso yet. */
export function parseLocaleCell(value: string): 'en' | 'fr' | null {
  const key = normalizeForSearch(value).replace(/[_-].*$/, '');
  return localeWords[key] ?? null;
}

/** "Yoga, Pilates; VIP" → ["Yoga", "Pilates", "VIP"], case-insensitive duplicates dropped. */
export function splitList(value: string): string[] {
  const out: string[] = [];
  const keys = new Set<string>();
  for (const part of value.split(/[,;|\n]/)) {
    const item = part.trim().replace(/\s+/g, ' ');
    const key = normalizeForSearch(item);
    if (item !== '' && !keys.has(key)) {
      keys.add(key);
      out.push(item);
    }
  }
  return out;
}

/**
 * "Dupont, Marie" → Marie / Dupont; "Marie-Claire Dupont Moreau" → Marie-Claire / Dupont Moreau.
 * The first word is the first name, unless a comma puts the last name first.
 */
export function splitFullName(value: string): { firstName: string; lastName: string } {
  const v = value.trim().replace(/\s+/g, ' ');
  const comma = v.indexOf(',');
  if (comma >= 0) return { firstName: v.slice(comma + 1).trim(), lastName: v.slice(0, comma).trim() };
  const space = v.indexOf(' ');
  return space < 0 ? { firstName: v, lastName: '' } : { firstName: v.slice(0, space), lastName: v.slice(space + 1) };
}

const truthy = new Set(['yes', 'y', 'true', '1', 'x', 'oui', 'o', 'vrai']);
const falsy = new Set(['no', 'n', 'false', '0', 'non', 'faux']);

const problem = (code: RowErrorCode, params: RowErrorParams = {}): RowProblem => ({ code, params });

function readField(field: ImportField, raw: string, dateFormat: DateFormat): { value: FieldValue } | { error: RowProblem } {
  switch (field.kind) {
    case 'text':
      return raw.length > maxTextLength ? { error: problem('text_long', { max: maxTextLength }) } : { value: raw };
    case 'number': {
      // "38,5" as French spreadsheets write it; stored in the fields module's one spelling ("38.5").
      const canonical = canonicalDecimal(raw.replace(/\s/g, '').replace(',', '.'));
      return canonical === null ? { error: problem('number_invalid', { value: raw }) } : { value: canonical };
    }
    case 'date': {
      const parsed = parseDateCell(raw, dateFormat);
      return 'date' in parsed ? { value: parsed.date } : parsed;
    }
    case 'checkbox': {
      const key = normalizeForSearch(raw);
      if (truthy.has(key)) return { value: true };
      if (falsy.has(key)) return { value: false };
      return { error: problem('checkbox_invalid', { value: raw }) };
    }
    case 'choice':
    case 'multi_choice': {
      const byKey = new Map(field.options.map((o) => [normalizeForSearch(o), o]));
      const items = field.kind === 'choice' ? [raw] : splitList(raw);
      const unknown = items.filter((i) => !byKey.has(normalizeForSearch(i)));
      if (unknown.length > 0) return { error: problem('choice_unknown', { value: unknown[0]!, choices: field.options.join(', ') }) };
      const chosen = new Set(items.map((i) => byKey.get(normalizeForSearch(i))!));
      // Kept in the field's option order, as the profile stores a multiple choice.
      return { value: field.kind === 'choice' ? [...chosen][0]! : field.options.filter((o) => chosen.has(o)) };
    }
  }
}

/** Reads one record with a checked mapping: the values it sets, or every error it has. */
export function mapRecord(cells: readonly string[], columns: readonly ImportTarget[], options: MapOptions): MappedRow {
  const errors: RowError[] = [];
  const fail = (field: string, found: RowProblem) => errors.push({ field, ...found });
  const fieldsById = new Map(options.fields.map((f) => [f.id, f]));
  const values: ImportValues = { firstName: '', tags: [], fields: [] };
  let firstName: string | undefined;

  columns.forEach((target, i) => {
    // A row shorter than the header leaves its last columns empty, as a spreadsheet shows it.
    const raw = (cells[i] ?? '').trim();
    if (target === 'ignore' || raw === '') return;
    switch (target) {
      case 'fullName': {
        const split = splitFullName(raw);
        firstName = split.firstName;
        if (split.lastName !== '') values.lastName = split.lastName;
        break;
      }
      case 'firstName':
        firstName = raw;
        break;
      case 'lastName':
        values.lastName = raw;
        break;
      case 'email': {
        const email = raw.toLowerCase();
        if (email.length > 254 || !emailCheck.safeParse(email).success) fail('email', problem('email_invalid', { value: raw }));
        else values.email = email;
        break;
      }
      case 'phone':
        if (values.phone !== undefined) break;
        if (raw.length > 32 || !phonePattern.test(raw)) fail('phone', problem('phone_chars', { value: raw }));
        else if (phoneDigits(raw).length < 6) fail('phone', problem('phone_short', { value: raw }));
        else values.phone = raw;
        break;
      case 'birthDate': {
        const parsed = parseDateCell(raw, options.dateFormat);
        if ('error' in parsed) fail('birthDate', parsed.error);
        else if (parsed.date > options.today) fail('birthDate', problem('date_future', { value: raw }));
        else if (parsed.date < '1900-01-01') fail('birthDate', problem('date_old', { value: raw }));
        else values.birthDate = parsed.date;
        break;
      }
      case 'locale': {
        const locale = parseLocaleCell(raw);
        if (!locale) fail('locale', problem('locale_unknown', { value: raw }));
        else values.locale = locale;
        break;
      }
      case 'tags': {
        const tags = splitList(raw);
        const long = tags.find((t) => t.length > maxTagLength);
        if (long) fail('tags', problem('tag_long', { value: long.slice(0, 20), max: maxTagLength }));
        for (const tag of tags) if (!values.tags.some((t) => normalizeForSearch(t) === normalizeForSearch(tag))) values.tags.push(tag);
        break;
      }
      default: {
        const field = fieldsById.get(target.slice('field:'.length));
        if (!field) break;
        const read = readField(field, raw, options.dateFormat);
        if ('error' in read) fail(target, read.error);
        else values.fields.push({ fieldId: field.id, value: read.value });
      }
    }
  });

  if (firstName === undefined) fail('firstName', problem('first_name_missing'));
  else if (firstName.length > maxNameLength) fail('firstName', problem('first_name_long', { max: maxNameLength }));
  else values.firstName = firstName;
  if (values.lastName !== undefined && values.lastName.length > maxNameLength) {
    fail('lastName', problem('last_name_long', { max: maxNameLength }));
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, values };
}

/**
 * The key a row without an email is matched by: normalised first name, last name and phone
 * digits. Rows with an email are matched by the email alone.
 */
export function nameKey(firstName: string, lastName: string, phone: string | null | undefined): string {
  return `${normalizeForSearch(firstName)}\u0000${normalizeForSearch(lastName)}\u0000${phone ? phoneDigits(phone) : ''}`;
}

/** How a row is recognised: by email, else by name + phone. */
export function identityOf(values: ImportValues): { kind: 'email'; key: string } | { kind: 'name'; key: string } {
  return values.email !== undefined
    ? { kind: 'email', key: values.email }
    : { kind: 'name', key: nameKey(values.firstName, values.lastName ?? '', values.phone) };
}

/** The profile of a new customer from a row. */
export function newProfileOf(values: ImportValues): Profile {
  return {
    firstName: values.firstName,
    lastName: values.lastName ?? '',
    email: values.email ?? null,
    phone: values.phone ?? null,
    birthDate: values.birthDate ?? null,
    locale: values.locale ?? null,
  };
}

/**
 * What a row changes on the customer it matched: only the fields the file gives (non-empty
 * cells) and whose value differs. An empty patch means the profile is unchanged.
 */
export function profilePatchOf(existing: Profile, values: ImportValues): { patch: Partial<Profile>; changed: ProfileField[] } {
  const given: Partial<Profile> = { firstName: values.firstName };
  if (values.lastName !== undefined) given.lastName = values.lastName;
  if (values.email !== undefined) given.email = values.email;
  if (values.phone !== undefined) given.phone = values.phone;
  if (values.birthDate !== undefined) given.birthDate = values.birthDate;
  if (values.locale !== undefined) given.locale = values.locale;
  const changed = (Object.keys(given) as ProfileField[]).filter((f) => given[f] !== existing[f]);
  const patch: Partial<Profile> = {};
  for (const f of changed) (patch as Record<string, unknown>)[f] = given[f];
  return { patch, changed };
}

/** A record read from the file, as `screenRecords` needs it. */
export interface ScreenedRecord {
  row: number;
  cells: readonly string[];
}

export interface ScreenState {
  /** Identity key (email, or name + phone) → the row that claimed it first. */
  seen: Map<string, number>;
}

export interface ScreenResult {
  candidates: { row: number; values: ImportValues }[];
  errors: ({ row: number } & RowError)[];
  /** Rows left out for errors (a row with three bad cells counts once). */
  errorRows: number;
}

/**
 * Reads records in file order: bad rows become errors, and a row whose identity (email, or name +
 * phone without email) an earlier row of the file already claimed is an error row too — the first
 * wins. `state` carries the claims from one chunk to the next.
 */
export function screenRecords(records: readonly ScreenedRecord[], columns: readonly ImportTarget[], options: MapOptions, state: ScreenState): ScreenResult {
  const result: ScreenResult = { candidates: [], errors: [], errorRows: 0 };
  for (const record of records) {
    const mapped = mapRecord(record.cells, columns, options);
    if (!mapped.ok) {
      result.errorRows++;
      for (const e of mergeByField(mapped.errors)) result.errors.push({ row: record.row, ...e });
      continue;
    }
    const identity = identityOf(mapped.values);
    const key = `${identity.kind}:${identity.key}`;
    const first = state.seen.get(key);
    if (first !== undefined) {
      result.errorRows++;
      result.errors.push(
        identity.kind === 'email'
          ? { row: record.row, field: 'email', ...problem('duplicate_email', { first }) }
          : { row: record.row, field: '', ...problem('duplicate_name', { first }) },
      );
      continue;
    }
    state.seen.set(key, record.row);
    result.candidates.push({ row: record.row, values: mapped.values });
  }
  return result;
}

/** One problem per field (the error table keeps one per row and field): the first one found. */
function mergeByField(errors: readonly RowError[]): RowError[] {
  const byField = new Map<string, RowError>();
  for (const e of errors) if (!byField.has(e.field)) byField.set(e.field, e);
  return [...byField.values()];
}
