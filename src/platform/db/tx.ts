import { sql } from 'drizzle-orm';
import type { StudioId } from '../../kernel/ids.ts';
import { appRole, type Database, type Tx } from './client.ts';

/**
 * Runs `fn` in one transaction scoped to a studio: the studio id is set for the transaction
 * (`set_config(…, true)`), and the transaction runs as `enso_app`, so row-level security
 * hides every other studio's rows even if a query forgets its `studio_id` filter.
 */
export async function withStudio<T>(database: Database, studioId: StudioId, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return database.app.transaction(async (tx) => {
    if (database.kind === 'pglite') await tx.execute(sql.raw(`set local role ${appRole}`));
    await tx.execute(sql`select set_config('enso.studio_id', ${studioId}, true)`);
    return fn(tx);
  });
}

/** Runs `fn` in one transaction as the owner: cross-studio machinery only (jobs, events, look-ups by token). */
export async function withSystem<T>(database: Database, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return database.system.transaction(fn);
}

/**
 * Plans the rest of the transaction's statements for their values, every time: for searches and
 * filters whose best plan depends on them (a name prefix, a segment's criteria). Statements are
 * prepared once per connection (ADR 0005), and after five runs PostgreSQL may keep a generic plan
 * made without the values — for `search_last ^@ $2` one that reads every customer (ADR 0009).
 */
export async function planForValues(tx: Tx): Promise<void> {
  await tx.execute(sql`set local plan_cache_mode = force_custom_plan`);
}

/** Raw rows of a `tx.execute(sql…)`, the same shape on PGlite and node-postgres. */
export function rowsOf<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}

/** Joins the caller's transaction when there is one, or opens a studio transaction. */
export async function inStudioTx<T>(
  database: Database,
  studioId: StudioId,
  tx: Tx | undefined,
  fn: (tx: Tx) => Promise<T>,
): Promise<T> {
  return tx ? fn(tx) : withStudio(database, studioId, fn);
}

/** PostgreSQL's SQLSTATE of a failed query, whichever driver (and Drizzle wrapper) raised it. */
export function sqlStateOf(err: unknown): string | undefined {
  for (let e = err as { code?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 4; depth++) {
    if (typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code)) return e.code;
    e = e.cause as typeof e;
  }
  return undefined;
}

export const isUniqueViolation = (err: unknown) => sqlStateOf(err) === '23505';
