/**
 * Customer import benchmark (PostgreSQL): a CSV of 50,000 customers (10,000 with BENCH_QUICK=1)
 * built from the demo generator, uploaded through the HTTP API, then processed by the
 * `customers.run-import` job on the in-process worker; timed from the upload to status `done`.
 * A second import of the same file (every row unchanged) shows what re-importing costs.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createEnso } from '../src/app.ts';
import { loadConfig } from '../src/platform/config.ts';
import { createStudioWithAdmin } from '../src/demo/seed.ts';
import { demoCustomers } from '../src/demo/data.ts';
import { toCsv } from '../src/modules/customers/domain/csv.ts';
import { adminUrl, onServer } from '../src/platform/testing/server.ts';
import { withDatabase } from '../src/platform/testing/global-setup.ts';

export interface ImportBenchResult {
  rows: number;
  bytes: number;
  uploadMs: number;
  firstSeconds: number;
  reimportSeconds: number;
}

/** The CSV a studio would bring: names, email, phone, birthday, language and tags. */
export function benchImportCsv(count: number): string {
  const rows: string[][] = [['First name', 'Last name', 'Email', 'Phone', 'Birthday', 'Language', 'Tags']];
  const tags = ['Morning, Vinyasa', 'Pilates', '', 'Yin; Intro offer', ''];
  demoCustomers(count, 42, 0).forEach((p, i) =>
    rows.push([p.firstName, p.lastName, p.email ?? '', p.phone ?? '', p.birthDate ?? '', p.locale, tags[i % tags.length]!]),
  );
  return toCsv(rows);
}

export async function benchCustomersImport(options: { serverUrl: string; quick: boolean; say: (line?: string) => void; port?: number }): Promise<ImportBenchResult> {
  const { serverUrl, quick, say } = options;
  const port = options.port ?? 3391;
  const name = `enso_bench_import_${Date.now()}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'enso-bench-import-'));
  await onServer(adminUrl(serverUrl), `create database ${name}`);
  const config = loadConfig({
    ...process.env,
    DATABASE_URL: withDatabase(serverUrl, name),
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    PORT: String(port),
    DATABASE_POOL_SIZE: '10',
  });
  const enso = await createEnso(config, { workers: true });
  try {
    await createStudioWithAdmin(enso, {
      name: 'Import Bench',
      slug: 'import-bench',
      currency: 'EUR',
      timeZone: 'Europe/Paris',
      defaultLocale: 'en',
      admin: { email: 'admin@import-bench.example', firstName: 'Bench', lastName: 'Admin', password: 'bench-password-1234' },
    });
    await enso.app.listen({ port, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${port}`;
    const health = await fetch(`${base}/api/health`);
    const csrf = /enso_csrf=([^;]+)/.exec(health.headers.get('set-cookie') ?? '')?.[1] ?? '';
    const login = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: `enso_csrf=${csrf}`, 'x-csrf-token': csrf },
      body: JSON.stringify({ email: 'admin@import-bench.example', password: 'bench-password-1234' }),
    });
    const staff = /enso_staff=([^;]+)/.exec(login.headers.get('set-cookie') ?? '')?.[1];
    const headers = { cookie: `enso_staff=${staff}; enso_csrf=${csrf}`, 'x-csrf-token': csrf };

    const count = quick ? 10_000 : 50_000;
    const csv = Buffer.from(benchImportCsv(count), 'utf8');

    /** Upload + start + poll until done; returns the upload time and the total. */
    async function run(): Promise<{ uploadMs: number; seconds: number; final: Record<string, unknown> }> {
      const t0 = performance.now();
      const up = await fetch(`${base}/api/v1/customers/imports?fileName=bench.csv`, { method: 'POST', headers: { ...headers, 'content-type': 'text/csv' }, body: csv });
      if (up.status !== 201) throw new Error(`upload failed: ${up.status} ${await up.text()}`);
      const upload = (await up.json()) as { fileId: string; suggestion: { columns: string[]; dateFormat: string } };
      const uploadMs = performance.now() - t0;
      const started = await fetch(`${base}/api/v1/customers/imports/start`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify({ fileId: upload.fileId, fileName: 'bench.csv', columns: upload.suggestion.columns, dateFormat: upload.suggestion.dateFormat }),
      });
      if (started.status !== 202) throw new Error(`start failed: ${started.status} ${await started.text()}`);
      const { id } = (await started.json()) as { id: string };
      for (;;) {
        await new Promise((r) => setTimeout(r, 250));
        const res = await fetch(`${base}/api/v1/customers/imports/${id}`, { headers });
        const state = (await res.json()) as Record<string, unknown>;
        if (state.status === 'done' || state.status === 'failed') return { uploadMs, seconds: (performance.now() - t0) / 1000, final: state };
      }
    }

    const first = await run();
    const again = await run();
    const f = first.final;
    const a = again.final;
    say(`## Customer import from CSV (PostgreSQL, HTTP upload + background job)`);
    say();
    say(`| run | rows | file | upload | upload → done | rows/s | created | updated | unchanged | errors |`);
    say(`|---|---|---|---|---|---|---|---|---|---|`);
    for (const [label, r, s] of [['first import', first, f], ['same file again', again, a]] as const) {
      say(
        `| ${label} | ${count.toLocaleString('en')} | ${(csv.length / 2 ** 20).toFixed(1)} MB | ${r.uploadMs.toFixed(0)} ms | ${r.seconds.toFixed(1)} s | ${Math.round(count / r.seconds).toLocaleString('en')} | ${String(s.createdCount)} | ${String(s.updatedCount)} | ${String(s.unchangedCount)} | ${String(s.errorCount)} |`,
      );
    }
    say();
    if (f.status !== 'done' || a.status !== 'done') throw new Error(`import did not finish: ${JSON.stringify(f)} ${JSON.stringify(a)}`);
    return { rows: count, bytes: csv.length, uploadMs: first.uploadMs, firstSeconds: first.seconds, reimportSeconds: again.seconds };
  } finally {
    await enso.close();
    await onServer(adminUrl(serverUrl), `drop database if exists ${name} with (force)`);
    rmSync(dataDir, { recursive: true, force: true });
  }
}
