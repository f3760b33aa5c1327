import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { problem } from '../../../platform/testing/client.ts';
import { testDatabaseKinds } from '../../../platform/testing/database.ts';
import { makeCustomer, type StudioFixture, type TestEnso } from '../../../platform/testing/enso.ts';
import type { StripeStub } from '../../../platform/testing/stripe-stub.ts';
import { confirmInBrowser, eventsOf, postWithKey, saveCard, startWithStripe, stopWithStripe } from './fixtures.ts';

const dropIn = (priceMinor: number) => ({ kind: 'drop_in', priceMinor, description: 'Drop-in' });

/** Checkout with the catalog's tenders and lines: gift cards, discount codes, products and their stock. */
describe.each(testDatabaseKinds())('checkout with the catalog (%s)', (kind) => {
  let enso: TestEnso;
  let stub: StripeStub;
  let a: StudioFixture;

  beforeAll(async () => {
    ({ stub, enso, a } = await startWithStripe(kind));
  });
  afterAll(() => stopWithStripe(enso, stub));

  const checkout = (body: unknown) => postWithKey(a.admin, '/api/v1/commerce/checkout', body);
  const giftCard = async (amountMinor: number) => {
    const res = await a.admin.post('/api/v1/gift-cards', { amountMinor });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body as { id: string; code: string };
  };
  const balanceOf = async (id: string) => (await a.admin.get(`/api/v1/gift-cards/${id}`)).body.balanceMinor as number;

  it('takes a gift card first and cash for the rest, and refuses a card without enough on it', async () => {
    const card = await giftCard(1000);

    const mixed = await checkout({ lines: [dropIn(1500)], tenders: [{ method: 'cash' }, { method: 'gift_card', giftCardCode: card.code, amountMinor: 600 }] });
    const tooMuch = await checkout({ lines: [dropIn(1500)], tenders: [{ method: 'gift_card', giftCardCode: card.code, amountMinor: 500 }, { method: 'cash' }] });

    expect(mixed.status).toBe(201);
    expect(mixed.body.order.payments.map((p: { method: string; amountMinor: number }) => [p.method, p.amountMinor])).toEqual([
      ['gift_card', 600],
      ['cash', 900],
    ]);
    expect(tooMuch.body.code).toMatch(/^gift_card_/);
    expect(await balanceOf(card.id)).toBe(400);
  });

  it('a declined card gives the gift card back what the sale took from it', async () => {
    const ana = await makeCustomer(a);
    const savedCardId = await saveCard(enso, a, stub, ana.id, 'pm_card_chargeCustomerFail');
    const card = await giftCard(1000);

    const res = await checkout({ customerId: ana.id, lines: [dropIn(3000)], tenders: [{ method: 'gift_card', giftCardCode: card.code, amountMinor: 1000 }, { method: 'card', savedCardId }] });

    expect(res.body.order.status).toBe('failed');
    expect(await balanceOf(card.id)).toBe(1000);
  });

  it('applies a percent discount code to the lines it covers, allocated and taxed line by line', async () => {
    const product = (await a.admin.post('/api/v1/products', { name: 'Mat', priceMinor: 3000, taxRateBp: 2000 })).body as { id: string };
    const code = 'SPRING10';
    const created = await a.admin.post('/api/v1/discount-codes', { code, kind: 'percent', percentBp: 1000, productIds: [product.id] });
    expect(created.status, JSON.stringify(created.body)).toBe(201);

    const res = await checkout({ lines: [{ kind: 'product', refId: product.id, quantity: 2 }, dropIn(1000)], discountCode: code, tenders: [{ method: 'cash' }] });

    // 10 % of the two mats (6000) = 600, on the mats only; tax 20 % of 5400 = 1080; the drop-in untaxed.
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.order).toMatchObject({ subtotalMinor: 7000, discountMinor: 600, taxMinor: 1080, totalMinor: 7480, discountCode: code.toUpperCase() });
    expect(res.body.order.lines.map((l: { discountMinor: number }) => l.discountMinor)).toEqual([600, 0]);
    expect((await eventsOf(enso, a, 'discount_code.redeemed.v1')).some((e) => e.payload.orderId === res.body.order.id)).toBe(true);
  });

  it('refuses a product that is out of stock before taking any money', async () => {
    const product = (await a.admin.post('/api/v1/products', { name: 'Bottle', priceMinor: 800, trackStock: true, initialStock: 1 })).body as { id: string };

    const res = await checkout({ lines: [{ kind: 'product', refId: product.id, quantity: 2 }], tenders: [{ method: 'cash' }] });

    expect(res.body).toMatchObject(problem(409, 'out_of_stock'));
  });

  it('keeps a card sale paid when its last item sold meanwhile, with the line marked for a refund', async () => {
    const ana = await makeCustomer(a);
    const product = (await a.admin.post('/api/v1/products', { name: 'Block', priceMinor: 1200, trackStock: true, initialStock: 1 })).body as { id: string };
    const line = { kind: 'product', refId: product.id, quantity: 1 };

    const byCard = await checkout({ customerId: ana.id, lines: [line], tenders: [{ method: 'card' }] });
    const inCash = await checkout({ lines: [line], tenders: [{ method: 'cash' }] });
    await confirmInBrowser(stub, byCard.body.payment.clientSecret);
    const confirmed = await a.admin.post(`/api/v1/commerce/orders/${byCard.body.order.id}/confirm`);

    expect(inCash.body.order.status).toBe('paid');
    expect(confirmed.body.order.status).toBe('paid');
    expect(confirmed.body.order.lines[0]).toMatchObject({ fulfilledRef: null, fulfilmentError: expect.stringMatching(/left|stock/i) });
  });
});
