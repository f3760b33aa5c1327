import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../../../platform/testing/database.ts';
import { createTestEnso, makeCustomer, makeStudio, type StudioFixture, type TestEnso } from '../../../platform/testing/enso.ts';
import { problem } from '../../../platform/testing/client.ts';


describe.each(testDatabaseKinds())('customer notes API (%s)', (kind) => {
  let enso: TestEnso;
  let a: StudioFixture;
  let b: StudioFixture;

  beforeAll(async () => {
    enso = await createTestEnso(kind);
    a = await makeStudio(enso);
    b = await makeStudio(enso);
  });
  afterAll(() => enso?.dispose());

  it('adds, edits, pins and deletes notes, listing pinned then newest first with the author', async () => {
    const customer = await makeCustomer(a);
    const url = `/api/v1/customers/${customer.id}/notes`;
    const first = await a.admin.post(url, { body: 'Prefers the back row.' });
    const second = await a.admin.post(url, { body: 'Asked about private lessons.' });

    const edited = await a.admin.patch(`${url}/${first.body.id}`, { body: 'Prefers the front row.' });
    const pinned = await a.admin.patch(`${url}/${first.body.id}`, { pinned: true });
    const listed = await a.admin.get(url);
    const deleted = await a.admin.request('DELETE', `${url}/${second.body.id}`);
    const after = await a.admin.get(url);
    const activity = await a.admin.get(`/api/v1/customers/${customer.id}/activity`);

    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ body: 'Prefers the back row.', pinned: false, authorName: 'Ada Admin', mine: true });
    expect(edited.body.body).toBe('Prefers the front row.');
    expect(pinned.body.pinned).toBe(true);
    expect(listed.body.items.map((n: { id: string }) => n.id)).toEqual([first.body.id, second.body.id]);
    expect(deleted.body).toEqual({ ok: true });
    expect(after.body.items.map((n: { id: string }) => n.id)).toEqual([first.body.id]);
    const added = activity.body.items.filter((e: { type: string }) => e.type === 'customer.note_added.v1');
    expect(added.map((e: { payload: unknown }) => e.payload)).toEqual([{ noteId: second.body.id }, { noteId: first.body.id }]);
  });

  it('pages newest first with a cursor', async () => {
    const customer = await makeCustomer(a);
    const url = `/api/v1/customers/${customer.id}/notes`;
    for (const body of ['one', 'two', 'three']) await a.admin.post(url, { body });

    const page1 = await a.admin.get(`${url}?limit=2`);
    const page2 = await a.admin.get(`${url}?limit=2&cursor=${page1.body.nextCursor}`);
    const bad = await a.admin.get(`${url}?cursor=nonsense`);

    expect(page1.body.items.map((n: { body: string }) => n.body)).toEqual(['three', 'two']);
    expect(page2.body).toMatchObject({ items: [{ body: 'one' }], nextCursor: null });
    expect(bad.body).toMatchObject(problem(400, 'invalid_cursor'));
  });

  it('lets only the author change the text, while any writer may pin', async () => {
    const customer = await makeCustomer(a);
    const frontDesk = await a.staff('front_desk');
    const url = `/api/v1/customers/${customer.id}/notes`;
    const note = await a.admin.post(url, { body: 'Admin note' });

    const edit = await frontDesk.patch(`${url}/${note.body.id}`, { body: 'Desk rewrite' });
    const pin = await frontDesk.patch(`${url}/${note.body.id}`, { pinned: true });
    const seen = await frontDesk.get(url);

    expect(edit.body).toMatchObject({ ...problem(403, 'not_note_author'), errors: [{ path: 'body' }] });
    expect(pin.body).toMatchObject({ pinned: true, body: 'Admin note', mine: false });
    expect(seen.body.items[0]).toMatchObject({ authorName: 'Ada Admin', mine: false });
  });

  it('refuses an empty note and keeps notes away from teachers', async () => {
    const customer = await makeCustomer(a);
    const teacher = await a.staff('teacher');

    const empty = await a.admin.post(`/api/v1/customers/${customer.id}/notes`, { body: '   ' });
    const read = await teacher.get(`/api/v1/customers/${customer.id}/notes`);

    expect(empty.status).toBe(400);
    expect(empty.body.errors).toContainEqual(expect.objectContaining({ path: 'body' }));
    expect(read.status).toBe(403);
  });

  it('answers 404 for studio B’s customers and notes', async () => {
    const ofA = await makeCustomer(a);
    const ofB = await makeCustomer(b);
    const noteOfB = await b.admin.post(`/api/v1/customers/${ofB.id}/notes`, { body: 'B secret' });

    const responses = [
      await a.admin.get(`/api/v1/customers/${ofB.id}/notes`),
      await a.admin.post(`/api/v1/customers/${ofB.id}/notes`, { body: 'x' }),
      await a.admin.patch(`/api/v1/customers/${ofB.id}/notes/${noteOfB.body.id}`, { pinned: true }),
      await a.admin.patch(`/api/v1/customers/${ofA.id}/notes/${noteOfB.body.id}`, { pinned: true }),
      await a.admin.request('DELETE', `/api/v1/customers/${ofA.id}/notes/${noteOfB.body.id}`),
    ];
    const stillB = await b.admin.get(`/api/v1/customers/${ofB.id}/notes`);

    expect(responses.map((r) => r.status)).toEqual([404, 404, 404, 404, 404]);
    expect(responses[3]!.body).toMatchObject(problem(404, 'note_not_found'));
    expect(stillB.body.items).toEqual([expect.objectContaining({ body: 'B secret', pinned: false })]);
  });
});
