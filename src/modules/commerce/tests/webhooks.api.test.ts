import { sql } from 'drizzle-orm';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf, withSystem } from '../../../platform/db/tx.ts';
import { testDatabaseKinds } from '../../../platform/testing/database.ts';
import { makeCustomer, type StudioFixture, type TestEnso } from '../../../platform/testing/enso.ts';
import type { StripeStub } from '../../../platform/testing/stripe-stub.ts';
import { confirmInBrowser, deliver, eventsOf, newKey, postWithKey, saveCard, startWithStripe, stopWithStripe } from './fixtures.ts';

const dropIn = (priceMinor: number) => ({ kind: 'drop_in', priceMinor, description: 'Drop-in' });

describe.each(testDatabaseKinds())('Stripe webhooks (%s)', (kind) => {
  let enso: TestEnso;
  let stub: StripeStub;
  let a: StudioFixture;

  beforeAll(async () => {
    ({ stub, enso, a } = await startWithStripe(kind));
  });
  afterAll(async () => {
    stub?.setEndpoint(null);
    await stopWithStripe(enso, stub);
  });

  const paidEvents = async (orderId: string) => (await eventsOf(enso, a, 'order.paid.v1')).filter((e) => e.subject_id === orderId).length;
  const ledgerOf = async (eventId: string) =>
    withSystem(enso.database, async (tx) => rowsOf<{ outcome: string }>(await tx.execute(sql`select outcome from commerce_webhook_events where studio_id = ${a.studioId} and id = ${eventId}`)));

  /** An on-session card sale the browser has paid at Stripe, before anyone told Enso. */
  async function paidInBrowser(priceMinor = 1800) {
    const ana = await makeCustomer(a);
    const sale = await postWithKey(a.admin, '/api/v1/commerce/checkout', { customerId: ana.id, lines: [dropIn(priceMinor)], tenders: [{ method: 'card' }] });
    await confirmInBrowser(stub, sale.body.payment.clientSecret);
    const pi = stub.paymentIntents().find((p) => p.metadata.orderId === sale.body.order.id)!;
    return { orderId: sale.body.order.id as string, pi };
  }

  it('completes the order once when succeeded is delivered three times, out of order with a failure', async () => {
    const { orderId, pi } = await paidInBrowser();
    const succeeded = stub.event('payment_intent.succeeded', pi);
    const failed = stub.event('payment_intent.payment_failed', { ...pi, status: 'requires_payment_method', last_payment_error: { code: 'card_declined', message: 'Declined' } }, succeeded.created - 5);

    const statuses = await deliver(enso, a, stub, [succeeded, failed, succeeded, failed, succeeded]);
    const confirmed = await a.admin.post(`/api/v1/commerce/orders/${orderId}/confirm`);

    expect(statuses).toEqual([200, 200, 200, 200, 200]);
    expect(confirmed.body.order.status).toBe('paid');
    expect(await paidEvents(orderId)).toBe(1);
    expect(await ledgerOf(succeeded.id)).toEqual([{ outcome: 'completed' }]);
    expect(await ledgerOf(failed.id)).toEqual([{ outcome: 'unchanged' }]);
  });

  // PostgreSQL only: concurrency needs parallel transactions, and PGlite is a single connection.
  it.runIf(kind === 'postgres')('completes the order once when the same success races in three times and the browser confirms at once', async () => {
    const { orderId, pi } = await paidInBrowser();
    const succeeded = stub.event('payment_intent.succeeded', pi);
    const other = stub.event('payment_intent.succeeded', pi);

    const results = await Promise.all([
      deliver(enso, a, stub, [succeeded]),
      deliver(enso, a, stub, [succeeded]),
      deliver(enso, a, stub, [other]),
      a.admin.post(`/api/v1/commerce/orders/${orderId}/confirm`),
    ]);

    expect(results.slice(0, 3).flat()).toEqual([200, 200, 200]);
    expect(await paidEvents(orderId)).toBe(1);
    expect((await a.admin.get(`/api/v1/commerce/orders/${orderId}`)).body.status).toBe('paid');
  });

  it('refuses a wrong signature or a stale timestamp with 400 and no effect', async () => {
    const { orderId, pi } = await paidInBrowser();
    const event = stub.event('payment_intent.succeeded', pi);

    const bad = await deliver(enso, a, stub, [event], { badSignature: true });
    const stale = await deliver(enso, a, stub, [event], { staleBySeconds: 3600 });
    const order = await a.admin.get(`/api/v1/commerce/orders/${orderId}`);

    expect(bad).toEqual([400]);
    expect(stale).toEqual([400]);
    expect(order.body.status).toBe('awaiting_payment');
    expect(await ledgerOf(event.id)).toEqual([]);
  });

  it('records a refund made in the Stripe dashboard once, however often charge.refunded arrives', async () => {
    const ana = await makeCustomer(a);
    const cardId = await saveCard(enso, a, stub, ana.id);
    const sale = await postWithKey(a.admin, '/api/v1/commerce/checkout', { customerId: ana.id, lines: [dropIn(1000)], tenders: [{ method: 'card', savedCardId: cardId }] });
    const pi = stub.paymentIntents().find((p) => p.metadata.orderId === sale.body.order.id)!;
    const refunded = stub.event('charge.refunded', { id: pi.latest_charge, object: 'charge', payment_intent: pi.id, amount: 1000, amount_refunded: 400 });

    await deliver(enso, a, stub, [refunded, refunded, refunded]);
    const order = await a.admin.get(`/api/v1/commerce/orders/${sale.body.order.id}`);

    expect(order.body).toMatchObject({ status: 'partially_refunded', refundedMinor: 400, refundableMinor: 600 });
    expect(order.body.refunds).toEqual([expect.objectContaining({ amountMinor: 400, destination: 'card', status: 'succeeded' })]);
  });

  it("completes an order whose charge's answer was lost, from the webhook, and the retried request replays it", async () => {
    const ana = await makeCustomer(a);
    const cardId = await saveCard(enso, a, stub, ana.id);
    await enso.app.listen({ port: 0, host: '127.0.0.1' });
    const port = (enso.app.server.address() as AddressInfo).port;
    stub.setEndpoint(`http://127.0.0.1:${port}/api/public/v1/payments/stripe/webhook/${a.studioId}`);
    const key = newKey();
    const body = { customerId: ana.id, lines: [dropIn(2200)], tenders: [{ method: 'card', savedCardId: cardId }] };

    // The charge happens at Stripe but every answer (first try and the SDK's two retries) is lost.
    stub.failNext(3, { reset: true, afterProcessing: true });
    const lost = await postWithKey(a.admin, '/api/v1/commerce/checkout', body, key);
    await stub.settle();
    const retried = await postWithKey(a.admin, '/api/v1/commerce/checkout', body, key);
    stub.setEndpoint(null);

    expect(lost.status).toBe(503);
    expect(retried.status).toBe(201);
    expect(retried.body.order.status).toBe('paid');
    const charges = stub.paymentIntents().filter((p) => p.metadata.orderId === retried.body.order.id && p.status === 'succeeded');
    expect(charges).toHaveLength(1);
    expect(await paidEvents(retried.body.order.id)).toBe(1);
  });
});
