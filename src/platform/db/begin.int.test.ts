import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StudioId } from '../../kernel/ids.ts';
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from '../testing/database.ts';
import { joinBeginWithStudio } from './begin.ts';
import { rowsOf, withStudio } from './tx.ts';

const studioA = 'std_01JBEG1NAAAAAAAAAAAAAAAAAA' as StudioId;
const studioB = 'std_01JBEG1NBBBBBBBBBBBBBBBBBB' as StudioId;

/**
 * A tenant transaction's `begin` travels with its studio setting (begin.ts) on PostgreSQL: the
 * transaction still starts before its first statement, sees its studio, and rolls back whole —
 * on both databases, and whatever the studio id looks like.
 */
describe.each(testDatabaseKinds())('tenant transactions (%s)', (kind) => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    await db.database.system.execute(sql`
      insert into studios (id, name, slug, currency, time_zone, default_locale) values
        (${studioA}, 'A', 'begin-a', 'EUR', 'Europe/Paris', 'fr'), (${studioB}, 'B', 'begin-b', 'EUR', 'Europe/Paris', 'en'),
        ('std_short', 'C', 'begin-c', 'EUR', 'Europe/Paris', 'en')`);
  });
  afterAll(() => db?.dispose());

  const locations = async (studioId: StudioId) =>
    withStudio(db.database, studioId, async (tx) => rowsOf<{ id: string }>(await tx.execute(sql`select id from studio_locations order by id`)).map((r) => r.id));

  it.each([studioA, 'std_short' as StudioId])('one transaction from its first statement, in its studio (%s)', async (studioId) => {
    const seen = await withStudio(db.database, studioId, async (tx) => {
      const [first] = rowsOf<{ xid: string; studio: string }>(await tx.execute(sql`select txid_current()::text as xid, current_setting('enso.studio_id') as studio`));
      const [second] = rowsOf<{ xid: string }>(await tx.execute(sql`select txid_current()::text as xid`));
      return { first: first!, second: second! };
    });

    expect(seen.first.studio).toBe(studioId);
    expect(seen.second.xid).toBe(seen.first.xid);
  });

  it('a failed transaction leaves nothing behind, and the next one on the connection starts clean', async () => {
    const failing = withStudio(db.database, studioA, async (tx) => {
      await tx.execute(sql`insert into studio_locations (studio_id, id, name, time_zone) values (${studioA}, 'loc_begin_1', 'A1', 'Europe/Paris')`);
      throw new Error('stop');
    });
    await expect(failing).rejects.toThrow('stop');

    await withStudio(db.database, studioA, (tx) =>
      tx.execute(sql`insert into studio_locations (studio_id, id, name, time_zone) values (${studioA}, 'loc_begin_2', 'A2', 'Europe/Paris')`),
    );
    expect(await locations(studioA)).toEqual(['loc_begin_2']);
    expect(await locations(studioB)).toEqual([]);
  });

  it('savepoints inside a tenant transaction still work', async () => {
    await withStudio(db.database, studioB, async (tx) => {
      await tx.execute(sql`insert into studio_locations (studio_id, id, name, time_zone) values (${studioB}, 'loc_begin_3', 'B1', 'Europe/Paris')`);
      await tx
        .transaction(async (sp) => {
          await sp.execute(sql`insert into studio_locations (studio_id, id, name, time_zone) values (${studioB}, 'loc_begin_4', 'B2', 'Europe/Paris')`);
          throw new Error('undo the savepoint');
        })
        .catch(() => undefined);
    });
    expect(await locations(studioB)).toEqual(['loc_begin_3']);
  });

  // PostgreSQL only (skipped in the PGlite round): the joining is a wrapper of node-postgres's pooled
  // connections, which the embedded database does not have.
  it.runIf(kind === 'postgres')('on PostgreSQL, begin and the studio setting go as one message; other transactions send begin on its own first', async () => {
    // A connection of our own with the wrapper over a counter of what reaches node-postgres.
    const url = (db.database.connection as { url: string }).url;
    const pool = new pg.Pool({ connectionString: url, max: 1 });
    const sent: string[] = [];
    pool.on('connect', (client) => {
      const query = client.query.bind(client) as (...args: unknown[]) => unknown;
      (client as unknown as { query: typeof query }).query = (...args: unknown[]) => {
        const first = args[0];
        sent.push(typeof first === 'string' ? first : String((first as { text?: string }).text));
        return query(...args);
      };
      joinBeginWithStudio(client);
    });
    const orm = drizzle({ client: pool });
    try {
      const studio = await orm.transaction(async (tx) => {
        await tx.execute(sql`select set_config('enso.studio_id', ${studioA}, true)`);
        return rowsOf<{ s: string }>(await tx.execute(sql`select current_setting('enso.studio_id') as s`))[0]!.s;
      });
      expect(studio).toBe(studioA);
      expect(sent).toEqual([`begin; select set_config('enso.studio_id', '${studioA}', true)`, "select current_setting('enso.studio_id') as s", 'commit']);

      sent.length = 0;
      await orm.transaction(async (tx) => {
        await tx.execute(sql`select set_config('enso.studio_id', ${"std_x', true); drop table studios; --"}, true)`);
      });
      // Not a studio id: nothing is written into the statement; begin first, then the statement with its parameter.
      expect(sent).toEqual(['begin', "select set_config('enso.studio_id', $1, true)", 'commit']);
    } finally {
      await pool.end();
    }
  });
});
