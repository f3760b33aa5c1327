import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ctx } from '../../../kernel/ctx.ts';
import type { StudioId } from '../../../kernel/ids.ts';
import { rowsOf, withStudio, withSystem } from '../../../platform/db/tx.ts';
import { testDatabaseKinds } from '../../../platform/testing/database.ts';
import { createTestEnso, makeCustomer, makeStudio, type StudioFixture, type TestEnso } from '../../../platform/testing/enso.ts';
import { problem } from '../../../platform/testing/client.ts';


describe.each(testDatabaseKinds())('customer tags API (%s)', (kind) => {
  let enso: TestEnso;
  let a: StudioFixture;
  let b: StudioFixture;

  beforeAll(async () => {
    enso = await createTestEnso(kind);
    a = await makeStudio(enso);
    b = await makeStudio(enso);
  });
  afterAll(() => enso?.dispose());

  const ctxOf = (studio: StudioFixture): Ctx => ({
    studioId: studio.studioId as StudioId,
    actor: { kind: 'system' },
    clock: enso.clock,
    requestId: 'test',
  });

  async function eventsOf(studio: StudioFixture, type: string): Promise<{ subject_id: string; payload: Record<string, unknown> }[]> {
    return withSystem(enso.database, async (tx) =>
      rowsOf(await tx.execute(sql`select subject_id, payload from events where studio_id = ${studio.studioId} and type = ${type} order by subject_id`)),
    );
  }

  it('creates, lists, renames and deletes a studio tag', async () => {
    const created = await a.admin.post('/api/v1/customer-tags', { name: 'Évènement', color: 'grape', badge: true });
    const renamed = await a.admin.patch(`/api/v1/customer-tags/${created.body.id}`, { name: 'Events', badge: false });
    const listed = await a.admin.get('/api/v1/customer-tags');
    const deleted = await a.admin.request('DELETE', `/api/v1/customer-tags/${created.body.id}`);
    const after = await a.admin.get('/api/v1/customer-tags');

    expect(created.status).toBe(201);
    expect(created.body).toEqual({ id: expect.stringMatching(/^tag_/), name: 'Évènement', color: 'grape', badge: true });
    expect(renamed.body).toMatchObject({ name: 'Events', color: 'grape', badge: false });
    expect(listed.body.items).toContainEqual({ ...renamed.body, customerCount: 0 });
    expect(deleted.body).toEqual({ ok: true });
    expect(after.body.items.map((t: { id: string }) => t.id)).not.toContain(created.body.id);
  });

  it('refuses a second tag whose name differs only by case or accents (409 on name)', async () => {
    await a.admin.post('/api/v1/customer-tags', { name: 'Débutant' });
    const other = await a.admin.post('/api/v1/customer-tags', { name: 'Autre' });

    const dup = await a.admin.post('/api/v1/customer-tags', { name: 'DEBUTANT' });
    const rename = await a.admin.patch(`/api/v1/customer-tags/${other.body.id}`, { name: 'débutant ' });
    const colour = await a.admin.post('/api/v1/customer-tags', { name: 'Neon', color: 'hotpink' });

    expect(dup.body).toMatchObject({ ...problem(409, 'tag_name_taken'), errors: [{ path: 'name' }] });
    expect(rename.body).toMatchObject(problem(409, 'tag_name_taken'));
    expect(colour.status).toBe(400);
    expect(colour.body.errors).toContainEqual(expect.objectContaining({ path: 'color' }));
  });

  it('tags a customer by id and by a new name, once, with one event per link really added', async () => {
    const customer = await makeCustomer(a);
    const vip = await a.admin.post('/api/v1/customer-tags', { name: 'VIP', color: 'yellow', badge: true });

    const first = await a.admin.post(`/api/v1/customers/${customer.id}/tags`, { tagId: vip.body.id });
    const again = await a.admin.post(`/api/v1/customers/${customer.id}/tags`, { name: 'vip' });
    const byName = await a.admin.post(`/api/v1/customers/${customer.id}/tags`, { name: 'Morning people' });
    const removed = await a.admin.request('DELETE', `/api/v1/customers/${customer.id}/tags/${vip.body.id}`);
    const removedAgain = await a.admin.request('DELETE', `/api/v1/customers/${customer.id}/tags/${vip.body.id}`);
    const activity = await a.admin.get(`/api/v1/customers/${customer.id}/activity`);

    expect(first.body.items).toEqual([vip.body]);
    expect(again.body.items).toEqual([vip.body]);
    expect(byName.body.items.map((t: { name: string }) => t.name)).toEqual(['Morning people', 'VIP']);
    expect(removed.body.items.map((t: { name: string }) => t.name)).toEqual(['Morning people']);
    expect(removedAgain.status).toBe(200);
    expect(activity.body.items.map((e: { type: string; payload: { tagName?: string } }) => [e.type, e.payload.tagName])).toEqual([
      ['customer.tag_removed.v1', 'VIP'],
      ['customer.tag_added.v1', 'Morning people'],
      ['customer.tag_added.v1', 'VIP'],
      ['customer.created.v1', undefined],
    ]);
  });

  it('answers 404 for studio B’s customers and tags, and leaves them untouched', async () => {
    const ofA = await makeCustomer(a);
    const ofB = await makeCustomer(b);
    const tagOfB = await b.admin.post('/api/v1/customer-tags', { name: 'B only' });
    await b.admin.post(`/api/v1/customers/${ofB.id}/tags`, { tagId: tagOfB.body.id });

    const responses = [
      await a.admin.patch(`/api/v1/customer-tags/${tagOfB.body.id}`, { name: 'Stolen' }),
      await a.admin.request('DELETE', `/api/v1/customer-tags/${tagOfB.body.id}`),
      await a.admin.get(`/api/v1/customers/${ofB.id}/tags`),
      await a.admin.post(`/api/v1/customers/${ofB.id}/tags`, { name: 'X' }),
      await a.admin.post(`/api/v1/customers/${ofA.id}/tags`, { tagId: tagOfB.body.id }),
      await a.admin.request('DELETE', `/api/v1/customers/${ofB.id}/tags/${tagOfB.body.id}`),
    ];
    const stillB = await b.admin.get(`/api/v1/customers/${ofB.id}/tags`);

    expect(responses.map((r) => r.status)).toEqual([404, 404, 404, 404, 404, 404]);
    expect(responses[0]!.body).toMatchObject(problem(404, 'tag_not_found'));
    expect(responses[2]!.body).toMatchObject(problem(404, 'customer_not_found'));
    expect(stillB.body.items).toEqual([tagOfB.body]);
  });

  it('keeps tag settings to roles with customers:settings, and tagging to customers:write', async () => {
    const frontDesk = await a.staff('front_desk');
    const teacher = await a.staff('teacher');
    const customer = await makeCustomer(a);

    const create = await frontDesk.post('/api/v1/customer-tags', { name: 'Desk tag' });
    const tagging = await frontDesk.post(`/api/v1/customers/${customer.id}/tags`, { name: 'Desk tag' });
    const teacherRead = await teacher.get(`/api/v1/customers/${customer.id}/tags`);

    expect(create.status).toBe(403);
    expect(tagging.status).toBe(200);
    expect(teacherRead.status).toBe(403);
  });

  it('tags thousands of customers in one call, ignoring unknown ids and other studios’ ids', async () => {
    const rows = Array.from({ length: 2_500 }, (_, i) => ({ firstName: 'Bulk', lastName: `Person ${i}` }));
    await enso.services.customers.importCustomers(ctxOf(a), rows);
    const ids = await withStudio(enso.database, a.studioId as StudioId, async (tx) =>
      rowsOf<{ id: string }>(await tx.execute(sql`select id from customers where studio_id = ${a.studioId} and first_name = 'Bulk'`)).map((r) => r.id),
    );
    const ofB = await makeCustomer(b);
    const tag = await a.admin.post('/api/v1/customer-tags', { name: 'Bulk' });
    const already = ids.slice(0, 10);
    await withStudio(enso.database, a.studioId as StudioId, (tx) => enso.services.customerTags.tagCustomers(tx, ctxOf(a), already, tag.body.id));

    const result = await withStudio(enso.database, a.studioId as StudioId, (tx) =>
      enso.services.customerTags.tagCustomers(tx, ctxOf(a), [...ids, ...ids.slice(0, 5), ofB.id, 'cus_unknown'], tag.body.id),
    );
    const added = await eventsOf(a, 'customer.tag_added.v1');
    const onB = await eventsOf(b, 'customer.tag_added.v1');
    const untagged = await withStudio(enso.database, a.studioId as StudioId, (tx) =>
      enso.services.customerTags.untagCustomers(tx, ctxOf(a), [...ids.slice(0, 100), ofB.id], tag.body.id),
    );
    const removed = await eventsOf(a, 'customer.tag_removed.v1');
    const listed = await a.admin.get('/api/v1/customer-tags');

    expect(result).toEqual({ added: 2_490 });
    expect(added.filter((e) => e.payload.tagId === tag.body.id)).toHaveLength(2_500);
    expect(onB.filter((e) => e.subject_id === ofB.id && e.payload.tagId === tag.body.id)).toEqual([]);
    expect(untagged).toEqual({ removed: 100 });
    expect(removed.filter((e) => e.payload.tagId === tag.body.id)).toHaveLength(100);
    expect(listed.body.items.find((t: { id: string }) => t.id === tag.body.id).customerCount).toBe(2_400);
  });
});
