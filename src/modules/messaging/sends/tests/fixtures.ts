import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Database } from '../../../../platform/db/client.ts';

/**
 * `count` customers in one statement (ids `cus_<tag>…` in order, `first<i>`/`last<i>`, email
 * `<tag>-<i>@example.test`): a group send's audience without 1,000 API calls.
 */
export async function insertCustomers(database: Database, studioId: string, count: number, tag: string): Promise<string[]> {
  const prefix = `cus_${tag}`;
  await database.system.execute(sql`
    insert into customers (studio_id, id, first_name, last_name, email, search_first, search_last, search_email)
    select ${studioId}, ${prefix} || lpad(i::text, ${26 - tag.length}, '0'), 'First' || i, 'Last' || i,
           ${tag} || '-' || i || '@example.test', 'first' || i, 'last' || i, ${tag} || '-' || i || '@example.test'
    from generate_series(1, ${count}) as i`);
  return Array.from({ length: count }, (_, k) => `${prefix}${String(k + 1).padStart(26 - tag.length, '0')}`);
}

export const idempotencyKey = () => randomUUID();
