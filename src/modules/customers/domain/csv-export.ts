/**
 * CSV for spreadsheet apps (RFC 4180): fields separated by commas, records by CRLF; a field
 * holding a comma, a quote, CR or LF is quoted and its quotes doubled. The file starts with a
 * UTF-8 byte order mark so that Excel reads accents right.
 *
 * A cell a spreadsheet would read as a formula (starting with =, +, -, @, or a tab or CR that
 * some apps skip before one) gets a leading apostrophe: an exported "=HYPERLINK(…)" typed into
 * a profile by anyone stays text (CSV injection). Phone numbers like "+33 6…" then read
 * "'+33 6…", which spreadsheets show without the apostrophe.
 */

export const byteOrderMark = '\uFEFF';

const formulaStart = /^[=+\-@\t\r]/;
const needsQuotes = /[",\r\n]/;

export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value !== 'string') return String(value);
  const safe = formulaStart.test(value) ? `'${value}` : value;
  return needsQuotes.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function csvRecord(values: readonly (string | number | boolean | null | undefined)[]): string {
  return `${values.map(csvCell).join(',')}\r\n`;
}
