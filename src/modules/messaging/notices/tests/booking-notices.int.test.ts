import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../../kernel/clock.ts';
import type { StudioId } from '../../../../kernel/ids.ts';
import { addDays, parseLocalDate } from '../../../../kernel/time.ts';
import { rowsOf, withStudio, withSystem } from '../../../../platform/db/tx.ts';
import { deliverEventJobName } from '../../../../platform/events/dispatcher.ts';
import { testDatabaseKinds } from '../../../../platform/testing/database.ts';
import { createTestEnso, makeCustomer, type TestEnso } from '../../../../platform/testing/enso.ts';
import { makeDatedClass, ownBook, scheduleStudio, signedUpCustomer, staffBook, type ScheduleStudio } from '../../../booking/book/tests/fixtures.ts';

interface Sent {
  template: string;
  customerId: string | null;
  recipientKind: string | null;
  category: string;
  suppression: string | null;
  subject: string | null;
  text: string;
  html: string | null;
}

describe.each(testDatabaseKinds())('booking notices (%s)', (kind) => {
  const clock = fixedClock('2027-03-01T09:00:00Z');
  let enso: TestEnso;
  let s: ScheduleStudio;
  let day = 0;

  /** A new class on its own Monday (18:00 Paris), priced 25.00: 8 March 2027, then a week later each time. */
  async function newClass() {
    const date = addDays(parseLocalDate('2027-03-08'), 7 * day++);
    return { ...(await makeDatedClass(enso, s, date, '18:00', { priceMinor: 2500, teacherId: s.teacherId })), date };
  }

  /** Publishes, dispatches and runs jobs until nothing is left: events published by subscribers are delivered too. */
  async function settle() {
    for (let i = 0; i < 6; i++) {
      const n = await enso.dispatcher.dispatchNow();
      await enso.jobs.runDueJobs();
      if (n === 0) return;
    }
  }

  async function sentTo(address: string): Promise<Sent[]> {
    return withStudio(enso.database, s.studioId as StudioId, async (tx) =>
      rowsOf<Sent>(
        await tx.execute(
          sql`select template, customer_id as "customerId", recipient_kind as "recipientKind", category, suppression, subject, body_text as text, body_html as html from outbound_messages where studio_id = ${s.studioId} and channel = 'email' and lower(to_address) = lower(${address}) order by created_at, id`,
        ),
      ),
    );
  }

  async function book(occurrenceId: string, customerId: string, payment: Record<string, unknown> = { method: 'complimentary' }) {
    const res = await staffBook(s.admin, { occurrenceId, customerId, payment });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.booking as { id: string };
  }

  beforeAll(async () => {
    enso = await createTestEnso(kind, { clock });
    s = await scheduleStudio(enso);
  });
  afterAll(() => enso?.dispose());

  it('emails a French customer booked by staff the confirmation in French, with the class, its date and time in Paris', async () => {
    const cls = await newClass();
    const lea = await makeCustomer(s, { firstName: 'Léa', locale: 'fr' });
    await book(cls.id, lea.id);
    await settle();

    const sent = await sentTo(lea.email);
    expect(sent).toHaveLength(1);
    const [mail] = sent;
    expect(mail).toMatchObject({ template: 'booking.confirmation', customerId: lea.id, recipientKind: 'customer', category: 'transactional', suppression: 'email_transactional' });
    expect(mail!.subject).toBe(`Réservation confirmée : Vinyasa flow le lundi ${Number(cls.date.slice(8))} mars 2027`);
    expect(mail!.text).toContain("C'est réservé, Léa !");
    expect(mail!.text).toContain('Vinyasa flow — lundi 8 mars 2027 à 18:00, Main hall');
    expect(mail!.text).toContain(`/s/${s.slug}/account`);
    expect(mail!.html).toContain('Vinyasa flow');
  });

  it("uses the studio's own version of the template", async () => {
    const saved = await s.admin.request('PUT', '/api/v1/message-templates/booking.confirmation/en', {
      body: {
        subject: 'See you at ##{{class_name}}, ##{{first_name}}',
        blocks: [
          { id: 'b1', kind: 'text', text: 'Class at ##{{class_time}} on ##{{class_date}} with ##{{teacher_name}} — ##{{studio_name}}' },
          { id: 'b2', kind: 'text', text: 'Note: ##{{welcomeMessage}}' },
        ],
      },
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    const welcome = await s.admin.patch(`/api/v1/class-templates/${s.templateId}`, { welcomeMessage: 'Bring a towel.' });
    expect(welcome.status, JSON.stringify(welcome.body)).toBe(200);
    try {
      const cls = await newClass();
      const teacherName = (await s.admin.get(`/api/v1/occurrences/${cls.id}`)).body.teacherName as string;
      expect(teacherName).toBeTruthy();
      const tom = await makeCustomer(s, { firstName: 'Tom', locale: 'en' });
      await book(cls.id, tom.id);
      await settle();
      const sent = await sentTo(tom.email);
      expect(sent.map((m) => m.subject)).toEqual(['See you at Vinyasa flow, Tom']);
      expect(sent[0]!.text).toContain(`Class at 18:00 on Monday, 15 March 2027 with ${teacherName} — Studio`);
      expect(sent[0]!.text).toMatch(/— Studio \d+/);
      expect(sent[0]!.text).toContain('Note: Bring a towel.');
    } finally {
      await s.admin.request('DELETE', '/api/v1/message-templates/booking.confirmation/en');
      await s.admin.patch(`/api/v1/class-templates/${s.templateId}`, { welcomeMessage: '' });
    }
  });

  it('sends nothing to a customer unsubscribed from transactional email, nor to one without an email', async () => {
    const cls = await newClass();
    const quiet = await makeCustomer(s, { firstName: 'Quiet' });
    const unsubscribed = await s.admin.request('PUT', `/api/v1/customers/${quiet.id}/subscriptions`, { body: { emailTransactional: false } });
    expect(unsubscribed.status, JSON.stringify(unsubscribed.body)).toBe(200);
    const noEmail = await makeCustomer(s, { firstName: 'Nomail', email: '' });
    const loud = await makeCustomer(s, { firstName: 'Loud' });
    await book(cls.id, quiet.id);
    await book(cls.id, noEmail.id);
    await book(cls.id, loud.id);
    await settle();

    expect(await sentTo(quiet.email)).toEqual([]);
    expect((await sentTo(loud.email)).map((m) => m.template)).toEqual(['booking.confirmation']);
    const all = await withStudio(enso.database, s.studioId as StudioId, async (tx) =>
      rowsOf<{ n: number }>(await tx.execute(sql`select count(*)::int as n from outbound_messages where studio_id = ${s.studioId} and template = 'booking.confirmation' and body_text like ${'%Nomail%'}`)),
    );
    expect(all[0]!.n).toBe(0);
  });

  it('queues one email when the same event is delivered twice', async () => {
    const cls = await newClass();
    const ana = await makeCustomer(s, { firstName: 'Ana' });
    const booking = await book(cls.id, ana.id);
    await settle();
    expect(await sentTo(ana.email)).toHaveLength(1);

    const [event] = await withStudio(enso.database, s.studioId as StudioId, async (tx) =>
      rowsOf<{ id: string }>(await tx.execute(sql`select id from events where studio_id = ${s.studioId} and subject_id = ${booking.id} and type = 'booking.created.v1'`)),
    );
    // A redelivery, as after a worker crash between the handler's commit and the job's completion.
    await withSystem(enso.database, (tx) => enso.jobs.enqueue(tx, deliverEventJobName, { studioId: s.studioId, eventId: event!.id, subscriber: 'messaging.booking-notices' }));
    await enso.jobs.runDueJobs();
    expect(await sentTo(ana.email)).toHaveLength(1);
  });

  it('emails each customer of a class cancelled by the studio, with the note and what was given back, in their language', async () => {
    const cls = await newClass();
    const ben = await makeCustomer(s, { firstName: 'Ben', locale: 'en' });
    const chloe = await makeCustomer(s, { firstName: 'Chloé', locale: 'fr' });
    await book(cls.id, ben.id, { method: 'cash' });
    await book(cls.id, chloe.id, { method: 'cash' });
    await settle();

    const cancelled = await s.admin.post(`/api/v1/occurrences/${cls.id}/cancel`, { note: 'Our teacher is ill, sorry!' });
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
    await settle();

    const toBen = (await sentTo(ben.email)).filter((m) => m.template === 'class.cancelled');
    expect(toBen.map((m) => m.template)).toEqual(['class.cancelled']);
    expect(toBen[0]!.subject).toContain('Class cancelled: Vinyasa flow on Monday');
    expect(toBen[0]!.text).toContain('Our teacher is ill, sorry!');
    expect(toBen[0]!.text).toContain('The class was credited to your account automatically.');

    const toChloe = (await sentTo(chloe.email)).filter((m) => m.template === 'class.cancelled');
    expect(toChloe.map((m) => m.template)).toEqual(['class.cancelled']);
    expect(toChloe[0]!.subject).toContain('Cours annulé : Vinyasa flow le lundi');
    expect(toChloe[0]!.text).toContain('Bonjour Chloé,');
    expect(toChloe[0]!.text).toContain('Our teacher is ill, sorry!');
    expect(toChloe[0]!.text).toContain("L'événement a été crédité automatiquement sur votre compte.");
  });

  it('tells the parent who booked a child without an email', async () => {
    const cls = await makeDatedClass(enso, s, '2027-06-07', '10:00', { allowChildren: true, teacherId: s.teacherId });
    const parent = await signedUpCustomer(s, 'Pam');
    const child = await parent.client.post(`/api/public/v1/studios/${s.slug}/me/children`, { firstName: 'Kit' });
    expect(child.status, JSON.stringify(child.body)).toBe(201);
    const booked = await ownBook(parent.client, s.slug, { occurrenceId: cls.id, payment: { method: 'free' }, forCustomerId: child.body.id });
    expect(booked.status, JSON.stringify(booked.body)).toBe(201);
    await settle();

    const parentEmail = (await s.admin.get(`/api/v1/customers/${parent.id}`)).body.email as string;
    // The parent signed up online, so was welcomed too.
    const sent = (await sentTo(parentEmail)).filter((m) => m.template !== 'customer.welcome');
    expect(sent.map((m) => m.template)).toEqual(['booking.confirmation']);
    expect(sent[0]!.text).toContain('Vinyasa flow — Monday, 7 June 2027 at 10:00, Main hall');
  });
});
