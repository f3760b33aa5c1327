import { createHash } from 'node:crypto';
import { and, eq, lt, sql } from 'drizzle-orm';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '../../kernel/clock.ts';
import type { Actor } from '../../kernel/ctx.ts';
import { DomainError } from '../../kernel/errors.ts';
import type { StudioId } from '../../kernel/ids.ts';
import type { Database } from '../db/client.ts';
import { sendProblem } from '../http/errors.ts';
import { rowsOf } from '../db/tx.ts';
import { coalesce } from '../db/coalesce.ts';
import { httpIdempotencyKeys } from './schema.ts';

/**
 * `Idempotency-Key` for state-changing HTTP calls (STYLE.md §5): a route opts in with
 * `config.idempotency: 'required' | 'optional'`. The first call with a key claims it for the
 * studio; a repeat with the same body gets the stored answer (`idempotent-replayed: true`) and
 * no second effect; the same key with another body, route or caller → 422
 * `idempotency_key_reused`; a repeat while the first is still running → 409
 * `idempotency_in_progress`. An answer of 4xx/5xx gives the key back, so a corrected retry works.
 * Keys live 24 hours. The service reads the key as `req.idempotencyKey` (e.g. to pass it on as
 * the payment provider's idempotency key).
 */
export type IdempotencyMode = 'required' | 'optional';

declare module 'fastify' {
  interface FastifyContextConfig {
    idempotency?: IdempotencyMode;
  }
  interface FastifyRequest {
    /** The caller's `Idempotency-Key` on a route that takes one (claimed for this call), else null. */
    idempotencyKey: string | null;
  }
}

export const idempotencyHeader = 'idempotency-key';
export const replayedHeader = 'idempotent-replayed';
export const idempotencyTtlMs = 24 * 60 * 60 * 1000;
/** A claim this old with no answer was abandoned (the process died mid-call) and may be taken over. */
export const idempotencyLeaseMs = 2 * 60 * 1000;
const keyPattern = /^[\x21-\x7e]{1,255}$/;

interface Claimed {
  studioId: StudioId;
  key: string;
  settled: boolean;
}
const claims = new WeakMap<FastifyRequest, Claimed>();

export function actorKey(actor: Actor): string {
  switch (actor.kind) {
    case 'staff':
      return `staff:${actor.userId}`;
    case 'customer':
      return `customer:${actor.customerId}`;
    case 'api_key':
      return `api_key:${actor.apiKeyId}`;
    default:
      return actor.kind;
  }
}

/** JSON with object keys sorted, so the same request hashes the same however its body was ordered. */
function canonical(value: unknown): string {
  if (value === undefined) return 'null';
  if (Buffer.isBuffer(value)) return JSON.stringify(value.toString('base64'));
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

export function requestHash(req: Pick<FastifyRequest, 'params' | 'query' | 'body'>): string {
  return createHash('sha256').update(canonical({ params: req.params, query: req.query, body: req.body })).digest('hex');
}

type Claim =
  | { kind: 'claimed' }
  | { kind: 'replay'; status: number; body: unknown }
  | { kind: 'reused' }
  | { kind: 'in_progress' };

interface ClaimInput {
  studioId: StudioId;
  key: string;
  method: string;
  route: string;
  actor: string;
  hash: string;
  now: Date;
}

/** Every this many claims (in this process), the claiming studio's expired keys are purged. */
const purgeEvery = 256;
let claimsSincePurge = 0;

/**
 * Claims the key with one statement, committed before the handler runs: a new key is inserted,
 * and a key past its 24 hours is taken over by the same upsert. Only when a live key is already
 * there is it read, to replay, refuse or take over an abandoned claim. Keys are platform
 * machinery scoped by their explicit studio id, so they are written through the owner's
 * connection with no transaction around them; concurrent claims share one upsert (`claimNew`).
 */
async function claim(database: Database, input: ClaimInput, leaseMs: number): Promise<Claim> {
  const t = httpIdempotencyKeys;
  const db = database.system;
  const expiredBefore = new Date(input.now.getTime() - idempotencyTtlMs);
  if (++claimsSincePurge >= purgeEvery) {
    claimsSincePurge = 0;
    // The index on (studio_id, created_at) keeps this cheap; the upsert below never needs it.
    await db.delete(t).where(and(eq(t.studioId, input.studioId), lt(t.createdAt, expiredBefore)));
  }
  if (await claimNew(database)(input)) return { kind: 'claimed' };

  const [row] = await db.select().from(t).where(and(eq(t.studioId, input.studioId), eq(t.key, input.key)));
  if (!row) return { kind: 'in_progress' }; // released between our insert and select: the caller may retry
  if (row.method !== input.method || row.route !== input.route || row.actor !== input.actor || row.requestHash !== input.hash) {
    return { kind: 'reused' };
  }
  if (row.status === 'done') return { kind: 'replay', status: row.responseStatus ?? 200, body: row.responseBody ?? null };
  const taken = await db
    .update(t)
    .set({ lockedAt: input.now })
    .where(and(eq(t.studioId, input.studioId), eq(t.key, input.key), eq(t.status, 'in_progress'), lt(t.lockedAt, new Date(input.now.getTime() - leaseMs))))
    .returning({ key: t.key });
  return taken.length > 0 ? { kind: 'claimed' } : { kind: 'in_progress' };
}

/**
 * The claims of concurrent requests go to PostgreSQL together (platform/db/coalesce.ts, ADR 0006):
 * one upsert inserts every new key and takes over every key past its 24 hours; a key it did not
 * claim (live already, or twice in the same run) is looked at one by one by `claim`. A statement
 * template with the rows as one JSON parameter: one prepared text for any number of claims.
 */
const claimers = new WeakMap<Database, (input: ClaimInput) => Promise<boolean>>();
function claimNew(database: Database) {
  let claimer = claimers.get(database);
  if (!claimer) {
    const t = httpIdempotencyKeys;
    claimer = coalesce(async (inputs: ClaimInput[]) => {
      const first = new Map<string, number>();
      inputs.forEach((input, i) => {
        const id = `${input.studioId} ${input.key}`;
        if (!first.has(id)) first.set(id, i);
      });
      const rows = [...first.values()].map((i) => {
        const input = inputs[i]!;
        return { studio_id: input.studioId, key: input.key, method: input.method, route: input.route, actor: input.actor, request_hash: input.hash, created_at: input.now.toISOString() };
      });
      const inserted = rowsOf<{ studioId: string; key: string }>(
        await database.system.execute(sql`
          insert into ${t} (studio_id, key, method, route, actor, request_hash, status, created_at, locked_at)
          select r.studio_id, r.key, r.method, r.route, r.actor, r.request_hash, 'in_progress', r.created_at, r.created_at
            from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r(studio_id text, key text, method text, route text, actor text, request_hash text, created_at timestamptz)
          on conflict (studio_id, key) do update
             set method = excluded.method, route = excluded.route, actor = excluded.actor, request_hash = excluded.request_hash, status = 'in_progress',
                 response_status = null, response_body = null, created_at = excluded.created_at, locked_at = excluded.locked_at
           where ${t}.created_at < excluded.created_at - ${sql.raw(`interval '${idempotencyTtlMs} milliseconds'`)}
          returning studio_id as "studioId", key`),
      );
      const claimed = new Set(inserted.map((r) => `${r.studioId} ${r.key}`));
      return inputs.map((input, i) => {
        const id = `${input.studioId} ${input.key}`;
        return first.get(id) === i && claimed.has(id);
      });
    }, { parallel: 2 });
    claimers.set(database, claimer);
  }
  return claimer;
}

interface Answer {
  studioId: string;
  key: string;
  status: number;
  body: unknown;
}

/** The answers of concurrent requests, recorded together (one update for all; a key is answered once, by its claimer). */
const answerers = new WeakMap<Database, (answer: Answer) => Promise<void>>();
function recordAnswer(database: Database) {
  let answerer = answerers.get(database);
  if (!answerer) {
    const t = httpIdempotencyKeys;
    answerer = coalesce(async (answers: Answer[]) => {
      const rows = answers.map((a) => ({ studio_id: a.studioId, key: a.key, response_status: a.status, response_body: a.body }));
      await database.system.execute(sql`
        update ${t} k set status = 'done', response_status = r.response_status, response_body = r.response_body
          from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r(studio_id text, key text, response_status int, response_body jsonb)
         where k.studio_id = r.studio_id and k.key = r.key and k.status = 'in_progress'`);
      return answers.map(() => undefined);
    }, { parallel: 2 });
    answerers.set(database, answerer);
  }
  return answerer;
}

function bodyOf(payload: unknown, reply: FastifyReply): unknown {
  const type = String(reply.getHeader('content-type') ?? '');
  const text = typeof payload === 'string' ? payload : Buffer.isBuffer(payload) ? payload.toString('utf8') : null;
  if (text === null || text === '' || !type.includes('json')) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

/**
 * Adds the hooks to the root instance (so they see every module's routes); call it before the
 * modules are registered. Routes that take a key must not be public: the key is scoped to the
 * signed-in caller's studio.
 */
export function installIdempotency(app: FastifyInstance, options: { database: Database; clock: Clock; leaseMs?: number }) {
  const { database, clock } = options;
  const leaseMs = options.leaseMs ?? idempotencyLeaseMs;
  app.decorateRequest('idempotencyKey', null);

  app.addHook('onRoute', (route) => {
    const mode = (route.config as { idempotency?: unknown } | undefined)?.idempotency;
    if (mode === undefined) return;
    const access = (route.config as { access?: string } | undefined)?.access;
    if (mode !== 'required' && mode !== 'optional') throw new Error(`Route ${route.url}: config.idempotency is 'required' or 'optional'`);
    if (access === 'public' || access === undefined) throw new Error(`Route ${route.url}: an idempotent route needs a signed-in caller (its studio scopes the key)`);
    // Said in the API docs (a header schema would change how a missing key is reported).
    const note =
      `${mode === 'required' ? 'Requires' : 'Accepts'} an \`Idempotency-Key\` header (1–255 printable characters, e.g. a UUID per operation): ` +
      'a retry with the same key and body returns the first answer (`idempotent-replayed: true`) without repeating the effect; ' +
      'the same key with another body gets 422 `idempotency_key_reused`, and 409 `idempotency_in_progress` while the first call runs. Keys last 24 hours.';
    const schema = (route.schema ?? {}) as { description?: string };
    route.schema = { ...schema, description: schema.description ? `${schema.description}\n\n${note}` : note };
  });

  app.addHook('preHandler', async (req, reply) => {
    const mode = req.routeOptions.config.idempotency;
    if (!mode) return;
    const header = req.headers[idempotencyHeader];
    if (header === undefined) {
      if (mode === 'optional') return;
      throw new DomainError('invalid', 'idempotency_key_required', 'This request must carry an Idempotency-Key header (a new random value per operation, e.g. a UUID).', [
        { path: 'Idempotency-Key', message: 'Required' },
      ]);
    }
    if (typeof header !== 'string' || !keyPattern.test(header)) {
      throw new DomainError('invalid', 'idempotency_key_invalid', 'The Idempotency-Key header must be 1 to 255 printable ASCII characters.', [
        { path: 'Idempotency-Key', message: 'Invalid' },
      ]);
    }
    const ctx = req.ctx;
    if (!ctx) throw new DomainError('unauthenticated', 'unauthenticated', 'Sign in first.');
    const outcome = await claim(
      database,
      {
        studioId: ctx.studioId,
        key: header,
        method: req.method,
        route: req.routeOptions.url ?? req.url,
        actor: actorKey(ctx.actor),
        hash: requestHash(req),
        now: clock.now(),
      },
      leaseMs,
    );
    switch (outcome.kind) {
      case 'claimed':
        req.idempotencyKey = header;
        claims.set(req, { studioId: ctx.studioId, key: header, settled: false });
        return;
      case 'replay':
        reply.code(outcome.status).header(replayedHeader, 'true');
        if (outcome.body === null) return reply.send();
        return reply.type('application/json; charset=utf-8').send(JSON.stringify(outcome.body));
      case 'reused':
        return sendProblem(
          reply,
          422,
          'idempotency_key_reused',
          'This Idempotency-Key was already used for a different request. Use a new key for a new operation.',
        );
      case 'in_progress':
        throw new DomainError('conflict', 'idempotency_in_progress', 'A request with this Idempotency-Key is still being processed. Retry in a moment.', [], 1);
    }
  });

  app.addHook('onSend', async (req, reply, payload) => {
    const claimed = claims.get(req);
    if (!claimed || claimed.settled) return payload;
    claimed.settled = true;
    const t = httpIdempotencyKeys;
    try {
      // One statement on the owner's connection, like the claim.
      if (reply.statusCode >= 400) {
        await database.system.execute(sql`delete from ${t} where studio_id = ${claimed.studioId} and key = ${claimed.key} and status = 'in_progress'`);
      } else {
        await recordAnswer(database)({ studioId: claimed.studioId, key: claimed.key, status: reply.statusCode, body: bodyOf(payload, reply) });
      }
    } catch (err) {
      // The answer still goes out; the key stays claimed until its lease runs out.
      req.log.error({ err, key: claimed.key }, 'could not record the idempotent response');
    }
    return payload;
  });
}
