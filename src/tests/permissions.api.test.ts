import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { staffRoles, type StaffRole } from '../kernel/ctx.ts';
import { roleCan } from '../modules/identity/index.ts';
import { testDatabaseKinds } from '../platform/testing/database.ts';
import { createTestEnso, makeStudio, type TestEnso } from '../platform/testing/enso.ts';
import type { TestClient } from '../platform/testing/client.ts';

const fakeId = 'zzz_01JD00000000000000000000ZZ';
const concrete = (url: string) => url.replace(':id', fakeId).replace(':slug', 'no-such-studio');

/** Signing out would end the walking client's session; those routes have their own tests. */
const walkable = (url: string) => !url.endsWith('/logout');

describe.each(testDatabaseKinds())('every route against the permission table (%s)', (kind) => {
  let enso: TestEnso;
  const clients = {} as Record<StaffRole, TestClient>;
  let anonymous: TestClient;

  beforeAll(async () => {
    enso = await createTestEnso(kind);
    const studio = await makeStudio(enso);
    clients.admin = studio.admin;
    for (const role of staffRoles.filter((r) => r !== 'admin')) clients[role] = await studio.staff(role);
    anonymous = studio.anonymous();
  });
  afterAll(() => enso?.dispose());

  it('declares an access rule on every API route', () => {
    expect(enso.app.routeTable.length).toBeGreaterThan(30);
    for (const route of enso.app.routeTable) expect(route.access, `${route.method} ${route.url}`).toBeTruthy();
  });

  it('lets each role call exactly the routes its permissions allow', async () => {
    const mismatches: string[] = [];
    for (const route of enso.app.routeTable.filter((r) => walkable(r.url))) {
      for (const role of staffRoles) {
        const res = await clients[role].request(route.method as 'GET', concrete(route.url), route.method === 'GET' ? {} : { body: {} });
        const expectAllowed =
          route.access === 'public' || route.access === 'staff' || (route.access !== 'customer' && roleCan(role, route.access));
        const denied = res.status === 403 || res.status === 401;
        if (route.access === 'customer') {
          if (res.status !== 401) mismatches.push(`${role} ${route.method} ${route.url}: ${res.status}, expected 401`);
        } else if (expectAllowed === denied) {
          mismatches.push(`${role} ${route.method} ${route.url} (${route.access}): ${res.status}`);
        }
        expect(res.status, `${role} ${route.method} ${route.url}`).toBeLessThan(500);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('asks anonymous callers to sign in on every route that is not public', async () => {
    for (const route of enso.app.routeTable.filter((r) => r.access !== 'public')) {
      const res = await anonymous.request(route.method as 'GET', concrete(route.url), route.method === 'GET' ? {} : { body: {} });

      expect(res.status, `${route.method} ${route.url}`).toBe(401);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
  });
});
