import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../../kernel/clock.ts';
import { testDatabaseKinds } from '../../../../platform/testing/database.ts';
import { createTestEnso, makeCustomer, signIn, testPassword, type TestEnso } from '../../../../platform/testing/enso.ts';
import { problem } from '../../../../platform/testing/client.ts';
import { createSeries } from '../../../schedule/tests/schedule-fixtures.ts';
import { bookedCount, newKey, payloadOf, scheduleStudio, signedUpCustomer, staffBook, typesAbout, type ScheduleStudio } from '../../book/tests/fixtures.ts';
import { makeCourse } from './fixtures.ts';

describe.each(testDatabaseKinds())('semester and course registrations (%s)', (kind) => {
  const clock = fixedClock('2027-03-01T09:00:00Z');
  let enso: TestEnso;
  let s: ScheduleStudio;

  const course = (overrides: Record<string, unknown> = {}) => makeCourse(enso, s, overrides);

  const register = (body: Record<string, unknown>, key = newKey()) => s.admin.request('POST', '/api/v1/registrations', { body, headers: { 'idempotency-key': key } });

  beforeAll(async () => {
    enso = await createTestEnso(kind, { clock });
    s = await scheduleStudio(enso);
  });
  afterAll(() => enso?.dispose());

  it('books every class of a course with one cash payment, each booking carrying its share of the price', async () => {
    const c = await course();
    const ana = await makeCustomer(s);

    const res = await register({ seriesId: c.seriesId, customerId: ana.id, payment: { method: 'cash' } });

    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.registration).toMatchObject({ seriesId: c.seriesId, customerId: ana.id, status: 'active', paymentMethod: 'cash', paidMinor: 9000, currency: 'EUR' });
    expect(res.body.registration.bookingIds).toHaveLength(3);
    const booked = await Promise.all((res.body.registration.bookingIds as string[]).map((id) => s.admin.get(`/api/v1/bookings/${id}`)));
    expect(booked.map((b) => [b.body.status, b.body.paymentMethod, b.body.paidMinor, b.body.registrationId])).toEqual([
      ['booked', 'registration', 3000, res.body.registration.id],
      ['booked', 'registration', 3000, res.body.registration.id],
      ['booked', 'registration', 3000, res.body.registration.id],
    ]);
    expect(booked.map((b) => b.body.occurrenceId).sort()).toEqual([...c.classIds].sort());
    for (const id of c.classIds) expect(await bookedCount(enso, s, id)).toBe(1);
    expect(await payloadOf(enso, s, res.body.registration.id, 'registration.created.v1')).toMatchObject({ customerId: ana.id, paymentMethod: 'cash' });
    expect((await s.admin.get(`/api/v1/registrations/${res.body.registration.id}`)).body.status).toBe('active');

    const again = await register({ seriesId: c.seriesId, customerId: ana.id, payment: { method: 'cash' } });
    expect(again.body).toMatchObject(problem(409, 'already_booked'));
  });

  it('is all or nothing: one full class refuses the whole and takes no spot', async () => {
    const c = await course({ capacity: 1 });
    const ben = await makeCustomer(s);
    const ana = await makeCustomer(s);
    expect((await staffBook(s.admin, { occurrenceId: c.classIds[1], customerId: ben.id, joinWaitlistIfFull: false })).status).toBe(201);

    const res = await register({ seriesId: c.seriesId, customerId: ana.id, payment: { method: 'complimentary' } });

    expect(res.body).toMatchObject(problem(409, 'class_full'));
    expect(await bookedCount(enso, s, c.classIds[0]!)).toBe(0);
    expect(await bookedCount(enso, s, c.classIds[1]!)).toBe(1);
    expect(await bookedCount(enso, s, c.classIds[2]!)).toBe(0);
    expect((await s.admin.get(`/api/v1/customers/${ana.id}/bookings?when=all`)).body.items).toEqual([]);
  });

  it('books only the classes still to come', async () => {
    const c = await course();
    const ana = await makeCustomer(s);
    clock.set('2027-04-06T09:00:00Z');
    try {
      // A staff session lapses after 14 idle days: sign in again at the new time.
      const admin = await signIn(enso, s.adminEmail, testPassword);
      const res = await admin.request('POST', '/api/v1/registrations', { body: { seriesId: c.seriesId, customerId: ana.id, payment: { method: 'complimentary' } }, headers: { 'idempotency-key': newKey() } });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      expect(res.body.registration.bookingIds).toHaveLength(2);
      expect(await bookedCount(enso, s, c.classIds[0]!)).toBe(0);
    } finally {
      clock.set('2027-03-01T09:00:00Z');
    }
  });

  it('a cancelled registration frees the classes still to come and gives their share back as dollar credits, once', async () => {
    const c = await course();
    const ana = await makeCustomer(s);
    const reg = (await register({ seriesId: c.seriesId, customerId: ana.id, payment: { method: 'cash' } })).body.registration;

    const cancelled = await s.admin.post(`/api/v1/registrations/${reg.id}/cancel`);
    const twice = await s.admin.post(`/api/v1/registrations/${reg.id}/cancel`);
    const credit = await s.admin.get(`/api/v1/customers/${ana.id}/credits`);

    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
    expect(cancelled.body.status).toBe('cancelled');
    expect(twice.body).toMatchObject(problem(409, 'not_cancellable'));
    expect(credit.body.balanceMinor).toBe(9000);
    for (const id of c.classIds) expect(await bookedCount(enso, s, id)).toBe(0);
    expect(await payloadOf(enso, s, reg.id, 'registration.cancelled.v1')).toMatchObject({ refundKind: 'dollar_credit', refundMinor: 9000, by: 'staff', reason: 'cancelled' });
    expect(await payloadOf(enso, s, reg.bookingIds[0], 'booking.cancelled.v1')).toMatchObject({ reason: 'registration_cancelled', refundMinor: 3000 });
  });

  it('a class of the course cancelled by the studio gives back that class share', async () => {
    const c = await course();
    const ana = await makeCustomer(s);
    const reg = (await register({ seriesId: c.seriesId, customerId: ana.id, payment: { method: 'cash' } })).body.registration;

    expect((await s.admin.post(`/api/v1/occurrences/${c.classIds[0]}/cancel`, { note: '' })).status).toBe(200);
    await enso.dispatcher.dispatchNow();
    await enso.jobs.runDueJobs();

    const rows = await Promise.all((reg.bookingIds as string[]).map(async (id) => (await s.admin.get(`/api/v1/bookings/${id}`)).body));
    expect(rows.map((b) => [b.occurrenceId === c.classIds[0], b.status]).sort()).toEqual([
      [false, 'booked'],
      [false, 'booked'],
      [true, 'cancelled'],
    ]);
    const first = rows.find((b) => b.occurrenceId === c.classIds[0]);
    expect(first).toMatchObject({ refundKind: 'dollar_credit', refundMinor: 3000 });
    expect((await s.admin.get(`/api/v1/customers/${ana.id}/credits`)).body.balanceMinor).toBe(3000);
    expect(await typesAbout(enso, s, first.id)).toContain('booking.class_cancelled.v1');
  });

  it('refuses a series that is not a semester or course, membership payment, and bad input', async () => {
    const weekly = await createSeries(s, { templateId: s.templateId, pattern: 'dates', dates: [{ date: '2027-05-03', startTime: '18:00' }], locationId: s.locationId, confirmConflicts: true });
    const c = await course();
    const ana = await makeCustomer(s);

    const notCourse = await register({ seriesId: weekly.series.id, customerId: ana.id, payment: { method: 'complimentary' } });
    const membership = await register({ seriesId: c.seriesId, customerId: ana.id, payment: { method: 'membership' } });
    const missing = await register({ customerId: ana.id, payment: { method: 'cash' } });
    const unknown = await register({ seriesId: 'ser_nope', customerId: ana.id, payment: { method: 'cash' } });

    expect(notCourse.body).toMatchObject(problem(400, 'invalid_booking'));
    expect(membership.body.errors[0].path).toBe('payment.method');
    expect(missing.status).toBe(400);
    expect(missing.body.errors[0].path).toBe('seriesId');
    expect(unknown.status).toBe(404);
    expect((await s.admin.get('/api/v1/registrations/reg_nope')).body).toMatchObject(problem(404, 'registration_not_found'));
  });

  it('books everyone registered into a class added to the course later', async () => {
    const c = await course();
    const ana = await makeCustomer(s);
    const reg = (await register({ seriesId: c.seriesId, customerId: ana.id, payment: { method: 'cash' } })).body.registration;
    await enso.dispatcher.dispatchNow();
    await enso.jobs.runDueJobs();

    const added = await s.admin.post(`/api/v1/series/${c.seriesId}/dates`, { date: '2027-04-26', startTime: '18:00' });
    expect(added.status, JSON.stringify(added.body)).toBe(201);
    await enso.dispatcher.dispatchNow();
    await enso.jobs.runDueJobs();
    await enso.dispatcher.dispatchNow();
    await enso.jobs.runDueJobs();

    const after = await s.admin.get(`/api/v1/registrations/${reg.id}`);
    expect(after.body.bookingIds).toHaveLength(4);
  });

  it('books a semester into every class it has', async () => {
    const created = await createSeries(s, {
      templateId: s.templateId,
      kind: 'semester',
      pattern: 'weekly',
      weekdays: [3],
      startTimes: ['19:00'],
      startDate: '2027-03-03',
      endDate: '2027-03-31',
      weeksAhead: 8,
      locationId: s.locationId,
      priceMinor: 0,
      confirmConflicts: true,
    });
    const ana = await makeCustomer(s);

    const res = await register({ seriesId: created.series.id, customerId: ana.id, payment: { method: 'free' } });

    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.registration.status).toBe('active');
    expect(res.body.registration.bookingIds).toHaveLength(5);
  });

  it('asks a customer registering online for the waivers booking asks for, and signs those ticked', async () => {
    const w = await scheduleStudio(enso);
    const waiver = await w.admin.post('/api/v1/waivers', { kind: 'customer', title: 'Liability', body: 'I take part at my own risk.' });
    expect(waiver.status, JSON.stringify(waiver.body)).toBe(201);
    const created = await createSeries(w, {
      templateId: w.templateId,
      kind: 'course',
      pattern: 'dates',
      dates: [{ date: '2027-04-05', startTime: '18:00' }, { date: '2027-04-12', startTime: '18:00' }],
      locationId: w.locationId,
      priceMinor: 0,
      capacity: 5,
      confirmConflicts: true,
    });
    const { client, id } = await signedUpCustomer(w, 'Reg');
    const registerOwn = (body: Record<string, unknown>) => client.request('POST', `/api/public/v1/studios/${w.slug}/me/registrations`, { body, headers: { 'idempotency-key': newKey() } });

    const refused = await registerOwn({ seriesId: created.series.id, payment: { method: 'free' } });
    const versionId = refused.body.details?.waivers?.[0]?.versionId;
    const ok = await registerOwn({ seriesId: created.series.id, payment: { method: 'free' }, acceptedWaiverVersionIds: [versionId] });
    const signatures = await w.admin.get(`/api/v1/customers/${id}/waivers`);

    expect(refused.body).toMatchObject(problem(409, 'waiver_required'));
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    expect(ok.body.registration.bookingIds).toHaveLength(2);
    expect(JSON.stringify(signatures.body)).toContain('Liability');
  });
});
