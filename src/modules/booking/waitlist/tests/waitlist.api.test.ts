import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../../kernel/clock.ts';
import { testDatabaseKinds } from '../../../../platform/testing/database.ts';
import { createTestEnso, makeCustomer, makeStudio, type StudioFixture, type TestEnso } from '../../../../platform/testing/enso.ts';
import { book, bookedCount, ctxOf, eventsOf, freeSpot, makeClass, signedInCustomer, statusOf } from './support.ts';

const minute = 60_000;

describe.each(testDatabaseKinds())('waitlist on %s', (kind) => {
  let enso: TestEnso;
  const clock = fixedClock('2027-03-01T09:00:00Z');

  beforeAll(async () => {
    enso = await createTestEnso(kind, { clock });
  });
  afterAll(() => enso?.dispose());

  const studio = async (settings: Record<string, unknown> = {}) => {
    clock.set('2027-03-01T09:00:00Z');
    const s = await makeStudio(enso);
    if (Object.keys(settings).length > 0) expect((await s.admin.patch('/api/v1/booking-settings', settings)).status).toBe(200);
    return s;
  };
  const me = (s: StudioFixture) => `/api/public/v1/studios/${s.slug}/me/bookings`;

  it('auto: the first in line is booked when a spot frees, the others keep their place', async () => {
    const s = await studio();
    const occ = await makeClass(s, { date: '2027-03-02', startTime: '18:00', capacity: 1 });
    const [a, b, c] = [await makeCustomer(s), await makeCustomer(s), await makeCustomer(s)];
    const held = await book(s, occ, a.id);
    const first = await book(s, occ, b.id);
    const second = await book(s, occ, c.id);
    expect([held.status, first.status, second.status]).toEqual(['booked', 'waitlisted', 'waitlisted']);

    await freeSpot(enso, s, held.id);
    await enso.jobs.runDueJobs();

    expect((await statusOf(enso, s, first.id)).status).toBe('booked');
    expect((await statusOf(enso, s, second.id)).status).toBe('waitlisted');
    expect(await bookedCount(enso, s, occ)).toBe(1);
    const promoted = await eventsOf(enso, s, 'waitlist.promoted.v1');
    expect(promoted.map((e) => [e.subjectId, e.payload.mode])).toEqual([[first.id, 'auto']]);
    const list = await s.admin.get(`/api/v1/bookings/${second.id}`);
    expect(list.body.waitlistPosition).toBe(1);
  });

  it('a cancellation through the cancel route gives the spot to the waitlist', async () => {
    const s = await studio();
    const occ = await makeClass(s, { date: '2027-03-02', startTime: '18:00', capacity: 1 });
    const held = await book(s, occ, (await makeCustomer(s)).id);
    const next = await book(s, occ, (await makeCustomer(s)).id);

    const cancelled = await s.admin.post(`/api/v1/bookings/${held.id}/cancel`, {});
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
    await enso.jobs.runDueJobs();

    expect((await statusOf(enso, s, next.id)).status).toBe('booked');
    expect(await bookedCount(enso, s, occ)).toBe(1);
  });

  it('auto: a customer whose payment cannot be taken is skipped and told why; the next one pays with their pack', async () => {
    const s = await studio();
    const occ = await makeClass(s, { date: '2027-03-02', startTime: '18:00', capacity: 1, priceMinor: 1500 });
    const [a, broke, member] = [await makeCustomer(s), await makeCustomer(s), await makeCustomer(s)];
    const plan = await s.admin.post('/api/v1/memberships/plans', { name: '5 classes', kind: 'class_pack', priceMinor: 9000, creditsMode: 'total', creditsCount: 5 });
    const sale = await s.admin.request('POST', '/api/v1/memberships', {
      body: { customerId: member.id, planId: plan.body.id, method: 'cash' },
      headers: { 'idempotency-key': `sale-${randomBytes(6).toString('hex')}` },
    });
    expect(sale.status, JSON.stringify(sale.body)).toBe(201);
    const held = await book(s, occ, a.id);
    const skipped = await book(s, occ, broke.id);
    const next = await book(s, occ, member.id);

    await freeSpot(enso, s, held.id);
    await enso.jobs.runDueJobs();

    expect((await statusOf(enso, s, skipped.id)).status).toBe('waitlisted');
    expect((await statusOf(enso, s, next.id)).status).toBe('booked');
    const told = await eventsOf(enso, s, 'waitlist.skipped.v1');
    expect(told).toHaveLength(1);
    expect(told[0]!.subjectId).toBe(skipped.id);
    expect(told[0]!.payload.reason).toMatch(/^[a-z_]+$/);
    expect(told[0]!.payload.message.length).toBeGreaterThan(0);
    const promoted = await eventsOf(enso, s, 'waitlist.promoted.v1');
    expect(promoted.map((e) => [e.subjectId, e.payload.paymentMethod])).toEqual([[next.id, 'membership']]);
    expect(await bookedCount(enso, s, occ)).toBe(1);
  });

  it('confirm: one offer with numberOfMinutesToRespond; expired exactly then, offered to the next, who claims it', async () => {
    const s = await studio({ waitlistMode: 'confirm', waitlistResponseMin: 30 });
    const occ = await makeClass(s, { date: '2027-03-02', startTime: '18:00', capacity: 1 });
    const a = await makeCustomer(s);
    const late = await signedInCustomer(s, 'Late');
    const quick = await signedInCustomer(s, 'Quick');
    const held = await book(s, occ, a.id);
    const first = await book(s, occ, late.customerId);
    const second = await book(s, occ, quick.customerId);

    await freeSpot(enso, s, held.id);
    await enso.jobs.runDueJobs();

    const offer = await statusOf(enso, s, first.id);
    expect(offer.status).toBe('offered');
    expect(new Date(offer.offer_expires_at!).toISOString()).toBe('2027-03-01T09:30:00.000Z');
    expect((await statusOf(enso, s, second.id)).status).toBe('waitlisted');
    const offered = await eventsOf(enso, s, 'waitlist.offered.v1');
    expect(offered.map((e) => [e.subjectId, e.payload.mode, e.payload.numberOfMinutesToRespond, e.payload.expiresAt])).toEqual([
      [first.id, 'confirm', 30, '2027-03-01T09:30:00.000Z'],
    ]);
    // The waiting customer cannot claim a spot that was not offered to them.
    expect((await quick.client.post(`${me(s)}/${second.id}/claim`, { payment: { method: 'free' } })).body.code).toBe('not_on_waitlist');

    clock.advance(30 * minute - 1000);
    expect(await enso.services.waitlist.expireDueOffers({ clock, jobId: 't' })).toBe(0);
    clock.advance(1000);
    const lateClaim = await late.client.post(`${me(s)}/${first.id}/claim`, { payment: { method: 'free' } });
    expect(lateClaim.status).toBe(409);
    expect(lateClaim.body.code).toBe('offer_expired');
    expect(await enso.services.waitlist.expireDueOffers({ clock, jobId: 't' })).toBe(1);
    await enso.jobs.runDueJobs();

    expect((await statusOf(enso, s, first.id)).status).toBe('removed');
    expect((await eventsOf(enso, s, 'waitlist.offer_expired.v1')).map((e) => e.subjectId)).toEqual([first.id]);
    const next = await statusOf(enso, s, second.id);
    expect(next.status).toBe('offered');
    expect(new Date(next.offer_expires_at!).toISOString()).toBe('2027-03-01T10:00:00.000Z');

    const claim = await quick.client.post(`${me(s)}/${second.id}/claim`, { payment: { method: 'free' } });
    expect(claim.status, JSON.stringify(claim.body)).toBe(200);
    expect(claim.body.booking.status).toBe('booked');
    expect(await bookedCount(enso, s, occ)).toBe(1);
    expect((await eventsOf(enso, s, 'waitlist.promoted.v1')).map((e) => [e.subjectId, e.payload.mode])).toEqual([[second.id, 'confirm']]);
  });

  it('confirm: a claim whose payment fails keeps the offer open, to pay another way before it expires', async () => {
    const s = await studio({ waitlistMode: 'confirm', waitlistResponseMin: 30 });
    const occ = await makeClass(s, { date: '2027-03-02', startTime: '18:00', capacity: 1, priceMinor: 1500 });
    const held = await book(s, occ, (await makeCustomer(s)).id);
    const who = await signedInCustomer(s, 'Broke');
    const place = await book(s, occ, who.customerId);
    await freeSpot(enso, s, held.id);
    await enso.jobs.runDueJobs();
    expect((await statusOf(enso, s, place.id)).status).toBe('offered');

    const noCredit = await who.client.post(`${me(s)}/${place.id}/claim`, { payment: { method: 'prepaid_credit' } });
    expect(noCredit.status).toBe(409);
    const offer = await statusOf(enso, s, place.id);
    expect(offer.status).toBe('offered');
    expect(new Date(offer.offer_expires_at!).toISOString()).toBe('2027-03-01T09:30:00.000Z');
    expect(await bookedCount(enso, s, occ)).toBe(0);
  });

  it('confirm: a declined offer goes to the next in line; leaving the waitlist removes the place', async () => {
    const s = await studio({ waitlistMode: 'confirm', waitlistResponseMin: 60 });
    const occ = await makeClass(s, { date: '2027-03-02', startTime: '18:00', capacity: 1 });
    const a = await makeCustomer(s);
    const no = await signedInCustomer(s, 'No');
    const leaver = await signedInCustomer(s, 'Leaver');
    const yes = await signedInCustomer(s, 'Yes');
    const held = await book(s, occ, a.id);
    const first = await book(s, occ, no.customerId);
    const second = await book(s, occ, leaver.customerId);
    const third = await book(s, occ, yes.customerId);

    const leave = await leaver.client.post(`${me(s)}/${second.id}/decline`);
    expect(leave.status).toBe(200);
    expect(leave.body.status).toBe('removed');
    const notMine = await yes.client.post(`${me(s)}/${first.id}/decline`);
    expect(notMine.status).toBe(403);
    expect(notMine.body.code).toBe('not_your_booking');

    await freeSpot(enso, s, held.id);
    await enso.jobs.runDueJobs();
    expect((await statusOf(enso, s, first.id)).status).toBe('offered');
    expect((await no.client.post(`${me(s)}/${first.id}/decline`)).status).toBe(200);
    await enso.jobs.runDueJobs();

    expect((await statusOf(enso, s, third.id)).status).toBe('offered');
    expect((await eventsOf(enso, s, 'waitlist.left.v1')).map((e) => e.subjectId)).toEqual([second.id, first.id]);
    const position = await yes.client.get(`/api/v1/bookings/${third.id}`);
    expect(position.status).not.toBe(200); // a customer session is not staff
  });

  it('first_come: everyone waiting is told; the first claim wins, the others wait again', async () => {
    const s = await studio({ waitlistMode: 'first_come', waitlistResponseMin: 15 });
    const occ = await makeClass(s, { date: '2027-03-02', startTime: '18:00', capacity: 1 });
    const a = await makeCustomer(s);
    const people = [await signedInCustomer(s, 'One'), await signedInCustomer(s, 'Two'), await signedInCustomer(s, 'Three')];
    const held = await book(s, occ, a.id);
    const places = [];
    for (const p of people) places.push(await book(s, occ, p.customerId));

    await freeSpot(enso, s, held.id);
    await enso.jobs.runDueJobs();

    const offered = await eventsOf(enso, s, 'waitlist.offered.v1');
    expect(offered.map((e) => e.subjectId).sort()).toEqual(places.map((p) => p.id).sort());
    expect(offered.every((e) => e.payload.mode === 'first_come' && e.payload.expiresAt === null && e.payload.numberOfMinutesToRespond === 15)).toBe(true);

    const win = await people[2]!.client.post(`${me(s)}/${places[2]!.id}/claim`, { payment: { method: 'free' } });
    expect(win.status, JSON.stringify(win.body)).toBe(200);
    const lose = await people[0]!.client.post(`${me(s)}/${places[0]!.id}/claim`, { payment: { method: 'free' } });
    expect(lose.status).toBe(409);
    expect(lose.body.code).toBe('class_full');
    expect((await statusOf(enso, s, places[0]!.id)).status).toBe('waitlisted');
    expect((await statusOf(enso, s, places[1]!.id)).status).toBe('waitlisted');
    expect(await bookedCount(enso, s, occ)).toBe(1);
  });

  it('staff give a free spot to a waitlisted customer; a booked one cannot be promoted', async () => {
    const s = await studio({ waitlistMode: 'confirm' });
    const occ = await makeClass(s, { date: '2027-03-02', startTime: '18:00', capacity: 1 });
    const [a, b, c] = [await makeCustomer(s), await makeCustomer(s), await makeCustomer(s)];
    const held = await book(s, occ, a.id);
    await book(s, occ, b.id);
    const chosen = await book(s, occ, c.id);

    const full = await s.admin.post(`/api/v1/bookings/${chosen.id}/promote`, {});
    expect(full.status).toBe(409);
    expect(full.body.code).toBe('class_full');
    await freeSpot(enso, s, held.id);
    const promoted = await s.admin.post(`/api/v1/bookings/${chosen.id}/promote`, { payment: { method: 'complimentary' } });
    expect(promoted.status, JSON.stringify(promoted.body)).toBe(200);
    expect(promoted.body.booking.status).toBe('booked');
    const again = await s.admin.post(`/api/v1/bookings/${held.id}/promote`, {});
    expect(again.body.code).toBe('not_on_waitlist');
    const bad = await s.admin.post(`/api/v1/bookings/${chosen.id}/promote`, { payment: { method: 'barter' } });
    expect(bad.status).toBe(400);
    await enso.jobs.runDueJobs(); // the fill job finds no spot left: nobody is offered
    expect(await eventsOf(enso, s, 'waitlist.offered.v1')).toEqual([]);
  });

  // PGlite is one connection: transactions cannot overlap there, so races only exist on PostgreSQL.
  it.runIf(kind === 'postgres')('gives freed spots to exactly as many customers, in line order, when cancellations and fill runs overlap', async () => {
    const s = await studio();
    const occ = await makeClass(s, { date: '2027-03-02', startTime: '18:00', capacity: 2 });
    const customers = [];
    for (let i = 0; i < 8; i++) customers.push(await makeCustomer(s));
    const rows = [];
    for (const c of customers) rows.push(await book(s, occ, c.id));

    await Promise.all([freeSpot(enso, s, rows[0]!.id), freeSpot(enso, s, rows[1]!.id)]);
    const ctx = ctxOf(enso, s);
    await Promise.all([enso.services.waitlist.fill(ctx, occ), enso.services.waitlist.fill(ctx, occ), enso.services.waitlist.fill(ctx, occ), enso.jobs.runDueJobs()]);

    const statuses = await Promise.all(rows.slice(2).map((r) => statusOf(enso, s, r.id)));
    expect(statuses.map((r) => r.status)).toEqual(['booked', 'booked', 'waitlisted', 'waitlisted', 'waitlisted', 'waitlisted']);
    expect(await bookedCount(enso, s, occ)).toBe(2);
  });

  // PGlite is one connection: transactions cannot overlap there, so races only exist on PostgreSQL.
  it.runIf(kind === 'postgres')('lets exactly one of many simultaneous first-come claims take the spot', async () => {
    const s = await studio({ waitlistMode: 'first_come' });
    const occ = await makeClass(s, { date: '2027-03-02', startTime: '18:00', capacity: 1 });
    const held = await book(s, occ, (await makeCustomer(s)).id);
    const people = [];
    for (let i = 0; i < 8; i++) people.push(await signedInCustomer(s, `Racer${i}`));
    const places: { id: string }[] = [];
    for (const p of people) places.push(await book(s, occ, p.customerId));
    await Promise.all([freeSpot(enso, s, held.id), freeSpot(enso, s, held.id)]);
    await enso.jobs.runDueJobs();

    const answers = await Promise.all(people.map((p, i) => p.client.post(`${me(s)}/${places[i]!.id}/claim`, { payment: { method: 'free' } })));

    expect(answers.filter((r) => r.status === 200), JSON.stringify(answers.map((r) => [r.status, r.body.code]))).toHaveLength(1);
    expect(answers.filter((r) => r.status === 409)).toHaveLength(7);
    expect(await bookedCount(enso, s, occ)).toBe(1);
    const statuses = await Promise.all(places.map((p) => statusOf(enso, s, p.id)));
    expect(statuses.filter((r) => r.status === 'booked')).toHaveLength(1);
    expect(statuses.filter((r) => r.status === 'waitlisted')).toHaveLength(7);
  });
});
