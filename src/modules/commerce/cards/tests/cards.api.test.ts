import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../../../../platform/testing/database.ts';
import { makeCustomer, makeStudio, type StudioFixture, type TestEnso } from '../../../../platform/testing/enso.ts';
import { problem, type TestClient } from '../../../../platform/testing/client.ts';
import type { StripeStub } from '../../../../platform/testing/stripe-stub.ts';
import { confirmInBrowser, connectStripe, startWithStripe, stopWithStripe } from '../../tests/fixtures.ts';

const password = 'a-long-and-unusual-passphrase';

/** Saved-card routes on the composed app, the studio connected to the Stripe stub through its payment settings. */
describe.each(testDatabaseKinds())('saved cards API (%s)', (kind) => {
  let enso: TestEnso;
  let stub: StripeStub;
  let a: StudioFixture;
  let b: StudioFixture;

  beforeAll(async () => {
    ({ stub, enso, a } = await startWithStripe(kind));
    b = await makeStudio(enso);
    await connectStripe(b, stub);
  });
  afterAll(() => stopWithStripe(enso, stub));

  const me = (s: StudioFixture) => `/api/public/v1/studios/${s.slug}/me/cards`;

  async function signedUpCustomer(s: StudioFixture, firstName: string): Promise<{ client: TestClient; id: string }> {
    const client = s.anonymous();
    const email = `${firstName.toLowerCase()}-${randomBytes(4).toString('hex')}@example.com`;
    const res = await client.post(`/api/public/v1/studios/${s.slug}/signup`, { firstName, lastName: 'Client', email, password });
    if (res.status !== 201) throw new Error(JSON.stringify(res.body));
    return { client, id: res.body.customer.id };
  }

  /** What Stripe.js does in the browser: confirms the SetupIntent with the publishable key and a test card; its answer. */
  const confirmSetup = async (clientSecret: string, paymentMethod = 'pm_card_visa') => (await confirmInBrowser(stub, clientSecret, paymentMethod, 'setup_intents')).body;

  async function addCard(client: TestClient, base: string, paymentMethod = 'pm_card_visa') {
    const setup = await client.post(`${base}/setup`);
    await confirmSetup(setup.body.clientSecret, paymentMethod);
    const done = await client.post(`${base}/complete`, { setupIntentId: setup.body.setupIntentId });
    if (done.status !== 200) throw new Error(JSON.stringify(done.body));
    return done.body as { id: string; last4: string; isDefault: boolean };
  }

  it('lets a customer add a card with Stripe.js and see only brand, last four and expiry', async () => {
    const { client } = await signedUpCustomer(a, 'Ana');

    const setup = await client.post(`${me(a)}/setup`);
    const confirmed = await confirmSetup(setup.body.clientSecret);
    const done = await client.post(`${me(a)}/complete`, { setupIntentId: setup.body.setupIntentId });
    const list = await client.get(me(a));

    expect(setup.status).toBe(201);
    expect(setup.body).toEqual({ setupIntentId: expect.stringMatching(/^seti_/), clientSecret: expect.any(String), publishableKey: stub.publishableKey, stripeJsUrl: stub.jsUrl });
    expect(done.status).toBe(200);
    expect(list.body).toMatchObject({ canAddCards: true, publishableKey: stub.publishableKey, stripeJsUrl: stub.jsUrl });
    expect(list.body.items).toEqual([
      { id: done.body.id, brand: 'visa', last4: '4242', expMonth: 12, expYear: expect.any(Number), isDefault: true, expired: false, createdAt: expect.any(String) },
    ]);
    // Stripe's own references (payment method, customer, setup) stay on the server.
    const shown = JSON.stringify(list.body);
    expect(shown).not.toContain(String(confirmed.payment_method));
    expect(shown).not.toContain(String(confirmed.customer));
    expect(shown).not.toContain(setup.body.setupIntentId);
  });

  it('stores the card from the signed setup_intent.succeeded webhook, once, even before the browser reports it', async () => {
    const { client } = await signedUpCustomer(a, 'Ben');
    const setup = await client.post(`${me(a)}/setup`);
    const confirmed = await confirmSetup(setup.body.clientSecret);
    const event = stub.event('setup_intent.succeeded', confirmed);
    const payload = JSON.stringify(event);
    const deliver = () =>
      enso.app.inject({
        method: 'POST',
        url: `/api/public/v1/payments/stripe/webhook/${a.studioId}`,
        headers: { 'content-type': 'application/json', 'stripe-signature': stub.sign(payload) },
        payload,
      });

    const first = await deliver();
    const again = await deliver();
    const afterWebhook = await client.get(me(a));
    const browser = await client.post(`${me(a)}/complete`, { setupIntentId: setup.body.setupIntentId });

    expect(first.statusCode).toBe(200);
    expect(again.statusCode).toBe(200);
    expect(afterWebhook.body.items).toHaveLength(1);
    expect(browser.body.id).toBe(afterWebhook.body.items[0].id);
    expect((await client.get(me(a))).body.items).toHaveLength(1);
  });

  it('changes the default and removes a card, detaching it at Stripe', async () => {
    const { client } = await signedUpCustomer(a, 'Cleo');
    const visa = await addCard(client, me(a));
    const master = await addCard(client, me(a), 'pm_card_mastercard');
    const detachesBefore = stub.requestsMatching('POST', /\/detach$/).length;

    const def = await client.post(`${me(a)}/${master.id}/default`);
    const removed = await client.delete(`${me(a)}/${master.id}`);

    expect(def.body.items.map((c: { id: string; isDefault: boolean }) => [c.id, c.isDefault])).toEqual([
      [master.id, true],
      [visa.id, false],
    ]);
    expect(removed.status).toBe(200);
    expect(removed.body.items).toEqual([expect.objectContaining({ id: visa.id, isDefault: true })]);
    expect(stub.requestsMatching('POST', /\/detach$/).length).toBe(detachesBefore + 1);
  });

  it('never shows or lets one customer change another customer’s card', async () => {
    const ana = await signedUpCustomer(a, 'Dana');
    const ben = await signedUpCustomer(a, 'Eli');
    const card = await addCard(ana.client, me(a));
    const pending = await ana.client.post(`${me(a)}/setup`);
    await confirmSetup(pending.body.clientSecret);

    const list = await ben.client.get(me(a));
    const remove = await ben.client.delete(`${me(a)}/${card.id}`);
    const makeDefault = await ben.client.post(`${me(a)}/${card.id}/default`);
    const steal = await ben.client.post(`${me(a)}/complete`, { setupIntentId: pending.body.setupIntentId });

    expect(list.body.items).toEqual([]);
    expect(remove).toMatchObject({ status: 404, body: { code: 'saved_card_not_found' } });
    expect(makeDefault).toMatchObject({ status: 404, body: { code: 'saved_card_not_found' } });
    expect(steal).toMatchObject({ status: 404, body: { code: 'setup_not_found' } });
    expect((await ana.client.get(me(a))).body.items.map((c: { id: string }) => c.id)).toEqual([card.id]);
  });

  it('lets the front desk add and list a customer’s cards at the desk; a teacher may not', async () => {
    const desk = await a.staff('front_desk');
    const teacher = await a.staff('teacher');
    const customer = await makeCustomer(a);
    const base = `/api/v1/customers/${customer.id}/cards`;

    const card = await addCard(desk, base);
    const list = await desk.get(base);
    const teacherList = await teacher.get(base);
    const teacherSetup = await teacher.post(`${base}/setup`);

    expect(list.body.items.map((c: { id: string }) => c.id)).toEqual([card.id]);
    expect(teacherList.status).toBe(403);
    expect(teacherSetup.status).toBe(403);
  });

  it('keeps studios apart', async () => {
    const customer = await makeCustomer(a);
    const base = `/api/v1/customers/${customer.id}/cards`;
    const card = await addCard(a.admin, base);
    const ana = await signedUpCustomer(a, 'Fay');

    const otherStudioList = await b.admin.get(base);
    const otherStudioRemove = await b.admin.delete(`${base}/${card.id}`);
    const customerOnOtherSlug = await ana.client.get(me(b));

    expect(otherStudioList.body).toMatchObject(problem(404, 'customer_not_found'));
    expect(otherStudioRemove.body).toMatchObject(problem(404, 'customer_not_found'));
    expect(customerOnOtherSlug.status).toBe(401);
    expect((await a.admin.get(base)).body.items).toHaveLength(1);
  });

  it('tells the checkout the card fee when the studio passes card fees on', async () => {
    const d = await makeStudio(enso);
    await d.admin.put('/api/v1/commerce/settings/stripe', { secretKey: stub.secretKey, publishableKey: stub.publishableKey, webhookSecret: stub.webhookSecret });
    const { client } = await signedUpCustomer(d, 'Hana');

    const absorbed = await client.get(me(d));
    const fees = await d.admin.put('/api/v1/commerce/settings/card-fees', { cardFeeMode: 'surcharge', surchargeBp: 290, surchargeFixedMinor: 30 });
    const surcharged = await client.get(me(d));

    expect(absorbed.body.cardFee).toBeNull();
    expect(fees.status).toBe(200);
    expect(surcharged.body.cardFee).toEqual({ bp: 290, fixedMinor: 30 });
  });

  it('says plainly when the studio has not connected Stripe, and checks its input', async () => {
    const c = await makeStudio(enso);
    const { client } = await signedUpCustomer(c, 'Gus');

    const list = await client.get(me(c));
    const setup = await client.post(`${me(c)}/setup`);
    const badBody = await client.post(`${me(c)}/complete`, {});
    const signedOut = await c.anonymous().get(me(c));

    expect(list.body).toEqual({ items: [], canAddCards: false, publishableKey: null, stripeJsUrl: null, cardFee: null });
    expect(setup.body).toMatchObject(problem(409, 'stripe_not_connected'));
    expect(badBody.status).toBe(400);
    expect(badBody.body.errors).toEqual([expect.objectContaining({ path: 'setupIntentId' })]);
    expect(signedOut.status).toBe(401);
  });
});
