import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../../kernel/clock.ts';
import type { StudioId } from '../../../../kernel/ids.ts';
import { rowsOf, withStudio } from '../../../../platform/db/tx.ts';
import { startTwilioStub, type TwilioStub, frenchMobiles } from '../../../../platform/sms/testing/twilio-stub.ts';
import { testDatabaseKinds } from '../../../../platform/testing/database.ts';
import { createTestEnso, makeCustomer, makeStudio, type StudioFixture, type TestEnso } from '../../../../platform/testing/enso.ts';

const publicUrl = 'http://enso.test';

describe.each(testDatabaseKinds())('inbound SMS webhook: STOP / START (%s)', (kind) => {
  const clock = fixedClock('2027-03-01T09:00:00Z');
  let enso: TestEnso;
  let stub: TwilioStub;
  let studio: StudioFixture;
  let other: StudioFixture;
  let n = 0;

  const newNumber = frenchMobiles('6', 10_000_000);

  /** Posts a form-encoded inbound SMS to the app, signed as Twilio signs it (or with `signature`). */
  async function inbound(slug: string, params: Record<string, string>, signature?: string) {
    const path = `/api/webhooks/twilio/sms/${slug}`;
    return enso.app.inject({
      method: 'POST',
      url: path,
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature ?? stub.signWebhook(`${publicUrl}${path}`, params) },
      payload: new URLSearchParams(params).toString(),
    });
  }

  const sms = (from: string, body: string) => ({ MessageSid: `SM${String(++n).padStart(32, '0')}`, AccountSid: 'AC00000000000000000000000000000000', From: from, To: '+15005550006', Body: body });

  async function subscriptionsOf(s: StudioFixture, id: string) {
    const res = await s.admin.get(`/api/v1/customers/${id}`);
    expect(res.status).toBe(200);
    return (res.body as { subscriptions: { sms: boolean; smsMarketing: boolean } }).subscriptions;
  }

  /** The customer.subscription_changed.v1 events published for this customer, by whom. */
  async function changeEvents(s: StudioFixture, customerId: string) {
    return withStudio(enso.database, s.studioId as StudioId, async (tx) =>
      rowsOf<{ actor: string }>(
        await tx.execute(sql`select actor_kind as actor from events where studio_id = ${s.studioId} and type = 'customer.subscription_changed.v1' and subject_id = ${customerId}`),
      ),
    );
  }

  beforeAll(async () => {
    stub = await startTwilioStub();
    enso = await createTestEnso(kind, {
      clock,
      env: { TWILIO_ACCOUNT_SID: stub.accountSid, TWILIO_AUTH_TOKEN: stub.authToken, TWILIO_FROM: '+15005550006', TWILIO_API_URL: stub.apiUrl },
    });
    studio = await makeStudio(enso);
    other = await makeStudio(enso);
  });
  afterAll(async () => {
    await enso?.dispose();
    await stub?.close();
  });

  it('turns SMS (and marketing SMS) off for the sender on STOP, and back on on START, answering empty TwiML', async () => {
    const phone = newNumber();
    const ana = await makeCustomer(studio, { phone: phone.typed });
    const subscribed = await studio.admin.request('PUT', `/api/v1/customers/${ana.id}/subscriptions`, { body: { smsMarketing: true } });
    expect([200, 204]).toContain(subscribed.status);
    expect(await subscriptionsOf(studio, ana.id)).toMatchObject({ sms: true, smsMarketing: true });

    const stop = await inbound(studio.slug, sms(phone.e164, ' Stop '));
    expect(stop.statusCode).toBe(200);
    expect(stop.headers['content-type']).toContain('text/xml');
    expect(stop.body).toContain('<Response/>');
    expect(await subscriptionsOf(studio, ana.id)).toMatchObject({ sms: false, smsMarketing: false });
    const afterStop = await changeEvents(studio, ana.id);
    expect(afterStop.filter((e) => e.actor === 'system').length).toBeGreaterThan(0);

    const start = await inbound(studio.slug, sms(phone.e164, 'START'));
    expect(start.statusCode).toBe(200);
    expect(await subscriptionsOf(studio, ana.id)).toMatchObject({ sms: true });
    expect((await changeEvents(studio, ana.id)).length).toBeGreaterThan(afterStop.length);
  });

  it('refuses a missing or wrong signature with 403 problem+json and changes nothing', async () => {
    const phone = newNumber();
    const bo = await makeCustomer(studio, { phone: phone.e164 });
    const wrong = await inbound(studio.slug, sms(phone.e164, 'STOP'), stub.signWebhook(`${publicUrl}/api/webhooks/twilio/sms/${studio.slug}`, sms(phone.e164, 'START')));
    expect(wrong.statusCode).toBe(403);
    expect(wrong.headers['content-type']).toContain('application/problem+json');
    const missing = await enso.app.inject({
      method: 'POST',
      url: `/api/webhooks/twilio/sms/${studio.slug}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams(sms(phone.e164, 'STOP')).toString(),
    });
    expect(missing.statusCode).toBe(403);
    expect(await subscriptionsOf(studio, bo.id)).toMatchObject({ sms: true });
    expect(await changeEvents(studio, bo.id)).toEqual([]);
  });

  it("leaves another studio's customer with the same number untouched", async () => {
    const phone = newNumber();
    const here = await makeCustomer(studio, { phone: phone.typed });
    const there = await makeCustomer(other, { phone: phone.e164 });
    expect((await inbound(studio.slug, sms(phone.e164, 'arrêt'))).statusCode).toBe(200);
    expect(await subscriptionsOf(studio, here.id)).toMatchObject({ sms: false });
    expect(await subscriptionsOf(other, there.id)).toMatchObject({ sms: true });
  });

  it('answers 200 and changes nothing for an unknown number, or a text that is not a keyword', async () => {
    const phone = newNumber();
    const cy = await makeCustomer(studio, { phone: phone.typed });
    const unknown = await inbound(studio.slug, sms(newNumber().e164, 'STOP'));
    expect(unknown.statusCode).toBe(200);
    expect(unknown.body).toContain('<Response/>');
    const chat = await inbound(studio.slug, sms(phone.e164, 'Please stop by at 6'));
    expect(chat.statusCode).toBe(200);
    const help = await inbound(studio.slug, sms(phone.e164, 'HELP'));
    expect(help.statusCode).toBe(200);
    expect(await subscriptionsOf(studio, cy.id)).toMatchObject({ sms: true });
    expect(await changeEvents(studio, cy.id)).toEqual([]);
  });

  it('answers 404 for an unknown studio', async () => {
    const res = await inbound('no-such-studio', sms(newNumber().e164, 'STOP'));
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toContain('application/problem+json');
  });
});

describe.each(testDatabaseKinds())('inbound SMS webhook without Twilio (%s)', (kind) => {
  let enso: TestEnso;
  beforeAll(async () => {
    enso = await createTestEnso(kind);
  });
  afterAll(() => enso?.dispose());

  it('answers 404 when Twilio is not configured', async () => {
    const studio = await makeStudio(enso);
    const res = await enso.app.inject({
      method: 'POST',
      url: `/api/webhooks/twilio/sms/${studio.slug}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': 'x' },
      payload: 'From=%2B33612345678&Body=STOP',
    });
    expect(res.statusCode).toBe(404);
  });
});
