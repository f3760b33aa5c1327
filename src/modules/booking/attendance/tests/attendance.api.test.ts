import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../../kernel/clock.ts';
import { testDatabaseKinds } from '../../../../platform/testing/database.ts';
import { createTestEnso, makeCustomer, makeStudio, type StudioFixture, type TestEnso } from '../../../../platform/testing/enso.ts';
import { book, bookedCount, eventsOf, makeClass, statusOf } from '../../waitlist/tests/support.ts';

describe.each(testDatabaseKinds())('attendance on %s', (kind) => {
  let enso: TestEnso;
  const clock = fixedClock('2027-03-01T09:00:00Z');
  const sweep = () => enso.services.attendance.sweepClassTimes({ clock, jobId: 'test' });

  beforeAll(async () => {
    enso = await createTestEnso(kind, { clock });
  });
  afterAll(() => enso?.dispose());

  const studio = async () => {
    clock.set('2027-03-01T09:00:00Z');
    return makeStudio(enso);
  };
  const types = async (s: StudioFixture, type: string) => (await eventsOf(enso, s, type)).map((e) => e.subjectId);
  // The sweep covers every studio of the database (other tests' classes too): assertions look at this studio's events.
  const count = async (s: StudioFixture, type: string) => (await eventsOf(enso, s, type)).length;

  async function sellPack(s: StudioFixture, customerId: string) {
    const plan = await s.admin.post('/api/v1/memberships/plans', { name: '5 classes', kind: 'class_pack', priceMinor: 9000, creditsMode: 'total', creditsCount: 5 });
    const sale = await s.admin.request('POST', '/api/v1/memberships', {
      body: { customerId, planId: plan.body.id, method: 'cash' },
      headers: { 'idempotency-key': `sale-${randomBytes(6).toString('hex')}` },
    });
    expect(sale.status, JSON.stringify(sale.body)).toBe(201);
    return { membershipId: sale.body.membership.id as string, planId: plan.body.id as string };
  }

  it('publishes attendance at the class start, once, with first attendance once per customer and the membership variant', async () => {
    const s = await studio();
    // 18:00 in Paris on 2 March is 17:00Z; the next day's class is at 17:00Z on 3 March.
    const occ = await makeClass(s, { date: '2027-03-02', startTime: '18:00', capacity: 2 });
    const next = await makeClass(s, { date: '2027-03-03', startTime: '18:00', capacity: 5 });
    const [walkIn, member, waiting] = [await makeCustomer(s), await makeCustomer(s), await makeCustomer(s)];
    const pack = await sellPack(s, member.id);
    const b1 = await book(s, occ, walkIn.id);
    const b2 = await book(s, occ, member.id, { method: 'membership', membershipId: pack.membershipId });
    const w = await book(s, occ, waiting.id);
    const b3 = await book(s, next, walkIn.id);
    expect(w.status).toBe('waitlisted');

    clock.set('2027-03-02T16:59:59Z');
    await sweep();
    expect(await count(s, 'booking.attended.v1')).toBe(0);
    clock.set('2027-03-02T17:00:00Z');
    await sweep();
    expect(await count(s, 'booking.attended.v1')).toBe(2);
    clock.set('2027-03-02T17:01:00Z');
    await sweep();

    expect((await types(s, 'booking.attended.v1')).sort()).toEqual([b1.id, b2.id].sort());
    expect((await types(s, 'booking.first_attended.v1')).sort()).toEqual([b1.id, b2.id].sort());
    const withMembership = await eventsOf(enso, s, 'booking.attended_with_membership.v1');
    expect(withMembership.map((e) => [e.subjectId, e.payload.membershipId, e.payload.planId])).toEqual([[b2.id, pack.membershipId, pack.planId]]);
    expect(await types(s, 'booking.attended_with_intro_offer.v1')).toEqual([]);
    const attended = (await eventsOf(enso, s, 'booking.attended.v1')).find((e) => e.subjectId === b1.id)!;
    expect(attended.payload).toMatchObject({ occurrenceId: occ, customerId: walkIn.id, startsAt: '2027-03-02T17:00:00.000Z', checkedIn: false });

    clock.set('2027-03-03T17:00:00Z');
    await sweep();
    expect(await types(s, 'booking.attended.v1')).toContain(b3.id);
    expect(await types(s, 'booking.first_attended.v1')).not.toContain(b3.id);
  });

  it('publishes attendance through an intro offer beside the membership variant, at the class start', async () => {
    const s = await studio();
    const occ = await makeClass(s, { date: '2027-03-02', startTime: '19:00', capacity: 5 });
    const newcomer = await makeCustomer(s);
    const plan = await s.admin.post('/api/v1/memberships/plans', { name: 'Intro week', kind: 'intro_offer', priceMinor: 2000, creditsMode: 'total', creditsCount: 3, expiryCount: 1, expiryUnit: 'month' });
    expect(plan.status, JSON.stringify(plan.body)).toBe(201);
    const sale = await s.admin.request('POST', '/api/v1/memberships', {
      body: { customerId: newcomer.id, planId: plan.body.id, method: 'cash' },
      headers: { 'idempotency-key': `sale-${randomBytes(6).toString('hex')}` },
    });
    expect(sale.status, JSON.stringify(sale.body)).toBe(201);
    const b = await book(s, occ, newcomer.id, { method: 'membership', membershipId: sale.body.membership.id });

    clock.set('2027-03-02T17:59:59Z');
    await sweep();
    expect(await types(s, 'booking.attended_with_intro_offer.v1')).toEqual([]);
    clock.set('2027-03-02T18:00:00Z');
    await sweep();
    await sweep();

    const viaIntro = await eventsOf(enso, s, 'booking.attended_with_intro_offer.v1');
    expect(viaIntro.map((e) => [e.subjectId, e.payload.membershipId, e.payload.planId])).toEqual([[b.id, sale.body.membership.id, plan.body.id]]);
    expect(await types(s, 'booking.attended_with_membership.v1')).toEqual([b.id]);
    expect(await types(s, 'booking.first_attended.v1')).toEqual([b.id]);
  });

  it('records a no-show exactly 2 hours after the end, never for a checked-in customer, and gives the spot back', async () => {
    const s = await studio();
    const occ = await makeClass(s, { date: '2027-03-02', startTime: '18:00', capacity: 5, durationMin: 60 });
    const [absent, present] = [await makeCustomer(s), await makeCustomer(s)];
    const missed = await book(s, occ, absent.id);
    const came = await book(s, occ, present.id);
    clock.set('2027-03-02T16:55:00Z');
    const checkIn = await s.admin.post(`/api/v1/bookings/${came.id}/check-in`);
    expect(checkIn.status, JSON.stringify(checkIn.body)).toBe(200);
    expect(checkIn.body.checkedInAt).toBe('2027-03-02T16:55:00.000Z');

    clock.set('2027-03-02T19:59:59Z'); // the class ended at 18:00Z
    await sweep();
    expect(await count(s, 'booking.attended.v1')).toBe(2);
    expect((await statusOf(enso, s, missed.id)).status).toBe('booked');
    clock.set('2027-03-02T20:00:00Z');
    await sweep();
    await sweep();

    expect((await statusOf(enso, s, missed.id)).status).toBe('no_show');
    expect((await statusOf(enso, s, came.id)).status).toBe('booked');
    const noShows = await eventsOf(enso, s, 'booking.no_show.v1');
    expect(noShows.map((e) => [e.subjectId, e.payload.endsAt])).toEqual([[missed.id, '2027-03-02T18:00:00.000Z']]);
    expect(await bookedCount(enso, s, occ)).toBe(1);
    const attended = await eventsOf(enso, s, 'booking.attended.v1');
    expect(attended.find((e) => e.subjectId === came.id)!.payload.checkedIn).toBe(true);

    // Checked in afterwards (the desk forgot): booked again and checked in.
    const late = await s.admin.post(`/api/v1/bookings/${missed.id}/check-in`);
    expect(late.status).toBe(200);
    expect(late.body.status).toBe('booked');
    expect(await bookedCount(enso, s, occ)).toBe(2);
  });

  it('follows a class moved to a later time', async () => {
    const s = await studio();
    const occ = await makeClass(s, { date: '2027-03-02', startTime: '18:00', capacity: 5 });
    const b = await book(s, occ, (await makeCustomer(s)).id);
    const moved = await s.admin.patch(`/api/v1/occurrences/${occ}`, { startTime: '20:00' });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);

    clock.set('2027-03-02T17:00:00Z');
    await sweep();
    expect(await count(s, 'booking.attended.v1')).toBe(0);
    clock.set('2027-03-02T19:00:00Z'); // 20:00 in Paris
    await sweep();
    expect(await types(s, 'booking.attended.v1')).toEqual([b.id]);
    clock.set('2027-03-02T21:59:59Z');
    await sweep();
    expect(await count(s, 'booking.no_show.v1')).toBe(0);
    clock.set('2027-03-02T22:00:00Z');
    await sweep();
    expect(await types(s, 'booking.no_show.v1')).toEqual([b.id]);
  });

  it('lets a teacher check in the customers of their own classes only, and undo it', async () => {
    const s = await studio();
    const teacher = await s.staff('teacher');
    const other = await s.staff('teacher');
    const teacherId = (await teacher.get('/api/v1/auth/session')).body.user.id as string;
    const mine = await makeClass(s, { date: '2027-03-02', startTime: '18:00', capacity: 5, teacherId });
    const b = await book(s, mine, (await makeCustomer(s)).id);

    const refused = await other.post(`/api/v1/bookings/${b.id}/check-in`);
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('not_your_class');
    const ok = await teacher.post(`/api/v1/bookings/${b.id}/check-in`);
    expect(ok.status).toBe(200);
    expect((await teacher.post(`/api/v1/bookings/${b.id}/check-in`)).status).toBe(200); // again: nothing changes
    const checkedIn = await eventsOf(enso, s, 'booking.checked_in.v1');
    expect(checkedIn.map((e) => [e.subjectId, e.payload.by])).toEqual([[b.id, 'teacher']]);

    expect((await other.delete(`/api/v1/bookings/${b.id}/check-in`)).status).toBe(403);
    const undone = await teacher.delete(`/api/v1/bookings/${b.id}/check-in`);
    expect(undone.status).toBe(200);
    expect(undone.body.checkedInAt).toBeNull();
    expect(await types(s, 'booking.check_in_undone.v1')).toEqual([b.id]);
    expect((await statusOf(enso, s, b.id)).checked_in_at).toBeNull();
  });

  it('counts a check-in as a visit on the customer (visit_count, last_visit_at) and takes it back when undone', async () => {
    const s = await studio();
    const occ = await makeClass(s, { date: '2027-03-02', startTime: '18:00', capacity: 5 });
    const customer = await makeCustomer(s);
    const b = await book(s, occ, customer.id);

    expect((await s.admin.post(`/api/v1/bookings/${b.id}/check-in`)).status).toBe(200);
    await enso.dispatcher.dispatchNow();
    await enso.jobs.runDueJobs();
    const seen = await s.admin.get(`/api/v1/customers/${customer.id}`);
    expect([seen.body.visitCount, seen.body.lastVisitAt]).toEqual([1, '2027-03-02T17:00:00.000Z']);

    expect((await s.admin.delete(`/api/v1/bookings/${b.id}/check-in`)).status).toBe(200);
    await enso.dispatcher.dispatchNow();
    await enso.jobs.runDueJobs();
    expect((await s.admin.get(`/api/v1/customers/${customer.id}`)).body.visitCount).toBe(0);
  });

  it('refuses to check in a customer who is not booked', async () => {
    const s = await studio();
    const occ = await makeClass(s, { date: '2027-03-02', startTime: '18:00', capacity: 1 });
    await book(s, occ, (await makeCustomer(s)).id);
    const w = await book(s, occ, (await makeCustomer(s)).id);
    const res = await s.admin.post(`/api/v1/bookings/${w.id}/check-in`);
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('not_booked');
    expect((await s.admin.post('/api/v1/bookings/bkg_nope/check-in')).status).toBe(404);
  });
});
