import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { instantToZoned } from '../../../../kernel/time.ts';
import { testDatabaseKinds } from '../../../../platform/testing/database.ts';
import { makeCustomer, type StudioFixture, type TestEnso } from '../../../../platform/testing/enso.ts';
import type { StripeStub } from '../../../../platform/testing/stripe-stub.ts';
import { eventsOf, postWithKey, saveCard, startWithStripe, stopWithStripe } from '../../../commerce/tests/fixtures.ts';
import { insertBooking, makeClass, publishOffence, settle } from './support.ts';

const day = 86_400_000;

describe.each(testDatabaseKinds())('penalties (%s)', (kind) => {
  let stub: StripeStub;
  let enso: TestEnso;
  let a: StudioFixture;
  let occurrenceId: string;

  beforeAll(async () => {
    ({ stub, enso, a } = await startWithStripe(kind));
    ({ occurrenceId } = await makeClass(a, { date: '2026-01-05', startTime: '10:00' }));
  });
  afterAll(() => stopWithStripe(enso, stub));

  /** A rule that is the only active one of the studio (earlier tests' rules are removed). */
  async function onlyRule(rule: Record<string, unknown>) {
    for (const r of (await a.admin.get('/api/v1/penalty-rules')).body.items) await a.admin.request('DELETE', `/api/v1/penalty-rules/${r.id}`);
    const res = await a.admin.post('/api/v1/penalty-rules', { offence: 'no_show', countMode: 'every', countN: 1, periodKind: 'days', periodN: 30, feeMinor: 1500, ...rule });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body as { id: string };
  }

  /** A no-show recorded `daysAgo` days ago, and its event delivered (twice when asked). */
  async function noShow(customerId: string, options: { daysAgo?: number; membershipId?: string; planId?: string; deliverTwice?: boolean } = {}) {
    const at = new Date(enso.clock.now().getTime() - (options.daysAgo ?? 0) * day - 60_000);
    const id = await insertBooking(enso, a, { occurrenceId, customerId, status: 'no_show', noShowAt: at, ...(options.membershipId ? { membershipId: options.membershipId, paymentMethod: 'membership' } : {}) });
    const facts = { occurrenceId, customerId, membershipId: options.membershipId ?? null, planId: options.planId ?? null };
    await publishOffence(enso, a, id, 'booking.no_show.v1', facts);
    if (options.deliverTwice) await publishOffence(enso, a, id, 'booking.no_show.v1', facts);
    await settle(enso);
    return id;
  }

  const penaltiesOf = async (customerId: string) => (await a.admin.get(`/api/v1/penalties?customerId=${customerId}`)).body.items as { id: string; status: string; bookingId: string; amountMinor: number; failureMessage: string | null; orderId: string | null; className: string }[];

  it('creates, lists, changes and removes rules; a days period needs a length', async () => {
    const created = await onlyRule({ countMode: 'minimum', countN: 3 });
    const bad = await a.admin.post('/api/v1/penalty-rules', { offence: 'late_cancel', countMode: 'every', countN: 2, periodKind: 'months', feeMinor: 500 });
    const patched = await a.admin.request('PATCH', `/api/v1/penalty-rules/${created.id}`, { body: { periodKind: 'renewal_period', countN: 2 } });
    const list = await a.admin.get('/api/v1/penalty-rules');
    const removed = await a.admin.request('DELETE', `/api/v1/penalty-rules/${created.id}`);

    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([{ path: 'periodN', message: 'Say how many days or months to look back.' }]);
    expect(patched.body).toMatchObject({ periodKind: 'renewal_period', periodN: null, countN: 2, countMode: 'minimum', currency: 'EUR' });
    expect(list.body.items.map((r: { id: string }) => r.id)).toEqual([created.id]);
    expect(removed.status).toBe(204);
    expect((await a.admin.get('/api/v1/penalty-rules')).body.items).toEqual([]);
  });

  it('charges a no-show fee to the saved card once, even when the event is delivered twice', async () => {
    await onlyRule({});
    const customer = await makeCustomer(a);
    await saveCard(enso, a, stub, customer.id);
    const chargesBefore = stub.counts().succeededPaymentIntents;

    const bookingId = await noShow(customer.id, { deliverTwice: true });
    await settle(enso);

    const [penalty, ...others] = await penaltiesOf(customer.id);
    expect(others).toEqual([]);
    expect(penalty).toMatchObject({ bookingId, status: 'charged', amountMinor: 1500 });
    expect(stub.counts().succeededPaymentIntents - chargesBefore).toBe(1);
    const order = await a.admin.get(`/api/v1/commerce/orders/${penalty!.orderId}`);
    expect(order.body.lines.map((l: { kind: string; description: string; totalMinor: number }) => [l.kind, l.description, l.totalMinor])).toEqual([['penalty_fee', 'No-show fee', 1500]]);
    expect((await eventsOf(enso, a, 'penalty.applied.v1')).filter((e) => e.subject_id === penalty!.id)).toHaveLength(1);
    expect((await eventsOf(enso, a, 'penalty.charged.v1')).filter((e) => e.subject_id === penalty!.id)).toHaveLength(1);
  });

  it('records the fee as owed when the customer has no saved card', async () => {
    await onlyRule({});
    const customer = await makeCustomer(a);

    await noShow(customer.id);

    const [penalty] = await penaltiesOf(customer.id);
    expect(penalty).toMatchObject({ status: 'owed', failureMessage: 'No saved card to charge.', orderId: null });
    expect((await eventsOf(enso, a, 'penalty.owed.v1')).find((e) => e.subject_id === penalty!.id)?.payload.reason).toBe('no_saved_card');
  });

  it('records a declined card as owed with the decline', async () => {
    await onlyRule({});
    const customer = await makeCustomer(a);
    await saveCard(enso, a, stub, customer.id, 'pm_card_chargeCustomerFail');

    await noShow(customer.id);

    const [penalty] = await penaltiesOf(customer.id);
    expect(penalty?.status).toBe('owed');
    expect(penalty?.failureMessage).toBeTruthy();
    expect(penalty?.orderId).not.toBeNull();
  });

  it('applies "every 2nd no-show" at the 2nd and 4th only, within the 30-day look-back', async () => {
    await onlyRule({ countMode: 'every', countN: 2 });
    const customer = await makeCustomer(a);

    const old = await noShow(customer.id, { daysAgo: 80 });
    const first = await noShow(customer.id, { daysAgo: 20 });
    const second = await noShow(customer.id, { daysAgo: 10 });
    const third = await noShow(customer.id, { daysAgo: 5 });
    const fourth = await noShow(customer.id, { daysAgo: 1 });

    const penalised = (await penaltiesOf(customer.id)).map((p) => p.bookingId).sort();
    expect(penalised).toEqual([second, fourth].sort());
    expect(penalised).not.toContain(old);
    expect(penalised).not.toContain(first);
    expect(penalised).not.toContain(third);
  });

  it('applies "exactly 2" once and "minimum 3" from the 3rd on', async () => {
    const exactly = await makeCustomer(a);
    await onlyRule({ countMode: 'exactly', countN: 2 });
    const e = [await noShow(exactly.id, { daysAgo: 3 }), await noShow(exactly.id, { daysAgo: 2 }), await noShow(exactly.id, { daysAgo: 1 })];
    const minimum = await makeCustomer(a);
    await onlyRule({ countMode: 'minimum', countN: 3 });
    const m = [await noShow(minimum.id, { daysAgo: 4 }), await noShow(minimum.id, { daysAgo: 3 }), await noShow(minimum.id, { daysAgo: 2 }), await noShow(minimum.id, { daysAgo: 1 })];

    expect((await penaltiesOf(exactly.id)).map((p) => p.bookingId)).toEqual([e[1]]);
    expect((await penaltiesOf(minimum.id)).map((p) => p.bookingId).sort()).toEqual([m[2], m[3]].sort());
  });

  it('counts only bookings of the rule plans, within the membership renewal period', async () => {
    const plan = await a.admin.post('/api/v1/memberships/plans', { name: 'Ten classes', kind: 'class_pack', priceMinor: 9000, creditsMode: 'total', creditsCount: 10 });
    const customer = await makeCustomer(a);
    const sale = await postWithKey(a.admin, '/api/v1/memberships', { customerId: customer.id, planId: plan.body.id, method: 'cash' });
    expect(sale.status, JSON.stringify(sale.body)).toBe(201);
    const membershipId = sale.body.membership.id as string;
    await onlyRule({ countMode: 'exactly', countN: 1, periodKind: 'renewal_period', periodN: null, planIds: [plan.body.id] });

    // Before the period began (the membership starts today): not counted. Without the plan: neither.
    await noShow(customer.id, { daysAgo: 3, membershipId, planId: plan.body.id });
    const unpaid = await noShow(customer.id);
    const inPeriod = await noShow(customer.id, { membershipId, planId: plan.body.id });

    const penalised = (await penaltiesOf(customer.id)).map((p) => p.bookingId);
    expect(penalised).toEqual([inPeriod]);
    expect(penalised).not.toContain(unpaid);
  });

  it('counts late cancels for late-cancel rules', async () => {
    await onlyRule({ offence: 'late_cancel' });
    const customer = await makeCustomer(a);
    const id = await insertBooking(enso, a, { occurrenceId, customerId: customer.id, status: 'late_cancelled', cancelledAt: enso.clock.now() });
    await publishOffence(enso, a, id, 'booking.late_cancelled.v1', { occurrenceId, customerId: customer.id });
    await settle(enso);

    const [penalty] = await penaltiesOf(customer.id);
    expect(penalty).toMatchObject({ bookingId: id, status: 'owed' });
  });

  it('fines a late cancel made through the cancel flow', async () => {
    await onlyRule({ offence: 'late_cancel', feeMinor: 700 });
    const customer = await makeCustomer(a);
    // A class starting in 30 minutes (inside the default 60-minute late-cancel window).
    const start = instantToZoned(new Date(enso.clock.now().getTime() + 30 * 60_000), 'Europe/Paris');
    const soon = await makeClass(a, { date: start.date, startTime: `${String(Math.floor(start.minute / 60)).padStart(2, '0')}:${String(start.minute % 60).padStart(2, '0')}` });
    const booked = await postWithKey(a.admin, '/api/v1/bookings', { occurrenceId: soon.occurrenceId, customerId: customer.id, payment: { method: 'complimentary' } });
    expect(booked.status, JSON.stringify(booked.body)).toBe(201);

    const cancelled = await a.admin.post(`/api/v1/bookings/${booked.body.booking.id}/cancel`, {});
    await settle(enso);

    expect(cancelled.body.status).toBe('late_cancelled');
    expect(await penaltiesOf(customer.id)).toMatchObject([{ bookingId: booked.body.booking.id, status: 'owed', amountMinor: 700, className: expect.any(String) }]);
  });

  it('waives an owed penalty without a refund', async () => {
    await onlyRule({});
    const customer = await makeCustomer(a);
    await noShow(customer.id);
    const [owed] = await penaltiesOf(customer.id);

    const res = await a.admin.post(`/api/v1/penalties/${owed!.id}/waive`, {});
    const again = await a.admin.post(`/api/v1/penalties/${owed!.id}/waive`, {});

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'waived', orderId: null });
    expect(again.body.status).toBe('waived');
    expect((await eventsOf(enso, a, 'penalty.waived.v1')).filter((e) => e.subject_id === owed!.id).map((e) => e.payload.refunded)).toEqual([false]);
  });

  it('waives a pending penalty before its charge, which then charges nothing', async () => {
    await onlyRule({});
    const customer = await makeCustomer(a);
    await saveCard(enso, a, stub, customer.id);
    const chargesBefore = stub.counts().succeededPaymentIntents;
    const id = await insertBooking(enso, a, { occurrenceId, customerId: customer.id, status: 'no_show', noShowAt: enso.clock.now() });
    await publishOffence(enso, a, id, 'booking.no_show.v1', { occurrenceId, customerId: customer.id });
    await enso.dispatcher.dispatchNow();
    await enso.jobs.runDueJobs({ names: ['events.deliver'] });
    const [pending] = await penaltiesOf(customer.id);
    expect(pending?.status).toBe('pending');

    const res = await a.admin.post(`/api/v1/penalties/${pending!.id}/waive`, {});
    await settle(enso);

    expect(res.body.status).toBe('waived');
    expect((await penaltiesOf(customer.id))[0]?.status).toBe('waived');
    expect(stub.counts().succeededPaymentIntents).toBe(chargesBefore);
  });

  it('waives a charged penalty by refunding the card', async () => {
    await onlyRule({});
    const customer = await makeCustomer(a);
    await saveCard(enso, a, stub, customer.id);
    await noShow(customer.id);
    const [charged] = await penaltiesOf(customer.id);
    expect(charged?.status).toBe('charged');
    const refundsBefore = stub.refunds().length;
    const desk = await a.staff('front_desk');

    const denied = await desk.post(`/api/v1/penalties/${charged!.id}/waive`, {});
    const res = await a.admin.post(`/api/v1/penalties/${charged!.id}/waive`, {});

    expect(denied.status).toBe(403);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.status).toBe('waived');
    expect(stub.refunds().length - refundsBefore).toBe(1);
    const order = await a.admin.get(`/api/v1/commerce/orders/${charged!.orderId}`);
    expect(order.body.status).toBe('refunded');
    expect((await eventsOf(enso, a, 'penalty.waived.v1')).filter((e) => e.subject_id === charged!.id).map((e) => e.payload.refunded)).toEqual([true]);
  });

  it('filters penalties by status and pages them', async () => {
    const owed = await a.admin.get('/api/v1/penalties?status=owed&limit=1');
    const bad = await a.admin.get('/api/v1/penalties?status=lost');

    expect(owed.body.items).toHaveLength(1);
    expect(owed.body.items[0].status).toBe('owed');
    expect(owed.body.nextCursor).not.toBeNull();
    expect((await a.admin.get(`/api/v1/penalties?status=owed&limit=1&cursor=${owed.body.nextCursor}`)).body.items[0].id).not.toBe(owed.body.items[0].id);
    expect(bad.status).toBe(400);
  });
});
