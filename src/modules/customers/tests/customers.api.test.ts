import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../../../platform/testing/database.ts';
import { createTestEnso, latestTokenFor, makeStudio, type StudioFixture, type TestEnso } from '../../../platform/testing/enso.ts';
import { problem } from '../../../platform/testing/client.ts';

const password = 'a-long-and-unusual-passphrase';

describe.each(testDatabaseKinds())('customers API (%s)', (kind) => {
  let enso: TestEnso;
  let a: StudioFixture;
  let b: StudioFixture;

  beforeAll(async () => {
    enso = await createTestEnso(kind);
    a = await makeStudio(enso);
    b = await makeStudio(enso);
  });
  afterAll(() => enso?.dispose());

  describe('staff routes', () => {
    it('creates, reads, edits and lists a customer with its activity', async () => {
      const created = await a.admin.post('/api/v1/customers', { firstName: 'Chloé', lastName: 'Bernard', email: 'Chloe@Example.com' });
      const id = created.body.id as string;

      const edited = await a.admin.patch(`/api/v1/customers/${id}`, { phone: '06 11 22 33 44' });
      const read = await a.admin.get(`/api/v1/customers/${id}`);
      const found = await a.admin.get('/api/v1/customers?q=chloe%20bern');
      const activity = await a.admin.get(`/api/v1/customers/${id}/activity`);

      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ firstName: 'Chloé', email: 'chloe@example.com', hasAccount: false });
      expect(edited.status).toBe(200);
      expect(read.body).toEqual(edited.body);
      expect(found.body).toEqual({ items: [read.body], nextCursor: null, total: 1 });
      expect(activity.body.items.map((e: { type: string }) => e.type)).toEqual(['customer.updated.v1', 'customer.created.v1']);
      expect(activity.body.items[0]).toMatchObject({ payload: { changed: ['phone'] }, actorKind: 'staff', actorName: 'Ada Admin' });
    });

    it('answers 409 email_taken naming the email field', async () => {
      await a.admin.post('/api/v1/customers', { firstName: 'One', email: 'same@example.com' });

      const res = await a.admin.post('/api/v1/customers', { firstName: 'Two', email: 'SAME@example.com' });

      expect(res.status).toBe(409);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body).toMatchObject({ ...problem(409, 'email_taken'), errors: [{ path: 'email', message: expect.any(String) }] });
    });

    it('answers 404 customer_not_found for an id of another studio', async () => {
      const ofB = await b.admin.post('/api/v1/customers', { firstName: 'Bianca' });

      const get = await a.admin.get(`/api/v1/customers/${ofB.body.id}`);
      const patch = await a.admin.patch(`/api/v1/customers/${ofB.body.id}`, { firstName: 'X' });
      const activity = await a.admin.get(`/api/v1/customers/${ofB.body.id}/activity`);

      for (const res of [get, patch, activity]) expect(res.body).toMatchObject(problem(404, 'customer_not_found'));
    });

    it('answers 400 for a bad cursor, a bad field and an unknown field', async () => {
      const cursor = await a.admin.get('/api/v1/customers?cursor=not-a-cursor');
      const phone = await a.admin.post('/api/v1/customers', { firstName: 'P', phone: 'call me' });
      const unknown = await a.admin.post('/api/v1/customers', { firstName: 'P', studioId: 'std_other' });

      expect(cursor.body).toMatchObject({ ...problem(400, 'invalid_cursor'), errors: [{ path: 'cursor' }] });
      expect(phone.body).toMatchObject(problem(400, 'validation_failed'));
      expect(phone.body.errors).toContainEqual(expect.objectContaining({ path: 'phone' }));
      expect(unknown.status).toBe(400);
    });

    it('pages the list with an opaque cursor', async () => {
      for (const firstName of ['Ugo', 'Ulla', 'Uma']) await a.admin.post('/api/v1/customers', { firstName, lastName: 'Uppage' });

      const first = await a.admin.get('/api/v1/customers?q=uppage&limit=2');
      const second = await a.admin.get(`/api/v1/customers?q=uppage&limit=2&cursor=${first.body.nextCursor}`);

      expect(first.body.items.map((c: { firstName: string }) => c.firstName)).toEqual(['Ugo', 'Ulla']);
      expect(first.body.total).toBe(3);
      expect(second.body).toMatchObject({ items: [{ firstName: 'Uma' }], nextCursor: null });
      expect(second.body.total).toBeUndefined();
    });

    it('lets a teacher do nothing with customers', async () => {
      const teacher = await a.staff('teacher');

      expect((await teacher.get('/api/v1/customers')).status).toBe(403);
      expect((await teacher.post('/api/v1/customers', { firstName: 'T' })).status).toBe(403);
    });
  });

  describe('customer routes', () => {
    const base = () => `/api/public/v1/studios/${a.slug}`;

    it('signs a visitor up and keeps them signed in', async () => {
      const visitor = a.anonymous();

      const signup = await visitor.post(`${base()}/signup`, { firstName: 'Nina', lastName: 'Roy', email: 'nina@example.com', password });
      const me = await visitor.get(`${base()}/me`);

      expect(signup.status).toBe(201);
      expect(signup.body).toEqual({ customer: expect.objectContaining({ firstName: 'Nina', email: 'nina@example.com', hasAccount: true }) });
      expect(signup.raw.cookies).toContainEqual(expect.objectContaining({ name: 'enso_customer', httpOnly: true, sameSite: 'Lax' }));
      expect(me.body).toEqual({ customer: signup.body.customer });
    });

    it('lets a customer edit their own profile but not their email', async () => {
      const visitor = a.anonymous();
      await visitor.post(`${base()}/signup`, { firstName: 'Eli', email: 'eli@example.com', password });

      const edited = await visitor.patch(`${base()}/me`, { lastName: 'Stone', phone: '+33 6 00 00 00 00' });
      const email = await visitor.patch(`${base()}/me`, { email: 'other@example.com' });

      expect(edited.body.customer).toMatchObject({ lastName: 'Stone', phone: '+33 6 00 00 00 00', email: 'eli@example.com' });
      expect(email.status).toBe(400);
    });

    it('signs a customer in after they signed out', async () => {
      const first = a.anonymous();
      await first.post(`${base()}/signup`, { firstName: 'Ivy', email: 'ivy@example.com', password });
      const browser = a.anonymous();

      const before = await browser.get(`${base()}/me`);
      const wrong = await browser.post(`${base()}/login`, { email: 'ivy@example.com', password: 'not-the-password' });
      const login = await browser.post(`${base()}/login`, { email: 'IVY@example.com', password });
      const after = await browser.get(`${base()}/me`);

      expect(before.status).toBe(401);
      expect(wrong.body).toMatchObject(problem(401, 'invalid_credentials'));
      expect(login.body.customer).toMatchObject({ firstName: 'Ivy' });
      expect(after.body.customer.id).toBe(login.body.customer.id);
    });

    it('does not let a customer of studio A into studio B’s pages', async () => {
      const visitor = a.anonymous();
      await visitor.post(`${base()}/signup`, { firstName: 'Mia', email: 'mia@example.com', password });

      const me = await visitor.get(`/api/public/v1/studios/${b.slug}/me`);

      expect(me.status).toBe(401);
    });

    it('sends a customer the front desk created a link to finish their account, then signs them in', async () => {
      const desk = await a.admin.post('/api/v1/customers', { firstName: 'Desk', email: 'desk@example.com' });
      const visitor = a.anonymous();

      const signup = await visitor.post(`${base()}/signup`, { firstName: 'Desk', email: 'desk@example.com', password });
      const token = await latestTokenFor(enso, 'desk@example.com');
      const accepted = await visitor.post(`${base()}/accept-invite`, { token, password: 'my-own-new-passphrase' });
      const me = await visitor.get(`${base()}/me`);

      expect(signup.status).toBe(202);
      expect(signup.body).toEqual({ status: 'confirm_email' });
      expect(signup.raw.cookies).not.toContainEqual(expect.objectContaining({ name: 'enso_customer' }));
      expect(accepted.status).toBe(200);
      expect(me.body.customer).toMatchObject({ id: desk.body.id, hasAccount: true });
    });

    it('answers 409 to a sign-up with the email of an account and 404 to an unknown studio', async () => {
      await a.anonymous().post(`${base()}/signup`, { firstName: 'Has', email: 'has-account@example.com', password });

      const taken = await a.anonymous().post(`${base()}/signup`, { firstName: 'Has', email: 'has-account@example.com', password });
      const nowhere = await a.anonymous().post('/api/public/v1/studios/no-such-studio/signup', { firstName: 'X', email: 'x@example.com', password });

      expect(taken.body).toMatchObject({ ...problem(409, 'email_taken'), errors: [{ path: 'email' }] });
      expect(nowhere.status).toBe(404);
    });

    it('answers 400 weak_password naming the password field', async () => {
      const res = await a.anonymous().post(`${base()}/signup`, { firstName: 'W', email: 'w@example.com', password: 'password' });

      expect(res.body).toMatchObject({ ...problem(400, 'weak_password'), errors: [{ path: 'password' }] });
    });
  });
});
