import { sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../kernel/clock.ts';
import type { StudioId } from '../../../kernel/ids.ts';
import { withStudio } from '../../../platform/db/tx.ts';
import { problem } from '../../../platform/testing/client.ts';
import { testDatabaseKinds } from '../../../platform/testing/database.ts';
import { createTestEnso, type TestEnso } from '../../../platform/testing/enso.ts';
import { createSeries, eventsOf, rowsOfSeries, scheduleStudio, weekly, type ScheduleStudio } from './schedule-fixtures.ts';

const start = '2027-03-01T12:00:00Z'; // a Monday, 13:00 in Paris
const march = 'from=2027-03-01T00:00:00Z&to=2027-04-01T00:00:00Z';
const day = 24 * 60 * 60 * 1000;

describe.each(testDatabaseKinds())('schedule occurrences API (%s)', (kind) => {
  let enso: TestEnso;
  let a: ScheduleStudio;
  let b: ScheduleStudio;
  const clock = fixedClock(start);

  beforeAll(async () => {
    enso = await createTestEnso(kind, { clock });
    a = await scheduleStudio(enso);
    b = await scheduleStudio(enso);
  });
  afterAll(() => enso?.dispose());
  afterEach(() => clock.set(start));

  /** The classes of a series in March, as the calendar lists them. */
  async function classesOf(seriesId: string, s: ScheduleStudio = a) {
    const res = await s.admin.get(`/api/v1/occurrences?${march}`);
    expect(res.status).toBe(200);
    return (res.body.items as any[]).filter((o) => o.seriesId === seriesId);
  }

  async function setBooked(occurrenceId: string, n: number) {
    await withStudio(enso.database, a.studioId as StudioId, (tx) =>
      tx.execute(sql`update schedule_occurrences set booked_count = ${n} where studio_id = ${a.studioId} and id = ${occurrenceId}`),
    );
  }

  /** A fresh Monday series (teacher a.teacherId in room A at `time`), and its classes. */
  async function mondays(time: string, overrides: Record<string, unknown> = {}) {
    const { series } = await createSeries(a, weekly(a, { startTimes: [time], ...overrides }));
    return { series, classes: await classesOf(series.id) };
  }

  describe('the staff calendar', () => {
    it('lists a range with names joined, filters it, and hides cancelled classes on request', async () => {
      const { series, classes } = await mondays('08:00');
      await a.admin.post(`/api/v1/occurrences/${classes[1].id}/cancel`, { note: '' });

      const all = await a.admin.get(`/api/v1/occurrences?${march}&roomId=${a.roomId}&templateId=${a.templateId}&teacherId=${a.teacherId}&locationId=${a.locationId}`);
      const active = await a.admin.get(`/api/v1/occurrences?${march}&includeCancelled=false`);
      const otherRoom = await a.admin.get(`/api/v1/occurrences?${march}&roomId=${a.otherRoomId}`);

      const mine = all.body.items.filter((o: any) => o.seriesId === series.id);
      expect(mine).toHaveLength(5);
      expect(mine[0]).toMatchObject({
        name: 'Vinyasa flow',
        category: 'Yoga',
        color: expect.stringMatching(/^#/),
        teacherName: 'teacher Tester',
        locationName: 'Main hall',
        roomName: 'Studio A',
        localDate: '2027-03-01',
        startTime: '08:00',
        endTime: '09:00',
        timeZone: 'Europe/Paris',
        status: 'scheduled',
        kind: 'class',
        visibility: 'public',
      });
      expect(mine[1].status).toBe('cancelled');
      expect(active.body.items.map((o: any) => o.id)).not.toContain(classes[1].id);
      expect(otherRoom.body.items.filter((o: any) => o.seriesId === series.id)).toEqual([]);
    });

    it('answers at most 62 days at a time, and only forward ranges', async () => {
      const long = await a.admin.get('/api/v1/occurrences?from=2027-03-01T00:00:00Z&to=2027-05-03T00:00:00Z');
      const backwards = await a.admin.get('/api/v1/occurrences?from=2027-03-10T00:00:00Z&to=2027-03-01T00:00:00Z');
      const bad = await a.admin.get('/api/v1/occurrences?from=yesterday&to=2027-03-01T00:00:00Z');

      expect(long.body).toMatchObject({ ...problem(400, 'invalid_schedule'), errors: [{ path: 'to' }] });
      expect(backwards.body).toMatchObject(problem(400, 'invalid_schedule'));
      expect(bad.status).toBe(400);
    });

    it('shows a teacher only their own classes, whatever they ask for', async () => {
      const own = await mondays('10:00');
      const others = await mondays('10:00', { teacherId: a.adminId, roomId: a.otherRoomId });

      const res = await a.teacher.get(`/api/v1/occurrences?${march}&teacherId=${a.adminId}`);

      const ids = res.body.items.map((o: any) => o.id);
      expect(ids).toContain(own.classes[0].id);
      expect(ids).not.toContain(others.classes[0].id);
      expect(res.body.items.every((o: any) => o.teacherId === a.teacherId)).toBe(true);
    });

    it('never lists another studio’s classes', async () => {
      const { classes } = await mondays('11:00');

      const res = await b.admin.get(`/api/v1/occurrences?${march}`);

      expect(res.body.items.map((o: any) => o.id)).not.toContain(classes[0].id);
    });
  });

  describe('one class', () => {
    it('reads the details: template texts, series, share link with key for a link-only class, what the caller may do', async () => {
      const { series, classes } = await mondays('12:00', { visibility: 'link', roomId: null });

      const admin = await a.admin.get(`/api/v1/occurrences/${classes[0].id}`);
      const frontDesk = await (await a.staff('front_desk')).get(`/api/v1/occurrences/${classes[0].id}`);
      const teacher = await a.teacher.get(`/api/v1/occurrences/${classes[0].id}`);

      expect(admin.body).toMatchObject({
        id: classes[0].id,
        description: '',
        welcomeMessage: '',
        series: { id: series.id, visibility: 'link' },
        videoStatus: 'none',
        cancelledAt: null,
        canDelete: true,
        canEdit: true,
        shareUrl: expect.stringMatching(new RegExp(`^http://enso.test/s/${a.slug}/classes/${classes[0].id}\\?key=[\\w-]{20,}$`)),
      });
      expect(frontDesk.body).toMatchObject({ canEdit: false });
      expect(teacher.body).toMatchObject({ canEdit: true });
    });

    it('is not found in another studio, nor once deleted', async () => {
      const { classes } = await mondays('13:00');
      await a.admin.delete(`/api/v1/occurrences/${classes[4].id}`);

      expect((await b.admin.get(`/api/v1/occurrences/${classes[0].id}`)).body).toMatchObject(problem(404, 'occurrence_not_found'));
      expect((await b.admin.patch(`/api/v1/occurrences/${classes[0].id}`, { capacity: 3 })).body).toMatchObject(problem(404, 'occurrence_not_found'));
      expect((await b.admin.post(`/api/v1/occurrences/${classes[0].id}/cancel`, {})).body).toMatchObject(problem(404, 'occurrence_not_found'));
      expect((await b.admin.delete(`/api/v1/occurrences/${classes[0].id}`)).body).toMatchObject(problem(404, 'occurrence_not_found'));
      expect((await a.admin.get(`/api/v1/occurrences/${classes[4].id}`)).body).toMatchObject(problem(404, 'occurrence_not_found'));
    });
  });

  describe('edit one', () => {
    it('moves a class in its zone, keeps its slot, and says what changed', async () => {
      const { classes } = await mondays('14:00');

      // 30 March 2027 is after the change to summer time (28 March): 23:00 is 21:00Z.
      const res = await a.admin.patch(`/api/v1/occurrences/${classes[3].id}`, { date: '2027-03-30', startTime: '23:00', durationMin: 30, capacity: 9 });

      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ localDate: '2027-03-30', startTime: '23:00', endTime: '23:30', startsAt: '2027-03-30T21:00:00.000Z', capacity: 9 });
      const [event] = await eventsOf(enso, a, 'class.updated.v1', classes[3].id);
      expect(event!.payload).toMatchObject({ changed: ['startsAt', 'endsAt', 'capacity'], startsAt: '2027-03-30T21:00:00.000Z' });
    });

    it('refuses a class that has started or is cancelled, a move into the past, and a capacity below the bookings', async () => {
      const { classes } = await mondays('15:00');
      await a.admin.post(`/api/v1/occurrences/${classes[2].id}/cancel`, {});
      await setBooked(classes[1].id, 4);

      clock.set('2027-03-01T14:30:00Z'); // 15:30 in Paris: the first class has started
      const started = await a.admin.patch(`/api/v1/occurrences/${classes[0].id}`, { capacity: 30 });
      const cancelled = await a.admin.patch(`/api/v1/occurrences/${classes[2].id}`, { capacity: 30 });
      const intoPast = await a.admin.patch(`/api/v1/occurrences/${classes[1].id}`, { date: '2027-02-22' });
      const tooSmall = await a.admin.patch(`/api/v1/occurrences/${classes[1].id}`, { capacity: 3 });

      expect(started.body).toMatchObject(problem(409, 'occurrence_in_past'));
      expect(cancelled.body).toMatchObject(problem(409, 'occurrence_cancelled'));
      expect(intoPast.body).toMatchObject({ ...problem(400, 'invalid_schedule'), errors: [{ path: 'date' }] });
      expect(tooSmall.body).toMatchObject({ ...problem(400, 'invalid_schedule'), errors: [{ path: 'capacity' }] });
    });

    it('flags a clash with the teacher’s or room’s other class, and saves it once confirmed', async () => {
      const first = await mondays('16:00');
      const second = await mondays('17:00', { teacherId: a.adminId, roomId: a.otherRoomId });

      const clash = await a.admin.patch(`/api/v1/occurrences/${second.classes[0].id}`, { startTime: '16:30', roomId: a.roomId });
      const confirmed = await a.admin.patch(`/api/v1/occurrences/${second.classes[0].id}`, { startTime: '16:30', roomId: a.roomId, confirmConflicts: true });

      expect(clash.body).toMatchObject(problem(409, 'schedule_conflict'));
      expect(clash.body.details.conflicts).toEqual([expect.objectContaining({ occurrenceId: first.classes[0].id, reason: 'room' })]);
      expect(confirmed.body).toMatchObject({ startTime: '16:30', roomId: a.roomId });
    });

    it('lets a teacher edit their own class but not hand it over, nor touch another teacher’s', async () => {
      const own = await mondays('19:00');
      const others = await mondays('19:00', { teacherId: a.adminId, roomId: a.otherRoomId });

      const ok = await a.teacher.patch(`/api/v1/occurrences/${own.classes[0].id}`, { capacity: 12 });
      const handOver = await a.teacher.patch(`/api/v1/occurrences/${own.classes[0].id}`, { teacherId: a.adminId });
      const foreign = await a.teacher.patch(`/api/v1/occurrences/${others.classes[0].id}`, { capacity: 12 });
      const frontDesk = await (await a.staff('front_desk')).patch(`/api/v1/occurrences/${own.classes[0].id}`, { capacity: 12 });

      expect(ok.body).toMatchObject({ capacity: 12 });
      expect(handOver.body).toMatchObject(problem(403, 'not_your_class'));
      expect(foreign.body).toMatchObject(problem(403, 'not_your_class'));
      expect(frontDesk.status).toBe(403);
    });
  });

  describe('substitute, cancel, delete', () => {
    it('substitutes a teacher for one class, remembering the series’ teacher until set back', async () => {
      const { classes } = await mondays('20:00');

      const sub = await a.admin.post(`/api/v1/occurrences/${classes[0].id}/substitute`, { teacherId: a.adminId });
      const back = await a.admin.post(`/api/v1/occurrences/${classes[0].id}/substitute`, { teacherId: a.teacherId });
      const unknown = await a.admin.post(`/api/v1/occurrences/${classes[0].id}/substitute`, { teacherId: b.teacherId });
      const byTeacher = await a.teacher.post(`/api/v1/occurrences/${classes[0].id}/substitute`, { teacherId: a.adminId });

      expect(sub.body).toMatchObject({ teacherId: a.adminId, substitutedFor: a.teacherId, teacherName: 'Ada Admin' });
      expect(back.body).toMatchObject({ teacherId: a.teacherId, substitutedFor: null });
      expect(unknown.body).toMatchObject(problem(404, 'teacher_not_found'));
      expect(byTeacher.status).toBe(403);
      expect((await eventsOf(enso, a, 'class.teacher_substituted.v1', classes[0].id)).map((e) => e.payload)).toEqual([
        { occurrenceId: classes[0].id, teacherId: a.adminId, previousTeacherId: a.teacherId },
        { occurrenceId: classes[0].id, teacherId: a.teacherId, previousTeacherId: a.adminId },
      ]);
    });

    it('flags a substitute who already teaches then', async () => {
      const busy = await mondays('21:00', { teacherId: a.adminId, roomId: a.otherRoomId });
      const { classes } = await mondays('21:00');

      const res = await a.admin.post(`/api/v1/occurrences/${classes[0].id}/substitute`, { teacherId: a.adminId });
      const confirmed = await a.admin.post(`/api/v1/occurrences/${classes[0].id}/substitute`, { teacherId: a.adminId, confirmConflicts: true });

      expect(res.body).toMatchObject(problem(409, 'schedule_conflict'));
      expect(res.body.details.conflicts).toEqual([expect.objectContaining({ occurrenceId: busy.classes[0].id, reason: 'teacher' })]);
      expect(confirmed.status).toBe(200);
    });

    it('cancels with a note, once, and announces it with the note', async () => {
      const { classes } = await mondays('06:00', { teacherId: null, roomId: null });

      const res = await a.admin.post(`/api/v1/occurrences/${classes[1].id}/cancel`, { note: 'The teacher is ill, sorry!' });
      const again = await a.admin.post(`/api/v1/occurrences/${classes[1].id}/cancel`, {});
      const frontDesk = await (await a.staff('front_desk')).post(`/api/v1/occurrences/${classes[2].id}/cancel`, {});

      expect(res.body).toMatchObject({ status: 'cancelled', cancelNote: 'The teacher is ill, sorry!', cancelledAt: start.replace('Z', '.000Z'), canDelete: false, canEdit: false });
      expect(again.body).toMatchObject(problem(409, 'occurrence_cancelled'));
      expect(frontDesk.status).toBe(403);
      expect((await eventsOf(enso, a, 'class.cancelled.v1', classes[1].id)).map((e) => e.payload)).toEqual([
        { occurrenceId: classes[1].id, seriesId: classes[1].seriesId, startsAt: classes[1].startsAt, note: 'The teacher is ill, sorry!' },
      ]);
    });

    it('deletes a class nobody booked (a tombstone stays), and refuses one with bookings', async () => {
      const { series, classes } = await mondays('05:00', { teacherId: null, roomId: null });
      await setBooked(classes[2].id, 1);

      const deleted = await a.admin.delete(`/api/v1/occurrences/${classes[1].id}`);
      const booked = await a.admin.delete(`/api/v1/occurrences/${classes[2].id}`);
      const detail = await a.admin.get(`/api/v1/occurrences/${classes[2].id}`);

      expect(deleted.status).toBe(204);
      expect(booked.body).toMatchObject(problem(409, 'occurrence_has_bookings'));
      expect(detail.body).toMatchObject({ bookedCount: 1, canDelete: false });
      expect((await classesOf(series.id)).map((o) => o.id)).not.toContain(classes[1].id);
      expect((await rowsOfSeries(enso, a, series.id)).find((r) => r.id === classes[1].id)).toMatchObject({ status: 'deleted' });
      expect(await eventsOf(enso, a, 'class.deleted.v1', classes[1].id)).toHaveLength(1);
    });
  });

  describe('irregular series', () => {
    it('takes another date (course), but not a weekly series nor a date in the past', async () => {
      const { series } = await createSeries(a, { templateId: a.templateId, kind: 'course', pattern: 'dates', dates: [{ date: '2027-03-10', startTime: '19:00' }], locationId: a.locationId });
      const { series: weeklySeries } = await mondays('07:30', { teacherId: null, roomId: null });

      const added = await a.admin.post(`/api/v1/series/${series.id}/dates`, { date: '2027-03-17', startTime: '19:30' });
      const toWeekly = await a.admin.post(`/api/v1/series/${weeklySeries.id}/dates`, { date: '2027-03-17', startTime: '19:30' });
      const past = await a.admin.post(`/api/v1/series/${series.id}/dates`, { date: '2027-02-17', startTime: '19:30' });
      const missing = await a.admin.post(`/api/v1/series/ser_01JD00000000000000000000ZZ/dates`, { date: '2027-03-17', startTime: '19:30' });

      expect(added.status).toBe(201);
      expect(added.body.occurrence).toMatchObject({ seriesId: series.id, localDate: '2027-03-17', startTime: '19:30', endTime: '20:30' });
      expect(toWeekly.body).toMatchObject({ ...problem(400, 'invalid_schedule'), errors: [{ path: 'date' }] });
      expect(past.body).toMatchObject(problem(400, 'invalid_schedule'));
      expect(missing.body).toMatchObject(problem(404, 'series_not_found'));
      expect((await a.admin.get(`/api/v1/series/${series.id}`)).body).toMatchObject({ startDate: '2027-03-10', endDate: '2027-03-17' });
      expect((await eventsOf(enso, a, 'class.scheduled.v2', series.id)).at(-1)!.payload).toEqual({
        seriesId: series.id,
        occurrences: [{ occurrenceId: added.body.occurrence.id, startsAt: added.body.occurrence.startsAt, endsAt: added.body.occurrence.endsAt }],
      });
    });
  });

  it('moves no time by hand: a week later the calendar is the same', async () => {
    const { classes } = await mondays('22:00', { teacherId: null, roomId: null });
    clock.advance(7 * day);

    expect((await a.admin.get(`/api/v1/occurrences/${classes[2].id}`)).body.startsAt).toBe(classes[2].startsAt);
  });
});
