import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../kernel/clock.ts';
import type { StudioId } from '../../kernel/ids.ts';
import { withStudio } from '../db/tx.ts';
import { testDatabaseKinds } from '../testing/database.ts';
import { createTestEnso, makeStudio, type StudioFixture, type TestEnso } from '../testing/enso.ts';
import type { RecordMessage } from './index.ts';

describe.each(testDatabaseKinds())('sent-messages log filters (%s)', (kind) => {
  const clock = fixedClock('2027-03-01T09:00:00Z');
  let enso: TestEnso;
  // Auckland (UTC+13 in March): its days are not UTC days, so the day filter shows whose zone it uses.
  let studio: StudioFixture;
  let other: StudioFixture;
  const ids: Record<string, string> = {};

  async function record(s: StudioFixture, at: string, message: RecordMessage) {
    clock.set(at);
    const ctx = { studioId: s.studioId as StudioId, actor: { kind: 'system' as const }, clock, requestId: 'test' };
    return withStudio(enso.database, ctx.studioId, (tx) => enso.services.email.recordMessage(tx, ctx, message));
  }

  beforeAll(async () => {
    enso = await createTestEnso(kind, { clock });
    studio = await makeStudio(enso, { timeZone: 'Pacific/Auckland' });
    other = await makeStudio(enso);
    const base = { text: 'Hello', subject: 'Hi' };
    ids.confirmation = await record(studio, '2027-03-01T09:00:00Z', { ...base, channel: 'email', to: 'ana@example.com', customerId: 'cus_ana', template: 'booking.confirmation', suppression: 'email_transactional' });
    ids.manualSms = await record(studio, '2027-03-01T12:00:00Z', { ...base, subject: null, channel: 'sms', to: '+33612345678', customerId: 'cus_ana', category: 'manual', template: 'messaging.manual' });
    ids.staffInvite = await record(studio, '2027-03-02T12:00:00Z', { ...base, channel: 'email', to: 'teacher@example.com', recipientKind: 'staff', template: 'identity.invite' });
    ids.sequence = await record(studio, '2027-03-02T13:00:00Z', { ...base, channel: 'in_app', to: 'cus_bo', customerId: 'cus_bo', category: 'sequence', template: 'sequence.welcome' });
    ids.elsewhere = await record(other, '2027-03-01T12:00:00Z', { ...base, channel: 'email', to: 'zed@example.com', customerId: 'cus_zed', template: 'other.secret' });
  });
  afterAll(() => enso?.dispose());

  async function listed(query: string): Promise<string[]> {
    const res = await studio.admin.get(`/api/v1/messages?${query}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return (res.body as { items: { id: string }[] }).items.map((m) => m.id);
  }

  it('filters by category, channel, recipient and template, newest first', async () => {
    expect(await listed('')).toEqual([ids.sequence, ids.staffInvite, ids.manualSms, ids.confirmation]);
    expect(await listed('category=manual')).toEqual([ids.manualSms]);
    expect(await listed('category=transactional')).toEqual([ids.staffInvite, ids.confirmation]);
    expect(await listed('channel=sms')).toEqual([ids.manualSms]);
    expect(await listed('channel=in_app')).toEqual([ids.sequence]);
    expect(await listed('recipient=staff')).toEqual([ids.staffInvite]);
    expect(await listed('recipient=customer')).toEqual([ids.sequence, ids.manualSms, ids.confirmation]);
    expect(await listed('template=booking.confirmation')).toEqual([ids.confirmation]);
    expect(await listed('recipient=customer&channel=email')).toEqual([ids.confirmation]);
  });

  it('reads from/to as days in the studio’s zone, both inclusive', async () => {
    // 2027-03-01T12:00Z is 2 March 01:00 in Auckland; 2027-03-02T12:00Z is 3 March.
    expect(await listed('from=2027-03-02&to=2027-03-02')).toEqual([ids.manualSms]);
    expect(await listed('to=2027-03-01')).toEqual([ids.confirmation]);
    expect(await listed('from=2027-03-03')).toEqual([ids.sequence, ids.staffInvite]);
  });

  it('keeps the cursor pagination under a filter', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await studio.admin.get(`/api/v1/messages?recipient=customer&limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      const page = res.body as { items: { id: string }[]; nextCursor: string | null };
      expect(page.items).toHaveLength(1);
      seen.push(page.items[0]!.id);
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual([ids.sequence, ids.manualSms, ids.confirmation]);
  });

  it('returns the category, recipient and customer of each message', async () => {
    const res = await studio.admin.get('/api/v1/messages?template=messaging.manual');
    expect(res.body.items[0]).toMatchObject({ id: ids.manualSms, category: 'manual', recipientKind: 'customer', customerId: 'cus_ana', channel: 'sms', status: 'queued', error: null });
  });

  it('refuses a date that is not a day, and an unknown filter value, with 400 problem+json', async () => {
    for (const q of ['from=2027-02-30', 'to=yesterday', 'channel=fax', 'recipient=robot']) {
      const res = await studio.admin.get(`/api/v1/messages?${q}`);
      expect(res.status, q).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
  });

  it('lists only the studio’s own messages and templates', async () => {
    expect(await listed('template=other.secret')).toEqual([]);
    const templates = await studio.admin.get('/api/v1/messages/templates');
    expect(templates.status).toBe(200);
    expect(templates.body.items).toEqual(expect.arrayContaining(['booking.confirmation', 'identity.invite', 'messaging.manual', 'sequence.welcome']));
    expect(templates.body.items).not.toContain('other.secret');
    const theirs = await other.admin.get('/api/v1/messages/templates');
    expect(theirs.body.items).toContain('other.secret');
    expect(theirs.body.items).not.toContain('booking.confirmation');
  });
});
