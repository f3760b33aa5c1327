import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestClient } from '../../../platform/testing/client.ts';
import { testDatabaseKinds } from '../../../platform/testing/database.ts';
import { makeCustomer, makeStudio, type StudioFixture, type TestEnso } from '../../../platform/testing/enso.ts';
import type { StripeStub } from '../../../platform/testing/stripe-stub.ts';
import { confirmInBrowser, newKey, postWithKey, startWithStripe, stopWithStripe } from './fixtures.ts';

const dropIn = (priceMinor: number) => ({ kind: 'drop_in', priceMinor, description: 'Drop-in' });
type Role = 'admin' | 'operator' | 'front_desk' | 'teacher' | 'anonymous';

/** Who may call each commerce route, and what a customer sees of orders. */
describe.each(testDatabaseKinds())('commerce access (%s)', (kind) => {
  let enso: TestEnso;
  let stub: StripeStub;
  let a: StudioFixture;
  let b: StudioFixture;
  const clients = {} as Record<Role, TestClient>;
  let orderId: string;

  beforeAll(async () => {
    ({ stub, enso, a } = await startWithStripe(kind));
    b = await makeStudio(enso);
    clients.admin = a.admin;
    clients.operator = await a.staff('operator');
    clients.front_desk = await a.staff('front_desk');
    clients.teacher = await a.staff('teacher');
    clients.anonymous = a.anonymous();
    orderId = (await postWithKey(a.admin, '/api/v1/commerce/checkout', { lines: [dropIn(5000)], tenders: [{ method: 'cash' }] })).body.order.id;
  });
  afterAll(() => stopWithStripe(enso, stub));

  const stripeKeys = () => ({ secretKey: stub.secretKey, publishableKey: stub.publishableKey, webhookSecret: stub.webhookSecret });
  const routes: { name: string; allowed: Role[]; call: (c: TestClient) => Promise<{ status: number }> }[] = [
    { name: 'GET settings', allowed: ['admin', 'operator', 'front_desk'], call: (c) => c.get('/api/v1/commerce/settings') },
    { name: 'PUT card fees', allowed: ['admin'], call: (c) => c.put('/api/v1/commerce/settings/card-fees', { cardFeeMode: 'absorb' }) },
    { name: 'PUT stripe', allowed: ['admin'], call: (c) => c.put('/api/v1/commerce/settings/stripe', stripeKeys()) },
    { name: 'POST quote', allowed: ['admin', 'operator', 'front_desk'], call: (c) => c.post('/api/v1/commerce/quote', { lines: [dropIn(100)] }) },
    { name: 'POST checkout', allowed: ['admin', 'operator', 'front_desk'], call: (c) => postWithKey(c, '/api/v1/commerce/checkout', { lines: [dropIn(100)], tenders: [{ method: 'cash' }] }) },
    { name: 'GET orders', allowed: ['admin', 'operator', 'front_desk'], call: (c) => c.get('/api/v1/commerce/orders') },
    { name: 'GET order', allowed: ['admin', 'operator', 'front_desk'], call: (c) => c.get(`/api/v1/commerce/orders/${orderId}`) },
    { name: 'POST refund', allowed: ['admin', 'operator'], call: (c) => postWithKey(c, `/api/v1/commerce/orders/${orderId}/refunds`, { amountMinor: 1, destination: 'cash' }) },
  ];
  const expected = (role: Role, allowed: Role[]) => (allowed.includes(role) ? 'allowed' : role === 'anonymous' ? 401 : 403);

  it.each(routes)('$name: allowed for its roles only', async ({ allowed, call }) => {
    const outcome: Record<string, unknown> = {};
    const want: Record<string, unknown> = {};
    for (const role of ['admin', 'operator', 'front_desk', 'teacher', 'anonymous'] as Role[]) {
      const { status } = await call(clients[role]);
      outcome[role] = status < 300 ? 'allowed' : status;
      want[role] = expected(role, allowed);
    }

    expect(outcome).toEqual(want);
  });

  it('describes the commerce routes in the OpenAPI document', async () => {
    const res = await a.anonymous().get('/api/docs/json');

    expect(res.status).toBe(200);
    const paths = Object.keys(res.body.paths as Record<string, unknown>);
    expect(paths).toEqual(
      expect.arrayContaining(['/api/v1/commerce/checkout', '/api/v1/commerce/quote', '/api/v1/commerce/orders/{id}/refunds', '/api/public/v1/studios/{slug}/me/checkout']),
    );
  });

  it('a customer buys online, confirms the card, and sees only their own orders', async () => {
    const visitor = a.anonymous();
    const base = `/api/public/v1/studios/${a.slug}`;
    const signup = await visitor.post(`${base}/signup`, { firstName: 'Lou', email: `lou-${kind}@example.com`, password: 'correct-horse-battery' });
    expect(signup.status, JSON.stringify(signup.body)).toBe(201);
    const other = await makeCustomer(a);
    const theirs = await postWithKey(a.admin, '/api/v1/commerce/checkout', { customerId: other.id, lines: [dropIn(700)], tenders: [{ method: 'cash' }] });

    const bought = await visitor.request('POST', `${base}/me/checkout`, { body: { lines: [dropIn(1100)], tenders: [{ method: 'card' }] }, headers: { 'idempotency-key': newKey() } });
    await confirmInBrowser(stub, bought.body.payment.clientSecret);
    const confirmed = await visitor.post(`${base}/me/orders/${bought.body.order.id}/confirm`);
    const mine = await visitor.get(`${base}/me/orders`);
    const notMine = await visitor.get(`${base}/me/orders/${theirs.body.order.id}`);
    const notMineConfirm = await visitor.post(`${base}/me/orders/${theirs.body.order.id}/confirm`);
    const elsewhere = await visitor.get(`/api/public/v1/studios/${b.slug}/me/orders`);

    expect(bought.status).toBe(201);
    expect(bought.body.order.channel).toBe('online');
    expect(confirmed.body, JSON.stringify(confirmed.body)).toMatchObject({ order: { status: 'paid' } });
    expect(mine.body.items.map((o: { id: string }) => o.id)).toEqual([bought.body.order.id]);
    expect(notMine.status).toBe(404);
    expect(notMineConfirm.status).toBe(404);
    expect(elsewhere.status).toBe(401);
  });
});
