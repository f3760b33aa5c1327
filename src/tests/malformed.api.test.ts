import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../platform/testing/database.ts';
import { createTestEnso, makeStudio, type StudioFixture, type TestEnso } from '../platform/testing/enso.ts';

const fakeId = 'zzz_01JD00000000000000000000ZZ';

const badBodies: { label: string; payload: string; type: string }[] = [
  { label: 'broken JSON', payload: '{"name": ', type: 'application/json' },
  { label: 'a JSON array', payload: '[1,2,3]', type: 'application/json' },
  { label: 'a JSON string', payload: '"hello"', type: 'application/json' },
  { label: 'wrong types', payload: JSON.stringify({ name: 42, email: ['x'], capacity: 'many', timeZone: {}, role: 'owner', firstName: null }), type: 'application/json' },
  { label: 'unknown fields', payload: JSON.stringify({ studioId: 'std_other', isAdmin: true }), type: 'application/json' },
  { label: 'huge strings', payload: JSON.stringify({ name: 'x'.repeat(50_000), firstName: 'y'.repeat(50_000), email: 'z'.repeat(5_000) }), type: 'application/json' },
  { label: 'form encoding', payload: 'name=x&capacity=3', type: 'application/x-www-form-urlencoded' },
];

const badQueries = ['?limit=abc', '?limit=-1', '?limit=100000', '?cursor=%ZZ', '?cursor[]=1&cursor[]=2', `?q=${'%'.repeat(300)}`, '?q=%00%27%22'];

/** Bad input anywhere gets a 4xx problem document, never a 5xx. */
describe.each(testDatabaseKinds())('malformed input on every route (%s)', (kind) => {
  let enso: TestEnso;
  let studio: StudioFixture;

  beforeAll(async () => {
    enso = await createTestEnso(kind);
    studio = await makeStudio(enso);
  });
  afterAll(() => enso?.dispose());

  it('answers malformed bodies with 4xx problem+json', async () => {
    const failures: string[] = [];
    for (const route of enso.app.routeTable.filter((r) => r.method !== 'GET' && !r.url.endsWith('/logout'))) {
      const url = route.url.replace(':id', fakeId).replace(':slug', studio.slug);
      for (const bad of badBodies) {
        const res = await studio.admin.request(route.method as 'POST', url, { payload: bad.payload, headers: { 'content-type': bad.type } });
        if (res.status >= 500 || res.status < 400) {
          // A body-less action may legitimately ignore its body: then it must still not fail.
          if (res.status >= 500) failures.push(`${route.method} ${url} with ${bad.label}: ${res.status}`);
        } else if (!String(res.headers['content-type']).includes('application/problem+json')) {
          failures.push(`${route.method} ${url} with ${bad.label}: not problem+json`);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('answers malformed query strings and ids with 4xx, never 5xx', async () => {
    const failures: string[] = [];
    for (const route of enso.app.routeTable.filter((r) => r.method === 'GET')) {
      for (const query of badQueries) {
        for (const id of [fakeId, 'not-an-id', '%27%3B--', 'x'.repeat(150)]) {
          const url = route.url.replace(':id', id).replace(':slug', studio.slug) + query;
          const res = await studio.admin.get(url);
          if (res.status >= 500) failures.push(`GET ${url}: ${res.status}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('names the offending field in a validation error', async () => {
    const res = await studio.admin.post('/api/v1/locations', { name: 'Annex', timeZone: 'Mars/Olympus' });

    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ status: 400, code: 'validation_failed' });
    expect(res.body.errors).toEqual([expect.objectContaining({ path: 'timeZone' })]);
  });
});
