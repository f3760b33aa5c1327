/**
 * Self check-in keys (seed 000 "Clés d'enregistrement en libre-service"): six characters a
 * customer types on the kiosk. The alphabet leaves out look-alikes (0/O, 1/I/L) and vowels
 * that could spell words (A, E, U stay out; I and O already are): 28 characters, 28⁶ ≈ 482
 * million keys, unique per studio. Typed keys are read leniently: case, spaces and dashes
 * do not matter.
 */
export const checkInKeyAlphabet = 'BCDFGHJKMNPQRSTVWXYZ23456789';
export const checkInKeyLength = 6;

/** A key from `pick(n)`, which must return a uniform whole number in [0, n) (node:crypto's randomInt). */
export function makeCheckInKey(pick: (n: number) => number): string {
  let key = '';
  for (let i = 0; i < checkInKeyLength; i += 1) key += checkInKeyAlphabet[pick(checkInKeyAlphabet.length)];
  return key;
}

/** A typed key as stored: upper case, without spaces or dashes. */
export function normaliseCheckInKey(typed: string): string {
  return typed.toUpperCase().replace(/[\s-]/g, '');
}

/** "Ada Lovelace" → "Ada L.": what the public kiosk shows of a customer. */
export function kioskDisplayName(firstName: string, lastName: string): string {
  const initial = lastName.trim().charAt(0).toUpperCase();
  return initial ? `${firstName.trim()} ${initial}.` : firstName.trim();
}
