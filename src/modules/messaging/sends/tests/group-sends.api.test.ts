import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ctx } from '../../../../kernel/ctx.ts';
import type { StudioId } from '../../../../kernel/ids.ts';
import { outboundMessages } from '../../../../platform/email/schema.ts';
import { testDatabaseKinds } from '../../../../platform/testing/database.ts';
import { createTestEnso, makeStudio, type StudioFixture, type TestEnso } from '../../../../platform/testing/enso.ts';
import { groupSendJobName } from '../index.ts';
import { idempotencyKey, insertCustomers } from './fixtures.ts';

describe.each(testDatabaseKinds())('group sends (%s)', (kind) => {
  let enso: TestEnso;
  let studio: StudioFixture;
  let tagCounter = 0;
  const tag = () => `t${++tagCounter}x`;

  beforeAll(async () => {
    enso = await createTestEnso(kind);
    studio = await makeStudio(enso);
  });
  afterAll(() => enso?.dispose());

  const send = (client: StudioFixture['admin'], body: unknown, key = idempotencyKey()) =>
    client.request('POST', '/api/v1/message-sends', { body, headers: { 'idempotency-key': key } });
  const messagesOf = (sendId: string) =>
    enso.database.system.select().from(outboundMessages).where(and(eq(outboundMessages.studioId, studio.studioId), eq(outboundMessages.sendId, sendId)));
  const setSuite = async (on: boolean) => {
    const res = await studio.admin.patch('/api/v1/studio', { marketingSuiteEnabled: on });
    expect(res.status).toBe(200);
    expect(res.body.marketingSuiteEnabled).toBe(on);
  };

  it('tells how many are skipped before sending: unsubscribed, and without an address', async () => {
    const ids = await insertCustomers(enso.database, studio.studioId, 10, tag());
    await enso.database.system.execute(sql`update customers set email_marketing_opt_out_at = now() where id in (${ids[0]}, ${ids[1]})`);
    await enso.database.system.execute(sql`update customers set email = null where id = ${ids[2]}`);
    await enso.database.system.execute(sql`update customers set phone = '+33 6 12 34 56 78' where id in (${ids[3]}, ${ids[4]})`);
    await enso.database.system.execute(sql`update customers set sms_stopped_at = now() where id = ${ids[4]}`);

    const email = await studio.admin.post('/api/v1/message-sends/preview', { audience: { customerIds: ids }, channel: 'email', body: 'Hi ##{{first_name}} ##{{firstname}}' });
    expect(email.status).toBe(200);
    expect(email.body).toMatchObject({ recipients: 10, skipped: { unsubscribed: 2, noAddress: 1 }, willSend: 7, needsMarketingSuite: false, limit: 75, unknownVariables: ['firstname'] });

    const sms = await studio.admin.post('/api/v1/message-sends/preview', { audience: { customerIds: ids }, channel: 'sms' });
    expect(sms.body).toMatchObject({ recipients: 10, skipped: { unsubscribed: 1, noAddress: 8 }, willSend: 1 });

    const inApp = await studio.admin.post('/api/v1/message-sends/preview', { audience: { customerIds: ids }, channel: 'in_app' });
    expect(inApp.body).toMatchObject({ recipients: 10, skipped: { unsubscribed: 0, noAddress: 0 }, willSend: 10 });
  });

  it('sends a manual marketing email, skipping the unsubscribed, with each recipient’s name', async () => {
    const ids = await insertCustomers(enso.database, studio.studioId, 5, tag());
    await enso.database.system.execute(sql`update customers set email_marketing_opt_out_at = now() where id = ${ids[0]}`);
    await enso.database.system.execute(sql`update customers set first_name = ${'<Zoé & "Co">'} where id = ${ids[1]}`);

    const created = await send(studio.admin, { audience: { customerIds: ids }, channel: 'email', subject: 'News for ##{{first_name}}', body: 'Hello ##{{first_name}} ##{{last_name}},\n\nNew classes ##{{firstname}}.' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'queued', recipientCount: 5, skippedCount: 1, channel: 'email' });

    expect(await enso.jobs.runDueJobs({ names: [groupSendJobName] })).toBeGreaterThan(0);
    const rows = await messagesOf(created.body.id);
    expect(rows.map((r) => r.customerId).sort()).toEqual(ids.slice(1));
    for (const r of rows) expect(r).toMatchObject({ category: 'manual', suppression: 'email_marketing', template: 'messaging.group_send', channel: 'email', recipientKind: 'customer' });

    const zoe = rows.find((r) => r.customerId === ids[1])!;
    expect(zoe.subject).toBe('News for <Zoé & "Co">');
    expect(zoe.bodyText).toContain('Hello <Zoé & "Co"> Last2,');
    expect(zoe.bodyText).toContain('New classes ##{{firstname}}.');
    expect(zoe.bodyHtml).toContain('Hello &lt;Zoé &amp; &quot;Co&quot;&gt; Last2,');
    expect(zoe.bodyHtml).not.toContain('<Zoé');
    expect(zoe.bodyHtml).not.toMatch(/ENSOVAR/);
    const other = rows.find((r) => r.customerId === ids[3])!;
    expect(other.bodyHtml).toContain('Hello First4 Last4,');

    const detail = await studio.admin.get(`/api/v1/message-sends/${created.body.id}`);
    expect(detail.body).toMatchObject({ status: 'done', recipientCount: 5, skippedCount: 1, queuedCount: 4 });
    expect(detail.body.delivery.queued + detail.body.delivery.sent).toBe(4);
    const list = await studio.admin.get('/api/v1/message-sends');
    expect(list.body.items[0].id).toBe(created.body.id);
  });

  it('always delivers a message to one customer, even unsubscribed', async () => {
    const [id] = await insertCustomers(enso.database, studio.studioId, 1, tag());
    await enso.database.system.execute(sql`update customers set email_marketing_opt_out_at = now(), email_transactional_opt_out_at = now() where id = ${id!}`);
    const preview = await studio.admin.post('/api/v1/message-sends/preview', { audience: { customerIds: [id] }, channel: 'email' });
    expect(preview.body).toMatchObject({ recipients: 1, skipped: { unsubscribed: 0, noAddress: 0 }, willSend: 1 });
    const created = await send(studio.admin, { audience: { customerIds: [id] }, channel: 'email', subject: 'Your plan', body: 'Hi ##{{first_name}}' });
    expect(created.status).toBe(201);
    await enso.jobs.runDueJobs({ names: [groupSendJobName] });
    const [row] = await messagesOf(created.body.id);
    expect(row).toMatchObject({ customerId: id, suppression: null, category: 'manual' });
  });

  it("counts group SMS against the month's tier: past it, customers with an email get it by email, once", async () => {
    const small = await makeStudio(enso);
    const ids = await insertCustomers(enso.database, small.studioId, 5, tag());
    for (const [i, id] of ids.entries()) await enso.database.system.execute(sql`update customers set phone = ${`+33 6 55 00 00 0${i}`} where id = ${id}`);
    await enso.database.system.execute(sql`update customers set email = null where id = ${ids[4]!}`);
    const rowsOf = (sendId: string) =>
      enso.database.system.select().from(outboundMessages).where(and(eq(outboundMessages.studioId, small.studioId), eq(outboundMessages.sendId, sendId)));
    const sendAndRun = async (customerIds: string[], body: string) => {
      const created = await send(small.admin, { audience: { customerIds }, channel: 'sms', body });
      expect(created.status).toBe(201);
      await enso.jobs.runDueJobs({ names: [groupSendJobName] });
      return created.body.id as string;
    };
    // The Starter tier's 500 segments: four messages of 125 GSM-7 segments to one customer.
    for (let i = 0; i < 4; i++) {
      const rows = await rowsOf(await sendAndRun([ids[0]!], 'a'.repeat(153 * 125)));
      expect(rows.map((r) => [r.channel, r.segments])).toEqual([['sms', 125]]);
    }

    const late = await sendAndRun(ids.slice(1), 'Hello ##{{first_name}}');
    const rows = await rowsOf(late);

    // Three have an email and get it there (as marketing email); the fourth has none and gets nothing.
    expect(rows.map((r) => [r.customerId, r.channel, r.suppression]).sort()).toEqual(ids.slice(1, 4).map((id) => [id, 'email', 'email_marketing']).sort());
    expect(rows.every((r) => r.bodyText.startsWith('Hello '))).toBe(true);
    // Run it again as if its worker had died before marking it done: the ledger keeps one message each.
    await enso.database.system.execute(sql`update messaging_group_sends set status = 'sending' where id = ${late}`);
    const ctx: Ctx = { studioId: small.studioId as StudioId, actor: { kind: 'system' }, clock: enso.clock, requestId: 'test' };
    expect(await enso.services.groupSends.run(ctx, late)).toBe(true);
    expect(await rowsOf(late)).toHaveLength(3);
  });

  it('needs the marketing suite beyond 75 recipients; only an admin switches it on', async () => {
    const ids = await insertCustomers(enso.database, studio.studioId, 76, tag());
    const preview = await studio.admin.post('/api/v1/message-sends/preview', { audience: { customerIds: ids }, channel: 'email' });
    expect(preview.body).toMatchObject({ willSend: 76, needsMarketingSuite: true, marketingSuiteEnabled: false });

    const refused = await send(studio.admin, { audience: { customerIds: ids }, channel: 'email', subject: 'Hi', body: 'Hello' });
    expect(refused.status).toBe(403);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.body).toMatchObject({ code: 'marketing_suite_required', details: { limit: 75, willSend: 76 } });
    expect(refused.body.detail).toMatch(/marketing suite/);

    // Exactly 75 is allowed without the suite.
    const at75 = await send(studio.admin, { audience: { customerIds: ids.slice(0, 75) }, channel: 'in_app', body: 'Hello' });
    expect(at75.status).toBe(201);

    const operator = await studio.staff('operator');
    const notAdmin = await operator.patch('/api/v1/studio', { marketingSuiteEnabled: true });
    expect(notAdmin.status).toBe(403);
    expect(notAdmin.body.code).toBe('admin_only');

    await setSuite(true);
    const allowed = await send(operator, { audience: { customerIds: ids }, channel: 'email', subject: 'Hi', body: 'Hello' });
    expect(allowed.status).toBe(201);
    await setSuite(false);
  });

  it('creates one send for one Idempotency-Key', async () => {
    const ids = await insertCustomers(enso.database, studio.studioId, 2, tag());
    const key = idempotencyKey();
    const body = { audience: { customerIds: ids }, channel: 'in_app', body: 'See you ##{{first_name}}' };
    const first = await send(studio.admin, body, key);
    const again = await send(studio.admin, body, key);
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body.id).toBe(first.body.id);
    const [row] = rowsOf(await enso.database.system.execute(sql`select count(*)::int as n from messaging_group_sends where studio_id = ${studio.studioId} and body_text = 'See you ##{{first_name}}'`));
    expect(row!.n).toBe(1);
  });

  it('sends to a segment, and refuses subjectless emails and empty audiences', async () => {
    const segment = await studio.admin.post('/api/v1/customers/segments', { name: 'Everyone', criteria: { match: 'all', rules: [] } });
    expect(segment.status).toBe(201);
    const preview = await studio.admin.post('/api/v1/message-sends/preview', { audience: { segmentId: segment.body.id }, channel: 'in_app' });
    const [all] = rowsOf(await enso.database.system.execute(sql`select count(*)::int as n from customers where studio_id = ${studio.studioId} and archived_at is null`));
    expect(preview.body.recipients).toBe(all!.n);

    const noSubject = await send(studio.admin, { audience: { segmentId: segment.body.id }, channel: 'email', body: 'Hi' });
    expect(noSubject.status).toBe(400);
    expect(noSubject.body.code).toBe('subject_required');
    const unknown = await studio.admin.post('/api/v1/message-sends/preview', { audience: { segmentId: 'seg_nope' }, channel: 'email' });
    expect(unknown.status).toBe(404);
  });

  it('keeps each studio’s sends and customers to itself', async () => {
    const ids = await insertCustomers(enso.database, studio.studioId, 2, tag());
    const created = await send(studio.admin, { audience: { customerIds: ids }, channel: 'in_app', body: 'Mine' });
    const other = await makeStudio(enso);
    expect((await other.admin.get(`/api/v1/message-sends/${created.body.id}`)).status).toBe(404);
    expect((await other.admin.get('/api/v1/message-sends')).body.items).toEqual([]);
    const preview = await other.admin.post('/api/v1/message-sends/preview', { audience: { customerIds: ids }, channel: 'in_app' });
    expect(preview.body).toMatchObject({ recipients: 0, willSend: 0 });
    const theirs = await send(other.admin, { audience: { customerIds: ids }, channel: 'in_app', body: 'Stolen' });
    expect(theirs.status).toBe(400);
    expect(theirs.body.code).toBe('no_recipients');
  });

  it('is not for the front desk or teachers', async () => {
    for (const role of ['front_desk', 'teacher'] as const) {
      const client = await studio.staff(role);
      expect((await client.post('/api/v1/message-sends/preview', { audience: { customerIds: ['cus_x'] }, channel: 'email' })).status).toBe(403);
      expect((await client.get('/api/v1/message-sends')).status).toBe(403);
    }
  });

  it('resumes an interrupted send of 1,000 messages without duplicates or losses', async () => {
    await setSuite(true);
    const ids = await insertCustomers(enso.database, studio.studioId, 1_000, tag());
    const created = await send(studio.admin, { audience: { customerIds: ids }, channel: 'email', subject: 'Big news', body: 'Hello ##{{first_name}}' });
    expect(created.status).toBe(201);
    const ctx: Ctx = { studioId: studio.studioId as StudioId, actor: { kind: 'system' }, clock: enso.clock, requestId: 'test' };
    const stop = new AbortController();
    await expect(enso.services.groupSends.run(ctx, created.body.id, { signal: stop.signal, afterBatch: () => stop.abort() })).rejects.toThrow(/interrupted/);
    const partial = await messagesOf(created.body.id);
    expect(partial.length).toBeGreaterThan(0);
    expect(partial.length).toBeLessThan(1_000);

    await enso.services.groupSends.run(ctx, created.body.id);
    const rows = await messagesOf(created.body.id);
    expect(rows).toHaveLength(1_000);
    expect(new Set(rows.map((r) => r.customerId)).size).toBe(1_000);
    expect((await studio.admin.get(`/api/v1/message-sends/${created.body.id}`)).body).toMatchObject({ status: 'done', queuedCount: 1_000, skippedCount: 0 });
    await setSuite(false);
  });
});

function rowsOf(result: unknown): { n: number }[] {
  return (Array.isArray(result) ? result : (result as { rows: { n: number }[] }).rows) as { n: number }[];
}
