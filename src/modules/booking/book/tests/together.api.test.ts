import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../../kernel/clock.ts';
import type { StudioId } from '../../../../kernel/ids.ts';
import { rowsOf, withStudio } from '../../../../platform/db/tx.ts';
import { problem } from '../../../../platform/testing/client.ts';
import { testDatabaseKinds } from '../../../../platform/testing/database.ts';
import { createTestEnso, makeCustomer, type TestEnso } from '../../../../platform/testing/enso.ts';
import { bookingDtos } from '../../dto.ts';
import { bookedCount, makeClass, newKey, scheduleStudio, staffBook, type ScheduleStudio } from './fixtures.ts';

/**
 * Group commit (book/together.ts, ADR 0006): concurrent staff bookings of a studio share one
 * transaction. Whatever goes through a batch, each request gets the answer the one-by-one path
 * gives: a place or a waitlist position, or its usual refusal. Both databases: on PGlite the
 * requests still queue behind the running batch and go together in the next.
 */
describe.each(testDatabaseKinds())('booking together (%s)', (kind) => {
  let enso: TestEnso;
  let s: ScheduleStudio;
  const clock = fixedClock('2027-02-26T12:00:00Z');

  beforeAll(async () => {
    enso = await createTestEnso(kind, { clock });
    s = await scheduleStudio(enso);
  });
  afterAll(() => enso?.dispose());

  const eventsOf = (occurrenceId: string) =>
    withStudio(enso.database, s.studioId as StudioId, async (tx) =>
      rowsOf<{ type: string; subjectId: string; payload: Record<string, unknown> }>(
        await tx.execute(sql`select type, subject_id as "subjectId", payload from events where studio_id = ${s.studioId} and payload->>'occurrenceId' = ${occurrenceId} order by id`),
      ),
    );

  it('a burst of bookings: the first take the spots, the rest wait in line, and each odd one gets its usual refusal', async () => {
    const cls = await makeClass(enso, s, { capacity: 3, priceMinor: 1500 });
    const people = await Promise.all(Array.from({ length: 6 }, () => makeCustomer(s)));
    const [c1, c2, c3, c4, c5, c6] = people.map((p) => p.id) as [string, string, string, string, string, string];

    const sent = [
      staffBook(s.admin, { occurrenceId: cls.id, customerId: c1 }),
      staffBook(s.admin, { occurrenceId: cls.id, customerId: c2 }),
      staffBook(s.admin, { occurrenceId: cls.id, customerId: c1 }), // the same customer again, another key
      staffBook(s.admin, { occurrenceId: cls.id, customerId: 'cus_01JZZZZZZZZZZZZZZZZZZZZZZZ' }),
      staffBook(s.admin, { occurrenceId: cls.id, customerId: c3, payment: { method: 'free' } }), // free, on a paid class
      staffBook(s.admin, { occurrenceId: cls.id, customerId: c4 }),
      staffBook(s.admin, { occurrenceId: cls.id, customerId: c5 }),
      staffBook(s.admin, { occurrenceId: cls.id, customerId: c6 }),
      staffBook(s.admin, { occurrenceId: cls.id, customerId: c3, joinWaitlistIfFull: false }),
    ];
    const [first1, only2, again1, unknown, free3, r4, r5, r6, r3] = await Promise.all(sent);

    // Exactly one of the two bookings of c1 has the place; the other is the usual 409.
    const c1Answers = [first1!, again1!];
    expect(c1Answers.filter((r) => r.status === 201)).toHaveLength(1);
    expect(c1Answers.find((r) => r.status !== 201)?.body).toMatchObject(problem(409, 'already_booked'));
    expect(unknown!.body).toMatchObject(problem(404, 'customer_not_found'));
    expect(free3!.body).toMatchObject(problem(409, 'payment_required'));
    expect(only2!.status).toBe(201);

    // c2, c4, c5, c6, one c1 and c3 (complimentary): 3 spots; c3 does not wait when full.
    const placed = [c1Answers.find((r) => r.status === 201)!, only2!, r4!, r5!, r6!];
    const c3Placed = r3!.status === 201;
    const booked = [...placed, ...(c3Placed ? [r3!] : [])].filter((r) => r.body.booking?.status === 'booked');
    const waiting = placed.filter((r) => r.body.booking?.status === 'waitlisted');
    if (!c3Placed) expect(r3!.body).toMatchObject(problem(409, 'class_full'));
    expect(booked).toHaveLength(3);
    expect(booked.length + waiting.length).toBe(c3Placed ? 6 : 5);
    expect(waiting.map((r) => r.body.booking.waitlistPosition).sort()).toEqual(waiting.map((_, i) => i + 1));
    for (const r of booked) expect(r.body.booking).toMatchObject({ paymentMethod: 'complimentary', source: 'staff', currency: 'EUR', bookedAt: expect.any(String), waitlistPosition: null });
    expect(await bookedCount(enso, s, cls.id)).toBe(3);

    // The events of each place, as the one-by-one path publishes them.
    const events = await eventsOf(cls.id);
    const ofType = (t: string) => events.filter((e) => e.type === t);
    expect(ofType('booking.created.v1').map((e) => e.subjectId).sort()).toEqual(booked.map((r) => r.body.booking.id).sort());
    expect(ofType('booking.created_without_membership.v1')).toHaveLength(3);
    expect(ofType('booking.created.v1')[0]!.payload).toMatchObject({ paymentMethod: 'complimentary', source: 'staff', membershipId: null, planId: null, paidMinor: 0, currency: 'EUR' });
    expect(ofType('waitlist.joined.v1').map((e) => [e.subjectId, e.payload.position]).sort()).toEqual(
      waiting.map((r) => [r.body.booking.id, r.body.booking.waitlistPosition]).sort(),
    );

    // Each answer the batch made up from what it wrote is what the booking reads back as.
    const answered = [...booked, ...waiting].map((r) => r.body.booking as { id: string });
    const readBack = await withStudio(enso.database, s.studioId as StudioId, (tx) => bookingDtos(tx, { studioId: s.studioId as StudioId, actor: { kind: 'system' }, clock, requestId: 'read-back' }, answered.map((b) => b.id)));
    expect(answered).toEqual(readBack);
  });

  it('the waitlist keeps the arrival order of bookings sent one after another, and a replayed key answers the same place', async () => {
    const cls = await makeClass(enso, s, { capacity: 1, priceMinor: 0, startTimes: ['07:00'] });
    const people = await Promise.all(Array.from({ length: 4 }, () => makeCustomer(s)));
    const keys = people.map(() => newKey());

    const answers = [];
    for (const [i, p] of people.entries()) answers.push(await staffBook(s.admin, { occurrenceId: cls.id, customerId: p.id, payment: { method: 'cash' } }, keys[i]));
    const replay = await staffBook(s.admin, { occurrenceId: cls.id, customerId: people[2]!.id, payment: { method: 'cash' } }, keys[2]);

    // Cash on a free class books as free, as the one-by-one path does.
    expect(answers.map((r) => [r.status, r.body.booking.status, r.body.booking.paymentMethod, r.body.booking.waitlistPosition])).toEqual([
      [201, 'booked', 'free', null],
      [201, 'waitlisted', null, 1],
      [201, 'waitlisted', null, 2],
      [201, 'waitlisted', null, 3],
    ]);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body).toEqual(answers[2]!.body);
  });
});
