import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../kernel/clock.ts';
import type { StudioId } from '../../../kernel/ids.ts';
import { withStudio } from '../../../platform/db/tx.ts';
import { testDatabaseKinds } from '../../../platform/testing/database.ts';
import { makeCustomer, type StudioFixture, type TestEnso } from '../../../platform/testing/enso.ts';
import type { StripeStub } from '../../../platform/testing/stripe-stub.ts';
import { postWithKey, saveCard, startWithStripe, stopWithStripe } from '../../commerce/tests/fixtures.ts';
import { chargeInstalmentJobName } from '../jobs.ts';
import { createPlan, eventsAbout, maintain, pack, staffCtx } from './fixtures.ts';

describe.each(testDatabaseKinds())('payment plans, refunds and dollar packs (%s)', (kind) => {
  let stub: StripeStub;
  let enso: TestEnso;
  let a: StudioFixture;
  const start = '2027-03-01T10:00:00Z';
  const clock = fixedClock(start);

  beforeAll(async () => {
    ({ stub, enso, a } = await startWithStripe(kind, { clock }));
  });
  beforeEach(() => clock.set(start));
  afterAll(() => stopWithStripe(enso, stub));

  const ctx = () => staffCtx(a, clock);
  const get = (id: string) => enso.services.memberships.getMembership(ctx(), id);

  it('takes a deposit at the sale and charges each instalment on its date with the saved card', async () => {
    const plan = await createPlan(a, pack(20, { priceMinor: 30000 }));
    const ana = await makeCustomer(a);
    await saveCard(enso, a, stub, ana.id);

    const bad = await postWithKey(a.admin, '/api/v1/memberships', {
      customerId: ana.id,
      planId: plan.id,
      method: 'cash',
      paymentPlan: { depositMinor: 10000, instalments: [{ dueDate: '2027-04-01', amountMinor: 10000 }, { dueDate: '2027-05-01', amountMinor: 9999 }] },
    });
    const sale = await postWithKey(a.admin, '/api/v1/memberships', {
      customerId: ana.id,
      planId: plan.id,
      method: 'cash',
      paymentPlan: { depositMinor: 10000, instalments: [{ dueDate: '2027-04-01', amountMinor: 10000 }, { dueDate: '2027-05-01', amountMinor: 10000 }] },
    });
    const id = sale.body.membership.id as string;
    const moved = await a.admin.put(`/api/v1/memberships/${id}/instalments`, { instalments: [{ dueDate: '2027-04-15', amountMinor: 5000 }, { dueDate: '2027-05-01', amountMinor: 15000 }] });
    const wrongSum = await a.admin.put(`/api/v1/memberships/${id}/instalments`, { instalments: [{ dueDate: '2027-04-15', amountMinor: 5000 }] });
    const before = stub.paymentIntents().filter((p) => p.status === 'succeeded').length;
    clock.set('2027-04-14T22:30:00Z'); // 00:30 on 15 April in Paris
    await maintain(enso, a, clock);
    await enso.jobs.runDueJobs({ names: [chargeInstalmentJobName] });
    await maintain(enso, a, clock);
    await enso.jobs.runDueJobs({ names: [chargeInstalmentJobName] });

    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('invalid_payment_plan');
    expect(sale.status).toBe(201);
    expect(sale.body.membership).toMatchObject({ status: 'active', creditsRemaining: 20, priceMinor: 30000 });
    expect(moved.status).toBe(200);
    expect(wrongSum.body.code).toBe('invalid_payment_plan');
    expect(stub.paymentIntents().filter((p) => p.status === 'succeeded').length - before).toBe(1);
    const after = await get(id);
    expect(after.instalments.filter((i) => i.status !== 'cancelled').map((i) => [i.seq, i.amountMinor, i.status])).toEqual([
      [0, 10000, 'paid'],
      [3, 5000, 'paid'],
      [4, 15000, 'pending'],
    ]);
    expect((await eventsAbout(enso, id)).map((e) => e.type)).toEqual(['membership.purchased.v1', 'instalment.paid.v1']);
  });

  it('starts nothing when the deposit is declined', async () => {
    const plan = await createPlan(a, pack(5, { priceMinor: 6000 }));
    const ana = await makeCustomer(a);
    await saveCard(enso, a, stub, ana.id, 'pm_card_chargeCustomerFail');

    const sale = await postWithKey(a.admin, '/api/v1/memberships', {
      customerId: ana.id,
      planId: plan.id,
      method: 'card',
      paymentPlan: { depositMinor: 3000, instalments: [{ dueDate: '2027-03-20', amountMinor: 3000 }] },
    });
    clock.set('2027-03-20T09:00:00Z');
    await maintain(enso, a, clock);
    const charged = await enso.jobs.runDueJobs({ names: [chargeInstalmentJobName] });

    expect(sale.status).toBe(201);
    expect(sale.body).toMatchObject({ paymentStatus: 'failed', membership: null });
    expect(await enso.services.memberships.listForCustomer(ctx(), ana.id)).toEqual([]);
    expect(charged).toBe(0);
  });

  it('records a failed instalment, lets staff retry it, and retries it on the renewals’ schedule', async () => {
    const plan = await createPlan(a, pack(5, { priceMinor: 6000 }));
    const ana = await makeCustomer(a);
    await saveCard(enso, a, stub, ana.id, 'pm_card_chargeCustomerFail');
    const sale = await postWithKey(a.admin, '/api/v1/memberships', {
      customerId: ana.id,
      planId: plan.id,
      method: 'cash',
      paymentPlan: { depositMinor: 3000, instalments: [{ dueDate: '2027-03-02', amountMinor: 3000 }] },
    });
    const id = sale.body.membership.id as string;
    clock.set('2027-03-02T09:00:00Z');
    await maintain(enso, a, clock);
    await enso.jobs.runDueJobs({ names: [chargeInstalmentJobName] });
    const failed = (await get(id)).instalments.find((i) => i.seq === 1)!;

    const retried = await enso.services.renewals.retryInstalment(ctx(), failed.id);

    clock.advance(2 * 24 * 60 * 60 * 1000);
    await maintain(enso, a, clock);
    const tooEarly = await enso.jobs.runDueJobs({ names: [chargeInstalmentJobName] });
    clock.advance(24 * 60 * 60 * 1000 + 60_000); // three days after the second failure
    await maintain(enso, a, clock);
    await enso.jobs.runDueJobs({ names: [chargeInstalmentJobName] });

    expect(failed).toMatchObject({ status: 'failed', attempts: 1 });
    expect(retried.instalments.find((i) => i.seq === 1)).toMatchObject({ status: 'failed', attempts: 2 });
    expect(tooEarly).toBe(0);
    expect((await get(id)).instalments.find((i) => i.seq === 1)).toMatchObject({ status: 'failed', attempts: 3 });
    expect((await eventsAbout(enso, id)).filter((e) => e.type === 'instalment.failed.v1')).toHaveLength(3);
  });

  it('cancels an unused membership refunded in full, and keeps one that was used', async () => {
    const plan = await createPlan(a, pack(3, { priceMinor: 4500 }));
    const ana = await makeCustomer(a);
    const unused = await postWithKey(a.admin, '/api/v1/memberships', { customerId: ana.id, planId: plan.id, method: 'cash' });
    const used = await postWithKey(a.admin, '/api/v1/memberships', { customerId: ana.id, planId: plan.id, method: 'cash' });
    await withStudio(enso.database, a.studioId as StudioId, (tx) => enso.services.memberships.consumeCredit(tx, ctx(), { membershipId: used.body.membership.id, bookingId: 'bkg_used' }));
    const refundOf = async (orderId: string) => {
      const order = await a.admin.get(`/api/v1/commerce/orders/${orderId}`);
      const line = order.body.lines[0];
      return postWithKey(a.admin, `/api/v1/commerce/orders/${orderId}/refunds`, { amountMinor: order.body.totalMinor, destination: 'cash', lineId: line.id, reason: 'Changed their mind' });
    };

    const r1 = await refundOf(unused.body.orderId);
    const r2 = await refundOf(used.body.orderId);

    expect([r1.status, r2.status]).toEqual([201, 201]);
    expect(await get(unused.body.membership.id)).toMatchObject({ status: 'cancelled', creditsRemaining: 0 });
    expect(await get(used.body.membership.id)).toMatchObject({ status: 'active', creditsRemaining: 2 });
    expect((await eventsAbout(enso, unused.body.membership.id)).at(-1)).toMatchObject({ type: 'membership.cancelled.v1', payload: { accessUntil: null } });
  });

  it('grants a dollar pack’s credit on commerce’s ledger', async () => {
    const plan = await createPlan(a, { name: '100 € of credit', kind: 'dollar_pack', priceMinor: 9000, dollarCreditMinor: 10000 });
    const ana = await makeCustomer(a);

    const sale = await postWithKey(a.admin, '/api/v1/memberships', { customerId: ana.id, planId: plan.id, method: 'cash' });
    const balance = await a.admin.get(`/api/v1/customers/${ana.id}/credits`);

    expect(sale.status).toBe(201);
    expect(balance.status).toBe(200);
    expect(balance.body.balanceMinor).toBe(10000);
  });
});
