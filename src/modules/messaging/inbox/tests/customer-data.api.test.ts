import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../../kernel/clock.ts';
import type { TestClient } from '../../../../platform/testing/client.ts';
import { rowsOf, withSystem } from '../../../../platform/db/tx.ts';
import { testDatabaseKinds } from '../../../../platform/testing/database.ts';
import { createTestEnso, makeStudio, testPassword, type StudioFixture, type TestEnso } from '../../../../platform/testing/enso.ts';

const minute = 60_000;

/**
 * Messaging as a customer data owner (data-owner.ts, ADR 0004): merging two profiles joins their
 * conversations, the privacy export carries the messages, and deleting the customer erases them.
 */
describe.each(testDatabaseKinds())('messaging rows of a merged, exported and deleted customer (%s)', (kind) => {
  const clock = fixedClock('2027-03-01T09:00:00Z');
  let enso: TestEnso;
  let studio: StudioFixture;

  async function signUp(firstName: string): Promise<{ client: TestClient; id: string }> {
    const client = studio.anonymous();
    const email = `${firstName.toLowerCase()}-${randomBytes(4).toString('hex')}@example.com`;
    const res = await client.post(`/api/public/v1/studios/${studio.slug}/signup`, { firstName, lastName: 'Client', email, password: testPassword });
    expect(res.status).toBe(201);
    return { client, id: res.body.customer.id as string };
  }
  const say = async (who: { client: TestClient }, text: string) => {
    clock.advance(minute);
    expect((await who.client.post(`/api/public/v1/studios/${studio.slug}/me/messages`, { text })).status).toBe(201);
  };
  const answer = async (customerId: string, text: string) => {
    clock.advance(minute);
    expect((await studio.admin.post(`/api/v1/inbox/threads/${customerId}/reply`, { channel: 'in_app', text })).status).toBe(201);
  };
  const rowsAbout = async (customerId: string) =>
    withSystem(enso.database, async (tx) => {
      const [row] = rowsOf<{ outbound: number; inbound: number; threads: number }>(
        await tx.execute(sql`select
          (select count(*)::int from outbound_messages where studio_id = ${studio.studioId} and customer_id = ${customerId}) as outbound,
          (select count(*)::int from messaging_inbound_messages where studio_id = ${studio.studioId} and customer_id = ${customerId}) as inbound,
          (select count(*)::int from messaging_threads where studio_id = ${studio.studioId} and customer_id = ${customerId}) as threads`),
      );
      return row!;
    });

  beforeAll(async () => {
    enso = await createTestEnso(kind, { clock });
    studio = await makeStudio(enso);
  });
  afterAll(() => enso?.dispose());

  it('a merge joins both conversations into one thread on the profile kept, unread counts added, the later message on top', async () => {
    const kept = await signUp('Kept');
    const dup = await signUp('Dup');
    await answer(kept.id, 'Welcome, Kept.');
    await say(kept, 'kept: one');
    await answer(dup.id, 'Welcome, Dup.');
    await say(dup, 'dup: one');
    await say(dup, 'dup: two');

    expect((await studio.admin.post(`/api/v1/customers/${kept.id}/merge`, { fromId: dup.id })).status).toBe(200);

    const threads = await studio.admin.get('/api/v1/inbox/threads?limit=100');
    const mine = threads.body.items.filter((t: { customerId: string }) => t.customerId === kept.id || t.customerId === dup.id);
    expect(mine).toEqual([expect.objectContaining({ customerId: kept.id, unreadCount: 3, lastPreview: 'dup: two', lastChannel: 'in_app' })]);
    const detail = await studio.admin.get(`/api/v1/inbox/threads/${kept.id}`);
    expect(detail.body.items.map((m: { text: string }) => m.text)).toEqual(['Welcome, Kept.', 'kept: one', 'Welcome, Dup.', 'dup: one', 'dup: two']);
    expect(await rowsAbout(dup.id)).toEqual({ outbound: 0, inbound: 0, threads: 0 });
    // The studio's in-app messages to the merged profile now show on the kept customer's account.
    const own = await kept.client.get(`/api/public/v1/studios/${studio.slug}/me/messages`);
    expect(own.body.items.map((m: { text: string }) => m.text)).toEqual(expect.arrayContaining(['Welcome, Dup.', 'dup: two']));
  });

  it('a merge onto a profile without a thread hands the thread over', async () => {
    const kept = await signUp('Quiet');
    const dup = await signUp('Talker');
    await say(dup, 'hello from the duplicate');

    expect((await studio.admin.post(`/api/v1/customers/${kept.id}/merge`, { fromId: dup.id })).status).toBe(200);

    expect(await rowsAbout(kept.id)).toEqual({ outbound: 0, inbound: 1, threads: 1 });
    expect((await studio.admin.get(`/api/v1/inbox/threads/${kept.id}`)).body.thread).toMatchObject({ unreadCount: 1, lastPreview: 'hello from the duplicate' });
  });

  it('the privacy export carries the messages both ways, and deleting the customer erases them', async () => {
    const ada = await signUp('Ada');
    await answer(ada.id, 'Your class pass is ready.');
    await say(ada, 'Thank you!');

    const exported = await studio.admin.get(`/api/v1/customers/${ada.id}/privacy-export`);
    expect(exported.status).toBe(200);
    expect(exported.body.modules.messaging).toMatchObject({
      messagesSent: [expect.objectContaining({ channel: 'in_app', text: 'Your class pass is ready.' })],
      messagesReceived: [expect.objectContaining({ channel: 'in_app', text: 'Thank you!' })],
    });

    expect((await studio.admin.delete(`/api/v1/customers/${ada.id}`)).status).toBe(200);
    expect(await rowsAbout(ada.id)).toEqual({ outbound: 0, inbound: 0, threads: 0 });
  });
});
