import { describe, expect, it } from 'vitest';
import { maxSearchTerms, normalizeForSearch, parseSearchQuery, phoneDigits, searchColumns, searchPhrase } from './search.ts';

describe('normalizeForSearch', () => {
  it.each([
    ['Éloïse  Dupré', 'eloise dupre'],
    ['  MARIE\tCLAIRE ', 'marie claire'],
    ['Lefèvre', 'lefevre'],
    ['Sánchez', 'sanchez'],
    ['Cœur', 'coeur'],
    ['Æsa Strauß', 'aesa strauss'],
    ['Łukasz Øster', 'lukasz oster'],
    ['O’Brien', "o'brien"],
    ['Ana@Example.COM', 'ana@example.com'],
    ['a\u0000b', 'a b'],
    ['', ''],
  ])('normalises %j to %j', (input, expected) => {
    expect(normalizeForSearch(input)).toBe(expected);
  });

  it('keeps letters of scripts without accents', () => {
    expect(normalizeForSearch('김민준 田中')).toBe('김민준 田中');
  });
});

describe('phoneDigits', () => {
  it.each([
    ['+33 6 12 34 56 78', '33612345678'],
    ['06.12.34.56.78', '0612345678'],
    ['0033 6 12', '33612'],
    ['(514) 555-0199', '5145550199'],
    ['', ''],
  ])('keeps the digits of %j: %j', (input, expected) => {
    expect(phoneDigits(input)).toBe(expected);
  });
});

describe('parseSearchQuery', () => {
  it('lists everyone for an empty or blank query', () => {
    expect(parseSearchQuery('')).toEqual([]);
    expect(parseSearchQuery('   ')).toEqual([]);
  });

  it('splits words into normalised terms, each matched on names and email', () => {
    const terms = parseSearchQuery('Mar  DUP');

    expect(terms).toEqual([
      { text: 'mar', phoneDigits: null, emailOnly: false },
      { text: 'dup', phoneDigits: null, emailOnly: false },
    ]);
  });

  it('matches a term with @ on the email only', () => {
    expect(parseSearchQuery('ana@ex')).toEqual([{ text: 'ana@ex', phoneDigits: null, emailOnly: true }]);
  });

  it('also matches a term of three or more digits on the phone', () => {
    expect(parseSearchQuery('0612')).toEqual([{ text: '0612', phoneDigits: '0612', emailOnly: false }]);
    expect(parseSearchQuery('06')).toEqual([{ text: '06', phoneDigits: null, emailOnly: false }]);
  });

  it('reads a spaced or dotted phone number as one term', () => {
    expect(parseSearchQuery('06 12 34')).toEqual([{ text: '06 12 34', phoneDigits: '061234', emailOnly: false }]);
    expect(parseSearchQuery('+33 6 12')[0]?.phoneDigits).toBe('33612');
    expect(parseSearchQuery('06.12.34')[0]?.phoneDigits).toBe('061234');
  });

  it('does not read digits inside a word as a phone number', () => {
    expect(parseSearchQuery('abc123')).toEqual([{ text: 'abc123', phoneDigits: null, emailOnly: false }]);
  });

  it('drops repeated terms and keeps at most the first terms', () => {
    expect(parseSearchQuery('ana ana').map((t) => t.text)).toEqual(['ana']);
    expect(parseSearchQuery('a b c d e f g h i j')).toHaveLength(maxSearchTerms);
  });
});

describe('searchPhrase', () => {
  it('joins several terms so a multi-word name can start with them', () => {
    expect(searchPhrase(parseSearchQuery('Da Silva'))).toBe('da silva');
  });

  it('has no phrase for one term or for an email', () => {
    expect(searchPhrase(parseSearchQuery('silva'))).toBeNull();
    expect(searchPhrase(parseSearchQuery('ana ana@ex'))).toBeNull();
  });
});

describe('searchColumns', () => {
  it('stores the normalised names, email and phone digits', () => {
    const columns = searchColumns({ firstName: 'Éloïse', lastName: 'Dupré', email: 'eloise@example.com', phone: '+33 6 12' });

    expect(columns).toEqual({ searchFirst: 'eloise', searchLast: 'dupre', searchEmail: 'eloise@example.com', phoneDigits: '33612' });
  });

  it('stores empty strings for a missing email or phone', () => {
    const columns = searchColumns({ firstName: 'Ana', lastName: '', email: null, phone: null });

    expect(columns.searchEmail).toBe('');
    expect(columns.phoneDigits).toBe('');
  });
});
