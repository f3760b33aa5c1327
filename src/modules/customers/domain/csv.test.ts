import { describe, expect, it } from 'vitest';
import { CsvError, decodeCsvBytes, detectDelimiter, parseCsv, parseCsvText, toCsv } from './csv.ts';

const utf8 = (s: string) => new TextEncoder().encode(s);
const cellsOf = (text: string) => parseCsvText(text).records.map((r) => r.cells);

describe('decodeCsvBytes', () => {
  it('reads UTF-8 and drops its BOM', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('Prénom\nÉloïse')]);

    expect(decodeCsvBytes(bytes)).toEqual({ text: 'Prénom\nÉloïse', encoding: 'utf-8' });
  });

  it('reads UTF-8 without a BOM', () => {
    expect(decodeCsvBytes(utf8('Zoë;Œuvre'))).toEqual({ text: 'Zoë;Œuvre', encoding: 'utf-8' });
  });

  it('reads bytes that are not valid UTF-8 as Windows-1252', () => {
    // "Hélène;Cœur;€" as Excel on Windows saves it: é=E9, è=E8, œ=9C, €=80.
    const bytes = new Uint8Array([0x48, 0xe9, 0x6c, 0xe8, 0x6e, 0x65, 0x3b, 0x43, 0x9c, 0x75, 0x72, 0x3b, 0x80]);

    expect(decodeCsvBytes(bytes)).toEqual({ text: 'Hélène;Cœur;€', encoding: 'windows-1252' });
  });

  it('reads UTF-16 with its BOM', () => {
    const text = 'Nom\tÉmile';
    const bytes = new Uint8Array(2 + text.length * 2);
    bytes.set([0xff, 0xfe]);
    for (let i = 0; i < text.length; i++) bytes.set([text.charCodeAt(i) & 0xff, text.charCodeAt(i) >> 8], 2 + i * 2);

    expect(decodeCsvBytes(bytes)).toEqual({ text, encoding: 'utf-16le' });
  });
});

describe('detectDelimiter', () => {
  it.each([
    ['First name,Last name,Email', ','],
    ['Prénom;Nom;Courriel', ';'],
    ['First\tLast\tEmail', '\t'],
    ['"Name, full";Email;Phone', ';'],
    ['Email', ','],
  ])('finds the delimiter of %j', (header, expected) => {
    expect(detectDelimiter(`${header}\r\na,b,c`)).toBe(expected);
  });
});

describe('parseCsvText', () => {
  it('splits records on CRLF, LF and CR alike', () => {
    expect(cellsOf('a,b\r\n1,2\n3,4\r5,6')).toEqual([
      ['1', '2'],
      ['3', '4'],
      ['5', '6'],
    ]);
  });

  it('keeps delimiters, doubled quotes and line breaks inside quoted fields', () => {
    const text = 'name,note\r\n"Dupont, Marie","She said ""hi""\r\nthen left"\r\n"",x\r\n';

    const { records } = parseCsvText(text, ',');

    expect(records.map((r) => r.cells)).toEqual([
      ['Dupont, Marie', 'She said "hi"\r\nthen left'],
      ['', 'x'],
    ]);
    expect(records.map((r) => [r.row, r.line])).toEqual([
      [2, 2],
      [3, 4],
    ]);
  });

  it('skips trailing and blank lines but numbers rows as a spreadsheet does', () => {
    const { header, records } = parseCsvText('a,b\n1,2\n\n,\n3,4\n\n\n', ',');

    expect(header).toEqual(['a', 'b']);
    expect(records).toEqual([
      { row: 2, line: 2, cells: ['1', '2'] },
      { row: 5, line: 5, cells: ['3', '4'] },
    ]);
  });

  it('keeps a stray quote inside an unquoted field', () => {
    expect(cellsOf('a,b\nO"Brien,5 " tall')).toEqual([['O"Brien', '5 " tall']]);
  });

  it('reads a last record without a line break', () => {
    expect(cellsOf('a;b\n1;"2"')).toEqual([['1', '2']]);
  });

  it('names the line of a quote that never closes', () => {
    const parse = () => parseCsvText('a,b\n1,2\n3,"unterminated\n4,5\n', ',');

    expect(parse).toThrow(CsvError);
    expect(parse).toThrow(/starts on line 3/);
  });

  it('refuses a file with no header', () => {
    expect(() => parseCsvText('\r\n\r\n', ',')).toThrow(expect.objectContaining({ code: 'empty_file' }));
  });
});

describe('parseCsv', () => {
  it('decodes, detects the delimiter and trims the header', () => {
    const table = parseCsv(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(' Prénom ;Nom\r\nÉloïse;Dupré\r\n')]));

    expect(table).toMatchObject({ encoding: 'utf-8', delimiter: ';', header: ['Prénom', 'Nom'] });
    expect(table.records[0]!.cells).toEqual(['Éloïse', 'Dupré']);
  });

  it('drops NUL characters, which the database cannot store', () => {
    const table = parseCsv(utf8('First name\nAn\u0000a\n'));

    expect(table.records[0]!.cells).toEqual(['Ana']);
  });
});

describe('toCsv', () => {
  it('quotes only the fields that need it, and reads back the same', () => {
    const rows = [
      ['line', 'message'],
      ['7', 'Bad "email", really\nbad'],
      ['8', ' padded '],
    ];

    const text = toCsv(rows);

    expect(text).toBe('line,message\r\n7,"Bad ""email"", really\nbad"\r\n8," padded "\r\n');
    const back = parseCsvText(text, ',');
    expect([back.header, ...back.records.map((r) => r.cells)]).toEqual(rows);
  });
});
