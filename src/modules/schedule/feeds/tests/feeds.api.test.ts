import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../../kernel/clock.ts';
import { testDatabaseKinds } from '../../../../platform/testing/database.ts';
import { createTestEnso, makeStudio, type StudioFixture, type TestEnso } from '../../../../platform/testing/enso.ts';
import { problem, type TestClient } from '../../../../platform/testing/client.ts';
import { unfold } from '../ical.ts';
import { dateIn, makeClasses, makeTemplate } from '../../video/tests/support.ts';
import { userIdOf } from '../../tests/schedule-fixtures.ts';

const pathOf = (url: string) => new URL(url).pathname;
/** The VEVENTs of a calendar as maps of property → value (after unfolding). */
function eventsIn(text: string): Map<string, string>[] {
  const events: Map<string, string>[] = [];
  let current: Map<string, string> | null = null;
  for (const line of unfold(text)) {
    if (line === 'BEGIN:VEVENT') current = new Map();
    else if (line === 'END:VEVENT' && current) {
      events.push(current);
      current = null;
    } else if (current) {
      const i = line.indexOf(':');
      current.set(line.slice(0, i), line.slice(i + 1));
    }
  }
  return events;
}

describe.each(testDatabaseKinds())('calendar feeds (%s)', (kind) => {
  let enso: TestEnso;
  let a: StudioFixture;
  let b: StudioFixture;
  let teacher: TestClient;
  let teacherId: string;
  let otherTeacherId: string;
  let locationId: string;
  let occurrenceIds: string[];
  let privateIds: string[];
  let privateShareUrl: string;
  const clock = fixedClock('2027-03-01T09:00:00Z');

  beforeAll(async () => {
    enso = await createTestEnso(kind, { clock });
    a = await makeStudio(enso);
    b = await makeStudio(enso);
    teacher = await a.staff('teacher');
    await a.staff('teacher');
    teacherId = await userIdOf(teacher);
    const staff = (await a.admin.get('/api/v1/staff')).body.items as { id: string; role: string }[];
    otherTeacherId = staff.find((s) => s.role === 'teacher' && s.id !== teacherId)!.id;
    locationId = (await a.admin.post('/api/v1/locations', { name: 'Paris, Marais', timeZone: 'Europe/Paris' })).body.id;
    const templateId = await makeTemplate(a.admin, 'Hatha');
    ({ occurrenceIds } = await makeClasses(a, { templateId, dates: [dateIn(clock, -40), dateIn(clock, -3), dateIn(clock, 2), dateIn(clock, 200)], teacherId, locationId }));
    const privateTemplate = await makeTemplate(a.admin, 'Private session');
    const priv = await makeClasses(a, {
      templateId: privateTemplate,
      kind: 'private',
      visibility: 'link',
      dates: [dateIn(clock, 4)],
      teacherId,
      online: true,
      videoUrl: 'https://meet.example/secret-room',
    });
    privateIds = priv.occurrenceIds;
    privateShareUrl = priv.shareUrl;
  });
  afterAll(() => enso?.dispose());

  const createFeed = (client: TestClient, body: unknown) => client.post('/api/v1/calendar-feeds', body);

  it('serves a teacher feed: 30 days back to 180 ahead, cancelled classes as CANCELLED, private classes without their link', async () => {
    await a.admin.post(`/api/v1/occurrences/${occurrenceIds[2]}/cancel`, { note: 'Closed, sorry' });

    const feed = await createFeed(a.admin, { kind: 'teacher', targetId: teacherId });
    const res = await a.anonymous().get(pathOf(feed.body.url));

    expect(feed.status).toBe(201);
    expect(feed.body.url).toMatch(/^http:\/\/enso\.test\/api\/public\/v1\/calendar\/[A-Za-z0-9_-]{43}\.ics$/);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/calendar; charset=utf-8');
    expect(res.raw.body).toMatch(/^BEGIN:VCALENDAR\r\n/);
    const events = eventsIn(res.raw.body);
    const uids = events.map((e) => e.get('UID'));
    expect(uids).toEqual([occurrenceIds[1], occurrenceIds[2], privateIds[0]].map((id) => `${id}@enso.test`));
    expect(events[1]!.get('STATUS')).toBe('CANCELLED');
    expect(events[1]!.get('DESCRIPTION')).toContain('Closed\\, sorry');
    expect(events[0]!.get('STATUS')).toBe('CONFIRMED');
    expect(events[0]!.get('LOCATION')).toBe('Paris\\, Marais');
    expect(events[0]!.get('SUMMARY')).toMatch(/^Hatha/);
    expect(events[2]!.get('LOCATION')).toBe('Online');
    expect(res.raw.body).not.toContain('secret-room');
  });

  it('serves a location feed with the teacher named', async () => {
    const feed = await createFeed(a.admin, { kind: 'location', targetId: locationId });

    const res = await a.anonymous().get(pathOf(feed.body.url));

    const events = eventsIn(res.raw.body);
    expect(events.map((e) => e.get('UID'))).toEqual([occurrenceIds[1], occurrenceIds[2]].map((id) => `${id}@enso.test`));
    expect(events[0]!.get('DESCRIPTION')).toContain('Teacher: teacher Tester');
  });

  it('rotating a feed revokes the old URL and issues a new one; removing it revokes it', async () => {
    const first = await createFeed(a.admin, { kind: 'location', targetId: locationId });

    const second = await createFeed(a.admin, { kind: 'location', targetId: locationId });
    const oldUrl = await a.anonymous().get(pathOf(first.body.url));
    const newUrl = await a.anonymous().get(pathOf(second.body.url));
    const removed = await a.admin.delete(`/api/v1/calendar-feeds/${second.body.id}`);
    const afterRemoval = await a.anonymous().get(pathOf(second.body.url));
    const list = await a.admin.get('/api/v1/calendar-feeds');

    expect(second.body.url).not.toBe(first.body.url);
    expect(oldUrl.body).toMatchObject(problem(404, 'feed_not_found'));
    expect(newUrl.status).toBe(200);
    expect(removed.status).toBe(200);
    expect(afterRemoval.body).toMatchObject(problem(404, 'feed_not_found'));
    expect(list.body.items.some((f: { kind: string }) => f.kind === 'location')).toBe(false);
    expect((await a.admin.delete(`/api/v1/calendar-feeds/${second.body.id}`)).body).toMatchObject(problem(404, 'feed_not_found'));
  });

  it('answers 404 for unknown tokens', async () => {
    expect((await a.anonymous().get('/api/public/v1/calendar/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.ics')).body).toMatchObject(problem(404, 'feed_not_found'));
    expect((await a.anonymous().get('/api/public/v1/calendar/nope.ics')).status).toBe(404);
  });

  it('lets a teacher see and manage only their own feed', async () => {
    const own = await createFeed(teacher, { kind: 'teacher', targetId: teacherId });
    const others = await createFeed(teacher, { kind: 'teacher', targetId: otherTeacherId });
    const location = await createFeed(teacher, { kind: 'location', targetId: locationId });
    const list = await teacher.get('/api/v1/calendar-feeds');
    const adminFeed = await createFeed(a.admin, { kind: 'teacher', targetId: otherTeacherId });
    const removeOthers = await teacher.delete(`/api/v1/calendar-feeds/${adminFeed.body.id}`);

    expect(own.status).toBe(201);
    expect(others.body).toMatchObject(problem(403, 'not_your_class'));
    expect(location.body).toMatchObject(problem(403, 'not_your_class'));
    expect(list.body.targets).toEqual([{ kind: 'teacher', targetId: teacherId, name: 'teacher Tester', feed: expect.objectContaining({ id: own.body.id }) }]);
    expect(list.body.items.map((f: { id: string }) => f.id)).toEqual([own.body.id]);
    expect(removeOthers.body).toMatchObject(problem(403, 'not_your_class'));
  });

  it('lists teachers and locations for admins, and refuses front desk changes', async () => {
    const frontDesk = await a.staff('front_desk');

    const list = await a.admin.get('/api/v1/calendar-feeds');
    const refused = await createFeed(frontDesk, { kind: 'location', targetId: locationId });

    expect(list.body.targets.map((t: { kind: string; targetId: string }) => `${t.kind}:${t.targetId}`)).toEqual(
      expect.arrayContaining([`teacher:${teacherId}`, `teacher:${otherTeacherId}`, `location:${locationId}`]),
    );
    expect(list.body.targets.some((t: { name: string }) => t.name.startsWith('front_desk'))).toBe(false);
    expect(refused.body).toMatchObject(problem(403, 'not_your_class'));
  });

  it('keeps studios apart: another studio’s teacher or feed is not found', async () => {
    const feed = await createFeed(a.admin, { kind: 'teacher', targetId: otherTeacherId });

    const foreignTarget = await createFeed(b.admin, { kind: 'teacher', targetId: teacherId });
    const foreignDelete = await b.admin.delete(`/api/v1/calendar-feeds/${feed.body.id}`);
    const bList = await b.admin.get('/api/v1/calendar-feeds');

    expect(foreignTarget.body).toMatchObject(problem(404, 'teacher_not_found'));
    expect(foreignDelete.body).toMatchObject(problem(404, 'feed_not_found'));
    expect(bList.body.items).toEqual([]);
    expect((await a.anonymous().get(pathOf(feed.body.url))).status).toBe(200);
  });

  it('validates the body', async () => {
    const res = await createFeed(a.admin, { kind: 'room', targetId: 'x' });

    expect(res.status).toBe(400);
    expect(res.body.errors[0].path).toBe('kind');
  });

  describe('add one class to my calendar', () => {
    const classIcs = (s: StudioFixture, id: string, key?: string) =>
      `/api/public/v1/studios/${s.slug}/classes/${id}/calendar.ics${key ? `?key=${encodeURIComponent(key)}` : ''}`;

    it('serves a public class as one event', async () => {
      const res = await a.anonymous().get(classIcs(a, occurrenceIds[1]!));

      expect(res.status).toBe(200);
      expect(res.headers['content-disposition']).toContain('attachment');
      expect(eventsIn(res.raw.body).map((e) => e.get('UID'))).toEqual([`${occurrenceIds[1]}@enso.test`]);
    });

    it('serves a private class only with its share key, and never its join link', async () => {
      const key = new URL(privateShareUrl).searchParams.get('key')!;

      const without = await a.anonymous().get(classIcs(a, privateIds[0]!));
      const wrong = await a.anonymous().get(classIcs(a, privateIds[0]!, 'wrong'));
      const right = await a.anonymous().get(classIcs(a, privateIds[0]!, key));

      expect(without.body).toMatchObject(problem(404, 'occurrence_not_found'));
      expect(wrong.status).toBe(404);
      expect(right.status).toBe(200);
      expect(right.raw.body).not.toContain('secret-room');
    });

    it('does not serve a class through another studio’s address', async () => {
      expect((await a.anonymous().get(classIcs(b, occurrenceIds[1]!))).status).toBe(404);
    });
  });
});
