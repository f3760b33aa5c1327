import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../../kernel/clock.ts';
import type { Ctx } from '../../../../kernel/ctx.ts';
import type { StudioId } from '../../../../kernel/ids.ts';
import { rowsOf, withStudio } from '../../../../platform/db/tx.ts';
import { testDatabaseKinds } from '../../../../platform/testing/database.ts';
import { createTestEnso, makeStudio, type StudioFixture, type TestEnso } from '../../../../platform/testing/enso.ts';
import type { SendSms, SmsOutcome } from '../index.ts';

describe.each(testDatabaseKinds())('SMS tiers: segments counted per month, email fallback, the studio told once (%s)', (kind) => {
  // 10:00 in Paris on 15 March 2027.
  const clock = fixedClock('2027-03-15T09:00:00Z');
  let enso: TestEnso;

  beforeAll(async () => {
    enso = await createTestEnso(kind, { clock });
  });
  afterAll(() => enso?.dispose());

  const ctxOf = (s: StudioFixture): Ctx => ({ studioId: s.studioId as StudioId, actor: { kind: 'system' }, clock, requestId: 'test' });

  function send(s: StudioFixture, text: string, extra: Partial<SendSms> = {}): Promise<SmsOutcome> {
    return withStudio(enso.database, s.studioId as StudioId, (tx) =>
      enso.services.sms.sendSms(tx, ctxOf(s), { to: '+33612345678', text, template: 'booking.confirmation', category: 'transactional', suppression: 'sms', ...extra }),
    );
  }

  async function messages(s: StudioFixture) {
    return withStudio(enso.database, s.studioId as StudioId, async (tx) =>
      rowsOf<{ channel: string; to: string; template: string; segments: number | null; suppression: string | null; subject: string | null; recipient_kind: string | null; text: string }>(
        await tx.execute(
          sql`select channel, to_address as "to", template, segments, suppression, subject, recipient_kind, body_text as text from outbound_messages where studio_id = ${s.studioId} order by created_at, id`,
        ),
      ),
    );
  }

  async function usage(s: StudioFixture) {
    const res = await s.admin.get('/api/v1/messaging/settings');
    expect(res.status).toBe(200);
    return (res.body as { usage: { month: string; segmentsUsed: number; segmentsAllowed: number; messages: number; exhausted: boolean; byDay: { date: string; segments: number }[] } }).usage;
  }

  const fallback = { to: 'ana@example.com', subject: 'You are booked', text: 'You are booked for Vinyasa.', html: '<p>You are booked for Vinyasa.</p>' };

  it('counts each SMS in segments (GSM-7, extension characters, UCS-2 emoji and accents) against the month', async () => {
    const s = await makeStudio(enso);
    const sent = [
      await send(s, 'a'.repeat(160)), // 1 GSM-7 segment
      await send(s, 'a'.repeat(161)), // 2 (153 per part)
      await send(s, '€'.repeat(80)), // 160 septets: 1
      await send(s, '€'.repeat(81)), // 162 septets, pairs not split: 2
      await send(s, '😀'.repeat(35)), // 70 UTF-16 units: 1
      await send(s, '😀'.repeat(36)), // 72 units, 33 emoji per part: 2
      await send(s, 'Réservé ê'), // ê is not GSM-7: UCS-2, 1
    ];
    expect(sent.map((o) => [o.channel, o.segments])).toEqual([
      ['sms', 1],
      ['sms', 2],
      ['sms', 1],
      ['sms', 2],
      ['sms', 1],
      ['sms', 2],
      ['sms', 1],
    ]);
    expect((await messages(s)).map((m) => m.segments)).toEqual([1, 2, 1, 2, 1, 2, 1]);
    expect(await usage(s)).toMatchObject({ month: '2027-03', segmentsUsed: 10, segmentsAllowed: 500, messages: 7, exhausted: false, byDay: [{ date: '2027-03-15', segments: 10 }] });
  });

  it('sends up to exactly the tier, then falls back to email and tells the admins once this month', async () => {
    const s = await makeStudio(enso);
    // 9 × 50 segments (7,650 GSM-7 characters = 50 parts of 153) = 450, then 48 + 2 = 500.
    for (let i = 0; i < 9; i++) expect(await send(s, 'a'.repeat(153 * 50))).toMatchObject({ channel: 'sms', segments: 50 });
    expect(await send(s, 'a'.repeat(153 * 48))).toMatchObject({ channel: 'sms', segments: 48 });
    // 500 − 498 = 2 left: a 3-segment SMS does not fit, a 2-segment one does.
    const tooLong = await send(s, 'b'.repeat(153 * 3), { customerId: 'cus_x', fallbackEmail: fallback });
    expect(tooLong).toMatchObject({ channel: 'email', segments: 3, noticeSent: true });
    expect(await send(s, 'a'.repeat(300))).toMatchObject({ channel: 'sms', segments: 2 });
    expect(await usage(s)).toMatchObject({ segmentsUsed: 500, segmentsAllowed: 500, messages: 11, exhausted: true });

    // Used up: the next SMS goes by email (or not at all without one), and nobody is told twice.
    expect(await send(s, 'Hi', { fallbackEmail: fallback })).toMatchObject({ channel: 'email', segments: 1, noticeSent: false });
    expect(await send(s, 'Hi')).toMatchObject({ channel: 'none', messageId: null, noticeSent: false });

    const rows = await messages(s);
    const emails = rows.filter((m) => m.channel === 'email');
    const fallbacks = emails.filter((m) => m.template === 'booking.confirmation');
    expect(fallbacks).toHaveLength(2);
    expect(fallbacks[0]).toMatchObject({ to: 'ana@example.com', subject: 'You are booked', suppression: 'email_transactional', segments: null });
    const notices = emails.filter((m) => m.template === 'studio.sms_exhausted');
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ to: s.adminEmail, recipient_kind: 'staff' });
    expect(notices[0]!.subject).toContain('March 2027');
    expect(notices[0]!.text).toContain('500 SMS segments of its Starter tier');
    expect(notices[0]!.text).toContain('/settings/sms');
    expect(rows.filter((m) => m.channel === 'sms')).toHaveLength(11);
  });

  it('lets SMS through again after moving up a tier, and tells the admins again if that runs out too', async () => {
    const s = await makeStudio(enso);
    for (let i = 0; i < 10; i++) await send(s, 'a'.repeat(153 * 50));
    expect(await send(s, 'Hi', { fallbackEmail: fallback })).toMatchObject({ channel: 'email', noticeSent: true });

    const up = await s.admin.put('/api/v1/messaging/settings', { smsTier: 'growth' });
    expect(up.status).toBe(200);
    expect(up.body).toMatchObject({ smsTier: 'growth', usage: { segmentsUsed: 500, segmentsAllowed: 2000, exhausted: false } });
    expect(await send(s, 'Hi')).toMatchObject({ channel: 'sms', segments: 1 });
    for (let i = 0; i < 29; i++) expect(await send(s, 'a'.repeat(153 * 50))).toMatchObject({ channel: 'sms' }); // 501 + 1,450 = 1,951
    expect(await send(s, 'a'.repeat(153 * 50))).toMatchObject({ channel: 'none', noticeSent: true });
    const notices = (await messages(s)).filter((m) => m.template === 'studio.sms_exhausted');
    expect(notices).toHaveLength(2);
    expect(notices[1]!.text).toContain('Growth');
  });

  it("starts a new allowance with the calendar month in the studio's time zone", async () => {
    const s = await makeStudio(enso, { timeZone: 'Europe/Paris', defaultLocale: 'fr' });
    const local = fixedClock('2027-03-31T21:30:00Z'); // 23:30 on 31 March in Paris
    const at = (c: typeof local, text: string) =>
      withStudio(enso.database, s.studioId as StudioId, (tx) =>
        enso.services.sms.sendSms(tx, { ...ctxOf(s), clock: c }, { to: '+33612345678', text, template: 'booking.confirmation', category: 'transactional', suppression: 'sms' }),
      );
    for (let i = 0; i < 10; i++) expect(await at(local, 'a'.repeat(153 * 50))).toMatchObject({ channel: 'sms' });
    expect(await at(local, 'Hi')).toMatchObject({ channel: 'none', noticeSent: true });
    local.advance(60 * 60 * 1000); // 00:30 on 1 April in Paris (still 31 March in UTC)
    expect(await at(local, 'Hi')).toMatchObject({ channel: 'sms', segments: 1 });
    const notice = (await messages(s)).find((m) => m.template === 'studio.sms_exhausted');
    expect(notice!.subject).toContain('mars 2027');
  });

  it('lets only one of two concurrent sends take the last segment', async () => {
    const s = await makeStudio(enso);
    for (let i = 0; i < 9; i++) await send(s, 'a'.repeat(153 * 50));
    await send(s, 'a'.repeat(153 * 49)); // 499: one segment left
    const both = await Promise.all([send(s, 'first', { fallbackEmail: fallback }), send(s, 'second', { fallbackEmail: fallback })]);
    expect(both.map((o) => o.channel).sort()).toEqual(['email', 'sms']);
    expect(both.filter((o) => o.channel === 'email' && o.noticeSent)).toHaveLength(1);
    expect(await usage(s)).toMatchObject({ segmentsUsed: 500, exhausted: true });
  });
});
