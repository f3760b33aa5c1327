import { sql, type SQL } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../../kernel/clock.ts';
import type { Ctx } from '../../../../kernel/ctx.ts';
import type { StudioId } from '../../../../kernel/ids.ts';
import type { Tx } from '../../../../platform/db/client.ts';
import { rowsOf, withStudio } from '../../../../platform/db/tx.ts';
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from '../../../../platform/testing/database.ts';
import { pageThreads, type Keyset, type ThreadFilter } from '../repo.ts';

const studioId = 'std_01JLSTORDERAAAAAAAAAAAAAAA' as StudioId;

type PlanNode = { 'Node Type': string; 'Index Name'?: string; Plans?: PlanNode[] };
const nodesOf = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(nodesOf)];

/**
 * The inbox and message lists page through their indexes in the order they are read: a page of
 * 30 threads reads 30 index entries, at 100 customers or 100,000. An index whose null ordering
 * differs from the query's ORDER BY (a `desc()` index is NULLS LAST, `order by … desc` NULLS
 * FIRST) cannot give that order, and every page sorts the studio's whole table instead.
 *
 * Each query is planned with sorts and sequential scans priced out, so the plan sorts only when
 * no index gives its order.
 */
describe.each(testDatabaseKinds())('message lists read their index in order (%s)', (kind) => {
  let db: TestDatabase;
  const ctx: Ctx = { studioId, actor: { kind: 'system' }, clock: fixedClock('2027-03-01T09:00:00Z'), requestId: 'list-order' };

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    await db.database.system.execute(sql`
      insert into studios (id, name, slug, currency, time_zone, default_locale) values (${studioId}, 'Order', 'list-order', 'EUR', 'Europe/Paris', 'en')`);
  });
  afterAll(() => db?.dispose());

  /** The plan of every statement `run` sends, not running them. */
  async function plansOf(run: (tx: Tx) => Promise<unknown>): Promise<PlanNode[][]> {
    return withStudio(db.database, studioId, async (tx) => {
      await tx.execute(sql`set local enable_sort = off`);
      await tx.execute(sql`set local enable_seqscan = off`);
      const plans: PlanNode[][] = [];
      const explaining = {
        execute: async (query: SQL) => {
          const [row] = rowsOf<{ 'QUERY PLAN': [{ Plan: PlanNode }] | string }>(await tx.execute(sql`explain (format json) ${query}`));
          const plan = row!['QUERY PLAN'];
          plans.push(nodesOf((typeof plan === 'string' ? JSON.parse(plan) : plan)[0].Plan));
          return { rows: [] };
        },
      } as unknown as Tx;
      await run(explaining);
      return plans;
    });
  }

  const base: ThreadFilter = { unread: false, unreplied: false, category: undefined, inSegment: undefined, locationId: undefined, sort: 'newest' };
  const cursor: Keyset = { at: '2027-02-01T10:00:00.000000Z', id: 'cus_01JLSTORDER0000000000000000' };

  it.each([
    ['newest first', base, null],
    ['oldest first', { ...base, sort: 'oldest' as const }, null],
    ['newest first, second page', base, cursor],
    ['oldest first, second page', { ...base, sort: 'oldest' as const }, cursor],
    ['one location', { ...base, locationId: 'loc_01JLSTORDER000000000000000' }, null],
    ['manual messages', { ...base, category: 'manual' as const }, null],
  ])('the thread list, %s, walks messaging_threads_last_idx without sorting', async (_name, filter, after) => {
    const [plan] = await plansOf((tx) => pageThreads(tx, ctx, filter, after, 30));

    expect(plan!.map((n) => n['Node Type'])).not.toContain('Sort');
    expect(plan!.map((n) => n['Index Name'])).toContain('messaging_threads_last_idx');
  });

  it.each([
    ['sent messages, newest first', 'outbound_messages_created_idx', sql`select id from outbound_messages where studio_id = ${studioId} order by created_at desc, id desc limit 50`],
    ['a customer’s messages, newest first', 'outbound_messages_customer_idx', sql`select id from outbound_messages where studio_id = ${studioId} and customer_id = 'cus_x' order by created_at desc limit 50`],
    ['a customer’s inbound messages, newest first', 'messaging_inbound_customer_idx', sql`select id from messaging_inbound_messages where studio_id = ${studioId} and customer_id = 'cus_x' order by received_at desc limit 50`],
    ['group sends, newest first', 'messaging_group_sends_created_idx', sql`select id from messaging_group_sends where studio_id = ${studioId} order by created_at desc limit 50`],
  ])('%s: the natural ORDER BY … desc reads %s in order', async (_name, index, query) => {
    const [plan] = await plansOf((tx) => tx.execute(query));

    expect(plan!.map((n) => n['Node Type'])).not.toContain('Sort');
    expect(plan!.map((n) => n['Index Name'])).toContain(index);
  });
});
