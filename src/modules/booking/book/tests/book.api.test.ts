import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../../kernel/clock.ts';
import type { StudioId } from '../../../../kernel/ids.ts';
import { withStudio } from '../../../../platform/db/tx.ts';
import { problem } from '../../../../platform/testing/client.ts';
import { testDatabaseKinds } from '../../../../platform/testing/database.ts';
import { createTestEnso, makeCustomer, type TestEnso } from '../../../../platform/testing/enso.ts';
import { buyDirect, createPlan, pack } from '../../../memberships/tests/fixtures.ts';
import { releaseBooking } from '../../capacity-repo.ts';
import { bookedCount, makeClass, newKey, ownBook, payloadOf, scheduleStudio, signedUpCustomer, staffBook, typesAbout, type ScheduleStudio } from './fixtures.ts';

describe.each(testDatabaseKinds())('booking a class (%s)', (kind) => {
  let enso: TestEnso;
  let s: ScheduleStudio;
  // Friday 26 February 2027, 13:00 in Paris; classes default to Monday 1 March 18:00 (17:00Z).
  const clock = fixedClock('2027-02-26T12:00:00Z');
  const ctxOf = (st: ScheduleStudio) => ({ studioId: st.studioId as StudioId, actor: { kind: 'system' as const }, clock, requestId: 'test' });

  beforeAll(async () => {
    enso = await createTestEnso(kind, { clock });
    s = await scheduleStudio(enso);
  });
  afterAll(() => enso?.dispose());

  it('staff book a customer at no charge; the booking reads back by id and on the customer’s list', async () => {
    const cls = await makeClass(enso, s, { priceMinor: 2000 });
    const c = await makeCustomer(s);

    const res = await staffBook(s.admin, { occurrenceId: cls.id, customerId: c.id });
    const byId = await s.admin.get(`/api/v1/bookings/${res.body.booking.id}`);
    const list = await s.admin.get(`/api/v1/customers/${c.id}/bookings`);

    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.payment).toBeNull();
    expect(res.body.booking).toMatchObject({
      status: 'booked',
      source: 'staff',
      paymentMethod: 'complimentary',
      customerId: c.id,
      payerId: c.id,
      customerName: `${c.firstName} ${c.lastName}`,
      waitlistPosition: null,
      class: { name: 'Vinyasa flow', startsAt: '2027-03-01T17:00:00.000Z', endsAt: '2027-03-01T18:00:00.000Z', timeZone: 'Europe/Paris', locationName: 'Main hall', status: 'scheduled' },
    });
    expect(byId.body).toEqual(res.body.booking);
    expect(list.body.items.map((b: { id: string }) => b.id)).toEqual([res.body.booking.id]);
    expect(await bookedCount(enso, s, cls.id)).toBe(1);
    expect(await typesAbout(enso, s, res.body.booking.id)).toEqual(['booking.created.v1', 'booking.created_without_membership.v1']);
  });

  it('a pack pays with one credit; a plan not usable for the class is refused with no_eligible_membership', async () => {
    const otherTemplate = await s.admin.post('/api/v1/class-templates', { name: 'Pilates', category: 'Pilates', defaultDurationMin: 50, defaultCapacity: 10 });
    const yogaOnly = await createPlan(s, pack(5, { name: 'Yoga 5', usableTemplateIds: [s.templateId] }));
    const cls = await makeClass(enso, s, { priceMinor: 2000 });
    const pilates = await makeClass(enso, s, { templateId: otherTemplate.body.id, startTimes: ['10:00'] });
    const { client, id } = await signedUpCustomer(s, 'Pia');
    const membershipId = await buyDirect(enso, s, clock, id, yogaOnly.id);

    const refused = await ownBook(client, s.slug, { occurrenceId: pilates.id, payment: { method: 'membership' } });
    const res = await ownBook(client, s.slug, { occurrenceId: cls.id, payment: { method: 'membership' } });
    const credits = await s.admin.get(`/api/v1/memberships/${membershipId}`);

    expect(refused.body).toMatchObject(problem(409, 'no_eligible_membership'));
    expect(await bookedCount(enso, s, pilates.id)).toBe(0);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.booking).toMatchObject({ status: 'booked', source: 'online', paymentMethod: 'membership', membershipId, membershipName: 'Yoga 5', paidMinor: 0 });
    expect(credits.body.creditsRemaining).toBe(4);
    expect(await typesAbout(enso, s, res.body.booking.id)).toEqual(['booking.created.v1', 'booking.created_with_membership.v1']);
  });

  it('an intro offer pays as intro_offer and counts the Nth booking through intro offers', async () => {
    const intro = await createPlan(s, { name: 'Intro 3', kind: 'intro_offer', priceMinor: 3000, creditsMode: 'total', creditsCount: 3, expiryCount: 1, expiryUnit: 'month' } as never);
    const first = await makeClass(enso, s, { startTimes: ['07:00'] });
    const second = await makeClass(enso, s, { startTimes: ['08:00'] });
    const { client, id } = await signedUpCustomer(s, 'Ivo');
    await buyDirect(enso, s, clock, id, intro.id);

    const a = await ownBook(client, s.slug, { occurrenceId: first.id, payment: { method: 'membership' } });
    const b = await ownBook(client, s.slug, { occurrenceId: second.id, payment: { method: 'membership' } });

    expect(a.body.booking).toMatchObject({ paymentMethod: 'intro_offer', membershipName: 'Intro 3' });
    expect(await typesAbout(enso, s, a.body.booking.id)).toEqual(['booking.created.v1', 'booking.created_with_membership.v1', 'booking.created_with_intro_offer.v1']);
    expect(await payloadOf(enso, s, a.body.booking.id, 'booking.created_with_intro_offer.v1')).toMatchObject({ introOfferBookingNumber: 1, planId: intro.id });
    expect(await payloadOf(enso, s, b.body.booking.id, 'booking.created_with_intro_offer.v1')).toMatchObject({ introOfferBookingNumber: 2 });
  });

  it('a free class books as free; "free" on a paid class asks for a payment', async () => {
    const free = await makeClass(enso, s, { priceMinor: 0, startTimes: ['06:00'] });
    const paid = await makeClass(enso, s, { priceMinor: 1500, startTimes: ['06:30'] });
    const { client } = await signedUpCustomer(s, 'Fay');

    const ok = await ownBook(client, s.slug, { occurrenceId: free.id, payment: { method: 'card' } });
    const refused = await ownBook(client, s.slug, { occurrenceId: paid.id, payment: { method: 'free' } });
    const cash = await ownBook(client, s.slug, { occurrenceId: paid.id, payment: { method: 'cash' } });

    expect(ok.body.booking).toMatchObject({ status: 'booked', paymentMethod: 'free', paidMinor: 0 });
    expect(refused.body).toMatchObject(problem(409, 'payment_required'));
    expect(cash.body).toMatchObject(problem(400, 'invalid_booking'));
    expect(await bookedCount(enso, s, paid.id)).toBe(0);
  });

  it('a semester is sold whole: a customer registers instead of booking one class; staff seat someone only without charging the series price', async () => {
    const semester = await makeClass(enso, s, { kind: 'semester', priceMinor: 12000, startTimes: ['07:00'], endDate: '2027-03-29' });
    const { client, id } = await signedUpCustomer(s, 'Sem');

    const online = await ownBook(client, s.slug, { occurrenceId: semester.id, payment: { method: 'card' } });
    const cash = await staffBook(s.admin, { occurrenceId: semester.id, customerId: id, payment: { method: 'cash' } });
    const seated = await staffBook(s.admin, { occurrenceId: semester.id, customerId: id, payment: { method: 'complimentary' } });

    expect(online.body).toMatchObject({ ...problem(409, 'registration_required'), details: { seriesId: semester.seriesId, kind: 'semester' } });
    expect(cash.body).toMatchObject(problem(409, 'registration_required'));
    expect(seated.status, JSON.stringify(seated.body)).toBe(201);
    expect(seated.body.booking).toMatchObject({ status: 'booked', paymentMethod: 'complimentary', paidMinor: 0 });
    expect(await bookedCount(enso, s, semester.id)).toBe(1);
  });

  it('cash at the desk goes through commerce: an order paid and the booking booked with it', async () => {
    const cls = await makeClass(enso, s, { priceMinor: 2500, startTimes: ['12:00'] });
    const c = await makeCustomer(s);

    const res = await staffBook(s.admin, { occurrenceId: cls.id, customerId: c.id, payment: { method: 'cash' } });
    const order = await s.admin.get(`/api/v1/commerce/orders/${res.body.booking.orderId}`);

    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.booking).toMatchObject({ status: 'booked', paymentMethod: 'cash', paidMinor: 2500, currency: 'EUR' });
    expect(res.body.payment).toMatchObject({ status: 'paid', clientSecret: null });
    expect(order.body).toMatchObject({ status: 'paid', totalMinor: 2500, lines: [expect.objectContaining({ kind: 'class_booking', refId: res.body.booking.id, description: 'Vinyasa flow, 2027-03-01 12:00' })] });
  });

  it('prepaid credit with a discount code: the discounted price is taken from the credit', async () => {
    const code = await s.admin.post('/api/v1/discount-codes', { code: `YOGA${newKey().replace(/[^A-Za-z0-9]/g, '').slice(-6).toUpperCase()}`, kind: 'percent', percentBp: 1000, templateIds: [s.templateId] });
    const cls = await makeClass(enso, s, { priceMinor: 2000, startTimes: ['13:00'] });
    const { client, id } = await signedUpCustomer(s, 'Cora');
    await s.admin.post(`/api/v1/customers/${id}/credits/adjustments`, { deltaMinor: 5000, note: 'Gift' });

    const res = await ownBook(client, s.slug, { occurrenceId: cls.id, payment: { method: 'prepaid_credit' }, discountCode: code.body.code });
    const account = await client.get(`/api/public/v1/studios/${s.slug}/me/credits`);

    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.booking).toMatchObject({ status: 'booked', paymentMethod: 'prepaid_credit', paidMinor: 1800, discountCode: code.body.code });
    expect(account.body.balanceMinor).toBe(3200);
    expect(await typesAbout(enso, s, res.body.booking.id)).toEqual(['booking.created.v1', 'booking.created_with_discount.v1', 'booking.created_without_membership.v1']);
  });

  it('not enough prepaid credit gives the held spot back', async () => {
    const cls = await makeClass(enso, s, { priceMinor: 2000, startTimes: ['13:30'] });
    const { client } = await signedUpCustomer(s, 'Nell');

    const res = await ownBook(client, s.slug, { occurrenceId: cls.id, payment: { method: 'prepaid_credit' } });

    expect(res.body).toMatchObject(problem(409, 'insufficient_credit'));
    expect(await bookedCount(enso, s, cls.id)).toBe(0);
  });

  it('one active place per customer per class: a second booking is 409 already_booked', async () => {
    const cls = await makeClass(enso, s, { startTimes: ['14:00'] });
    const c = await makeCustomer(s);

    const first = await staffBook(s.admin, { occurrenceId: cls.id, customerId: c.id });
    const second = await staffBook(s.admin, { occurrenceId: cls.id, customerId: c.id });

    expect(first.status).toBe(201);
    expect(second.body).toMatchObject(problem(409, 'already_booked'));
    expect(await bookedCount(enso, s, cls.id)).toBe(1);
  });

  it('the same Idempotency-Key books once and replays the first answer', async () => {
    const cls = await makeClass(enso, s, { startTimes: ['14:30'] });
    const c = await makeCustomer(s);
    const key = newKey();

    const first = await staffBook(s.admin, { occurrenceId: cls.id, customerId: c.id }, key);
    const again = await staffBook(s.admin, { occurrenceId: cls.id, customerId: c.id }, key);

    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body.booking.id).toBe(first.body.booking.id);
    expect(await bookedCount(enso, s, cls.id)).toBe(1);
  });

  it('a class in the past: customers are refused; staff book it only with auto check-in', async () => {
    const cls = await makeClass(enso, s, { startTimes: ['15:00'] });
    const { client, id } = await signedUpCustomer(s, 'Otto');
    clock.set('2027-03-02T08:00:00Z');
    try {
      const own = await ownBook(client, s.slug, { occurrenceId: cls.id, payment: { method: 'free' } });
      const plain = await staffBook(s.admin, { occurrenceId: cls.id, customerId: id });
      const walkIn = await staffBook(s.admin, { occurrenceId: cls.id, customerId: id, autoCheckIn: true });

      expect(own.body, JSON.stringify(own.body)).toMatchObject(problem(409, 'class_started'));
      expect(plain.body, JSON.stringify(plain.body)).toMatchObject(problem(409, 'class_started'));
      expect(walkIn.status, JSON.stringify(walkIn.body)).toBe(201);
      expect(walkIn.body.booking).toMatchObject({ status: 'booked', checkedInAt: '2027-03-02T08:00:00.000Z' });
      expect(await typesAbout(enso, s, walkIn.body.booking.id)).toContain('booking.checked_in.v1');
      expect(await payloadOf(enso, s, walkIn.body.booking.id, 'booking.checked_in.v1')).toMatchObject({ by: 'auto' });
    } finally {
      clock.set('2027-02-26T12:00:00Z');
    }
  });

  it('a class that starts now: customers are refused (started), staff may still book', async () => {
    const cls = await makeClass(enso, s, { startTimes: ['16:00'] });
    const { client, id } = await signedUpCustomer(s, 'Nina');
    clock.set(cls.startsAt);
    try {
      const own = await ownBook(client, s.slug, { occurrenceId: cls.id, payment: { method: 'free' } });
      const staff = await staffBook(s.admin, { occurrenceId: cls.id, customerId: id });
      expect(own.body).toMatchObject(problem(409, 'class_started'));
      expect(staff.status, JSON.stringify(staff.body)).toBe(201);
    } finally {
      clock.set('2027-02-26T12:00:00Z');
    }
    clock.set(new Date(Date.parse(cls.startsAt) - 60_000));
    try {
      const other = await signedUpCustomer(s, 'Moe');
      const oneMinuteBefore = await ownBook(other.client, s.slug, { occurrenceId: cls.id, payment: { method: 'free' } });
      expect(oneMinuteBefore.status).toBe(201);
    } finally {
      clock.set('2027-02-26T12:00:00Z');
    }
  });

  it('the sales cutoff and the booking window hold for customers, not for staff', async () => {
    // Monday 1 March 16:30 Paris: 90 minutes before the class; the cutoff is 2 hours.
    const cutoff = await makeClass(enso, s, { startTimes: ['17:30'], salesCutoffMin: 120 });
    const window = await makeClass(enso, s, { startTimes: ['17:45'], bookingWindowDays: 1 });
    const { client, id } = await signedUpCustomer(s, 'Lim');

    const early = await ownBook(client, s.slug, { occurrenceId: window.id, payment: { method: 'free' } });
    clock.set('2027-03-01T15:00:00Z');
    try {
      const late = await ownBook(client, s.slug, { occurrenceId: cutoff.id, payment: { method: 'free' } });
      const staff = await staffBook(s.admin, { occurrenceId: cutoff.id, customerId: id });
      const opened = await ownBook(client, s.slug, { occurrenceId: window.id, payment: { method: 'free' } });

      expect(early.body).toMatchObject(problem(409, 'not_yet_open'));
      expect(early.body.details.opensAt).toBe('2027-02-28T16:45:00.000Z');
      expect(late.body).toMatchObject(problem(409, 'sales_closed'));
      expect(staff.status).toBe(201);
      expect(opened.status).toBe(201);
    } finally {
      clock.set('2027-02-26T12:00:00Z');
    }
  });

  it('a class across the spring DST change keeps its instants: 01:30 Paris on 28 March for 90 minutes ends at 04:00 local', async () => {
    const created = await s.admin.post('/api/v1/series', {
      templateId: s.templateId,
      pattern: 'dates',
      dates: [{ date: '2027-03-28', startTime: '01:30' }, { date: '2027-03-29', startTime: '18:00' }],
      durationMin: 90,
      locationId: s.locationId,
      roomId: s.roomId,
      confirmConflicts: true,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const rows = await withStudio(enso.database, s.studioId as StudioId, async (tx) =>
      (await tx.execute(sql`select id from schedule_occurrences where studio_id = ${s.studioId} and series_id = ${created.body.series.id} order by starts_at`)) as unknown as { rows: { id: string }[] },
    );
    const [night, after] = rows.rows;
    const { client } = await signedUpCustomer(s, 'Dora');

    const a = await ownBook(client, s.slug, { occurrenceId: night!.id, payment: { method: 'free' } });
    const b = await ownBook(client, s.slug, { occurrenceId: after!.id, payment: { method: 'free' } });

    expect(a.body.booking.class).toMatchObject({ startsAt: '2027-03-28T00:30:00.000Z', endsAt: '2027-03-28T02:00:00.000Z', timeZone: 'Europe/Paris' });
    // After the change Paris is UTC+2: 18:00 is 16:00Z (it was 17:00Z on 1 March).
    expect(b.body.booking.class).toMatchObject({ startsAt: '2027-03-29T16:00:00.000Z' });
  });

  it('children: only where the class allows them, only the parent’s own child', async () => {
    const noKids = await makeClass(enso, s, { startTimes: ['09:00'] });
    const kids = await makeClass(enso, s, { startTimes: ['09:30'], allowChildren: true });
    const parent = await signedUpCustomer(s, 'Pam');
    const child = await parent.client.post(`/api/public/v1/studios/${s.slug}/me/children`, { firstName: 'Kit' });
    expect(child.status, JSON.stringify(child.body)).toBe(201);
    const stranger = await signedUpCustomer(s, 'Sam');

    const refused = await ownBook(parent.client, s.slug, { occurrenceId: noKids.id, payment: { method: 'free' }, forCustomerId: child.body.id });
    const notYours = await ownBook(stranger.client, s.slug, { occurrenceId: kids.id, payment: { method: 'free' }, forCustomerId: child.body.id });
    const ok = await ownBook(parent.client, s.slug, { occurrenceId: kids.id, payment: { method: 'free' }, forCustomerId: child.body.id });
    const mine = await parent.client.get(`/api/public/v1/studios/${s.slug}/me/bookings`);

    expect(refused.body).toMatchObject(problem(403, 'children_not_allowed'));
    expect(notYours.body).toMatchObject(problem(403, 'not_your_child'));
    expect(ok.body.booking).toMatchObject({ status: 'booked', customerId: child.body.id, payerId: parent.id });
    expect(mine.body.items.map((i: { id: string }) => i.id)).toEqual([ok.body.booking.id]);
  });

  it('spots: a spot must exist on the room map and be free', async () => {
    const map = await s.admin.put(`/api/v1/rooms/${s.roomId}/spot-map`, {
      rows: 1,
      columns: 3,
      cells: [
        { row: 1, column: 1, kind: 'spot', label: '1' },
        { row: 1, column: 2, kind: 'spot', label: '2' },
        { row: 1, column: 3, kind: 'landmark', label: 'Door' },
      ],
    });
    expect(map.status, JSON.stringify(map.body)).toBe(200);
    const cls = await makeClass(enso, s, { startTimes: ['10:30'], spotSelection: true });
    const a = await signedUpCustomer(s, 'Ada');
    const b = await signedUpCustomer(s, 'Bea');

    const unknown = await ownBook(a.client, s.slug, { occurrenceId: cls.id, payment: { method: 'free' }, spotLabel: 'Door' });
    const first = await ownBook(a.client, s.slug, { occurrenceId: cls.id, payment: { method: 'free' }, spotLabel: '1' });
    const taken = await ownBook(b.client, s.slug, { occurrenceId: cls.id, payment: { method: 'free' }, spotLabel: '1' });
    const options = await b.client.get(`/api/public/v1/studios/${s.slug}/classes/${cls.id}/booking-options`);

    expect(unknown.body).toMatchObject(problem(400, 'invalid_spot'));
    expect(first.body.booking).toMatchObject({ spotLabel: '1' });
    expect(taken.body).toMatchObject(problem(409, 'spot_taken'));
    expect(options.body).toMatchObject({ spotSelection: true, spotsTaken: ['1'] });
    expect(options.body.spotMap.cells).toHaveLength(3);
    await s.admin.delete(`/api/v1/rooms/${s.roomId}/spot-map`);
  });

  it('a full class: the waitlist with a position, or class_full when the customer does not want to wait', async () => {
    const cls = await makeClass(enso, s, { startTimes: ['11:00'], capacity: 1 });
    const [a, b, c] = [await makeCustomer(s), await makeCustomer(s), await makeCustomer(s)];

    const booked = await staffBook(s.admin, { occurrenceId: cls.id, customerId: a.id });
    const full = await staffBook(s.admin, { occurrenceId: cls.id, customerId: b.id, joinWaitlistIfFull: false });
    const w1 = await staffBook(s.admin, { occurrenceId: cls.id, customerId: b.id });
    const w2 = await staffBook(s.admin, { occurrenceId: cls.id, customerId: c.id });

    expect(booked.body.booking.status).toBe('booked');
    expect(full.body).toMatchObject(problem(409, 'class_full'));
    expect(w1.body.booking).toMatchObject({ status: 'waitlisted', waitlistPosition: 1, paymentMethod: null });
    expect(w2.body.booking).toMatchObject({ status: 'waitlisted', waitlistPosition: 2 });
    expect(await payloadOf(enso, s, w2.body.booking.id, 'waitlist.joined.v1')).toMatchObject({ position: 2 });
    expect(await bookedCount(enso, s, cls.id)).toBe(1);
  });

  it('promote: gives a freed spot to a waiting customer with their pack, once; without any way to pay it fails and they stay in line', async () => {
    const cls = await makeClass(enso, s, { startTimes: ['19:30'], capacity: 1, priceMinor: 2000 });
    const plan = await createPlan(s, pack(3, { name: 'Promo pack' }));
    const [a, b, broke] = [await makeCustomer(s), await makeCustomer(s), await makeCustomer(s)];
    await buyDirect(enso, s, clock, b.id, plan.id);
    const first = await staffBook(s.admin, { occurrenceId: cls.id, customerId: a.id });
    const waitingBroke = await staffBook(s.admin, { occurrenceId: cls.id, customerId: broke.id });
    const waitingB = await staffBook(s.admin, { occurrenceId: cls.id, customerId: b.id });
    const ctx = ctxOf(s);
    await withStudio(enso.database, ctx.studioId, (tx) => releaseBooking(tx, ctx, first.body.booking.id, { status: 'cancelled', cancelledAt: clock.now() }));

    const failed = await enso.services.book.promote(ctx, waitingBroke.body.booking.id, 'auto', 'auto');
    const promoted = await enso.services.book.promote(ctx, waitingB.body.booking.id, 'auto', 'auto');
    const twice = await enso.services.book.promote(ctx, waitingB.body.booking.id, 'auto', 'auto');
    const stillWaiting = await s.admin.get(`/api/v1/bookings/${waitingBroke.body.booking.id}`);

    expect(failed).toMatchObject({ ok: false, reason: 'payment_required' });
    expect(promoted).toMatchObject({ ok: true, booking: { status: 'booked', paymentMethod: 'membership', source: 'waitlist', waitlistPosition: null } });
    expect(twice).toMatchObject({ ok: true, booking: { id: waitingB.body.booking.id, status: 'booked' } });
    expect(stillWaiting.body).toMatchObject({ status: 'waitlisted', waitlistPosition: 1 });
    expect(await bookedCount(enso, s, cls.id)).toBe(1);
    expect(await typesAbout(enso, s, waitingB.body.booking.id)).toEqual(['waitlist.joined.v1', 'booking.created.v1', 'booking.created_with_membership.v1', 'waitlist.promoted.v1']);
  });

  it('booking options: price, spots, the customer’s usable memberships, and their place', async () => {
    const cls = await makeClass(enso, s, { startTimes: ['20:00'], priceMinor: 1700, capacity: 5 });
    const plan = await createPlan(s, pack(2, { name: 'Duo pack' }));
    const { client, id } = await signedUpCustomer(s, 'Opal');
    const membershipId = await buyDirect(enso, s, clock, id, plan.id);
    await ownBook(client, s.slug, { occurrenceId: cls.id, payment: { method: 'membership' } });

    const res = await client.get(`/api/public/v1/studios/${s.slug}/classes/${cls.id}/booking-options`);

    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ occurrenceId: cls.id, bookability: 'open', priceMinor: 1700, currency: 'EUR', spotsLeft: 4, waitlistEnabled: true, waitlistLength: 0, allowChildren: false, prepaidCreditMinor: 0, savedCards: [] });
    expect(res.body.attendees).toEqual([
      expect.objectContaining({ customerId: id, isChild: false, memberships: [expect.objectContaining({ membershipId, planName: 'Duo pack', creditsRemaining: 1 })], existing: expect.objectContaining({ status: 'booked' }) }),
    ]);
  });

  it('bad input is a problem with field errors, never a 500', async () => {
    const c = await makeCustomer(s);
    const res = await staffBook(s.admin, { occurrenceId: '', customerId: c.id, payment: { method: 'bitcoin' } });
    const unknownClass = await staffBook(s.admin, { occurrenceId: 'occ_nope', customerId: c.id });
    const unknownCustomer = await staffBook(s.admin, { occurrenceId: (await makeClass(enso, s, { startTimes: ['21:00'] })).id, customerId: 'cus_nope' });
    expect(res.status).toBe(400);
    expect(unknownClass.body).toMatchObject(problem(404, 'class_not_found'));
    expect(unknownCustomer.body).toMatchObject(problem(404, 'customer_not_found'));
  });

  describe('waivers and checkout questions', () => {
    let w: ScheduleStudio;
    beforeAll(async () => {
      w = await scheduleStudio(enso);
    });

    it('the customer waiver must be accepted at booking; once ticked it is signed and the booking goes through', async () => {
      const waiver = await w.admin.post('/api/v1/waivers', { kind: 'customer', title: 'Liability', body: 'I take part at my own risk.' });
      expect(waiver.status, JSON.stringify(waiver.body)).toBe(201);
      const cls = await makeClass(enso, w, { priceMinor: 0 });
      const { client } = await signedUpCustomer(w, 'Wil');

      const refused = await ownBook(client, w.slug, { occurrenceId: cls.id, payment: { method: 'free' } });
      const versionId = refused.body.details?.waivers?.[0]?.versionId;
      const ok = await ownBook(client, w.slug, { occurrenceId: cls.id, payment: { method: 'free' }, acceptedWaiverVersionIds: [versionId] });

      expect(refused.body).toMatchObject(problem(409, 'waiver_required'));
      expect(refused.body.details.waivers[0]).toMatchObject({ title: 'Liability', kind: 'customer' });
      expect(ok.status, JSON.stringify(ok.body)).toBe(201);
      expect(await bookedCount(enso, w, cls.id)).toBe(1);
    });

    it('a required checkout question must be answered', async () => {
      const field = await w.admin.post('/api/v1/customer-fields', { label: 'Injuries?', kind: 'text', required: true, askAtCheckout: true });
      expect(field.status, JSON.stringify(field.body)).toBe(201);
      const cls = await makeClass(enso, w, { priceMinor: 0, startTimes: ['07:00'] });
      const waiver = (await w.admin.get('/api/v1/waivers')).body.items.find((x: { kind: string }) => x.kind === 'customer');
      const { client } = await signedUpCustomer(w, 'Quin');
      const accepted = [`${waiver.id}:${waiver.currentVersion ?? 1}`];

      const refused = await ownBook(client, w.slug, { occurrenceId: cls.id, payment: { method: 'free' }, acceptedWaiverVersionIds: accepted });
      const ok = await ownBook(client, w.slug, { occurrenceId: cls.id, payment: { method: 'free' }, acceptedWaiverVersionIds: accepted, answers: { [field.body.id]: 'None' } });

      expect(refused.body).toMatchObject(problem(409, 'answers_required'));
      expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    });
  });
});
