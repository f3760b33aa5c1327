import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createEnso, type Enso } from '../../../../app.ts';
import type { Ctx } from '../../../../kernel/ctx.ts';
import type { StudioId } from '../../../../kernel/ids.ts';
import { openDatabase, type Database } from '../../../../platform/db/client.ts';
import { rowsOf } from '../../../../platform/db/tx.ts';
import { loadConfig } from '../../../../platform/config.ts';
import { withDatabase } from '../../../../platform/testing/global-setup.ts';
import { adminUrl, onServer } from '../../../../platform/testing/server.ts';
import { makeStudio } from '../../../../platform/testing/enso.ts';
import { idempotencyKey, insertCustomers } from './fixtures.ts';

const serverUrl = process.env.DATABASE_URL;
const worker = join(import.meta.dirname, 'crash-worker.ts');

function startWorker(env: Record<string, string>): { child: ChildProcess; exited: Promise<number | null>; output: () => string } {
  let output = '';
  const child = spawn(process.execPath, ['--import', 'tsx', worker], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, output: () => output };
}

describe('group send crash safety', () => {
  let enso: Enso | undefined;
  let database: Database | undefined;
  let name = '';
  const dataDir = mkdtempSync(join(tmpdir(), 'enso-crash-'));
  afterAll(async () => {
    await enso?.close();
    await database?.close();
    if (serverUrl && name) await onServer(adminUrl(serverUrl), `drop database if exists ${name} with (force)`);
    rmSync(dataDir, { recursive: true, force: true });
  });

  // PostgreSQL only: the worker is a separate process that is killed while this test watches the
  // same database. Test PGlite databases live in this process's memory, and a PGlite data
  // directory admits one process at a time. The in-process interruption test
  // (group-sends.api.test.ts) covers PGlite.
  it.runIf(Boolean(serverUrl))('kills the worker in the middle of a 1,000-message send: after a restart, exactly 1,000 messages, no duplicate', async () => {
    name = `enso_test_${randomBytes(6).toString('hex')}`;
    await onServer(adminUrl(serverUrl!), `create database ${name} template ${inject('postgresTemplate')}`);
    const url = withDatabase(serverUrl!, name);
    database = await openDatabase({ databaseUrl: url, poolSize: 4 });
    const config = loadConfig({ LOG_LEVEL: 'silent', NODE_ENV: 'test', PUBLIC_URL: 'http://enso.test', DATA_DIR: dataDir });
    enso = await createEnso(config, { database, workers: false, requestsPerMinute: 1_000_000 });
    const studio = await makeStudio(enso);
    expect((await studio.admin.patch('/api/v1/studio', { marketingSuiteEnabled: true })).status).toBe(200);
    const ids = await insertCustomers(database, studio.studioId, 1_000, 'crash');
    const created = await studio.admin.request('POST', '/api/v1/message-sends', {
      body: { audience: { customerIds: ids }, channel: 'email', subject: 'Spring timetable', body: 'Hello ##{{first_name}}' },
      headers: { 'idempotency-key': idempotencyKey() },
    });
    expect(created.status).toBe(201);
    const sendId = created.body.id as string;
    const recorded = async () => rowsOf<{ n: number }>(await database!.system.execute(sql`select count(*)::int as n from outbound_messages where send_id = ${sendId}`))[0]!.n;
    const first = startWorker({ DATABASE_URL: url });
    // Kill it (SIGKILL: no clean-up) once some batches are committed.
    for (;;) {
      const n = await recorded();
      if (n >= 200) break;
      if (first.child.exitCode !== null) throw new Error(`worker exited early: ${first.output()}`);
      await new Promise((r) => setTimeout(r, 5));
    }
    first.child.kill('SIGKILL');
    await first.exited;
    const atCrash = await recorded();
    expect(atCrash).toBeGreaterThanOrEqual(200);
    expect(atCrash).toBeLessThan(1_000);

    // A restarted worker (this process now) runs what pg-boss hands back once the dead
    // attempt's job expires: the same send, from the start of the slice.
    const ctx: Ctx = { studioId: studio.studioId as StudioId, actor: { kind: 'system' }, clock: enso.clock, requestId: 'restart' };
    await enso.services.groupSends.run(ctx, sendId);
    const rows = rowsOf<{ customer_id: string; n: number }>(
      await database.system.execute(sql`select customer_id, count(*)::int as n from outbound_messages where send_id = ${sendId} group by customer_id`),
    );
    expect(rows).toHaveLength(1_000);
    expect(rows.filter((r) => r.n !== 1)).toEqual([]);
    expect(new Set(rows.map((r) => r.customer_id))).toEqual(new Set(ids));
    const [send] = rowsOf<{ status: string; queued_count: number }>(await database.system.execute(sql`select status, queued_count from messaging_group_sends where id = ${sendId}`));
    expect(send).toMatchObject({ status: 'done', queued_count: 1_000 });
  }, 120_000);
});
