import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../../../../platform/testing/database.ts';
import { type StudioFixture, type TestEnso } from '../../../../platform/testing/enso.ts';
import type { TestClient } from '../../../../platform/testing/client.ts';
import type { StripeStub } from '../../../../platform/testing/stripe-stub.ts';
import { confirmInBrowser, startWithStripe, stopWithStripe } from '../../tests/fixtures.ts';

const password = 'a-long-and-unusual-passphrase';

/**
 * The customer side as the web app uses it: a saved card, then the customer's own purchase of a
 * plan (Idempotency-Key per attempt), their memberships and orders — and never anyone else's.
 */
describe.each(testDatabaseKinds())('customer purchase with a saved card (%s)', (kind) => {
  let enso: TestEnso;
  let stub: StripeStub;
  let a: StudioFixture;
  let planId: string;

  beforeAll(async () => {
    ({ stub, enso, a } = await startWithStripe(kind));
    const plan = await a.admin.post('/api/v1/memberships/plans', {
      name: '10-class pack',
      kind: 'class_pack',
      priceMinor: 12000,
      creditsMode: 'total',
      creditsCount: 10,
      expiryCount: 3,
      expiryUnit: 'month',
    });
    if (plan.status !== 201) throw new Error(JSON.stringify(plan.body));
    planId = plan.body.id;
  });
  afterAll(() => stopWithStripe(enso, stub));

  const base = `/api/public/v1/studios`;

  async function customerWithCard(firstName: string, testCard = 'pm_card_visa'): Promise<{ client: TestClient; cardId: string }> {
    const client = a.anonymous();
    const email = `${firstName.toLowerCase()}-${randomBytes(4).toString('hex')}@example.com`;
    const signup = await client.post(`${base}/${a.slug}/signup`, { firstName, lastName: 'Client', email, password });
    if (signup.status !== 201) throw new Error(JSON.stringify(signup.body));
    const setup = await client.post(`${base}/${a.slug}/me/cards/setup`);
    await confirmInBrowser(stub, setup.body.clientSecret, testCard, 'setup_intents');
    const card = await client.post(`${base}/${a.slug}/me/cards/complete`, { setupIntentId: setup.body.setupIntentId });
    if (card.status !== 200) throw new Error(JSON.stringify(card.body));
    return { client, cardId: card.body.id };
  }

  const buy = (client: TestClient, cardId: string, key: string) =>
    client.request('POST', `${base}/${a.slug}/me/checkout`, {
      body: { lines: [{ kind: 'membership', refId: planId, quantity: 1 }], tenders: [{ method: 'card', savedCardId: cardId }] },
      headers: { 'idempotency-key': key },
    });

  it('buys a pack with a saved card once per Idempotency-Key, and shows it with its credits', async () => {
    const { client, cardId } = await customerWithCard('Nora');

    const first = await buy(client, cardId, 'attempt-nora-1');
    const replay = await buy(client, cardId, 'attempt-nora-1');
    const memberships = await client.get(`${base}/${a.slug}/me/memberships`);
    const orders = await client.get(`${base}/${a.slug}/me/orders`);

    expect(first.status).toBe(201);
    expect(first.body.payment.status).toBe('paid');
    expect(first.body.order).toMatchObject({ status: 'paid', totalMinor: 12000 });
    expect(replay.body.order.id).toBe(first.body.order.id);
    expect(memberships.body.items).toEqual([expect.objectContaining({ planName: '10-class pack', status: 'active', creditsRemaining: 10 })]);
    expect(orders.body.items.map((o: { id: string }) => o.id)).toEqual([first.body.order.id]);
  });

  it('lists and opens only the customer’s own orders', async () => {
    const ana = await customerWithCard('Ana');
    const ben = await customerWithCard('Ben');
    const bought = await buy(ana.client, ana.cardId, 'attempt-ana-1');

    const bensOrders = await ben.client.get(`${base}/${a.slug}/me/orders`);
    const bensOrdersFiltered = await ben.client.get(`${base}/${a.slug}/me/orders?customerId=${bought.body.order.customerId}`);
    const bensLook = await ben.client.get(`${base}/${a.slug}/me/orders/${bought.body.order.id}`);
    const anasLook = await ana.client.get(`${base}/${a.slug}/me/orders/${bought.body.order.id}`);
    const bensCardOnAnasPurchase = await buy(ben.client, ana.cardId, 'attempt-ben-1');

    expect(bensOrders.body.items).toEqual([]);
    expect(bensOrdersFiltered.body.items).toEqual([]);
    expect(bensLook.status).toBe(404);
    expect(anasLook.status).toBe(200);
    expect(bensCardOnAnasPurchase.status).toBe(404);
  });

  it('buys nothing when the saved card is declined', async () => {
    const { client, cardId } = await customerWithCard('Cleo', 'pm_card_chargeCustomerFail');

    const attempt = await buy(client, cardId, 'attempt-cleo-1');
    const memberships = await client.get(`${base}/${a.slug}/me/memberships`);

    expect(attempt.body.payment).toMatchObject({ status: 'failed', failureMessage: 'Your card was declined.' });
    expect(attempt.body.order.status).toBe('failed');
    expect(memberships.body.items).toEqual([]);
  });
});
