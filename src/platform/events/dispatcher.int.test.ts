import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { systemClock } from '../../kernel/clock.ts';
import type { Ctx } from '../../kernel/ctx.ts';
import { newId, type StudioId } from '../../kernel/ids.ts';
import { rowsOf, withStudio, withSystem } from '../db/tx.ts';
import { createJobs, type Jobs } from '../jobs/index.ts';
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from '../testing/database.ts';
import { createEventDispatcher, deliverEventJobName, type EventDispatcher } from './dispatcher.ts';
import { publish } from './publish.ts';
import { defineSubscriber } from './subscribers.ts';

describe.each(testDatabaseKinds())('event dispatcher on %s', (kind) => {
  let db: TestDatabase;
  let jobs: Jobs;
  let dispatcher: EventDispatcher;
  const studioId = newId('studio') as StudioId;
  const ctx: Ctx = { studioId, actor: { kind: 'system' }, clock: systemClock, requestId: 'test' };

  // Each subscriber records its effect in a tenant table, in the delivery's transaction.
  const calls: Record<string, number> = { 'test.welcome': 0, 'test.audit': 0 };
  const failNextWelcome = new Set<string>();
  const recordEffect = (subscriber: string) => async (tx: Parameters<Parameters<typeof withStudio>[2]>[0], event: { id: string; payload: Record<string, unknown> }) => {
    calls[subscriber]!++;
    await tx.execute(sql`insert into test_effects (studio_id, subscriber, event_id) values (${studioId}, ${subscriber}, ${event.id})`);
    if (subscriber === 'test.welcome' && failNextWelcome.delete(String(event.payload.name))) {
      throw new Error('the template service timed out');
    }
  };
  const welcome = defineSubscriber({ name: 'test.welcome', events: ['customer.created.v1'], handle: recordEffect('test.welcome') });
  const audit = defineSubscriber({
    name: 'test.audit',
    events: ['customer.created.v1', 'customer.archived.v1'],
    handle: recordEffect('test.audit'),
  });

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    await db.database.system.execute(sql`create table test_effects (studio_id text not null, subscriber text not null, event_id text not null)`);
    await db.database.system.execute(sql`grant select, insert on test_effects to enso_app`);
    jobs = createJobs(db.database);
    dispatcher = createEventDispatcher(db.database, jobs, {
      subscribers: [welcome, audit],
      retry: { limit: 3, backoff: { initialSeconds: 1 } },
      pollIntervalMs: 200,
    });
    await jobs.start();
  });

  afterAll(async () => {
    await dispatcher?.stop();
    await jobs?.stop();
    await db?.dispose();
  });

  async function publishCustomerCreated(name: string): Promise<string> {
    await withStudio(db.database, studioId, (tx) => publish(tx, ctx, { type: 'customer.created.v1', payload: { name } }));
    const [row] = rowsOf<{ id: string }>(
      await db.database.system.execute(sql`select id from events where payload->>'name' = ${name}`),
    );
    return row!.id;
  }

  async function effects(eventId: string): Promise<string[]> {
    const rows = rowsOf<{ subscriber: string }>(
      await db.database.system.execute(sql`select subscriber from test_effects where event_id = ${eventId} order by subscriber`),
    );
    return rows.map((r) => r.subscriber);
  }

  it('delivers an event to each of its subscribers once', async () => {
    const eventId = await publishCustomerCreated('Ana');

    expect(await dispatcher.dispatchNow()).toBeGreaterThanOrEqual(1);
    await vi.waitFor(async () => expect(await effects(eventId)).toEqual(['test.audit', 'test.welcome']), { timeout: 5_000, interval: 25 });
    const [event] = rowsOf<{ dispatched: boolean }>(
      await db.database.system.execute(sql`select dispatched_at is not null as dispatched from events where id = ${eventId}`),
    );
    expect(event!.dispatched).toBe(true);
  });

  it('does nothing the second time an event is delivered to a subscriber', async () => {
    const eventId = await publishCustomerCreated('Bruno');
    await dispatcher.dispatchNow();
    await vi.waitFor(async () => expect(await effects(eventId)).toHaveLength(2), { timeout: 5_000, interval: 25 });
    const before = calls['test.welcome']!;

    // A redelivery, as after a worker crash between the handler's commit and the job's completion.
    const redelivery = await withSystem(db.database, (tx) =>
      jobs.enqueue(tx, deliverEventJobName, { studioId, eventId, subscriber: 'test.welcome' }),
    );
    await withSystem(db.database, (tx) => tx.execute(sql`update events set dispatched_at = null where id = ${eventId}`));
    await dispatcher.dispatchNow();

    await vi.waitFor(
      async () => expect(await jobs.findJobs(deliverEventJobName, { id: redelivery! })).toMatchObject([{ state: 'completed', output: { result: 'skipped' } }]),
      { timeout: 5_000, interval: 25 },
    );
    expect(await effects(eventId)).toEqual(['test.audit', 'test.welcome']);
    expect(calls['test.welcome']).toBe(before);
  });

  it('retries a delivery whose handler failed, and keeps only the successful attempt', async () => {
    failNextWelcome.add('Chloé');
    const eventId = await publishCustomerCreated('Chloé');

    await dispatcher.dispatchNow();

    await vi.waitFor(async () => expect(await effects(eventId)).toEqual(['test.audit', 'test.welcome']), { timeout: 8_000, interval: 50 });
    const [receipts] = rowsOf<{ n: number }>(
      await db.database.system.execute(sql`select count(*)::int as n from event_receipts where event_id = ${eventId}`),
    );
    expect(receipts!.n).toBe(2);
  });

  it('publishes nothing when the publishing transaction rolls back', async () => {
    const attempt = withStudio(db.database, studioId, async (tx) => {
      await publish(tx, ctx, { type: 'customer.created.v1', payload: { name: 'Ghost' } });
      throw new Error('the customer could not be saved');
    });

    await expect(attempt).rejects.toThrow('could not be saved');
    await dispatcher.dispatchNow();
    const [row] = rowsOf<{ n: number }>(
      await db.database.system.execute(sql`select count(*)::int as n from events where payload->>'name' = 'Ghost'`),
    );
    expect(row!.n).toBe(0);
  });

  it('marks an event nobody subscribes to as dispatched, and delivers events found by polling', async () => {
    await withStudio(db.database, studioId, (tx) => publish(tx, ctx, { type: 'studio.renamed.v1', payload: { name: 'Nobody' } }));
    const eventId = await publishCustomerCreated('Dora');

    dispatcher.start();

    await vi.waitFor(async () => expect(await effects(eventId)).toEqual(['test.audit', 'test.welcome']), { timeout: 5_000, interval: 25 });
    await dispatcher.stop();
    const [pending] = rowsOf<{ n: number }>(
      await db.database.system.execute(sql`select count(*)::int as n from events where dispatched_at is null`),
    );
    expect(pending!.n).toBe(0);
  });

  it('dispatches a burst of events in batches', async () => {
    const n = 300;
    await withStudio(db.database, studioId, (tx) =>
      publish(tx, ctx, ...Array.from({ length: n }, (_, i) => ({ type: 'customer.archived.v1', payload: { name: `burst-${i}` } }))),
    );

    const t0 = performance.now();
    expect(await dispatcher.dispatchNow()).toBe(n);
    const dispatchMs = performance.now() - t0;
    await vi.waitFor(
      async () => {
        const [row] = rowsOf<{ n: number }>(
          await db.database.system.execute(sql`select count(*)::int as n from test_effects e join events v on v.id = e.event_id where v.type = 'customer.archived.v1'`),
        );
        expect(row!.n).toBe(n);
      },
      { timeout: 30_000, interval: 100 },
    );
    console.info(
      `[events/${kind}] ${n} events: dispatched in ${Math.round(dispatchMs)} ms, all delivered after ${Math.round(performance.now() - t0)} ms`,
    );
  });
});
