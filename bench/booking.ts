/**
 * Booking benchmarks (PostgreSQL), each beside the same booking transaction driven straight by
 * pgbench against the same database in the same run:
 *
 * - booking rush: 1,000 booking requests sent at once through the HTTP API (front-desk staff
 *   booking 1,000 different customers) on one 20-spot class: exactly 20 must be booked and 980
 *   waitlisted; bookings handled per second, p50 and p99 latency — three rushes on three
 *   classes, the median reported;
 * - spread load: 5,000 bookings across 50 classes of 100 spots, 50 requests in flight.
 *
 * The raw transaction is what a booking must do at the least: take a spot with the guarded
 * counter (`booked_count < capacity`), insert the booking (or the waitlist entry when full) and
 * its `booking.created.v1` event, in one transaction — as pgbench custom scripts with 20 clients.
 * The HTTP path adds what Enso does around it: the session and permission, the Idempotency-Key
 * record, the class, customer and settings reads, the answer's DTO. Concurrent plain staff
 * bookings go through the booking batcher (ADR 0006). The HTTP requests are sent by a child
 * process (bench/booking-client.ts), so the load generator does not take the server's CPU.
 */
import { sql } from 'drizzle-orm';
import { execFileSync, fork } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Session } from 'node:inspector/promises';
import { createEnso, type Enso } from '../src/app.ts';
import { loadConfig } from '../src/platform/config.ts';
import { listenBacklog } from '../src/platform/http/app.ts';
import { createStudioWithAdmin } from '../src/demo/seed.ts';
import type { Ctx } from '../src/kernel/ctx.ts';
import type { StudioId } from '../src/kernel/ids.ts';
import { addDays, localDateOf } from '../src/kernel/time.ts';
import { rowsOf } from '../src/platform/db/tx.ts';
import { adminUrl, onServer } from '../src/platform/testing/server.ts';
import { withDatabase } from '../src/platform/testing/global-setup.ts';
import { signInStaff, type StaffSession } from './http.ts';
import type { ClientJob, ClientResult } from './booking-client.ts';
import { summarize } from './stats.ts';

export interface BookingLoadResult {
  requests: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p99: number;
  booked: number;
  waitlisted: number;
  errors: number;
  /** The same transaction through pgbench (20 clients), transactions per second. */
  rawTps: number;
}

export interface BookingBenchResult {
  rush: BookingLoadResult;
  spread: BookingLoadResult;
}

const port = 3394;
const rushes = 3;
const baseUrl = `http://127.0.0.1:${port}`;

/** Makes `count` classes of one dated series tomorrow at 10:00, 10:01 … (they never collide: no room, no teacher). */
async function makeClasses(enso: Enso, ctx: Ctx, templateId: string, count: number, capacity: number): Promise<string[]> {
  const tomorrow = addDays(localDateOf(enso.clock.now(), 'Europe/Paris'), 1);
  const ids: string[] = [];
  for (let start = 0; start < count; start += 100) {
    const dates = Array.from({ length: Math.min(100, count - start) }, (_, i) => {
      const minute = 8 * 60 + start + i;
      return { date: tomorrow, startTime: `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}` };
    });
    const { series } = await enso.services.schedule.createSeries(ctx, { templateId, pattern: 'dates', dates, capacity, online: true, confirmConflicts: true });
    const rows = rowsOf<{ id: string }>(
      await enso.database.system.execute(sql`select id from schedule_occurrences where studio_id = ${ctx.studioId} and series_id = ${series.id} order by starts_at`),
    );
    ids.push(...rows.map((r) => r.id));
  }
  return ids;
}

let settle: () => Promise<void> = async () => undefined;

/**
 * Sends `jobs` booking requests with at most `inFlight` at once from a child process
 * (bench/booking-client.ts: the load generator does not share the server's process, as pgbench
 * does not share PostgreSQL's); returns each request's latency.
 */
async function sendBookings(session: StaffSession, jobs: { occurrenceId: string; customerId: string }[], inFlight: number, profileAs?: string) {
  await settle();
  const profiler = profileAs ? await startProfile() : undefined;
  const child = fork(fileURLToPath(new URL('./booking-client.ts', import.meta.url)), { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  try {
    const result = await new Promise<ClientResult>((resolve, reject) => {
      child.once('message', (m) => resolve(m as ClientResult));
      child.once('error', reject);
      child.once('exit', (code) => reject(new Error(`the load generator stopped (${code})`)));
      child.send({ baseUrl, session, jobs, inFlight } satisfies ClientJob);
    });
    return { latencies: result.latencies, statuses: new Map(result.statuses), errors: result.errors, seconds: result.seconds };
  } finally {
    child.kill();
    if (profiler && profileAs) await profiler.stop(profileAs);
  }
}

/**
 * With BENCH_PROFILE=<dir>, the server process's CPU profile during each measured load is
 * written there (`rush.cpuprofile`, `spread.cpuprofile`; open in Chrome's DevTools).
 */
async function startProfile() {
  const dir = process.env.BENCH_PROFILE;
  if (!dir) return undefined;
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  await session.post('Profiler.start');
  return {
    async stop(name: string) {
      const { profile } = await session.post('Profiler.stop');
      writeFileSync(join(dir, `${name}.cpuprofile`), JSON.stringify(profile));
      session.disconnect();
    },
  };
}

/**
 * The raw booking transaction as a pgbench script: customer `n` (from a sequence, so each is
 * booked once) books class `:class`; the spot is taken by the guarded counter, else the customer
 * joins the waitlist.
 */
function rawScript(studioId: string, classExpr: string) {
  return `\\set c ${classExpr}
BEGIN;
SELECT c.id AS cid FROM (SELECT nextval('bench_customer_seq')::int AS n) s JOIN bench_customers c USING (n) \\gset
SELECT id AS oid FROM bench_classes WHERE n = :c \\gset
WITH taken AS (
  UPDATE schedule_occurrences SET booked_count = booked_count + 1
   WHERE studio_id = '${studioId}' AND id = ':oid' AND status = 'scheduled' AND booked_count < capacity
  RETURNING id)
SELECT count(*) AS took FROM taken \\gset
\\if :took
INSERT INTO booking_bookings (studio_id, id, occurrence_id, customer_id, payer_id, status, source, payment_method, booked_at)
  VALUES ('${studioId}', 'bkg_raw_' || nextval('bench_booking_seq'), ':oid', ':cid', ':cid', 'booked', 'staff', 'free', now());
\\else
INSERT INTO booking_bookings (studio_id, id, occurrence_id, customer_id, payer_id, status, source, waitlist_seq)
  VALUES ('${studioId}', 'bkg_raw_' || nextval('bench_booking_seq'), ':oid', ':cid', ':cid', 'waitlisted', 'staff', nextval('booking_waitlist_seq'));
\\endif
INSERT INTO events (studio_id, id, type, subject_id, actor_kind, payload, occurred_at)
  VALUES ('${studioId}', 'evt_raw_' || nextval('bench_booking_seq'), 'booking.created.v1', ':cid', 'staff', '{}'::jsonb, now());
COMMIT;
`;
}

async function runRaw(enso: Enso, databaseUrl: string, studioId: string, classIds: string[], customerIds: string[], transactions: number, classExpr: string) {
  await settle();
  await enso.database.system.execute(sql.raw(`
    drop table if exists bench_customers; drop table if exists bench_classes;
    drop sequence if exists bench_customer_seq;
    create table bench_customers (n int primary key, id text not null);
    create table bench_classes (n int primary key, id text not null);
    create sequence bench_customer_seq; create sequence if not exists bench_booking_seq;`));
  await enso.database.system.execute(sql`insert into bench_customers (n, id) select ordinality::int, id from jsonb_array_elements_text(${JSON.stringify(customerIds)}::jsonb) with ordinality as t(id, ordinality)`);
  await enso.database.system.execute(sql`insert into bench_classes (n, id) select ordinality::int, id from jsonb_array_elements_text(${JSON.stringify(classIds)}::jsonb) with ordinality as t(id, ordinality)`);
  const dir = mkdtempSync(join(tmpdir(), 'enso-bench-pgbench-'));
  try {
    const file = join(dir, 'booking.sql');
    writeFileSync(file, rawScript(studioId, classExpr));
    const clients = 20;
    const out = execFileSync('pgbench', ['-n', '-c', String(clients), '-j', '2', '-t', String(Math.ceil(transactions / clients)), '-f', file, databaseUrl], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return Number(/tps = ([\d.]+)/.exec(out)?.[1]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function countByStatus(enso: Enso, classIds: string[]) {
  const rows = rowsOf<{ status: string; n: number }>(
    await enso.database.system.execute(sql`select status, count(*)::int as n from booking_bookings where occurrence_id in ${classIds} group by status`),
  );
  const of = (s: string) => rows.find((r) => r.status === s)?.n ?? 0;
  return { booked: of('booked'), waitlisted: of('waitlisted') };
}

export async function benchBooking(options: { serverUrl: string; quick: boolean; say: (line?: string) => void }): Promise<BookingBenchResult> {
  const { serverUrl, say } = options;
  const name = `enso_bench_booking_${Date.now()}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'enso-bench-booking-'));
  await onServer(adminUrl(serverUrl), `create database ${name}`);
  const databaseUrl = withDatabase(serverUrl, name);
  const config = loadConfig({ ...process.env, DATABASE_URL: databaseUrl, DATA_DIR: dataDir, LOG_LEVEL: 'warn', PORT: String(port), DATABASE_POOL_SIZE: '20' });
  const enso = await createEnso(config, { workers: false, requestsPerMinute: 1_000_000 });
  try {
    const { studio } = await createStudioWithAdmin(enso, {
      name: 'Booking Bench', slug: 'booking-bench', currency: 'EUR', timeZone: 'Europe/Paris', defaultLocale: 'en',
      admin: { email: 'admin@booking-bench.example', firstName: 'Bench', lastName: 'Admin', password: 'bench-password-1234' },
    });
    const ctx: Ctx = { studioId: studio.id as StudioId, actor: { kind: 'system' }, clock: enso.clock, requestId: 'bench' };
    const people = 10_000;
    for (let i = 0; i < people; i += 5_000) {
      await enso.services.customers.importCustomers(
        ctx,
        Array.from({ length: 5_000 }, (_, k) => ({ firstName: `Guest${i + k}`, lastName: 'Bench', email: `guest${i + k}@booking-bench.example` })),
      );
    }
    const customerIds = rowsOf<{ id: string }>(await enso.database.system.execute(sql`select id from customers where studio_id = ${ctx.studioId} order by id`)).map((r) => r.id);
    const template = await enso.services.classTemplates.createTemplate(ctx, { name: 'Rush hour', defaultDurationMin: 60, defaultCapacity: 20, priceMinor: 0 });
    // Three rushes (a second or less each, so one alone is at the mercy of a GC pause or a busy
    // neighbour), each on a class of its own, and pgbench's three on classes of their own.
    const rushClasses = await makeClasses(enso, ctx, template.id, rushes, 20);
    const rawRushClasses = await makeClasses(enso, ctx, template.id, rushes, 20);
    const spreadClasses = await makeClasses(enso, ctx, template.id, 50, 100);
    const rawSpreadClasses = await makeClasses(enso, ctx, template.id, 50, 100);
    await enso.app.listen({ port, host: '127.0.0.1', backlog: listenBacklog });
    const session = await signInStaff(baseUrl, 'admin@booking-bench.example', 'bench-password-1234');

    // Warm-up: 50 bookings on a class of their own (plans, pool), not measured. Then the tables
    // are analysed with rows in every one of them, as autovacuum keeps a running studio's: plans
    // made on tables analysed while empty are a first-minutes artefact, not a rush's.
    const [warmClass] = await makeClasses(enso, ctx, template.id, 1, 100);
    await sendBookings(session, customerIds.slice(-50).map((customerId) => ({ occurrenceId: warmClass!, customerId })), 10);
    // Before each measured load (Enso's and pgbench's alike), the tables are vacuumed and analysed:
    // otherwise autovacuum, woken by the load before, runs during whichever load comes next.
    settle = async () => {
      await enso.database.system.execute(sql`vacuum analyze`);
    };

    const rushRuns = [];
    for (let k = 0; k < rushes; k++) {
      const people = customerIds.slice(k * 1_000, (k + 1) * 1_000);
      const run = await sendBookings(session, people.map((customerId) => ({ occurrenceId: rushClasses[k]!, customerId })), 1_000, k === 0 ? 'rush' : undefined);
      const counts = await countByStatus(enso, [rushClasses[k]!]);
      const rawTps = await runRaw(enso, databaseUrl, ctx.studioId, [rawRushClasses[k]!], people, 1_000, '1');
      rushRuns.push({ run, counts, rawTps, rawCounts: await countByStatus(enso, [rawRushClasses[k]!]) });
    }

    const spreadPeople = customerIds.slice(rushes * 1_000, rushes * 1_000 + 5_000);
    const spreadJobs = spreadPeople.map((customerId, i) => ({ occurrenceId: spreadClasses[i % 50]!, customerId }));
    const spread = await sendBookings(session, spreadJobs, 50, 'spread');
    const spreadCounts = await countByStatus(enso, spreadClasses);
    const spreadRaw = await runRaw(enso, databaseUrl, ctx.studioId, rawSpreadClasses, spreadPeople, 5_000, 'random(1, 50)');

    const resultOf = (r: Awaited<ReturnType<typeof sendBookings>>, counts: { booked: number; waitlisted: number }, rawTps: number): BookingLoadResult => {
      const s = summarize(r.latencies);
      const sorted = [...r.latencies].sort((a, b) => a - b);
      const p99 = sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.99) - 1)]!;
      return { requests: r.latencies.length, seconds: r.seconds, perSecond: r.latencies.length / r.seconds, p50: s.p50, p99, ...counts, errors: r.errors, rawTps };
    };
    // The rush reported is the median of the three by rate, beside the median of pgbench's three.
    const rushResults = rushRuns.map((r) => resultOf(r.run, r.counts, r.rawTps));
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const medianRush = [...rushResults].sort((a, b) => a.perSecond - b.perSecond)[Math.floor(rushes / 2)]!;
    const result = { rush: { ...medianRush, rawTps: median(rushResults.map((r) => r.rawTps)) }, spread: resultOf(spread, spreadCounts, spreadRaw) };

    say('## Booking (PostgreSQL, HTTP API, staff booking with an Idempotency-Key)');
    say();
    say('| load | requests | in flight | booked | waitlisted | errors | bookings/s | p50 | p99 | same transaction in pgbench (20 clients) | ratio |');
    say('|---|---|---|---|---|---|---|---|---|---|---|');
    for (const [label, r, inFlight] of [['rush: one 20-spot class', result.rush, 1_000], ['spread: 50 classes of 100', result.spread, 50]] as const) {
      say(
        `| ${label} | ${r.requests} | ${inFlight} | ${r.booked} | ${r.waitlisted} | ${r.errors} | ${r.perSecond.toFixed(0)} | ${r.p50.toFixed(1)} ms | ${r.p99.toFixed(1)} ms | ${r.rawTps.toFixed(0)} tps | ${((r.perSecond / r.rawTps) * 100).toFixed(0)} % |`,
      );
    }
    say();
    say(`- Rush: the median of ${rushes} rushes, each on its own class: ${rushResults.map((r) => `${r.perSecond.toFixed(0)}/s`).join(', ')}; pgbench's: ${rushResults.map((r) => `${r.rawTps.toFixed(0)} tps`).join(', ')}.`);
    say(`- pgbench on its own 20-spot classes: ${rushRuns.map((r) => `${r.rawCounts.booked} booked, ${r.rawCounts.waitlisted} waitlisted`).join('; ')}.`);
    say();
    say(`- Answers: rushes ${rushRuns.map((r) => JSON.stringify(Object.fromEntries(r.run.statuses))).join(', ')}; spread ${JSON.stringify(Object.fromEntries(spread.statuses))}.`);
    say();
    for (const [k, r] of rushResults.entries()) {
      if (r.booked !== 20 || r.waitlisted !== 980 || r.errors !== 0) {
        throw new Error(`booking rush ${k + 1}: ${r.booked} booked, ${r.waitlisted} waitlisted, ${r.errors} errors (${JSON.stringify([...rushRuns[k]!.run.statuses])})`);
      }
    }
    return result;
  } finally {
    await enso.close();
    await onServer(adminUrl(serverUrl), `drop database if exists ${name} with (force)`);
    rmSync(dataDir, { recursive: true, force: true });
  }
}
