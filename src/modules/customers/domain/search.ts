/**
 * Customer search rules, pure. The `customers` table stores each profile's name and email
 * through `normalizeForSearch` and its phone through `phoneDigits`; a query goes through the
 * same functions, so "eloise" finds "Éloïse" and "06 12" finds "06.12.34.56.78".
 *
 * Matching rule: every term must be a prefix of the first name, the last name, the email or
 * (for a phone-like term of at least 3 digits) the phone digits. A term with '@' matches the
 * email only. "mar dup" finds "Marie Dupont"; the empty query lists everyone.
 * One widening: a query of several words also matches a first or last name that starts with
 * the whole query, so "da silva" finds "Da Silva" although "silva" starts no column.
 */

/** Letters NFD leaves whole: folded by hand so that "Cœur" and "coeur" meet. */
const folds: Record<string, string> = { œ: 'oe', æ: 'ae', ß: 'ss', ø: 'o', ł: 'l', đ: 'd', ı: 'i', ð: 'd', þ: 'th' };
const foldPattern = new RegExp(`[${Object.keys(folds).join('')}]`, 'g');

/**
 * Lower-case, accent-free, single-spaced, trimmed: "Éloïse  Dupré" → "eloise dupre".
 * Control characters (NUL included, which PostgreSQL text cannot hold) become spaces, and
 * typographic apostrophes become "'", so "O’Brien" and "O'Brien" meet.
 */
export function normalizeForSearch(value: string): string {
  return value
    .normalize('NFD')
    .toLowerCase()
    .replace(/[\u0300-\u036f]/g, '')
    .replace(foldPattern, (c) => folds[c] ?? c)
    .replace(/[\u2018\u2019\u02bc]/g, "'")
    .normalize('NFC')
    .replace(/[\p{Cc}\s]+/gu, ' ')
    .trim();
}

/**
 * The digits of a phone number, as typed: "+33 6 12-34" → "3361234". A leading "00"
 * (the international call prefix) is dropped, so "0033 6…" and "+33 6…" give the same digits.
 * A national "06…" and an international "+33 6…" still differ: search matches what was typed.
 */
export function phoneDigits(value: string): string {
  const digits = value.normalize('NFKC').replace(/[^0-9]/g, '');
  return digits.startsWith('00') ? digits.slice(2) : digits;
}

export interface SearchTerm {
  /** Normalised text, matched as a prefix of the first name, last name and email. */
  text: string;
  /** Matched as a prefix of the phone digits; set for phone-like terms of at least 3 digits. */
  phoneDigits: string | null;
  /** A term with '@' is (part of) an email: it matches the email only. */
  emailOnly: boolean;
}

/** Bounds the size of the generated SQL; a longer query keeps its first terms. */
export const maxSearchTerms = 8;
const minPhoneDigits = 3;
const phoneLike = /^\+?[0-9][0-9 ().\-/]*$/;

function phoneTerm(raw: string): string | null {
  if (!phoneLike.test(raw)) return null;
  const digits = phoneDigits(raw);
  return digits.length >= minPhoneDigits ? digits : null;
}

/**
 * Splits a query into terms. A query that looks like one phone number ("06 12 34",
 * "+33 6 12") is one term, so its spaces don't split it into 2-digit pieces.
 * Examples: "Mar  Dup" → [mar, dup]; "ana@ex" → [ana@ex, email only]; "0612" → [0612, phone 0612].
 */
export function parseSearchQuery(query: string): SearchTerm[] {
  const whole = query.trim();
  const phone = whole.includes(' ') ? phoneTerm(whole) : null;
  if (phone) return [{ text: normalizeForSearch(whole), phoneDigits: phone, emailOnly: false }];
  const words = normalizeForSearch(query).split(' ').filter(Boolean);
  const unique = [...new Set(words)].slice(0, maxSearchTerms);
  return unique.map((text) => ({ text, phoneDigits: phoneTerm(text), emailOnly: text.includes('@') }));
}

/** The text a multi-word query must start a first or last name with ("da silva"), or null. */
export function searchPhrase(terms: readonly SearchTerm[]): string | null {
  if (terms.length < 2 || terms.some((t) => t.emailOnly)) return null;
  return terms.map((t) => t.text).join(' ');
}

export interface SearchableProfile {
  firstName: string;
  lastName: string;
  email: string | null;
  phone: string | null;
}

/** The stored search columns of a profile. */
export function searchColumns(profile: SearchableProfile) {
  return {
    searchFirst: normalizeForSearch(profile.firstName),
    searchLast: normalizeForSearch(profile.lastName),
    searchEmail: profile.email ? normalizeForSearch(profile.email) : '',
    phoneDigits: profile.phone ? phoneDigits(profile.phone) : '',
  };
}
