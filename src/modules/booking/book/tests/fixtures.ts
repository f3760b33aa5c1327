import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { expect } from 'vitest';
import type { StudioId } from '../../../../kernel/ids.ts';
import { rowsOf, withStudio } from '../../../../platform/db/tx.ts';
import type { TestClient, TestResponse } from '../../../../platform/testing/client.ts';
import type { TestEnso } from '../../../../platform/testing/enso.ts';
import { createSeries, scheduleStudio, weekly, type ScheduleStudio } from '../../../schedule/tests/schedule-fixtures.ts';

let keys = 0;
export const newKey = () => `bk-${process.pid}-${++keys}-${randomBytes(5).toString('hex')}`;

/** Staff book through the API (Idempotency-Key per attempt). */
export function staffBook(client: TestClient, body: Record<string, unknown>, key = newKey()): Promise<TestResponse> {
  return client.request('POST', '/api/v1/bookings', { body: { payment: { method: 'complimentary' }, ...body }, headers: { 'idempotency-key': key } });
}

/** The signed-in customer books through the public API. */
export function ownBook(client: TestClient, slug: string, body: Record<string, unknown>, key = newKey()): Promise<TestResponse> {
  return client.request('POST', `/api/public/v1/studios/${slug}/me/bookings`, { body, headers: { 'idempotency-key': key } });
}

/** A class: a one-week weekly series (Monday 18:00 Paris by default) and its first occurrence. */
export async function makeClass(enso: TestEnso, s: ScheduleStudio, overrides: Record<string, unknown> = {}): Promise<{ id: string; seriesId: string; startsAt: string; endsAt: string }> {
  const created = await createSeries(s, weekly(s, { weeksAhead: 1, confirmConflicts: true, ...overrides }));
  const rows = await withStudio(enso.database, s.studioId as StudioId, async (tx) =>
    rowsOf<{ id: string; startsAt: Date | string; endsAt: Date | string }>(
      await tx.execute(sql`select id, starts_at as "startsAt", ends_at as "endsAt" from schedule_occurrences where studio_id = ${s.studioId} and series_id = ${created.series.id} order by starts_at`),
    ),
  );
  expect(rows.length).toBeGreaterThan(0);
  const first = rows[0]!;
  return { id: first.id, seriesId: created.series.id, startsAt: new Date(first.startsAt).toISOString(), endsAt: new Date(first.endsAt).toISOString() };
}

/** A single dated class (a `dates` series), e.g. far ahead of a real clock. */
export async function makeDatedClass(enso: TestEnso, s: ScheduleStudio, date: string, startTime: string, overrides: Record<string, unknown> = {}) {
  const res = await s.admin.post('/api/v1/series', { templateId: s.templateId, pattern: 'dates', dates: [{ date, startTime }], locationId: s.locationId, roomId: s.roomId, confirmConflicts: true, ...overrides });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  const [row] = await withStudio(enso.database, s.studioId as StudioId, async (tx) =>
    rowsOf<{ id: string; startsAt: Date | string }>(await tx.execute(sql`select id, starts_at as "startsAt" from schedule_occurrences where studio_id = ${s.studioId} and series_id = ${res.body.series.id}`)),
  );
  return { id: row!.id, seriesId: res.body.series.id as string, startsAt: new Date(row!.startsAt).toISOString() };
}

/** A customer who signed up on the studio's public pages (the client is signed in). */
export async function signedUpCustomer(s: ScheduleStudio, firstName = 'Lea'): Promise<{ client: TestClient; id: string }> {
  const client = s.anonymous();
  const email = `${firstName.toLowerCase()}-${randomBytes(4).toString('hex')}@example.com`;
  const res = await client.post(`/api/public/v1/studios/${s.slug}/signup`, { firstName, lastName: 'Client', email, password: 'a-long-and-unusual-passphrase' });
  if (res.status !== 201) throw new Error(JSON.stringify(res.body));
  const me = await client.get(`/api/public/v1/studios/${s.slug}/me`);
  if (me.status !== 200) throw new Error(JSON.stringify(me.body));
  return { client, id: me.body.customer.id };
}

export async function bookedCount(enso: TestEnso, s: ScheduleStudio, occurrenceId: string): Promise<number> {
  return withStudio(enso.database, s.studioId as StudioId, async (tx) => {
    const [row] = rowsOf<{ n: number }>(await tx.execute(sql`select booked_count as n from schedule_occurrences where studio_id = ${s.studioId} and id = ${occurrenceId}`));
    return Number(row!.n);
  });
}

export async function typesAbout(enso: TestEnso, s: ScheduleStudio, subjectId: string): Promise<string[]> {
  return withStudio(enso.database, s.studioId as StudioId, async (tx) =>
    rowsOf<{ type: string }>(await tx.execute(sql`select type from events where studio_id = ${s.studioId} and subject_id = ${subjectId} order by id`)).map((r) => r.type),
  );
}

export async function payloadOf(enso: TestEnso, s: ScheduleStudio, subjectId: string, type: string): Promise<Record<string, unknown> | undefined> {
  return withStudio(enso.database, s.studioId as StudioId, async (tx) => {
    const [row] = rowsOf<{ payload: Record<string, unknown> }>(await tx.execute(sql`select payload from events where studio_id = ${s.studioId} and subject_id = ${subjectId} and type = ${type} order by id desc limit 1`));
    return row?.payload;
  });
}

export { scheduleStudio, type ScheduleStudio };
