/**
 * Referral codes: what a customer shares in their link (`/s/<studio>/signup?ref=<code>`).
 * Upper-case letters and digits without the look-alikes 0/O, 1/I/L, so a code read aloud or
 * copied by hand comes out right. 8 characters of 31 give 8.5 × 10^11 codes per studio; the
 * service still retries on the rare collision (unique index per studio).
 */
export const referralAlphabet = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const referralCodeLength = 8;

/** `randomInt(n)` returns a uniform integer in [0, n): crypto.randomInt in production. */
export function generateReferralCode(randomInt: (max: number) => number, length = referralCodeLength): string {
  let code = '';
  for (let i = 0; i < length; i++) code += referralAlphabet[randomInt(referralAlphabet.length)];
  return code;
}

/**
 * The code a visitor's link or typing stands for, or null when it cannot be a code. Case,
 * spaces and dashes are forgiven ("abcd-efgh" is ABCDEFGH); anything else is no code at all.
 */
export function normalizeReferralCode(input: string): string | null {
  const code = input.replace(/[\s-]/g, '').toUpperCase();
  if (code.length < referralCodeLength || code.length > 32) return null;
  for (const ch of code) if (!referralAlphabet.includes(ch)) return null;
  return code;
}
