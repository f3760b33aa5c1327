/**
 * Enso's benchmarks (`npm run bench`). Prints a Markdown report to stdout and writes it to
 * bench/results/latest.md; copy the figures into docs/benchmarks.md with the date and machine.
 *
 * - start-up of `enso serve` to healthy on the embedded database, cold (new data dir, demo
 *   seed included) and warm, with the process's RSS when healthy;
 * - customer search over 100,000 customers through the HTTP API on PostgreSQL, p50/p95; the
 *   customer list, segment counts and export (bench/customers-list.ts) and the staff inbox's
 *   thread list with its filters and segment tabs (bench/inbox.ts) over the same customers;
 * - customer import: a 50,000-row CSV uploaded and processed by its job, on PostgreSQL;
 * - schedule: materialising 300 weekly series a year ahead, and the public week query with
 *   50,000 classes in the studio (bench/schedule.ts), on PostgreSQL;
 * - membership renewals: 10,000 memberships due, charged against the in-process Stripe stub by the
 *   job workers, with 0 duplicates (bench/renewals.ts), on PostgreSQL;
 * - booking: a rush of 1,000 requests on one 20-spot class and 5,000 bookings over 50 classes,
 *   beside the same booking transaction in pgbench (bench/booking.ts; the HTTP load comes from a
 *   child process, bench/booking-client.ts, as pgbench is a process of its own), on PostgreSQL;
 * - group send: one email to 10,000 customers over SMTP to a local server, time to queue, sending
 *   rate and duplicates, beside raw nodemailer on the same server (bench/group-send.ts), on PostgreSQL;
 * - the machine's ceiling: pgbench TPC-B-like and select-only on the same PostgreSQL.
 *
 * PostgreSQL parts need BENCH_DATABASE_URL or DATABASE_URL (a server URL; scratch databases
 * are created and dropped on it). Set BENCH_QUICK=1 for a short run, BENCH_ONLY=schedule (or
 * customers, renewals, booking, group-send) for one part beside the pgbench baseline.
 */
import { spawn, execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createEnso } from '../src/app.ts';
import { loadConfig } from '../src/platform/config.ts';
import { createStudioWithAdmin } from '../src/demo/seed.ts';
import { demoCustomers } from '../src/demo/data.ts';
import { adminUrl, onServer } from '../src/platform/testing/server.ts';
import { withDatabase } from '../src/platform/testing/global-setup.ts';
import type { StudioId } from '../src/kernel/ids.ts';
import { percentile, summarize } from './stats.ts';
import { benchCustomerList } from './customers-list.ts';
import { benchInbox } from './inbox.ts';
import { benchCustomersImport } from './customers-import.ts';
import { benchSchedule } from './schedule.ts';
import { benchRenewals } from './renewals.ts';
import { signInStaff } from './http.ts';
import { benchBooking } from './booking.ts';
import { benchGroupSend } from './group-send.ts';

const only = process.env.BENCH_ONLY;

const quick = process.env.BENCH_QUICK === '1';
const serverUrl = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL;
const lines: string[] = [];
const say = (line = '') => {
  lines.push(line);
  process.stdout.write(`${line}\n`);
};

async function waitHealthy(port: number, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/api/health`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('server did not become healthy');
}

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return Math.round(kb / 1024);
}

async function startOnce(dataDir: string, port: number) {
  const started = performance.now();
  const child = spawn(process.execPath, ['bin/enso.js', 'serve'], {
    env: { ...process.env, DATABASE_URL: '', DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'warn', ENSO_DEMO_ADMIN_PASSWORD: 'bench-password-1234' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    await waitHealthy(port, 120_000);
    const ms = performance.now() - started;
    return { ms, rss: rssMb(child.pid!) };
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
}

async function benchStartup() {
  const runs = quick ? 1 : 3;
  const cold: { ms: number; rss: number }[] = [];
  const warm: { ms: number; rss: number }[] = [];
  for (let i = 0; i < runs; i++) {
    const dir = join('.cache', `bench-data-${process.pid}-${i}`);
    rmSync(dir, { recursive: true, force: true });
    cold.push(await startOnce(dir, 3300 + i));
    warm.push(await startOnce(dir, 3300 + i));
    rmSync(dir, { recursive: true, force: true });
  }
  const med = (xs: number[]) => percentile(xs, 50);
  say('## Start-up to healthy (embedded PGlite, `enso serve`)');
  say();
  say(`| start | runs | median time | median RSS when healthy |`);
  say(`|---|---|---|---|`);
  say(`| cold (new data dir, migrations, demo seed of 200 customers) | ${runs} | ${(med(cold.map((c) => c.ms)) / 1000).toFixed(2)} s | ${med(cold.map((c) => c.rss))} MB |`);
  say(`| warm (existing data dir) | ${runs} | ${(med(warm.map((c) => c.ms)) / 1000).toFixed(2)} s | ${med(warm.map((c) => c.rss))} MB |`);
  say();
}

function pgbench(url: string, args: string[]): number {
  const out = execFileSync('pgbench', [...args, url], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const tps = /tps = ([\d.]+)/.exec(out)?.[1];
  return Number(tps);
}

async function benchSearch(url: string) {
  const name = `enso_bench_${Date.now()}`;
  await onServer(adminUrl(url), `create database ${name}`);
  const config = loadConfig({ ...process.env, DATABASE_URL: withDatabase(url, name), LOG_LEVEL: 'warn', PORT: '3390', DATABASE_POOL_SIZE: '10' });
  // One client sends thousands of requests a minute here: the per-IP limit (1,200/min) would answer 429.
  const enso = await createEnso(config, { workers: false, requestsPerMinute: 1_000_000 });
  try {
    const count = quick ? 20_000 : 100_000;
    const { studio } = await createStudioWithAdmin(enso, {
      name: 'Bench Studio', slug: 'bench', currency: 'EUR', timeZone: 'Europe/Paris', defaultLocale: 'en',
      admin: { email: 'admin@bench.example', firstName: 'Bench', lastName: 'Admin', password: 'bench-password-1234' },
    });
    const ctx = { studioId: studio.id as StudioId, actor: { kind: 'system' as const }, clock: enso.clock, requestId: 'bench' };
    const loadStart = performance.now();
    const batch = 5_000;
    const people = [];
    for (let i = 0; i < count; i += batch) {
      const rows = demoCustomers(batch, 42, i);
      people.push(...rows);
      await enso.services.customers.importCustomers(ctx, rows);
    }
    const loadSeconds = (performance.now() - loadStart) / 1000;
    await enso.database.system.execute((await import('drizzle-orm')).sql`analyze customers`);
    await enso.app.listen({ port: 3390, host: '127.0.0.1' });

    const { cookie, csrf } = await signInStaff('http://127.0.0.1:3390', 'admin@bench.example', 'bench-password-1234');

    // Queries a front desk types: 2–4 letters of a first or last name, "first last", an email start, phone digits.
    const queries: { kind: string; q: string }[] = [];
    let seed = 7;
    const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
    const rounds = quick ? 60 : 200;
    for (let i = 0; i < rounds; i++) {
      const p = people[Math.floor(next() * people.length)]!;
      queries.push({ kind: 'first name prefix', q: p.firstName.slice(0, 2 + (i % 3)) });
      queries.push({ kind: 'last name prefix', q: p.lastName.slice(0, 3 + (i % 2)) });
      queries.push({ kind: 'first + last', q: `${p.firstName.slice(0, 3)} ${p.lastName.slice(0, 2)}` });
      if (p.email) queries.push({ kind: 'email prefix', q: p.email.slice(0, 6 + (i % 5)) });
      if (p.phone) queries.push({ kind: 'phone digits', q: p.phone.replace(/\D/g, '').slice(2, 8) });
    }
    // Warm-up (plan cache, connection pool), not measured.
    for (const { q } of queries.slice(0, 50)) await fetch(`http://127.0.0.1:3390/api/v1/customers?q=${encodeURIComponent(q)}&limit=25`, { headers: { cookie } });
    const byKind = new Map<string, number[]>();
    const all: number[] = [];
    for (const { kind, q } of queries) {
      const t0 = performance.now();
      const res = await fetch(`http://127.0.0.1:3390/api/v1/customers?q=${encodeURIComponent(q)}&limit=25`, { headers: { cookie } });
      await res.arrayBuffer();
      const ms = performance.now() - t0;
      if (!res.ok) throw new Error(`search failed: ${res.status}`);
      all.push(ms);
      byKind.set(kind, [...(byKind.get(kind) ?? []), ms]);
    }
    say(`## Customer search over ${count.toLocaleString('en')} customers (PostgreSQL, HTTP API, 25 per page)`);
    say();
    say(`Loaded ${count.toLocaleString('en')} customers in ${loadSeconds.toFixed(1)} s (${Math.round(count / loadSeconds).toLocaleString('en')}/s through \`importCustomers\`).`);
    say();
    say(`| query | n | p50 | p95 | max |`);
    say(`|---|---|---|---|---|`);
    for (const [kind, xs] of [...byKind, ['all', all] as const]) {
      const s = summarize(xs);
      say(`| ${kind} | ${xs.length} | ${s.p50.toFixed(1)} ms | ${s.p95.toFixed(1)} ms | ${s.max.toFixed(1)} ms |`);
    }
    say();
    // Filters, sorts, segment counts and the CSV export over the same customers (bench/customers-list.ts).
    const list = await benchCustomerList({ enso, studioId: studio.id, baseUrl: 'http://127.0.0.1:3390', cookie, csrf, quick, say });
    // The staff inbox over the same customers, its segment tabs being the segments saved above (bench/inbox.ts).
    const inbox = await benchInbox({ enso, studioId: studio.id, baseUrl: 'http://127.0.0.1:3390', cookie, segments: list.segments, quick, say });
    return { search: summarize(all), list: list.list, counts: list.counts, inbox };
  } finally {
    await enso.close();
    await onServer(adminUrl(url), `drop database if exists ${name} with (force)`);
  }
}

async function benchPgbench(url: string) {
  const name = `enso_pgbench_${Date.now()}`;
  await onServer(adminUrl(url), `create database ${name}`);
  try {
    const target = withDatabase(url, name);
    execFileSync('pgbench', ['-i', '-q', '-s', '10', target], { stdio: 'ignore' });
    const seconds = quick ? '5' : '20';
    const tpcb = pgbench(target, ['-c', '4', '-j', '2', '-T', seconds]);
    const select = pgbench(target, ['-S', '-c', '4', '-j', '2', '-T', seconds]);
    const selectOne = pgbench(target, ['-S', '-c', '1', '-j', '1', '-T', seconds]);
    say('## Baseline: pgbench on the same PostgreSQL (scale 10)');
    say();
    say(`| workload | clients | tps | mean latency |`);
    say(`|---|---|---|---|`);
    say(`| TPC-B-like | 4 | ${tpcb.toFixed(0)} | ${((4 / tpcb) * 1000).toFixed(2)} ms |`);
    say(`| select-only | 4 | ${select.toFixed(0)} | ${((4 / select) * 1000).toFixed(3)} ms |`);
    say(`| select-only | 1 | ${selectOne.toFixed(0)} | ${((1 / selectOne) * 1000).toFixed(3)} ms |`);
    say();
    return { tpcb, select, selectOne };
  } finally {
    await onServer(adminUrl(url), `drop database if exists ${name} with (force)`);
  }
}

async function main() {
  const version = execFileSync('psql', ['--version'], { encoding: 'utf8' }).trim();
  say(`# Enso benchmarks — ${new Date().toISOString().slice(0, 10)}`);
  say();
  say(`Machine: ${cpus().length} × ${cpus()[0]?.model.trim()}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${version}.`);
  say();
  if (!only) await benchStartup();
  const base = serverUrl ? await benchPgbench(serverUrl) : null;
  if (serverUrl && base) {
    const selectMs = (1 / base.selectOne) * 1000;
    if (!only || only === 'schedule') {
      const planned = await benchSchedule({ serverUrl, quick, say });
      say('## Ratios (schedule)');
      say();
      say(`- Materialising ${planned.materialised.toLocaleString('en')} classes took ${planned.materialiseSeconds.toFixed(2)} s: ${Math.round(planned.materialised / planned.materialiseSeconds).toLocaleString('en')} classes/s, i.e. ${(planned.materialised / planned.materialiseSeconds / base.tpcb).toFixed(1)} × the TPC-B-like tps of 4 pgbench clients (${base.tpcb.toFixed(0)}).`);
      say(`- A public week (p95 ${planned.week.p95.toFixed(1)} ms, p50 ${planned.week.p50.toFixed(1)} ms, one client) costs ${(planned.week.p95 / selectMs).toFixed(0)} single-client pgbench select-only transactions (${selectMs.toFixed(3)} ms each) at p95.`);
      say();
    }
  }
  if (serverUrl && base && (!only || only === 'renewals')) {
    say('## Membership renewals');
    say();
    const renewed = await benchRenewals({ serverUrl, quick, say });
    say(`- ${renewed.chargesPerSecond.toFixed(0)} renewal charges per second are ${(renewed.chargesPerSecond / base.tpcb).toFixed(2)} × the TPC-B-like tps of 4 pgbench clients (${base.tpcb.toFixed(0)}); each charge is an order, a payment, a Stripe call and the fulfilment.`);
    say();
  }
  if (serverUrl && base && (!only || only === 'booking')) {
    const booked = await benchBooking({ serverUrl, quick, say });
    say('## Ratios (booking)');
    say();
    say(`- Booking rush: ${booked.rush.perSecond.toFixed(0)} bookings/s through HTTP = ${((booked.rush.perSecond / booked.rush.rawTps) * 100).toFixed(0)} % of the raw transaction in pgbench (${booked.rush.rawTps.toFixed(0)} tps); spread: ${((booked.spread.perSecond / booked.spread.rawTps) * 100).toFixed(0)} % (${booked.spread.rawTps.toFixed(0)} tps). Target: at least 50 %.`);
    say(`- For scale: ${(booked.rush.perSecond / base.tpcb).toFixed(2)} × the TPC-B-like tps of 4 pgbench clients (${base.tpcb.toFixed(0)}).`);
    say();
  }
  if (serverUrl && base && (!only || only === 'customers')) {
    const { search, list, counts, inbox } = await benchSearch(serverUrl);
    const imported = await benchCustomersImport({ serverUrl, quick, say });
    const selectMs = (1 / base.selectOne) * 1000;
    say('## Ratios');
    say();
    say(`- One customer search (p50 ${search.p50.toFixed(1)} ms, one client) costs as much as ${(search.p50 / ((1 / base.selectOne) * 1000)).toFixed(0)} pgbench select-only transactions on one connection (${((1 / base.selectOne) * 1000).toFixed(3)} ms each).`);
    say(`- Searches per second on one client: ${(1000 / search.p50).toFixed(0)}, i.e. ${((1000 / search.p50 / base.selectOne) * 100).toFixed(1)} % of single-client pgbench select-only tps.`);
    say(`- A filtered, sorted list page (p95 ${list.p95.toFixed(1)} ms) costs ${(list.p95 / selectMs).toFixed(0)} select-only transactions; a segment count (p95 ${counts.p95.toFixed(1)} ms) ${(counts.p95 / selectMs).toFixed(0)}; an inbox page (p95 ${inbox.p95.toFixed(1)} ms) ${(inbox.p95 / selectMs).toFixed(0)}.`);
    say(`- Import: ${Math.round(imported.rows / imported.firstSeconds).toLocaleString('en')} rows/s, i.e. ${(imported.rows / imported.firstSeconds / base.tpcb).toFixed(2)} × the TPC-B-like transactions per second of 4 pgbench clients (${base.tpcb.toFixed(0)} tps).`);
    say();
  }
  if (serverUrl && (!only || only === 'group-send')) await benchGroupSend({ serverUrl, quick, say });
  if (!serverUrl) {
    say('PostgreSQL benchmarks skipped: set BENCH_DATABASE_URL or DATABASE_URL.');
  }
  mkdirSync('bench/results', { recursive: true });
  writeFileSync('bench/results/latest.md', `${lines.join('\n')}\n`);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  },
);
