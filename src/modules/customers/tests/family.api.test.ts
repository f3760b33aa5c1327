import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withStudio } from '../../../platform/db/tx.ts';
import { testDatabaseKinds } from '../../../platform/testing/database.ts';
import { createTestEnso, makeCustomer, makeStudio, type StudioFixture, type TestEnso } from '../../../platform/testing/enso.ts';
import type { Ctx } from '../../../kernel/ctx.ts';
import type { StudioId } from '../../../kernel/ids.ts';
import { childrenOf, isParentOf } from '../index.ts';
import { problem } from '../../../platform/testing/client.ts';

const password = 'a-long-and-unusual-passphrase';
const types = (res: { body: { items: { type: string }[] } }) => res.body.items.map((e) => e.type);

describe.each(testDatabaseKinds())('family API (%s)', (kind) => {
  let enso: TestEnso;
  let a: StudioFixture;
  let b: StudioFixture;

  beforeAll(async () => {
    enso = await createTestEnso(kind);
    a = await makeStudio(enso);
    b = await makeStudio(enso);
  });
  afterAll(() => enso?.dispose());

  describe('staff', () => {
    it('adds a child without email, linked to the parent, with its events', async () => {
      const mum = await makeCustomer(a, { lastName: 'Martin' });

      const added = await a.admin.post(`/api/v1/customers/${mum.id}/children`, { firstName: 'Léa', birthDate: '2018-05-04' });
      const list = await a.admin.get(`/api/v1/customers/${mum.id}/children`);
      const parentFeed = await a.admin.get(`/api/v1/customers/${mum.id}/activity`);
      const childFeed = await a.admin.get(`/api/v1/customers/${added.body.id}/activity`);

      expect(added.status).toBe(201);
      expect(added.body).toMatchObject({ firstName: 'Léa', lastName: 'Martin', email: null, birthDate: '2018-05-04', parentId: mum.id, source: 'dashboard' });
      expect(list.body).toEqual({ items: [added.body] });
      expect(parentFeed.body.items[0]).toMatchObject({ type: 'customer.child_added.v1', payload: { childId: added.body.id } });
      expect(childFeed.body.items).toEqual([expect.objectContaining({ type: 'customer.created.v1', payload: { source: 'dashboard' } })]);
    });

    it('refuses children to a child (409 child_cannot_have_children)', async () => {
      const mum = await makeCustomer(a);
      const kid = (await a.admin.post(`/api/v1/customers/${mum.id}/children`, { firstName: 'Kid' })).body;

      const res = await a.admin.post(`/api/v1/customers/${kid.id}/children`, { firstName: 'Grandkid' });

      expect(res.body).toMatchObject(problem(409, 'child_cannot_have_children'));
    });

    it('links an existing profile as a child, refusing cycles, second parents and parents', async () => {
      const mum = await makeCustomer(a);
      const dad = await makeCustomer(a);
      const kid = await makeCustomer(a);
      const linked = await a.admin.put(`/api/v1/customers/${kid.id}/parent`, { parentId: mum.id });

      const cycle = await a.admin.put(`/api/v1/customers/${mum.id}/parent`, { parentId: kid.id });
      const self = await a.admin.put(`/api/v1/customers/${dad.id}/parent`, { parentId: dad.id });
      const second = await a.admin.put(`/api/v1/customers/${kid.id}/parent`, { parentId: dad.id });
      const parentAsChild = await a.admin.put(`/api/v1/customers/${mum.id}/parent`, { parentId: dad.id });
      const unlinked = await a.admin.put(`/api/v1/customers/${kid.id}/parent`, { parentId: null });
      const feed = await a.admin.get(`/api/v1/customers/${mum.id}/activity`);

      expect(linked.body).toMatchObject({ id: kid.id, parentId: mum.id });
      expect(cycle.body).toMatchObject(problem(409, 'family_cycle'));
      expect(self.body).toMatchObject(problem(409, 'family_cycle'));
      expect(second.body).toMatchObject(problem(409, 'already_a_child'));
      expect(parentAsChild.body).toMatchObject(problem(409, 'parent_cannot_be_child'));
      expect(unlinked.body).toMatchObject({ id: kid.id, parentId: null });
      expect(types(feed).slice(0, 2)).toEqual(['customer.child_removed.v1', 'customer.child_added.v1']);
    });

    it('refuses children to an anonymised profile (409 customer_retired)', async () => {
      const gone = await makeCustomer(a);
      await withStudio(enso.database, a.studioId as StudioId, (tx) =>
        tx.execute(`update customers set anonymized_at = now() where id = '${gone.id}'`),
      );

      const res = await a.admin.post(`/api/v1/customers/${gone.id}/children`, { firstName: 'Nope' });

      expect(res.body).toMatchObject(problem(409, 'customer_retired'));
    });

    it('answers 404 for another studio’s customer and 403 to a teacher', async () => {
      const ofB = await makeCustomer(b);
      const teacher = await a.staff('teacher');

      const add = await a.admin.post(`/api/v1/customers/${ofB.id}/children`, { firstName: 'X' });
      const list = await a.admin.get(`/api/v1/customers/${ofB.id}/children`);
      const mine = await makeCustomer(a);
      const link = await a.admin.put(`/api/v1/customers/${mine.id}/parent`, { parentId: ofB.id });
      const forbidden = await teacher.get(`/api/v1/customers/${mine.id}/children`);

      expect(add.body).toMatchObject(problem(404, 'customer_not_found'));
      expect(list.body).toMatchObject(problem(404, 'customer_not_found'));
      expect(link.body).toMatchObject(problem(404, 'customer_not_found'));
      expect(forbidden.status).toBe(403);
      expect((await b.admin.get(`/api/v1/customers/${ofB.id}/children`)).body).toEqual({ items: [] });
    });

    it('answers 400 for a bad birth date or an unknown field', async () => {
      const mum = await makeCustomer(a);

      const date = await a.admin.post(`/api/v1/customers/${mum.id}/children`, { firstName: 'K', birthDate: '2018-13-40' });
      const unknown = await a.admin.post(`/api/v1/customers/${mum.id}/children`, { firstName: 'K', email: 'k@example.com' });

      expect(date.body).toMatchObject(problem(400, 'validation_failed'));
      expect(date.body.errors).toContainEqual(expect.objectContaining({ path: 'birthDate' }));
      expect(unknown.status).toBe(400);
    });

    it('answers childrenOf and isParentOf for other modules', async () => {
      const mum = await makeCustomer(a);
      const kid = (await a.admin.post(`/api/v1/customers/${mum.id}/children`, { firstName: 'Zoé' })).body;
      const stranger = await makeCustomer(a);
      const ctx: Ctx = { studioId: a.studioId as StudioId, actor: { kind: 'system' }, clock: enso.clock, requestId: 'test' };

      const [children, yes, no] = await withStudio(enso.database, ctx.studioId, async (tx) => [
        await childrenOf(tx, ctx, mum.id),
        await isParentOf(tx, ctx, mum.id, kid.id),
        await isParentOf(tx, ctx, stranger.id, kid.id),
      ]);

      expect(children).toEqual([kid]);
      expect([yes, no]).toEqual([true, false]);
    });
  });

  describe('customer self-service', () => {
    const base = () => `/api/public/v1/studios/${a.slug}`;

    it('lets a customer list, add and edit their own children', async () => {
      const parent = a.anonymous();
      const me = (await parent.post(`${base()}/signup`, { firstName: 'Paul', lastName: 'Roux', email: 'paul@example.com', password })).body.customer;

      const added = await parent.post(`${base()}/me/children`, { firstName: 'Tom', birthDate: '2019-02-03' });
      const edited = await parent.patch(`${base()}/me/children/${added.body.id}`, { firstName: 'Thomas', lastName: 'Roux-Blanc' });
      const list = await parent.get(`${base()}/me/children`);
      const staffView = await a.admin.get(`/api/v1/customers/${me.id}/children`);
      const childFeed = await a.admin.get(`/api/v1/customers/${added.body.id}/activity`);

      expect(added.status).toBe(201);
      expect(added.body).toMatchObject({ firstName: 'Tom', lastName: 'Roux', parentId: me.id, source: 'signup', hasAccount: false });
      expect(edited.body).toMatchObject({ id: added.body.id, firstName: 'Thomas', lastName: 'Roux-Blanc', birthDate: '2019-02-03' });
      expect(list.body).toEqual({ items: [edited.body] });
      expect(staffView.body).toEqual(list.body);
      expect(types(childFeed)).toEqual(['customer.updated.v1', 'customer.created.v1']);
      expect(childFeed.body.items[0].actorKind).toBe('customer');
    });

    it('does not let a customer edit someone else’s child or see another studio’s', async () => {
      const mum = await makeCustomer(a);
      const kid = (await a.admin.post(`/api/v1/customers/${mum.id}/children`, { firstName: 'Other' })).body;
      const stranger = a.anonymous();
      await stranger.post(`${base()}/signup`, { firstName: 'Sam', email: 'sam@example.com', password });

      const edit = await stranger.patch(`${base()}/me/children/${kid.id}`, { firstName: 'Mine' });
      const elsewhere = await stranger.get(`/api/public/v1/studios/${b.slug}/me/children`);
      const anonymous = await a.anonymous().post(`${base()}/me/children`, { firstName: 'X' });

      expect(edit.body).toMatchObject(problem(404, 'customer_not_found'));
      expect(elsewhere.status).toBe(401);
      expect(anonymous.status).toBe(401);
      expect((await a.admin.get(`/api/v1/customers/${kid.id}`)).body.firstName).toBe('Other');
    });
  });
});
