import type pg from 'pg';

type QueryFn = (...args: unknown[]) => unknown;

/** The statement `withStudio` (tx.ts) opens every tenant transaction with, after `begin`. */
const studioSetting = "select set_config('enso.studio_id', $1, true)";
/** What a studio id looks like (`std_` and a ULID): safe to write into the statement text. */
const studioIdPattern = /^std_[0-9A-Z]{26}$/;

const emptyResult = (command: string) => ({ command, rowCount: null, oid: 0, rows: [], fields: [] });

/**
 * Makes a pooled connection send a tenant transaction's `begin` together with the studio
 * setting that follows it, as one message (`begin; select set_config('enso.studio_id', 'std_…',
 * true)`): one round trip to PostgreSQL fewer for every request that writes or reads under
 * row-level security. `begin` is answered at once and held; the next statement on the connection
 * goes with it when it is the studio setting of a well-formed studio id, else right after it (in
 * order, as before). Nothing else changes: a transaction still starts before its first statement.
 */
export function joinBeginWithStudio(client: pg.PoolClient): void {
  const query = client.query.bind(client) as QueryFn;
  let held = false;
  (client as unknown as { query: QueryFn }).query = (...args: unknown[]) => {
    const [first, values] = args;
    const text = typeof first === 'string' ? first : (first as { text?: unknown } | null)?.text;
    if (text === 'begin' && !held && (values === undefined || (Array.isArray(values) && values.length === 0)) && typeof args[args.length - 1] !== 'function') {
      held = true;
      return Promise.resolve(emptyResult('BEGIN'));
    }
    if (!held) return query(...args);
    held = false;
    const params = Array.isArray(values) ? values : ((first as { values?: unknown[] } | null)?.values ?? []);
    if (text === studioSetting && params.length === 1 && typeof params[0] === 'string' && studioIdPattern.test(params[0]) && typeof args[args.length - 1] !== 'function') {
      const types = typeof first === 'object' ? (first as { types?: unknown }).types : undefined;
      return (query({ text: `begin; select set_config('enso.studio_id', '${params[0]}', true)`, types }) as Promise<pg.QueryResult[]>).then((results) => results[1]);
    }
    return (query('begin') as Promise<unknown>).then(() => query(...args));
  };
}
