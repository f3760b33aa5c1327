import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { fixedClock } from '../../kernel/clock.ts';
import type { Ctx } from '../../kernel/ctx.ts';
import { DomainError } from '../../kernel/errors.ts';
import { newId, type StudioId } from '../../kernel/ids.ts';
import { withStudio } from '../db/tx.ts';
import { createJobs, type Jobs } from '../jobs/index.ts';
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from '../testing/database.ts';
import { createEmail, deliverMessageJobName, listMessages, type Email } from './index.ts';
import { outboundMessages } from './schema.ts';

interface Received {
  from: string;
  to: string[];
  raw: string;
}

/** A real SMTP server on a random local port: refuses `bounce@…` for good, and `later@…` once with a 451. */
async function startSmtpServer(): Promise<{ url: string; received: Received[]; close(): Promise<void> }> {
  const received: Received[] = [];
  const deferredOnce = new Set<string>();
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (address.address.startsWith('bounce@')) {
        return callback(Object.assign(new Error('5.1.1 No such mailbox'), { responseCode: 550 }));
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const to = session.envelope.rcptTo.map((r) => r.address);
        if (to.some((a) => a.startsWith('later@')) && !deferredOnce.has(to.join())) {
          deferredOnce.add(to.join());
          return callback(Object.assign(new Error('4.3.2 Try again later'), { responseCode: 451 }));
        }
        const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
        received.push({ from, to, raw: Buffer.concat(chunks).toString('utf8') });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe.each(testDatabaseKinds())('email on %s', (kind) => {
  let db: TestDatabase;
  const clock = fixedClock('2025-03-30T08:00:00Z');
  const ctxOf = (studioId: StudioId): Ctx => ({ studioId, actor: { kind: 'system' }, clock, requestId: 'test' });
  const studio = ctxOf(newId('studio') as StudioId);
  const otherStudio = ctxOf(newId('studio') as StudioId);

  beforeAll(async () => {
    db = await openTestDatabase(kind);
  });
  afterAll(async () => {
    await db?.dispose();
  });

  async function messageRow(id: string) {
    const [row] = await db.database.system.select().from(outboundMessages).where(eq(outboundMessages.id, id));
    return row;
  }

  describe('without SMTP_URL (outbox)', () => {
    let jobs: Jobs;
    let email: Email;

    beforeAll(async () => {
      jobs = createJobs(db.database, { clock });
      email = createEmail({ database: db.database, jobs, clock, smtpUrl: undefined });
      // No worker: the test runs due jobs itself.
      await jobs.start({ workers: false });
    });
    afterAll(async () => {
      await jobs?.stop();
    });

    it('records the message as queued in the transaction, and delivers it to the outbox after commit', async () => {
      const id = await withStudio(db.database, studio.studioId, (tx) =>
        email.recordMessage(tx, studio, { channel: 'email', to: 'ana@example.com', subject: 'Welcome', text: 'Hello Ana', template: 'identity.invite' }),
      );
      expect(await messageRow(id)).toMatchObject({ status: 'queued', provider: null, sentAt: null });

      expect(await jobs.runDueJobs({ names: [deliverMessageJobName] })).toBe(1);

      expect(email.providerName).toBe('outbox');
      expect(await messageRow(id)).toMatchObject({ status: 'sent', provider: 'outbox', error: null, sentAt: clock.now() });
      expect(await email.latestBodyTo('ana@example.com')).toBe('Hello Ana');
    });

    it('records and sends nothing when the transaction rolls back', async () => {
      const attempt = withStudio(db.database, studio.studioId, async (tx) => {
        await email.recordMessage(tx, studio, { channel: 'email', to: 'ghost@example.com', subject: 'Hi', text: 'Boo', template: 'identity.reset' });
        throw new Error('the password reset failed');
      });

      await expect(attempt).rejects.toThrow('the password reset failed');
      expect(await email.latestBodyTo('ghost@example.com')).toBeNull();
      expect(await jobs.runDueJobs({ names: [deliverMessageJobName] })).toBe(0);
    });

    it('lists the studio’s messages newest first, a page at a time, and none of another studio’s', async () => {
      const sent: string[] = [];
      for (let i = 1; i <= 5; i++) {
        clock.advance(60_000);
        sent.push(
          await withStudio(db.database, otherStudio.studioId, (tx) =>
            email.recordMessage(tx, otherStudio, { channel: i === 5 ? 'sms' : 'email', to: `c${i}@example.com`, subject: i === 5 ? null : `Message ${i}`, text: `Body ${i}`, template: 'test.page' }),
          ),
        );
      }
      // Two messages in the same millisecond: the id breaks the tie, so the cursor still moves on.
      sent.push(
        await withStudio(db.database, otherStudio.studioId, (tx) =>
          email.recordMessage(tx, otherStudio, { channel: 'email', to: 'c6@example.com', subject: 'Message 6', text: 'Body 6', template: 'test.page' }),
        ),
      );

      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await email.listSentMessages(otherStudio, { limit: 2, ...(cursor ? { cursor } : {}) });
        seen.push(...page.items.map((m) => m.id));
        cursor = page.nextCursor ?? undefined;
        pages++;
      } while (cursor);

      expect(pages).toBe(3);
      expect(new Set(seen)).toEqual(new Set(sent));
      expect(seen.slice(2)).toEqual([sent[3], sent[2], sent[1], sent[0]]);
      const own = await withStudio(db.database, studio.studioId, (tx) => listMessages(tx, studio, { limit: 100 }));
      expect(own.items.map((m) => m.to)).toEqual(['ana@example.com']);
      const [first] = (await email.listSentMessages(otherStudio, { limit: 100 })).items.filter((m) => m.channel === 'sms');
      expect(first).toMatchObject({ channel: 'sms', subject: null, status: 'queued', template: 'test.page', bodyText: 'Body 5' });
    });

    it('refuses a cursor it did not issue', async () => {
      const attempt = email.listSentMessages(studio, { limit: 10, cursor: 'not-a-cursor' });

      await expect(attempt).rejects.toBeInstanceOf(DomainError);
      await expect(attempt).rejects.toMatchObject({ kind: 'invalid', code: 'invalid_cursor' });
    });
  });

  describe('with SMTP_URL (smtp)', () => {
    let jobs: Jobs;
    let email: Email;
    let smtp: Awaited<ReturnType<typeof startSmtpServer>>;

    beforeAll(async () => {
      smtp = await startSmtpServer();
      jobs = createJobs(db.database, { clock });
      email = createEmail({
        database: db.database,
        jobs,
        clock,
        smtpUrl: smtp.url,
        from: 'Studio Lumière <no-reply@lumiere.example>',
        retry: { limit: 2, backoff: { initialSeconds: 1 } },
      });
      await jobs.start();
    });
    afterAll(async () => {
      await jobs?.stop();
      await smtp?.close();
    });

    it('sends the message through the SMTP server with its To, Subject and body', async () => {
      const id = await withStudio(db.database, studio.studioId, (tx) =>
        email.recordMessage(tx, studio, {
          channel: 'email',
          to: 'bruno@example.com',
          subject: 'Your class starts soon',
          text: 'Hello Bruno, see you at 18:00.',
          html: '<p>Hello Bruno, see you at <b>18:00</b>.</p>',
          template: 'booking.reminder',
        }),
      );

      await vi.waitFor(async () => expect(await messageRow(id)).toMatchObject({ status: 'sent', provider: 'smtp' }), { timeout: 5_000, interval: 25 });
      // (The outbox suite left messages queued: this worker delivers them too.)
      const mails = smtp.received.filter((m) => m.to.includes('bruno@example.com'));
      expect(mails).toHaveLength(1);
      const [mail] = mails;
      expect(mail!.to).toEqual(['bruno@example.com']);
      expect(mail!.from).toBe('no-reply@lumiere.example');
      expect(mail!.raw).toMatch(/^To: bruno@example\.com\r?$/m);
      expect(mail!.raw).toMatch(/^Subject: Your class starts soon\r?$/m);
      expect(mail!.raw).toContain('Hello Bruno, see you at 18:00.');
      expect(mail!.raw).toContain('<b>18:00</b>');
      expect(mail!.raw).toContain(`Message-ID: <${id}@lumiere.example>`);
    });

    it('marks a message the server refuses for good as failed, without retrying', async () => {
      const id = await withStudio(db.database, studio.studioId, (tx) =>
        email.recordMessage(tx, studio, { channel: 'email', to: 'bounce@example.com', subject: 'Hi', text: 'Hello', template: 'identity.invite' }),
      );

      await vi.waitFor(async () => expect(await messageRow(id)).toMatchObject({ status: 'failed', provider: 'smtp' }), { timeout: 5_000, interval: 25 });
      expect((await messageRow(id))!.error).toMatch(/No such mailbox/);
      await vi.waitFor(async () => expect(await jobs.findJobs(deliverMessageJobName, { dedupeKey: id })).toMatchObject([{ state: 'failed', retryCount: 0 }]), {
        timeout: 5_000,
        interval: 25,
      });
    });

    it('retries a message the server defers, and sends it', async () => {
      const id = await withStudio(db.database, studio.studioId, (tx) =>
        email.recordMessage(tx, studio, { channel: 'email', to: 'later@example.com', subject: 'Later', text: 'Eventually', template: 'identity.invite' }),
      );

      await vi.waitFor(async () => expect(await messageRow(id)).toMatchObject({ status: 'sent', provider: 'smtp' }), { timeout: 8_000, interval: 50 });
      // The deferral stays on record, though the retry succeeded.
      expect((await messageRow(id))!.error).toMatch(/Try again later/);
      expect(smtp.received.filter((m) => m.to.includes('later@example.com'))).toHaveLength(1);
    });
  });
});
