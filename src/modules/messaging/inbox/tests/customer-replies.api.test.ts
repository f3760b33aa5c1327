import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../../kernel/clock.ts';
import type { TestClient } from '../../../../platform/testing/client.ts';
import { testDatabaseKinds } from '../../../../platform/testing/database.ts';
import { createTestEnso, makeStudio, testPassword, type StudioFixture, type TestEnso } from '../../../../platform/testing/enso.ts';

const minute = 60_000;

describe.each(testDatabaseKinds())('customer in-app replies (%s)', (kind) => {
  const clock = fixedClock('2027-03-01T09:00:00Z');
  let enso: TestEnso;
  let studio: StudioFixture;
  let other: StudioFixture;

  /** A customer who signed up on the studio's public pages: a signed-in client and their profile id. */
  async function signUp(s: StudioFixture, firstName: string): Promise<{ client: TestClient; id: string }> {
    const client = s.anonymous();
    const email = `${firstName.toLowerCase()}-${randomBytes(4).toString('hex')}@example.com`;
    const res = await client.post(`/api/public/v1/studios/${s.slug}/signup`, { firstName, lastName: 'Client', email, password: testPassword });
    expect(res.status).toBe(201);
    return { client, id: res.body.customer.id as string };
  }

  const messagesUrl = (s: StudioFixture) => `/api/public/v1/studios/${s.slug}/me/messages`;

  beforeAll(async () => {
    enso = await createTestEnso(kind, { clock });
    studio = await makeStudio(enso);
    other = await makeStudio(enso);
  });
  afterAll(async () => {
    await enso?.dispose();
  });

  it("stores the customer's reply in their thread: unread, unreplied, last channel in-app, category inbound", async () => {
    const gus = await signUp(studio, 'Gus');
    clock.advance(minute);
    await studio.admin.post(`/api/v1/inbox/threads/${gus.id}/reply`, { channel: 'in_app', text: 'Your mat is at the desk.' });
    clock.advance(minute);

    const sent = await gus.client.post(messagesUrl(studio), { text: '  Thanks, I will pick it up tonight.  ' });
    const unread = await studio.admin.get('/api/v1/inbox/threads?unread=true&limit=100');
    const unreplied = await studio.admin.get('/api/v1/inbox/threads?unreplied=true&limit=100');
    const detail = await studio.admin.get(`/api/v1/inbox/threads/${gus.id}`);

    expect(sent.status).toBe(201);
    expect(sent.body).toMatchObject({ id: expect.any(String), from: 'customer', text: 'Thanks, I will pick it up tonight.', readAt: null });
    expect(unread.body.items.find((t: { customerId: string }) => t.customerId === gus.id)).toMatchObject({
      unreadCount: 1,
      lastChannel: 'in_app',
      lastCategory: 'inbound',
      lastPreview: 'Thanks, I will pick it up tonight.',
    });
    expect(unreplied.body.items.map((t: { customerId: string }) => t.customerId)).toContain(gus.id);
    expect(detail.body.items.map((m: { direction: string; channel: string; category: string; text: string }) => [m.direction, m.channel, m.category, m.text])).toEqual([
      ['out', 'in_app', 'manual', 'Your mat is at the desk.'],
      ['in', 'in_app', 'inbound', 'Thanks, I will pick it up tonight.'],
    ]);

    // Staff answering in-app reads and answers the thread.
    clock.advance(minute);
    expect((await studio.admin.post(`/api/v1/inbox/threads/${gus.id}/reply`, { channel: 'in_app', text: 'See you then!' })).status).toBe(201);
    const after = await studio.admin.get(`/api/v1/inbox/threads/${gus.id}`);
    expect(after.body.thread).toMatchObject({ unreadCount: 0, lastChannel: 'in_app', lastCategory: 'manual' });
    expect((await studio.admin.get('/api/v1/inbox/threads?unreplied=true&limit=100')).body.items.map((t: { customerId: string }) => t.customerId)).not.toContain(gus.id);
  });

  it("lists the customer's conversation both ways, newest first, each message marked studio or customer", async () => {
    const hana = await signUp(studio, 'Hana');
    clock.advance(minute);
    await studio.admin.post(`/api/v1/inbox/threads/${hana.id}/reply`, { channel: 'in_app', text: 'one: studio' });
    clock.advance(minute);
    await hana.client.post(messagesUrl(studio), { text: 'two: customer' });
    clock.advance(minute);
    await studio.admin.post(`/api/v1/inbox/threads/${hana.id}/reply`, { channel: 'in_app', text: 'three: studio' });
    clock.advance(minute);
    await hana.client.post(messagesUrl(studio), { text: 'four: customer' });

    const all = await hana.client.get(messagesUrl(studio));
    const first = await hana.client.get(`${messagesUrl(studio)}?limit=3`);
    const older = await hana.client.get(`${messagesUrl(studio)}?limit=3&cursor=${first.body.nextCursor as string}`);

    expect(all.status).toBe(200);
    expect(all.body.items.map((m: { from: string; text: string }) => [m.from, m.text])).toEqual([
      ['customer', 'four: customer'],
      ['studio', 'three: studio'],
      ['customer', 'two: customer'],
      ['studio', 'one: studio'],
    ]);
    // Only the studio's messages count as unread for the customer.
    expect(all.body.unreadCount).toBe(2);
    expect([...first.body.items, ...older.body.items].map((m: { text: string }) => m.text)).toEqual(all.body.items.map((m: { text: string }) => m.text));
    expect(older.body.nextCursor).toBeNull();
  });

  it("refuses a customer of another studio, a staff session and an anonymous caller, storing nothing", async () => {
    const target = await signUp(studio, 'Ivy');
    const stranger = await signUp(other, 'Jon');

    const foreign = await stranger.client.post(messagesUrl(studio), { text: 'Hello from elsewhere' });
    const staff = await studio.admin.post(messagesUrl(studio), { text: 'I am staff' });
    const anonymous = await studio.anonymous().post(messagesUrl(studio), { text: 'Who am I?' });

    // A customer session belongs to one studio, and staff are not customers: neither is signed in here.
    for (const res of [foreign, staff, anonymous]) expect(res.body).toMatchObject({ status: 401, code: 'unauthenticated' });
    expect((await target.client.get(messagesUrl(studio))).body.items).toEqual([]);
    const threads = await studio.admin.get('/api/v1/inbox/threads?limit=100');
    expect(threads.body.items.map((t: { lastPreview: string }) => t.lastPreview)).not.toEqual(expect.arrayContaining(['Hello from elsewhere']));
    expect((await other.admin.get(`/api/v1/inbox/threads/${stranger.id}`)).body.items).toEqual([]);
  });

  it('refuses an empty or too long text with a field error on text', async () => {
    const kim = await signUp(studio, 'Kim');

    const blank = await kim.client.post(messagesUrl(studio), { text: '   ' });
    const tooLong = await kim.client.post(messagesUrl(studio), { text: 'x'.repeat(5_001) });
    const missing = await kim.client.post(messagesUrl(studio), {});
    const longest = await kim.client.post(messagesUrl(studio), { text: ` ${'y'.repeat(5_000)} ` });

    for (const res of [blank, tooLong, missing]) {
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'text' })]));
    }
    expect(longest.status).toBe(201);
    expect((await kim.client.get(messagesUrl(studio))).body.items).toHaveLength(1);
  });

  it('stores a retried reply once when it carries the same Idempotency-Key', async () => {
    const lea = await signUp(studio, 'Lea');
    const key = `reply-${randomBytes(6).toString('hex')}`;
    const send = () =>
      lea.client.request('POST', messagesUrl(studio), { body: { text: 'Is there parking?' }, headers: { 'idempotency-key': key } });

    const first = await send();
    const again = await send();

    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body.id).toBe(first.body.id);
    expect((await lea.client.get(messagesUrl(studio))).body.items).toHaveLength(1);
    expect((await studio.admin.get(`/api/v1/inbox/threads/${lea.id}`)).body.thread).toMatchObject({ unreadCount: 1 });
  });

  it('is a problem, not a 500, for an unknown studio', async () => {
    const mo = await signUp(studio, 'Mo');
    const res = await mo.client.post('/api/public/v1/studios/no-such-studio/me/messages', { text: 'hi' });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(res.body).toMatchObject({ code: expect.any(String) });
  });
});
