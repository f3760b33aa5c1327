import { createHash } from 'node:crypto';

/** An emailed sign link works for 14 days, once. */
export const signLinkDays = 14;
export const signLinkMs = signLinkDays * 24 * 60 * 60 * 1000;

/** Only the hash of a sign link's token is stored: a database leak gives no working link. */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** A token we issue: 32 random bytes in base64url (43 characters). Anything else is refused unread. */
export function isWellFormedToken(token: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(token);
}

export type LinkState = 'usable' | 'used' | 'expired';

/** A used link stays used even after it expires: the clearer message for the customer. */
export function linkState(request: { usedAt: Date | null; expiresAt: Date }, now: Date): LinkState {
  if (request.usedAt !== null) return 'used';
  return now.getTime() >= request.expiresAt.getTime() ? 'expired' : 'usable';
}
