import { sql } from 'drizzle-orm';
import { expect } from 'vitest';
import type { StudioId } from '../../../kernel/ids.ts';
import type { Clock } from '../../../kernel/clock.ts';
import type { Ctx } from '../../../kernel/ctx.ts';
import { rowsOf, withStudio } from '../../../platform/db/tx.ts';
import type { TestClient } from '../../../platform/testing/client.ts';
import { makeStudio, type StudioFixture, type TestEnso } from '../../../platform/testing/enso.ts';

/** A studio ready to schedule: a location with two rooms, a template, a teacher (signed in). */
export interface ScheduleStudio extends StudioFixture {
  locationId: string;
  roomId: string;
  otherRoomId: string;
  templateId: string;
  adminId: string;
  teacher: TestClient;
  teacherId: string;
}

async function created(res: { status: number; body: any }) {
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

export async function userIdOf(client: TestClient): Promise<string> {
  return (await client.get('/api/v1/auth/session')).body.user.id;
}

export async function scheduleStudio(enso: TestEnso, options: { timeZone?: string; locationZone?: string } = {}): Promise<ScheduleStudio> {
  const studio = await makeStudio(enso, { timeZone: options.timeZone ?? 'Europe/Paris' });
  return equipForClasses(studio, { locationZone: options.locationZone ?? options.timeZone ?? 'Europe/Paris' });
}

/** Gives a studio made elsewhere (e.g. one connected to the Stripe stub) a location with two rooms, a class template and a teacher. */
export async function equipForClasses(
  studio: StudioFixture,
  options: { locationZone?: string; template?: { name: string; category: string } } = {},
): Promise<ScheduleStudio> {
  const location = await created(await studio.admin.post('/api/v1/locations', { name: 'Main hall', timeZone: options.locationZone ?? 'Europe/Paris' }));
  const room = await created(await studio.admin.post(`/api/v1/locations/${location.id}/rooms`, { name: 'Studio A', capacity: 20 }));
  const otherRoom = await created(await studio.admin.post(`/api/v1/locations/${location.id}/rooms`, { name: 'Studio B', capacity: 12 }));
  const template = await created(
    await studio.admin.post('/api/v1/class-templates', { ...(options.template ?? { name: 'Vinyasa flow', category: 'Yoga' }), defaultDurationMin: 60, defaultCapacity: 15 }),
  );
  const teacher = await studio.staff('teacher');
  return {
    ...studio,
    locationId: location.id,
    roomId: room.id,
    otherRoomId: otherRoom.id,
    templateId: template.id,
    adminId: await userIdOf(studio.admin),
    teacher,
    teacherId: await userIdOf(teacher),
  };
}

/** A weekly series body with sensible defaults. */
export const weekly = (s: ScheduleStudio, overrides: Record<string, unknown> = {}) => ({
  templateId: s.templateId,
  pattern: 'weekly',
  weekdays: [1],
  startTimes: ['18:00'],
  startDate: '2027-03-01',
  weeksAhead: 4,
  locationId: s.locationId,
  roomId: s.roomId,
  teacherId: s.teacherId,
  ...overrides,
});

export async function createSeries(s: ScheduleStudio, body: Record<string, unknown>) {
  return created(await s.admin.post('/api/v1/series', body));
}

/** Events of a type about one subject (or all of that type in the studio). */
export async function eventsOf(enso: TestEnso, s: StudioFixture, type: string, subjectId?: string): Promise<{ subjectId: string; payload: any }[]> {
  return withStudio(enso.database, s.studioId as StudioId, async (tx) =>
    rowsOf<{ subjectId: string; payload: any }>(
      await tx.execute(sql`select subject_id as "subjectId", payload from events
                             where studio_id = ${s.studioId} and type = ${type} ${subjectId ? sql`and subject_id = ${subjectId}` : sql``}
                             order by id`),
    ),
  );
}

/** Occurrence rows of a series, tombstones included, in slot order. */
export async function rowsOfSeries(enso: TestEnso, s: StudioFixture, seriesId: string) {
  return withStudio(enso.database, s.studioId as StudioId, async (tx) =>
    rowsOf<{ id: string; slot_key: string; status: string; local_date: string; starts_at: Date | string; capacity: number; teacher_id: string | null }>(
      await tx.execute(sql`select id, slot_key, status, local_date::text, starts_at, capacity, teacher_id from schedule_occurrences
                             where studio_id = ${s.studioId} and series_id = ${seriesId} order by starts_at, id`),
    ),
  );
}

export const systemCtx = (s: StudioFixture, clock: Clock): Ctx => ({ studioId: s.studioId as StudioId, actor: { kind: 'system' }, clock, requestId: 'test' });
