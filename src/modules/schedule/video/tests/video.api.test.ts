import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../../kernel/clock.ts';
import { sql } from 'drizzle-orm';
import type { StudioId } from '../../../../kernel/ids.ts';
import { rowsOf, withStudio, withSystem } from '../../../../platform/db/tx.ts';
import type { StoredEvent } from '../../../../platform/events/publish.ts';
import { testDatabaseKinds } from '../../../../platform/testing/database.ts';
import { makeStudio, type StudioFixture, type TestEnso } from '../../../../platform/testing/enso.ts';
import { problem } from '../../../../platform/testing/client.ts';
import { startZoomStub, type ZoomStub } from '../../../../platform/testing/zoom-stub.ts';
import { connectZoomFirst } from '../service.ts';
import { createZoomTestEnso, dateIn, makeClasses, makeTemplate, settle } from './support.ts';

describe.each(testDatabaseKinds())('online classes (%s)', (kind) => {
  let enso: TestEnso;
  let stub: ZoomStub;
  let a: StudioFixture;
  let b: StudioFixture;
  const clock = fixedClock('2027-03-01T09:00:00Z');

  beforeAll(async () => {
    stub = await startZoomStub();
    enso = await createZoomTestEnso(kind, stub, clock);
    a = await makeStudio(enso);
    b = await makeStudio(enso);
  });
  afterAll(async () => {
    await enso?.dispose();
    await stub?.close();
  });

  const connect = (s: StudioFixture, overrides: Record<string, string> = {}) =>
    s.admin.put('/api/v1/video-account', { provider: 'zoom', ...stub.credentials, ...overrides });
  const occurrence = async (s: StudioFixture, id: string) => (await s.admin.get(`/api/v1/occurrences/${id}`)).body;

  describe('the studio video account', () => {
    it('connects Zoom after checking the credentials and never returns the secret', async () => {
      const before = await a.admin.get('/api/v1/video-account');

      const put = await connect(a);
      const got = await a.admin.get('/api/v1/video-account');
      const other = await b.admin.get('/api/v1/video-account');

      expect(before.body).toMatchObject({ provider: 'none', accountId: null, clientId: null });
      expect(put.status).toBe(200);
      expect(got.body).toMatchObject({ provider: 'zoom', accountId: stub.credentials.accountId, clientId: stub.credentials.clientId, lastError: null });
      expect(got.body.connectedAt).toEqual(expect.any(String));
      for (const res of [put, got]) expect(JSON.stringify(res.body)).not.toContain(stub.credentials.clientSecret);
      expect(other.body.provider).toBe('none');
    });

    it('refuses credentials Zoom refuses, with field errors, and keeps the account as it was', async () => {
      const res = await connect(b, { clientSecret: 'not-the-secret' });
      const account = await b.admin.get('/api/v1/video-account');

      expect(res.body).toMatchObject(problem(400, 'invalid_video_credentials'));
      expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual(['clientId', 'clientSecret']);
      expect(account.body.provider).toBe('none');
    });

    it('answers 503 video_provider_error when Zoom cannot be reached', async () => {
      stub.failNext(503, { target: 'token' });

      const res = await connect(b);

      expect(res.body).toMatchObject(problem(503, 'video_provider_error'));
    });

    it('is for admins and operators only', async () => {
      const teacher = await a.staff('teacher');
      const frontDesk = await a.staff('front_desk');

      expect((await teacher.get('/api/v1/video-account')).status).toBe(403);
      expect((await frontDesk.put('/api/v1/video-account', { provider: 'zoom', ...stub.credentials })).status).toBe(403);
      expect((await a.anonymous().get('/api/v1/video-account')).status).toBe(401);
    });

    it('rejects a body that is not a Zoom app', async () => {
      const res = await a.admin.put('/api/v1/video-account', { provider: 'zoom', accountId: '', clientId: 'x' });

      expect(res.status).toBe(400);
      expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual(expect.arrayContaining(['accountId', 'clientSecret']));
    });
  });

  describe('a meeting per online class', () => {
    beforeAll(async () => {
      expect((await connect(a)).status).toBe(200);
    });

    it('makes a meeting when the class is scheduled and deletes it when it is cancelled', async () => {
      const templateId = await makeTemplate(a.admin);
      const { occurrenceIds } = await makeClasses(a, { templateId, dates: [dateIn(clock, 3), dateIn(clock, 10)], online: true, videoProvider: 'zoom' });
      const [first, second] = occurrenceIds as [string, string];

      await settle(enso);
      const ready = await occurrence(a, first);
      const meeting = stub.meetings.get(ready.videoMeetingId ?? '') ?? [...stub.meetings.values()].find((m) => m.joinUrl === ready.videoUrl);
      const cancelled = await a.admin.post(`/api/v1/occurrences/${first}/cancel`, { note: 'Teacher ill' });
      await settle(enso);
      const after = await occurrence(a, first);
      const untouched = await occurrence(a, second);

      expect(occurrenceIds).toHaveLength(2);
      expect(ready).toMatchObject({ videoStatus: 'ready', videoError: null });
      expect(ready.videoUrl).toMatch(/^https:\/\/zoom\.example\/j\//);
      expect(meeting).toMatchObject({ duration: 60, startTime: ready.startsAt.replace(/\.\d{3}Z$/, 'Z') });
      expect(meeting?.topic).toContain('Vinyasa online');
      expect(cancelled.status).toBe(200);
      expect(after).toMatchObject({ status: 'cancelled', videoStatus: 'none', videoUrl: null });
      expect([...stub.meetings.values()].some((m) => m.joinUrl === ready.videoUrl)).toBe(false);
      expect(untouched).toMatchObject({ videoStatus: 'ready' });
    });

    it('goes through the classes a series announces together: a meeting for each within 14 days, none twice', async () => {
      const templateId = await makeTemplate(a.admin);
      const { seriesId, occurrenceIds } = await makeClasses(a, { templateId, dates: [dateIn(clock, 2), dateIn(clock, 4), dateIn(clock, 20)], online: true, videoProvider: 'zoom' });
      const [soon, next, later] = occurrenceIds as [string, string, string];
      const announced = await withStudio(enso.database, a.studioId as StudioId, async (tx) =>
        rowsOf<Pick<StoredEvent, 'id' | 'type' | 'subjectId' | 'payload'>>(
          await tx.execute(sql`select id, type, subject_id as "subjectId", payload from events where type = 'class.scheduled.v2' and subject_id = ${seriesId}`),
        ),
      );
      const creates = () => stub.calls.filter((c) => c.method === 'POST' && c.path === '/v2/users/me/meetings').length;

      await settle(enso);
      const made = creates();
      const [first, second, third] = await Promise.all(occurrenceIds.map((id) => occurrence(a, id)));
      // The same event handled again (a redelivery) finds the meetings made and queues nothing.
      await withStudio(enso.database, a.studioId as StudioId, (tx) =>
        enso.services.video.onClassEvent(
          tx,
          { ...announced[0]!, studioId: a.studioId, actorKind: 'system', actorId: null, occurredAt: clock.now() },
          { studioId: a.studioId as StudioId, actor: { kind: 'system' }, clock, requestId: 'redelivery' },
        ),
      );
      await settle(enso);

      expect(announced).toHaveLength(1);
      expect((announced[0]!.payload as { occurrences: { occurrenceId: string }[] }).occurrences.map((o) => o.occurrenceId)).toEqual([soon, next, later]);
      expect([first.videoStatus, second.videoStatus, third.videoStatus]).toEqual(['ready', 'ready', 'none']);
      expect(first.videoUrl).not.toBe(second.videoUrl);
      expect(creates()).toBe(made);
      expect((await occurrence(a, soon)).videoUrl).toBe(first.videoUrl);
    });

    it('moves the meeting when the class moves', async () => {
      const templateId = await makeTemplate(a.admin);
      const { occurrenceIds } = await makeClasses(a, { templateId, dates: [dateIn(clock, 5)], online: true, videoProvider: 'zoom' });
      const id = occurrenceIds[0]!;
      await settle(enso);
      const before = await occurrence(a, id);

      const moved = await a.admin.patch(`/api/v1/occurrences/${id}`, { startTime: '19:30', durationMin: 45 });
      await settle(enso);
      const meeting = [...stub.meetings.values()].find((m) => m.joinUrl === before.videoUrl);

      expect(moved.status).toBe(200);
      expect(meeting).toMatchObject({ duration: 45, startTime: moved.body.startsAt.replace(/\.\d{3}Z$/, 'Z') });
      expect((await occurrence(a, id)).videoUrl).toBe(before.videoUrl);
    });

    it('records Zoom’s refusal on the class and the account; keeps retrying transient failures', async () => {
      const templateId = await makeTemplate(a.admin);
      stub.failNext(400, { message: 'Meeting topic is not allowed.' });
      const refused = (await makeClasses(a, { templateId, dates: [dateIn(clock, 6)], online: true, videoProvider: 'zoom' })).occurrenceIds[0]!;
      await settle(enso);
      stub.failNext(500);
      const flaky = (await makeClasses(a, { templateId, dates: [dateIn(clock, 7)], online: true, videoProvider: 'zoom' })).occurrenceIds[0]!;
      await settle(enso);

      const failed = await occurrence(a, refused);
      const pending = await occurrence(a, flaky);
      const account = await a.admin.get('/api/v1/video-account');
      const [job] = await enso.jobs.findJobs('schedule.create-video-meeting', { dedupeKey: flaky });

      expect(failed).toMatchObject({ videoStatus: 'failed', videoUrl: null, videoError: 'Zoom answered 400: Meeting topic is not allowed.' });
      expect(pending).toMatchObject({ videoStatus: 'pending', videoUrl: null });
      expect(job?.state).toBe('retry');
      expect(account.body.lastError).toBe('Zoom answered 400: Meeting topic is not allowed.');
      expect(account.body.failedClasses).toBeGreaterThanOrEqual(1);
    });

    it('makes the meetings of classes more than two weeks ahead when the sweep finds them within range', async () => {
      const templateId = await makeTemplate(a.admin);
      const id = (await makeClasses(a, { templateId, dates: [dateIn(clock, 20)], online: true, videoProvider: 'zoom' })).occurrenceIds[0]!;
      await settle(enso);
      const early = await occurrence(a, id);
      const sweep = (at: Date) =>
        withSystem(enso.database, (tx) => enso.jobs.enqueue(tx, 'schedule.sweep-video-meetings', { slot: at.toISOString() }));

      await sweep(clock.now());
      await enso.jobs.runDueJobs();
      const stillEarly = await occurrence(a, id);
      const realNow = clock.now();
      clock.advance(7 * 86_400_000);
      await sweep(clock.now());
      await enso.jobs.runDueJobs();
      clock.set(realNow);

      expect(early).toMatchObject({ videoStatus: 'none', videoUrl: null });
      expect(stillEarly).toMatchObject({ videoStatus: 'none', videoUrl: null });
      expect(await occurrence(a, id)).toMatchObject({ videoStatus: 'ready', videoUrl: expect.stringMatching(/^https:\/\/zoom\.example\//) });
    });

    it('makes no meeting for classes with a pasted link or in person', async () => {
      const templateId = await makeTemplate(a.admin);
      const calls = stub.calls.length;

      const pasted = (await makeClasses(a, { templateId, dates: [dateIn(clock, 8)], online: true, videoProvider: 'none', videoUrl: 'https://meet.example/abc' })).occurrenceIds[0]!;
      await settle(enso);

      expect(await occurrence(a, pasted)).toMatchObject({ videoStatus: 'none', videoUrl: 'https://meet.example/abc' });
      expect(stub.calls.length).toBe(calls);
    });

    it('refuses a Zoom class before Zoom is connected, on the provider field', async () => {
      const c = await makeStudio(enso);
      const templateId = await makeTemplate(c.admin);

      const res = await c.admin.post('/api/v1/series', {
        templateId,
        pattern: 'dates',
        dates: [{ date: dateIn(clock, 4), startTime: '18:00' }],
        online: true,
        videoProvider: 'zoom',
      });

      expect(res.body).toMatchObject(problem(409, 'video_not_connected'));
      expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual(['videoProvider']);
    });

    it('marks Zoom classes "connect Zoom first" when the account went away, and makes their meetings once reconnected', async () => {
      const c = await makeStudio(enso);
      const templateId = await makeTemplate(c.admin);
      await connect(c);
      const res = await c.admin.post('/api/v1/series', {
        templateId,
        pattern: 'dates',
        dates: [{ date: dateIn(clock, 4), startTime: '18:00' }],
        online: true,
        videoProvider: 'zoom',
      });
      expect(res.status).toBe(201);
      await c.admin.delete('/api/v1/video-account');
      const from = new Date(clock.now().getTime()).toISOString();
      const to = new Date(clock.now().getTime() + 10 * 86_400_000).toISOString();
      const id = (await c.admin.get(`/api/v1/occurrences?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`)).body.items[0].id as string;
      await settle(enso);
      const waiting = await occurrence(c, id);

      await connect(c);
      await settle(enso);

      expect(waiting).toMatchObject({ videoStatus: 'failed', videoError: connectZoomFirst });
      expect(await occurrence(c, id)).toMatchObject({ videoStatus: 'ready', videoError: null });
    });
  });

  describe('the join link', () => {
    let id: string;
    let booked: { client: ReturnType<StudioFixture['anonymous']>; id: string };
    let other: { client: ReturnType<StudioFixture['anonymous']>; id: string };
    const joinUrl = (s: StudioFixture, occurrenceId: string) => `/api/public/v1/studios/${s.slug}/classes/${occurrenceId}/join`;

    async function signedUpCustomer(s: StudioFixture, firstName: string) {
      const client = s.anonymous();
      const email = `${firstName.toLowerCase()}-${randomBytes(4).toString('hex')}@example.com`;
      const res = await client.post(`/api/public/v1/studios/${s.slug}/signup`, { firstName, lastName: 'Online', email, password: 'a-long-and-unusual-passphrase' });
      if (res.status !== 201) throw new Error(JSON.stringify(res.body));
      return { client, id: res.body.customer.id as string };
    }

    beforeAll(async () => {
      const templateId = await makeTemplate(a.admin, 'Yin online');
      id = (await makeClasses(a, { templateId, dates: [dateIn(clock, 9)], online: true, videoProvider: 'none', videoUrl: 'https://meet.example/yin' })).occurrenceIds[0]!;
      booked = await signedUpCustomer(a, 'Booked');
      other = await signedUpCustomer(a, 'Curious');
    });
    beforeEach(() => enso.services.video.setAttendanceCheck(async () => false));

    it('is refused to customers who are not booked (no booking module: nobody is)', async () => {
      const res = await booked.client.get(joinUrl(a, id));

      expect(res.body).toMatchObject(problem(403, 'not_booked'));
    });

    it('reaches the customers the attendance check says are booked', async () => {
      enso.services.video.setAttendanceCheck(async (_tx, ctx, occurrenceId, customerId) => ctx.studioId === a.studioId && occurrenceId === id && customerId === booked.id);

      const mine = await booked.client.get(joinUrl(a, id));
      const theirs = await other.client.get(joinUrl(a, id));

      expect(mine.status).toBe(200);
      expect(mine.body).toEqual({ url: 'https://meet.example/yin' });
      expect(mine.headers['cache-control']).toContain('no-store');
      expect(theirs.body).toMatchObject(problem(403, 'not_booked'));
    });

    it('asks anonymous visitors and staff sessions to sign in as a customer', async () => {
      expect((await a.anonymous().get(joinUrl(a, id))).body).toMatchObject(problem(401, 'unauthenticated'));
      expect((await a.admin.get(joinUrl(a, id))).status).toBe(401);
    });

    it('does not open another studio’s class', async () => {
      enso.services.video.setAttendanceCheck(async () => true);
      const stranger = await signedUpCustomer(b, 'Stranger');

      const res = await stranger.client.get(joinUrl(b, id));

      expect(res.body).toMatchObject(problem(404, 'occurrence_not_found'));
    });
  });
});
