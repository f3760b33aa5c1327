import { sql } from 'drizzle-orm';
import {
  PgBoss,
  fromDrizzle,
  fromPglite,
  type ConstructorOptions,
  type Db as IDatabase,
  type DrizzleTransactionLike,
  type JobInsert,
  type JobResult as BossJobResult,
  type JobWithMetadata,
  type SendOptions,
} from 'pg-boss';
import type { z } from 'zod';
import { systemClock, type Clock } from '../../kernel/clock.ts';
import { appRole, type Database, type Executor } from '../db/client.ts';
import { rowsOf } from '../db/tx.ts';
import { dedupeJobId } from './dedupe.ts';
import {
  defaultRetry,
  isPermanentError,
  silentLogger,
  type AnyJobDefinition,
  type JobCtx,
  type JobDefinition,
  type Logger,
} from './define.ts';

export interface EnqueueOptions {
  /** A second enqueue with the same key (same job name) is a no-op while the first job is kept (≥ 7 days). */
  dedupeKey?: string;
  /** Run no sooner than this many seconds after the enqueue commits (fractions allowed), by the database clock. */
  delaySeconds?: number;
  /** Run no sooner than this instant. Wins over `delaySeconds`. */
  startAfter?: Date;
}

export interface EnqueueItem<P = unknown> extends EnqueueOptions {
  payload: P;
}

export interface StartOptions {
  /**
   * Run handlers in this process (`enso worker`, and `enso serve` with ENSO_WORKER=inline).
   * With `false` the process only enqueues: no polling, no maintenance.
   */
  workers?: boolean;
}

export interface JobState {
  id: string;
  name: string;
  state: 'created' | 'retry' | 'active' | 'completed' | 'cancelled' | 'failed';
  retryCount: number;
  startAfter: Date;
  output: unknown;
}

export interface Jobs {
  /** Adds a job kind to this process's registry. Every job the process enqueues or runs must be registered, before `start()`. */
  register(definition: AnyJobDefinition): void;
  /** Installs or upgrades pg-boss's own schema if needed, creates the queues, and starts the workers unless `workers: false`. */
  start(options?: StartOptions): Promise<void>;
  /** Lets running handlers finish (up to `timeoutMs`), then stops polling. Call before closing the database. */
  stop(options?: { timeoutMs?: number }): Promise<void>;
  /**
   * Enqueues inside the caller's transaction: the job exists if and only if `tx` commits.
   * The payload is checked against the job's schema. Resolves to the job id, or null when
   * `dedupeKey` matched an existing job.
   */
  enqueue<S extends z.ZodType>(tx: Executor, job: JobDefinition<S>, payload: z.input<S>, options?: EnqueueOptions): Promise<string | null>;
  enqueue(tx: Executor, name: string, payload: unknown, options?: EnqueueOptions): Promise<string | null>;
  /** Many jobs of one kind in one statement; resolves to how many were new (duplicates of a dedupe key are skipped). */
  enqueueMany(tx: Executor, name: string, items: EnqueueItem[]): Promise<number>;
  /**
   * Runs the jobs that are due now in this process, until none is left, and resolves to how
   * many ran: for tests and CLI commands in a process started with `workers: false`. A failure
   * is recorded as a failed attempt (retried later, by a worker), even a permanent one.
   */
  runDueJobs(options?: { names?: string[] }): Promise<number>;
  /** Jobs of a kind by id or dedupe key, oldest first: for tests and operator tools. */
  findJobs(name: string, filter: { id?: string; dedupeKey?: string }): Promise<JobState[]>;
  readonly isStarted: boolean;
}

export interface JobsOptions {
  clock?: Clock;
  logger?: Logger;
  /** How often a worker process looks for due jobs, in seconds. It bounds how late a job starts. */
  pollingIntervalSeconds?: number;
  /** PostgreSQL only: connections pg-boss's own pool may open (its queries are short). */
  poolSize?: number;
}

/** pg-boss statements run on the caller's Drizzle transaction (or handle), so they commit or roll back with it. */
function bossDb(tx: Executor): IDatabase {
  return fromDrizzle(tx as unknown as DrizzleTransactionLike, sql);
}

/** How often each worker polls on its own, should the doorbell below miss a job. */
const backstopSeconds = 15;

/** Jobs of one kind a process runs at the same time, unless the definition says otherwise. */
const defaultConcurrency = 4;

/** Serialises the grant below when several processes start at once (concurrent GRANTs can fail). */
const grantLockKey = 7_202_612;

export function createJobs(database: Database, options: JobsOptions = {}): Jobs {
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? silentLogger;
  const pollingIntervalSeconds = options.pollingIntervalSeconds ?? 0.5;
  const registry = new Map<string, AnyJobDefinition>();
  let boss: PgBoss | null = null;
  let ready = false;
  // The doorbell: one query per polling interval finds the job kinds with due work and wakes
  // their workers, which otherwise only poll every `backstopSeconds`. One pg-boss worker per
  // kind polling every 0.5 s cost 10–16 % of a core on idle PGlite with 10–30 kinds.
  const workerIds = new Map<string, string>();
  let doorbell: NodeJS.Timeout | null = null;
  let ringing: Promise<void> = Promise.resolve();

  function definitionOf(nameOrDefinition: string | AnyJobDefinition): AnyJobDefinition {
    const name = typeof nameOrDefinition === 'string' ? nameOrDefinition : nameOrDefinition.name;
    const definition = registry.get(name);
    if (!definition) throw new Error(`Job ${name} is not registered: call jobs.register() with its definition at boot`);
    return definition;
  }

  function startedBoss(): PgBoss {
    // pg-boss looks a queue up on its own connection when it is not cached yet; on PGlite that
    // connection waits for the caller's open transaction forever, so enqueue only after start().
    if (!boss || !ready) throw new Error('jobs.start() must complete before jobs are enqueued');
    return boss;
  }

  function retryOptions(definition: AnyJobDefinition) {
    const retry = definition.retry ?? defaultRetry;
    const backoff = retry.backoff ?? defaultRetry.backoff;
    const exponential = backoff.exponential ?? true;
    return {
      retryLimit: retry.limit,
      retryDelay: Math.max(1, Math.round(backoff.initialSeconds)),
      retryBackoff: exponential,
      ...(exponential && backoff.maxSeconds !== undefined ? { retryDelayMax: Math.round(backoff.maxSeconds) } : {}),
      ...(definition.timeoutSeconds ? { expireInSeconds: definition.timeoutSeconds } : {}),
    };
  }

  function jobOptions(definition: AnyJobDefinition, payload: unknown, item: EnqueueOptions): JobInsert & SendOptions {
    const dedupeKey = item.dedupeKey ?? definition.dedupeKey?.(payload);
    const startAfter = item.startAfter
      ? item.startAfter.toISOString()
      : item.delaySeconds && item.delaySeconds > 0
        ? String(item.delaySeconds)
        : undefined;
    return {
      ...retryOptions(definition),
      ...(dedupeKey ? { id: dedupeJobId(definition.name, dedupeKey), singletonKey: dedupeKey } : {}),
      ...(startAfter ? { startAfter } : {}),
    };
  }

  async function runJob(definition: AnyJobDefinition, job: JobWithMetadata<unknown>): Promise<BossJobResult> {
    const log = { job: definition.name, jobId: job.id, attempt: job.retryCount + 1 };
    const parsed = definition.payload.safeParse(job.data);
    if (!parsed.success) {
      logger.error({ ...log, issues: parsed.error.issues }, 'job payload does not match its schema: failed without retry');
      return { id: job.id, status: 'deadletter', output: { error: 'invalid payload', issues: parsed.error.issues } };
    }
    const ctx: JobCtx = {
      jobId: job.id,
      name: definition.name,
      attempt: job.retryCount + 1,
      isLastAttempt: job.retryCount >= job.retryLimit,
      clock,
      logger,
      // Jobs fetched by runDueJobs() carry no signal of their own.
      signal: job.signal ?? new AbortController().signal,
      database,
      jobs: facade,
    };
    try {
      const result = await definition.handler(parsed.data, ctx);
      logger.debug({ ...log, result }, 'job finished');
      return { id: job.id, status: 'completed', output: { result } };
    } catch (err) {
      const permanent = isPermanentError(err);
      const error = err instanceof Error ? { name: err.name, message: err.message } : { message: String(err) };
      const final = permanent || ctx.isLastAttempt;
      logger[final ? 'error' : 'warn']({ ...log, err, permanent }, final ? 'job failed' : 'job failed, will retry');
      // `deadletter` with no dead-letter queue fails the job for good, skipping the retries left.
      return { id: job.id, status: permanent ? 'deadletter' : 'failed', output: { error } };
    }
  }

  async function ringDoorbell(started: PgBoss): Promise<void> {
    const names = [...workerIds.keys()];
    if (names.length === 0) return;
    // Reads pg-boss's partial index of pending jobs (job_i11); deferred jobs are skipped by start_after.
    const due = rowsOf<{ name: string }>(
      await database.system.execute(sql`
        select distinct name from pgboss.job
        where name in (${sql.join(
          names.map((n) => sql`${n}`),
          sql`, `,
        )}) and state < 'active' and not blocked and start_after <= now()`),
    );
    for (const { name } of due) {
      const workerId = workerIds.get(name);
      if (workerId) started.notifyWorker(workerId);
    }
  }

  function scheduleDoorbell(started: PgBoss): void {
    doorbell = setTimeout(() => {
      ringing = ringDoorbell(started)
        .catch((err: unknown) => logger.warn({ err }, 'looking for due jobs failed; trying again'))
        .finally(() => {
          if (doorbell) scheduleDoorbell(started);
        });
    }, pollingIntervalSeconds * 1000);
  }

  async function grantEnqueueToAppRole(): Promise<void> {
    // Tenant transactions run as enso_app and enqueue inside themselves, so that role may add
    // jobs and nothing more: insert into the job tables (pg-boss writes to a queue's own table,
    // `job_common` for ours), read back the new id, and read the queue row the insert joins.
    // pg-boss itself always runs as the owner. Checked before granting: a GRANT rewrites the
    // catalog row, and two processes starting at once would otherwise trip over each other.
    await database.system.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(${grantLockKey})`);
      await tx.execute(
        sql.raw(`do $$ declare t text; begin
          if not exists (select from pg_roles where rolname = '${appRole}') then return; end if;
          if not has_schema_privilege('${appRole}', 'pgboss', 'USAGE') then
            grant usage on schema pgboss to ${appRole};
            grant select on pgboss.queue to ${appRole};
          end if;
          for t in select 'job' union select distinct table_name from pgboss.queue loop
            if not has_table_privilege('${appRole}', format('pgboss.%I', t), 'INSERT') then
              execute format('grant insert, select (id) on pgboss.%I to ${appRole}', t);
            end if;
          end loop;
        end $$`),
      );
    });
  }

  async function ensureQueues(started: PgBoss): Promise<void> {
    const names = [...registry.keys()];
    if (names.length === 0) return;
    const existing = new Set((await started.getQueues(names)).map((q) => q.name));
    for (const definition of registry.values()) {
      if (existing.has(definition.name)) continue;
      // Queue-level defaults only matter for jobs sent around this facade: ours carry their own options.
      await started.createQueue(definition.name, retryOptions(definition));
    }
  }

  function bossOptions(workers: boolean): ConstructorOptions {
    const common: ConstructorOptions = {
      schema: 'pgboss',
      // Maintenance (expiring stuck jobs, deleting old ones) and the instance registry belong to
      // processes that work jobs; a process that only enqueues starts in a few milliseconds.
      supervise: workers,
      registerInstance: workers,
      instanceName: 'enso-worker',
      // Recurring work is enqueued by our own scheduler with `name@slot` dedupe keys (STYLE §10).
      schedule: false,
    };
    if ('pglite' in database.connection) {
      // No index rebuilds on the embedded database: its tables stay small, and REINDEX CONCURRENTLY
      // is a multi-transaction command that has no business sharing PGlite's single session.
      return { ...common, db: fromPglite(database.connection.pglite), backend: 'pglite', reindex: false };
    }
    return {
      ...common,
      connectionString: database.connection.url,
      max: options.poolSize ?? 4,
      application_name: 'enso-jobs',
    };
  }

  const facade: Jobs = {
    register(definition) {
      if (boss) throw new Error(`Job ${definition.name} registered after jobs.start(): register every job at boot`);
      const existing = registry.get(definition.name);
      if (existing && existing !== definition) throw new Error(`Job ${definition.name} is registered twice`);
      registry.set(definition.name, definition);
    },

    async start(startOptions = {}) {
      if (boss) throw new Error('jobs.start() was already called');
      const workers = startOptions.workers ?? true;
      const instance = new PgBoss(bossOptions(workers));
      boss = instance;
      instance.on('error', (err) => logger.error({ err }, 'pg-boss error'));
      instance.on('warning', (warning) => logger.warn({ warning: warning.data }, `pg-boss: ${warning.message}`));
      try {
        await instance.start();
        await ensureQueues(instance);
        await grantEnqueueToAppRole();
        if (workers) {
          for (const definition of registry.values()) {
            const workerId = await instance.work(
              definition.name,
              {
                // A worker that fetched a full batch fetches again at once; otherwise it waits for
                // the doorbell. pg-boss never counts a batch of one as full, so a batch is at least
                // two jobs, and they run side by side.
                batchSize: Math.max(2, definition.concurrency ?? defaultConcurrency),
                burstWhenBatchFull: true,
                includeMetadata: true,
                perJobResults: true,
                pollingIntervalSeconds: backstopSeconds,
              } as const,
              async (batch: JobWithMetadata<unknown>[]) => Promise.all(batch.map((job) => runJob(definition, job))),
            );
            workerIds.set(definition.name, workerId);
          }
          scheduleDoorbell(instance);
        }
        ready = true;
      } catch (err) {
        boss = null;
        await instance.stop({ graceful: false }).catch(() => undefined);
        throw err;
      }
    },

    async stop(stopOptions = {}) {
      const instance = boss;
      if (!instance) return;
      ready = false;
      if (doorbell) clearTimeout(doorbell);
      doorbell = null;
      await ringing;
      workerIds.clear();
      // `close` ends only a pool pg-boss opened itself; the PGlite instance belongs to the app.
      await instance.stop({ graceful: true, close: true, timeout: Math.max(1000, stopOptions.timeoutMs ?? 10_000) });
      boss = null;
    },

    async enqueue(tx: Executor, nameOrDefinition: string | AnyJobDefinition, payload: unknown, enqueueOptions: EnqueueOptions = {}) {
      const definition = definitionOf(nameOrDefinition);
      const started = startedBoss();
      const data = definition.payload.parse(payload) as object;
      return started.send(definition.name, data, { ...jobOptions(definition, data, enqueueOptions), db: bossDb(tx) });
    },

    async enqueueMany(tx, name, items) {
      const definition = definitionOf(name);
      const started = startedBoss();
      const seen = new Set<string>();
      const rows: JobInsert[] = [];
      for (const item of items) {
        const data = definition.payload.parse(item.payload) as object;
        const row = { ...jobOptions(definition, data, item), data };
        // pg-boss refuses a batch that repeats an id; a repeated dedupe key is simply one job.
        if (row.id) {
          if (seen.has(row.id)) continue;
          seen.add(row.id);
        }
        rows.push(row);
      }
      if (rows.length === 0) return 0;
      const ids = await started.insert(definition.name, rows, { db: bossDb(tx), returnId: true });
      return ids?.length ?? 0;
    },

    async runDueJobs(runOptions = {}) {
      const started = startedBoss();
      const names = runOptions.names ?? [...registry.keys()];
      let ran = 0;
      for (let more = true; more; ) {
        more = false;
        for (const name of names) {
          const definition = definitionOf(name);
          const batch = await started.fetch<unknown>(definition.name, { batchSize: 20, includeMetadata: true });
          for (const job of batch) {
            const result = await runJob(definition, job);
            const attempt = { id: job.id, retryCount: job.retryCount };
            if (result.status === 'completed') await started.complete(definition.name, attempt, result.output ?? null);
            else await started.fail(definition.name, attempt, result.output ?? null);
            ran++;
          }
          // A handler may have enqueued more work, for this kind or another: go round again.
          if (batch.length > 0) more = true;
        }
      }
      return ran;
    },

    async findJobs(name, filter) {
      const found = await startedBoss().findJobs<unknown>(definitionOf(name).name, {
        ...(filter.id ? { id: filter.id } : {}),
        ...(filter.dedupeKey ? { key: filter.dedupeKey } : {}),
      });
      return found.map((j) => ({
        id: j.id,
        name: j.name,
        state: j.state,
        retryCount: j.retryCount,
        startAfter: j.startAfter,
        output: j.output,
      }));
    },

    get isStarted() {
      return ready;
    },
  };
  return facade;
}

/**
 * Installs (or upgrades) pg-boss's schema and the enqueue grant without starting anything:
 * for `enso migrate` and for test templates, so a later `start()` only checks the version.
 */
export async function installJobsSchema(database: Database): Promise<void> {
  const jobs = createJobs(database);
  await jobs.start({ workers: false });
  await jobs.stop();
}
