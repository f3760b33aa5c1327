import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../../kernel/clock.ts';
import type { StudioId } from '../../../../kernel/ids.ts';
import { rowsOf, withStudio } from '../../../../platform/db/tx.ts';
import type { StoredEvent } from '../../../../platform/events/publish.ts';
import { testDatabaseKinds } from '../../../../platform/testing/database.ts';
import { createTestEnso, makeCustomer, signIn, testPassword, type TestEnso } from '../../../../platform/testing/enso.ts';
import { problem } from '../../../../platform/testing/client.ts';
import { systemCtx } from '../../../schedule/tests/schedule-fixtures.ts';
import { bookedCount, makeClass, newKey, payloadOf, scheduleStudio, signedUpCustomer, staffBook, typesAbout, type ScheduleStudio } from '../../book/tests/fixtures.ts';

const hour = 3_600_000;
const priceMinor = 2500;

describe.each(testDatabaseKinds())('cancel and move (%s)', (kind) => {
  const clock = fixedClock('2027-03-01T09:00:00Z');
  let enso: TestEnso;
  let s: ScheduleStudio;
  let week = 0;

  /** A new class (a new week each time, Monday 18:00 Paris), priced 25.00, 20 spots. */
  async function newClass(overrides: Record<string, unknown> = {}) {
    week += 1;
    const monday = new Date(Date.UTC(2027, 2, 1 + 7 * week));
    return makeClass(enso, s, { pattern: 'dates', weekdays: [], startTimes: [], dates: [{ date: monday.toISOString().slice(0, 10), startTime: '18:00' }], priceMinor, ...overrides });
  }

  async function sellPack(customerId: string, credits = 5) {
    const plan = await s.admin.post('/api/v1/memberships/plans', { name: `Pack ${newKey()}`, kind: 'class_pack', priceMinor: 9000, creditsMode: 'total', creditsCount: credits });
    expect(plan.status, JSON.stringify(plan.body)).toBe(201);
    const sale = await s.admin.request('POST', '/api/v1/memberships', { body: { customerId, planId: plan.body.id, method: 'cash' }, headers: { 'idempotency-key': newKey() } });
    expect(sale.status, JSON.stringify(sale.body)).toBe(201);
    return sale.body.membership.id as string;
  }

  async function creditsLeft(membershipId: string): Promise<number | null> {
    return (await s.admin.get(`/api/v1/memberships/${membershipId}`)).body.creditsRemaining;
  }

  async function balance(customerId: string) {
    const account = await s.admin.get(`/api/v1/customers/${customerId}/credits`);
    return { balance: account.body.balanceMinor as number, cancellations: (account.body.entries as { reason: string; deltaMinor: number }[]).filter((e) => e.reason === 'cancellation').map((e) => e.deltaMinor) };
  }

  async function book(occurrenceId: string, customerId: string, payment: Record<string, unknown>) {
    const res = await staffBook(s.admin, { occurrenceId, customerId, payment });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.booking.status).toBe(payment.method === 'card' ? 'pending' : 'booked');
    return res.body.booking as { id: string; paidMinor: number; orderId: string | null };
  }

  const setPolicy = (body: Record<string, unknown>) => s.admin.patch('/api/v1/booking-settings', body);
  /** Moves the clock to `hoursBefore` the class; staff sign in again (a staff session lapses after 14 idle days). */
  async function at(startsAt: string, hoursBefore: number) {
    clock.set(new Date(new Date(startsAt).getTime() - hoursBefore * hour));
    s.admin = await signIn(enso, s.adminEmail, testPassword);
  }

  beforeAll(async () => {
    enso = await createTestEnso(kind, { clock });
    s = await scheduleStudio(enso);
  });
  afterAll(() => enso?.dispose());

  it('holds the seed 001 example: cutoff 24 h, credits for everything — 25 h before, money back as dollar credits and a pack its class credit', async () => {
    expect((await setPolicy({ classRefundMode: 'all', classCreditCutoffMin: 1440, classLateCancelMin: 60 })).status).toBe(200);
    const cls = await newClass();
    const ana = await makeCustomer(s);
    const ben = await makeCustomer(s);
    const pack = await sellPack(ben.id);
    const cash = await book(cls.id, ana.id, { method: 'cash' });
    const packed = await book(cls.id, ben.id, { method: 'membership', membershipId: pack });
    expect(cash.paidMinor).toBe(priceMinor);
    expect(await creditsLeft(pack)).toBe(4);
    expect(await bookedCount(enso, s, cls.id)).toBe(2);

    await at(cls.startsAt, 25);
    const preview = await s.admin.get(`/api/v1/bookings/${cash.id}/cancel-preview`);
    const cancelled = await s.admin.post(`/api/v1/bookings/${cash.id}/cancel`, {});
    const packCancelled = await s.admin.post(`/api/v1/bookings/${packed.id}/cancel`, {});

    expect(preview.body).toEqual({ allowed: true, lateCancel: false, refundKind: 'dollar_credit', refundMinor: priceMinor, currency: 'EUR', refundableUntil: new Date(new Date(cls.startsAt).getTime() - 24 * hour).toISOString() });
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', refundKind: 'dollar_credit', refundMinor: priceMinor });
    expect(await balance(ana.id)).toEqual({ balance: priceMinor, cancellations: [priceMinor] });
    expect(packCancelled.body).toMatchObject({ status: 'cancelled', refundKind: 'class_credit', refundMinor: 0 });
    expect(await creditsLeft(pack)).toBe(5);
    expect(await bookedCount(enso, s, cls.id)).toBe(0);
    expect(await payloadOf(enso, s, cash.id, 'booking.cancelled.v1')).toMatchObject({ by: 'staff', reason: 'cancelled', lateCancel: false, refundKind: 'dollar_credit', refundMinor: priceMinor, currency: 'EUR' });
    // The credit is a refund of the booking's order: Sales shows it, and the same money cannot go back twice.
    const order = await s.admin.get(`/api/v1/commerce/orders/${cash.orderId}`);
    expect(order.body).toMatchObject({ status: 'refunded', refundedMinor: priceMinor });
    const again = await s.admin.request('POST', `/api/v1/commerce/orders/${cash.orderId}/refunds`, { body: { amountMinor: 100, destination: 'cash' }, headers: { 'idempotency-key': newKey() } });
    expect(again.status).toBe(409);
  });

  it('ends the place when its order is refunded in Sales: cancelled, the spot freed, the refund made there recorded, nothing more given', async () => {
    const cls = await newClass();
    const ana = await makeCustomer(s);
    const cash = await book(cls.id, ana.id, { method: 'cash' });
    const before = await balance(ana.id);

    const refunded = await s.admin.request('POST', `/api/v1/commerce/orders/${cash.orderId}/refunds`, { body: { amountMinor: priceMinor, destination: 'cash', reason: 'Changed her mind' }, headers: { 'idempotency-key': newKey() } });
    const booking = await s.admin.get(`/api/v1/bookings/${cash.id}`);
    const cancelAfter = await s.admin.post(`/api/v1/bookings/${cash.id}/cancel`, {});

    expect(refunded.status, JSON.stringify(refunded.body)).toBe(201);
    expect(booking.body).toMatchObject({ status: 'cancelled', refundKind: 'cash', refundMinor: priceMinor });
    expect(await bookedCount(enso, s, cls.id)).toBe(0);
    expect(cancelAfter.status).toBe(409);
    expect(await balance(ana.id)).toEqual(before);
    expect(await payloadOf(enso, s, cash.id, 'booking.cancelled.v1')).toMatchObject({ reason: 'cancelled', refundKind: 'cash', refundMinor: priceMinor });
  });

  it('gives nothing back inside the cutoff, and counts a late cancel inside the late window (booking.late_cancelled.v1)', async () => {
    await setPolicy({ classRefundMode: 'all', classCreditCutoffMin: 1440, classLateCancelMin: 60 });
    const cls = await newClass();
    const lea = await signedUpCustomer(s, 'Lea');
    const pack = await sellPack(lea.id);
    const b = await book(cls.id, lea.id, { method: 'membership', membershipId: pack });

    await at(cls.startsAt, 0.5);
    const preview = await lea.client.get(`/api/public/v1/studios/${s.slug}/me/bookings/${b.id}/cancel-preview`);
    const res = await lea.client.post(`/api/public/v1/studios/${s.slug}/me/bookings/${b.id}/cancel`);

    expect(preview.body).toMatchObject({ allowed: true, lateCancel: true, refundKind: 'none' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ status: 'late_cancelled', refundKind: 'none' });
    expect(await creditsLeft(pack)).toBe(4);
    expect(await typesAbout(enso, s, b.id)).toEqual(expect.arrayContaining(['booking.cancelled.v1', 'booking.late_cancelled.v1']));
    expect(await payloadOf(enso, s, b.id, 'booking.cancelled.v1')).toMatchObject({ by: 'customer', lateCancel: true, refundKind: 'none' });
  });

  it('packs only: a pack gets its credit back, money nothing; no refund: nothing at all', async () => {
    await setPolicy({ classRefundMode: 'packs_only', classCreditCutoffMin: 1440 });
    const cls = await newClass();
    const ana = await makeCustomer(s);
    const ben = await makeCustomer(s);
    const pack = await sellPack(ben.id);
    const cash = await book(cls.id, ana.id, { method: 'cash' });
    const packed = await book(cls.id, ben.id, { method: 'membership', membershipId: pack });
    await at(cls.startsAt, 48);
    expect((await s.admin.post(`/api/v1/bookings/${cash.id}/cancel`, {})).body.refundKind).toBe('none');
    expect((await s.admin.post(`/api/v1/bookings/${packed.id}/cancel`, {})).body.refundKind).toBe('class_credit');
    expect((await balance(ana.id)).balance).toBe(0);

    await setPolicy({ classRefundMode: 'none' });
    const cls2 = await newClass();
    const again = await book(cls2.id, ben.id, { method: 'membership', membershipId: pack });
    await at(cls2.startsAt, 48);
    expect((await s.admin.post(`/api/v1/bookings/${again.id}/cancel`, {})).body.refundKind).toBe('none');
    expect(await creditsLeft(pack)).toBe(4);
    await setPolicy({ classRefundMode: 'all' });
  });

  it('refunds exactly once: a second cancel is refused and gives nothing', async () => {
    await setPolicy({ classRefundMode: 'all', classCreditCutoffMin: 1440 });
    const cls = await newClass();
    const ana = await makeCustomer(s);
    const b = await book(cls.id, ana.id, { method: 'cash' });
    await at(cls.startsAt, 30);

    const first = await s.admin.post(`/api/v1/bookings/${b.id}/cancel`, {});
    const second = await s.admin.post(`/api/v1/bookings/${b.id}/cancel`, {});

    expect(first.status).toBe(200);
    expect(second.body).toMatchObject(problem(409, 'not_cancellable'));
    expect(await balance(ana.id)).toEqual({ balance: priceMinor, cancellations: [priceMinor] });
    expect(await bookedCount(enso, s, cls.id)).toBe(0);
  });

  // PGlite is one connection: two cancels can only race on PostgreSQL.
  it.runIf(kind === 'postgres')('two concurrent cancels give one credit back and free one spot', async () => {
    const cls = await newClass();
    const ana = await makeCustomer(s);
    const ben = await makeCustomer(s);
    const pack = await sellPack(ana.id);
    const packed = await book(cls.id, ana.id, { method: 'membership', membershipId: pack });
    const cash = await book(cls.id, ben.id, { method: 'cash' });
    await at(cls.startsAt, 30);

    const packRuns = await Promise.all([1, 2, 3, 4].map(() => s.admin.post(`/api/v1/bookings/${packed.id}/cancel`, {})));
    const cashRuns = await Promise.all([1, 2, 3, 4].map(() => s.admin.post(`/api/v1/bookings/${cash.id}/cancel`, {})));

    expect(packRuns.map((r) => r.status).sort()).toEqual([200, 409, 409, 409]);
    expect(cashRuns.map((r) => r.status).sort()).toEqual([200, 409, 409, 409]);
    expect(await creditsLeft(pack)).toBe(5);
    expect(await balance(ben.id)).toEqual({ balance: priceMinor, cancellations: [priceMinor] });
    expect(await bookedCount(enso, s, cls.id)).toBe(0);
  });

  it('refuses a customer when the studio does not let customers cancel; staff still may', async () => {
    const cls = await newClass();
    const lea = await signedUpCustomer(s, 'Noa');
    const b = await book(cls.id, lea.id, { method: 'complimentary' });
    await setPolicy({ customersMayCancel: false });
    await at(cls.startsAt, 30);

    const own = await lea.client.post(`/api/public/v1/studios/${s.slug}/me/bookings/${b.id}/cancel`);
    const preview = await lea.client.get(`/api/public/v1/studios/${s.slug}/me/bookings/${b.id}/cancel-preview`);
    const byStaff = await s.admin.post(`/api/v1/bookings/${b.id}/cancel`, {});
    await setPolicy({ customersMayCancel: true });

    expect(own.body).toMatchObject(problem(403, 'cancellation_not_allowed'));
    expect(preview.body).toMatchObject({ allowed: false });
    expect(byStaff.status).toBe(200);
  });

  it("refuses a customer another customer's booking", async () => {
    const cls = await newClass();
    const ana = await makeCustomer(s);
    const b = await book(cls.id, ana.id, { method: 'complimentary' });
    const lea = await signedUpCustomer(s, 'Eve');
    await at(cls.startsAt, 30);

    expect((await lea.client.post(`/api/public/v1/studios/${s.slug}/me/bookings/${b.id}/cancel`)).body).toMatchObject(problem(403, 'not_your_booking'));
  });

  it('lets staff refund outside the policy and waive a late cancel', async () => {
    await setPolicy({ classRefundMode: 'all', classCreditCutoffMin: 1440, classLateCancelMin: 60 });
    const cls = await newClass();
    const ana = await makeCustomer(s);
    const b = await book(cls.id, ana.id, { method: 'cash' });
    await at(cls.startsAt, 0.25);

    const preview = await s.admin.get(`/api/v1/bookings/${b.id}/cancel-preview?refundOverride=true&waiveLateCancel=true`);
    const res = await s.admin.post(`/api/v1/bookings/${b.id}/cancel`, { refundOverride: true, waiveLateCancel: true });

    expect(preview.body).toMatchObject({ lateCancel: false, refundKind: 'dollar_credit', refundMinor: priceMinor });
    expect(res.body).toMatchObject({ status: 'cancelled', refundKind: 'dollar_credit', refundMinor: priceMinor });
    expect(await typesAbout(enso, s, b.id)).not.toContain('booking.late_cancelled.v1');
  });

  it('moves a booking to another class and keeps its payment (money and a pack credit)', async () => {
    await setPolicy({ classRefundMode: 'all', classCreditCutoffMin: 1440 });
    const from = await newClass();
    const to = await newClass();
    const ana = await makeCustomer(s);
    const ben = await makeCustomer(s);
    const pack = await sellPack(ben.id);
    const cash = await book(from.id, ana.id, { method: 'cash' });
    const packed = await book(from.id, ben.id, { method: 'membership', membershipId: pack });
    await at(from.startsAt, 48);

    const movedCash = await s.admin.post(`/api/v1/bookings/${cash.id}/move`, { occurrenceId: to.id });
    const movedPack = await s.admin.post(`/api/v1/bookings/${packed.id}/move`, { occurrenceId: to.id });
    const again = await s.admin.post(`/api/v1/bookings/${cash.id}/move`, { occurrenceId: to.id });
    const old = await s.admin.get(`/api/v1/bookings/${cash.id}`);

    expect(movedCash.status, JSON.stringify(movedCash.body)).toBe(200);
    expect(movedCash.body).toMatchObject({ occurrenceId: to.id, status: 'booked', source: 'move', paymentMethod: 'cash', paidMinor: priceMinor, orderId: cash.orderId });
    expect(movedPack.body).toMatchObject({ occurrenceId: to.id, status: 'booked', paymentMethod: 'membership', membershipId: pack });
    expect(again.body).toMatchObject(problem(409, 'not_cancellable'));
    if (old.status === 200) expect(old.body).toMatchObject({ status: 'cancelled', refundKind: 'none' });
    expect(await creditsLeft(pack)).toBe(4);
    expect((await balance(ana.id)).balance).toBe(0);
    expect(await bookedCount(enso, s, from.id)).toBe(0);
    expect(await bookedCount(enso, s, to.id)).toBe(2);
    expect(await payloadOf(enso, s, cash.id, 'booking.moved.v1')).toMatchObject({ toBookingId: movedCash.body.id, toOccurrenceId: to.id });
    expect(await payloadOf(enso, s, cash.id, 'booking.cancelled.v1')).toMatchObject({ reason: 'moved', refundKind: 'none' });

    // Cancelled in time afterwards, the moved bookings give back what was paid the first time.
    expect((await s.admin.post(`/api/v1/bookings/${movedCash.body.id}/cancel`, {})).body).toMatchObject({ refundKind: 'dollar_credit', refundMinor: priceMinor });
    expect((await s.admin.post(`/api/v1/bookings/${movedPack.body.id}/cancel`, {})).body).toMatchObject({ refundKind: 'class_credit' });
    expect(await creditsLeft(pack)).toBe(5);
    expect((await balance(ana.id)).balance).toBe(priceMinor);
  });

  it('refuses a move into a full class, the same class, or one the customer is already in, and changes nothing', async () => {
    const from = await newClass();
    const full = await newClass({ capacity: 1 });
    const ana = await makeCustomer(s);
    const ben = await makeCustomer(s);
    const b = await book(from.id, ana.id, { method: 'complimentary' });
    await book(full.id, ben.id, { method: 'complimentary' });
    const already = await book(full.id, ana.id, { method: 'complimentary' }).catch(() => null);
    await at(from.startsAt, 48);

    const intoFull = await s.admin.post(`/api/v1/bookings/${b.id}/move`, { occurrenceId: full.id });
    const same = await s.admin.post(`/api/v1/bookings/${b.id}/move`, { occurrenceId: from.id });
    const bad = await s.admin.post(`/api/v1/bookings/${b.id}/move`, { occurrenceId: '' });

    expect(already).toBeNull();
    expect(intoFull.body).toMatchObject(problem(409, 'class_full'));
    expect(same.status).toBe(400);
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe('occurrenceId');
    expect(await bookedCount(enso, s, from.id)).toBe(1);
  });

  it('a class cancelled by the studio refunds each payment kind once, even when the event is delivered twice', async () => {
    await setPolicy({ classRefundMode: 'none', waitlistEnabled: true });
    const cls = await newClass({ capacity: 4 });
    const [ana, ben, cleo, dan, eve] = [await makeCustomer(s), await makeCustomer(s), await makeCustomer(s), await makeCustomer(s), await makeCustomer(s)];
    const pack = await sellPack(ben.id);
    await s.admin.post(`/api/v1/customers/${cleo.id}/credits/adjustments`, { deltaMinor: 10_000, note: 'Top-up' });
    const cash = await book(cls.id, ana.id, { method: 'cash' });
    const packed = await book(cls.id, ben.id, { method: 'membership', membershipId: pack });
    const prepaid = await book(cls.id, cleo.id, { method: 'prepaid_credit' });
    const comp = await book(cls.id, dan.id, { method: 'complimentary' });
    const waiting = await staffBook(s.admin, { occurrenceId: cls.id, customerId: eve.id, payment: { method: 'complimentary' }, joinWaitlistIfFull: true });
    expect(waiting.body.booking.status).toBe('waitlisted');
    expect((await balance(cleo.id)).balance).toBe(10_000 - priceMinor);
    await at(cls.startsAt, 2);

    const cancelled = await s.admin.post(`/api/v1/occurrences/${cls.id}/cancel`, { note: 'Teacher is ill, sorry!' });
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
    await enso.dispatcher.dispatchNow();
    await enso.jobs.runDueJobs();
    // Delivered a second time (as a retry after a lost receipt would): nothing more is given back.
    const [stored] = await withStudio(enso.database, s.studioId as StudioId, async (tx) =>
      rowsOf<StoredEvent>(await tx.execute(sql`select id, studio_id as "studioId", type, subject_id as "subjectId", payload, actor_kind as "actorKind", actor_id as "actorId", occurred_at as "occurredAt" from events where studio_id = ${s.studioId} and type = 'class.cancelled.v1' and subject_id = ${cls.id}`)),
    );
    await withStudio(enso.database, s.studioId as StudioId, (tx) => enso.services.bookingCancel.onClassCancelled(tx, stored!, systemCtx(s, clock)));

    const statuses = await withStudio(enso.database, s.studioId as StudioId, async (tx) =>
      rowsOf<{ id: string; status: string; refund_kind: string | null; refund_minor: string | number }>(await tx.execute(sql`select id, status, refund_kind, refund_minor from booking_bookings where studio_id = ${s.studioId} and occurrence_id = ${cls.id}`)),
    );
    const byId = new Map(statuses.map((r) => [r.id, r]));
    expect(byId.get(cash.id)).toMatchObject({ status: 'cancelled', refund_kind: 'dollar_credit' });
    expect(Number(byId.get(cash.id)!.refund_minor)).toBe(priceMinor);
    expect(byId.get(packed.id)).toMatchObject({ status: 'cancelled', refund_kind: 'class_credit' });
    expect(byId.get(prepaid.id)).toMatchObject({ status: 'cancelled', refund_kind: 'dollar_credit' });
    expect(byId.get(comp.id)).toMatchObject({ status: 'cancelled', refund_kind: 'none' });
    expect(byId.get(waiting.body.booking.id)).toMatchObject({ status: 'removed' });
    expect(await balance(ana.id)).toEqual({ balance: priceMinor, cancellations: [priceMinor] });
    expect(await balance(cleo.id)).toMatchObject({ balance: 10_000, cancellations: [priceMinor] });
    expect(await creditsLeft(pack)).toBe(5);
    expect(await bookedCount(enso, s, cls.id)).toBe(0);

    const cashNotice = await payloadOf(enso, s, cash.id, 'booking.class_cancelled.v1');
    const packNotice = await payloadOf(enso, s, packed.id, 'booking.class_cancelled.v1');
    const prepaidNotice = await payloadOf(enso, s, prepaid.id, 'booking.class_cancelled.v1');
    expect(cashNotice).toMatchObject({ noteToCustomers: 'Teacher is ill, sorry!', refundKind: 'dollar_credit', refundMinor: priceMinor });
    expect((cashNotice!.refundNotice as { fr: string }).fr).toBe("L'événement a été crédité automatiquement sur votre compte. Vous pourrez l'utiliser lors de futures réservations.");
    expect((packNotice!.refundNotice as { fr: string }).fr).toBe('Vous avez été crédité. Ceci a été ajouté automatiquement à votre forfait.');
    expect((prepaidNotice!.refundNotice as { en: string }).en).toBe('You received a credit of €25.00. It was added to your account credit automatically.');
    expect((await typesAbout(enso, s, cash.id)).filter((t) => t === 'booking.class_cancelled.v1')).toHaveLength(1);
    await setPolicy({ classRefundMode: 'all' });
  });

  it('answers 404 for an unknown booking and 400 for bad input', async () => {
    expect((await s.admin.post('/api/v1/bookings/bkg_nope/cancel', {})).body).toMatchObject(problem(404, 'booking_not_found'));
    expect((await s.admin.post('/api/v1/bookings/bkg_nope/cancel', { refundOverride: 'yes' })).status).toBe(400);
    expect((await s.admin.post('/api/v1/bookings/bkg_nope/move', { occurrenceId: 'x', extra: 1 })).status).toBe(400);
  });
});
