import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../../kernel/clock.ts';
import type { StudioId } from '../../../../kernel/ids.ts';
import { withStudio, withSystem } from '../../../../platform/db/tx.ts';
import { releaseBooking } from '../../capacity-repo.ts';
import { problem } from '../../../../platform/testing/client.ts';
import { testDatabaseKinds } from '../../../../platform/testing/database.ts';
import type { TestEnso } from '../../../../platform/testing/enso.ts';
import type { StripeStub } from '../../../../platform/testing/stripe-stub.ts';
import { confirmInBrowser, saveCard, startWithStripe, stopWithStripe } from '../../../commerce/tests/fixtures.ts';
import { equipForClasses } from '../../../schedule/tests/schedule-fixtures.ts';
import { releaseExpiredHoldsJobName } from '../jobs.ts';
import { bookedCount, makeClass, ownBook, signedUpCustomer, staffBook, typesAbout, type ScheduleStudio } from './fixtures.ts';

/** Card payments of bookings against the local Stripe stub: saved cards, a card entered in the browser, declines, and holds that run out. */
describe.each(testDatabaseKinds())('booking paid by card (%s)', (kind) => {
  let enso: TestEnso;
  let stub: StripeStub;
  let s: ScheduleStudio;
  const clock = fixedClock('2027-02-26T12:00:00Z');

  beforeAll(async () => {
    const started = await startWithStripe(kind, { clock });
    ({ enso, stub } = started);
    s = await equipForClasses(started.a);
  });
  afterAll(() => stopWithStripe(enso, stub));

  it('staff charge the customer’s saved card: the order is paid and the booking booked with the price paid', async () => {
    const cls = await makeClass(enso, s, { priceMinor: 2200 });
    const { id } = await signedUpCustomer(s, 'Cara');
    await saveCard(enso, s, stub, id);

    const res = await staffBook(s.admin, { occurrenceId: cls.id, customerId: id, payment: { method: 'card' } });

    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.booking).toMatchObject({ status: 'booked', paymentMethod: 'card', paidMinor: 2200 });
    expect(res.body.payment).toMatchObject({ status: 'paid' });
    expect(stub.paymentIntents().some((p) => p.amount === 2200 && p.status === 'succeeded')).toBe(true);
    expect(await typesAbout(enso, s, res.body.booking.id)).toEqual(['booking.created.v1', 'booking.created_without_membership.v1']);
  });

  it('a customer pays with a card entered in the browser: the spot is held, then booked once the card is confirmed', async () => {
    const cls = await makeClass(enso, s, { priceMinor: 1900, startTimes: ['08:00'] });
    const { client } = await signedUpCustomer(s, 'Bo');

    const res = await ownBook(client, s.slug, { occurrenceId: cls.id, payment: { method: 'card' } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.booking).toMatchObject({ status: 'pending', paymentMethod: 'card' });
    expect(res.body.payment).toMatchObject({ status: 'requires_action', clientSecret: expect.any(String) });
    expect(await bookedCount(enso, s, cls.id)).toBe(1);

    await confirmInBrowser(stub, res.body.payment.clientSecret);
    const confirmed = await client.post(`/api/public/v1/studios/${s.slug}/me/orders/${res.body.payment.orderId}/confirm`);
    const booking = (await client.get(`/api/public/v1/studios/${s.slug}/me/bookings`)).body.items[0];

    expect(confirmed.body.order.status).toBe('paid');
    expect(booking).toMatchObject({ id: res.body.booking.id, status: 'booked', paidMinor: 1900, orderId: res.body.payment.orderId });
    expect(await bookedCount(enso, s, cls.id)).toBe(1);
  });

  it('a declined saved card: 409 payment_failed and the held spot is given back', async () => {
    const cls = await makeClass(enso, s, { priceMinor: 2000, startTimes: ['09:00'] });
    const { client, id } = await signedUpCustomer(s, 'Dee');
    const cardId = await saveCard(enso, s, stub, id, 'pm_card_chargeCustomerFail');

    const res = await ownBook(client, s.slug, { occurrenceId: cls.id, payment: { method: 'card', savedCardId: cardId } });
    const list = await client.get(`/api/public/v1/studios/${s.slug}/me/bookings`);

    expect(res.body).toMatchObject(problem(409, 'payment_failed'));
    expect(await bookedCount(enso, s, cls.id)).toBe(0);
    expect(list.body.items).toEqual([expect.objectContaining({ status: 'removed' })]);
  });

  it('promote with auto payment charges the default saved card off-session; a card that declines leaves the customer in line', async () => {
    const cls = await makeClass(enso, s, { priceMinor: 2100, startTimes: ['11:00'], capacity: 1 });
    const first = await signedUpCustomer(s, 'Fia');
    const declines = await signedUpCustomer(s, 'Gus');
    const pays = await signedUpCustomer(s, 'Ray');
    await saveCard(enso, s, stub, declines.id, 'pm_card_chargeCustomerFail');
    await saveCard(enso, s, stub, pays.id);
    const held = await staffBook(s.admin, { occurrenceId: cls.id, customerId: first.id });
    const w1 = await staffBook(s.admin, { occurrenceId: cls.id, customerId: declines.id });
    const w2 = await staffBook(s.admin, { occurrenceId: cls.id, customerId: pays.id });
    const ctx = { studioId: s.studioId as StudioId, actor: { kind: 'system' as const }, clock, requestId: 'test' };
    await withStudio(enso.database, ctx.studioId, (tx) => releaseBooking(tx, ctx, held.body.booking.id, { status: 'cancelled', cancelledAt: clock.now() }));

    const failed = await enso.services.book.promote(ctx, w1.body.booking.id, 'auto', 'auto');
    const promoted = await enso.services.book.promote(ctx, w2.body.booking.id, 'auto', 'auto');
    const stillWaiting = await s.admin.get(`/api/v1/bookings/${w1.body.booking.id}`);

    expect(failed).toMatchObject({ ok: false, reason: 'payment_failed' });
    expect(stillWaiting.body).toMatchObject({ status: 'waitlisted', waitlistPosition: 1, paymentMethod: null });
    expect(promoted).toMatchObject({ ok: true, booking: { status: 'booked', paymentMethod: 'card', paidMinor: 2100, source: 'waitlist' } });
    expect(await bookedCount(enso, s, cls.id)).toBe(1);
    expect(await typesAbout(enso, s, w2.body.booking.id)).toEqual(['waitlist.joined.v1', 'booking.created.v1', 'booking.created_without_membership.v1', 'waitlist.promoted.v1']);
  });

  it('a card payment nobody completes: the job gives the spot back after the 20-minute hold', async () => {
    const cls = await makeClass(enso, s, { priceMinor: 2000, startTimes: ['10:00'] });
    const { client } = await signedUpCustomer(s, 'Hal');
    const res = await ownBook(client, s.slug, { occurrenceId: cls.id, payment: { method: 'card' } });
    expect(res.body.booking.status).toBe('pending');

    const enqueue = (slot: string) => withSystem(enso.database, (tx) => enso.jobs.enqueue(tx, releaseExpiredHoldsJobName, { slot }));
    await enqueue('early');
    await enso.jobs.runDueJobs({ names: [releaseExpiredHoldsJobName] });
    expect(await bookedCount(enso, s, cls.id)).toBe(1);

    clock.advance(21 * 60_000);
    try {
      await enqueue('late');
      await enso.jobs.runDueJobs({ names: [releaseExpiredHoldsJobName] });
      const booking = (await client.get(`/api/public/v1/studios/${s.slug}/me/bookings`)).body.items.find((b: { id: string }) => b.id === res.body.booking.id);
      expect(booking.status).toBe('removed');
      expect(await bookedCount(enso, s, cls.id)).toBe(0);
      const rows = await withSystem(enso.database, (tx) => tx.execute(sql`select status from booking_bookings where id = ${res.body.booking.id}`));
      expect((rows as unknown as { rows: { status: string }[] }).rows[0]!.status).toBe('removed');

      // The customer finishes paying after all: the spot is taken again (one is free) and the booking is booked.
      await confirmInBrowser(stub, res.body.payment.clientSecret);
      const confirmed = await client.post(`/api/public/v1/studios/${s.slug}/me/orders/${res.body.payment.orderId}/confirm`);
      const late = (await client.get(`/api/public/v1/studios/${s.slug}/me/bookings`)).body.items.find((b: { id: string }) => b.id === res.body.booking.id);
      expect(confirmed.body.order.status).toBe('paid');
      expect(late).toMatchObject({ status: 'booked', paidMinor: 2000 });
      expect(await bookedCount(enso, s, cls.id)).toBe(1);
    } finally {
      clock.set('2027-02-26T12:00:00Z');
    }
  });
});
