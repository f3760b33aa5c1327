import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoCustomers } from '../../../demo/data.ts';
import { fixedClock } from '../../../kernel/clock.ts';
import type { Ctx } from '../../../kernel/ctx.ts';
import type { StudioId } from '../../../kernel/ids.ts';
import { rowsOf, withStudio } from '../../../platform/db/tx.ts';
import { testDatabaseKinds } from '../../../platform/testing/database.ts';
import { createTestEnso, makeStudio, type TestEnso } from '../../../platform/testing/enso.ts';

type PreparedRow = { statement: string; genericPlans: number; customPlans: number };

/**
 * Statements are prepared once per PostgreSQL connection (ADR 0005), and after five runs
 * PostgreSQL may keep a generic plan made without the values. For a name prefix (`^@ $2`) that
 * plan reads every customer of the studio: 2 ms became 50 ms at 100,000 customers. Searches and
 * filtered lists are planned for their values every time (ADR 0009).
 *
 * PostgreSQL only (skipped in the PGlite round): the embedded database prepares no named
 * statements, so there is no generic plan to avoid.
 */
describe.each(testDatabaseKinds())('customer searches and filters are planned for their values (%s)', (kind) => {
  let enso: TestEnso;
  let ctx: Ctx;

  beforeAll(async () => {
    if (kind !== 'postgres') return;
    // One connection in the app pool: the prepared statements read back below are the searches' own.
    enso = await createTestEnso(kind, { clock: fixedClock('2027-03-01T09:00:00Z'), poolSize: 1 });
    const studio = await makeStudio(enso);
    ctx = { studioId: studio.studioId as StudioId, actor: { kind: 'system' }, clock: enso.clock, requestId: 'search-plans' };
    await enso.services.customers.importCustomers(ctx, demoCustomers(400, 7));
  });
  afterAll(() => enso?.dispose());

  async function preparedWith(fragment: string): Promise<PreparedRow[]> {
    return withStudio(enso.database, ctx.studioId as StudioId, async (tx) =>
      rowsOf<PreparedRow>(
        await tx.execute(sql`
          select statement, generic_plans::int as "genericPlans", custom_plans::int as "customPlans"
          from pg_prepared_statements where statement like ${`%${fragment}%`}`),
      ),
    );
  }

  it.runIf(kind === 'postgres')('a search run again and again keeps planning for its prefix', async () => {
    for (let i = 0; i < 8; i++) for (const q of ['Mar', 'Lef', 'Du']) await enso.services.customers.searchCustomers(ctx, { q, limit: 25 });

    const statements = await preparedWith('^@');
    expect(statements.length).toBeGreaterThan(0);
    expect(statements.map((s) => s.genericPlans)).toEqual(statements.map(() => 0));
    expect(Math.max(...statements.map((s) => s.customPlans))).toBeGreaterThanOrEqual(24);
  });

  it.runIf(kind === 'postgres')('so do the filtered list and its count', async () => {
    const criteria = JSON.stringify({ match: 'all', rules: [{ type: 'visitCount', op: 'gte', value: 3 }] });
    for (let i = 0; i < 8; i++) {
      await enso.services.customerSegments.listCustomers(ctx, { criteria, sort: 'visitCount', order: 'desc', q: 'Ma' });
      await enso.services.customerSegments.countCustomers(ctx, { criteria, q: 'Ma' });
    }

    const statements = await preparedWith('visit_count');
    expect(statements.length).toBeGreaterThan(0);
    expect(statements.map((s) => s.genericPlans)).toEqual(statements.map(() => 0));
  });
});
