import { describe, expect, it } from 'vitest';
import { csvCell, csvRecord } from './csv-export.ts';

describe('csvCell (export)', () => {
  it.each([
    ['plain', 'plain'],
    ['Zoé Müller', 'Zoé Müller'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['cr\rhere', '"cr\rhere"'],
    ['', ''],
  ])('quotes %j only when RFC 4180 needs it', (input, expected) => {
    expect(csvCell(input)).toBe(expected);
  });

  it.each([
    ['=1+1', "'=1+1"],
    ['+33 6 12 34 56 78', "'+33 6 12 34 56 78"],
    ['-2', "'-2"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\t=cmd', "'\t=cmd"],
    ['=HYPERLINK("http://x","y")', '"\'=HYPERLINK(""http://x"",""y"")"'],
  ])('turns the would-be formula %j into text', (input, expected) => {
    expect(csvCell(input)).toBe(expected);
  });

  it('writes numbers, booleans and missing values as they are', () => {
    expect([csvCell(-3), csvCell(12), csvCell(true), csvCell(null), csvCell(undefined)]).toEqual(['-3', '12', 'true', '', '']);
  });
});

describe('csvRecord', () => {
  it('joins cells with commas and ends with CRLF', () => {
    expect(csvRecord(['a', 'b,c', 3, null])).toBe('a,"b,c",3,\r\n');
  });
});
