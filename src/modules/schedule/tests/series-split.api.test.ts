import { sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../kernel/clock.ts';
import type { StudioId } from '../../../kernel/ids.ts';
import { withStudio } from '../../../platform/db/tx.ts';
import { problem } from '../../../platform/testing/client.ts';
import { testDatabaseKinds } from '../../../platform/testing/database.ts';
import { createTestEnso, type TestEnso } from '../../../platform/testing/enso.ts';
import { createSeries, eventsOf, scheduleStudio, weekly, type ScheduleStudio } from './schedule-fixtures.ts';

const start = '2027-03-01T12:00:00Z'; // Monday 1 March, 13:00 in Paris (summer time starts on the 28th)
const tuesday = '2027-03-09T12:00:00Z';
const march = 'from=2027-03-01T00:00:00Z&to=2027-04-30T00:00:00Z';

describe.each(testDatabaseKinds())('"this and following" edits (%s)', (kind) => {
  let enso: TestEnso;
  const clock = fixedClock(start);

  beforeAll(async () => {
    enso = await createTestEnso(kind, { clock });
  });
  afterAll(() => enso?.dispose());
  afterEach(() => clock.set(start));

  async function classesOf(s: ScheduleStudio, seriesId: string) {
    const res = await s.admin.get(`/api/v1/occurrences?${march}`);
    return (res.body.items as any[]).filter((o) => o.seriesId === seriesId);
  }
  const byDate = (list: any[], date: string) => list.find((o) => o.localDate === date);

  async function setBooked(s: ScheduleStudio, occurrenceId: string, n: number) {
    await withStudio(enso.database, s.studioId as StudioId, (tx) =>
      tx.execute(sql`update schedule_occurrences set booked_count = ${n} where studio_id = ${s.studioId} and id = ${occurrenceId}`),
    );
  }

  it('splits the series: past classes stay, classes ahead move with only the changes, dropped weekdays go or stay when booked', async () => {
    const a = await scheduleStudio(enso);
    const { series } = await createSeries(a, weekly(a, { weekdays: [1, 3], startTimes: ['18:00'], weeksAhead: 4 }));
    const before = await classesOf(a, series.id);
    await a.admin.post(`/api/v1/occurrences/${byDate(before, '2027-03-15').id}/substitute`, { teacherId: a.adminId });
    await a.admin.post(`/api/v1/occurrences/${byDate(before, '2027-03-17').id}/cancel`, { note: 'Holiday' });
    await setBooked(a, byDate(before, '2027-03-24').id, 2);
    clock.set(tuesday);

    const res = await a.admin.post(`/api/v1/occurrences/${byDate(before, '2027-03-10').id}/edit-following`, { weekdays: [1], startTimes: ['19:00'], capacity: 10 });

    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({
      series: { startDate: '2027-03-10', splitFromSeriesId: series.id, weekdays: [1], startTimes: ['19:00'], capacity: 10, materialisedUntil: '2027-04-06' },
      updated: 3,
      conflicts: [],
    });
    expect(res.body.kept.map((o: any) => o.localDate)).toEqual(['2027-03-24']);
    expect((await a.admin.get(`/api/v1/series/${series.id}`)).body).toMatchObject({ endDate: '2027-03-09', materialisedUntil: '2027-03-09' });

    const old = await classesOf(a, series.id);
    const next = await classesOf(a, res.body.series.id);
    // Past classes: untouched.
    for (const date of ['2027-03-01', '2027-03-03', '2027-03-08']) {
      expect(byDate(old, date)).toEqual(byDate(before, date));
    }
    // Wednesdays ahead: the free one is gone, the cancelled one stays cancelled, the booked one is kept as it was.
    expect(byDate(old, '2027-03-10')).toBeUndefined();
    expect(byDate(old, '2027-03-17')).toMatchObject({ status: 'cancelled', capacity: 15 });
    expect(byDate(old, '2027-03-24')).toMatchObject({ status: 'scheduled', startTime: '18:00', bookedCount: 2 });
    // Mondays ahead: 19:00 local across the change to summer time, capacity 10, the substitution kept.
    expect(next.map((o) => [o.localDate, o.startTime, o.startsAt, o.capacity])).toEqual([
      ['2027-03-15', '19:00', '2027-03-15T18:00:00.000Z', 10],
      ['2027-03-22', '19:00', '2027-03-22T18:00:00.000Z', 10],
      ['2027-03-29', '19:00', '2027-03-29T17:00:00.000Z', 10],
      ['2027-04-05', '19:00', '2027-04-05T17:00:00.000Z', 10],
    ]);
    expect(byDate(next, '2027-03-15')).toMatchObject({ id: byDate(before, '2027-03-15').id, teacherId: a.adminId, substitutedFor: a.teacherId });
    expect(byDate(next, '2027-03-22')).toMatchObject({ teacherId: a.teacherId, substitutedFor: null });

    expect(await eventsOf(enso, a, 'class_series.split.v1', series.id)).toMatchObject([
      { payload: { seriesId: series.id, newSeriesId: res.body.series.id, fromDate: '2027-03-10', changed: ['weekdays', 'startTimes', 'capacity'] } },
    ]);
    expect((await eventsOf(enso, a, 'class.updated.v1', byDate(next, '2027-03-29').id)).map((e) => e.payload.changed)).toEqual([['capacity', 'startsAt', 'endsAt']]);
    expect(await eventsOf(enso, a, 'class.deleted.v1', byDate(before, '2027-03-10').id)).toHaveLength(1);
    // The new half's only new class (the week its horizon gained) is announced on the new series.
    expect((await eventsOf(enso, a, 'class.scheduled.v2', res.body.series.id)).map((e) => e.payload.occurrences.map((o: any) => o.occurrenceId))).toEqual([
      [byDate(next, '2027-04-05').id],
    ]);
  });

  it('changes only what changed: a one-off time and a substitution survive a capacity change', async () => {
    const a = await scheduleStudio(enso);
    const { series } = await createSeries(a, weekly(a, { startTimes: ['18:00'], weeksAhead: 3 }));
    const before = await classesOf(a, series.id);
    await a.admin.patch(`/api/v1/occurrences/${byDate(before, '2027-03-15').id}`, { startTime: '20:00' });
    await a.admin.post(`/api/v1/occurrences/${byDate(before, '2027-03-22').id}/substitute`, { teacherId: a.adminId });

    const res = await a.admin.post(`/api/v1/occurrences/${byDate(before, '2027-03-08').id}/edit-following`, { capacity: 6 });

    const next = await classesOf(a, res.body.series.id);
    expect(next.map((o) => [o.localDate, o.startTime, o.capacity, o.teacherId])).toEqual([
      ['2027-03-08', '18:00', 6, a.teacherId],
      ['2027-03-15', '20:00', 6, a.teacherId],
      ['2027-03-22', '18:00', 6, a.adminId],
    ]);
    expect((await classesOf(a, series.id)).map((o) => o.localDate)).toEqual(['2027-03-01']);
  });

  it('splits on a day some of whose classes have already run, without making them again', async () => {
    const a = await scheduleStudio(enso);
    const { series } = await createSeries(a, weekly(a, { startTimes: ['07:00', '18:00'], weeksAhead: 1, teacherId: null, roomId: null }));
    const before = await classesOf(a, series.id);

    // 13:00 on Monday 1 March: 07:00 has run, 18:00 is ahead.
    const res = await a.admin.post(`/api/v1/occurrences/${before[1].id}/edit-following`, { capacity: 4 });

    const next = await classesOf(a, res.body.series.id);
    expect(next.map((o) => [o.localDate, o.startTime])).toEqual([
      ['2027-03-01', '18:00'],
      ['2027-03-08', '07:00'],
      ['2027-03-08', '18:00'],
    ]);
    expect((await classesOf(a, series.id)).map((o) => [o.localDate, o.startTime, o.capacity])).toEqual([['2027-03-01', '07:00', 15]]);
  });

  it('edits an irregular series in place, on every class ahead, without splitting it', async () => {
    const a = await scheduleStudio(enso);
    const { series } = await createSeries(a, {
      templateId: a.templateId,
      kind: 'course',
      pattern: 'dates',
      dates: ['2027-03-02', '2027-03-10', '2027-03-17'].map((date) => ({ date, startTime: '19:00' })),
      locationId: a.locationId,
      roomId: a.roomId,
      teacherId: a.teacherId,
    });
    const before = await classesOf(a, series.id);
    clock.set(tuesday);

    const res = await a.admin.post(`/api/v1/occurrences/${before[2].id}/edit-following`, { capacity: 5, teacherId: a.adminId });
    const pattern = await a.admin.post(`/api/v1/occurrences/${before[2].id}/edit-following`, { startTimes: ['10:00'] });

    expect(res.body).toMatchObject({ series: { id: series.id, capacity: 5, teacherId: a.adminId, splitFromSeriesId: null }, updated: 2 });
    const after = await classesOf(a, series.id);
    expect(after[0]).toEqual(before[0]);
    expect(after.slice(1).map((o) => [o.capacity, o.teacherId])).toEqual([
      [5, a.adminId],
      [5, a.adminId],
    ]);
    expect(await eventsOf(enso, a, 'class_series.split.v1')).toEqual([]);
    expect(await eventsOf(enso, a, 'class_series.updated.v1', series.id)).toMatchObject([{ payload: { changed: ['teacherId', 'capacity'] } }]);
    expect(await eventsOf(enso, a, 'class.updated.v1', after[2].id)).toMatchObject([{ payload: { changed: ['teacherId', 'capacity'] } }]);
    expect(pattern.body).toMatchObject({ ...problem(400, 'invalid_schedule'), errors: [{ path: 'startTimes' }] });
  });

  it('refuses a class that has started, an end before it, other studios and roles below operator; flags clashes', async () => {
    const a = await scheduleStudio(enso);
    const b = await scheduleStudio(enso);
    const { series } = await createSeries(a, weekly(a, { startTimes: ['18:00'], weeksAhead: 3 }));
    await createSeries(a, weekly(a, { startTimes: ['19:00'], weeksAhead: 3, teacherId: a.adminId, roomId: a.otherRoomId }));
    const classes = await classesOf(a, series.id);
    clock.set('2027-03-01T17:30:00Z'); // the first class has started

    const started = await a.admin.post(`/api/v1/occurrences/${classes[0].id}/edit-following`, { capacity: 3 });
    const endBefore = await a.admin.post(`/api/v1/occurrences/${classes[2].id}/edit-following`, { endDate: '2027-03-08' });
    const foreign = await b.admin.post(`/api/v1/occurrences/${classes[1].id}/edit-following`, { capacity: 3 });
    const teacher = await a.teacher.post(`/api/v1/occurrences/${classes[1].id}/edit-following`, { capacity: 3 });
    const clash = await a.admin.post(`/api/v1/occurrences/${classes[1].id}/edit-following`, { roomId: a.otherRoomId, startTimes: ['18:30'] });
    const confirmed = await a.admin.post(`/api/v1/occurrences/${classes[1].id}/edit-following`, { roomId: a.otherRoomId, startTimes: ['18:30'], confirmConflicts: true });

    expect(started.body).toMatchObject(problem(409, 'occurrence_in_past'));
    expect(endBefore.body).toMatchObject({ ...problem(400, 'invalid_schedule'), errors: [{ path: 'endDate' }] });
    expect(foreign.body).toMatchObject(problem(404, 'occurrence_not_found'));
    expect(teacher.status).toBe(403);
    expect(clash.body).toMatchObject(problem(409, 'schedule_conflict'));
    expect(clash.body.details.conflicts.map((c: any) => c.reason)).toEqual(['room', 'room', 'room']);
    expect(confirmed.body).toMatchObject({ updated: 3, series: { startTimes: ['18:30'], roomId: a.otherRoomId } });
    expect(confirmed.body.conflicts).toHaveLength(3);
  });
});
