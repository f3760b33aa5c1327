import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { systemClock, type Clock } from '../../kernel/clock.ts';
import type { Ctx } from '../../kernel/ctx.ts';
import type { StudioId } from '../../kernel/ids.ts';
import type { Database } from '../db/client.ts';
import { rowsOf, withStudio, withSystem } from '../db/tx.ts';
import { defineJob, silentLogger, type EnqueueItem, type Jobs, type Logger, type RetryPolicy } from '../jobs/index.ts';
import type { StoredEvent } from './publish.ts';
import { eventReceipts, events } from './schema.ts';
import type { Subscriber } from './subscribers.ts';

export const deliverEventJobName = 'events.deliver';

const deliverPayloadSchema = z.object({
  studioId: z.string().min(1),
  eventId: z.string().min(1),
  subscriber: z.string().min(1),
});

export interface EventDispatcher {
  /** Starts polling for undispatched events (worker processes only). */
  start(): void;
  /** Stops polling and waits for a pass in progress. */
  stop(): Promise<void>;
  /** Dispatches every undispatched event now; resolves to how many events it claimed. For tests and the CLI. */
  dispatchNow(): Promise<number>;
}

export interface EventDispatcherOptions {
  subscribers: readonly Subscriber[];
  /** Pause between polls when there is nothing to dispatch. */
  pollIntervalMs?: number;
  /** Events claimed per transaction. */
  batchSize?: number;
  /** Retries of one delivery (one event to one subscriber). */
  retry?: RetryPolicy;
  clock?: Clock;
  logger?: Logger;
}

/**
 * Delivers each event of the `events` table to every subscriber of its type, at least once.
 * A pass claims undispatched events (FOR UPDATE SKIP LOCKED, so several workers share the
 * work), enqueues one `events.deliver` job per (event, subscriber) with the dedupe key
 * `${eventId}:${subscriber}`, and marks the events dispatched — all in one transaction, so an
 * event is either still pending or has all its jobs. Registers its job with `jobs`: create the
 * dispatcher before `jobs.start()`.
 */
export function createEventDispatcher(database: Database, jobs: Jobs, options: EventDispatcherOptions): EventDispatcher {
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? silentLogger;
  const pollIntervalMs = options.pollIntervalMs ?? 300;
  const batchSize = options.batchSize ?? 200;

  const byName = new Map<string, Subscriber>();
  const byType = new Map<string, Subscriber[]>();
  for (const subscriber of options.subscribers) {
    if (byName.has(subscriber.name)) throw new Error(`Subscriber ${subscriber.name} is registered twice`);
    byName.set(subscriber.name, subscriber);
    for (const type of subscriber.events) byType.set(type, [...(byType.get(type) ?? []), subscriber]);
  }

  jobs.register(
    defineJob({
      name: deliverEventJobName,
      payload: deliverPayloadSchema,
      ...(options.retry ? { retry: options.retry } : {}),
      handler: async ({ studioId, eventId, subscriber: name }, jobCtx) => {
        const subscriber = byName.get(name);
        if (!subscriber) {
          // Removed from the code since the job was enqueued: nobody is left to deliver to.
          jobCtx.logger.warn({ eventId, subscriber: name }, 'event delivery skipped: unknown subscriber');
          return 'skipped';
        }
        return withStudio(database, studioId as StudioId, async (tx) => {
          const [row] = await tx
            .select()
            .from(events)
            .where(and(eq(events.studioId, studioId), eq(events.id, eventId)));
          if (!row) return 'skipped';
          // The receipt first: if an earlier delivery committed, this one finds it and does nothing.
          // A concurrent delivery of the same pair waits here on the key until the first commits.
          const receipt = await tx
            .insert(eventReceipts)
            .values({ studioId, subscriber: name, eventId, handledAt: clock.now() })
            .onConflictDoNothing()
            .returning({ eventId: eventReceipts.eventId });
          if (receipt.length === 0) return 'skipped';
          const event: StoredEvent = {
            id: row.id,
            studioId: row.studioId,
            type: row.type,
            subjectId: row.subjectId,
            actorKind: row.actorKind,
            actorId: row.actorId,
            payload: row.payload,
            occurredAt: row.occurredAt,
          };
          const ctx: Ctx = { studioId: studioId as StudioId, actor: { kind: 'system' }, clock, requestId: `job:${jobCtx.jobId}` };
          await subscriber.handle(tx, event, ctx);
          return 'done';
        });
      },
    }),
  );

  async function dispatchBatch(): Promise<number> {
    return withSystem(database, async (tx) => {
      // Claim and mark in one statement; the jobs below are enqueued in the same transaction,
      // so a failure anywhere leaves the events undispatched for the next pass.
      const claimed = rowsOf<{ studio_id: string; id: string; type: string }>(
        await tx.execute(sql`
          with claimed as (
            select studio_id, id from ${events}
            where dispatched_at is null
            order by occurred_at
            limit ${batchSize}
            for update skip locked
          )
          update ${events} e set dispatched_at = ${clock.now()}
          from claimed c
          where e.studio_id = c.studio_id and e.id = c.id
          returning e.studio_id, e.id, e.type`),
      );
      const items: EnqueueItem[] = [];
      for (const event of claimed) {
        for (const subscriber of byType.get(event.type) ?? []) {
          items.push({
            payload: { studioId: event.studio_id, eventId: event.id, subscriber: subscriber.name },
            dedupeKey: `${event.id}:${subscriber.name}`,
          });
        }
      }
      if (items.length > 0) await jobs.enqueueMany(tx, deliverEventJobName, items);
      return claimed.length;
    });
  }

  // One pass at a time in this process: the poller and dispatchNow() queue behind each other.
  let pass: Promise<number> = Promise.resolve(0);
  function dispatchAll(): Promise<number> {
    pass = pass
      .catch(() => 0)
      .then(async () => {
        let total = 0;
        for (;;) {
          const n = await dispatchBatch();
          total += n;
          if (n < batchSize) return total;
        }
      });
    return pass;
  }

  let running = false;
  let timer: NodeJS.Timeout | null = null;
  function schedule(): void {
    if (!running) return;
    timer = setTimeout(() => {
      timer = null;
      dispatchAll()
        .catch((err: unknown) => logger.error({ err }, 'event dispatch failed; retrying at the next poll'))
        .finally(schedule);
    }, pollIntervalMs);
  }

  return {
    start() {
      if (running) return;
      running = true;
      schedule();
    },
    async stop() {
      running = false;
      if (timer) clearTimeout(timer);
      timer = null;
      await pass.catch(() => undefined);
    },
    dispatchNow: dispatchAll,
  };
}
