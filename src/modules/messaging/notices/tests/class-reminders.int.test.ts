import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../../kernel/clock.ts';
import type { StudioId } from '../../../../kernel/ids.ts';
import { rowsOf, withStudio, withSystem } from '../../../../platform/db/tx.ts';
import { testDatabaseKinds } from '../../../../platform/testing/database.ts';
import { createTestEnso, makeCustomer, type TestEnso } from '../../../../platform/testing/enso.ts';
import { makeDatedClass, ownBook, scheduleStudio, signedUpCustomer, staffBook, type ScheduleStudio } from '../../../booking/book/tests/fixtures.ts';
import { remindersAllJobName, remindersStudioJobName } from '../reminders.ts';

interface Sent {
  template: string;
  customerId: string | null;
  recipientKind: string | null;
  suppression: string | null;
  subject: string | null;
  text: string;
}

/** `class.reminder`: the 5-minute job reminds each booked attendee once, some hours before the class (Settings › SMS & phone). */
describe.each(testDatabaseKinds())('class reminders (%s)', (kind) => {
  const start = '2027-03-01T09:00:00Z';
  const clock = fixedClock(start);
  let enso: TestEnso;
  let s: ScheduleStudio;
  let runs = 0;

  /** One cron slot of the reminders: the all-studios job and the studio jobs it queues (a new slot each call). */
  async function remind() {
    const slot = `${clock.now().toISOString()}#${++runs}`;
    await withSystem(enso.database, (tx) => enso.jobs.enqueue(tx, remindersAllJobName, { slot }));
    for (let i = 0; i < 3; i++) await enso.jobs.runDueJobs();
    return slot;
  }

  /** Whether the slot's run queued a job for the studio (it does only when one of its classes with someone booked is within its hours). */
  const studioJobQueued = async (slot: string) => (await enso.jobs.findJobs(remindersStudioJobName, { dedupeKey: `${s.studioId}@${slot}` })).length > 0;

  async function settle() {
    for (let i = 0; i < 6; i++) {
      const n = await enso.dispatcher.dispatchNow();
      await enso.jobs.runDueJobs();
      if (n === 0) return;
    }
  }

  async function remindersTo(address: string): Promise<Sent[]> {
    return withStudio(enso.database, s.studioId as StudioId, async (tx) =>
      rowsOf<Sent>(
        await tx.execute(
          sql`select template, customer_id as "customerId", recipient_kind as "recipientKind", suppression, subject, body_text as text
                from outbound_messages where studio_id = ${s.studioId} and channel = 'email' and template = 'class.reminder' and lower(to_address) = lower(${address})
               order by created_at, id`,
        ),
      ),
    );
  }

  async function ledger(bookingId: string): Promise<string[]> {
    return withStudio(enso.database, s.studioId as StudioId, async (tx) =>
      rowsOf<{ startsAt: Date | string }>(
        await tx.execute(sql`select starts_at as "startsAt" from messaging_class_reminders where studio_id = ${s.studioId} and booking_id = ${bookingId} order by starts_at`),
      ).map((r) => new Date(r.startsAt).toISOString()),
    );
  }

  async function book(occurrenceId: string, customerId: string) {
    const res = await staffBook(s.admin, { occurrenceId, customerId, payment: { method: 'complimentary' } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.booking as { id: string; status: string };
  }

  async function setHours(hours: number) {
    const res = await s.admin.put('/api/v1/messaging/settings', { classReminderHours: hours });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.classReminderHours).toBe(hours);
  }

  /** Sets the clock `minutes` before an instant. */
  const minutesBefore = (instant: string, minutes: number) => clock.set(new Date(new Date(instant).getTime() - minutes * 60_000).toISOString());

  beforeAll(async () => {
    enso = await createTestEnso(kind, { clock });
    s = await scheduleStudio(enso);
  });
  afterAll(() => enso?.dispose());

  it('reminds each booked attendee once, within the hours before the class, with its time in the class’s zone and language', async () => {
    clock.set(start);
    // Monday 8 March 2027, 18:00 in Paris = 17:00 UTC.
    const cls = await makeDatedClass(enso, s, '2027-03-08', '18:00', { teacherId: s.teacherId });
    expect(cls.startsAt).toBe('2027-03-08T17:00:00.000Z');
    const lea = await makeCustomer(s, { firstName: 'Léa', locale: 'fr' });
    const tom = await makeCustomer(s, { firstName: 'Tom', locale: 'en' });
    const leaBooking = await book(cls.id, lea.id);
    await book(cls.id, tom.id);
    await settle();
    try {
      expect((await s.admin.get('/api/v1/messaging/settings')).body.classReminderHours).toBe(2);

      minutesBefore(cls.startsAt, 121);
      expect(await studioJobQueued(await remind())).toBe(false);
      expect(await remindersTo(lea.email)).toEqual([]);

      minutesBefore(cls.startsAt, 90);
      expect(await studioJobQueued(await remind())).toBe(true);
      await remind();
      const toLea = await remindersTo(lea.email);
      expect(toLea).toHaveLength(1);
      expect(toLea[0]).toMatchObject({ customerId: lea.id, recipientKind: 'customer', suppression: 'email_transactional' });
      expect(toLea[0]!.subject).toBe('Rappel : Vinyasa flow le lundi 8 mars 2027 à 18:00');
      expect(toLea[0]!.text).toContain('Bonjour Léa,');
      expect(toLea[0]!.text).toContain(`/s/${s.slug}/account`);
      const toTom = await remindersTo(tom.email);
      expect(toTom.map((m) => m.subject)).toEqual(['Reminder: Vinyasa flow on Monday, 8 March 2027 at 18:00']);
      expect(await ledger(leaBooking.id)).toEqual([cls.startsAt]);

      // Later runs, up to the class, send nothing more.
      minutesBefore(cls.startsAt, 5);
      await remind();
      expect(await remindersTo(lea.email)).toHaveLength(1);
      expect(await remindersTo(tom.email)).toHaveLength(1);
    } finally {
      clock.set(start);
    }
  });

  it('reminds nobody waitlisted or cancelled, nor the attendees of a cancelled class', async () => {
    clock.set(start);
    const full = await makeDatedClass(enso, s, '2027-03-15', '18:00', { capacity: 1 });
    const booked = await makeCustomer(s, { firstName: 'Booked' });
    const waiting = await makeCustomer(s, { firstName: 'Waiting' });
    expect((await book(full.id, booked.id)).status).toBe('booked');
    expect((await book(full.id, waiting.id)).status).toBe('waitlisted');

    const other = await makeDatedClass(enso, s, '2027-03-15', '18:30');
    const cancelling = await makeCustomer(s, { firstName: 'Cancelling' });
    const gone = await book(other.id, cancelling.id);
    const cancelled = await s.admin.post(`/api/v1/bookings/${gone.id}/cancel`, {});
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);

    const dropped = await makeDatedClass(enso, s, '2027-03-15', '19:00');
    const stranded = await makeCustomer(s, { firstName: 'Stranded' });
    await book(dropped.id, stranded.id);
    await settle();
    // The class is cancelled; its bookings are still `booked` until the cancellation's events are delivered.
    const off = await s.admin.post(`/api/v1/occurrences/${dropped.id}/cancel`, {});
    expect(off.status, JSON.stringify(off.body)).toBe(200);
    try {
      minutesBefore(full.startsAt, 60);
      await remind();
      expect(await remindersTo(booked.email)).toHaveLength(1);
      expect(await remindersTo(waiting.email)).toEqual([]);
      expect(await remindersTo(cancelling.email)).toEqual([]);
      expect(await remindersTo(stranded.email)).toEqual([]);
    } finally {
      clock.set(start);
      await settle();
    }
  });

  it('reminds again when the class moves to another time', async () => {
    clock.set(start);
    const cls = await makeDatedClass(enso, s, '2027-03-22', '18:00');
    const mia = await makeCustomer(s, { firstName: 'Mia', locale: 'en' });
    const booking = await book(cls.id, mia.id);
    await settle();
    try {
      minutesBefore(cls.startsAt, 60);
      await remind();
      expect((await remindersTo(mia.email)).map((m) => m.subject)).toEqual(['Reminder: Vinyasa flow on Monday, 22 March 2027 at 18:00']);

      // Staff move it to 20:00 (on the first of March: the admin's session is of that day).
      clock.set(start);
      const moved = await s.admin.patch(`/api/v1/occurrences/${cls.id}`, { startTime: '20:00', confirmConflicts: true });
      expect(moved.status, JSON.stringify(moved.body)).toBe(200);
      await settle();
      minutesBefore(cls.startsAt, 60);
      await remind();
      // 20:00 is 3 hours away: not yet.
      expect(await remindersTo(mia.email)).toHaveLength(1);

      minutesBefore('2027-03-22T19:00:00.000Z', 60);
      await remind();
      await remind();
      expect((await remindersTo(mia.email)).map((m) => m.subject)).toEqual([
        'Reminder: Vinyasa flow on Monday, 22 March 2027 at 18:00',
        'Reminder: Vinyasa flow on Monday, 22 March 2027 at 20:00',
      ]);
      expect(await ledger(booking.id)).toEqual([cls.startsAt, '2027-03-22T19:00:00.000Z']);
    } finally {
      clock.set(start);
    }
  });

  it("sends nothing when the studio's reminders are off (0 hours), and uses the studio's hours otherwise", async () => {
    clock.set(start);
    const cls = await makeDatedClass(enso, s, '2027-03-29', '18:00');
    const noa = await makeCustomer(s, { firstName: 'Noa' });
    await book(cls.id, noa.id);
    await settle();
    try {
      await setHours(0);
      minutesBefore(cls.startsAt, 30);
      await remind();
      expect(await remindersTo(noa.email)).toEqual([]);

      clock.set(start);
      await setHours(5);
      minutesBefore(cls.startsAt, 4 * 60 + 50);
      await remind();
      expect(await remindersTo(noa.email)).toHaveLength(1);
    } finally {
      clock.set(start);
      await setHours(2);
    }
  });

  it('reminds the parent of a child without an email', async () => {
    clock.set(start);
    const cls = await makeDatedClass(enso, s, '2027-04-05', '10:00', { allowChildren: true });
    const parent = await signedUpCustomer(s, 'Pam');
    const child = await parent.client.post(`/api/public/v1/studios/${s.slug}/me/children`, { firstName: 'Kit' });
    expect(child.status, JSON.stringify(child.body)).toBe(201);
    const booked = await ownBook(parent.client, s.slug, { occurrenceId: cls.id, payment: { method: 'free' }, forCustomerId: child.body.id });
    expect(booked.status, JSON.stringify(booked.body)).toBe(201);
    await settle();
    const parentEmail = (await s.admin.get(`/api/v1/customers/${parent.id}`)).body.email as string;
    try {
      minutesBefore(cls.startsAt, 60);
      await remind();
      const sent = await remindersTo(parentEmail);
      expect(sent).toHaveLength(1);
      expect(sent[0]).toMatchObject({ customerId: parent.id });
      expect(sent[0]!.subject).toBe('Reminder: Vinyasa flow on Monday, 5 April 2027 at 10:00');
      expect(sent[0]!.text).toContain('Hello Pam,');
    } finally {
      clock.set(start);
    }
  });

  it('refuses reminder hours that are not a whole number from 0 to 168, with a field error', async () => {
    for (const hours of [-1, 169, 1.5]) {
      const res = await s.admin.put('/api/v1/messaging/settings', { classReminderHours: hours });
      expect(res.status, String(hours)).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body).toMatchObject({ code: 'invalid_sms_settings' });
      expect((res.body as { errors: { path: string }[] }).errors.map((e) => e.path)).toEqual(['classReminderHours']);
    }
    await setHours(168);
    expect((await s.admin.get('/api/v1/messaging/settings')).body.classReminderHours).toBe(168);
    await setHours(2);
  });
});
