import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../kernel/clock.ts';
import { instantToZoned } from '../../../kernel/time.ts';
import { problem } from '../../../platform/testing/client.ts';
import { testDatabaseKinds } from '../../../platform/testing/database.ts';
import { createTestEnso, type TestEnso } from '../../../platform/testing/enso.ts';
import { createSeries, eventsOf, rowsOfSeries, scheduleStudio, userIdOf, weekly, type ScheduleStudio } from './schedule-fixtures.ts';

describe.each(testDatabaseKinds())('schedule series API (%s)', (kind) => {
  let enso: TestEnso;
  let a: ScheduleStudio;
  let b: ScheduleStudio;
  // A Monday: 13:00 in Paris.
  const clock = fixedClock('2027-03-01T12:00:00Z');

  beforeAll(async () => {
    enso = await createTestEnso(kind, { clock });
    a = await scheduleStudio(enso);
    b = await scheduleStudio(enso);
  });
  afterAll(() => enso?.dispose());

  describe('weekly series', () => {
    it('materialises the classes up to weeksAhead weeks from today and announces them in one event', async () => {
      const res = await a.admin.post('/api/v1/series', weekly(a, { weekdays: [3, 1], startTimes: ['07:00'], roomId: a.otherRoomId, teacherId: null }));

      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        occurrencesCreated: 9,
        conflicts: [],
        series: { name: 'Vinyasa flow', weekdays: [1, 3], startTimes: ['07:00'], durationMin: 60, capacity: 15, timeZone: 'Europe/Paris', materialisedUntil: '2027-03-29' },
      });
      const rows = await rowsOfSeries(enso, a, res.body.series.id);
      // Monday 1 March 07:00 has passed at 13:00: it exists (the series starts that day) but is in the past.
      expect(rows.map((r) => r.slot_key)).toEqual([
        '2027-03-01T07:00', '2027-03-03T07:00', '2027-03-08T07:00', '2027-03-10T07:00', '2027-03-15T07:00',
        '2027-03-17T07:00', '2027-03-22T07:00', '2027-03-24T07:00', '2027-03-29T07:00',
      ]);
      expect(await eventsOf(enso, a, 'class_series.created.v1', res.body.series.id)).toMatchObject([{ payload: { kind: 'class', pattern: 'weekly' } }]);
      // The series' nine classes are announced in one event, each with its times.
      const scheduled = await eventsOf(enso, a, 'class.scheduled.v2', res.body.series.id);
      expect(scheduled).toHaveLength(1);
      expect(scheduled[0]!.payload.occurrences.map((o: any) => o.occurrenceId).sort()).toEqual(rows.map((r) => r.id).sort());
      expect(scheduled[0]!.payload.occurrences[0]).toEqual({ occurrenceId: expect.any(String), startsAt: '2027-03-01T06:00:00.000Z', endsAt: '2027-03-01T07:00:00.000Z' });
    });

    it('keeps 18:00 local in New York across the March change (the UTC time moves)', async () => {
      const ny = await scheduleStudio(enso, { timeZone: 'America/New_York' });
      const res = await createSeries(ny, weekly(ny, { startDate: '2027-03-01', weeksAhead: 3 }));

      const list = await ny.admin.get(`/api/v1/occurrences?from=2027-03-01T00:00:00Z&to=2027-03-30T00:00:00Z`);
      expect(res.series.timeZone).toBe('America/New_York');
      expect(list.body.items.map((o: any) => [o.localDate, o.startTime, o.startsAt])).toEqual([
        ['2027-03-01', '18:00', '2027-03-01T23:00:00.000Z'],
        ['2027-03-08', '18:00', '2027-03-08T23:00:00.000Z'],
        ['2027-03-15', '18:00', '2027-03-15T22:00:00.000Z'],
        ['2027-03-22', '18:00', '2027-03-22T22:00:00.000Z'],
      ]);
      for (const o of list.body.items) expect(instantToZoned(new Date(o.startsAt), 'America/New_York').minute).toBe(18 * 60);
    });

    it('schedules a semester to its end at once, whatever weeksAhead says', async () => {
      const res = await createSeries(a, weekly(a, { kind: 'semester', startTimes: ['10:00'], endDate: '2027-06-28', weeksAhead: 1, teacherId: null, roomId: null }));

      expect(res.occurrencesCreated).toBe(18);
      expect(res.series.materialisedUntil).toBe('2027-06-28');
    });

    it('takes capacity and duration from the template unless given', async () => {
      const res = await createSeries(a, weekly(a, { startTimes: ['06:00'], durationMin: 75, capacity: 8, teacherId: null, roomId: null, weeksAhead: 1 }));

      expect(res.series).toMatchObject({ durationMin: 75, capacity: 8 });
      const rows = await rowsOfSeries(enso, a, res.series.id);
      expect(rows.every((r) => r.capacity === 8)).toBe(true);
    });

    it('refuses an incomplete or contradictory pattern with field errors', async () => {
      const cases: [Record<string, unknown>, string][] = [
        [{ weekdays: [] }, 'weekdays'],
        [{ startTimes: [] }, 'startTimes'],
        [{ startDate: undefined }, 'startDate'],
        [{ endDate: '2027-02-01' }, 'endDate'],
        [{ kind: 'semester' }, 'endDate'],
        [{ kind: 'semester', pattern: 'dates', dates: [{ date: '2027-04-01', startTime: '10:00' }] }, 'pattern'],
        [{ pattern: 'dates', dates: [] }, 'dates'],
        [{ locationId: null, roomId: null }, 'locationId'],
        [{ roomId: b.roomId }, 'roomId'],
      ];
      for (const [overrides, path] of cases) {
        const res = await a.admin.post('/api/v1/series', weekly(a, overrides));

        expect(res.status, JSON.stringify(overrides)).toBeGreaterThanOrEqual(400);
        expect(res.body.errors?.map((e: { path: string }) => e.path), JSON.stringify(overrides)).toContain(path);
      }
    });

    it('names what it cannot find: template, location, teacher', async () => {
      const frontDesk = await a.staff('front_desk');
      const otherStaff = await userIdOf(frontDesk);
      await a.admin.post(`/api/v1/staff/${otherStaff}/deactivate`);

      const template = await a.admin.post('/api/v1/series', weekly(a, { templateId: b.templateId }));
      const location = await a.admin.post('/api/v1/series', weekly(a, { locationId: b.locationId, roomId: null }));
      const teacher = await a.admin.post('/api/v1/series', weekly(a, { teacherId: b.teacherId }));
      const inactive = await a.admin.post('/api/v1/series', weekly(a, { teacherId: otherStaff }));

      expect(template.body).toMatchObject({ ...problem(404, 'template_not_found'), errors: [{ path: 'templateId' }] });
      expect(location.body).toMatchObject({ ...problem(404, 'location_not_found'), errors: [{ path: 'locationId' }] });
      expect(teacher.body).toMatchObject({ ...problem(404, 'teacher_not_found'), errors: [{ path: 'teacherId' }] });
      expect(inactive.body).toMatchObject(problem(404, 'teacher_not_found'));
    });

    it('refuses an archived template', async () => {
      const t = await a.admin.post('/api/v1/class-templates', { name: 'Old class', defaultDurationMin: 45, defaultCapacity: 10 });
      await a.admin.post(`/api/v1/class-templates/${t.body.id}/archive`);

      const res = await a.admin.post('/api/v1/series', weekly(a, { templateId: t.body.id }));

      expect(res.body).toMatchObject(problem(409, 'template_archived'));
    });
  });

  describe('irregular dates, retreats, private and online classes', () => {
    it('makes one class per date of a course', async () => {
      const res = await createSeries(a, {
        templateId: a.templateId,
        kind: 'course',
        pattern: 'dates',
        dates: [
          { date: '2027-04-12', startTime: '19:00' },
          { date: '2027-04-05', startTime: '19:00' },
          { date: '2027-04-20', startTime: '09:30' },
        ],
        locationId: a.locationId,
      });

      expect(res).toMatchObject({ occurrencesCreated: 3, series: { pattern: 'dates', startDate: '2027-04-05', endDate: '2027-04-20', materialisedUntil: null } });
      const rows = await rowsOfSeries(enso, a, res.series.id);
      expect(rows.map((r) => r.local_date)).toEqual(['2027-04-05', '2027-04-12', '2027-04-20']);
    });

    it('lets a retreat span days, ending on its own end date and time', async () => {
      const res = await createSeries(a, {
        templateId: a.templateId,
        kind: 'retreat',
        pattern: 'dates',
        dates: [{ date: '2027-05-07', startTime: '16:00', endDate: '2027-05-09', endTime: '14:00' }],
        locationId: a.locationId,
      });

      const detail = (await a.admin.get(`/api/v1/occurrences?from=2027-05-01T00:00:00Z&to=2027-05-10T00:00:00Z`)).body.items.find(
        (o: any) => o.seriesId === res.series.id,
      );
      expect(detail).toMatchObject({ startsAt: '2027-05-07T14:00:00.000Z', endsAt: '2027-05-09T12:00:00.000Z', startTime: '16:00', endTime: '14:00' });
      const backwards = await a.admin.post('/api/v1/series', {
        templateId: a.templateId,
        kind: 'retreat',
        pattern: 'dates',
        dates: [{ date: '2027-05-07', startTime: '16:00', endDate: '2027-05-06', endTime: '14:00' }],
        locationId: a.locationId,
      });
      expect(backwards.body).toMatchObject({ ...problem(400, 'invalid_schedule'), errors: [{ path: 'dates.0.endTime' }] });
    });

    it('makes a private class link-only, with its key in the share link', async () => {
      const res = await createSeries(a, weekly(a, { kind: 'private', visibility: 'public', startTimes: ['12:00'], teacherId: null, roomId: null, weeksAhead: 1 }));

      expect(res.series.visibility).toBe('link');
      expect(res.series.shareUrl).toMatch(new RegExp(`^http://enso.test/s/${a.slug}/series/${res.series.id}\\?key=[\\w-]{20,}$`));
    });

    it("runs an online class without a location in the studio's zone", async () => {
      const tokyo = await scheduleStudio(enso, { timeZone: 'Asia/Tokyo' });

      const res = await createSeries(tokyo, weekly(tokyo, { locationId: null, roomId: null, online: true, videoUrl: 'https://meet.example.com/x', weeksAhead: 1 }));

      expect(res.series).toMatchObject({ timeZone: 'Asia/Tokyo', locationId: null, online: true });
    });
  });

  describe('conflicts', () => {
    it('flags a teacher or room already busy, then saves once confirmed and lists them', async () => {
      const first = await createSeries(a, weekly(a, { weekdays: [2], startTimes: ['18:00'], weeksAhead: 2 }));
      const clash = weekly(a, { weekdays: [2], startTimes: ['18:30'], weeksAhead: 1 });

      const refused = await a.admin.post('/api/v1/series', clash);
      const adjacent = await a.admin.post('/api/v1/series', weekly(a, { weekdays: [2], startTimes: ['19:00'], weeksAhead: 1 }));
      const accepted = await a.admin.post('/api/v1/series', { ...clash, confirmConflicts: true });

      expect(refused.body).toMatchObject({ ...problem(409, 'schedule_conflict'), errors: [{ path: 'confirmConflicts' }] });
      expect(refused.body.details.conflicts).toEqual([
        expect.objectContaining({ name: 'Vinyasa flow', reason: 'room', startsAt: '2027-03-02T17:00:00.000Z' }),
        expect.objectContaining({ name: 'Vinyasa flow', reason: 'teacher', startsAt: '2027-03-02T17:00:00.000Z' }),
      ]);
      expect(adjacent.status).toBe(201);
      expect(accepted.status).toBe(201);
      // Now the 19:00 class (which only touched the first at its end) overlaps 18:30–19:30 too.
      expect(accepted.body.conflicts).toHaveLength(4);
      expect((await rowsOfSeries(enso, a, first.series.id)).length).toBe(2);
    });
  });

  describe('reading', () => {
    it('reads a series, and never another studio’s', async () => {
      const res = await createSeries(a, weekly(a, { startTimes: ['21:00'], teacherId: null, roomId: null, weeksAhead: 1 }));

      const own = await a.admin.get(`/api/v1/series/${res.series.id}`);
      const other = await b.admin.get(`/api/v1/series/${res.series.id}`);

      expect(own.body).toMatchObject({ id: res.series.id, startTimes: ['21:00'], shareUrl: `http://enso.test/s/${a.slug}/series/${res.series.id}` });
      expect(other.body).toMatchObject(problem(404, 'series_not_found'));
    });

    it('lists the studio’s series, narrowed to a template, never another studio’s', async () => {
      const t = await a.admin.post('/api/v1/class-templates', { name: 'Pilates', defaultDurationMin: 50, defaultCapacity: 8 });
      const res = await createSeries(a, weekly(a, { templateId: t.body.id, startTimes: ['05:30'], teacherId: null, roomId: null, weeksAhead: 1 }));

      const all = await a.admin.get('/api/v1/series');
      const one = await (await a.staff('front_desk')).get(`/api/v1/series?templateId=${t.body.id}`);
      const other = await b.admin.get('/api/v1/series');

      expect(all.body.items.map((s: any) => s.id)).toContain(res.series.id);
      expect(one.body.items).toEqual([expect.objectContaining({ id: res.series.id, name: 'Pilates', startTimes: ['05:30'] })]);
      expect(other.body.items.map((s: any) => s.id)).not.toContain(res.series.id);
    });
  });
});
