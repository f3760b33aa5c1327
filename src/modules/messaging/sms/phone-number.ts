/**
 * A forwarding number as typed (`+33 6 12 34 56 78`, `0033 6…`, `+1 (415) 555-0100`) in E.164
 * form (`+33612345678`), or null when it is not an international number: a `+` (or `00`), a
 * country code that does not start with 0, 8 to 15 digits in all. Spaces, dots, dashes and
 * brackets are dropped. National numbers (`06 12…`) are refused: the country is not known.
 */
export function normalizeE164(input: string): string | null {
  const compact = input.trim().replace(/[\s.\-()]/g, '');
  const withPlus = compact.startsWith('00') ? `+${compact.slice(2)}` : compact;
  return /^\+[1-9]\d{7,14}$/.test(withPlus) ? withPlus : null;
}
