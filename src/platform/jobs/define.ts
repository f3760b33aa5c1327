import { z } from 'zod';
import type { Clock } from '../../kernel/clock.ts';
import { DomainError } from '../../kernel/errors.ts';
import type { Database } from '../db/client.ts';
import type { Jobs } from './jobs.ts';

/** What a handler reports: it did the work, or the work no longer applied (entity gone, already done). */
export type JobResult = 'done' | 'skipped';

/** pino-compatible: `logger.info({ jobId }, 'message')`. Fastify's logger fits as is. */
export interface Logger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };

export interface JobCtx {
  jobId: string;
  name: string;
  /** 1 on the first run, 2 on the first retry, … */
  attempt: number;
  /** A transient failure now is final: the handler may record the failure on its own row before throwing. */
  isLastAttempt: boolean;
  clock: Clock;
  logger: Logger;
  /** Aborted when the job times out or the worker stops. */
  signal: AbortSignal;
  /** Handlers open their own transactions (`withStudio(ctx.database, …)`): a job never runs inside one. */
  database: Database;
  /** To enqueue follow-up jobs inside the handler's own transaction. */
  jobs: Jobs;
}

export interface RetryPolicy {
  /** Retries after the first attempt; 0 runs the job once. */
  limit: number;
  /**
   * Wait before a retry. Exponential (the default): about `initialSeconds · 2^(retry-1)`, with
   * up to 100 % jitter, capped at `maxSeconds`. Seconds are whole and at least 1 (pg-boss's unit).
   */
  backoff?: { initialSeconds: number; maxSeconds?: number; exponential?: boolean };
}

export const defaultRetry = {
  limit: 5,
  backoff: { initialSeconds: 5, maxSeconds: 900, exponential: true },
} as const satisfies RetryPolicy;

export interface JobDefinition<S extends z.ZodType = z.ZodType> {
  /** Imperative and namespaced by module: `messaging.send-reminder`. Also the pg-boss queue name. */
  name: string;
  /** IDs and intent, not snapshots: the handler reloads the state it needs. */
  payload: S;
  handler: (payload: z.output<S>, ctx: JobCtx) => Promise<JobResult>;
  retry?: RetryPolicy;
  /** A natural key that makes a second enqueue of the same work a no-op (overridden by `enqueue`'s `dedupeKey`). */
  dedupeKey?: (payload: z.output<S>) => string;
  /** How long one attempt may run before it counts as failed (default 15 min). */
  timeoutSeconds?: number;
  /** Jobs of this kind one process runs at the same time (default 4; fetched and run as one batch). */
  concurrency?: number;
}

// Any definition, whatever its payload schema: what registries and lists hold.
export type AnyJobDefinition = JobDefinition<any>;

const jobNamePattern = /^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+$/;

export function defineJob<S extends z.ZodType>(definition: JobDefinition<S>): JobDefinition<S> {
  if (!jobNamePattern.test(definition.name)) {
    throw new Error(`Job name "${definition.name}" must look like "module.verb-noun" (lower case, dot-separated)`);
  }
  const retry = definition.retry;
  if (retry && (!Number.isInteger(retry.limit) || retry.limit < 0)) {
    throw new Error(`Job ${definition.name}: retry.limit must be a whole number ≥ 0`);
  }
  return definition;
}

/**
 * Thrown by a handler when retrying cannot help (a rejected address, a row that breaks a rule):
 * the job fails at once and keeps the message as its output.
 */
export class PermanentJobError extends Error {
  override readonly name: string = 'PermanentJobError';
}

/**
 * Transient errors (network, 5xx, serialization failures, deadlocks, anything unknown) are retried;
 * a PermanentJobError, an invalid payload or a business-rule refusal (DomainError other than
 * `unavailable`/`rate_limited`) is not: the next attempt would be refused the same way.
 */
export function isPermanentError(err: unknown): boolean {
  if (err instanceof PermanentJobError) return true;
  if (err instanceof DomainError) return err.kind !== 'unavailable' && err.kind !== 'rate_limited';
  return err instanceof z.ZodError;
}
