import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../../kernel/clock.ts';
import type { StudioId } from '../../../../kernel/ids.ts';
import { rowsOf, withStudio } from '../../../../platform/db/tx.ts';
import { deliverMessageJobName } from '../../../../platform/email/index.ts';
import { startTwilioStub, type TwilioStub, frenchMobiles } from '../../../../platform/sms/testing/twilio-stub.ts';
import type { TestClient } from '../../../../platform/testing/client.ts';
import { testDatabaseKinds } from '../../../../platform/testing/database.ts';
import { createTestEnso, makeCustomer, makeStudio, testPassword, type StudioFixture, type TestEnso } from '../../../../platform/testing/enso.ts';

const publicUrl = 'http://enso.test';
const secret = 'inbound-email-secret-0123456789';

/** A raw RFC 822 message, built as a mail client would. */
async function rawEmail(options: { from: string; to: string; subject: string; text?: string; html?: string; messageId: string }): Promise<Buffer> {
  return new MailComposer(options).compile().build();
}

describe.each(testDatabaseKinds())('inbox (%s)', (kind) => {
  const clock = fixedClock('2027-03-01T09:00:00Z');
  let enso: TestEnso;
  let stub: TwilioStub;
  let studio: StudioFixture;
  let other: StudioFixture;

  const newNumber = frenchMobiles('6', 20_000_000);

  async function inboundSms(slug: string, from: string, body: string, sid = `SM${randomBytes(16).toString('hex')}`) {
    const path = `/api/webhooks/twilio/sms/${slug}`;
    const params = { MessageSid: sid, AccountSid: stub.accountSid, From: from, To: '+15005550006', Body: body };
    return enso.app.inject({
      method: 'POST',
      url: path,
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': stub.signWebhook(`${publicUrl}${path}`, params) },
      payload: new URLSearchParams(params).toString(),
    });
  }

  async function inboundEmail(slug: string, raw: Buffer, token = secret) {
    return enso.app.inject({
      method: 'POST',
      url: `/api/webhooks/email/inbound/${slug}`,
      headers: { 'content-type': 'message/rfc822', authorization: `Bearer ${token}` },
      payload: raw,
    });
  }

  async function thread(client: TestClient, customerId: string) {
    const res = await client.get(`/api/v1/inbox/threads/${customerId}`);
    expect(res.status).toBe(200);
    return res.body as { thread: { unreadCount: number; lastCategory: string; lastReplyAt: string | null } | null; items: { direction: string; channel: string; text: string; category: string }[]; customer: { id: string } };
  }

  const ids = (res: { body: { items: { customerId: string }[] } }) => res.body.items.map((t) => t.customerId);

  beforeAll(async () => {
    stub = await startTwilioStub();
    enso = await createTestEnso(kind, {
      clock,
      env: { TWILIO_ACCOUNT_SID: stub.accountSid, TWILIO_AUTH_TOKEN: stub.authToken, TWILIO_FROM: '+15005550006', TWILIO_API_URL: stub.apiUrl, INBOUND_EMAIL_SECRET: secret },
    });
    studio = await makeStudio(enso);
    other = await makeStudio(enso);
  });
  afterAll(async () => {
    await enso?.dispose();
    await stub?.close();
  });

  it('stores an inbound SMS once per MessageSid in the unread thread of the customer with that phone', async () => {
    const phone = newNumber();
    const ana = await makeCustomer(studio, { phone: phone.typed });
    const sid = `SM${randomBytes(16).toString('hex')}`;

    expect((await inboundSms(studio.slug, phone.e164, 'Can I bring a friend on Friday?', sid)).statusCode).toBe(200);
    expect((await inboundSms(studio.slug, phone.e164, 'Can I bring a friend on Friday?', sid)).statusCode).toBe(200);
    const list = await studio.admin.get('/api/v1/inbox/threads?unread=true');
    const detail = await thread(studio.admin, ana.id);

    expect(list.status).toBe(200);
    expect(list.body.items.find((t: { customerId: string }) => t.customerId === ana.id)).toMatchObject({ unreadCount: 1, lastChannel: 'sms', lastCategory: 'inbound', lastPreview: 'Can I bring a friend on Friday?' });
    expect(detail.items.filter((m) => m.direction === 'in')).toEqual([expect.objectContaining({ channel: 'sms', text: 'Can I bring a friend on Friday?' })]);
  });

  it('keeps STOP as a message in the thread as well as turning SMS off', async () => {
    const phone = newNumber();
    const bo = await makeCustomer(studio, { phone: phone.e164 });

    await inboundSms(studio.slug, phone.e164, 'STOP');

    expect((await thread(studio.admin, bo.id)).items.map((m) => m.text)).toEqual(['STOP']);
    expect((await studio.admin.get(`/api/v1/customers/${bo.id}`)).body.subscriptions.sms).toBe(false);
  });

  it('keeps texts from unknown numbers with no customer, out of the thread list', async () => {
    const before = await studio.admin.get('/api/v1/inbox/threads?limit=100');

    await inboundSms(studio.slug, newNumber().e164, 'who is this?');

    const rows = await withStudio(enso.database, studio.studioId as StudioId, async (tx) =>
      rowsOf<{ customer_id: string | null }>(await tx.execute(sql`select customer_id from messaging_inbound_messages where studio_id = ${studio.studioId} and body_text = 'who is this?'`)),
    );
    expect(rows).toEqual([{ customer_id: null }]);
    expect((await studio.admin.get('/api/v1/inbox/threads?limit=100')).body.items).toHaveLength(before.body.items.length);
  });

  it('replies by SMS to the customer phone through Twilio, as a manual message that answers the thread', async () => {
    const phone = newNumber();
    const cy = await makeCustomer(studio, { phone: phone.typed });
    await inboundSms(studio.slug, phone.e164, 'Is the 6pm class full?');
    expect(ids(await studio.admin.get('/api/v1/inbox/threads?unreplied=true&limit=100'))).toContain(cy.id);
    const desk = await studio.staff('front_desk');

    const res = await desk.post(`/api/v1/inbox/threads/${cy.id}/reply`, { channel: 'sms', text: 'Two spots left, see you there!' });
    await enso.jobs.runDueJobs({ names: [deliverMessageJobName] });

    expect(res.status).toBe(201);
    expect(stub.messages.filter((m) => m.body === 'Two spots left, see you there!').map((m) => m.to.replace(/\D/g, ''))).toEqual([phone.typed.replace(/\D/g, '')]);
    const after = await thread(studio.admin, cy.id);
    expect(after.thread).toMatchObject({ unreadCount: 0, lastCategory: 'manual', lastReplyAt: expect.any(String) });
    expect(after.items.map((m) => [m.direction, m.text])).toEqual([
      ['in', 'Is the 6pm class full?'],
      ['out', 'Two spots left, see you there!'],
    ]);
    expect(ids(await studio.admin.get('/api/v1/inbox/threads?unreplied=true&limit=100'))).not.toContain(cy.id);
    expect(ids(await studio.admin.get('/api/v1/inbox/threads?category=manual&limit=100'))).toContain(cy.id);
    expect(ids(await studio.admin.get('/api/v1/inbox/threads?category=transactional&limit=100'))).not.toContain(cy.id);
  });

  it('refuses an SMS reply to a customer without a phone, naming the channel field', async () => {
    const dee = await makeCustomer(studio, { phone: '' });

    const res = await studio.admin.post(`/api/v1/inbox/threads/${dee.id}/reply`, { channel: 'sms', text: 'Hello' });

    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'no_phone_on_file', errors: [{ path: 'channel' }] });
  });

  it("past the month's SMS allowance an SMS reply goes by email, and is refused for a customer without one", async () => {
    const small = await makeStudio(enso);
    const withEmail = await makeCustomer(small, { phone: newNumber().typed });
    const phoneOnly = await makeCustomer(small, { phone: newNumber().typed, email: '' });
    // The Starter tier's 500 segments: 15 replies of 32 GSM-7 segments, then one of 20.
    for (let i = 0; i < 15; i++) {
      const r = await small.admin.post(`/api/v1/inbox/threads/${withEmail.id}/reply`, { channel: 'sms', text: 'a'.repeat(153 * 32) });
      expect(r.body).toMatchObject({ channel: 'sms' });
    }
    expect((await small.admin.post(`/api/v1/inbox/threads/${withEmail.id}/reply`, { channel: 'sms', text: 'a'.repeat(153 * 20) })).body).toMatchObject({ channel: 'sms' });

    const fallback = await small.admin.post(`/api/v1/inbox/threads/${withEmail.id}/reply`, { channel: 'sms', text: 'See you tonight' });
    const refused = await small.admin.post(`/api/v1/inbox/threads/${phoneOnly.id}/reply`, { channel: 'sms', text: 'See you tonight' });

    expect(fallback.status).toBe(201);
    expect(fallback.body).toMatchObject({ channel: 'email' });
    const last = (await thread(small.admin, withEmail.id)).items.at(-1);
    expect(last).toMatchObject({ direction: 'out', channel: 'email', text: 'See you tonight' });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'sms_allowance_used', errors: [{ path: 'channel' }] });
  });

  it('ingests an inbound email into the thread of the customer with that From address, once per Message-ID', async () => {
    const eve = await makeCustomer(studio);
    const raw = await rawEmail({ from: `Eve <${eve.email.toUpperCase()}>`, to: `hello@${studio.slug}.example`, subject: 'Parking', text: 'Where can I park?', messageId: `<${randomBytes(6).toString('hex')}@mail.example>` });

    const first = await inboundEmail(studio.slug, raw);
    const again = await inboundEmail(studio.slug, raw);

    expect(first.statusCode).toBe(202);
    expect(first.json()).toMatchObject({ matched: true, id: expect.stringMatching(/^inm_/) });
    expect(again.json()).toMatchObject({ id: null });
    const detail = await thread(studio.admin, eve.id);
    expect(detail.items).toEqual([expect.objectContaining({ direction: 'in', channel: 'email', text: 'Where can I park?' })]);
    expect(detail.thread).toMatchObject({ unreadCount: 1 });
  });

  it('refuses inbound email without the right bearer token', async () => {
    const raw = await rawEmail({ from: 'x@example.com', to: 'y@example.com', subject: 'Hi', text: 'Hi', messageId: '<a@b.example>' });

    const wrong = await inboundEmail(studio.slug, raw, 'not-the-secret-at-all');
    const none = await enso.app.inject({ method: 'POST', url: `/api/webhooks/email/inbound/${studio.slug}`, headers: { 'content-type': 'message/rfc822' }, payload: raw });
    const unknownStudio = await inboundEmail('no-such-studio', raw);

    expect(wrong.statusCode).toBe(401);
    expect(none.statusCode).toBe(401);
    expect(unknownStudio.statusCode).toBe(404);
  });

  it('shows an in-app reply in the customer account, unread until they open it', async () => {
    const client = studio.anonymous();
    const email = `fay-${randomBytes(4).toString('hex')}@example.com`;
    const signup = await client.post(`/api/public/v1/studios/${studio.slug}/signup`, { firstName: 'Fay', lastName: 'Client', email, password: testPassword });
    expect(signup.status).toBe(201);
    const fayId = signup.body.customer.id as string;

    const sent = await studio.admin.post(`/api/v1/inbox/threads/${fayId}/reply`, { channel: 'in_app', text: 'Welcome to the studio!' });
    const mine = await client.get(`/api/public/v1/studios/${studio.slug}/me/messages`);

    expect(sent.status).toBe(201);
    expect(mine.status).toBe(200);
    expect(mine.body).toMatchObject({ unreadCount: 1, items: [{ id: sent.body.id, text: 'Welcome to the studio!', readAt: null }] });
    expect((await client.post(`/api/public/v1/studios/${studio.slug}/me/messages/${sent.body.id}/read`, {})).status).toBe(204);
    expect((await client.get(`/api/public/v1/studios/${studio.slug}/me/messages`)).body).toMatchObject({ unreadCount: 0, items: [{ readAt: expect.any(String) }] });
    // A segment of customers with an account: Fay's thread is in it, a dashboard-only customer's is not.
    const dashboardOnly = await makeCustomer(studio);
    await studio.admin.post(`/api/v1/inbox/threads/${dashboardOnly.id}/reply`, { channel: 'in_app', text: 'Hi' });
    const segment = await studio.admin.post('/api/v1/customers/segments', { name: 'With account', criteria: { match: 'all', rules: [{ type: 'hasAccount', value: true }] } });
    expect(segment.status).toBe(201);
    const inSegment = ids(await studio.admin.get(`/api/v1/inbox/threads?segment=${segment.body.id}&limit=100`));
    expect(inSegment).toContain(fayId);
    expect(inSegment).not.toContain(dashboardOnly.id);
  });

  it('pages threads by keyset, newest or oldest first, with no thread twice', async () => {
    const all = await studio.admin.get('/api/v1/inbox/threads?limit=100');
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: { customerId: string }[]; nextCursor: string | null } } = await studio.admin.get(`/api/v1/inbox/threads?limit=2&sort=oldest${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.body.items.map((t) => t.customerId));
      cursor = page.body.nextCursor;
    } while (cursor);

    expect(all.body.items.length).toBeGreaterThan(3);
    expect(seen).toEqual([...ids(all)].reverse());
    expect((await studio.admin.get('/api/v1/inbox/threads?cursor=bm9wZQ')).status).toBe(400);
  });

  it('filters by location: threads of that location and those with none', async () => {
    const [a, b] = [await makeCustomer(studio), await makeCustomer(studio)];
    for (const c of [a, b]) await studio.admin.post(`/api/v1/inbox/threads/${c.id}/reply`, { channel: 'in_app', text: 'Hello' });
    const location = await studio.admin.post('/api/v1/locations', { name: 'Annex', timeZone: 'Europe/Paris' });
    expect(location.status).toBe(201);
    await withStudio(enso.database, studio.studioId as StudioId, (tx) =>
      tx.execute(sql`update messaging_threads set location_id = ${location.body.id} where studio_id = ${studio.studioId} and customer_id = ${a.id}`),
    );
    const otherLocation = await studio.admin.post('/api/v1/locations', { name: 'Main hall', timeZone: 'Europe/Paris' });

    const annex = ids(await studio.admin.get(`/api/v1/inbox/threads?location=${location.body.id}&limit=100`));
    const main = ids(await studio.admin.get(`/api/v1/inbox/threads?location=${otherLocation.body.id}&limit=100`));

    expect(annex).toEqual(expect.arrayContaining([a.id, b.id]));
    expect(main).toContain(b.id);
    expect(main).not.toContain(a.id);
  });

  it('saves each staff member their own ordered segment tabs, refusing unknown segments', async () => {
    const s1 = await studio.admin.post('/api/v1/customers/segments', { name: 'Tab one', criteria: { match: 'all', rules: [] } });
    const s2 = await studio.admin.post('/api/v1/customers/segments', { name: 'Tab two', criteria: { match: 'all', rules: [] } });
    const desk = await studio.staff('front_desk');

    const saved = await desk.put('/api/v1/inbox/tabs', { segmentIds: [s2.body.id, s1.body.id] });
    const unknown = await desk.put('/api/v1/inbox/tabs', { segmentIds: ['seg_nope'] });

    expect(saved.status).toBe(200);
    expect((await desk.get('/api/v1/inbox/tabs')).body).toEqual({ segmentIds: [s2.body.id, s1.body.id] });
    expect((await studio.admin.get('/api/v1/inbox/tabs')).body).toEqual({ segmentIds: [] });
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({ code: 'unknown_segments', errors: [{ path: 'segmentIds.0' }] });
  });

  it('keeps teachers out of the inbox', async () => {
    const teacher = await studio.staff('teacher');

    expect((await teacher.get('/api/v1/inbox/threads')).status).toBe(403);
  });

  it("never shows or answers another studio's threads", async () => {
    const phone = newNumber();
    const theirs = await makeCustomer(other, { phone: phone.typed });
    await inboundSms(other.slug, phone.e164, 'only for the other studio');

    const list = await studio.admin.get('/api/v1/inbox/threads?limit=100');
    const open = await studio.admin.get(`/api/v1/inbox/threads/${theirs.id}`);
    const reply = await studio.admin.post(`/api/v1/inbox/threads/${theirs.id}/reply`, { channel: 'in_app', text: 'x' });
    const read = await studio.admin.post(`/api/v1/inbox/threads/${theirs.id}/read`, {});

    expect(ids(list)).not.toContain(theirs.id);
    expect(open.status).toBe(404);
    expect(reply.status).toBe(404);
    expect(read.status).toBe(404);
    expect(ids(await other.admin.get('/api/v1/inbox/threads?limit=100'))).toContain(theirs.id);
  });
});
