import { createHash } from 'node:crypto';
import type pg from 'pg';

/**
 * How many statements one connection keeps prepared. Past it, new statement texts run unnamed
 * (planned each time, as before), so a query whose text varies without end (an `in (…)` list of
 * any length) cannot grow a server's memory without bound.
 */
export const preparedPerConnection = 500;

type QueryConfig = { text: string; name?: string } & Record<string, unknown>;

/**
 * Makes a pooled connection prepare each parameterised statement once and reuse it: the
 * statement is named by a hash of its text, so PostgreSQL parses and plans it on that connection
 * the first time and afterwards only binds the values (a generic plan, once PostgreSQL finds it no
 * worse than the custom ones). Planning was most of the time of Enso's short queries — a booking's
 * class read with its four joins and row-level security plans in ~1 ms and runs in 0.05 ms.
 *
 * Only statements with parameters are named: the extended protocol takes one statement per
 * query, and texts without values are the multi-statement scripts and `begin`/`commit`.
 */
export function preparePlans(client: pg.PoolClient, limit = preparedPerConnection): void {
  const named = new Set<string>();
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
    const [first, values] = args;
    if (first && typeof first === 'object' && !(first as QueryConfig).name && typeof (first as QueryConfig).text === 'string') {
      const config = first as QueryConfig;
      const params = Array.isArray(values) ? values : (config as { values?: unknown[] }).values;
      if (Array.isArray(params) && params.length > 0) {
        const name = `enso_${createHash('sha1').update(config.text).digest('base64url')}`;
        if (named.has(name) || named.size < limit) {
          named.add(name);
          args[0] = { ...config, name };
        }
      }
    } else if (typeof first === 'string' && Array.isArray(values) && values.length > 0) {
      const name = `enso_${createHash('sha1').update(first).digest('base64url')}`;
      if (named.has(name) || named.size < limit) {
        named.add(name);
        args[0] = { text: first, name };
      }
    }
    return query(...args);
  };
}
