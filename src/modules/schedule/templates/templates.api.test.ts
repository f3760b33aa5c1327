import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../kernel/clock.ts';
import { rowsOf } from '../../../platform/db/tx.ts';
import { testDatabaseKinds } from '../../../platform/testing/database.ts';
import { createTestEnso, makeStudio, type StudioFixture, type TestEnso } from '../../../platform/testing/enso.ts';
import { problem, type TestClient } from '../../../platform/testing/client.ts';
import { maxImageBytes } from '../domain/image.ts';

/** The first bytes of a PNG are all the check reads; the rest stands for pixels. */
const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('pixels')]);
const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('jfif')]);

describe.each(testDatabaseKinds())('class templates API (%s)', (kind) => {
  let enso: TestEnso;
  let a: StudioFixture;
  let b: StudioFixture;
  let frontDesk: TestClient;
  let teacher: TestClient;
  let operator: TestClient;
  // Near the real time: the test client drops session cookies whose expiry has passed in real time.
  const clock = fixedClock('2027-03-01T09:00:00Z');

  beforeAll(async () => {
    enso = await createTestEnso(kind, { clock });
    a = await makeStudio(enso);
    b = await makeStudio(enso);
    frontDesk = await a.staff('front_desk');
    teacher = await a.staff('teacher');
    operator = await a.staff('operator');
  });
  afterAll(() => enso?.dispose());

  const upload = (client: TestClient, id: string, bytes: Buffer, type = 'image/png') =>
    client.request('PUT', `/api/v1/class-templates/${id}/banner`, { payload: bytes, headers: { 'content-type': type } });

  async function newTemplate(s: StudioFixture, body: Record<string, unknown> = {}) {
    const res = await s.admin.post('/api/v1/class-templates', { name: 'Vinyasa Flow', defaultDurationMin: 60, defaultCapacity: 20, ...body });
    if (res.status !== 201) throw new Error(JSON.stringify(res.body));
    return res.body as { id: string; name: string };
  }

  async function eventsOf(subjectId: string) {
    const result = await enso.database.system.execute(
      sql`select type, payload from events where subject_id = ${subjectId} order by occurred_at, id`,
    );
    return rowsOf<{ type: string; payload: Record<string, unknown> }>(result);
  }

  it('creates a template with defaults, the studio currency and no banner', async () => {
    const res = await a.admin.post('/api/v1/class-templates', {
      name: '  Yin Yoga ',
      defaultDurationMin: 75,
      defaultCapacity: 12,
      priceMinor: 1800,
      category: 'Yoga',
    });
    const read = await a.admin.get(`/api/v1/class-templates/${res.body.id}`);

    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      id: expect.stringMatching(/^tpl_/),
      name: 'Yin Yoga',
      description: '',
      welcomeMessage: '',
      category: 'Yoga',
      defaultDurationMin: 75,
      defaultCapacity: 12,
      priceMinor: 1800,
      currency: 'EUR',
      color: '#4c6ef5',
      bannerUrl: null,
      archived: false,
      activeSeriesCount: 0,
    });
    expect(read.body).toEqual(res.body);
    expect(await eventsOf(res.body.id)).toEqual([{ type: 'class_template.created.v1', payload: { templateId: res.body.id, name: 'Yin Yoga' } }]);
  });

  it('refuses a bad template with an error on each wrong field', async () => {
    const res = await a.admin.post('/api/v1/class-templates', {
      name: ' ',
      defaultDurationMin: 0,
      defaultCapacity: 10_001,
      priceMinor: -1,
      color: 'blue',
    });
    const unknown = await a.admin.post('/api/v1/class-templates', { name: 'X', defaultDurationMin: 60, defaultCapacity: 5, studioId: b.studioId });
    const patch = await a.admin.patch(`/api/v1/class-templates/${(await newTemplate(a)).id}`, { defaultCapacity: 0 });

    expect(res.body).toMatchObject(problem(400, 'validation_failed'));
    expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['color', 'defaultCapacity', 'defaultDurationMin', 'name', 'priceMinor']);
    expect(unknown.status).toBe(400);
    expect(patch.body).toMatchObject({ ...problem(400, 'validation_failed'), errors: [{ path: 'defaultCapacity' }] });
  });

  it('edits a template and names only the fields that changed in its event', async () => {
    const t = await newTemplate(a, { description: 'Breath and movement.' });

    const res = await a.admin.patch(`/api/v1/class-templates/${t.id}`, {
      name: 'Vinyasa Flow',
      description: 'Breath, movement and rest.',
      welcomeMessage: 'Bring water.',
      color: '#12b886',
    });
    const noop = await a.admin.patch(`/api/v1/class-templates/${t.id}`, { name: 'Vinyasa Flow' });

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ description: 'Breath, movement and rest.', welcomeMessage: 'Bring water.', color: '#12b886' });
    expect(noop.status).toBe(200);
    expect(noop.body).toMatchObject({ description: 'Breath, movement and rest.', welcomeMessage: 'Bring water.', color: '#12b886' });
    expect((await eventsOf(t.id)).map((e) => e.payload)).toEqual([
      { templateId: t.id, name: 'Vinyasa Flow' },
      { templateId: t.id, changed: ['description', 'welcomeMessage', 'color'] },
    ]);
  });

  it('archives and unarchives, listing each side apart', async () => {
    const t = await newTemplate(a, { name: 'Old Pilates' });

    const archived = await a.admin.post(`/api/v1/class-templates/${t.id}/archive`);
    const again = await a.admin.post(`/api/v1/class-templates/${t.id}/archive`);
    const active = await a.admin.get('/api/v1/class-templates');
    const archivedList = await a.admin.get('/api/v1/class-templates?archived=true');
    const restored = await operator.post(`/api/v1/class-templates/${t.id}/unarchive`);
    const bad = await a.admin.get('/api/v1/class-templates?archived=maybe');

    expect(archived.body.archived).toBe(true);
    expect(again.status).toBe(200);
    expect(active.body.items.map((x: { id: string }) => x.id)).not.toContain(t.id);
    expect(archivedList.body.items.map((x: { id: string }) => x.id)).toEqual([t.id]);
    expect(restored.body.archived).toBe(false);
    expect(bad.body).toMatchObject({ ...problem(400, 'validation_failed'), errors: [{ path: 'archived' }] });
    expect((await eventsOf(t.id)).map((e) => e.type)).toEqual([
      'class_template.created.v1',
      'class_template.archived.v1',
      'class_template.unarchived.v1',
    ]);
  });

  it('lists active templates by name, case aside', async () => {
    const s = await makeStudio(enso);
    await newTemplate(s, { name: 'zumba' });
    await newTemplate(s, { name: 'Barre' });
    await newTemplate(s, { name: 'ashtanga' });

    const res = await s.admin.get('/api/v1/class-templates');

    expect(res.body.items.map((x: { name: string }) => x.name)).toEqual(['ashtanga', 'Barre', 'zumba']);
  });

  it('answers 404 for a template that does not exist or belongs to another studio', async () => {
    const theirs = await newTemplate(b);

    const calls = await Promise.all([
      a.admin.get(`/api/v1/class-templates/${theirs.id}`),
      a.admin.patch(`/api/v1/class-templates/${theirs.id}`, { name: 'Mine now' }),
      a.admin.post(`/api/v1/class-templates/${theirs.id}/archive`),
      a.admin.post(`/api/v1/class-templates/${theirs.id}/unarchive`),
      upload(a.admin, theirs.id, png),
      a.admin.delete(`/api/v1/class-templates/${theirs.id}/banner`),
      a.admin.get(`/api/v1/class-templates/${theirs.id}/banner`),
      a.admin.get('/api/v1/class-templates/tpl_missing'),
      a.anonymous().get(`/api/public/v1/studios/${a.slug}/class-templates/${theirs.id}/banner`),
    ]);
    const list = await a.admin.get('/api/v1/class-templates');
    const still = await b.admin.get(`/api/v1/class-templates/${theirs.id}`);

    for (const res of calls) expect(res.body).toMatchObject(problem(404, 'template_not_found'));
    expect(list.body.items.map((x: { id: string }) => x.id)).not.toContain(theirs.id);
    expect(still.body.name).toBe('Vinyasa Flow');
  });

  it('lets front desk and teachers read templates but not change them', async () => {
    const t = await newTemplate(a);

    const reads = await Promise.all([frontDesk.get('/api/v1/class-templates'), teacher.get(`/api/v1/class-templates/${t.id}`)]);
    const writes = await Promise.all([
      frontDesk.post('/api/v1/class-templates', { name: 'X', defaultDurationMin: 60, defaultCapacity: 5 }),
      teacher.patch(`/api/v1/class-templates/${t.id}`, { name: 'Mine' }),
      teacher.post(`/api/v1/class-templates/${t.id}/archive`),
      frontDesk.post(`/api/v1/class-templates/${t.id}/unarchive`),
      upload(teacher, t.id, png),
      frontDesk.delete(`/api/v1/class-templates/${t.id}/banner`),
    ]);
    const anonymous = await a.anonymous().get('/api/v1/class-templates');

    for (const res of reads) expect(res.status).toBe(200);
    for (const res of writes) expect(res.body).toMatchObject(problem(403, 'forbidden'));
    expect(anonymous.body).toMatchObject(problem(401, 'unauthenticated'));
  });

  describe('banner', () => {
    it('stores a banner, serves it to staff and the public with safe headers, and replaces it', async () => {
      const t = await newTemplate(a);

      const first = await upload(a.admin, t.id, png);
      const staff = await frontDesk.get(first.body.bannerUrl);
      clock.advance(1_000);
      const second = await upload(a.admin, t.id, jpeg, 'image/jpeg; charset=binary');
      const publicBanner = await a.anonymous().get(`/api/public/v1/studios/${a.slug}/class-templates/${t.id}/banner?v=1`);

      expect(first.body.bannerUrl).toMatch(new RegExp(`^/api/v1/class-templates/${t.id}/banner\\?v=\\d+$`));
      expect(staff.status).toBe(200);
      expect(staff.headers['content-type']).toBe('image/png');
      expect(staff.raw.rawPayload.equals(png)).toBe(true);
      expect(second.body.bannerUrl).not.toBe(first.body.bannerUrl);
      expect(publicBanner.status).toBe(200);
      expect(publicBanner.headers).toMatchObject({
        'content-type': 'image/jpeg',
        'x-content-type-options': 'nosniff',
        'cache-control': 'public, max-age=86400',
      });
      expect(publicBanner.raw.rawPayload.equals(jpeg)).toBe(true);
      expect((await eventsOf(t.id)).filter((e) => e.type === 'class_template.updated.v1').map((e) => e.payload.changed)).toEqual([['banner'], ['banner']]);
    });

    it('refuses files that are not PNG, JPEG or WebP by their bytes, or are too large', async () => {
      const t = await newTemplate(a);

      const html = await upload(a.admin, t.id, Buffer.from('<html><script>alert(1)</script></html>'));
      const svg = await upload(a.admin, t.id, Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'), 'image/svg+xml');
      const text = await upload(a.admin, t.id, Buffer.from('hello'), 'text/plain');
      const empty = await upload(a.admin, t.id, Buffer.alloc(0));
      const tooBig = await upload(a.admin, t.id, Buffer.concat([png, Buffer.alloc(maxImageBytes)]).subarray(0, maxImageBytes + 1));
      const huge = await upload(a.admin, t.id, Buffer.concat([png, Buffer.alloc(maxImageBytes + 10)]));
      const after = await a.admin.get(`/api/v1/class-templates/${t.id}`);

      for (const res of [html, svg, text, empty, tooBig]) {
        expect(res.body).toMatchObject({ ...problem(400, 'invalid_image'), errors: [{ path: 'banner' }] });
      }
      expect(tooBig.body.detail).toContain('2 MB');
      expect(huge.status).toBe(413);
      expect(after.body.bannerUrl).toBeNull();
    });

    it('removes a banner; the public address then answers 404', async () => {
      const t = await newTemplate(a);
      await upload(a.admin, t.id, png);

      const removed = await a.admin.delete(`/api/v1/class-templates/${t.id}/banner`);
      const removedAgain = await a.admin.delete(`/api/v1/class-templates/${t.id}/banner`);
      const staff = await a.admin.get(`/api/v1/class-templates/${t.id}/banner`);
      const publicBanner = await a.anonymous().get(`/api/public/v1/studios/${a.slug}/class-templates/${t.id}/banner`);
      const otherStudio = await a.anonymous().get(`/api/public/v1/studios/nobody-here/class-templates/${t.id}/banner`);

      expect(removed.body.bannerUrl).toBeNull();
      expect(removedAgain.status).toBe(200);
      expect(staff.body).toMatchObject(problem(404, 'template_not_found'));
      expect(publicBanner.body).toMatchObject(problem(404, 'template_not_found'));
      expect(otherStudio.status).toBe(404);
      expect(await enso.storage.get(`studios/${a.studioId}/class-templates/${t.id}/banner`)).toBeNull();
    });
  });

  it('shows a template’s new name, description and welcome message on every series and class made from it', async () => {
    const location = await a.admin.post('/api/v1/locations', { name: 'Hall', timeZone: 'Europe/Paris' });
    const t = await newTemplate(a, { name: 'Morning Flow', description: 'Wake up gently.', welcomeMessage: 'Doors open 10 minutes before.' });
    const day = (n: number) => new Date(clock.now().getTime() + n * 86_400_000).toISOString().slice(0, 10);
    const series = await Promise.all(
      [10, 20].map((n) =>
        a.admin.post('/api/v1/series', { templateId: t.id, kind: 'workshop', pattern: 'dates', dates: [{ date: day(n), startTime: '08:00' }], locationId: location.body.id }),
      ),
    );
    for (const res of series) expect(res.status, JSON.stringify(res.body)).toBe(201);
    const classes = await a.admin.get(
      `/api/v1/occurrences?from=${encodeURIComponent(clock.now().toISOString())}&to=${encodeURIComponent(new Date(clock.now().getTime() + 30 * 86_400_000).toISOString())}&templateId=${t.id}`,
    );
    expect(classes.body.items).toHaveLength(2);

    await a.admin.patch(`/api/v1/class-templates/${t.id}`, { name: 'Sunrise Flow', description: 'Wake up with the sun.', welcomeMessage: 'Bring a blanket.' });
    const details = await Promise.all(classes.body.items.map((o: { id: string }) => a.admin.get(`/api/v1/occurrences/${o.id}`)));
    const seriesRead = await Promise.all(series.map((res) => a.admin.get(`/api/v1/series/${res.body.series.id}`)));
    const counted = await a.admin.get(`/api/v1/class-templates/${t.id}`);

    for (const detail of details) {
      expect(detail.body).toMatchObject({ name: 'Sunrise Flow', description: 'Wake up with the sun.', welcomeMessage: 'Bring a blanket.' });
    }
    for (const read of seriesRead) expect(read.body.name).toBe('Sunrise Flow');
    expect(counted.body.activeSeriesCount).toBe(2);
  });

  it('counts the series of a template that still have a class ahead', async () => {
    const t = await newTemplate(a);
    const db = enso.database.system;
    const addSeries = async (id: string, starts: string[], status = 'scheduled') => {
      await db.execute(sql`insert into schedule_series (studio_id, id, template_id, kind, share_token, pattern, duration_min, time_zone, start_date, capacity)
        values (${a.studioId}, ${id}, ${t.id}, 'class', ${`tok-${id}`}, 'dates', 60, 'Europe/Paris', '2026-01-01', 10)`);
      for (const [i, startsAt] of starts.entries()) {
        await db.execute(sql`insert into schedule_occurrences (studio_id, id, series_id, template_id, slot_key, local_date, time_zone, starts_at, ends_at, capacity, status)
          values (${a.studioId}, ${`${id}-o${i}`}, ${id}, ${t.id}, ${`k${i}`}, ${startsAt.slice(0, 10)}, 'Europe/Paris', ${startsAt}::timestamptz, ${startsAt}::timestamptz + interval '1 hour', 10, ${status})`);
      }
    };
    const inDays = (days: number) => new Date(clock.now().getTime() + days * 86_400_000).toISOString();
    await addSeries(`ser_ahead_${kind}`, [inDays(-1), inDays(7), inDays(14)]);
    await addSeries(`ser_past_${kind}`, [inDays(-30)]);
    await addSeries(`ser_cancelled_${kind}`, [inDays(30)], 'cancelled');

    const res = await a.admin.get(`/api/v1/class-templates/${t.id}`);
    const list = await a.admin.get('/api/v1/class-templates');

    expect(res.body.activeSeriesCount).toBe(1);
    expect(list.body.items.find((x: { id: string }) => x.id === t.id).activeSeriesCount).toBe(1);
  });
});
