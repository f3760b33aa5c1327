import { timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Actor, Ctx } from '../../kernel/ctx.ts';
import type { Clock } from '../../kernel/clock.ts';
import { DomainError } from '../../kernel/errors.ts';
import type { StudioId } from '../../kernel/ids.ts';

/**
 * Who may call a route, declared on every route as `config.access`:
 * - `'public'`: anyone (public studio pages, sign-in, health);
 * - `'customer'`: a signed-in customer of the studio named in the URL;
 * - `'staff'`: any signed-in staff member or API key;
 * - a permission such as `'customers:write'`: staff whose role has it (identity's table).
 */
export type Access = 'public' | 'customer' | 'staff' | `${string}:${string}`;

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
    /**
     * `'exempt-signed-webhook'`: a provider's webhook, which carries no cookies and is
     * authenticated by a signature over its body. Allowed on public routes only (app.ts checks).
     */
    csrf?: 'exempt-signed-webhook';
  }
  interface FastifyRequest {
    /** Set for every route that is not public; `ctxOf(req)` reads it. */
    ctx: Ctx | null;
    principal: Principal | null;
  }
}

export interface Principal {
  studioId: StudioId;
  studioSlug: string;
  actor: Actor;
  sessionId: string | null;
}

/** How the HTTP layer learns who is calling; identity implements it, the composition root wires it. */
export interface Authenticator {
  staff(req: FastifyRequest): Promise<Principal | null>;
  customer(req: FastifyRequest): Promise<Principal | null>;
  can(actor: Actor, permission: string): boolean;
}

export const csrfCookie = 'enso_csrf';
export const csrfHeader = 'x-csrf-token';
const unsafeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function ctxOf(req: FastifyRequest): Ctx {
  if (!req.ctx) throw new DomainError('unauthenticated', 'unauthenticated', 'Sign in first.');
  return req.ctx;
}

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Double-submit CSRF check: a state-changing request made with cookies must echo the
 * readable `enso_csrf` cookie in a header, which a page on another site cannot read.
 * Calls authenticated by an API key carry no cookies and are exempt.
 */
export function checkCsrf(req: FastifyRequest): void {
  if (!unsafeMethods.has(req.method)) return;
  if (req.headers.authorization?.startsWith('Bearer ')) return;
  if (req.routeOptions.config.csrf === 'exempt-signed-webhook' && req.routeOptions.config.access === 'public') return;
  const cookie = req.cookies[csrfCookie];
  const header = req.headers[csrfHeader];
  if (!cookie || typeof header !== 'string' || cookie.length < 16 || !sameToken(cookie, header)) {
    throw new DomainError(
      'forbidden',
      'csrf_failed',
      `This request must carry the ${csrfHeader} header with the value of the ${csrfCookie} cookie.`,
    );
  }
}

const lookups = new WeakMap<Authenticator, Map<string, Promise<Principal | null>>>();

/**
 * Who calls, with one look-up for concurrent requests carrying the very same credentials (the
 * same cookies and Authorization header): a request that arrives while that look-up runs shares
 * its answer instead of asking the database again (a front desk's burst of bookings). The answer
 * is the one a request made a moment earlier would have had; nothing is kept once it is given.
 */
function sharedLookup(auth: Authenticator, kind: 'staff' | 'customer', req: FastifyRequest): Promise<Principal | null> {
  const lookup = () => (kind === 'customer' ? auth.customer(req) : auth.staff(req));
  const cookie = req.headers.cookie ?? '';
  const authorization = req.headers.authorization ?? '';
  if (!cookie && !authorization) return lookup();
  let running = lookups.get(auth);
  if (!running) lookups.set(auth, (running = new Map()));
  const key = `${kind}\n${authorization}\n${cookie}`;
  const pending = running.get(key);
  if (pending) return pending;
  const started = lookup().finally(() => running.delete(key));
  running.set(key, started);
  return started;
}

/** Resolves the caller for a route and enforces its declared access; sets `req.ctx`. */
export async function authorize(req: FastifyRequest, _reply: FastifyReply, auth: Authenticator, clock: Clock) {
  const access = req.routeOptions.config.access ?? 'public';
  req.ctx = null;
  req.principal = null;
  if (access === 'public') return;
  const principal = await sharedLookup(auth, access === 'customer' ? 'customer' : 'staff', req);
  if (!principal) throw new DomainError('unauthenticated', 'unauthenticated', 'Sign in first.');
  if (access === 'customer') {
    const slug = (req.params as { slug?: string }).slug;
    if (slug !== undefined && slug !== principal.studioSlug) {
      throw new DomainError('unauthenticated', 'unauthenticated', 'Sign in to this studio first.');
    }
  } else if (access !== 'staff' && !auth.can(principal.actor, access)) {
    throw new DomainError('forbidden', 'forbidden', `Your role does not allow this (${access}).`);
  }
  req.principal = principal;
  req.ctx = { studioId: principal.studioId, actor: principal.actor, clock, requestId: String(req.id) };
}
