import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { newId, type StudioId } from '../../kernel/ids.ts';
import { migrate } from '../db/migrate.ts';
import { rowsOf, withStudio, withSystem } from '../db/tx.ts';
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from '../testing/database.ts';
import { createJobs, defineJob, PermanentJobError, type Jobs } from './index.ts';

describe.each(testDatabaseKinds())('jobs on %s', (kind) => {
  let db: TestDatabase;
  let jobs: Jobs;
  const studioId = newId('studio') as StudioId;

  const echoRuns = new Map<string, number[]>();
  const echo = defineJob({
    name: 'test.echo',
    payload: z.object({ key: z.string() }),
    handler: async ({ key }) => {
      echoRuns.set(key, [...(echoRuns.get(key) ?? []), performance.now()]);
      return 'done';
    },
  });

  const flakyAttempts: { attempt: number; at: number }[] = [];
  const flaky = defineJob({
    name: 'test.flaky',
    payload: z.object({}),
    retry: { limit: 3, backoff: { initialSeconds: 1 } },
    handler: async (_payload, ctx) => {
      flakyAttempts.push({ attempt: ctx.attempt, at: performance.now() });
      if (ctx.attempt < 3) throw new Error('the provider answered 503');
      return 'done';
    },
  });

  let refusedAttempts = 0;
  const refused = defineJob({
    name: 'test.refused',
    payload: z.object({}),
    retry: { limit: 3, backoff: { initialSeconds: 1 } },
    handler: async () => {
      refusedAttempts++;
      throw new PermanentJobError('the address was rejected');
    },
  });

  let drained = 0;
  const counter = defineJob({
    name: 'test.count',
    payload: z.object({ i: z.number().int() }),
    handler: async () => {
      drained++;
      return 'done';
    },
  });

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    jobs = createJobs(db.database);
    for (const definition of [echo, flaky, refused, counter]) jobs.register(definition);
    const t0 = performance.now();
    await jobs.start();
    console.info(`[jobs/${kind}] pg-boss start on a fresh database: ${Math.round(performance.now() - t0)} ms`);
  });

  afterAll(async () => {
    await jobs?.stop();
    await db?.dispose();
  });

  async function jobCount(name: string, key: string): Promise<number> {
    const rows = rowsOf<{ n: number }>(
      await db.database.system.execute(sql`select count(*)::int as n from pgboss.job where name = ${name} and data->>'key' = ${key}`),
    );
    return rows[0]!.n;
  }

  it('runs a job enqueued in a committed tenant transaction', async () => {
    await withStudio(db.database, studioId, (tx) => jobs.enqueue(tx, echo, { key: 'committed' }));

    await vi.waitFor(() => expect(echoRuns.get('committed')).toHaveLength(1), { timeout: 5_000, interval: 20 });
  });

  it('runs a delayed job after its delay, not before', async () => {
    const enqueuedAt = performance.now();
    await withStudio(db.database, studioId, (tx) => jobs.enqueue(tx, echo, { key: 'delayed' }, { delaySeconds: 1 }));

    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(echoRuns.get('delayed')).toBeUndefined();
    await vi.waitFor(() => expect(echoRuns.get('delayed')).toHaveLength(1), { timeout: 5_000, interval: 20 });
    const lateMs = echoRuns.get('delayed')![0]! - enqueuedAt - 1000;
    console.info(`[jobs/${kind}] a 1 s delayed job started ${Math.round(lateMs)} ms late`);
    expect(lateMs).toBeGreaterThanOrEqual(-50);
    expect(lateMs).toBeLessThan(1_500);
  });

  it('leaves no job behind when the enqueuing transaction rolls back', async () => {
    const attempt = withStudio(db.database, studioId, async (tx) => {
      await jobs.enqueue(tx, echo, { key: 'rolled-back' });
      throw new Error('the booking failed after the job was enqueued');
    });

    await expect(attempt).rejects.toThrow('the booking failed');
    expect(await jobCount('test.echo', 'rolled-back')).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(echoRuns.get('rolled-back')).toBeUndefined();
  });

  it('enqueues one job for a dedupe key, however often it is enqueued', async () => {
    const first = await withStudio(db.database, studioId, (tx) =>
      jobs.enqueue(tx, echo, { key: 'deduped' }, { dedupeKey: 'evt_1:welcome', delaySeconds: 0.5 }),
    );
    const second = await withStudio(db.database, studioId, (tx) =>
      jobs.enqueue(tx, echo, { key: 'deduped' }, { dedupeKey: 'evt_1:welcome' }),
    );
    await vi.waitFor(() => expect(echoRuns.get('deduped')).toHaveLength(1), { timeout: 5_000, interval: 20 });
    const afterCompletion = await withSystem(db.database, (tx) =>
      jobs.enqueueMany(tx, 'test.echo', [
        { payload: { key: 'deduped' }, dedupeKey: 'evt_1:welcome' },
        { payload: { key: 'deduped' }, dedupeKey: 'evt_1:welcome' },
      ]),
    );

    expect(first).toEqual(expect.any(String));
    expect(second).toBeNull();
    expect(afterCompletion).toBe(0);
    expect(await jobCount('test.echo', 'deduped')).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(echoRuns.get('deduped')).toHaveLength(1);
    expect(await jobs.findJobs('test.echo', { dedupeKey: 'evt_1:welcome' })).toMatchObject([{ state: 'completed' }]);
  });

  it('retries a failing job with growing delays until it succeeds', async () => {
    const id = await withSystem(db.database, (tx) => jobs.enqueue(tx, flaky, {}));

    await vi.waitFor(() => expect(flakyAttempts).toHaveLength(3), { timeout: 15_000, interval: 20 });
    await vi.waitFor(async () => expect(await jobs.findJobs('test.flaky', { id: id! })).toMatchObject([{ state: 'completed', retryCount: 2 }]), {
      timeout: 5_000,
      interval: 50,
    });
    const [a, b, c] = flakyAttempts;
    expect([a!.attempt, b!.attempt, c!.attempt]).toEqual([1, 2, 3]);
    // Backoff from 1 s: the first retry waits 1–2 s, the second 2–4 s (pg-boss adds up to 100 % jitter).
    expect(b!.at - a!.at).toBeGreaterThanOrEqual(950);
    expect(c!.at - b!.at).toBeGreaterThanOrEqual(1_950);
  });

  it('fails a job at once, without retrying, when the handler reports a permanent error', async () => {
    const id = await withSystem(db.database, (tx) => jobs.enqueue(tx, refused, {}));

    await vi.waitFor(async () => expect(await jobs.findJobs('test.refused', { id: id! })).toMatchObject([{ state: 'failed' }]), {
      timeout: 5_000,
      interval: 50,
    });
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(refusedAttempts).toBe(1);
    const [job] = await jobs.findJobs('test.refused', { id: id! });
    expect(job!.output).toMatchObject({ error: { message: 'the address was rejected' } });
  });

  it('refuses a payload that does not match the job schema, and enqueues nothing', async () => {
    const attempt = withSystem(db.database, (tx) => jobs.enqueue(tx, 'test.echo', { key: 42 }));

    await expect(attempt).rejects.toThrow();
    await expect(withSystem(db.database, (tx) => jobs.enqueue(tx, 'test.unknown', {}))).rejects.toThrow(/not registered/);
  });

  it('keeps pg-boss out of tenancy: its tables get no RLS, and a tenant can add jobs but not read them', async () => {
    await migrate(db.database);

    const [rls] = rowsOf<{ n: number }>(
      await db.database.system.execute(sql`select count(*)::int as n from pg_tables where schemaname = 'pgboss' and rowsecurity`),
    );
    expect(rls!.n).toBe(0);
    const peek = withStudio(db.database, studioId, (tx) => tx.execute(sql`select data from pgboss.job limit 1`));
    await expect(peek).rejects.toThrow();
  });

  it('drains a backlog without waiting a polling interval between jobs', async () => {
    const n = 200;
    const t0 = performance.now();
    for (let i = 0; i < n; i++) await withSystem(db.database, (tx) => jobs.enqueue(tx, counter, { i }));
    const enqueueMs = performance.now() - t0;
    await vi.waitFor(() => expect(drained).toBe(n), { timeout: 30_000, interval: 20 });
    const totalMs = performance.now() - t0;

    console.info(
      `[jobs/${kind}] ${n} jobs: enqueued one per transaction at ${Math.round((n / enqueueMs) * 1000)}/s, all run after ${Math.round(totalMs)} ms`,
    );
    expect(totalMs).toBeLessThan(20_000);
  });
});
