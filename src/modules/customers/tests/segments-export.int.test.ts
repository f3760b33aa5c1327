import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ctx } from '../../../kernel/ctx.ts';
import type { StudioId } from '../../../kernel/ids.ts';
import { withSystem } from '../../../platform/db/tx.ts';
import { testDatabaseKinds } from '../../../platform/testing/database.ts';
import { createTestEnso, makeStudio, type TestEnso } from '../../../platform/testing/enso.ts';
import { exportPageSize } from '../segments/service.ts';

const total = 100_000;

/**
 * A 100,000-row export streams in keyset pages: the service yields one chunk per page and
 * reads the next page only when the consumer asks for more. Proof without looking inside: a
 * customer added after the first page was consumed (sorting last) is in the file, which an
 * export that had loaded everything up front could not contain.
 */
describe.each(testDatabaseKinds())('CSV export of 100,000 customers (%s)', (kind) => {
  let enso: TestEnso;
  let ctx: Ctx;

  beforeAll(async () => {
    enso = await createTestEnso(kind);
    const studio = await makeStudio(enso);
    ctx = { studioId: studio.studioId as StudioId, actor: { kind: 'system' }, clock: enso.clock, requestId: 'export' };
    await withSystem(enso.database, (tx) =>
      tx.execute(sql`
        insert into customers (studio_id, id, first_name, last_name, search_first, search_last, email, search_email, created_at, updated_at)
        select ${studio.studioId}, 'cus_' || lpad(i::text, 26, '0'), 'First' || i, 'Last' || lpad(i::text, 6, '0'),
               'first' || i, 'last' || lpad(i::text, 6, '0'), 'c' || i || '@example.com', 'c' || i || '@example.com', now(), now()
        from generate_series(1, ${total}) as i`),
    );
  });
  afterAll(() => enso?.dispose());

  it('streams page by page and reads later pages only when asked', { timeout: 180_000 }, async () => {
    const csv = await enso.services.customerSegments.exportCsv(ctx, {});
    const chunks = csv.chunks[Symbol.asyncIterator]();

    const header = await chunks.next();
    const firstPage = await chunks.next();
    await withSystem(enso.database, (tx) =>
      tx.execute(sql`
        insert into customers (studio_id, id, first_name, last_name, search_first, search_last, created_at, updated_at)
        values (${ctx.studioId}, 'cus_late', 'Zoe', 'Zz Late', 'zoe', 'zz late', now(), now())`),
    );
    let records = firstPage.value.split('\r\n').length - 1;
    let largest = records;
    let pages = 1;
    let last = '';
    for (let next = await chunks.next(); !next.done; next = await chunks.next()) {
      const n = next.value.split('\r\n').length - 1;
      records += n;
      largest = Math.max(largest, n);
      pages += 1;
      last = next.value;
    }

    expect(header.value.startsWith('\uFEFFid,first_name,')).toBe(true);
    expect(records).toBe(total + 1);
    expect(largest).toBe(exportPageSize);
    expect(pages).toBe(Math.ceil((total + 1) / exportPageSize));
    expect(last.trimEnd().split('\r\n').at(-1)).toMatch(/^cus_late,Zoe,Zz Late,/);
  });
});
