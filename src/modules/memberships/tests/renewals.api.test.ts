import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../kernel/clock.ts';
import type { StudioId } from '../../../kernel/ids.ts';
import { withStudio } from '../../../platform/db/tx.ts';
import { testDatabaseKinds } from '../../../platform/testing/database.ts';
import { makeCustomer, makeStudio, type StudioFixture, type TestEnso } from '../../../platform/testing/enso.ts';
import type { StripeStub } from '../../../platform/testing/stripe-stub.ts';
import { deliver, newKey, postWithKey, saveCard, startWithStripe, stopWithStripe } from '../../commerce/tests/fixtures.ts';
import { chargeRenewalJobName } from '../jobs.ts';
import * as renewalsRepo from '../renewals/repo.ts';
import { createPlan, eventsAbout, maintain, monthly, staffCtx } from './fixtures.ts';

describe.each(testDatabaseKinds())('renewals (%s)', (kind) => {
  let stub: StripeStub;
  let enso: TestEnso;
  let a: StudioFixture;
  let planId: string;
  // Bought on 31 January: renewals on 28 February, then 31 March (the month-end rule).
  const start = '2027-01-31T10:00:00Z';
  const clock = fixedClock(start);

  beforeAll(async () => {
    ({ stub, enso, a } = await startWithStripe(kind, { clock }));
    planId = (await createPlan(a, monthly({ priceMinor: 8000, taxRateBp: 2000 }))).id;
  });
  beforeEach(() => clock.set(start));
  afterAll(() => stopWithStripe(enso, stub));

  const ctx = () => staffCtx(a, clock);
  const succeeded = () => stub.paymentIntents().filter((p) => p.status === 'succeeded').length;
  const renewalOf = (membershipId: string, periodStart: string) =>
    withStudio(enso.database, a.studioId as StudioId, (tx) => renewalsRepo.findRenewalFor(tx, ctx(), membershipId, periodStart));

  /** A customer with a saved card and a monthly membership sold at the desk through commerce's checkout. */
  async function member(card = 'pm_card_visa') {
    const ana = await makeCustomer(a);
    await saveCard(enso, a, stub, ana.id, card);
    const sale = await postWithKey(a.admin, '/api/v1/memberships', { customerId: ana.id, planId, method: 'cash' });
    if (sale.status !== 201) throw new Error(JSON.stringify(sale.body));
    return { customerId: ana.id, membershipId: sale.body.membership.id as string, orderId: sale.body.orderId as string };
  }

  it('sells a plan from the profile through checkout, once per Idempotency-Key', async () => {
    const ana = await makeCustomer(a);
    const key = newKey();

    const first = await postWithKey(a.admin, '/api/v1/memberships', { customerId: ana.id, planId, method: 'cash' }, key);
    const replay = await postWithKey(a.admin, '/api/v1/memberships', { customerId: ana.id, planId, method: 'cash' }, key);
    const list = await a.admin.get(`/api/v1/memberships?customerId=${ana.id}`);

    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ orderStatus: 'paid', paymentStatus: 'paid', membership: { status: 'active', periodEnd: '2027-02-28', orderId: first.body.orderId } });
    expect(replay.body.orderId).toBe(first.body.orderId);
    expect(list.body.items).toHaveLength(1);
  });

  it('charges the saved card on the renewal date, once, even when the job runs twice', async () => {
    const { membershipId } = await member();
    const before = succeeded();
    clock.set('2027-02-27T23:30:00Z'); // 00:30 on 28 February in Paris

    await maintain(enso, a, clock);
    await enso.jobs.runDueJobs({ names: [chargeRenewalJobName] });
    const again = await enso.services.renewals.chargeRenewal(ctx(), { membershipId, periodStart: '2027-02-28' });
    await maintain(enso, a, clock);
    await enso.jobs.runDueJobs({ names: [chargeRenewalJobName] });

    expect(again).toBe('skipped');
    expect(succeeded() - before).toBe(1);
    expect(stub.paymentIntents().at(-1)).toMatchObject({ amount: 9600, status: 'succeeded' }); // 80.00 + 20 % tax
    expect(await enso.services.memberships.getMembership(ctx(), membershipId)).toMatchObject({ status: 'active', periodStart: '2027-02-28', periodEnd: '2027-03-31' });
    expect(await renewalOf(membershipId, '2027-02-28')).toMatchObject({ status: 'paid', attempts: 1 });
    expect((await eventsAbout(enso, membershipId)).map((e) => e.type)).toEqual(['membership.purchased.v1', 'membership.renewed.v1']);
  });

  it('charges once when the worker dies after the charge and the job runs again', async () => {
    const { membershipId } = await member();
    const before = succeeded();
    clock.set('2027-02-28T08:00:00Z');

    const crashed = await enso.services.renewals.chargeRenewal(ctx(), { membershipId, periodStart: '2027-02-28' }, { failAfterCharge: true }).catch((e: Error) => e);
    const rerun = await enso.services.renewals.chargeRenewal(ctx(), { membershipId, periodStart: '2027-02-28' });

    expect(crashed).toBeInstanceOf(Error);
    expect(rerun).toBe('skipped');
    expect(succeeded() - before).toBe(1);
    expect(await renewalOf(membershipId, '2027-02-28')).toMatchObject({ status: 'paid', attempts: 1 });
  });

  it('never starts a second attempt while a lost charge is unsettled: the job re-sends the same key', async () => {
    const { membershipId } = await member();
    const before = succeeded();
    clock.set('2027-02-28T08:00:00Z');

    stub.failNext(3, { reset: true, afterProcessing: true });
    const lost = await enso.services.renewals.chargeRenewal(ctx(), { membershipId, periodStart: '2027-02-28' }).catch((e: Error) => e);
    const rerun = await enso.services.renewals.chargeRenewal(ctx(), { membershipId, periodStart: '2027-02-28' }).catch((e: Error) => e);
    clock.advance(2 * 60 * 60 * 1000);
    await maintain(enso, a, clock);
    await enso.jobs.runDueJobs({ names: [chargeRenewalJobName] });

    expect(lost).toBeInstanceOf(Error);
    expect(rerun).toMatchObject({ code: 'commerce_unavailable' });
    expect(succeeded() - before).toBe(1);
    expect(await renewalOf(membershipId, '2027-02-28')).toMatchObject({ status: 'charging', attempts: 1 });
  });

  it('charges once when the provider’s answer is lost and the webhook arrives first', async () => {
    const { membershipId } = await member();
    const before = succeeded();
    clock.set('2027-02-28T08:00:00Z');

    // The charge happens at Stripe but its answer (and the SDK's retries) never comes back.
    stub.failNext(3, { reset: true, afterProcessing: true });
    const lost = await enso.services.renewals.chargeRenewal(ctx(), { membershipId, periodStart: '2027-02-28' }).catch((e: Error) => e);
    const charging = await renewalOf(membershipId, '2027-02-28');
    const pi = stub.paymentIntents().at(-1)!;
    const statuses = await deliver(enso, a, stub, [stub.event('payment_intent.succeeded', pi)]);
    const rerun = await enso.services.renewals.chargeRenewal(ctx(), { membershipId, periodStart: '2027-02-28' });

    expect(lost).toBeInstanceOf(Error);
    expect(charging).toMatchObject({ status: 'charging', attempts: 1 });
    expect(statuses).toEqual([200]);
    expect(rerun).toBe('skipped');
    expect(succeeded() - before).toBe(1);
    expect(await renewalOf(membershipId, '2027-02-28')).toMatchObject({ status: 'paid', attempts: 1 });
    expect((await eventsAbout(enso, membershipId)).filter((e) => e.type === 'membership.renewed.v1')).toHaveLength(1);
  });

  it('puts a declined renewal past due, retries after 1, 3 and 5 days, then expires it; staff can retry now', async () => {
    const { membershipId, customerId } = await member('pm_card_chargeCustomerFail');
    clock.set('2027-02-28T08:00:00Z');

    await enso.services.renewals.chargeRenewal(ctx(), { membershipId, periodStart: '2027-02-28' });
    const afterFirst = await renewalOf(membershipId, '2027-02-28');
    const status = (await enso.services.memberships.getMembership(ctx(), membershipId)).status;
    const early = await enso.services.renewals.chargeRenewal(ctx(), { membershipId, periodStart: '2027-02-28' });
    const retried = await enso.services.renewals.retryRenewal(ctx(), afterFirst!.id);
    for (const days of [3, 5]) {
      clock.advance(days * 24 * 60 * 60 * 1000 + 60_000);
      await maintain(enso, a, clock);
      await enso.jobs.runDueJobs({ names: [chargeRenewalJobName] });
    }

    expect(afterFirst).toMatchObject({ status: 'failed', attempts: 1, nextAttemptAt: new Date('2027-03-01T08:00:00Z') });
    expect(status).toBe('past_due');
    expect(early).toBe('skipped');
    expect(retried).toMatchObject({ status: 'failed', attempts: 2 });
    expect(retried.history.map((h) => h.status)).toEqual(['failed', 'failed']);
    const other = await makeStudio(enso);
    expect((await other.admin.post(`/api/v1/memberships/renewals/${afterFirst!.id}/retry`, {})).status).toBe(404);
    expect((await other.admin.get(`/api/v1/memberships/renewals?customerId=${customerId}`)).body.items).toEqual([]);
    expect(await renewalOf(membershipId, '2027-02-28')).toMatchObject({ status: 'abandoned', attempts: 4 });
    expect((await enso.services.memberships.getMembership(ctx(), membershipId)).status).toBe('expired');
    const types = (await eventsAbout(enso, membershipId)).map((e) => e.type);
    expect(types.filter((t) => t === 'membership.renewal_failed.v1')).toHaveLength(4);
    expect(types.at(-1)).toBe('membership.expired.v1');
  });

  it('starts the per-period credits again at each paid renewal', async () => {
    const perPeriod = await createPlan(a, monthly({ name: 'Eight a month', creditsMode: 'per_period', creditsCount: 8 }));
    const ana = await makeCustomer(a);
    await saveCard(enso, a, stub, ana.id);
    const sale = await postWithKey(a.admin, '/api/v1/memberships', { customerId: ana.id, planId: perPeriod.id, method: 'cash' });
    const membershipId = sale.body.membership.id as string;
    for (const bookingId of ['bkg_p1', 'bkg_p2']) {
      await withStudio(enso.database, a.studioId as StudioId, (tx) => enso.services.memberships.consumeCredit(tx, ctx(), { membershipId, bookingId }));
    }
    clock.set('2027-02-28T08:00:00Z');

    await enso.services.renewals.chargeRenewal(ctx(), { membershipId, periodStart: '2027-02-28' });
    const returned = await withStudio(enso.database, a.studioId as StudioId, (tx) => enso.services.memberships.returnCredit(tx, ctx(), { membershipId, bookingId: 'bkg_p1' }));

    expect(returned).toBeNull(); // spent in the period before: that period's credits are gone
    const ledger = await enso.services.memberships.listCredits(ctx(), membershipId);
    expect(ledger.creditsRemaining).toBe(8);
    expect(ledger.items.map((e) => [e.reason, e.delta, e.balanceAfter])).toEqual([
      ['period_grant', 2, 8],
      ['booking', -1, 6],
      ['booking', -1, 7],
      ['period_grant', 8, 8],
    ]);
  });

  it('refuses a plan that needs the membership waiver until it is signed', async () => {
    await a.admin.post('/api/v1/waivers', { kind: 'membership', title: 'Membership agreement', body: 'I agree to the membership terms.' });
    const withWaiver = await createPlan(a, monthly({ name: 'With waiver', waiverRequired: true }));
    const ana = await makeCustomer(a);

    const sale = await postWithKey(a.admin, '/api/v1/memberships', { customerId: ana.id, planId: withWaiver.id, method: 'cash' });

    expect(sale.status).toBe(409);
    expect(sale.body.code).toBe('waiver_required');
    expect(sale.body.details.waivers).toEqual([expect.objectContaining({ title: 'Membership agreement' })]);
  });

  it('lists upcoming and past renewals for the Renewals tab', async () => {
    const { customerId, membershipId } = await member();

    const res = await a.admin.get(`/api/v1/memberships/renewals?customerId=${customerId}`);

    expect(res.body.items).toEqual([expect.objectContaining({ id: `upcoming:${membershipId}`, status: 'upcoming', periodStart: '2027-02-28', periodEnd: '2027-03-31', amountMinor: 8000 })]);
  });
});
