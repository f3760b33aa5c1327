import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { problem } from '../../../platform/testing/client.ts';
import { testDatabaseKinds } from '../../../platform/testing/database.ts';
import { makeCustomer, type StudioFixture, type TestEnso } from '../../../platform/testing/enso.ts';
import type { StripeStub } from '../../../platform/testing/stripe-stub.ts';
import { eventsOf, newKey, postWithKey, saveCard, staffCtx, startWithStripe, stopWithStripe } from './fixtures.ts';

const dropIn = (priceMinor: number) => ({ kind: 'drop_in', priceMinor, description: 'Drop-in' });

describe.each(testDatabaseKinds())('refunds (%s)', (kind) => {
  let enso: TestEnso;
  let stub: StripeStub;
  let a: StudioFixture;

  beforeAll(async () => {
    ({ stub, enso, a } = await startWithStripe(kind));
  });
  afterAll(() => stopWithStripe(enso, stub));

  const refund = (orderId: string, body: unknown, key?: string) => postWithKey(a.admin, `/api/v1/commerce/orders/${orderId}/refunds`, body, key);
  const balanceOf = async (customerId: string) => (await a.admin.get(`/api/v1/customers/${customerId}/credits`)).body.balanceMinor as number;

  async function cardSale(priceMinor: number) {
    const ana = await makeCustomer(a);
    const cardId = await saveCard(enso, a, stub, ana.id);
    const sale = await postWithKey(a.admin, '/api/v1/commerce/checkout', { customerId: ana.id, lines: [dropIn(priceMinor)], tenders: [{ method: 'card', savedCardId: cardId }] });
    return { customerId: ana.id, orderId: sale.body.order.id as string };
  }

  it('refunds part to the card once per key, the rest to prepaid credit, and never more than was paid', async () => {
    const { customerId, orderId } = await cardSale(1000);
    const key = newKey();

    const first = await refund(orderId, { amountMinor: 400, destination: 'card', reason: 'Class cancelled' }, key);
    const replay = await refund(orderId, { amountMinor: 400, destination: 'card', reason: 'Class cancelled' }, key);
    const tooMuch = await refund(orderId, { amountMinor: 700, destination: 'card' });
    const rest = await refund(orderId, { amountMinor: 600, destination: 'prepaid_credit' });
    const more = await refund(orderId, { amountMinor: 1, destination: 'cash' });

    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ status: 'partially_refunded', refundedMinor: 400, refundableMinor: 600 });
    expect(replay.body.refunds).toHaveLength(1);
    expect(stub.refunds().filter((r) => (r.metadata as Record<string, string>).orderId === orderId).map((r) => r.amount)).toEqual([400]);
    expect(tooMuch.body).toMatchObject(problem(409, 'refund_exceeds_paid'));
    expect(rest.body).toMatchObject({ status: 'refunded', refundedMinor: 1000, refundableMinor: 0 });
    expect(await balanceOf(customerId)).toBe(600);
    expect(more.body).toMatchObject(problem(409, 'refund_not_allowed'));
    const events = (await eventsOf(enso, a, 'order.refunded.v1')).filter((e) => e.subject_id === orderId).map((e) => [e.payload.amountMinor, e.payload.destination, e.payload.full]);
    expect(events).toEqual([
      [400, 'card', false],
      [600, 'prepaid_credit', true],
    ]);
  });

  it('refuses a card refund of an order not paid by card, and a credit refund of a walk-in', async () => {
    const sale = await postWithKey(a.admin, '/api/v1/commerce/checkout', { lines: [dropIn(500)], tenders: [{ method: 'cash' }] });

    const toCard = await refund(sale.body.order.id, { amountMinor: 100, destination: 'card' });
    const toCredit = await refund(sale.body.order.id, { amountMinor: 100, destination: 'prepaid_credit' });
    const cash = await refund(sale.body.order.id, { amountMinor: 100, destination: 'cash' });

    expect(toCard.body).toMatchObject(problem(409, 'refund_not_allowed'));
    expect(toCredit.body).toMatchObject(problem(409, 'refund_not_allowed'));
    expect(cash.body).toMatchObject({ status: 'partially_refunded', refundedMinor: 100 });
  });

  it("tells the line's fulfiller: refunding bought prepaid credit takes it back", async () => {
    const ana = await makeCustomer(a);
    const sale = await postWithKey(a.admin, '/api/v1/commerce/checkout', { customerId: ana.id, lines: [{ kind: 'prepaid_credit', priceMinor: 2000 }], tenders: [{ method: 'cash' }] });
    const lineId = sale.body.order.lines[0].id;

    const res = await refund(sale.body.order.id, { amountMinor: 500, destination: 'cash', lineId });

    expect(res.body.lines[0].refundedMinor).toBe(500);
    expect(await balanceOf(ana.id)).toBe(1500);
  });

  it('refuses a line refund beyond the line and an unknown line', async () => {
    const sale = await postWithKey(a.admin, '/api/v1/commerce/checkout', { lines: [dropIn(300), dropIn(700)], tenders: [{ method: 'cash' }] });
    const [small] = sale.body.order.lines;

    expect((await refund(sale.body.order.id, { amountMinor: 301, destination: 'cash', lineId: small.id })).body).toMatchObject(problem(409, 'refund_exceeds_paid'));
    expect((await refund(sale.body.order.id, { amountMinor: 1, destination: 'cash', lineId: 'oln_nope' })).body).toMatchObject(problem(400, 'invalid_refund'));
  });

  // PostgreSQL only: concurrency needs parallel transactions, and PGlite is a single connection.
  it.runIf(kind === 'postgres')('lets concurrent refunds give back at most what was paid', async () => {
    const sale = await postWithKey(a.admin, '/api/v1/commerce/checkout', { lines: [dropIn(1000)], tenders: [{ method: 'cash' }] });
    const ctx = staffCtx(enso, a);

    const results = await Promise.allSettled(
      Array.from({ length: 8 }, () => enso.services.commerce.refund(ctx, sale.body.order.id, { amountMinor: 300, destination: 'cash' }, { idempotencyKey: newKey() })),
    );
    const order = await a.admin.get(`/api/v1/commerce/orders/${sale.body.order.id}`);

    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(3);
    expect(order.body).toMatchObject({ refundedMinor: 900, refunds: expect.any(Array) });
    expect(order.body.refunds).toHaveLength(3);
  });

  // PostgreSQL only: concurrency needs parallel transactions, and PGlite is a single connection.
  it.runIf(kind === 'postgres')('lets concurrent sales spend prepaid credit only as far as the balance goes', async () => {
    const ana = await makeCustomer(a);
    const ctx = staffCtx(enso, a);
    await enso.services.credits.adjust(ctx, ana.id, { deltaMinor: 1000, note: 'Top-up' } as never);

    const results = await Promise.allSettled(
      Array.from({ length: 8 }, () =>
        enso.services.commerce.checkout(ctx, { customerId: ana.id, lines: [dropIn(300)], tenders: [{ method: 'prepaid_credit' }] }, { idempotencyKey: newKey(), channel: 'pos' }),
      ),
    );

    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(3);
    expect(await balanceOf(ana.id)).toBe(100);
  });
});
