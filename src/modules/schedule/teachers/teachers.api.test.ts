import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../kernel/clock.ts';
import type { Ctx } from '../../../kernel/ctx.ts';
import type { StudioId } from '../../../kernel/ids.ts';
import { rowsOf, withStudio } from '../../../platform/db/tx.ts';
import { testDatabaseKinds } from '../../../platform/testing/database.ts';
import { createTestEnso, makeCustomer, makeStudio, type StudioFixture, type TestEnso } from '../../../platform/testing/enso.ts';
import { problem, type TestClient } from '../../../platform/testing/client.ts';
import { userIdOf } from '../tests/schedule-fixtures.ts';

const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('portrait')]);
const webp = Buffer.concat([Buffer.from('RIFF'), Buffer.from([9, 0, 0, 0]), Buffer.from('WEBPVP8 ')]);

describe.each(testDatabaseKinds())('teachers API (%s)', (kind) => {
  let enso: TestEnso;
  let a: StudioFixture;
  let b: StudioFixture;
  let teacher: TestClient;
  let frontDesk: TestClient;
  let teacherId: string;
  let frontDeskId: string;
  let adminId: string;
  const clock = fixedClock('2027-03-01T09:00:00Z');

  beforeAll(async () => {
    enso = await createTestEnso(kind, { clock });
    a = await makeStudio(enso);
    b = await makeStudio(enso);
    teacher = await a.staff('teacher');
    frontDesk = await a.staff('front_desk');
    teacherId = await userIdOf(teacher);
    frontDeskId = await userIdOf(frontDesk);
    adminId = await userIdOf(a.admin);
  });
  afterAll(() => enso?.dispose());

  const upload = (client: TestClient, userId: string, bytes: Buffer, type = 'image/png') =>
    client.request('PUT', `/api/v1/teachers/${userId}/photo`, { payload: bytes, headers: { 'content-type': type } });

  async function eventsOf(subjectId: string) {
    const result = await enso.database.system.execute(sql`select type, payload from events where subject_id = ${subjectId} and type like 'teacher.%' order by occurred_at, id`);
    return rowsOf<{ type: string; payload: Record<string, unknown> }>(result);
  }

  it('lists every staff member as a possible teacher, with role, bio and photo', async () => {
    const s = await makeStudio(enso);
    const op = await s.staff('operator');
    const opId = await userIdOf(op);
    await s.admin.post(`/api/v1/staff/${opId}/deactivate`);
    await makeCustomer(s);

    const res = await s.admin.get('/api/v1/teachers');

    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([
      { userId: expect.any(String), firstName: 'Ada', lastName: 'Admin', role: 'admin', active: true, bio: '', photoUrl: null },
      { userId: opId, firstName: 'operator', lastName: 'Tester', role: 'operator', active: false, bio: '', photoUrl: null },
    ]);
  });

  it('lets an admin set a bio, publishing one event for a real change', async () => {
    const res = await a.admin.patch(`/api/v1/teachers/${teacherId}`, { bio: '  Ten years of Ashtanga.  ' });
    const same = await a.admin.patch(`/api/v1/teachers/${teacherId}`, { bio: 'Ten years of Ashtanga.' });
    const read = await frontDesk.get(`/api/v1/teachers/${teacherId}`);

    expect(res.body).toMatchObject({ userId: teacherId, role: 'teacher', bio: 'Ten years of Ashtanga.' });
    expect(same.status).toBe(200);
    expect(read.body.bio).toBe('Ten years of Ashtanga.');
    expect(await eventsOf(teacherId)).toEqual([{ type: 'teacher.profile_updated.v1', payload: { userId: teacherId, changed: ['bio'] } }]);
  });

  it('lets a teacher edit their own profile but nobody else’s', async () => {
    const own = await teacher.patch(`/api/v1/teachers/${teacherId}`, { bio: 'I teach slow flow.' });
    const ownPhoto = await upload(teacher, teacherId, png);
    const calls = await Promise.all([
      teacher.patch(`/api/v1/teachers/${adminId}`, { bio: 'Not mine' }),
      upload(teacher, adminId, png),
      teacher.delete(`/api/v1/teachers/${adminId}/photo`),
      frontDesk.patch(`/api/v1/teachers/${teacherId}`, { bio: 'Not mine either' }),
      upload(frontDesk, teacherId, png),
      frontDesk.delete(`/api/v1/teachers/${teacherId}/photo`),
    ]);
    const ownFrontDesk = await frontDesk.patch(`/api/v1/teachers/${frontDeskId}`, { bio: 'I also cover Saturdays.' });

    expect(own.body.bio).toBe('I teach slow flow.');
    expect(ownPhoto.status).toBe(200);
    for (const res of calls) expect(res.body).toMatchObject(problem(403, 'forbidden'));
    expect(ownFrontDesk.status).toBe(200);
  });

  it('refuses a bad bio with a field error', async () => {
    const long = await a.admin.patch(`/api/v1/teachers/${teacherId}`, { bio: 'x'.repeat(5_001) });
    const missing = await a.admin.patch(`/api/v1/teachers/${teacherId}`, {});
    const extra = await a.admin.patch(`/api/v1/teachers/${teacherId}`, { bio: 'ok', firstName: 'Renamed' });

    expect(long.body).toMatchObject({ ...problem(400, 'validation_failed'), errors: [{ path: 'bio' }] });
    expect(missing.body).toMatchObject({ ...problem(400, 'validation_failed'), errors: [{ path: 'bio' }] });
    expect(extra.status).toBe(400);
  });

  it('answers 404 for a user who is not staff of this studio', async () => {
    const otherAdminId = await userIdOf(b.admin);
    const customer = await makeCustomer(a);
    const customerUser = rowsOf<{ id: string }>(
      await enso.database.system.execute(sql`select id from identity_users where studio_id = ${a.studioId} and kind = 'customer' limit 1`),
    )[0]?.id;

    const calls = await Promise.all([
      a.admin.get(`/api/v1/teachers/${otherAdminId}`),
      a.admin.patch(`/api/v1/teachers/${otherAdminId}`, { bio: 'Poached' }),
      upload(a.admin, otherAdminId, png),
      a.admin.delete(`/api/v1/teachers/${otherAdminId}/photo`),
      a.admin.get(`/api/v1/teachers/${otherAdminId}/photo`),
      a.admin.get(`/api/v1/teachers/${customer.id}`),
      a.admin.get('/api/v1/teachers/usr_missing'),
      a.anonymous().get(`/api/public/v1/studios/${a.slug}/teachers/${otherAdminId}/photo`),
      ...(customerUser ? [a.admin.get(`/api/v1/teachers/${customerUser}`)] : []),
    ]);
    const otherList = await b.admin.get('/api/v1/teachers');

    for (const res of calls) expect(res.body).toMatchObject(problem(404, 'teacher_not_found'));
    expect(otherList.body.items.map((t: { userId: string }) => t.userId)).toEqual([otherAdminId]);
  });

  describe('photo', () => {
    it('stores a photo, serves it to staff and publicly with safe headers, and removes it', async () => {
      const set = await upload(a.admin, adminId, webp, 'image/webp');
      const staff = await teacher.get(set.body.photoUrl);
      const publicPhoto = await a.anonymous().get(`/api/public/v1/studios/${a.slug}/teachers/${adminId}/photo?v=1`);
      const removed = await a.admin.delete(`/api/v1/teachers/${adminId}/photo`);
      const gone = await a.anonymous().get(`/api/public/v1/studios/${a.slug}/teachers/${adminId}/photo`);

      expect(set.body.photoUrl).toMatch(new RegExp(`^/api/v1/teachers/${adminId}/photo\\?v=\\d+$`));
      expect(staff.headers['content-type']).toBe('image/webp');
      expect(staff.raw.rawPayload.equals(webp)).toBe(true);
      expect(publicPhoto.headers).toMatchObject({ 'content-type': 'image/webp', 'x-content-type-options': 'nosniff', 'cache-control': 'public, max-age=86400' });
      expect(removed.body.photoUrl).toBeNull();
      expect(gone.body).toMatchObject(problem(404, 'teacher_not_found'));
      expect((await eventsOf(adminId)).map((e) => e.payload.changed)).toEqual([['photo'], ['photo']]);
    });

    it('refuses a file that is not a PNG, JPEG or WebP image by its bytes', async () => {
      const html = await upload(a.admin, frontDeskId, Buffer.from('<!doctype html><script>1</script>'), 'image/jpeg');
      const gif = await upload(a.admin, frontDeskId, Buffer.from('GIF89a....'), 'image/gif');

      for (const res of [html, gif]) expect(res.body).toMatchObject({ ...problem(400, 'invalid_image'), errors: [{ path: 'photo' }] });
      expect((await a.admin.get(`/api/v1/teachers/${frontDeskId}`)).body.photoUrl).toBeNull();
    });

    it('stops serving a deactivated staff member’s photo publicly', async () => {
      const s = await makeStudio(enso);
      const t = await s.staff('teacher');
      const id = await userIdOf(t);
      await upload(t, id, png);
      const before = await s.anonymous().get(`/api/public/v1/studios/${s.slug}/teachers/${id}/photo`);

      await s.admin.post(`/api/v1/staff/${id}/deactivate`);
      const after = await s.anonymous().get(`/api/public/v1/studios/${s.slug}/teachers/${id}/photo`);

      expect(before.status).toBe(200);
      expect(after.status).toBe(404);
    });
  });

  it('gives other modules public profiles of teachers in their own transaction', async () => {
    await a.admin.patch(`/api/v1/teachers/${teacherId}`, { bio: 'Profile for class pages.' });
    await upload(a.admin, teacherId, png);
    const ctx: Ctx = { studioId: a.studioId as StudioId, actor: { kind: 'system' }, clock, requestId: 'test' };
    const otherAdminId = await userIdOf(b.admin);

    const profiles = await withStudio(enso.database, ctx.studioId, (tx) =>
      enso.services.teachers.teacherProfiles(tx, ctx, [teacherId, teacherId, otherAdminId, 'usr_missing']),
    );
    const photo = await a.anonymous().get(profiles.get(teacherId)!.photoUrl!);

    expect([...profiles.keys()]).toEqual([teacherId]);
    expect(profiles.get(teacherId)).toEqual({
      firstName: 'teacher',
      lastName: 'Tester',
      bio: 'Profile for class pages.',
      photoUrl: expect.stringMatching(new RegExp(`^/api/public/v1/studios/${a.slug}/teachers/${teacherId}/photo\\?v=\\d+$`)),
    });
    expect(photo.status).toBe(200);
  });

  it('keeps teachers away from callers who are not signed in', async () => {
    const res = await a.anonymous().get('/api/v1/teachers');

    expect(res.body).toMatchObject(problem(401, 'unauthenticated'));
  });
});
