import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { StudioId } from '../../kernel/ids.ts';
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from '../testing/database.ts';
import { rowsOf, withStudio } from './tx.ts';

/** The second wall: even SQL that forgets `studio_id` sees only the current studio's rows. */
describe.each(testDatabaseKinds())('row-level security (%s)', (kind) => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    await db.database.system.execute(sql`
      insert into studios (id, name, slug, currency, time_zone, default_locale) values
        ('std_a', 'A', 'rls-a', 'EUR', 'Europe/Paris', 'fr'),
        ('std_b', 'B', 'rls-b', 'EUR', 'Europe/Paris', 'en')`);
    await db.database.system.execute(sql`
      insert into studio_locations (studio_id, id, name, time_zone) values
        ('std_a', 'loc_a', 'A1', 'Europe/Paris'), ('std_b', 'loc_b', 'B1', 'Europe/Paris')`);
  });
  afterAll(() => db?.dispose());

  it('hides other studios from a query with no studio filter', async () => {
    const rows = await withStudio(db.database, 'std_a' as StudioId, async (tx) =>
      rowsOf<{ id: string }>(await tx.execute(sql`select id from studio_locations`)),
    );

    expect(rows.map((r) => r.id)).toEqual(['loc_a']);
  });

  it('refuses to write a row for another studio', async () => {
    const attempt = withStudio(db.database, 'std_a' as StudioId, (tx) =>
      tx.execute(sql`insert into studio_locations (studio_id, id, name, time_zone) values ('std_b', 'loc_x', 'X', 'UTC')`),
    );

    await expect(attempt).rejects.toThrow();
  });

  it('runs tenant transactions as a role that owns nothing', async () => {
    const [row] = await withStudio(db.database, 'std_a' as StudioId, async (tx) =>
      rowsOf<{ who: string }>(await tx.execute(sql`select current_user as who`)),
    );

    expect(row!.who).toBe('enso_app');
  });

  it('enables and forces RLS on every table that has a studio_id', async () => {
    const rows = rowsOf<{ relname: string; relrowsecurity: boolean; relforcerowsecurity: boolean }>(
      await db.database.system.execute(sql`
        select c.relname, c.relrowsecurity, c.relforcerowsecurity
        from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'public' and c.relkind = 'r'
          and exists (select 1 from information_schema.columns k where k.table_schema = 'public' and k.table_name = c.relname and k.column_name = 'studio_id')`),
    );

    expect(rows.length).toBeGreaterThan(5);
    for (const r of rows) expect(r, r.relname).toMatchObject({ relrowsecurity: true, relforcerowsecurity: true });
  });
});
