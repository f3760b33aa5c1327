import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEnso, type Enso } from '../../../app.ts';
import { demoCustomers } from '../../../demo/data.ts';
import { fixedClock } from '../../../kernel/clock.ts';
import type { Ctx } from '../../../kernel/ctx.ts';
import type { StudioId } from '../../../kernel/ids.ts';
import { loadConfig } from '../../../platform/config.ts';
import { rowsOf, withStudio } from '../../../platform/db/tx.ts';
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from '../../../platform/testing/database.ts';
import { makeStudio } from '../../../platform/testing/enso.ts';

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
  let db: TestDatabase;
  let enso: Enso;
  let ctx: Ctx;
  let dataDir: string;

  beforeAll(async () => {
    if (kind !== 'postgres') return;
    // One connection in the app pool: the prepared statements read back below are the searches' own.
    db = await openTestDatabase(kind, { poolSize: 1 });
    dataDir = mkdtempSync(join(tmpdir(), 'enso-test-'));
    enso = await createEnso(loadConfig({ LOG_LEVEL: 'silent', NODE_ENV: 'test', PUBLIC_URL: 'http://enso.test', DATA_DIR: dataDir }), {
      database: db.database,
      clock: fixedClock('2027-03-01T09:00:00Z'),
      workers: false,
    });
    const studio = await makeStudio(enso);
    ctx = { studioId: studio.studioId as StudioId, actor: { kind: 'system' }, clock: enso.clock, requestId: 'search-plans' };
    await enso.services.customers.importCustomers(ctx, demoCustomers(400, 7));
  });
  afterAll(async () => {
    await enso?.close();
    await db?.dispose();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  async function preparedWith(fragment: string): Promise<PreparedRow[]> {
    return withStudio(db.database, ctx.studioId as StudioId, async (tx) =>
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
