import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../../kernel/clock.ts';
import type { StudioId } from '../../../../kernel/ids.ts';
import { rowsOf, withStudio } from '../../../../platform/db/tx.ts';
import { deliverMessageJobName, type RecordMessage } from '../../../../platform/email/index.ts';
import { outboundMessages } from '../../../../platform/email/schema.ts';
import { startLocalSmtpServer, type LocalSmtpServer, type ReceivedMail } from '../../../../platform/email/testing/smtp-server.ts';
import { startTwilioStub, type TwilioStub } from '../../../../platform/sms/testing/twilio-stub.ts';
import { testDatabaseKinds } from '../../../../platform/testing/database.ts';
import { createTestEnso, makeCustomer, makeStudio, type StudioFixture, type TestEnso } from '../../../../platform/testing/enso.ts';

const publicUrl = 'http://enso.test';

describe.each(testDatabaseKinds())('delivery: suppression at send time, unsubscribe links (%s)', (kind) => {
  const clock = fixedClock('2027-03-01T09:00:00Z');
  let enso: TestEnso;
  let smtp: LocalSmtpServer;
  let stub: TwilioStub;
  let studio: StudioFixture;
  let n = 0;

  beforeAll(async () => {
    smtp = await startLocalSmtpServer();
    stub = await startTwilioStub();
    enso = await createTestEnso(kind, {
      clock,
      env: { SMTP_URL: smtp.url, MAIL_FROM: 'Studio <no-reply@enso.test>', TWILIO_ACCOUNT_SID: stub.accountSid, TWILIO_AUTH_TOKEN: stub.authToken, TWILIO_FROM: '+15005550006', TWILIO_API_URL: stub.apiUrl },
    });
    studio = await makeStudio(enso);
  });
  afterAll(async () => {
    await enso?.dispose();
    await smtp?.close();
    await stub?.close();
  });
  // Whatever earlier steps queued (staff invites) leaves before each test counts what arrives.
  beforeEach(async () => {
    await deliverAll();
  });

  async function deliverAll() {
    while ((await enso.jobs.runDueJobs({ names: [deliverMessageJobName] })) > 0);
  }

  /** A new customer with a unique email and French mobile number. */
  async function newCustomer(overrides: Record<string, unknown> = {}) {
    n += 1;
    const rest = String(20_000_000 + process.pid * 100 + n).slice(-8);
    const phone = `+336${rest}`;
    const c = await makeCustomer(studio, { email: `cust-${process.pid}-${n}@example.com`, phone, ...overrides });
    return { ...c, phone };
  }

  async function queue(message: Partial<RecordMessage> & Pick<RecordMessage, 'channel' | 'to'>) {
    const ctx = { studioId: studio.studioId as StudioId, actor: { kind: 'system' as const }, clock, requestId: 'test' };
    return withStudio(enso.database, ctx.studioId, (tx) =>
      enso.services.email.recordMessage(tx, ctx, { text: 'Your class is booked.', template: 'booking.confirmation', subject: 'Booked', ...message } as RecordMessage),
    );
  }

  async function row(id: string) {
    const [r] = await enso.database.system.select().from(outboundMessages).where(eq(outboundMessages.id, id));
    return r!;
  }

  const mailsTo = (address: string) => smtp.received.filter((m) => m.to.includes(address));
  /** A header as it arrived (unfolded), or undefined. */
  const header = (mail: ReceivedMail, name: string) =>
    mail.parsed.headerLines.find((h) => h.key === name.toLowerCase())?.line.replace(/\r?\n[ \t]+/g, ' ').replace(/^[^:]+:\s*/, '');

  async function tokenOf(customerId: string): Promise<string> {
    const [r] = rowsOf<{ token: string }>(await enso.database.system.execute(sql`select token from messaging_unsubscribe_tokens where customer_id = ${customerId}`));
    return r!.token;
  }

  async function subscriptionsOf(id: string) {
    const res = await studio.admin.get(`/api/v1/customers/${id}`);
    return (res.body as { subscriptions: { emailMarketing: boolean; emailTransactional: boolean; sms: boolean; smsMarketing: boolean } }).subscriptions;
  }

  it('suppresses an email queued before the customer unsubscribed, and sends nothing', async () => {
    const ana = await newCustomer();
    const id = await queue({ channel: 'email', to: ana.email, customerId: ana.id, suppression: 'email_transactional' });
    const off = await studio.admin.put(`/api/v1/customers/${ana.id}/subscriptions`, { emailTransactional: false });
    expect(off.status).toBe(200);

    await deliverAll();

    expect(await row(id)).toMatchObject({ status: 'suppressed', error: 'unsubscribed_email_transactional', sentAt: null });
    expect(mailsTo(ana.email)).toEqual([]);
    const log = await studio.admin.get(`/api/v1/messages?recipient=customer&template=booking.confirmation`);
    expect(log.body.items.find((m: { id: string }) => m.id === id)).toMatchObject({ status: 'suppressed', error: 'unsubscribed_email_transactional', customerId: ana.id });
  });

  it('suppresses marketing email for a marketing opt-out but still sends a transactional one', async () => {
    const bo = await newCustomer();
    const marketing = await queue({ channel: 'email', to: bo.email, customerId: bo.id, category: 'manual', suppression: 'email_marketing', template: 'messaging.group' });
    const transactional = await queue({ channel: 'email', to: bo.email, customerId: bo.id, suppression: 'email_transactional' });
    await studio.admin.put(`/api/v1/customers/${bo.id}/subscriptions`, { emailMarketing: false });
    await deliverAll();
    expect(await row(marketing)).toMatchObject({ status: 'suppressed', error: 'unsubscribed_email_marketing' });
    expect(await row(transactional)).toMatchObject({ status: 'sent' });
    expect(mailsTo(bo.email)).toHaveLength(1);
  });

  it('suppresses an SMS queued before the customer replied STOP (signed Twilio webhook), and Twilio gets nothing', async () => {
    const cy = await newCustomer();
    const sms = await queue({ channel: 'sms', to: cy.phone, customerId: cy.id, suppression: 'sms', subject: null, text: 'See you at 6' });
    const marketing = await queue({ channel: 'sms', to: cy.phone, customerId: cy.id, suppression: 'sms_marketing', category: 'manual', subject: null, text: 'Spring offer' });
    const path = `/api/webhooks/twilio/sms/${studio.slug}`;
    const form = { MessageSid: `SM${'1'.repeat(32)}`, AccountSid: stub.accountSid, From: cy.phone, To: '+15005550006', Body: 'STOP' };
    const stop = await enso.app.inject({
      method: 'POST',
      url: path,
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': stub.signWebhook(`${publicUrl}${path}`, form) },
      payload: new URLSearchParams(form).toString(),
    });
    expect(stop.statusCode).toBe(200);

    await deliverAll();

    expect(await row(sms)).toMatchObject({ status: 'suppressed', error: 'sms_stopped' });
    expect(await row(marketing)).toMatchObject({ status: 'suppressed', error: 'sms_stopped' });
    expect(stub.messages.filter((m) => m.to === cy.phone)).toEqual([]);
  });

  it('delivers a message without a suppression kind even to an unsubscribed customer; an anonymised one gets nothing', async () => {
    const di = await newCustomer();
    await studio.admin.put(`/api/v1/customers/${di.id}/subscriptions`, { emailTransactional: false, emailMarketing: false, sms: false });
    const email = await queue({ channel: 'email', to: di.email, customerId: di.id, suppression: null, template: 'messaging.manual', category: 'manual' });
    const sms = await queue({ channel: 'sms', to: di.phone, customerId: di.id, subject: null, text: 'Your mat is at the desk' });
    await deliverAll();
    expect(await row(email)).toMatchObject({ status: 'sent' });
    expect(await row(sms)).toMatchObject({ status: 'sent' });
    expect(mailsTo(di.email)).toHaveLength(1);
    expect(stub.messages.filter((m) => m.to === di.phone)).toHaveLength(1);

    const ed = await newCustomer();
    const late = await queue({ channel: 'email', to: ed.email, customerId: ed.id, suppression: null });
    await withStudio(enso.database, studio.studioId as StudioId, (tx) => tx.execute(sql`update customers set anonymized_at = now() where id = ${ed.id}`));
    await deliverAll();
    expect(await row(late)).toMatchObject({ status: 'suppressed', error: 'anonymised' });
    expect(mailsTo(ed.email)).toEqual([]);
  });

  it('holds no database transaction open while the SMTP server keeps the message', async () => {
    const fa = await newCustomer();
    await queue({ channel: 'email', to: fa.email, customerId: fa.id, suppression: 'email_transactional' });
    const gate = smtp.hold();
    const sending = deliverAll();
    await gate.arrived;
    // The job is now waiting on the network. On PGlite (one connection) an open transaction would block this query.
    const probe = withStudio(enso.database, studio.studioId as StudioId, (tx) => tx.execute(sql`select 1`));
    const answered = await Promise.race([probe.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 3_000))]);
    expect(answered).toBe(true);
    if (kind === 'postgres') {
      const open = rowsOf<{ n: number }>(
        await enso.database.system.execute(sql`select count(*)::int as n from pg_stat_activity where datname = current_database() and state like 'idle in transaction%'`),
      );
      expect(open[0]!.n).toBe(0);
    }
    gate.release();
    await sending;
    expect(mailsTo(fa.email)).toHaveLength(1);
  });

  it('adds the footer link and RFC 8058 headers to every email to a customer, in their language', async () => {
    const gi = await newCustomer();
    const html = '<!doctype html><html><body><p>Booked</p></body></html>';
    const first = await queue({ channel: 'email', to: gi.email, customerId: gi.id, suppression: 'email_transactional', html });
    await queue({ channel: 'email', to: gi.email, customerId: gi.id, suppression: 'email_marketing', category: 'manual', template: 'messaging.group', html });
    const fr = await newCustomer({ locale: 'fr' });
    await queue({ channel: 'email', to: fr.email, customerId: fr.id, suppression: 'email_transactional' });
    await queue({ channel: 'email', to: 'staff@example.com', recipientKind: 'staff', template: 'identity.reset' });
    await deliverAll();

    const token = await tokenOf(gi.id);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const received = mailsTo(gi.email);
    expect(received).toHaveLength(2);
    const transactional = received.find((m) => m.parsed.text?.includes('kind=transactional_email'));
    const marketing = received.find((m) => m.parsed.text?.includes('kind=marketing_email'));
    expect(header(transactional!, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
    expect(header(transactional!, 'List-Unsubscribe')).toBe(`<${publicUrl}/api/public/v1/unsubscribe/${token}/one-click?kind=transactional_email>`);
    expect(header(marketing!, 'List-Unsubscribe')).toBe(`<${publicUrl}/api/public/v1/unsubscribe/${token}/one-click?kind=marketing_email>`);
    expect(transactional!.parsed.text).toContain(`Unsubscribe from booking and account emails: ${publicUrl}/u/${token}?kind=transactional_email`);
    expect(transactional!.parsed.html).toContain(`href="${publicUrl}/u/${token}?kind=transactional_email"`);
    expect(transactional!.parsed.html).toMatch(/<p>Booked<\/p><div class="enso-unsubscribe"[^>]*>.*<\/div><\/body>/s);
    expect(marketing!.parsed.text).toContain(`Unsubscribe from marketing emails: ${publicUrl}/u/${token}?kind=marketing_email`);

    // The log shows the body as it left.
    expect((await row(first)).bodyText).toContain(`${publicUrl}/u/${token}?kind=transactional_email`);

    const [french] = mailsTo(fr.email);
    expect(french!.parsed.text).toContain(`Se désabonner des e-mails de réservation et de compte: ${publicUrl}/u/`);
    expect(header(french!, 'List-Unsubscribe')).toMatch(/^<http:\/\/enso\.test\/api\/public\/v1\/unsubscribe\/[A-Za-z0-9_-]{43}\/one-click\?kind=transactional_email>$/);

    const [staff] = mailsTo('staff@example.com');
    expect(header(staff!, 'List-Unsubscribe')).toBeUndefined();
    expect(staff!.parsed.text).not.toContain('/u/');
    // One token per customer, reused.
    const tokens = rowsOf<{ n: number }>(await enso.database.system.execute(sql`select count(*)::int as n from messaging_unsubscribe_tokens where customer_id = ${gi.id}`));
    expect(tokens[0]!.n).toBe(1);
  });

  it('shows the link without changing anything on GET, unsubscribes on POST, and publishes the change', async () => {
    const hu = await newCustomer();
    await queue({ channel: 'email', to: hu.email, customerId: hu.id, suppression: 'email_transactional' });
    await deliverAll();
    const token = await tokenOf(hu.id);
    const visitor = studio.anonymous();

    const shown = await visitor.get(`/api/public/v1/unsubscribe/${token}?kind=transactional_email`);
    expect(shown.status).toBe(200);
    expect(shown.body).toEqual({ studioName: expect.stringMatching(/^Studio /), studioSlug: studio.slug, locale: 'en', kind: 'transactional_email', subscribed: true });
    expect(await subscriptionsOf(hu.id)).toMatchObject({ emailTransactional: true });

    const done = await visitor.post(`/api/public/v1/unsubscribe/${token}`, { kind: 'transactional_email' });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ kind: 'transactional_email', subscribed: false });
    expect(await subscriptionsOf(hu.id)).toMatchObject({ emailTransactional: false, emailMarketing: true });
    const events = rowsOf<{ actor: string }>(
      await enso.database.system.execute(sql`select actor_kind as actor from events where type = 'customer.subscription_changed.v1' and subject_id = ${hu.id}`),
    );
    expect(events).toEqual([{ actor: 'anonymous' }]);

    // A later transactional email is suppressed when it is due.
    const next = await queue({ channel: 'email', to: hu.email, customerId: hu.id, suppression: 'email_transactional' });
    await deliverAll();
    expect(await row(next)).toMatchObject({ status: 'suppressed' });
  });

  it('unsubscribes by RFC 8058 one-click POST (form-encoded, no cookie, no CSRF header)', async () => {
    const ivy = await newCustomer();
    await queue({ channel: 'email', to: ivy.email, customerId: ivy.id, suppression: 'email_marketing', category: 'manual', template: 'messaging.group' });
    await deliverAll();
    const url = header(mailsTo(ivy.email)[0]!, 'List-Unsubscribe')!.slice(publicUrl.length + 1, -1);

    const empty = await enso.app.inject({ method: 'POST', url, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: '' });
    expect(empty.statusCode).toBe(400);
    expect(empty.headers['content-type']).toContain('application/problem+json');
    expect(await subscriptionsOf(ivy.id)).toMatchObject({ emailMarketing: true });

    const res = await enso.app.inject({ method: 'POST', url, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'List-Unsubscribe=One-Click' });
    expect(res.statusCode).toBe(200);
    expect(await subscriptionsOf(ivy.id)).toMatchObject({ emailMarketing: false, emailTransactional: true });
    // Twice is fine.
    const again = await enso.app.inject({ method: 'POST', url, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'List-Unsubscribe=One-Click' });
    expect(again.statusCode).toBe(200);
  });

  it('answers 404 problem+json for an unknown token', async () => {
    const visitor = studio.anonymous();
    const fake = 'A'.repeat(43);
    const get = await visitor.get(`/api/public/v1/unsubscribe/${fake}?kind=marketing_email`);
    expect(get.status).toBe(404);
    expect(get.headers['content-type']).toContain('application/problem+json');
    expect(get.body.code).toBe('unsubscribe_link_not_found');
    expect((await visitor.post(`/api/public/v1/unsubscribe/${fake}`, { kind: 'marketing_email' })).status).toBe(404);
    const oneClick = await enso.app.inject({ method: 'POST', url: `/api/public/v1/unsubscribe/${fake}/one-click?kind=marketing_email`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'List-Unsubscribe=One-Click' });
    expect(oneClick.statusCode).toBe(404);
  });
});
