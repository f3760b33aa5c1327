import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../kernel/clock.ts';
import { withSystem } from '../../../platform/db/tx.ts';
import { testDatabaseKinds } from '../../../platform/testing/database.ts';
import { makeCustomer, type StudioFixture, type TestEnso } from '../../../platform/testing/enso.ts';
import type { StripeStub } from '../../../platform/testing/stripe-stub.ts';
import { confirmInBrowser, postWithKey, saveCard, staffCtx, startWithStripe, stopWithStripe } from './fixtures.ts';

const dropIn = (priceMinor: number) => ({ kind: 'drop_in', priceMinor, description: 'Monthly unlimited' });

/** Off-session charges (renewals, instalments) and the sweep that settles card sales nobody finished. */
describe.each(testDatabaseKinds())('off-session charges and abandoned sales (%s)', (kind) => {
  let enso: TestEnso;
  let stub: StripeStub;
  let a: StudioFixture;
  const clock = fixedClock('2027-03-01T09:00:00Z');

  beforeAll(async () => {
    ({ stub, enso, a } = await startWithStripe(kind, { clock }));
  });
  afterAll(() => stopWithStripe(enso, stub));

  const system = () => ({ ...staffCtx(enso, a), actor: { kind: 'system' as const } });
  const balanceOf = async (customerId: string) => (await a.admin.get(`/api/v1/customers/${customerId}/credits`)).body.balanceMinor as number;
  async function sweep() {
    await withSystem(enso.database, (tx) => enso.jobs.enqueue(tx, 'commerce.settle-abandoned-orders', { slot: clock.now().toISOString() }));
    await enso.jobs.runDueJobs({ names: ['commerce.settle-abandoned-orders'] });
  }

  it('charges the default saved card once per key, however often the renewal runs', async () => {
    const ana = await makeCustomer(a);
    await saveCard(enso, a, stub, ana.id);
    const input = { customerId: ana.id, lines: [dropIn(4900)], idempotencyKey: `renewal:mbr_1:${ana.id}:2026-01`, metadata: { membershipId: 'mbr_1' }, channel: 'renewal' as const };

    const first = await enso.services.commerce.chargeSavedCard(system(), input);
    const again = await enso.services.commerce.chargeSavedCard(system(), input);

    expect(first).toMatchObject({ status: 'paid' });
    expect(again.orderId).toBe(first.orderId);
    const charges = stub.paymentIntents().filter((pi) => pi.metadata.orderId === first.orderId);
    expect(charges.map((pi) => [pi.status, pi.amount, pi.metadata.membershipId])).toEqual([['succeeded', 4900, 'mbr_1']]);
    expect((await a.admin.get(`/api/v1/commerce/orders/${first.orderId}`)).body.channel).toBe('renewal');
  });

  it('a renewal whose answer was lost is completed by a later confirm with the same provider key: one charge', async () => {
    const ana = await makeCustomer(a);
    await saveCard(enso, a, stub, ana.id);
    const input = { customerId: ana.id, lines: [dropIn(3900)], idempotencyKey: `renewal:lost:${ana.id}`, metadata: { membershipId: 'mbr_2' }, channel: 'renewal' as const };

    stub.failNext(3, { reset: true, afterProcessing: true });
    const lost = await enso.services.commerce.chargeSavedCard(system(), input).catch((e: { code?: string }) => e.code);
    const order = (await a.admin.get(`/api/v1/commerce/orders?customerId=${ana.id}`)).body.items[0];
    const confirmed = await a.admin.post(`/api/v1/commerce/orders/${order.id}/confirm`);

    expect(lost).toBe('payment_provider_error');
    expect(confirmed.body.order.status).toBe('paid');
    expect(stub.paymentIntents().filter((pi) => pi.metadata.orderId === order.id)).toHaveLength(1);
  });

  it('reports a declined renewal as failed, and refuses a customer without a saved card', async () => {
    const bea = await makeCustomer(a);
    await saveCard(enso, a, stub, bea.id, 'pm_card_chargeCustomerFail');
    const cid = await makeCustomer(a);

    const declined = await enso.services.commerce.chargeSavedCard(system(), { customerId: bea.id, lines: [dropIn(4900)], idempotencyKey: `renewal:${bea.id}:1` });
    const noCard = await enso.services.commerce.chargeSavedCard(system(), { customerId: cid.id, lines: [dropIn(4900)], idempotencyKey: `renewal:${cid.id}:1` }).catch((e: { code?: string }) => e.code);

    expect(declined.status).toBe('failed');
    expect(declined.failureMessage).toBeTruthy();
    expect(noCard).toBe('no_saved_card');
  });

  it('fails a card sale left waiting for an hour and gives back the credit it took', async () => {
    const ana = await makeCustomer(a);
    await enso.services.credits.adjust(staffCtx(enso, a), ana.id, { deltaMinor: 500, note: 'Top-up' } as never);
    const sale = await postWithKey(a.admin, '/api/v1/commerce/checkout', { customerId: ana.id, lines: [dropIn(2000)], tenders: [{ method: 'prepaid_credit', amountMinor: 500 }, { method: 'card' }] });
    expect(sale.body.payment.status).toBe('requires_action');
    expect(await balanceOf(ana.id)).toBe(0);

    clock.advance(30 * 60_000);
    await sweep();
    const early = await a.admin.get(`/api/v1/commerce/orders/${sale.body.order.id}`);
    clock.advance(31 * 60_000);
    await sweep();
    const late = await a.admin.get(`/api/v1/commerce/orders/${sale.body.order.id}`);

    expect(early.body.status).toBe('awaiting_payment');
    expect(late.body.status).toBe('failed');
    expect(await balanceOf(ana.id)).toBe(500);
  });

  it('the sweep settles a charge whose answer was lost and whose webhook never came: paid, one charge', async () => {
    const ana = await makeCustomer(a);
    await saveCard(enso, a, stub, ana.id);

    stub.failNext(3, { reset: true, afterProcessing: true });
    await enso.services.commerce.chargeSavedCard(system(), { customerId: ana.id, lines: [dropIn(2500)], idempotencyKey: `renewal:sweep:${ana.id}` }).catch(() => null);
    const order = (await a.admin.get(`/api/v1/commerce/orders?customerId=${ana.id}`)).body.items[0];
    clock.advance(61 * 60_000);
    await sweep();

    expect((await a.admin.get(`/api/v1/commerce/orders/${order.id}`)).body.status).toBe('paid');
    expect(stub.paymentIntents().filter((pi) => pi.metadata.orderId === order.id)).toHaveLength(1);
  });

  it('completes a card sale the browser paid but nobody confirmed, when the sweep asks Stripe', async () => {
    const ana = await makeCustomer(a);
    const sale = await postWithKey(a.admin, '/api/v1/commerce/checkout', { customerId: ana.id, lines: [dropIn(1500)], tenders: [{ method: 'card' }] });
    await confirmInBrowser(stub, sale.body.payment.clientSecret);

    clock.advance(61 * 60_000);
    await sweep();

    expect((await a.admin.get(`/api/v1/commerce/orders/${sale.body.order.id}`)).body.status).toBe('paid');
  });
});
