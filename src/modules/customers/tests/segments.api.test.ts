import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../kernel/clock.ts';
import { withSystem } from '../../../platform/db/tx.ts';
import { testDatabaseKinds } from '../../../platform/testing/database.ts';
import { createTestEnso, makeStudio, type StudioFixture, type TestEnso } from '../../../platform/testing/enso.ts';
import type { CustomerDto } from '../contracts.ts';
import type { Criteria } from '../domain/criteria.ts';
import { problem } from '../../../platform/testing/client.ts';

/** In the future of the host clock: the test client drops cookies whose expiry (from this clock) has passed. */
const now = new Date('2027-06-15T10:00:00Z');
const criteriaParam = (c: Criteria) => encodeURIComponent(JSON.stringify(c));
const names = (items: CustomerDto[]) => items.map((c) => c.firstName);

/** Parses the export: RFC 4180 records (quoted fields may hold commas, quotes and line breaks). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted && ch === '"' && text[i + 1] === '"') {
      field += '"';
      i++;
    } else if (ch === '"') {
      quoted = !quoted;
    } else if (!quoted && ch === ',') {
      row.push(field);
      field = '';
    } else if (!quoted && ch === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else {
      field += ch;
    }
  }
  return rows;
}

describe.each(testDatabaseKinds())('customer list, segments, bulk actions and export (%s)', (kind) => {
  let enso: TestEnso;
  let a: StudioFixture;
  let b: StudioFixture;
  const ids: Record<string, string> = {};
  let vip: string;
  let injury: string;
  let shoe: string;
  const clock = fixedClock(now);

  /** Sets the visit read model (kept from booking events, which this issue does not produce yet). */
  async function setVisits(id: string, visitCount: number, lastVisitAt: string | null) {
    await withSystem(enso.database, (tx) =>
      tx.execute(sql`update customers set visit_count = ${visitCount}, last_visit_at = ${lastVisitAt}::timestamptz where id = ${id}`),
    );
  }

  beforeAll(async () => {
    clock.set(now);
    enso = await createTestEnso(kind, { clock });
    a = await makeStudio(enso, { timeZone: 'Europe/Paris' });
    b = await makeStudio(enso);
    vip = (await a.admin.post('/api/v1/customer-tags', { name: 'VIP' })).body.id;
    injury = (await a.admin.post('/api/v1/customer-tags', { name: 'Injury' })).body.id;
    shoe = (await a.admin.post('/api/v1/customer-fields', { label: 'Shoe size', kind: 'number' })).body.id;
    const people = [
      { firstName: 'Alice', lastName: 'Martin', email: 'alice@example.com', visits: 12, last: '2027-06-14T18:00:00Z', tags: [vip], shoe: '38.5' },
      { firstName: 'Bruno', lastName: 'Bernard', email: 'bruno@example.com', visits: 3, last: '2027-04-01T09:00:00Z', tags: [injury], shoe: '44' },
      { firstName: 'Chloé', lastName: 'Dubois', email: 'chloe@example.com', visits: 0, last: null, tags: [vip, injury], shoe: null },
      { firstName: 'David', lastName: 'Martin', email: 'david@example.com', visits: 7, last: '2027-06-01T12:00:00Z', tags: [], shoe: '42' },
      { firstName: '=cmd', lastName: 'Lemaire, "Jr"', email: 'eve@example.com', visits: 1, last: '2027-06-10T08:00:00Z', tags: [], shoe: null },
    ];
    for (const p of people) {
      const created = await a.admin.post('/api/v1/customers', { firstName: p.firstName, lastName: p.lastName, email: p.email });
      expect(created.status).toBe(201);
      ids[p.firstName] = created.body.id;
      for (const tagId of p.tags) await a.admin.post(`/api/v1/customers/${created.body.id}/tags`, { tagId });
      if (p.shoe) expect((await a.admin.patch(`/api/v1/customers/${created.body.id}/fields`, { values: { [shoe]: p.shoe } })).status).toBe(200);
      await setVisits(created.body.id, p.visits, p.last);
      clock.advance(60_000);
    }
    ids.Other = (await b.admin.post('/api/v1/customers', { firstName: 'Olga', lastName: 'Martin' })).body.id;
  });
  afterAll(() => enso?.dispose());

  describe('filters and sort', () => {
    it('filters the list by criteria, together with the search', async () => {
      const tagged = await a.admin.get(`/api/v1/customers?criteria=${criteriaParam({ match: 'all', rules: [{ type: 'tags', op: 'any', tagIds: [vip] }] })}`);
      const lapsed = await a.admin.get(
        `/api/v1/customers?criteria=${criteriaParam({ match: 'any', rules: [{ type: 'lastVisit', op: 'notWithinDays', days: 30 }, { type: 'lastVisit', op: 'never' }] })}`,
      );
      const bigFeet = await a.admin.get(
        `/api/v1/customers?criteria=${criteriaParam({ match: 'all', rules: [{ type: 'field', fieldId: shoe, op: 'numberGte', value: 42 }] })}&sort=visitCount`,
      );
      const martinsWhoCame = await a.admin.get(`/api/v1/customers?q=martin&criteria=${criteriaParam({ match: 'all', rules: [{ type: 'visitCount', op: 'gte', value: 8 }] })}`);

      expect(names(tagged.body.items)).toEqual(['Chloé', 'Alice']);
      expect(names(lapsed.body.items)).toEqual(['Bruno', 'Chloé']);
      expect(names(bigFeet.body.items)).toEqual(['Bruno', 'David']);
      expect(names(martinsWhoCame.body.items)).toEqual(['Alice']);
      expect(tagged.body.items[0]).toMatchObject({ id: ids.Chloé, visitCount: 0, lastVisitAt: null });
    });

    it.each([
      ['name', 'asc', ['Bruno', 'Chloé', '=cmd', 'Alice', 'David']],
      ['name', 'desc', ['David', 'Alice', '=cmd', 'Chloé', 'Bruno']],
      ['visitCount', 'desc', ['Alice', 'David', 'Bruno', '=cmd', 'Chloé']],
      ['visitCount', 'asc', ['Chloé', '=cmd', 'Bruno', 'David', 'Alice']],
      ['lastVisitAt', 'desc', ['Alice', '=cmd', 'David', 'Bruno', 'Chloé']],
      ['lastVisitAt', 'asc', ['Bruno', 'David', '=cmd', 'Alice', 'Chloé']],
      ['createdAt', 'asc', ['Alice', 'Bruno', 'Chloé', 'David', '=cmd']],
    ])('sorts by %s %s and pages with a keyset cursor (never visited last)', async (sort, order, expected) => {
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const res: { status: number; body: { items: CustomerDto[]; nextCursor: string | null } } = await a.admin.get(
          `/api/v1/customers?sort=${sort}&order=${order}&limit=2&criteria=${criteriaParam({ match: 'all', rules: [] })}${cursor ? `&cursor=${cursor}` : ''}`,
        );
        expect(res.status).toBe(200);
        seen.push(...names(res.body.items));
        cursor = res.body.nextCursor;
        pages += 1;
      } while (cursor && pages < 10);

      expect(seen).toEqual(expected);
      expect(pages).toBe(3);
    });

    it('keeps the plain search (with its total) when no filter or sort is asked', async () => {
      const res = await a.admin.get('/api/v1/customers?q=martin');

      expect(res.body).toMatchObject({ total: 2, nextCursor: null });
      expect(names(res.body.items)).toEqual(['Alice', 'David']);
    });

    it('counts what the filters match', async () => {
      const res = await a.admin.get(`/api/v1/customers/count?criteria=${criteriaParam({ match: 'all', rules: [{ type: 'tags', op: 'none', tagIds: [vip, injury] }] })}`);
      const all = await a.admin.get('/api/v1/customers/count');

      expect(res.body).toEqual({ count: 2 });
      expect(all.body).toEqual({ count: 5 });
    });

    it('answers 400 to criteria that are not JSON or not valid, and to a cursor of another sort', async () => {
      const notJson = await a.admin.get('/api/v1/customers?criteria=%7Bnope');
      const invalid = await a.admin.get(`/api/v1/customers?criteria=${encodeURIComponent('{"rules":[{"type":"visitCount","op":"gte","value":-1}]}')}`);
      const first = await a.admin.get('/api/v1/customers?sort=visitCount&limit=1');
      const mixed = await a.admin.get(`/api/v1/customers?sort=createdAt&limit=1&cursor=${first.body.nextCursor}`);
      const forged = await a.admin.get(`/api/v1/customers?sort=visitCount&cursor=${Buffer.from(JSON.stringify(['visitCount.asc', 'x', 'y'])).toString('base64url')}`);

      expect(notJson.body).toMatchObject({ ...problem(400, 'invalid_criteria'), errors: [{ path: 'criteria' }] });
      expect(invalid.body).toMatchObject({ ...problem(400, 'invalid_criteria'), errors: [{ path: 'criteria.rules.0.value' }] });
      expect(mixed.body).toMatchObject(problem(400, 'invalid_cursor'));
      expect(forged.body).toMatchObject(problem(400, 'invalid_cursor'));
    });
  });

  describe('saved segments', () => {
    it('creates, lists in tab order, renames, reorders, counts and deletes segments', async () => {
      const regulars = await a.admin.post('/api/v1/customers/segments', {
        name: 'Regulars',
        criteria: { match: 'all', rules: [{ type: 'visitCount', op: 'gte', value: 5 }] },
      });
      const injured = await a.admin.post('/api/v1/customers/segments', { name: 'Injured', criteria: { rules: [{ type: 'tags', op: 'any', tagIds: [injury] }] } });

      const listed = await a.admin.get('/api/v1/customers/segments');
      const count = await a.admin.get(`/api/v1/customers/segments/${regulars.body.id}/count`);
      const page = await a.admin.get(`/api/v1/customers?segment=${regulars.body.id}&sort=visitCount&order=desc`);
      const narrowed = await a.admin.get(`/api/v1/customers?segment=${regulars.body.id}&criteria=${criteriaParam({ match: 'all', rules: [{ type: 'tags', op: 'any', tagIds: [vip] }] })}`);
      const renamed = await a.admin.patch(`/api/v1/customers/segments/${injured.body.id}`, { name: 'Injuries' });
      const reordered = await a.admin.put('/api/v1/customers/segments/order', { ids: [injured.body.id, regulars.body.id] });
      const deleted = await a.admin.delete(`/api/v1/customers/segments/${regulars.body.id}`);
      const after = await a.admin.get('/api/v1/customers/segments');

      expect(regulars.status).toBe(201);
      expect(injured.body).toMatchObject({ name: 'Injured', position: 1, criteria: { match: 'all', rules: [{ type: 'tags' }] } });
      expect(listed.body.items.map((s: { name: string }) => s.name)).toEqual(['Regulars', 'Injured']);
      expect(count.body).toEqual({ count: 2 });
      expect(names(page.body.items)).toEqual(['Alice', 'David']);
      expect(names(narrowed.body.items)).toEqual(['Alice']);
      expect(renamed.body).toMatchObject({ name: 'Injuries' });
      expect(reordered.body.items.map((s: { name: string }) => s.name)).toEqual(['Injuries', 'Regulars']);
      expect(deleted.body).toEqual({ ok: true });
      expect(after.body.items.map((s: { name: string }) => s.name)).toEqual(['Injuries']);
      await a.admin.delete(`/api/v1/customers/segments/${injured.body.id}`);
    });

    it('refuses a segment naming a tag of another studio, and an incomplete reorder', async () => {
      const tagOfB = (await b.admin.post('/api/v1/customer-tags', { name: 'B tag' })).body.id;
      const one = (await a.admin.post('/api/v1/customers/segments', { name: 'One', criteria: { rules: [] } })).body.id;

      const res = await a.admin.post('/api/v1/customers/segments', { name: 'Bad', criteria: { rules: [{ type: 'tags', op: 'any', tagIds: [tagOfB] }] } });
      const empty = await a.admin.post('/api/v1/customers/segments', { name: '  ', criteria: { rules: [] } });
      const partial = await a.admin.put('/api/v1/customers/segments/order', { ids: [] });

      expect(res.body).toMatchObject({ ...problem(400, 'unknown_reference'), errors: [{ path: 'criteria.rules.0.tagIds.0' }] });
      expect(empty.body).toMatchObject({ ...problem(400, 'validation_failed'), errors: [{ path: 'name' }] });
      expect(partial.body).toMatchObject(problem(400, 'invalid_segment_order'));
      await a.admin.delete(`/api/v1/customers/segments/${one}`);
    });

    it("answers 404 for another studio's segment everywhere", async () => {
      const ofB = (await b.admin.post('/api/v1/customers/segments', { name: 'B only', criteria: { rules: [] } })).body.id;

      const responses = [
        await a.admin.get(`/api/v1/customers/segments/${ofB}`),
        await a.admin.get(`/api/v1/customers/segments/${ofB}/count`),
        await a.admin.patch(`/api/v1/customers/segments/${ofB}`, { name: 'Mine' }),
        await a.admin.delete(`/api/v1/customers/segments/${ofB}`),
        await a.admin.get(`/api/v1/customers?segment=${ofB}`),
        await a.admin.get(`/api/v1/customers/export.csv?segment=${ofB}`),
      ];

      for (const res of responses) expect(res.body).toMatchObject(problem(404, 'segment_not_found'));
      expect((await b.admin.get(`/api/v1/customers/segments/${ofB}`)).body.name).toBe('B only');
    });

    it('lets a teacher neither list nor save segments, nor export', async () => {
      const teacher = await a.staff('teacher');

      expect((await teacher.get('/api/v1/customers/segments')).status).toBe(403);
      expect((await teacher.post('/api/v1/customers/segments', { name: 'T', criteria: { rules: [] } })).status).toBe(403);
      expect((await teacher.get('/api/v1/customers/export.csv')).status).toBe(403);
    });
  });

  describe('bulk actions', () => {
    it('tags ticked customers, then untags everyone matching the filters', async () => {
      const tag = (await a.admin.post('/api/v1/customer-tags', { name: 'Workshop' })).body.id;

      const tagged = await a.admin.post('/api/v1/customers/bulk/tag', { tagId: tag, selection: { kind: 'ids', ids: [ids.Alice, ids.Bruno, ids.Other] } });
      const again = await a.admin.post('/api/v1/customers/bulk/tag', { tagId: tag, selection: { kind: 'ids', ids: [ids.Alice] } });
      const withTag = await a.admin.get(`/api/v1/customers?criteria=${criteriaParam({ match: 'all', rules: [{ type: 'tags', op: 'any', tagIds: [tag] }] })}`);
      const untagged = await a.admin.post('/api/v1/customers/bulk/untag', {
        tagId: tag,
        selection: { kind: 'matching', q: 'bruno', criteria: { rules: [{ type: 'visitCount', op: 'lte', value: 5 }] } },
      });
      const left = await a.admin.get(`/api/v1/customers?criteria=${criteriaParam({ match: 'all', rules: [{ type: 'tags', op: 'any', tagIds: [tag] }] })}`);
      const otherStudio = await b.admin.get(`/api/v1/customers/${ids.Other}/tags`);

      expect(tagged.body).toEqual({ count: 2, changed: 2 });
      expect(again.body).toEqual({ count: 1, changed: 0 });
      expect(names(withTag.body.items)).toEqual(['Bruno', 'Alice']);
      expect(untagged.body).toEqual({ count: 1, changed: 1 });
      expect(names(left.body.items)).toEqual(['Alice']);
      expect(otherStudio.body.items).toEqual([]);
      await a.admin.post('/api/v1/customers/bulk/untag', { tagId: tag, selection: { kind: 'ids', ids: [ids.Alice] } });
    });

    it('answers 404 for an unknown tag and 400 for an empty selection', async () => {
      const unknown = await a.admin.post('/api/v1/customers/bulk/tag', { tagId: 'tag_01JD00000000000000000000ZZ', selection: { kind: 'ids', ids: [ids.Alice] } });
      const empty = await a.admin.post('/api/v1/customers/bulk/tag', { tagId: vip, selection: { kind: 'ids', ids: [] } });

      expect(unknown.status).toBe(404);
      expect(empty.status).toBe(400);
    });
  });

  describe('CSV export', () => {
    it('exports the filtered list as RFC 4180 UTF-8 with a BOM, tags, custom fields and formula guards', async () => {
      const res = await a.admin.get(`/api/v1/customers/export.csv?sort=visitCount&order=desc&criteria=${criteriaParam({ match: 'all', rules: [{ type: 'visitCount', op: 'gte', value: 1 }] })}`);

      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(res.headers['content-disposition']).toBe('attachment; filename="customers-2027-06-15.csv"');
      expect(res.raw.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
      const [header, ...rows] = parseCsv(res.body.replace(/^\uFEFF/, ''));
      expect(header).toEqual([
        'id', 'first_name', 'last_name', 'email', 'phone', 'birth_date', 'language', 'source', 'tags', 'Shoe size',
        'visit_count', 'last_visit', 'membership_status', 'email_marketing', 'email_transactional', 'sms_marketing', 'sms', 'has_account', 'created_at',
      ]);
      expect(rows.map((r) => r[1])).toEqual(['Alice', 'David', 'Bruno', "'=cmd"]);
      const alice = Object.fromEntries(header!.map((h, i) => [h, rows[0]![i]]));
      expect(alice).toMatchObject({ tags: 'VIP', 'Shoe size': '38.5', visit_count: '12', last_visit: '2027-06-14 20:00', email_marketing: 'yes', created_at: '2027-06-15 12:00' });
      expect(rows[3]![2]).toBe('Lemaire, "Jr"');
      expect(res.body).toContain('"Lemaire, ""Jr"""');
    });

    it('exports an explicit selection, and only customers of the studio', async () => {
      const res = await a.admin.get(`/api/v1/customers/export.csv?ids=${ids.Chloé},${ids.Other}`);
      const rows = parseCsv(res.body.replace(/^\uFEFF/, ''));

      expect(rows.slice(1).map((r) => r[0])).toEqual([ids.Chloé]);
      expect(rows[1]![8]).toBe('Injury; VIP');
    });
  });
});
