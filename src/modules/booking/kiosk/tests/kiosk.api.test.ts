import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../../kernel/clock.ts';
import { testDatabaseKinds } from '../../../../platform/testing/database.ts';
import { createTestEnso, makeCustomer, makeStudio, type StudioFixture, type TestEnso } from '../../../../platform/testing/enso.ts';
import { eventsOf } from '../../../commerce/tests/fixtures.ts';
import { insertBooking, makeClass, makeLocation } from '../../penalties/tests/support.ts';

/** 10:30 in New York (EDT). */
const now = '2030-07-09T14:30:00Z';

describe.each(testDatabaseKinds())('self check-in kiosk and keys (%s)', (kind) => {
  let enso: TestEnso;
  let a: StudioFixture;
  let locationId: string;
  let open: string;
  let later: string;
  let tomorrow: string;
  let elsewhere: string;
  let ada: { id: string };

  beforeAll(async () => {
    enso = await createTestEnso(kind, { clock: fixedClock(now) });
    a = await makeStudio(enso);
    locationId = await makeLocation(a, 'America/New_York', 'Brooklyn');
    const otherLocation = await makeLocation(a, 'America/New_York', 'Queens');
    ({ occurrenceId: open } = await makeClass(a, { date: '2030-07-09', startTime: '10:00', locationId, name: 'Morning flow' }));
    ({ occurrenceId: later } = await makeClass(a, { date: '2030-07-09', startTime: '12:00', locationId, name: 'Lunch pilates' }));
    ({ occurrenceId: tomorrow } = await makeClass(a, { date: '2030-07-10', startTime: '09:00', locationId, name: 'Tomorrow' }));
    ({ occurrenceId: elsewhere } = await makeClass(a, { date: '2030-07-09', startTime: '10:00', locationId: otherLocation, name: 'Elsewhere' }));
    ada = await makeCustomer(a, { firstName: 'Ada', lastName: 'lovelace' });
  });
  afterAll(() => enso?.dispose());

  it('lists today’s classes at the location in its zone, attendees as first name and initial', async () => {
    const booking = await insertBooking(enso, a, { occurrenceId: open, customerId: ada.id, status: 'booked' });
    await insertBooking(enso, a, { occurrenceId: tomorrow, customerId: ada.id, status: 'booked' });
    await insertBooking(enso, a, { occurrenceId: elsewhere, customerId: ada.id, status: 'booked' });

    const res = await a.admin.get(`/api/v1/kiosk/locations/${locationId}/today`);

    expect(res.status).toBe(200);
    expect(res.body.location).toEqual({ id: locationId, name: 'Brooklyn', timeZone: 'America/New_York' });
    expect(res.body.classes.map((c: { name: string }) => c.name)).toEqual(['Morning flow', 'Lunch pilates']);
    expect(res.body.classes[0].attendees).toEqual([{ bookingId: booking, displayName: 'Ada L.', checkedIn: false }]);
    expect(JSON.stringify(res.body)).not.toContain('lovelace');
  });

  it('checks in a customer who taps their name, once', async () => {
    const bea = await makeCustomer(a, { firstName: 'Bea', lastName: 'Smith' });
    const booking = await insertBooking(enso, a, { occurrenceId: later, customerId: bea.id, status: 'booked' });

    const res = await a.admin.post(`/api/v1/kiosk/locations/${locationId}/check-in`, { bookingId: booking });
    const again = await a.admin.post(`/api/v1/kiosk/locations/${locationId}/check-in`, { bookingId: booking });

    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toEqual({ bookingId: booking, displayName: 'Bea S.', className: 'Lunch pilates', startsAt: '2030-07-09T16:00:00.000Z' });
    expect(again.status).toBe(200);
    const today = await a.admin.get(`/api/v1/kiosk/locations/${locationId}/today`);
    expect(today.body.classes[1].attendees.find((x: { bookingId: string }) => x.bookingId === booking).checkedIn).toBe(true);
    const events = (await eventsOf(enso, a, 'booking.checked_in.v1')).filter((e) => e.subject_id === booking);
    expect(events.map((e) => e.payload.by)).toEqual(['kiosk']);
  });

  it('does not check in a booking of another location or day', async () => {
    const cleo = await makeCustomer(a, { firstName: 'Cleo' });
    const other = await insertBooking(enso, a, { occurrenceId: elsewhere, customerId: cleo.id, status: 'booked' });
    const nextDay = await insertBooking(enso, a, { occurrenceId: tomorrow, customerId: cleo.id, status: 'booked' });

    expect((await a.admin.post(`/api/v1/kiosk/locations/${locationId}/check-in`, { bookingId: other })).status).toBe(404);
    expect((await a.admin.post(`/api/v1/kiosk/locations/${locationId}/check-in`, { bookingId: nextDay })).status).toBe(404);
  });

  it('checks in by key into the class nearest now that is not over, or the one named', async () => {
    const dan = await makeCustomer(a, { firstName: 'Dan', lastName: 'Brown' });
    const inOpen = await insertBooking(enso, a, { occurrenceId: open, customerId: dan.id, status: 'booked' });
    const inLater = await insertBooking(enso, a, { occurrenceId: later, customerId: dan.id, status: 'booked' });
    const key = (await a.admin.get(`/api/v1/customers/${dan.id}/check-in-key`)).body.key as string;

    const typed = `${key.slice(0, 3).toLowerCase()}-${key.slice(3)}`;
    const res = await a.admin.post(`/api/v1/kiosk/locations/${locationId}/check-in`, { key: typed });
    const named = await a.admin.post(`/api/v1/kiosk/locations/${locationId}/check-in`, { key, occurrenceId: later });

    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ bookingId: inOpen, displayName: 'Dan B.', className: 'Morning flow' });
    expect(named.body.bookingId).toBe(inLater);
  });

  it('tells a customer with a key but no class here today', async () => {
    const eve = await makeCustomer(a, { firstName: 'Eve' });
    const key = (await a.admin.get(`/api/v1/customers/${eve.id}/check-in-key`)).body.key as string;

    const res = await a.admin.post(`/api/v1/kiosk/locations/${locationId}/check-in`, { key });

    expect(res.status).toBe(409);
    expect(res.body.code).toBe('no_booking_to_check_in');
  });

  it('keeps a key until it is regenerated; the old one then stops working', async () => {
    const fay = await makeCustomer(a, { firstName: 'Fay' });
    await insertBooking(enso, a, { occurrenceId: later, customerId: fay.id, status: 'booked' });
    const first = await a.admin.get(`/api/v1/customers/${fay.id}/check-in-key`);
    const same = await a.admin.get(`/api/v1/customers/${fay.id}/check-in-key`);
    const regenerated = await a.admin.post(`/api/v1/customers/${fay.id}/check-in-key`);

    expect(first.body.key).toMatch(/^[BCDFGHJKMNPQRSTVWXYZ2-9]{6}$/);
    expect(same.body.key).toBe(first.body.key);
    expect(regenerated.body.key).not.toBe(first.body.key);
    expect((await a.admin.post(`/api/v1/kiosk/locations/${locationId}/check-in`, { key: first.body.key })).body.code).toBe('invalid_check_in_key');
    expect((await a.admin.post(`/api/v1/kiosk/locations/${locationId}/check-in`, { key: regenerated.body.key })).status).toBe(200);
    expect((await a.admin.get('/api/v1/customers/cus_nope/check-in-key')).status).toBe(404);
  });

  it('refuses a wrong key, then a kiosk that keeps guessing', async () => {
    const guessing = await makeLocation(a, 'America/New_York', 'Guessing');
    const statuses: number[] = [];
    for (let i = 0; i < 11; i += 1) statuses.push((await a.admin.post(`/api/v1/kiosk/locations/${guessing}/check-in`, { key: 'ZZZZZZ' })).status);
    const wrong = await a.admin.post(`/api/v1/kiosk/locations/${locationId}/check-in`, { key: 'ZZZZZZ' });

    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(400));
    expect(statuses[10]).toBe(429);
    expect(wrong.body).toMatchObject({ code: 'invalid_check_in_key', errors: [{ path: 'key', message: 'Unknown key' }] });
    expect((await a.admin.post(`/api/v1/kiosk/locations/${locationId}/check-in`, { nothing: true })).status).toBe(400);
  });

  it('lets front desk and teachers use the kiosk, and only staff who may edit customers regenerate keys', async () => {
    const desk = await a.staff('front_desk');
    const teacher = await a.staff('teacher');

    expect((await desk.get(`/api/v1/kiosk/locations/${locationId}/today`)).status).toBe(200);
    expect((await teacher.get(`/api/v1/kiosk/locations/${locationId}/today`)).body.classes).toEqual([]);
    expect((await teacher.get(`/api/v1/customers/${ada.id}/check-in-key`)).status).toBe(403);
    expect((await a.admin.get('/api/v1/kiosk/locations/loc_nope/today')).status).toBe(404);
  });
});
