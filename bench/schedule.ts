/**
 * Schedule benchmarks (PostgreSQL):
 * - materialise: 300 weekly series (most on one weekday, some on two or three; three locations
 *   and zones) exist with one week of classes; their horizon is moved to 52 weeks and the daily job's work
 *   for the studio (`materialiseStudio`, one transaction) is timed — every class of the year
 *   inserted, with one `class.scheduled.v2` event per series listing its new classes;
 * - public week: the public schedule of one week (`GET /api/public/v1/studios/:slug/schedule`)
 *   through HTTP once the studio has 50,000 classes (series of the last two years added), for
 *   random weeks of the coming year, unfiltered
 *   and filtered by location, teacher or class type; p50/p95.
 */
import { sql } from 'drizzle-orm';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createEnso } from '../src/app.ts';
import { loadConfig } from '../src/platform/config.ts';
import { createStudioWithAdmin } from '../src/demo/seed.ts';
import type { Ctx } from '../src/kernel/ctx.ts';
import type { StudioId } from '../src/kernel/ids.ts';
import { addDays, localDateOf } from '../src/kernel/time.ts';
import { rowsOf, withStudio } from '../src/platform/db/tx.ts';
import { adminUrl, onServer } from '../src/platform/testing/server.ts';
import { withDatabase } from '../src/platform/testing/global-setup.ts';
import { summarize } from './stats.ts';

type Summary = ReturnType<typeof summarize>;

export interface ScheduleBenchResult {
  series: number;
  materialised: number;
  materialiseSeconds: number;
  occurrences: number;
  week: Summary;
}

export async function benchSchedule(options: { serverUrl: string; quick: boolean; say: (line?: string) => void; port?: number }): Promise<ScheduleBenchResult> {
  const { serverUrl, quick, say } = options;
  const port = options.port ?? 3392;
  const name = `enso_bench_schedule_${Date.now()}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'enso-bench-schedule-'));
  await onServer(adminUrl(serverUrl), `create database ${name}`);
  const config = loadConfig({ ...process.env, DATABASE_URL: withDatabase(serverUrl, name), DATA_DIR: dataDir, LOG_LEVEL: 'warn', PORT: String(port), DATABASE_POOL_SIZE: '10' });
  const enso = await createEnso(config, { workers: false, requestsPerMinute: 1_000_000 });
  try {
    const { studio } = await createStudioWithAdmin(enso, {
      name: 'Schedule Bench', slug: 'schedule-bench', currency: 'EUR', timeZone: 'Europe/Paris', defaultLocale: 'en',
      admin: { email: 'admin@schedule-bench.example', firstName: 'Bench', lastName: 'Admin', password: 'bench-password-1234' },
    });
    const ctx: Ctx = { studioId: studio.id as StudioId, actor: { kind: 'system' }, clock: enso.clock, requestId: 'bench' };
    const { studios, identity, classTemplates, schedule, teachers } = enso.services;

    const zones = ['Europe/Paris', 'America/New_York', 'Australia/Sydney'];
    const places: { locationId: string; roomIds: string[] }[] = [];
    for (const [i, timeZone] of zones.entries()) {
      const location = await studios.createLocation(ctx, { name: `Location ${i + 1}`, timeZone });
      const roomIds: string[] = [];
      for (let r = 0; r < 4; r++) roomIds.push((await studios.createRoom(ctx, location.id, { name: `Room ${r + 1}`, capacity: 20 })).id);
      places.push({ locationId: location.id, roomIds });
    }
    await withStudio(enso.database, ctx.studioId, async (tx) => {
      for (let t = 0; t < 12; t++) {
        await identity.createStaffAccount(tx, ctx, { email: `teacher${t}@schedule-bench.example`, firstName: `Teacher`, lastName: `${t + 1}`, role: 'teacher', password: 'bench-password-1234' });
      }
    });
    const teacherIds = (await teachers.listTeachers(ctx)).filter((t) => t.role === 'teacher').map((t) => t.userId);
    const templateIds: string[] = [];
    for (let i = 0; i < 12; i++) {
      templateIds.push((await classTemplates.createTemplate(ctx, { name: `Class type ${i + 1}`, defaultDurationMin: 45 + (i % 4) * 15, defaultCapacity: 20, priceMinor: 1500 })).id);
    }

    // Series as studios write them: most one class a week ("Thursday 09:00"), some two or three days.
    const seriesCount = quick ? 60 : 300;
    const today = localDateOf(enso.clock.now(), 'Europe/Paris');
    const weekdaysOf = (i: number) => (i % 10 < 6 ? [1 + (i % 7)] : i % 10 < 9 ? [1 + (i % 7), 1 + ((i + 2) % 7)] : [1 + (i % 7), 1 + ((i + 2) % 7), 1 + ((i + 4) % 7)]);
    const seriesInput = (i: number, startDate: string, extra: Record<string, unknown> = {}) => {
      const place = places[i % places.length]!;
      return {
        templateId: templateIds[i % templateIds.length]!,
        pattern: 'weekly' as const,
        weekdays: weekdaysOf(i),
        startTimes: [`${String(6 + (i % 15)).padStart(2, '0')}:${i % 2 === 0 ? '00' : '30'}`],
        startDate,
        weeksAhead: 1,
        teacherId: teacherIds[i % teacherIds.length]!,
        locationId: place.locationId,
        roomId: place.roomIds[Math.floor(i / places.length) % place.roomIds.length]!,
        confirmConflicts: true,
        ...extra,
      };
    };
    for (let i = 0; i < seriesCount; i++) await schedule.createSeries(ctx, seriesInput(i, today));
    await enso.database.system.execute(sql`update schedule_series set weeks_ahead = 52 where studio_id = ${ctx.studioId}`);
    await enso.database.system.execute(sql`analyze schedule_series`);

    const t0 = performance.now();
    const result = await withStudio(enso.database, ctx.studioId, (tx) => schedule.materialiseStudio(tx, ctx));
    const materialiseSeconds = (performance.now() - t0) / 1000;

    // The studio's past: series that ran over the last two years, until the studio has 50,000 classes.
    const target = quick ? 10_000 : 50_000;
    const countClasses = async () =>
      rowsOf<{ count: number }>(await enso.database.system.execute(sql`select count(*)::int as count from schedule_occurrences where studio_id = ${ctx.studioId}`))[0]!.count;
    for (let i = 0; (await countClasses()) < target; i++) {
      await schedule.createSeries(ctx, seriesInput(i, addDays(today, -728), { weekdays: [1 + (i % 7), 1 + ((i + 3) % 7)], endDate: addDays(today, -1) }));
    }
    await enso.database.system.execute(sql`analyze schedule_occurrences`);
    const count = await countClasses();

    say(`## Schedule: materialising a year ahead (PostgreSQL)`);
    say();
    say(`| series | classes inserted (one transaction, with their events) | time | classes/s |`);
    say(`|---|---|---|---|`);
    say(`| ${result.series} weekly series in 3 zones (6 in 10 on one weekday, 3 on two, 1 on three) | ${result.created.toLocaleString('en')} | ${materialiseSeconds.toFixed(2)} s | ${Math.round(result.created / materialiseSeconds).toLocaleString('en')} |`);
    say();

    await enso.app.listen({ port, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${port}/api/public/v1/studios/schedule-bench/schedule`;
    let seed = 11;
    const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
    const requests: { kind: string; url: string }[] = [];
    const rounds = quick ? 50 : 200;
    for (let i = 0; i < rounds; i++) {
      const from = addDays(today, Math.floor(next() * 358));
      requests.push({ kind: 'week, unfiltered', url: `${base}?from=${from}` });
      requests.push({ kind: 'week, one location', url: `${base}?from=${from}&locationId=${places[i % places.length]!.locationId}` });
      requests.push({ kind: 'week, one teacher', url: `${base}?from=${from}&teacherId=${teacherIds[i % teacherIds.length]}` });
      requests.push({ kind: 'week, one class type', url: `${base}?from=${from}&templateId=${templateIds[i % templateIds.length]}` });
    }
    for (const { url } of requests.slice(0, 40)) await (await fetch(url)).arrayBuffer();
    const byKind = new Map<string, number[]>();
    const all: number[] = [];
    let classesSeen = 0;
    for (const { kind, url } of requests) {
      const s = performance.now();
      const res = await fetch(url);
      const body = (await res.json()) as { items: unknown[] };
      const ms = performance.now() - s;
      if (!res.ok) throw new Error(`public schedule failed: ${res.status}`);
      if (kind === 'week, unfiltered') classesSeen += body.items.length;
      all.push(ms);
      byKind.set(kind, [...(byKind.get(kind) ?? []), ms]);
    }
    // The same weeks asked of the service in process: what the HTTP layer adds is the difference.
    const inProcess: number[] = [];
    for (const { kind, url } of requests) {
      if (kind !== 'week, unfiltered') continue;
      const from = new URL(url).searchParams.get('from')!;
      const s = performance.now();
      await enso.services.publicSchedule.getSchedule('schedule-bench', { from });
      inProcess.push(performance.now() - s);
    }
    byKind.set('week, unfiltered, service call in process (no HTTP)', inProcess);
    say(`## Public schedule week through HTTP, ${count.toLocaleString('en')} classes in the studio: two years past, one ahead (PostgreSQL)`);
    say();
    say(`An unfiltered week lists ${Math.round(classesSeen / rounds)} classes on average.`);
    say();
    say(`| query | n | p50 | p95 | max |`);
    say(`|---|---|---|---|---|`);
    for (const [kind, xs] of [...byKind, ['all HTTP', all] as const]) {
      const s = summarize(xs);
      say(`| ${kind} | ${xs.length} | ${s.p50.toFixed(1)} ms | ${s.p95.toFixed(1)} ms | ${s.max.toFixed(1)} ms |`);
    }
    say();
    return { series: result.series, materialised: result.created, materialiseSeconds, occurrences: count, week: summarize(all) };
  } finally {
    await enso.close();
    await onServer(adminUrl(serverUrl), `drop database if exists ${name} with (force)`);
    rmSync(dataDir, { recursive: true, force: true });
  }
}
