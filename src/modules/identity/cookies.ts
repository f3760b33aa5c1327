import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

export type SessionKind = 'staff' | 'customer';

let secure = false;

/** Production (https) cookies get the `__Host-` prefix: Secure, host-only, path `/`. */
export function configureCookies(options: { secure: boolean }) {
  secure = options.secure;
}

export const cookieName = (kind: SessionKind) => (secure ? `__Host-enso_${kind}` : `enso_${kind}`);

export function setSessionCookie(reply: FastifyReply, kind: SessionKind, token: string, expiresAt: Date) {
  reply.setCookie(cookieName(kind), token, { path: '/', httpOnly: true, sameSite: 'lax', secure, expires: expiresAt });
}

export function clearSessionCookie(reply: FastifyReply, kind: SessionKind) {
  reply.clearCookie(cookieName(kind), { path: '/', httpOnly: true, sameSite: 'lax', secure });
}

export function sessionTokenOf(req: FastifyRequest, kind: SessionKind): string | undefined {
  return req.cookies[cookieName(kind)];
}

/** Only this digest of a session, reset or API token is stored. */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
