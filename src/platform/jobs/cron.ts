import { systemClock, type Clock } from '../../kernel/clock.ts';
import type { Database } from '../db/client.ts';
import { withSystem } from '../db/tx.ts';
import { silentLogger, type Logger } from './define.ts';
import type { Jobs } from './jobs.ts';

/**
 * A recurring trigger: every `everyMinutes` (slots aligned on the UTC epoch), or once a day at
 * `dailyAtUtc` ('HH:MM'). Each slot enqueues `job` once, with the dedupe key `${name}@${slotISO}`,
 * so any number of worker processes ticking the same slot make one job between them.
 */
export interface CronEntry {
  name: string;
  everyMinutes?: number;
  dailyAtUtc?: string;
  /** A registered job's name. */
  job: string;
  /** The job's payload for a slot (IDs and intent, e.g. the slot's date). */
  payload: (slot: Date) => unknown;
}

export interface CronOptions {
  clock?: Clock;
  logger?: Logger;
  /** How often the ticker looks at the clock; a slot is enqueued at most this late. */
  tickSeconds?: number;
}

export interface Cron {
  /** Enqueues the current slot of every entry (a no-op for slots already enqueued); resolves to how many were new. */
  tick(): Promise<number>;
  /** Stops the ticker and waits for a tick in flight. */
  stop(): Promise<void>;
}

const minuteMs = 60_000;
const dayMs = 24 * 60 * minuteMs;
const dailyPattern = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** Refuses an entry that names no schedule, or two, at boot rather than at the first tick. */
export function checkCronEntry(entry: CronEntry): void {
  const every = entry.everyMinutes;
  if ((every === undefined) === (entry.dailyAtUtc === undefined)) throw new Error(`Cron ${entry.name}: give everyMinutes or dailyAtUtc, not both or neither`);
  if (every !== undefined && (!Number.isInteger(every) || every < 1 || every > 1440)) throw new Error(`Cron ${entry.name}: everyMinutes is a whole number from 1 to 1440`);
  if (entry.dailyAtUtc !== undefined && !dailyPattern.test(entry.dailyAtUtc)) throw new Error(`Cron ${entry.name}: dailyAtUtc is HH:MM`);
}

/**
 * The latest slot of an entry at or before `now`. A process that starts after today's daily
 * time catches up at once: it enqueues today's slot (yesterday's, before the time).
 * Examples: every 15 min at 10:07Z → 10:00Z; daily at 02:00 at 01:30Z on the 5th → 02:00Z on the 4th.
 */
export function currentSlot(entry: Pick<CronEntry, 'everyMinutes' | 'dailyAtUtc'>, now: Date): Date {
  const t = now.getTime();
  if (entry.everyMinutes !== undefined) {
    const step = entry.everyMinutes * minuteMs;
    return new Date(Math.floor(t / step) * step);
  }
  const [, hh, mm] = dailyPattern.exec(entry.dailyAtUtc ?? '') ?? [];
  const offset = (Number(hh) * 60 + Number(mm)) * minuteMs;
  return new Date(Math.floor((t - offset) / dayMs) * dayMs + offset);
}

export const cronDedupeKey = (name: string, slot: Date) => `${name}@${slot.toISOString()}`;

/**
 * Starts the ticker of a worker process: one tick now, then every `tickSeconds`. The timer is
 * unref'd (it never keeps a process alive); call `stop()` before `jobs.stop()`.
 */
export function startCron(database: Database, jobs: Jobs, entries: readonly CronEntry[], options: CronOptions = {}): Cron {
  entries.forEach(checkCronEntry);
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? silentLogger;
  let inFlight: Promise<unknown> = Promise.resolve();
  let stopped = false;

  async function tick(): Promise<number> {
    const now = clock.now();
    let created = 0;
    for (const entry of entries) {
      const slot = currentSlot(entry, now);
      const id = await withSystem(database, (tx) => jobs.enqueue(tx, entry.job, entry.payload(slot), { dedupeKey: cronDedupeKey(entry.name, slot) }));
      if (id !== null) {
        created++;
        logger.info({ cron: entry.name, slot: slot.toISOString() }, 'cron slot enqueued');
      }
    }
    return created;
  }

  const run = () => {
    if (stopped) return;
    inFlight = tick().catch((err: unknown) => logger.warn({ err }, 'cron tick failed; trying again at the next tick'));
  };
  const timer = setInterval(run, (options.tickSeconds ?? 60) * 1000);
  timer.unref();
  run();

  return {
    tick,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await inFlight;
    },
  };
}
