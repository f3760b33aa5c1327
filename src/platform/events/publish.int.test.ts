import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../kernel/clock.ts';
import type { Ctx } from '../../kernel/ctx.ts';
import { newId, type StudioId } from '../../kernel/ids.ts';
import { rowsOf, withStudio } from '../db/tx.ts';
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from '../testing/database.ts';
import { publish, type DomainEvent } from './publish.ts';

describe.each(testDatabaseKinds())('publish on %s', (kind) => {
  let db: TestDatabase;
  const studioId = newId('studio') as StudioId;
  const ctx: Ctx = { studioId, actor: { kind: 'system' }, clock: fixedClock('2027-03-01T09:00:00Z'), requestId: 'test' };

  beforeAll(async () => {
    db = await openTestDatabase(kind);
  });
  afterAll(() => db?.dispose());

  async function stored(type: string) {
    return withStudio(db.database, studioId, async (tx) =>
      rowsOf<{ id: string; subject_id: string | null; payload: Record<string, unknown>; occurred_at: Date | string }>(
        await tx.execute(sql`select id, subject_id, payload, occurred_at from events where type = ${type} order by id`),
      ),
    );
  }

  it.each([3, 250])('stores %i events in order with their own subjects and payloads', async (count) => {
    const type = `test.many_${count}.v1`;
    const list: DomainEvent[] = Array.from({ length: count }, (_, i) => ({
      type,
      subjectId: i % 7 === 0 ? null : `occ_${i}`,
      payload: { index: i, note: i === 1 ? 'Cours annulé : « pluie », 50 % remboursé' : '', nested: { ok: true } },
    }));

    await withStudio(db.database, studioId, (tx) => publish(tx, ctx, ...list));

    const rows = await stored(type);
    expect(rows.map((r) => r.payload.index)).toEqual(list.map((_, i) => i));
    expect(rows.map((r) => r.subject_id)).toEqual(list.map((e) => e.subjectId));
    expect(rows[1]!.payload).toEqual({ index: 1, note: 'Cours annulé : « pluie », 50 % remboursé', nested: { ok: true } });
    expect(new Date(rows[0]!.occurred_at).toISOString()).toBe('2027-03-01T09:00:00.000Z');
  });

  it('stores nothing when the transaction rolls back', async () => {
    const type = 'test.rolled_back.v1';
    const list = Array.from({ length: 40 }, (_, i) => ({ type, payload: { i } }));

    await expect(
      withStudio(db.database, studioId, async (tx) => {
        await publish(tx, ctx, ...list);
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');

    expect(await stored(type)).toEqual([]);
  });
});
