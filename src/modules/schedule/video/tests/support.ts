import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEnso } from '../../../../app.ts';
import type { Clock } from '../../../../kernel/clock.ts';
import type { DatabaseKind } from '../../../../platform/db/client.ts';
import { loadConfig } from '../../../../platform/config.ts';
import { openTestDatabase } from '../../../../platform/testing/database.ts';
import type { StudioFixture, TestEnso } from '../../../../platform/testing/enso.ts';
import type { TestClient } from '../../../../platform/testing/client.ts';
import type { ZoomStub } from '../../../../platform/testing/zoom-stub.ts';

/** The whole app on a fresh database, talking to the local Zoom peer instead of zoom.us (workers off: tests drive jobs). */
export async function createZoomTestEnso(kind: DatabaseKind, stub: ZoomStub, clock: Clock): Promise<TestEnso> {
  const testDb = await openTestDatabase(kind);
  const dataDir = mkdtempSync(join(tmpdir(), 'enso-test-'));
  const config = loadConfig({
    LOG_LEVEL: 'silent',
    NODE_ENV: 'test',
    PUBLIC_URL: 'http://enso.test',
    DATA_DIR: dataDir,
    ZOOM_API_URL: stub.apiUrl,
    ZOOM_OAUTH_URL: stub.oauthUrl,
  });
  const enso = await createEnso(config, { database: testDb.database, clock, workers: false, requestsPerMinute: 1_000_000 });
  return Object.assign(enso, {
    async dispose() {
      await enso.close();
      await testDb.dispose();
      rmSync(dataDir, { recursive: true, force: true });
    },
  });
}

/** Delivers pending events to subscribers and runs every job that follows, as the worker would. */
export async function settle(enso: TestEnso): Promise<void> {
  await enso.dispatcher.dispatchNow();
  await enso.jobs.runDueJobs();
}

const day = 86_400_000;
/** The local date `days` from the clock (UTC date is close enough: classes are at 18:00). */
export const dateIn = (clock: Clock, days: number) => new Date(clock.now().getTime() + days * day).toISOString().slice(0, 10);

let counter = 0;

export async function makeTemplate(client: TestClient, name = 'Vinyasa online'): Promise<string> {
  counter += 1;
  const res = await client.post('/api/v1/class-templates', { name: `${name} ${counter}`, defaultDurationMin: 60, defaultCapacity: 12, description: 'Flow, breath; calm.' });
  if (res.status !== 201) throw new Error(`template: ${JSON.stringify(res.body)}`);
  return res.body.id as string;
}

/** A series on the given dates at 18:00; returns its occurrence ids in date order. */
export async function makeClasses(
  s: StudioFixture,
  input: { templateId: string; dates: string[]; online?: boolean; videoProvider?: 'none' | 'zoom'; videoUrl?: string | null; locationId?: string | null; teacherId?: string | null; visibility?: 'public' | 'link' | 'hidden'; kind?: string },
): Promise<{ seriesId: string; occurrenceIds: string[]; shareUrl: string }> {
  const res = await s.admin.post('/api/v1/series', {
    templateId: input.templateId,
    kind: input.kind ?? 'class',
    pattern: 'dates',
    dates: input.dates.map((date) => ({ date, startTime: '18:00' })),
    online: input.online ?? false,
    videoProvider: input.videoProvider ?? 'none',
    videoUrl: input.videoUrl ?? null,
    locationId: input.locationId ?? null,
    teacherId: input.teacherId ?? null,
    visibility: input.visibility ?? 'public',
    confirmConflicts: true,
  });
  if (res.status !== 201) throw new Error(`series: ${res.status} ${JSON.stringify(res.body)}`);
  // The staff calendar answers at most 62 days per call: ask around each date.
  const ids: string[] = [];
  for (const date of input.dates) {
    const from = new Date(new Date(`${date}T00:00:00Z`).getTime() - day).toISOString();
    const to = new Date(new Date(`${date}T00:00:00Z`).getTime() + 2 * day).toISOString();
    const list = await s.admin.get(`/api/v1/occurrences?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}&templateId=${input.templateId}`);
    if (list.status !== 200) throw new Error(`occurrences: ${JSON.stringify(list.body)}`);
    for (const o of list.body.items as { id: string; seriesId: string }[]) if (o.seriesId === res.body.series.id && !ids.includes(o.id)) ids.push(o.id);
  }
  return { seriesId: res.body.series.id, occurrenceIds: ids, shareUrl: res.body.series.shareUrl };
}
