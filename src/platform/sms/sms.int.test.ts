import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { fixedClock } from '../../kernel/clock.ts';
import type { Ctx } from '../../kernel/ctx.ts';
import { newId, type StudioId } from '../../kernel/ids.ts';
import { withStudio } from '../db/tx.ts';
import { createEmail, deliverMessageJobName, type Email } from '../email/index.ts';
import { outboundMessages } from '../email/schema.ts';
import { createJobs, type Jobs } from '../jobs/index.ts';
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from '../testing/database.ts';
import { smsProviderOf } from './index.ts';
import { startTwilioStub, twilioMagicNumbers, type TwilioStub } from './testing/twilio-stub.ts';

describe.each(testDatabaseKinds())('SMS through Twilio on %s', (kind) => {
  let db: TestDatabase;
  let stub: TwilioStub;
  let jobs: Jobs;
  let email: Email;
  const clock = fixedClock('2025-03-30T08:00:00Z');
  const studio: Ctx = { studioId: newId('studio') as StudioId, actor: { kind: 'system' }, clock, requestId: 'test' };

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    stub = await startTwilioStub();
    jobs = createJobs(db.database, { clock });
    email = createEmail({
      database: db.database,
      jobs,
      clock,
      smtpUrl: undefined,
      smsProvider: smsProviderOf({ accountSid: stub.accountSid, authToken: stub.authToken, from: '+33757000001', apiUrl: stub.apiUrl }),
      retry: { limit: 2, backoff: { initialSeconds: 1 } },
    });
    await jobs.start();
  });
  afterAll(async () => {
    await jobs?.stop();
    await stub?.close();
    await db?.dispose();
  });

  async function messageRow(id: string) {
    const [row] = await db.database.system.select().from(outboundMessages).where(eq(outboundMessages.id, id));
    return row;
  }

  const recordSms = (to: string, text: string) =>
    withStudio(db.database, studio.studioId, (tx) => email.recordMessage(tx, studio, { channel: 'sms', to, text, template: 'booking.reminder' }));

  it('delivers an SMS recorded in a transaction to Twilio after commit, and keeps its SID', async () => {
    const id = await recordSms('+33612345678', 'Rappel : votre cours de yoga commence à 18 h.');
    expect(await messageRow(id)).toMatchObject({ status: 'queued', provider: null });

    await vi.waitFor(async () => expect(await messageRow(id)).toMatchObject({ status: 'sent', provider: 'twilio' }), { timeout: 8_000, interval: 25 });

    expect(email.smsProviderName).toBe('twilio');
    expect(email.providerName).toBe('outbox');
    const sent = stub.messages.filter((m) => m.to === '+33612345678');
    expect(sent).toEqual([
      expect.objectContaining({ to: '+33612345678', from: '+33757000001', body: 'Rappel : votre cours de yoga commence à 18 h.' }),
    ]);
    expect(await messageRow(id)).toMatchObject({ providerMessageId: sent[0]!.sid, error: null, sentAt: clock.now() });
  });

  it('sends nothing when the transaction rolls back', async () => {
    const attempt = withStudio(db.database, studio.studioId, async (tx) => {
      await email.recordMessage(tx, studio, { channel: 'sms', to: '+33699999999', text: 'Never', template: 'booking.reminder' });
      throw new Error('the booking failed');
    });

    await expect(attempt).rejects.toThrow('the booking failed');
    // Give a worker time to pick up anything it wrongly could.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(stub.messages.filter((m) => m.to === '+33699999999')).toHaveLength(0);
    expect(await email.latestBodyTo('+33699999999')).toBeNull();
  });

  it('fails an SMS Twilio refuses (400) at once, with Twilio’s error', async () => {
    const id = await recordSms(twilioMagicNumbers.invalid, 'Hello');

    await vi.waitFor(async () => expect(await messageRow(id)).toMatchObject({ status: 'failed', provider: 'twilio' }), { timeout: 8_000, interval: 25 });

    expect((await messageRow(id))!.error).toBe("Twilio 400 (21211): The 'To' number +15005550001 is not a valid phone number.");
    await vi.waitFor(async () => expect(await jobs.findJobs(deliverMessageJobName, { dedupeKey: id })).toMatchObject([{ state: 'failed', retryCount: 0 }]), {
      timeout: 5_000,
      interval: 25,
    });
    expect(stub.calls.filter((c) => c.form.To === twilioMagicNumbers.invalid)).toHaveLength(1);
  });

  it('retries an SMS after a Twilio 500, and sends it', async () => {
    stub.failNext(500);
    const id = await recordSms('+33611111111', 'Eventually');

    await vi.waitFor(async () => expect(await messageRow(id)).toMatchObject({ status: 'sent', provider: 'twilio' }), { timeout: 15_000, interval: 50 });

    // The failure stays on record, though the retry succeeded.
    expect((await messageRow(id))!.error).toMatch(/^Twilio 500 \(20500\)/);
    expect(stub.calls.filter((c) => c.form.To === '+33611111111').map((c) => c.status)).toEqual([500, 201]);
    expect(stub.messages.filter((m) => m.to === '+33611111111')).toHaveLength(1);
  });

  it('marks an SMS failed once the retries run out on 500s', async () => {
    const id = await recordSms(twilioMagicNumbers.serverError, 'Never arrives');

    await vi.waitFor(async () => expect(await messageRow(id)).toMatchObject({ status: 'failed', provider: 'twilio' }), { timeout: 20_000, interval: 50 });

    expect((await messageRow(id))!.error).toBe('Twilio 500 (20500): Internal Server Error');
    // The first attempt and two retries.
    expect(stub.calls.filter((c) => c.form.To === twilioMagicNumbers.serverError)).toHaveLength(3);
  });

  it('leaves email to its own provider', async () => {
    const id = await withStudio(db.database, studio.studioId, (tx) =>
      email.recordMessage(tx, studio, { channel: 'email', to: 'ana@example.com', subject: 'Hi', text: 'Hello Ana', template: 'identity.invite' }),
    );

    await vi.waitFor(async () => expect(await messageRow(id)).toMatchObject({ status: 'sent', provider: 'outbox' }), { timeout: 8_000, interval: 25 });
    expect(stub.calls.filter((c) => c.form.To === 'ana@example.com')).toHaveLength(0);
  });
});
