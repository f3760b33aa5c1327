/**
 * Group send benchmark (PostgreSQL): one email to 10,000 customers, created through the group
 * sends service and delivered by the process's job workers over SMTP to a local SMTP server that
 * this benchmark starts (smtp-server). Recorded:
 * - time to queue: from the send's creation to its job having recorded all its messages;
 * - sending rate: messages received by the SMTP server per second, from creation to the last one;
 * - duplicates, counted at the SMTP server: a Message-ID received twice, or a recipient that
 *   received two messages (must be 0).
 * Baseline in the same run: raw nodemailer sending the same number of messages of the same size
 * to the same server with Enso's transport settings: a pool of 4 SMTP connections
 * (platform/email/providers.ts) and as many messages in flight as Enso's delivery workers (8).
 */
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import nodemailer from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import { createEnso } from '../src/app.ts';
import { loadConfig } from '../src/platform/config.ts';
import { createStudioWithAdmin } from '../src/demo/seed.ts';
import type { Ctx } from '../src/kernel/ctx.ts';
import type { StudioId, UserId } from '../src/kernel/ids.ts';
import { rowsOf } from '../src/platform/db/tx.ts';
import { adminUrl, onServer } from '../src/platform/testing/server.ts';
import { withDatabase } from '../src/platform/testing/global-setup.ts';

/** Enso's SMTP transport: a pool of 4 connections (providers.ts), 8 deliveries at a time (platform/email). */
const baselinePool = 4;
const baselineInFlight = 8;

export interface GroupSendBenchResult {
  recipients: number;
  queueSeconds: number;
  sendSeconds: number;
  perSecond: number;
  duplicates: number;
  baselinePerSecond: number;
}

/** A local SMTP server that counts what it receives, by Message-ID and by recipient. */
async function startSmtp() {
  const byMessageId = new Map<string, number>();
  const byRecipient = new Map<string, number>();
  let received = 0;
  let lastAt = 0;
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    maxClients: 1_000,
    // No reverse DNS lookup per connection: the server must not be what limits the rate.
    disableReverseLookup: true,
    onData(stream, session, callback) {
      let head = '';
      stream.on('data', (chunk: Buffer) => {
        if (head.length < 4_096) head += chunk.toString('utf8');
      });
      stream.on('end', () => {
        const id = /^Message-ID:\s*(<[^>]+>)/im.exec(head)?.[1] ?? `none-${received}`;
        byMessageId.set(id, (byMessageId.get(id) ?? 0) + 1);
        for (const r of session.envelope.rcptTo) byRecipient.set(r.address, (byRecipient.get(r.address) ?? 0) + 1);
        received += 1;
        lastAt = performance.now();
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received: () => received,
    lastAt: () => lastAt,
    duplicates: () => [...byMessageId.values()].filter((n) => n > 1).length + [...byRecipient.values()].filter((n) => n > 1).length,
    reset() {
      byMessageId.clear();
      byRecipient.clear();
      received = 0;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function waitFor(check: () => Promise<boolean> | boolean, timeoutMs: number, what: string, progress?: () => string) {
  const deadline = performance.now() + timeoutMs;
  let told = performance.now();
  while (!(await check())) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    if (progress && performance.now() - told > 10_000) {
      told = performance.now();
      process.stderr.write(`group-send bench: waiting for ${what}: ${progress()}\n`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}

export async function benchGroupSend(options: { serverUrl: string; quick: boolean; say: (line?: string) => void }): Promise<GroupSendBenchResult> {
  const { serverUrl, quick, say } = options;
  const recipients = quick ? 1_000 : 10_000;
  const name = `enso_bench_group_send_${Date.now()}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'enso-bench-group-send-'));
  const smtp = await startSmtp();
  await onServer(adminUrl(serverUrl), `create database ${name}`);
  const config = loadConfig({
    ...process.env,
    DATABASE_URL: withDatabase(serverUrl, name),
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    PORT: '3394',
    DATABASE_POOL_SIZE: '20',
    SMTP_URL: smtp.url,
    MAIL_FROM: 'Bench Studio <no-reply@group-send-bench.example>',
  });
  const enso = await createEnso(config, { workers: true, requestsPerMinute: 1_000_000 });
  try {
    const { studio } = await createStudioWithAdmin(enso, {
      name: 'Group Send Bench', slug: 'group-send-bench', currency: 'EUR', timeZone: 'Europe/Paris', defaultLocale: 'en',
      admin: { email: 'admin@group-send-bench.example', firstName: 'Bench', lastName: 'Admin', password: 'bench-password-1234' },
    });
    const ctx: Ctx = { studioId: studio.id as StudioId, actor: { kind: 'staff', userId: 'usr_bench' as UserId, role: 'admin' }, clock: enso.clock, requestId: 'bench' };
    await enso.services.studios.updateStudio(ctx, { marketingSuiteEnabled: true });
    await enso.database.system.execute(sql`
      insert into customers (studio_id, id, first_name, last_name, email, search_first, search_last, search_email)
      select ${studio.id}, 'cus_bench' || lpad(i::text, 22, '0'), 'First' || i, 'Last' || i, 'member' || i || '@group-send-bench.example',
             'first' || i, 'last' || i, 'member' || i || '@group-send-bench.example'
      from generate_series(1, ${recipients}) as i`);
    // Anything sent while setting up (staff emails) is not part of the measure.
    await new Promise((r) => setTimeout(r, 1_000));
    smtp.reset();

    const body = 'Hello ##{{first_name}},\n\nOur spring timetable is out: new morning classes, a Saturday workshop and longer opening hours.\n\nSee you soon, ##{{first_name}} ##{{last_name}}!';
    const started = performance.now();
    const created = await enso.services.groupSends.create(ctx, { audience: { segmentId: await everyoneSegment() }, channel: 'email', subject: 'Spring timetable, ##{{first_name}}', body });
    const createMs = performance.now() - started;
    await waitFor(async () => (await enso.services.groupSends.get(ctx, created.id)).status === 'done', 30 * 60_000, 'the send to be queued', () => `${smtp.received()} received`);
    const queueSeconds = (performance.now() - started) / 1000;
    await waitFor(() => smtp.received() >= recipients, 60 * 60_000, 'every message at the SMTP server', () => `${smtp.received()} received`);
    const sendSeconds = (smtp.lastAt() - started) / 1000;
    // Late duplicates (a redelivery) would arrive after the last one: wait a little, then count.
    await new Promise((r) => setTimeout(r, 2_000));
    const duplicates = smtp.duplicates() + Math.max(0, smtp.received() - recipients);
    const [sample] = rowsOf<{ html: string; text: string }>(
      await enso.database.system.execute(sql`select body_html as html, body_text as text from outbound_messages where send_id = ${created.id} limit 1`),
    );
    const [dbCount] = rowsOf<{ n: number; sent: number }>(
      await enso.database.system.execute(sql`select count(*)::int as n, count(*) filter (where status = 'sent')::int as sent from outbound_messages where send_id = ${created.id}`),
    );

    // Baseline: nodemailer alone, same server, same message size, Enso's pool and messages in flight.
    smtp.reset();
    const pooled = new URL(smtp.url);
    pooled.searchParams.set('pool', 'true');
    pooled.searchParams.set('maxConnections', String(baselinePool));
    const transport = nodemailer.createTransport(pooled.toString());
    const baseStarted = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: baselineInFlight }, async () => {
        for (let i = next++; i < recipients; i = next++) {
          await transport.sendMail({
            from: 'Bench Studio <no-reply@group-send-bench.example>',
            to: `baseline${i}@group-send-bench.example`,
            subject: `Spring timetable, First${i}`,
            text: sample?.text ?? body,
            html: sample?.html ?? body,
            messageId: `<baseline-${i}@group-send-bench.example>`,
          });
        }
      }),
    );
    const baseSeconds = (performance.now() - baseStarted) / 1000;
    process.stderr.write(`group-send bench: baseline done, ${smtp.received()} received\n`);
    transport.close();

    const perSecond = recipients / sendSeconds;
    const baselinePerSecond = recipients / baseSeconds;
    say(`## Group send: one email to ${recipients.toLocaleString('en')} customers over SMTP (PostgreSQL, job workers, local SMTP server)`);
    say();
    say(`| measure | value |`);
    say(`|---|---|`);
    say(`| create (preview counts, row, job) | ${createMs.toFixed(0)} ms |`);
    say(`| time to queue (all ${recipients.toLocaleString('en')} messages recorded) | ${queueSeconds.toFixed(1)} s (${Math.round(recipients / queueSeconds).toLocaleString('en')} messages/s) |`);
    say(`| time until the SMTP server had every message | ${sendSeconds.toFixed(1)} s |`);
    say(`| sending rate | ${perSecond.toFixed(0)} messages/s |`);
    say(`| duplicates at the SMTP server (Message-ID or recipient) | ${duplicates} |`);
    say(`| rows for the send / marked sent | ${dbCount?.n ?? 0} / ${dbCount?.sent ?? 0} |`);
    say(`| baseline: raw nodemailer, pool of ${baselinePool} connections, ${baselineInFlight} in flight, same server and size | ${baselinePerSecond.toFixed(0)} messages/s (${baseSeconds.toFixed(1)} s) |`);
    say();
    say(`- Enso's sending rate is ${((perSecond / baselinePerSecond) * 100).toFixed(0)} % of raw nodemailer's on the same server; each Enso message is also a row, a job, a suppression check and a status update.`);
    say();
    return { recipients, queueSeconds, sendSeconds, perSecond, duplicates, baselinePerSecond };

    async function everyoneSegment(): Promise<string> {
      const segment = await enso.services.customerSegments.createSegment(ctx, { name: 'Everyone', criteria: { match: 'all', rules: [] } });
      return segment.id;
    }
  } finally {
    await enso.close();
    await smtp.close();
    await onServer(adminUrl(serverUrl), `drop database if exists ${name} with (force)`);
    rmSync(dataDir, { recursive: true, force: true });
  }
}
