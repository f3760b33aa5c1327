import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../../kernel/clock.ts';
import type { Ctx } from '../../../../kernel/ctx.ts';
import type { StudioId } from '../../../../kernel/ids.ts';
import { addDays, parseLocalDate } from '../../../../kernel/time.ts';
import { rowsOf, withStudio } from '../../../../platform/db/tx.ts';
import { deliverMessageJobName } from '../../../../platform/email/index.ts';
import { deliverEventJobName } from '../../../../platform/events/dispatcher.ts';
import { startLocalSmtpServer, type LocalSmtpServer } from '../../../../platform/email/testing/smtp-server.ts';
import { startTwilioStub, type TwilioStub } from '../../../../platform/sms/testing/twilio-stub.ts';
import { testDatabaseKinds } from '../../../../platform/testing/database.ts';
import { createTestEnso, makeCustomer, type TestEnso } from '../../../../platform/testing/enso.ts';
import { makeDatedClass, scheduleStudio, signedUpCustomer, staffBook, type ScheduleStudio } from '../../../booking/book/tests/fixtures.ts';

const publicUrl = 'http://enso.test';

interface Row {
  id: string;
  channel: string;
  to: string;
  template: string;
  status: string;
  error: string | null;
  suppression: string | null;
  subject: string | null;
  text: string;
}

describe.each(testDatabaseKinds())('transactional notices by SMS and in-app, per template (%s)', (kind) => {
  const clock = fixedClock('2027-03-01T09:00:00Z');
  let enso: TestEnso;
  let smtp: LocalSmtpServer;
  let stub: TwilioStub;
  let s: ScheduleStudio;
  let week = 0;
  let n = 0;

  beforeAll(async () => {
    smtp = await startLocalSmtpServer();
    stub = await startTwilioStub();
    enso = await createTestEnso(kind, {
      clock,
      env: { SMTP_URL: smtp.url, MAIL_FROM: 'Studio <no-reply@enso.test>', TWILIO_ACCOUNT_SID: stub.accountSid, TWILIO_AUTH_TOKEN: stub.authToken, TWILIO_FROM: '+15005550006', TWILIO_API_URL: stub.apiUrl },
    });
    s = await scheduleStudio(enso);
  });
  afterAll(async () => {
    await enso?.dispose();
    await smtp?.close();
    await stub?.close();
  });

  async function settle() {
    for (let i = 0; i < 6; i++) {
      const dispatched = await enso.dispatcher.dispatchNow();
      // Events only: messages stay queued until a test delivers them (deliverAll).
      const ran = await enso.jobs.runDueJobs({ names: [deliverEventJobName] });
      if (dispatched === 0 && ran === 0) return;
    }
  }
  const deliverAll = async () => {
    while ((await enso.jobs.runDueJobs({ names: [deliverMessageJobName] })) > 0);
  };

  /** A class on its own Monday at 18:00 in Paris. */
  async function newClass(studio: ScheduleStudio) {
    return makeDatedClass(enso, studio, addDays(parseLocalDate('2027-03-08'), 7 * week++), '18:00', { teacherId: studio.teacherId });
  }

  async function book(studio: ScheduleStudio, customerId: string) {
    const cls = await newClass(studio);
    const res = await staffBook(studio.admin, { occurrenceId: cls.id, customerId, payment: { method: 'complimentary' } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    await settle();
  }

  async function setChannels(studio: ScheduleStudio, key: string, channels: { email: boolean; sms: boolean; inApp: boolean }) {
    const res = await studio.admin.put(`/api/v1/message-templates/${key}/channels`, channels);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  }

  /** A French mobile number of its own. */
  const newPhone = () => `+336${String(30_000_000 + process.pid * 100 + ++n).slice(-8)}`;

  async function messagesOf(studio: ScheduleStudio, customerId: string): Promise<Row[]> {
    return withStudio(enso.database, studio.studioId as StudioId, async (tx) =>
      rowsOf<Row>(
        await tx.execute(
          sql`select id, channel, to_address as "to", template, status, error, suppression, subject, body_text as text from outbound_messages where studio_id = ${studio.studioId} and customer_id = ${customerId} order by created_at, id`,
        ),
      ),
    );
  }

  it('books with SMS on for the confirmation: the email and the SMS (its SMS text) both go; Twilio gets the SMS', async () => {
    await setChannels(s, 'booking.confirmation', { email: true, sms: true, inApp: false });
    const detail = (await s.admin.get('/api/v1/message-templates/booking.confirmation/en')).body as { subject: string; blocks: unknown[] };
    const saved = await s.admin.put('/api/v1/message-templates/booking.confirmation/en', { subject: detail.subject, blocks: detail.blocks, smsText: 'Booked: ##{{class_name}}, ##{{first_name}}. See you!' });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    const phone = newPhone();
    const ana = await makeCustomer(s, { firstName: 'Ana', phone, locale: 'en' });
    await book(s, ana.id);

    const rows = await messagesOf(s, ana.id);
    expect(rows.map((r) => [r.channel, r.template])).toEqual([
      ['email', 'booking.confirmation'],
      ['sms', 'booking.confirmation'],
    ]);
    expect(rows[1]).toMatchObject({ to: phone, suppression: 'sms', text: 'Booked: Vinyasa flow, Ana. See you!' });
    await deliverAll();
    expect(stub.messages.filter((m) => m.to === phone).map((m) => m.body)).toEqual(['Booked: Vinyasa flow, Ana. See you!']);
    expect(smtp.received.filter((m) => m.to.includes(ana.email))).toHaveLength(1);
  });

  it('with SMS only and no email on file: the SMS alone', async () => {
    await setChannels(s, 'booking.confirmation', { email: false, sms: true, inApp: false });
    const phone = newPhone();
    const bo = await makeCustomer(s, { firstName: 'Bo', phone, email: undefined });
    await book(s, bo.id);
    const rows = await messagesOf(s, bo.id);
    expect(rows.map((r) => r.channel)).toEqual(['sms']);
    await deliverAll();
    expect(stub.messages.filter((m) => m.to === phone)).toHaveLength(1);

    // Email off: a customer with an email gets only the SMS too.
    const cy = await makeCustomer(s, { firstName: 'Cy', phone: newPhone() });
    await book(s, cy.id);
    expect((await messagesOf(s, cy.id)).map((r) => r.channel)).toEqual(['sms']);
  });

  it('sends nothing to a customer with no phone when only SMS is on, and nothing by SMS to one who replied STOP', async () => {
    await setChannels(s, 'booking.confirmation', { email: false, sms: true, inApp: false });
    const dee = await makeCustomer(s, { firstName: 'Dee' });
    await book(s, dee.id);
    expect(await messagesOf(s, dee.id)).toEqual([]);

    // STOP before the booking: no SMS recorded.
    const phone = newPhone();
    const ed = await makeCustomer(s, { firstName: 'Ed', phone });
    expect((await s.admin.put(`/api/v1/customers/${ed.id}/subscriptions`, { sms: false })).status).toBe(200);
    await book(s, ed.id);
    expect(await messagesOf(s, ed.id)).toEqual([]);
  });

  it('suppresses at send time an SMS queued before the customer replied STOP', async () => {
    await setChannels(s, 'booking.confirmation', { email: true, sms: true, inApp: false });
    const phone = newPhone();
    const fay = await makeCustomer(s, { firstName: 'Fay', phone });
    await book(s, fay.id);
    const path = `/api/webhooks/twilio/sms/${s.slug}`;
    const form = { MessageSid: `SM${'7'.repeat(32)}`, AccountSid: stub.accountSid, From: phone, To: '+15005550006', Body: 'STOP' };
    const stop = await enso.app.inject({
      method: 'POST',
      url: path,
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': stub.signWebhook(`${publicUrl}${path}`, form) },
      payload: new URLSearchParams(form).toString(),
    });
    expect(stop.statusCode).toBe(200);
    await deliverAll();
    const rows = await messagesOf(s, fay.id);
    expect(rows.find((r) => r.channel === 'sms')).toMatchObject({ status: 'suppressed', error: 'sms_stopped' });
    expect(rows.find((r) => r.channel === 'email')).toMatchObject({ status: 'sent' });
    expect(stub.messages.filter((m) => m.to === phone)).toEqual([]);
  });

  it('in-app on: the confirmation is in the customer’s messages on their account page', async () => {
    await setChannels(s, 'booking.confirmation', { email: true, sms: false, inApp: true });
    const { client, id } = await signedUpCustomer(s, 'Gus');
    await book(s, id);
    const rows = (await messagesOf(s, id)).filter((r) => r.template === 'booking.confirmation');
    expect(rows.map((r) => r.channel).sort()).toEqual(['email', 'in_app']);
    const mine = await client.get(`/api/public/v1/studios/${s.slug}/me/messages`);
    expect(mine.status).toBe(200);
    expect(mine.body.unreadCount).toBe(1);
    expect(mine.body.items).toHaveLength(1);
    expect(mine.body.items[0].text).toContain('Vinyasa flow');
    // And in the staff inbox thread.
    const thread = await s.admin.get(`/api/v1/inbox/threads/${id}`);
    expect(thread.status).toBe(200);
    expect(JSON.stringify(thread.body)).toContain('in_app');
  });

  it('past the month’s SMS tier: one email, not two (email on); the email alone (SMS only)', async () => {
    const t = await scheduleStudio(enso);
    await setChannels(t, 'booking.confirmation', { email: true, sms: true, inApp: false });
    const ctx: Ctx = { studioId: t.studioId as StudioId, actor: { kind: 'system' }, clock, requestId: 'test' };
    // 10 × 50 segments: the Essentiel tier's 500 are used.
    for (let i = 0; i < 10; i++) {
      await withStudio(enso.database, ctx.studioId, (tx) =>
        enso.services.sms.sendSms(tx, ctx, { to: '+33600000000', text: 'a'.repeat(153 * 50), template: 'messaging.group_send', category: 'manual', suppression: null }),
      );
    }
    const hal = await makeCustomer(t, { firstName: 'Hal', phone: newPhone() });
    await book(t, hal.id);
    expect((await messagesOf(t, hal.id)).map((r) => [r.channel, r.template])).toEqual([['email', 'booking.confirmation']]);

    await setChannels(t, 'booking.confirmation', { email: false, sms: true, inApp: false });
    const ivy = await makeCustomer(t, { firstName: 'Ivy', phone: newPhone() });
    await book(t, ivy.id);
    const rows = await messagesOf(t, ivy.id);
    expect(rows.map((r) => [r.channel, r.to, r.suppression])).toEqual([['email', ivy.email, 'email_transactional']]);
    expect(rows[0]!.subject).toContain('Vinyasa flow');
  });
});
