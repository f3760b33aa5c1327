/**
 * Enso's CSV reader for customer imports (RFC 4180 plus what real exports do), pure.
 *
 * - Bytes: UTF-8 with or without a BOM; UTF-16 with a BOM (Excel's "Unicode text"); anything
 *   that is not valid UTF-8 is read as Windows-1252, the encoding of Excel's "CSV" on Windows.
 * - Delimiter: `,`, `;` (French Excel) or tab, guessed from the header line.
 * - Fields: quoted fields may hold the delimiter, line breaks and doubled quotes (`""` → `"`);
 *   CRLF, LF and lone CR all end a record; blank records (empty or only delimiters) are skipped.
 * - A quote that never closes is an error naming the line where it opened: everything after
 *   it would otherwise be swallowed into one field.
 */

export type CsvEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';
export type CsvDelimiter = ',' | ';' | '\t';
export const csvDelimiters: readonly CsvDelimiter[] = [',', ';', '\t'];

export interface CsvRecord {
  /** Row number as a spreadsheet shows it: the header is row 1, the first data row is row 2. */
  row: number;
  /** 1-based physical line where the record starts (differs from `row` after embedded line breaks). */
  line: number;
  cells: string[];
}

export interface CsvTable {
  encoding: CsvEncoding;
  delimiter: CsvDelimiter;
  header: string[];
  records: CsvRecord[];
}

export class CsvError extends Error {
  override readonly name = 'CsvError';
  constructor(
    readonly code: 'unterminated_quote' | 'empty_file' | 'too_many_columns',
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}

/** More columns than any export has: a sign the file is not a CSV (or the delimiter is wrong). */
export const maxColumns = 500;

/** Decodes the file's bytes: BOMs first, then strict UTF-8, else Windows-1252. */
export function decodeCsvBytes(bytes: Uint8Array): { text: string; encoding: CsvEncoding } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8' };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf-16be' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: decodeWindows1252(bytes), encoding: 'windows-1252' };
  }
}

/** 0x80–0x9F in Windows-1252 (0 for its five unassigned bytes, kept as C1 controls). */
const cp1252High = [
  0x20ac, 0, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017d, 0,
  0, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0, 0x017e, 0x0178,
];

/**
 * Windows-1252 by hand: Node's TextDecoder (without full ICU) reads the label as Latin-1 and
 * would turn "€" and "œ" into control characters. Every byte is a character, so this never fails.
 */
export function decodeWindows1252(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 8192) {
    const codes = Array.from(bytes.subarray(i, i + 8192), (b) => (b >= 0x80 && b <= 0x9f ? cp1252High[b - 0x80] || b : b));
    out += String.fromCharCode(...codes);
  }
  return out;
}

/**
 * The delimiter of the header line: the candidate that occurs most often outside quotes.
 * A one-column file has none of them and is read with `,`.
 */
export function detectDelimiter(text: string): CsvDelimiter {
  const counts = new Map<CsvDelimiter, number>(csvDelimiters.map((d) => [d, 0]));
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === '\n' || c === '\r')) break;
    else if (!quoted && counts.has(c as CsvDelimiter)) counts.set(c as CsvDelimiter, counts.get(c as CsvDelimiter)! + 1);
  }
  let best: CsvDelimiter = ',';
  for (const d of csvDelimiters) if (counts.get(d)! > counts.get(best)!) best = d;
  return best;
}

const isBlank = (cells: string[]) => cells.every((c) => c.trim() === '');

/**
 * Splits `text` into records. The first non-blank record is the header; cells are kept as
 * written (no trimming) so that callers decide what whitespace means.
 */
export function parseCsvText(text: string, delimiter: CsvDelimiter = detectDelimiter(text)): { header: string[]; records: CsvRecord[] } {
  const all: { line: number; cells: string[] }[] = [];
  let cells: string[] = [];
  let field = '';
  let line = 1;
  let recordLine = 1;
  let quoteLine = 0;
  let quoted = false;
  // True once the current field was quoted: a quoted empty field is still a field.
  let fieldStarted = false;
  const n = text.length;

  const endField = () => {
    cells.push(field);
    field = '';
    fieldStarted = false;
    if (cells.length > maxColumns) {
      throw new CsvError('too_many_columns', `Line ${recordLine} has more than ${maxColumns} columns.`, recordLine);
    }
  };
  const endRecord = () => {
    endField();
    all.push({ line: recordLine, cells });
    cells = [];
  };

  for (let i = 0; i < n; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else {
          quoted = false;
        }
      } else {
        if (c === '\n' || (c === '\r' && text[i + 1] !== '\n')) line++;
        field += c;
      }
      continue;
    }
    if (c === '"' && field === '' && !fieldStarted) {
      quoted = true;
      fieldStarted = true;
      quoteLine = line;
    } else if (c === delimiter) {
      endField();
    } else if (c === '\r' || c === '\n') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      endRecord();
      line++;
      recordLine = line;
    } else {
      // A quote in the middle of an unquoted field, or text after a closing quote: kept as is,
      // as spreadsheets do, rather than refusing a file a person can read.
      field += c;
    }
  }
  if (quoted) {
    throw new CsvError('unterminated_quote', `The quoted field that starts on line ${quoteLine} is never closed (a " is missing).`, quoteLine);
  }
  if (field !== '' || fieldStarted || cells.length > 0) endRecord();

  // Rows are numbered as a spreadsheet numbers them, blank ones included.
  const numbered = all.map((r, i) => ({ row: i + 1, line: r.line, cells: r.cells })).filter((r) => !isBlank(r.cells));
  const [head, ...records] = numbered;
  if (!head) throw new CsvError('empty_file', 'The file has no header row.', 1);
  return { header: head.cells, records };
}

/** Decodes and parses a whole file; NUL characters are dropped. */
export function parseCsv(bytes: Uint8Array): CsvTable {
  const decoded = decodeCsvBytes(bytes);
  const { encoding } = decoded;
  // PostgreSQL text cannot hold NUL: one stray byte must not make a row impossible to store.
  const text = decoded.text.replaceAll(String.fromCharCode(0), '');
  const delimiter = detectDelimiter(text);
  const { header, records } = parseCsvText(text, delimiter);
  return { encoding, delimiter, header: header.map((h) => h.trim()), records };
}

/** One CSV field, quoted when it must be (delimiter, quote, line break, or leading/trailing space). */
export function csvField(value: string, delimiter: CsvDelimiter = ','): string {
  return value.includes(delimiter) || /["\r\n]/.test(value) || value !== value.trim() ? `"${value.replace(/"/g, '""')}"` : value;
}

/** A CSV document (CRLF line ends, as RFC 4180 says) from rows of cells. */
export function toCsv(rows: readonly (readonly string[])[], delimiter: CsvDelimiter = ','): string {
  return rows.map((cells) => cells.map((c) => csvField(c, delimiter)).join(delimiter)).join('\r\n') + '\r\n';
}
