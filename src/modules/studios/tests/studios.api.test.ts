import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../../../platform/testing/database.ts';
import { createTestEnso, makeStudio, type StudioFixture, type TestEnso } from '../../../platform/testing/enso.ts';

// A 1×1 transparent PNG.
const png = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
  'base64',
);

describe.each(testDatabaseKinds())('studio settings, locations and rooms (%s)', (kind) => {
  let enso: TestEnso;
  let studio: StudioFixture;

  beforeAll(async () => {
    enso = await createTestEnso(kind);
    studio = await makeStudio(enso);
  });
  afterAll(() => enso?.dispose());

  it('updates the studio settings and shows them on the public page', async () => {
    const res = await studio.admin.patch('/api/v1/studio', {
      name: 'Studio Soleil',
      currency: 'jpy',
      timeZone: 'Asia/Kolkata',
      defaultLocale: 'fr',
      brandColor: '#112233',
    });
    const pub = await studio.anonymous().get(`/api/public/v1/studios/${studio.slug}`);

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ name: 'Studio Soleil', currency: 'JPY', timeZone: 'Asia/Kolkata', defaultLocale: 'fr' });
    expect(pub.body).toMatchObject({ name: 'Studio Soleil', brandColor: '#112233', defaultLocale: 'fr' });
    expect(pub.body.id).toBeUndefined();
  });

  it('refuses an unknown currency, time zone or colour with field errors', async () => {
    const res = await studio.admin.patch('/api/v1/studio', { currency: 'EURO', timeZone: 'GMT+2', brandColor: 'red' });

    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['brandColor', 'currency', 'timeZone']);
  });

  it('refuses a slug another studio uses', async () => {
    const other = await makeStudio(enso);

    const res = await studio.admin.patch('/api/v1/studio', { slug: other.slug });

    expect(res.status).toBe(409);
    expect(res.body.errors).toEqual([expect.objectContaining({ path: 'slug' })]);
  });

  it('stores a logo, serves it publicly, and refuses a file that is not an image', async () => {
    const ok = await studio.admin.request('PUT', '/api/v1/studio/logo', { payload: png, headers: { 'content-type': 'image/png' } });
    const fake = await studio.admin.request('PUT', '/api/v1/studio/logo', { payload: Buffer.from('<html>'), headers: { 'content-type': 'image/png' } });
    const served = await studio.anonymous().get(ok.body.logoUrl);

    expect(ok.status).toBe(200);
    expect(ok.body.logoUrl).toMatch(new RegExp(`^/api/public/v1/studios/${studio.slug}/logo\\?v=\\d+$`));
    expect(fake.status).toBe(400);
    expect(fake.body.code).toBe('logo_invalid');
    expect(served.status).toBe(200);
    expect(served.headers['content-type']).toBe('image/png');
    expect(served.headers['content-security-policy']).toContain('sandbox');
  });

  it('adds a location in its own time zone with rooms, and archives it', async () => {
    const location = await studio.admin.post('/api/v1/locations', {
      name: 'Brooklyn',
      timeZone: 'America/New_York',
      addressLine1: '1 Main St',
      city: 'New York',
      country: 'us',
    });
    const room = await studio.admin.post(`/api/v1/locations/${location.body.id}/rooms`, { name: 'Loft', capacity: 20 });
    const zero = await studio.admin.post(`/api/v1/locations/${location.body.id}/rooms`, { name: 'Closet', capacity: 0 });
    const listed = await studio.admin.get('/api/v1/locations');
    const archived = await studio.admin.post(`/api/v1/locations/${location.body.id}/archive`);
    const refused = await studio.admin.post(`/api/v1/locations/${location.body.id}/rooms`, { name: 'Late', capacity: 5 });

    expect(location.status).toBe(201);
    expect(location.body).toMatchObject({ timeZone: 'America/New_York', country: 'US', archived: false });
    expect(room.status).toBe(201);
    expect(zero.status).toBe(400);
    expect(listed.body.items.find((l: { id: string }) => l.id === location.body.id).roomCount).toBe(1);
    expect(archived.body.archived).toBe(true);
    expect(refused.status).toBe(409);
  });

  it('lets teachers read locations but not change them', async () => {
    const teacher = await studio.staff('teacher');

    expect((await teacher.get('/api/v1/locations')).status).toBe(200);
    expect((await teacher.post('/api/v1/locations', { name: 'X', timeZone: 'UTC' })).status).toBe(403);
  });
});
