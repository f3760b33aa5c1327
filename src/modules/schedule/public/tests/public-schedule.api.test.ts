import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../../kernel/clock.ts';
import type { StudioId } from '../../../../kernel/ids.ts';
import { withStudio } from '../../../../platform/db/tx.ts';
import { problem } from '../../../../platform/testing/client.ts';
import { testDatabaseKinds } from '../../../../platform/testing/database.ts';
import { createTestEnso, type TestEnso } from '../../../../platform/testing/enso.ts';
import { createSeries, scheduleStudio, weekly, type ScheduleStudio } from '../../tests/schedule-fixtures.ts';

const classKeys = [
  'bookability', 'capacity', 'category', 'color', 'currency', 'endTime', 'endsAt', 'id', 'kind', 'localDate', 'location', 'name',
  'online', 'opensAt', 'priceMinor', 'roomName', 'seriesId', 'spotsLeft', 'startTime', 'startsAt', 'teacher', 'timeZone',
];
const detailKeys = [
  ...classKeys, 'allowChildren', 'bannerUrl', 'bookingWindowDays', 'cancelNote', 'closesAt', 'description', 'salesCutoffMin', 'spotMap', 'spotSelection',
].sort();

describe.each(testDatabaseKinds())('public schedule API (%s)', (kind) => {
  let enso: TestEnso;
  let a: ScheduleStudio;
  let b: ScheduleStudio;
  // Monday 1 March 2027, 13:00 in Paris.
  const clock = fixedClock('2027-03-01T12:00:00Z');
  const base = (s: ScheduleStudio) => `/api/public/v1/studios/${s.slug}`;
  const week = (s: ScheduleStudio, query = '') => s.anonymous().get(`${base(s)}/schedule?from=2027-03-01${query}`);
  const ids = (res: { body: { items: { id: string }[] } }) => res.body.items.map((i) => i.id);

  /** The dated classes of a series, by start (the staff calendar). */
  async function classesOf(s: ScheduleStudio, seriesId: string): Promise<{ id: string; startsAt: string }[]> {
    const res = await s.admin.get('/api/v1/occurrences?from=2027-02-25T00:00:00Z&to=2027-04-25T00:00:00Z');
    return res.body.items.filter((o: { seriesId: string }) => o.seriesId === seriesId);
  }

  /** What the booking module will keep in `booked_count`; set directly until bookings exist. */
  async function setBooked(s: ScheduleStudio, occurrenceId: string, count: number) {
    await withStudio(enso.database, s.studioId as StudioId, (tx) =>
      tx.execute(sql`update schedule_occurrences set booked_count = ${count} where studio_id = ${s.studioId} and id = ${occurrenceId}`),
    );
  }

  beforeAll(async () => {
    enso = await createTestEnso(kind, { clock });
    a = await scheduleStudio(enso);
    b = await scheduleStudio(enso);
  });
  afterAll(() => enso?.dispose());

  describe('the week', () => {
    it('lists public classes with spots left, price and teacher name, and nothing staff-only', async () => {
      const s = await scheduleStudio(enso);
      await s.admin.patch(`/api/v1/teachers/${s.teacherId}`, { bio: 'Ten years of flow.' });
      const series = await createSeries(s, weekly(s, { weekdays: [2, 4], startTimes: ['18:30'], capacity: 12, priceMinor: 1800, videoUrl: null }));
      const [first] = await classesOf(s, series.series.id);
      await setBooked(s, first!.id, 9);

      const res = await week(s);

      expect(res.status).toBe(200);
      expect(res.body.timeZone).toBe('Europe/Paris');
      expect(res.body.items).toHaveLength(2);
      expect(Object.keys(res.body).sort()).toEqual(['days', 'filters', 'from', 'items', 'timeZone']);
      expect(Object.keys(res.body.items[0]).sort()).toEqual(classKeys);
      expect(res.body.items[0]).toEqual({
        id: first!.id,
        name: 'Vinyasa flow',
        category: 'Yoga',
        color: '#4c6ef5',
        kind: 'class',
        seriesId: expect.any(String),
        startsAt: '2027-03-02T17:30:00.000Z',
        endsAt: '2027-03-02T18:30:00.000Z',
        localDate: '2027-03-02',
        startTime: '18:30',
        endTime: '19:30',
        timeZone: 'Europe/Paris',
        teacher: { id: s.teacherId, name: 'teacher Tester' },
        location: { id: s.locationId, name: 'Main hall' },
        roomName: 'Studio A',
        online: false,
        capacity: 12,
        spotsLeft: 3,
        bookability: 'open',
        opensAt: null,
        priceMinor: 1800,
        currency: 'EUR',
      });
      expect(res.body.items[1]).toMatchObject({ localDate: '2027-03-04', spotsLeft: 12 });
      expect(res.body.filters).toEqual({
        locations: [{ id: s.locationId, name: 'Main hall' }],
        teachers: [{ id: s.teacherId, name: 'teacher Tester' }],
        templates: [{ id: s.templateId, name: 'Vinyasa flow' }],
      });
      expect(JSON.stringify(res.body)).not.toMatch(/@|shareToken|share_token|bookedCount|videoUrl|key=|Ten years/);
    });

    it('starts at today in the studio zone and shows 7 days unless told', async () => {
      const s = await scheduleStudio(enso);
      await createSeries(s, weekly(s, { weekdays: [1, 7], startTimes: ['20:00'], teacherId: null, roomId: null }));

      const byDefault = await s.anonymous().get(`${base(s)}/schedule`);
      const oneDay = await s.anonymous().get(`${base(s)}/schedule?from=2027-03-07&days=1`);
      const month = await s.anonymous().get(`${base(s)}/schedule?from=2027-03-01&days=31`);

      expect(byDefault.body).toMatchObject({ from: '2027-03-01', days: 7 });
      expect(byDefault.body.items.map((i: { localDate: string }) => i.localDate)).toEqual(['2027-03-01', '2027-03-07']);
      expect(oneDay.body.items.map((i: { localDate: string }) => i.localDate)).toEqual(['2027-03-07']);
      expect(month.body.items).toHaveLength(9);
    });

    it('never lists private (link) or hidden classes; a private class opens only with its key', async () => {
      const s = await scheduleStudio(enso);
      const open = await createSeries(s, weekly(s, { startTimes: ['09:00'], teacherId: null, roomId: null, weeksAhead: 1 }));
      const privateClass = await createSeries(s, weekly(s, { kind: 'private', startTimes: ['11:00'], teacherId: null, roomId: null, weeksAhead: 1 }));
      const hidden = await createSeries(s, weekly(s, { visibility: 'hidden', startTimes: ['13:00'], teacherId: null, roomId: null, weeksAhead: 1 }));
      const [p] = await classesOf(s, privateClass.series.id);
      const [h] = await classesOf(s, hidden.series.id);
      const key = new URL(privateClass.series.shareUrl).searchParams.get('key')!;

      const list = await week(s);
      const privateWithoutKey = await s.anonymous().get(`${base(s)}/classes/${p!.id}`);
      const privateWrongKey = await s.anonymous().get(`${base(s)}/classes/${p!.id}?key=${key.slice(1)}x`);
      const privateWithKey = await s.anonymous().get(`${base(s)}/classes/${p!.id}?key=${encodeURIComponent(key)}`);
      const hiddenWithKey = await s.anonymous().get(`${base(s)}/classes/${h!.id}?key=${encodeURIComponent(hidden.series.shareUrl.split('key=')[1] ?? key)}`);
      const missing = await s.anonymous().get(`${base(s)}/classes/occ_01JD0000000000000000000000`);

      expect(ids(list)).toEqual([(await classesOf(s, open.series.id))[0]!.id]);
      expect(privateWithoutKey.status).toBe(404);
      expect(privateWrongKey.status).toBe(404);
      expect(hiddenWithKey.status).toBe(404);
      expect(privateWithoutKey.body).toMatchObject(problem(404, 'occurrence_not_found'));
      const strip = (body: Record<string, unknown>) => ({ ...body, instance: undefined, requestId: undefined });
      expect(strip(privateWithoutKey.body)).toEqual(strip(missing.body));
      expect(strip(hiddenWithKey.body)).toEqual(strip(missing.body));
      expect(privateWithKey.status).toBe(200);
      expect(privateWithKey.body).toMatchObject({ id: p!.id, kind: 'private' });
      expect(JSON.stringify(privateWithKey.body)).not.toContain(key);
    });

    it('shows a cancelled class as cancelled, with its note, and never a deleted one', async () => {
      const s = await scheduleStudio(enso);
      const series = await createSeries(s, weekly(s, { weekdays: [2, 3, 4], startTimes: ['07:00'], teacherId: null, roomId: null, weeksAhead: 1 }));
      const [tue, wed] = await classesOf(s, series.series.id);
      expect((await s.admin.post(`/api/v1/occurrences/${tue!.id}/cancel`, { note: 'Teacher is ill' })).status).toBe(200);
      expect((await s.admin.delete(`/api/v1/occurrences/${wed!.id}`)).status).toBeLessThan(300);

      const list = await week(s);
      const cancelled = await s.anonymous().get(`${base(s)}/classes/${tue!.id}`);
      const deleted = await s.anonymous().get(`${base(s)}/classes/${wed!.id}`);

      expect(list.body.items.map((i: { localDate: string; bookability: string }) => [i.localDate, i.bookability])).toEqual([
        ['2027-03-02', 'cancelled'],
        ['2027-03-04', 'open'],
      ]);
      expect(cancelled.body).toMatchObject({ bookability: 'cancelled', cancelNote: 'Teacher is ill' });
      expect(deleted.body).toMatchObject(problem(404, 'occurrence_not_found'));
    });

    it('filters by location, teacher and class type', async () => {
      const s = await scheduleStudio(enso);
      const annex = (await s.admin.post('/api/v1/locations', { name: 'Annex', timeZone: 'Europe/Paris' })).body;
      const pilates = (await s.admin.post('/api/v1/class-templates', { name: 'Mat pilates', defaultDurationMin: 45, defaultCapacity: 10 })).body;
      const yoga = await createSeries(s, weekly(s, { startTimes: ['08:00'], roomId: null, weeksAhead: 1 }));
      const atAnnex = await createSeries(s, weekly(s, { templateId: pilates.id, locationId: annex.id, roomId: null, teacherId: s.adminId, startTimes: ['09:00'], weeksAhead: 1 }));
      const [y] = await classesOf(s, yoga.series.id);
      const [p] = await classesOf(s, atAnnex.series.id);

      const byLocation = await week(s, `&locationId=${annex.id}`);
      const byTeacher = await week(s, `&teacherId=${s.teacherId}`);
      const byType = await week(s, `&templateId=${pilates.id}`);
      const none = await week(s, `&teacherId=${s.teacherId}&templateId=${pilates.id}`);

      expect(ids(byLocation)).toEqual([p!.id]);
      expect(ids(byTeacher)).toEqual([y!.id]);
      expect(ids(byType)).toEqual([p!.id]);
      expect(ids(none)).toEqual([]);
      expect(byType.body.filters.locations.map((l: { name: string }) => l.name)).toEqual(['Annex', 'Main hall']);
      expect(byType.body.filters.teachers.map((t: { name: string }) => t.name)).toEqual(['Ada Admin', 'teacher Tester']);
      expect(byType.body.filters.templates.map((t: { name: string }) => t.name)).toEqual(['Mat pilates', 'Vinyasa flow']);
    });

    it("puts a class in the week of its own local date (New York location, Paris studio)", async () => {
      const s = await scheduleStudio(enso);
      const ny = (await s.admin.post('/api/v1/locations', { name: 'Manhattan', timeZone: 'America/New_York' })).body;
      // Sunday 7 March 20:00 in New York is Monday 8 March 02:00 in Paris; Monday 8 March 00:30 in Paris is Sunday 23:30 UTC.
      const late = await createSeries(s, { templateId: s.templateId, pattern: 'dates', dates: [{ date: '2027-03-07', startTime: '20:00' }], locationId: ny.id });
      const early = await createSeries(s, { templateId: s.templateId, pattern: 'dates', dates: [{ date: '2027-03-08', startTime: '00:30' }], locationId: s.locationId });
      const [nyClass] = await classesOf(s, late.series.id);
      const [parisClass] = await classesOf(s, early.series.id);

      const first = await week(s);
      const second = await s.anonymous().get(`${base(s)}/schedule?from=2027-03-08`);

      expect(ids(first)).toEqual([nyClass!.id]);
      expect(first.body.items[0]).toMatchObject({ localDate: '2027-03-07', startTime: '20:00', endTime: '21:00', timeZone: 'America/New_York', startsAt: '2027-03-08T01:00:00.000Z' });
      expect(ids(second)).toEqual([parisClass!.id]);
      expect(second.body.items[0]).toMatchObject({ localDate: '2027-03-08', startTime: '00:30', timeZone: 'Europe/Paris', startsAt: '2027-03-07T23:30:00.000Z' });
    });

    it('says when booking opens, closes, or the class is full or started', async () => {
      const s = await scheduleStudio(enso);
      // Today (Monday) 18:00 with a 6-hour cutoff: closed since 12:00 Paris time (11:00Z); now is 12:00Z.
      const closing = await createSeries(s, weekly(s, { startTimes: ['18:00'], salesCutoffMin: 360, teacherId: null, roomId: null, weeksAhead: 1 }));
      const windowed = await createSeries(s, weekly(s, { weekdays: [7], startTimes: ['10:00'], bookingWindowDays: 2, teacherId: null, roomId: null, weeksAhead: 1 }));
      const past = await createSeries(s, weekly(s, { startTimes: ['07:00'], teacherId: null, roomId: null, weeksAhead: 1 }));
      const full = await createSeries(s, weekly(s, { weekdays: [3], startTimes: ['07:00'], capacity: 2, teacherId: null, roomId: null, weeksAhead: 1 }));
      const [c] = await classesOf(s, closing.series.id);
      const [w] = await classesOf(s, windowed.series.id);
      const [p] = await classesOf(s, past.series.id);
      const [f] = await classesOf(s, full.series.id);
      await setBooked(s, f!.id, 2);

      const res = await week(s);
      const byId = new Map(res.body.items.map((i: { id: string }) => [i.id, i]));
      const detail = await s.anonymous().get(`${base(s)}/classes/${c!.id}`);

      expect(byId.get(c!.id)).toMatchObject({ bookability: 'sales_closed' });
      expect(byId.get(w!.id)).toMatchObject({ bookability: 'not_yet_open', opensAt: '2027-03-05T09:00:00.000Z' });
      expect(byId.get(p!.id)).toMatchObject({ bookability: 'started' });
      expect(byId.get(f!.id)).toMatchObject({ bookability: 'full', spotsLeft: 0 });
      expect(detail.body).toMatchObject({ salesCutoffMin: 360, closesAt: '2027-03-01T11:00:00.000Z', bookingWindowDays: null });
    });
  });

  describe('a class page', () => {
    it('shows the description, teacher profile, address and rules, and only those keys', async () => {
      const s = a;
      await s.admin.patch(`/api/v1/class-templates/${s.templateId}`, { description: 'Breath and movement.\n\nBring a mat.' });
      await s.admin.patch(`/api/v1/teachers/${s.teacherId}`, { bio: 'Ten years of flow.' });
      await s.admin.patch(`/api/v1/locations/${s.locationId}`, { addressLine1: '1 rue de la Paix', city: 'Paris', postalCode: '75002', country: 'FR' });
      const series = await createSeries(s, weekly(s, { weekdays: [5], startTimes: ['12:15'], allowChildren: true, spotSelection: true, weeksAhead: 1 }));
      const [o] = await classesOf(s, series.series.id);

      const res = await s.anonymous().get(`${base(s)}/classes/${o!.id}`);

      expect(res.status).toBe(200);
      expect(Object.keys(res.body).sort()).toEqual(detailKeys);
      expect(res.body).toMatchObject({
        name: 'Vinyasa flow',
        description: 'Breath and movement.\n\nBring a mat.',
        bannerUrl: null,
        teacher: { id: s.teacherId, name: 'teacher Tester', bio: 'Ten years of flow.', photoUrl: null },
        location: { id: s.locationId, name: 'Main hall', addressLine1: '1 rue de la Paix', addressLine2: '', city: 'Paris', postalCode: '75002', region: '', country: 'FR' },
        roomName: 'Studio A',
        allowChildren: true,
        spotSelection: true,
        spotMap: null,
        cancelNote: null,
        startTime: '12:15',
        localDate: '2027-03-05',
      });
      expect(Object.keys(res.body.teacher).sort()).toEqual(['bio', 'id', 'name', 'photoUrl']);
      expect(JSON.stringify(res.body)).not.toMatch(/@|welcome|video|share|booked/i);
    });

    it("never shows another studio's class through this studio's address", async () => {
      const series = await createSeries(b, weekly(b, { startTimes: ['19:00'], teacherId: null, roomId: null, weeksAhead: 1 }));
      const [o] = await classesOf(b, series.series.id);

      const res = await a.anonymous().get(`${base(a)}/classes/${o!.id}`);
      const own = await b.anonymous().get(`${base(b)}/classes/${o!.id}`);

      expect(res.body).toMatchObject(problem(404, 'occurrence_not_found'));
      expect(own.status).toBe(200);
      expect(ids(await week(a))).not.toContain(o!.id);
    });
  });

  describe('a series page (the share link)', () => {
    it('lists the classes of a private series with its key, and is not found without it', async () => {
      const s = await scheduleStudio(enso);
      const privateClass = await createSeries(s, weekly(s, { kind: 'private', weekdays: [2], startTimes: ['11:00'], teacherId: null, roomId: null, weeksAhead: 2 }));
      const url = new URL(privateClass.series.shareUrl);

      const withKey = await s.anonymous().get(`${base(s)}/series/${privateClass.series.id}${url.search}`);
      const withoutKey = await s.anonymous().get(`${base(s)}/series/${privateClass.series.id}`);

      expect(url.pathname).toBe(`/s/${s.slug}/series/${privateClass.series.id}`);
      expect(withKey.status).toBe(200);
      expect(withKey.body).toMatchObject({ id: privateClass.series.id, name: 'Vinyasa flow' });
      expect(withKey.body.items.map((i: { localDate: string }) => i.localDate)).toEqual(['2027-03-02', '2027-03-09']);
      expect(withoutKey.body).toMatchObject(problem(404, 'series_not_found'));
    });
  });

  describe('errors', () => {
    it('answers 404 for an unknown studio', async () => {
      const schedule = await a.anonymous().get('/api/public/v1/studios/no-such-studio/schedule');
      const one = await a.anonymous().get('/api/public/v1/studios/no-such-studio/classes/occ_1');

      expect(schedule.body).toMatchObject(problem(404, 'studio_not_found'));
      expect(one.body).toMatchObject(problem(404, 'studio_not_found'));
    });

    it('refuses a bad query with field errors', async () => {
      const cases: [string, string][] = [
        ['from=2027-13-01', 'from'],
        ['from=2027-02-30', 'from'],
        ['from=tomorrow', 'from'],
        ['days=0', 'days'],
        ['days=32', 'days'],
        ['days=two', 'days'],
      ];
      for (const [query, path] of cases) {
        const res = await a.anonymous().get(`${base(a)}/schedule?${query}`);

        expect(res.status, query).toBe(400);
        expect(res.body.errors.map((e: { path: string }) => e.path), query).toContain(path);
      }
    });
  });

  describe('Add to website', () => {
    it('gives admins the iframe and script snippets with the public address', async () => {
      const res = await a.admin.get('/api/v1/schedule/embed');
      const frontDesk = await (await a.staff('front_desk')).get('/api/v1/schedule/embed');

      expect(res.body).toEqual({
        scheduleUrl: `http://enso.test/s/${a.slug}/schedule`,
        iframe: `<iframe src="http://enso.test/s/${a.slug}/schedule?embed=1" title="Class schedule" style="width:100%;min-height:720px;border:0" loading="lazy"></iframe>`,
        script: `<script src="http://enso.test/embed.js" data-enso-studio="${a.slug}" async></script>`,
      });
      expect(frontDesk.status).toBe(403);
    });
  });
});
