import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DomainError } from '../../kernel/errors.ts';
import type { StudioId } from '../../kernel/ids.ts';
import { withStudio } from '../db/tx.ts';
import { ctxOf } from '../http/access.ts';
import { buildApp, type App } from '../http/app.ts';
import { TestClient, problem } from '../testing/client.ts';
import { testDatabaseKinds } from '../testing/database.ts';
import { createTestEnso, makeStudio, type StudioFixture, type TestEnso } from '../testing/enso.ts';
import { requestHash } from './index.ts';
import { httpIdempotencyKeys } from './schema.ts';

/** A tiny sale endpoint (test only) whose side effects the tests count. */
function saleRoutes(effects: { studioId: string; amountMinor: number; key: string | null }[], delayMs: { value: number }): FastifyPluginAsyncZod {
  return async (app) => {
    const body = z.object({ amountMinor: z.number().int(), note: z.string().optional() });
    const sale = z.object({ saleId: z.string(), amountMinor: z.number(), key: z.string().nullable() });
    app.post(
      '/test/sales',
      { config: { access: 'staff', idempotency: 'required' }, schema: { body, response: { 201: sale } } },
      async (req, reply) => {
        if (delayMs.value) await new Promise((ok) => setTimeout(ok, delayMs.value));
        if (req.body.amountMinor <= 0) throw new DomainError('invalid', 'amount_not_positive', 'A sale is for a positive amount.');
        effects.push({ studioId: ctxOf(req).studioId, amountMinor: req.body.amountMinor, key: req.idempotencyKey });
        return reply.code(201).send({ saleId: `sale_${effects.length}`, amountMinor: req.body.amountMinor, key: req.idempotencyKey });
      },
    );
    app.post(
      '/test/tips',
      { config: { access: 'staff', idempotency: 'optional' }, schema: { body, response: { 200: sale } } },
      async (req) => {
        effects.push({ studioId: ctxOf(req).studioId, amountMinor: req.body.amountMinor, key: req.idempotencyKey });
        return { saleId: `tip_${effects.length}`, amountMinor: req.body.amountMinor, key: req.idempotencyKey };
      },
    );
  };
}

describe.each(testDatabaseKinds())('Idempotency-Key on HTTP writes (%s)', (kind) => {
  let enso: TestEnso;
  let app: App;
  let studio: StudioFixture;
  const effects: { studioId: string; amountMinor: number; key: string | null }[] = [];
  const delayMs = { value: 0 };

  /** A client of the test app signed in as the fixture's admin (same database, same session). */
  const clientOf = (from: TestClient) => {
    const client = new TestClient(app);
    for (const [k, v] of from.cookies) client.cookies.set(k, v);
    return client;
  };
  const sell = (client: TestClient, key: string | null, body: unknown, path = '/api/v1/test/sales') =>
    client.request('POST', path, { body, headers: key ? { 'idempotency-key': key } : {} });
  const effectsFor = (key: string) => effects.filter((e) => e.key === key);

  beforeAll(async () => {
    enso = await createTestEnso(kind);
    studio = await makeStudio(enso);
    app = await buildApp({
      clock: enso.clock,
      database: enso.database,
      authenticator: enso.services.identity.authenticator,
      secureCookies: false,
      logLevel: 'silent',
      requestsPerMinute: 1_000_000,
      modules: [{ prefix: '/api/v1', routes: saleRoutes(effects, delayMs) }],
    });
  });
  afterAll(async () => {
    await app?.close();
    await enso?.dispose();
  });

  it('replays the first answer for the same key and body, with one side effect', async () => {
    const client = clientOf(studio.admin);
    const key = randomUUID();

    const first = await sell(client, key, { amountMinor: 1_500, note: 'mat' });
    const again = await sell(client, key, { note: 'mat', amountMinor: 1_500 });

    expect(first.status).toBe(201);
    expect(first.body).toEqual({ saleId: expect.any(String), amountMinor: 1_500, key });
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(effectsFor(key)).toHaveLength(1);
  });

  it('refuses the same key with a different body (422), without an effect', async () => {
    const client = clientOf(studio.admin);
    const key = randomUUID();
    await sell(client, key, { amountMinor: 1_500 });

    const other = await sell(client, key, { amountMinor: 9_000 });

    expect(other.status).toBe(422);
    expect(other.body).toMatchObject(problem(422, 'idempotency_key_reused'));
    expect(effectsFor(key)).toEqual([expect.objectContaining({ amountMinor: 1_500 })]);
  });

  it('requires the key where the route says so, and accepts a request without one where it is optional', async () => {
    const client = clientOf(studio.admin);

    const missing = await sell(client, null, { amountMinor: 100 });
    const garbled = await sell(client, 'a key with spaces', { amountMinor: 100 });
    const tip1 = await sell(client, null, { amountMinor: 100 }, '/api/v1/test/tips');
    const tip2 = await sell(client, null, { amountMinor: 100 }, '/api/v1/test/tips');

    expect(missing.body).toMatchObject({ ...problem(400, 'idempotency_key_required'), errors: [{ path: 'Idempotency-Key' }] });
    expect(garbled.body).toMatchObject(problem(400, 'idempotency_key_invalid'));
    expect([tip1.status, tip2.status]).toEqual([200, 200]);
    expect(tip1.body.saleId).not.toBe(tip2.body.saleId);
  });

  it('gives the key back after a failed answer, so the corrected retry goes through', async () => {
    const client = clientOf(studio.admin);
    const key = randomUUID();

    const refused = await sell(client, key, { amountMinor: 0 });
    const invalid = await sell(client, key, { amountMinor: 'ten' });
    const corrected = await sell(client, key, { amountMinor: 1_000 });
    const replay = await sell(client, key, { amountMinor: 1_000 });

    expect(refused.body).toMatchObject(problem(400, 'amount_not_positive'));
    expect(invalid.body).toMatchObject(problem(400, 'validation_failed'));
    expect(corrected.status).toBe(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(effectsFor(key)).toHaveLength(1);
  });

  it('scopes keys to the studio and the caller: another studio uses the same key freely, another staff member cannot replay it', async () => {
    const other = await makeStudio(enso);
    const colleague = clientOf(await studio.staff('front_desk'));
    const key = randomUUID();
    await sell(clientOf(studio.admin), key, { amountMinor: 700 });

    const elsewhere = await sell(clientOf(other.admin), key, { amountMinor: 700 });
    const byColleague = await sell(colleague, key, { amountMinor: 700 });

    expect(elsewhere.status).toBe(201);
    expect(elsewhere.headers['idempotent-replayed']).toBeUndefined();
    expect(byColleague.body).toMatchObject(problem(422, 'idempotency_key_reused'));
    expect(effectsFor(key).map((e) => e.studioId)).toEqual([studio.studioId, other.studioId]);
  });

  it('ignores a key older than 24 hours: a new claim takes it over', async () => {
    const key = randomUUID();
    const old = new Date(Date.now() - 25 * 60 * 60 * 1000);
    await withStudio(enso.database, studio.studioId as StudioId, (tx) =>
      tx.insert(httpIdempotencyKeys).values({ studioId: studio.studioId, key, method: 'POST', route: '/api/v1/test/sales', actor: 'staff:usr_old', requestHash: 'x', status: 'done', responseStatus: 201, responseBody: { saleId: 'sale_old' }, createdAt: old, lockedAt: old }),
    );

    const res = await sell(clientOf(studio.admin), key, { amountMinor: 300 });

    expect(res.status).toBe(201);
    expect(res.body.saleId).not.toBe('sale_old');
    const rows = await withStudio(enso.database, studio.studioId as StudioId, (tx) =>
      tx.select().from(httpIdempotencyKeys).where(and(eq(httpIdempotencyKeys.studioId, studio.studioId), eq(httpIdempotencyKeys.key, key))),
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]!.createdAt.getTime()).toBeGreaterThan(old.getTime());
  });

  it('answers 409 while a claim is fresh, and lets a retry take over a claim abandoned by a crash', async () => {
    const client = clientOf(studio.admin);
    const fresh = randomUUID();
    const abandoned = randomUUID();
    // The admin's own earlier call tells how the store names this caller.
    const probe = randomUUID();
    await sell(client, probe, { amountMinor: 1 });
    const hash = requestHash({ params: {}, query: {}, body: { amountMinor: 400 } });
    const claimRow = (key: string, at: Date) =>
      withStudio(enso.database, studio.studioId as StudioId, async (tx) => {
        const [probeRow] = await tx.select().from(httpIdempotencyKeys).where(and(eq(httpIdempotencyKeys.studioId, studio.studioId), eq(httpIdempotencyKeys.key, probe)));
        const actor = probeRow!.actor;
        await tx.insert(httpIdempotencyKeys).values({ studioId: studio.studioId, key, method: 'POST', route: '/api/v1/test/sales', actor, requestHash: hash, status: 'in_progress', createdAt: at, lockedAt: at });
      });
    await claimRow(fresh, new Date());
    await claimRow(abandoned, new Date(Date.now() - 3 * 60 * 1000));

    const busy = await sell(client, fresh, { amountMinor: 400 });
    const takenOver = await sell(client, abandoned, { amountMinor: 400 });

    expect(busy.body).toMatchObject(problem(409, 'idempotency_in_progress'));
    expect(busy.headers['retry-after']).toBe('1');
    expect(takenOver.status).toBe(201);
    expect(effectsFor(abandoned)).toHaveLength(1);
  });

  // PostgreSQL only: concurrency needs parallel transactions, and PGlite is a single connection.
  it.runIf(kind === 'postgres')('lets one of five concurrent requests with the same key run; the others get 409, then the replay', async () => {
    const client = clientOf(studio.admin);
    const key = randomUUID();
    delayMs.value = 300;

    const answers = await Promise.all(Array.from({ length: 5 }, () => sell(client, key, { amountMinor: 2_000 })));
    delayMs.value = 0;
    const after = await sell(client, key, { amountMinor: 2_000 });

    expect(answers.map((a) => a.status).sort()).toEqual([201, 409, 409, 409, 409]);
    expect(after.status).toBe(201);
    expect(after.headers['idempotent-replayed']).toBe('true');
    expect(after.body).toEqual(answers.find((a) => a.status === 201)!.body);
    expect(effectsFor(key)).toHaveLength(1);
  });

  it('says so in the OpenAPI description of the route', async () => {
    const spec = (await app.inject({ method: 'GET', url: '/api/docs/json' })).json();

    expect(spec.paths['/api/v1/test/sales'].post.description).toMatch(/^Requires an `Idempotency-Key` header/);
    expect(spec.paths['/api/v1/test/tips'].post.description).toMatch(/^Accepts an `Idempotency-Key` header/);
  });

  it('refuses at start-up a public route that asks for a key', async () => {
    const publicRoute: FastifyPluginAsyncZod = async (a) => {
      a.post('/test/open', { config: { access: 'public', idempotency: 'required' } }, async () => ({}));
    };

    await expect(
      buildApp({ clock: enso.clock, database: enso.database, authenticator: enso.services.identity.authenticator, secureCookies: false, logLevel: 'silent', modules: [{ prefix: '/api/v1', routes: publicRoute }] }),
    ).rejects.toThrow(/signed-in caller/);
  });
});
