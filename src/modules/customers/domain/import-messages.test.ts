import { describe, expect, it } from 'vitest';
import { rowErrorText } from './import-messages.ts';

describe('rowErrorText', () => {
  it('words a problem in English by default, with its values', () => {
    expect(rowErrorText({ code: 'duplicate_email', params: { first: 11 } })).toBe('Row 11 has the same email: only the first of them is imported.');
    expect(rowErrorText({ code: 'date_format', params: { value: 'April 3rd', format: 'dmy' } })).toBe('"April 3rd" is not a date (expected DD/MM/YYYY).');
  });

  it('words it in French, date formats included', () => {
    expect(rowErrorText({ code: 'email_invalid', params: { value: 'x@' } }, 'fr')).toBe('« x@ » n’est pas une adresse e-mail.');
    expect(rowErrorText({ code: 'date_format', params: { value: '1990', format: 'ymd' } }, 'fr')).toBe('« 1990 » n’est pas une date (format attendu : AAAA-MM-JJ).');
  });
});
