import { describe, expect, it } from 'vitest';
import {
  checkMapping,
  detectPreset,
  identityOf,
  mapRecord,
  parseDateCell,
  parseLocaleCell,
  profilePatchOf,
  screenRecords,
  splitFullName,
  splitList,
  suggestMapping,
  type ImportField,
  type ImportTarget,
  type MapOptions,
} from './import-mapping.ts';
import type { Profile } from './profile.ts';

const fields: ImportField[] = [
  { id: 'fld_injury', label: 'Injury', kind: 'text', options: [] },
  { id: 'fld_level', label: 'Level', kind: 'choice', options: ['Beginner', 'Advanced'] },
  { id: 'fld_styles', label: 'Styles', kind: 'multi_choice', options: ['Yin', 'Vinyasa', 'Hatha'] },
  { id: 'fld_shoe', label: 'Shoe size', kind: 'number', options: [] },
  { id: 'fld_member', label: 'Founding member', kind: 'checkbox', options: [] },
  { id: 'fld_first', label: 'First class', kind: 'date', options: [] },
];
const options: MapOptions = { dateFormat: 'dmy', fields, today: '2026-11-27' };

describe('parseDateCell', () => {
  it.each([
    ['1990-04-03', 'dmy', '1990-04-03'],
    ['1990/4/3', 'mdy', '1990-04-03'],
    ['1990-04-03T00:00:00Z', 'ymd', '1990-04-03'],
    ['03/04/1990', 'dmy', '1990-04-03'],
    ['03/04/1990', 'mdy', '1990-03-04'],
    ['3.4.1990', 'dmy', '1990-04-03'],
    ['12/31/1985 00:00', 'mdy', '1985-12-31'],
    ['29/02/2000', 'dmy', '2000-02-29'],
  ] as const)('reads %s (%s) as %s', (cell, format, date) => {
    expect(parseDateCell(cell, format)).toEqual({ date });
  });

  it.each([
    ['31/12/1985', 'mdy', 'date_unreal'],
    ['29/02/1900', 'dmy', 'date_unreal'],
    ['03/04/90', 'dmy', 'date_year'],
    ['April 3rd', 'ymd', 'date_format'],
    ['1990-13-01', 'dmy', 'date_unreal'],
  ] as const)('refuses %s (%s)', (cell, format, code) => {
    expect(parseDateCell(cell, format)).toEqual({ error: { code, params: expect.objectContaining({ value: cell }) } });
  });
});

describe('small readers', () => {
  it('splits a full name on the first space, or on a comma that puts the last name first', () => {
    expect(splitFullName('Marie-Claire  Dupont Moreau')).toEqual({ firstName: 'Marie-Claire', lastName: 'Dupont Moreau' });
    expect(splitFullName('Dupont, Marie')).toEqual({ firstName: 'Marie', lastName: 'Dupont' });
    expect(splitFullName('Cher')).toEqual({ firstName: 'Cher', lastName: '' });
  });

  it('splits tag lists on commas and semicolons, dropping blanks and duplicates', () => {
    expect(splitList('Yoga, pilates; ;YOGA|Vip ')).toEqual(['Yoga', 'pilates', 'Vip']);
  });

  it('reads languages written in several ways', () => {
    expect(['fr', 'FR-ca', 'Français', 'english', 'en_GB', 'de'].map(parseLocaleCell)).toEqual(['fr', 'fr', 'fr', 'en', 'en', null]);
  });
});

describe('detectPreset and suggestMapping', () => {
  it('recognises each platform by its headers', () => {
    expect(detectPreset(['Client ID', 'First Name', 'Last Name', 'Email', 'Mobile Phone', 'Home Phone', 'Birth Date'])).toBe('mindbody');
    expect(detectPreset(['Customer ID', 'First name', 'Last name', 'Email', 'Phone number', 'Birthday', 'Tags'])).toBe('momence');
    expect(detectPreset(['Member ID', 'First Name', 'Last Name', 'Email', 'Phone', 'Date of Birth', 'Membership'])).toBe('glofox');
    expect(detectPreset(['First name', 'Last name', 'Email'])).toBeNull();
  });

  it('maps a Mindbody export, mobile then home phone, with US dates', () => {
    const header = ['Client ID', 'First Name', 'Last Name', 'Email', 'Mobile Phone', 'Home Phone', 'Birth Date', 'Gender'];

    expect(suggestMapping(header, fields)).toEqual({
      preset: 'mindbody',
      dateFormat: 'mdy',
      columns: ['ignore', 'firstName', 'lastName', 'email', 'phone', 'phone', 'birthDate', 'ignore'],
    });
  });

  it('maps French headers and custom fields by label, and prefers split names to a full name', () => {
    const header = ['Prénom', 'Nom', 'Nom complet', 'Courriel', 'Téléphone', 'Date de naissance', 'Étiquettes', 'injury', 'Notes'];

    expect(suggestMapping(header, fields)).toEqual({
      preset: null,
      dateFormat: 'ymd',
      columns: ['firstName', 'lastName', 'ignore', 'email', 'phone', 'birthDate', 'tags', 'field:fld_injury', 'ignore'],
    });
  });
});

describe('checkMapping', () => {
  const header = ['A', 'B', 'C'];

  it('accepts a mapping with a first name', () => {
    expect(checkMapping(['firstName', 'tags', 'tags'], header, fields)).toEqual([]);
  });

  it('asks for a name, refuses a target twice and unknown fields', () => {
    expect(checkMapping(['email', 'email', 'field:fld_gone'], header, fields)).toEqual([
      { path: 'columns.1', message: expect.stringContaining('Column 1') },
      { path: 'columns.2', message: expect.stringContaining('does not exist') },
      { path: 'columns', message: expect.stringContaining('first name') },
    ]);
  });

  it('refuses a full name and a first name together, and a wrong column count', () => {
    expect(checkMapping(['fullName', 'firstName', 'ignore'], header, fields)).toEqual([{ path: 'columns.0', message: expect.any(String) }]);
    expect(checkMapping(['firstName'], header, fields)).toEqual([{ path: 'columns', message: expect.stringContaining('3 columns') }]);
  });
});

describe('mapRecord', () => {
  const columns: ImportTarget[] = [
    'fullName',
    'email',
    'phone',
    'birthDate',
    'locale',
    'tags',
    'field:fld_level',
    'field:fld_styles',
    'field:fld_shoe',
    'field:fld_member',
    'field:fld_first',
  ];

  it('reads every kind of value', () => {
    const cells = [' Dupont, Élise ', 'Elise@Example.COM', '+33 6 12 34 56 78', '03/04/1990', 'Français', 'VIP; Morning', 'advanced', 'HATHA, yin', '38,5', 'oui', '01/09/2024'];

    expect(mapRecord(cells, columns, options)).toEqual({
      ok: true,
      values: {
        firstName: 'Élise',
        lastName: 'Dupont',
        email: 'elise@example.com',
        phone: '+33 6 12 34 56 78',
        birthDate: '1990-04-03',
        locale: 'fr',
        tags: ['VIP', 'Morning'],
        fields: [
          { fieldId: 'fld_level', value: 'Advanced' },
          { fieldId: 'fld_styles', value: ['Yin', 'Hatha'] },
          { fieldId: 'fld_shoe', value: '38.5' },
          { fieldId: 'fld_member', value: true },
          { fieldId: 'fld_first', value: '2024-09-01' },
        ],
      },
    });
  });

  it('takes the first filled phone of several phone columns', () => {
    const phones: ImportTarget[] = ['firstName', 'phone', 'phone'];

    expect(mapRecord(['Ana', '', '06 11 22 33 44'], phones, options)).toMatchObject({ ok: true, values: { phone: '06 11 22 33 44' } });
    expect(mapRecord(['Ana', '07 00 00 00 01', 'junk'], phones, options)).toMatchObject({ ok: true, values: { phone: '07 00 00 00 01' } });
    expect(checkMapping(phones, ['A', 'B', 'C'], fields)).toEqual([]);
  });

  it('leaves empty cells out and pads a short row', () => {
    expect(mapRecord(['Ana'], columns, options)).toEqual({ ok: true, values: { firstName: 'Ana', tags: [], fields: [] } });
  });

  it('reports every bad cell of a row, by field', () => {
    const cells = ['', 'not-an-email', 'call me', '31/02/1990', 'Deutsch', '', 'Expert', 'Yin, Salsa', 'big', 'maybe', '2024-01-01'];

    const result = mapRecord(cells, columns, options);

    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors.map((e) => e.field)).toEqual([
      'email',
      'phone',
      'birthDate',
      'locale',
      'field:fld_level',
      'field:fld_styles',
      'field:fld_shoe',
      'field:fld_member',
      'firstName',
    ]);
  });

  it('refuses a birth date in the future and a phone with too few digits', () => {
    const result = mapRecord(['Ana', '', '12 34', '01/01/2027'], columns, options);

    expect(!result.ok && result.errors).toEqual([
      { field: 'phone', code: 'phone_short', params: { value: '12 34' } },
      { field: 'birthDate', code: 'date_future', params: { value: '01/01/2027' } },
    ]);
  });
});

describe('identityOf and profilePatchOf', () => {
  const existing: Profile = { firstName: 'Ana', lastName: 'Lima', email: 'ana@example.com', phone: '06 12 34 56 78', birthDate: null, locale: 'fr' };

  it('recognises a row by its email, else by its name and phone digits', () => {
    const byName = identityOf({ firstName: 'Élise', lastName: 'DUPONT', phone: '06.12.34.56.78', tags: [], fields: [] });

    expect(identityOf({ firstName: 'Ana', email: 'ana@example.com', tags: [], fields: [] })).toEqual({ kind: 'email', key: 'ana@example.com' });
    expect(byName).toEqual({ kind: 'name', key: 'elise\u0000dupont\u00000612345678' });
  });

  it('changes only the given fields that differ; empty cells keep what the customer has', () => {
    const same = profilePatchOf(existing, { firstName: 'Ana', lastName: 'Lima', email: 'ana@example.com', tags: [], fields: [] });
    const changed = profilePatchOf(existing, { firstName: 'Ana', lastName: 'Lima-Souza', birthDate: '1990-01-01', locale: 'fr', tags: [], fields: [] });

    expect(same).toEqual({ patch: {}, changed: [] });
    expect(changed).toEqual({ patch: { lastName: 'Lima-Souza', birthDate: '1990-01-01' }, changed: ['lastName', 'birthDate'] });
  });
});

describe('screenRecords', () => {
  const columns: ImportTarget[] = ['firstName', 'lastName', 'email', 'phone'];
  const screenOptions: MapOptions = { dateFormat: 'ymd', fields: [], today: '2026-11-27' };

  it('keeps the first row of an email or of a name + phone, across chunks, and reports the later ones', () => {
    const state = { seen: new Map<string, number>() };

    const first = screenRecords(
      [
        { row: 2, cells: ['Ana', 'Lima', 'ana@example.com', ''] },
        { row: 3, cells: ['Noé', 'Roy', '', '06 12 34 56 78'] },
        { row: 4, cells: ['', 'Nameless', '', ''] },
      ],
      columns,
      screenOptions,
      state,
    );
    const second = screenRecords(
      [
        { row: 5, cells: ['Ana B', 'Lima', 'ANA@example.com', ''] },
        { row: 6, cells: ['noe', 'ROY', '', '06.12.34.56.78'] },
        { row: 7, cells: ['Noé', 'Roy', 'noe@example.com', '06 12 34 56 78'] },
      ],
      columns,
      screenOptions,
      state,
    );

    expect(first.candidates.map((c) => c.row)).toEqual([2, 3]);
    expect(first).toMatchObject({ errorRows: 1, errors: [{ row: 4, field: 'firstName', code: 'first_name_missing' }] });
    expect(second.candidates.map((c) => c.row)).toEqual([7]);
    expect(second.errorRows).toBe(2);
    expect(second.errors).toEqual([
      { row: 5, field: 'email', code: 'duplicate_email', params: { first: 2 } },
      { row: 6, field: '', code: 'duplicate_name', params: { first: 3 } },
    ]);
  });

  it('keeps the first problem of a field (the error table has one per row and field)', () => {
    const result = screenRecords([{ row: 2, cells: ['Ana', '', 'bad', 'worse'] }], ['firstName', 'tags', 'email', 'email'], screenOptions, { seen: new Map() });

    expect(result.errors).toEqual([{ row: 2, field: 'email', code: 'email_invalid', params: { value: 'bad' } }]);
  });
});
