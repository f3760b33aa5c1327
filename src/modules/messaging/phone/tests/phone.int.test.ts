import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../../kernel/clock.ts';
import type { StudioId } from '../../../../kernel/ids.ts';
import { rowsOf, withStudio } from '../../../../platform/db/tx.ts';
import { startTwilioStub, type TwilioStub, frenchMobiles } from '../../../../platform/sms/testing/twilio-stub.ts';
import { testDatabaseKinds } from '../../../../platform/testing/database.ts';
import { createTestEnso, makeCustomer, makeStudio, type StudioFixture, type TestEnso } from '../../../../platform/testing/enso.ts';

const publicUrl = 'http://enso.test';

describe.each(testDatabaseKinds())('phone line: forwarding, voicemail and call.missed (%s)', (kind) => {
  const clock = fixedClock('2027-03-01T09:00:00Z');
  let enso: TestEnso;
  let stub: TwilioStub;
  let studio: StudioFixture;
  let other: StudioFixture;
  let n = 0;

  const newNumber = frenchMobiles('7', 20_000_000);
  const newSid = () => `CA${String(process.pid).padStart(8, '0')}${String(++n).padStart(24, '0')}`;

  /** Posts a form-encoded voice webhook, signed as Twilio signs it (or with `signature`). */
  async function post(path: string, params: Record<string, string>, signature?: string) {
    return enso.app.inject({
      method: 'POST',
      url: path,
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature ?? stub.signWebhook(`${publicUrl}${path}`, params) },
      payload: new URLSearchParams(params).toString(),
    });
  }
  const call = (slug: string, callSid: string, from: string) =>
    post(`/api/webhooks/twilio/voice/${slug}`, { CallSid: callSid, AccountSid: stub.accountSid, From: from, To: '+15005550006', CallStatus: 'ringing', Direction: 'inbound' });
  const status = (slug: string, callSid: string, from: string, extra: Record<string, string>) =>
    post(`/api/webhooks/twilio/voice/${slug}/status`, { CallSid: callSid, AccountSid: stub.accountSid, From: from, To: '+15005550006', ...extra });

  async function callsOf(s: StudioFixture, callSid: string) {
    return withStudio(enso.database, s.studioId as StudioId, async (tx) =>
      rowsOf<{ id: string; status: string; customer_id: string | null; forwarded_to: string | null; voicemail_url: string | null; missed: boolean }>(
        await tx.execute(sql`select id, status, customer_id, forwarded_to, voicemail_url, missed from messaging_calls where studio_id = ${s.studioId} and call_sid = ${callSid}`),
      ),
    );
  }
  async function missedEvents(s: StudioFixture, callSid: string) {
    return withStudio(enso.database, s.studioId as StudioId, async (tx) =>
      rowsOf<{ subject_id: string; payload: Record<string, unknown> }>(
        await tx.execute(sql`select subject_id, payload from events where studio_id = ${s.studioId} and type = 'call.missed.v1' and payload->>'callSid' = ${callSid}`),
      ),
    );
  }

  beforeAll(async () => {
    stub = await startTwilioStub();
    enso = await createTestEnso(kind, {
      clock,
      env: { TWILIO_ACCOUNT_SID: stub.accountSid, TWILIO_AUTH_TOKEN: stub.authToken, TWILIO_FROM: '+15005550006', TWILIO_API_URL: stub.apiUrl, PUBLIC_URL: publicUrl },
    });
    studio = await makeStudio(enso);
    other = await makeStudio(enso, { defaultLocale: 'fr' });
    expect((await studio.admin.put('/api/v1/messaging/settings', { forwardingPhone: '+33 6 99 88 77 66' })).status).toBe(200);
  });
  afterAll(async () => {
    await enso?.dispose();
    await stub?.close();
  });

  it('shows the studio its Twilio number and the voice webhook to set', async () => {
    const res = await studio.admin.get('/api/v1/messaging/settings');
    expect(res.body).toMatchObject({ studioPhone: '+15005550006', voiceWebhookUrl: `${publicUrl}/api/webhooks/twilio/voice/${studio.slug}` });
  });

  it('forwards a call to the forwarding number, records it once, and publishes call.missed once when nobody answers', async () => {
    const phone = newNumber();
    const ana = await makeCustomer(studio, { phone: phone.typed });
    const sid = newSid();
    const res = await call(studio.slug, sid, phone.e164);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/xml');
    expect(res.body).toBe(
      `<?xml version="1.0" encoding="UTF-8"?><Response><Dial action="${publicUrl}/api/webhooks/twilio/voice/${studio.slug}/status" method="POST" timeout="20">+33699887766</Dial></Response>`,
    );
    expect((await call(studio.slug, sid, phone.e164)).statusCode).toBe(200); // Twilio retried the webhook
    expect(await callsOf(studio, sid)).toEqual([expect.objectContaining({ status: 'forwarded', customer_id: ana.id, forwarded_to: '+33699887766', missed: false })]);

    const missed = await status(studio.slug, sid, phone.e164, { DialCallStatus: 'no-answer', DialCallDuration: '0' });
    expect(missed.statusCode).toBe(200);
    expect(missed.body).toContain('<Response></Response>');
    expect(await status(studio.slug, sid, phone.e164, { DialCallStatus: 'no-answer' })).toMatchObject({ statusCode: 200 });
    const [row] = await callsOf(studio, sid);
    expect(row).toMatchObject({ status: 'missed', missed: true });
    const events = await missedEvents(studio, sid);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ subject_id: row!.id, payload: { callSid: sid, from: phone.e164, customerId: ana.id, voicemail: false, voicemailUrl: null } });
  });

  it.each(['busy', 'failed', 'canceled'])('counts a forwarded call that ends %s as missed', async (dial) => {
    const sid = newSid();
    const from = newNumber().e164;
    await call(studio.slug, sid, from);
    await status(studio.slug, sid, from, { DialCallStatus: dial });
    expect((await missedEvents(studio, sid)).map((e) => e.payload)).toEqual([{ callSid: sid, from, customerId: null, voicemail: false, voicemailUrl: null }]);
  });

  it('publishes nothing for a forwarded call that was answered', async () => {
    const sid = newSid();
    const from = newNumber().e164;
    await call(studio.slug, sid, from);
    await status(studio.slug, sid, from, { DialCallStatus: 'completed', DialCallDuration: '42' });
    expect(await callsOf(studio, sid)).toEqual([expect.objectContaining({ status: 'answered', missed: false })]);
    expect(await missedEvents(studio, sid)).toEqual([]);
  });

  it('takes a voicemail when no forwarding number is set, in the studio language, and publishes it once', async () => {
    const phone = newNumber();
    const sid = newSid();
    const res = await call(other.slug, sid, phone.e164);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(`<Say language="fr-FR">Merci d'avoir appelé Studio `);
    expect(res.body).toContain(`<Record action="${publicUrl}/api/webhooks/twilio/voice/${other.slug}/status" method="POST" maxLength="120" playBeep="true"/>`);
    expect(res.body).not.toContain('<Dial');
    const url = 'https://api.twilio.com/2010-04-01/Accounts/AC/Recordings/RE123';
    await status(other.slug, sid, phone.e164, { RecordingUrl: url, RecordingDuration: '12' });
    await status(other.slug, sid, phone.e164, { RecordingUrl: url, RecordingDuration: '12' });
    expect(await callsOf(other, sid)).toEqual([expect.objectContaining({ status: 'voicemail', voicemail_url: url, missed: true, forwarded_to: null })]);
    expect((await missedEvents(other, sid)).map((e) => e.payload)).toEqual([{ callSid: sid, from: phone.e164, customerId: null, voicemail: true, voicemailUrl: url }]);
  });

  it('counts a caller who hangs up before leaving a voicemail as missed', async () => {
    const sid = newSid();
    const from = newNumber().e164;
    await call(other.slug, sid, from);
    await status(other.slug, sid, from, {});
    expect((await missedEvents(other, sid)).map((e) => e.payload)).toMatchObject([{ voicemail: false }]);
  });

  it('refuses a missing or wrong signature (403) and an unknown studio (404)', async () => {
    const sid = newSid();
    const from = newNumber().e164;
    const path = `/api/webhooks/twilio/voice/${studio.slug}`;
    const forged = await post(path, { CallSid: sid, From: from }, 'bm90IGEgc2lnbmF0dXJl');
    expect(forged.statusCode).toBe(403);
    expect(forged.headers['content-type']).toContain('application/problem+json');
    // Signed for another studio's URL: refused too.
    const params = { CallSid: sid, From: from, DialCallStatus: 'no-answer' };
    const replayed = await post(`/api/webhooks/twilio/voice/${studio.slug}/status`, params, stub.signWebhook(`${publicUrl}/api/webhooks/twilio/voice/${other.slug}/status`, params));
    expect(replayed.statusCode).toBe(403);
    expect(await callsOf(studio, sid)).toEqual([]);
    expect((await call('no-such-studio', sid, from)).statusCode).toBe(404);
  });

  it("keeps calls to each studio's number apart", async () => {
    const sid = newSid();
    const from = newNumber().e164;
    await call(studio.slug, sid, from);
    expect(await callsOf(other, sid)).toEqual([]);
    expect(await callsOf(studio, sid)).toHaveLength(1);
  });
});

describe.each(testDatabaseKinds())('phone line without Twilio (%s)', (kind) => {
  let enso: TestEnso;
  beforeAll(async () => {
    enso = await createTestEnso(kind);
  });
  afterAll(() => enso?.dispose());

  it('answers 404 on both voice webhooks', async () => {
    const studio = await makeStudio(enso);
    for (const url of [`/api/webhooks/twilio/voice/${studio.slug}`, `/api/webhooks/twilio/voice/${studio.slug}/status`]) {
      const res = await enso.app.inject({ method: 'POST', url, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'CallSid=CA1&From=%2B33611111111' });
      expect(res.statusCode, url).toBe(404);
    }
  });
});
