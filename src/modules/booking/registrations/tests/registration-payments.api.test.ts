import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../../kernel/clock.ts';
import type { StudioId } from '../../../../kernel/ids.ts';
import { rowsOf, withStudio, withSystem } from '../../../../platform/db/tx.ts';
import type { TestClient } from '../../../../platform/testing/client.ts';
import { problem } from '../../../../platform/testing/client.ts';
import { testDatabaseKinds } from '../../../../platform/testing/database.ts';
import { makeCustomer, type TestEnso } from '../../../../platform/testing/enso.ts';
import type { StripeStub } from '../../../../platform/testing/stripe-stub.ts';
import { confirmInBrowser, startWithStripe, stopWithStripe } from '../../../commerce/tests/fixtures.ts';
import { equipForClasses } from '../../../schedule/tests/schedule-fixtures.ts';
import { releaseExpiredHoldsJobName } from '../../book/jobs.ts';
import { bookedCount, newKey, payloadOf, signedUpCustomer, staffBook, type ScheduleStudio } from '../../book/tests/fixtures.ts';
import { expireUnpaidRegistrationsJobName } from '../jobs.ts';
import { makeCourse } from './fixtures.ts';

const minute = 60_000;

/**
 * Registrations and their money after the fact: a card payment nobody completes (the holds run
 * out), one that completes late, and the registration's order refunded in Sales.
 */
describe.each(testDatabaseKinds())('registration payments and refunds (%s)', (kind) => {
  const start = '2027-03-01T09:00:00Z';
  const clock = fixedClock(start);
  let enso: TestEnso;
  let stub: StripeStub;
  let s: ScheduleStudio;

  beforeAll(async () => {
    const started = await startWithStripe(kind, { clock });
    ({ enso, stub } = started);
    s = await equipForClasses(started.a, { template: { name: 'Pilates course', category: 'Pilates' } });
  });
  afterAll(() => stopWithStripe(enso, stub));
  beforeEach(() => clock.set(start));

  const course = (capacity = 5) => makeCourse(enso, s, { capacity });

  const registerOwn = (client: TestClient, body: Record<string, unknown>) => client.request('POST', `/api/public/v1/studios/${s.slug}/me/registrations`, { body, headers: { 'idempotency-key': newKey() } });
  const registerAsStaff = (body: Record<string, unknown>) => s.admin.request('POST', '/api/v1/registrations', { body, headers: { 'idempotency-key': newKey() } });
  const runJob = async (name: string) => {
    await withSystem(enso.database, (tx) => enso.jobs.enqueue(tx, name, { slot: `${clock.now().toISOString()}#${newKey()}` }));
    await enso.jobs.runDueJobs({ names: [name] });
  };
  const counts = (ids: readonly string[]) => Promise.all(ids.map((id) => bookedCount(enso, s, id)));
  const statuses = async (bookingIds: readonly string[]) => Promise.all(bookingIds.map(async (id) => (await s.admin.get(`/api/v1/bookings/${id}`)).body.status as string));
  const eventCount = (subjectId: string, type: string) =>
    withStudio(enso.database, s.studioId as StudioId, async (tx) => Number(rowsOf<{ n: number }>(await tx.execute(sql`select count(*) as n from events where studio_id = ${s.studioId} and subject_id = ${subjectId} and type = ${type}`))[0]!.n));

  /** A customer starts registering by card online and leaves the payment waiting for the browser. */
  async function unpaidCardRegistration(seriesId: string, firstName: string) {
    const customer = await signedUpCustomer(s, firstName);
    const res = await registerOwn(customer.client, { seriesId, payment: { method: 'card' } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.registration.status).toBe('pending');
    expect(res.body.payment).toMatchObject({ status: 'requires_action', clientSecret: expect.any(String) });
    return { ...customer, registration: res.body.registration, payment: res.body.payment as { orderId: string; clientSecret: string } };
  }

  it('a card registration nobody pays ends when its holds run out: cancelled, its spots given back, registration.cancelled.v1, and the customer may register again', async () => {
    const c = await course();
    const una = await unpaidCardRegistration(c.seriesId, 'Una');
    expect(await counts(c.classIds)).toEqual([1, 1, 1]);

    await runJob(expireUnpaidRegistrationsJobName);
    expect((await s.admin.get(`/api/v1/registrations/${una.registration.id}`)).body.status).toBe('pending');

    clock.advance(21 * minute);
    await runJob(releaseExpiredHoldsJobName);
    await runJob(expireUnpaidRegistrationsJobName);
    const after = await s.admin.get(`/api/v1/registrations/${una.registration.id}`);
    const again = await registerOwn(una.client, { seriesId: c.seriesId, payment: { method: 'card' } });

    expect(after.body.status).toBe('cancelled');
    expect(await statuses(una.registration.bookingIds)).toEqual(['removed', 'removed', 'removed']);
    expect(await payloadOf(enso, s, una.registration.id, 'registration.cancelled.v1')).toMatchObject({ customerId: una.id, refundKind: 'none', refundMinor: 0, by: 'system', reason: 'unpaid' });
    expect(again.status, JSON.stringify(again.body)).toBe(201);
    expect(again.body.registration).toMatchObject({ status: 'pending' });
    expect(again.body.registration.id).not.toBe(una.registration.id);
    expect(await counts(c.classIds)).toEqual([1, 1, 1]);
  });

  it('the sweep alone gives the spots back, and registering again before any sweep ends the lapsed attempt first', async () => {
    const c = await course();
    const first = await unpaidCardRegistration(c.seriesId, 'Vic');
    const second = await unpaidCardRegistration(c.seriesId, 'Wes');

    clock.advance(21 * minute);
    const again = await registerOwn(second.client, { seriesId: c.seriesId, payment: { method: 'card' } });
    const firstBeforeSweep = (await s.admin.get(`/api/v1/registrations/${first.registration.id}`)).body.status;
    await runJob(expireUnpaidRegistrationsJobName);

    expect(firstBeforeSweep).toBe('pending');
    expect((await s.admin.get(`/api/v1/registrations/${first.registration.id}`)).body.status).toBe('cancelled');
    expect(await statuses(first.registration.bookingIds)).toEqual(['removed', 'removed', 'removed']);
    expect(again.status, JSON.stringify(again.body)).toBe(201);
    expect((await s.admin.get(`/api/v1/registrations/${second.registration.id}`)).body.status).toBe('cancelled');
    expect(await eventCount(second.registration.id, 'registration.cancelled.v1')).toBe(1);
    expect(await counts(c.classIds)).toEqual([1, 1, 1]);
  });

  it('a card payment completed after the holds ran out books every class again when each still has room', async () => {
    const c = await course();
    const xia = await unpaidCardRegistration(c.seriesId, 'Xia');
    clock.advance(21 * minute);
    await runJob(releaseExpiredHoldsJobName);
    await runJob(expireUnpaidRegistrationsJobName);
    expect(await counts(c.classIds)).toEqual([0, 0, 0]);

    await confirmInBrowser(stub, xia.payment.clientSecret);
    const confirmed = await xia.client.post(`/api/public/v1/studios/${s.slug}/me/orders/${xia.payment.orderId}/confirm`);
    const reg = await s.admin.get(`/api/v1/registrations/${xia.registration.id}`);
    const order = await s.admin.get(`/api/v1/commerce/orders/${xia.payment.orderId}`);

    expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200);
    expect(confirmed.body.order.status).toBe('paid');
    expect(reg.body).toMatchObject({ status: 'active', paidMinor: 9000 });
    expect(await statuses(reg.body.bookingIds)).toEqual(['booked', 'booked', 'booked']);
    expect(await counts(c.classIds)).toEqual([1, 1, 1]);
    expect(order.body.lines[0].fulfilmentError).toBeNull();
    expect(await eventCount(xia.registration.id, 'registration.created.v1')).toBe(1);

    // Refunded in full to the card afterwards: the registration ends, each class recording its share as refunded to the card.
    const refunded = await s.admin.request('POST', `/api/v1/commerce/orders/${xia.payment.orderId}/refunds`, { body: { amountMinor: 9000, destination: 'card' }, headers: { 'idempotency-key': newKey() } });
    expect(refunded.status, JSON.stringify(refunded.body)).toBe(201);
    expect((await s.admin.get(`/api/v1/registrations/${xia.registration.id}`)).body.status).toBe('cancelled');
    expect(await payloadOf(enso, s, reg.body.bookingIds[2], 'booking.cancelled.v1')).toMatchObject({ reason: 'registration_cancelled', refundKind: 'card', refundMinor: 3000 });
    expect(await payloadOf(enso, s, xia.registration.id, 'registration.cancelled.v1')).toMatchObject({ refundKind: 'card', refundMinor: 9000, reason: 'order_refunded' });
    expect(await counts(c.classIds)).toEqual([0, 0, 0]);
  });

  it('a card payment completed after the holds ran out and a class filled: the order is paid, its line flagged for a refund, the registration stays ended and takes no spot', async () => {
    const c = await course(1);
    const yan = await unpaidCardRegistration(c.seriesId, 'Yan');
    clock.advance(21 * minute);
    await runJob(releaseExpiredHoldsJobName);
    const zoe = await makeCustomer(s);
    expect((await staffBook(s.admin, { occurrenceId: c.classIds[1], customerId: zoe.id, joinWaitlistIfFull: false })).status).toBe(201);

    await confirmInBrowser(stub, yan.payment.clientSecret);
    const confirmed = await yan.client.post(`/api/public/v1/studios/${s.slug}/me/orders/${yan.payment.orderId}/confirm`);
    const order = await s.admin.get(`/api/v1/commerce/orders/${yan.payment.orderId}`);
    await runJob(expireUnpaidRegistrationsJobName);
    const reg = await s.admin.get(`/api/v1/registrations/${yan.registration.id}`);

    expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200);
    expect(confirmed.body.order.status).toBe('paid');
    expect(order.body.lines[0].fulfilmentError).toMatch(/filled before the payment completed: refund the payment/);
    expect(reg.body.status).toBe('cancelled');
    expect(await statuses(yan.registration.bookingIds)).toEqual(['removed', 'removed', 'removed']);
    expect(await counts(c.classIds)).toEqual([0, 1, 0]);
    expect(await eventCount(yan.registration.id, 'registration.created.v1')).toBe(0);
  });

  it('refunding the registration’s order in full in Sales cancels it once: the classes to come end with the refund recorded, their spots go to the waitlist, nothing more is given', async () => {
    const c = await course(1);
    const ana = await makeCustomer(s);
    const ben = await makeCustomer(s);
    // Automatic promotion takes payment then: Ben pays with prepaid credit.
    expect((await s.admin.post(`/api/v1/customers/${ben.id}/credits/adjustments`, { deltaMinor: 20_000, note: 'Top-up' })).status).toBe(200);
    const reg = (await registerAsStaff({ seriesId: c.seriesId, customerId: ana.id, payment: { method: 'cash' } })).body.registration;
    expect(reg.status).toBe('active');
    const waiting = await staffBook(s.admin, { occurrenceId: c.classIds[0], customerId: ben.id });
    expect(waiting.body.booking.status).toBe('waitlisted');
    const orderId = (await s.admin.get(`/api/v1/bookings/${reg.bookingIds[0]}`)).body.orderId as string;

    const refunded = await s.admin.request('POST', `/api/v1/commerce/orders/${orderId}/refunds`, { body: { amountMinor: 9000, destination: 'cash', reason: 'Moving away' }, headers: { 'idempotency-key': newKey() } });
    await enso.jobs.runDueJobs();
    const after = await s.admin.get(`/api/v1/registrations/${reg.id}`);
    const places = await Promise.all((reg.bookingIds as string[]).map(async (id) => (await s.admin.get(`/api/v1/bookings/${id}`)).body));
    const cancelAfter = await s.admin.post(`/api/v1/registrations/${reg.id}/cancel`);

    expect(refunded.status, JSON.stringify(refunded.body)).toBe(201);
    expect(after.body.status).toBe('cancelled');
    expect(places.map((b) => [b.status, b.refundKind, b.refundMinor])).toEqual([
      ['cancelled', 'cash', 3000],
      ['cancelled', 'cash', 3000],
      ['cancelled', 'cash', 3000],
    ]);
    expect(await payloadOf(enso, s, reg.id, 'registration.cancelled.v1')).toMatchObject({ refundKind: 'cash', refundMinor: 9000, by: 'staff', reason: 'order_refunded' });
    expect(await eventCount(reg.id, 'registration.cancelled.v1')).toBe(1);
    expect(await payloadOf(enso, s, reg.bookingIds[0], 'booking.cancelled.v1')).toMatchObject({ reason: 'registration_cancelled', refundKind: 'cash', refundMinor: 3000 });
    expect((await s.admin.get(`/api/v1/bookings/${waiting.body.booking.id}`)).body.status).toBe('booked');
    expect(await counts(c.classIds)).toEqual([1, 0, 0]);
    expect(cancelAfter.body).toMatchObject(problem(409, 'not_cancellable'));
    expect((await s.admin.get(`/api/v1/customers/${ana.id}/credits`)).body.balanceMinor).toBe(0);
  });

  it('a partial refund leaves the registration; cancelling it later gives back only what the order still holds, with one registration.cancelled.v1', async () => {
    const c = await course();
    const ana = await makeCustomer(s);
    const reg = (await registerAsStaff({ seriesId: c.seriesId, customerId: ana.id, payment: { method: 'cash' } })).body.registration;
    const orderId = (await s.admin.get(`/api/v1/bookings/${reg.bookingIds[0]}`)).body.orderId as string;

    const partial = await s.admin.request('POST', `/api/v1/commerce/orders/${orderId}/refunds`, { body: { amountMinor: 1000, destination: 'cash', reason: 'Goodwill' }, headers: { 'idempotency-key': newKey() } });
    const kept = await s.admin.get(`/api/v1/registrations/${reg.id}`);
    const cancelled = await s.admin.post(`/api/v1/registrations/${reg.id}/cancel`);

    expect(partial.status, JSON.stringify(partial.body)).toBe(201);
    expect(kept.body.status).toBe('active');
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
    expect(cancelled.body.status).toBe('cancelled');
    expect((await s.admin.get(`/api/v1/customers/${ana.id}/credits`)).body.balanceMinor).toBe(8000);
    expect(await eventCount(reg.id, 'registration.cancelled.v1')).toBe(1);
    expect(await payloadOf(enso, s, reg.id, 'registration.cancelled.v1')).toMatchObject({ refundKind: 'dollar_credit', refundMinor: 8000 });
    expect(await counts(c.classIds)).toEqual([0, 0, 0]);
  });
});
