import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import type { StudioId } from '../../kernel/ids.ts';
import { httpIdempotencyKeys } from '../idempotency/schema.ts';
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from '../testing/database.ts';
import { columnsOf, insertRow, insertRows, rowOf } from './statements.ts';
import { rowsOf, withStudio } from './tx.ts';

/** Statement templates must give back exactly what Drizzle's builder gives, on both drivers. */
describe.each(testDatabaseKinds())('statement templates (%s)', (kind) => {
  let db: TestDatabase;
  const studioId = 'std_statements' as StudioId;
  const at = new Date('2027-03-28T00:59:59.123Z');

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    await db.database.system.execute(sql`
      insert into studios (id, name, slug, currency, time_zone, default_locale) values (${studioId}, 'S', 'statements', 'EUR', 'Europe/Paris', 'fr')`);
  });
  afterAll(() => db?.dispose());

  it('inserts a row with every column typed as the builder does, defaults for the missing ones', async () => {
    const row = await withStudio(db.database, studioId, (tx) =>
      insertRow(tx, httpIdempotencyKeys, {
        studioId,
        key: 'k-1',
        method: 'POST',
        route: '/r',
        actor: 'staff:usr_1',
        requestHash: 'h',
        status: 'done',
        responseStatus: 201,
        responseBody: { id: 'x', list: [1, 2], nested: { ok: true } },
        createdAt: at,
        lockedAt: at,
      }),
    );
    const built = await withStudio(db.database, studioId, (tx) => tx.select().from(httpIdempotencyKeys).where(eq(httpIdempotencyKeys.key, 'k-1')));

    expect(row).toEqual(built[0]);
    expect(row.createdAt).toBeInstanceOf(Date);
    expect(row.createdAt.toISOString()).toBe(at.toISOString());
    expect(row.responseBody).toEqual({ id: 'x', list: [1, 2], nested: { ok: true } });
  });

  it('selects the same row as the builder, with an alias, a prefix and omitted columns', async () => {
    const raw = await withStudio(db.database, studioId, async (tx) =>
      rowsOf<Record<string, unknown>>(
        await tx.execute(sql`select ${columnsOf(httpIdempotencyKeys, { alias: 'k', prefix: 'key.', omit: ['responseBody'] })} from ${httpIdempotencyKeys} k where k.key = 'k-1'`),
      ),
    );
    const built = await withStudio(db.database, studioId, (tx) => tx.select().from(httpIdempotencyKeys).where(eq(httpIdempotencyKeys.key, 'k-1')));

    const { responseBody: _omitted, ...rest } = built[0]!;
    expect(rowOf(httpIdempotencyKeys, raw[0]!, 'key.')).toEqual(rest);
  });

  it('inserts many rows with one statement, typed as the builder does (JSON kept as JSON), defaults for the columns not named', async () => {
    const rows = [
      { studioId, key: 'm-1', method: 'POST', route: '/r', actor: 'staff:usr_1', requestHash: 'h1', status: 'done' as const, responseStatus: 201, responseBody: { id: 'a', n: [1] }, createdAt: at, lockedAt: at },
      { studioId, key: 'm-2', method: 'POST', route: '/r', actor: 'staff:usr_1', requestHash: 'h2', status: 'in_progress' as const, responseStatus: null, responseBody: null, createdAt: at, lockedAt: at },
    ];
    await withStudio(db.database, studioId, (tx) => insertRows(tx, httpIdempotencyKeys, rows));
    const built = await withStudio(db.database, studioId, (tx) => tx.select().from(httpIdempotencyKeys).where(sql`${httpIdempotencyKeys.key} like 'm-%'`).orderBy(httpIdempotencyKeys.key));

    expect(built).toEqual(rows);
    expect(built[0]!.createdAt.toISOString()).toBe(at.toISOString());
  });

  it('refuses a row of another studio like any tenant write (row-level security applies)', async () => {
    const attempt = withStudio(db.database, studioId, (tx) =>
      insertRow(tx, httpIdempotencyKeys, { studioId: 'std_other', key: 'k-2', method: 'POST', route: '/r', actor: 'a', requestHash: 'h', status: 'in_progress', createdAt: at, lockedAt: at }),
    );

    await expect(attempt).rejects.toThrow();
  });
});
