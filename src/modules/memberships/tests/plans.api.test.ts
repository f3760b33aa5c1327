import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../../../platform/testing/database.ts';
import { createTestEnso, makeStudio, type StudioFixture, type TestEnso } from '../../../platform/testing/enso.ts';
import { createPlan, monthly, pack } from './fixtures.ts';

describe.each(testDatabaseKinds())('plans (%s)', (kind) => {
  let enso: TestEnso;
  let a: StudioFixture;
  let b: StudioFixture;

  beforeAll(async () => {
    enso = await createTestEnso(kind);
    a = await makeStudio(enso);
    b = await makeStudio(enso);
  });
  afterAll(() => enso?.dispose());

  it('creates a plan with every option, in the studio currency', async () => {
    const res = await a.admin.post('/api/v1/memberships/plans', {
      ...monthly(),
      priceMode: 'sliding',
      priceMinor: 6000,
      priceMinMinor: 4000,
      priceMaxMinor: 9000,
      creditsMode: 'per_period',
      creditsCount: 8,
      usableTemplateIds: ['tpl_x'],
      usableServiceIds: ['massage'],
      usableLocationIds: ['loc_y'],
      shareableWithChildren: true,
      waiverRequired: true,
      featured: true,
      visibility: 'hidden',
      customerCanFreeze: true,
    });

    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ kind: 'subscription_absolute', currency: 'EUR', priceMode: 'sliding', priceMinMinor: 4000, creditsMode: 'per_period', creditsCount: 8, usableServiceIds: ['massage'], shareableWithChildren: true, featured: true, visibility: 'hidden', archived: false });
  });

  it('refuses a plan that breaks the rules, field by field', async () => {
    const noInterval = await a.admin.post('/api/v1/memberships/plans', { ...monthly(), intervalCount: null, intervalUnit: null });
    const packPerPeriod = await a.admin.post('/api/v1/memberships/plans', pack(5, { creditsMode: 'per_period' }));
    const sliding = await a.admin.post('/api/v1/memberships/plans', { ...monthly(), priceMode: 'sliding', priceMinMinor: 9000, priceMaxMinor: 10000 });
    const shape = await a.admin.post('/api/v1/memberships/plans', { ...monthly(), priceMinor: -1 });

    expect(noInterval.status).toBe(400);
    expect(noInterval.body.code).toBe('invalid_plan');
    expect(noInterval.body.errors).toContainEqual(expect.objectContaining({ path: 'intervalCount' }));
    expect(packPerPeriod.body.errors.map((e: { path: string }) => e.path)).toContain('creditsMode');
    expect(sliding.body.errors).toContainEqual(expect.objectContaining({ path: 'priceMinor' }));
    expect(shape.status).toBe(400);
    expect(shape.body.errors).toContainEqual(expect.objectContaining({ path: 'priceMinor' }));
  });

  it('edits, archives and unarchives a plan', async () => {
    const plan = await createPlan(a, pack(10));

    const edited = await a.admin.put(`/api/v1/memberships/plans/${plan.id}`, pack(12, { expiryCount: 3, expiryUnit: 'month' }));
    const archived = await a.admin.post(`/api/v1/memberships/plans/${plan.id}/archive`, {});
    const listed = await a.admin.get('/api/v1/memberships/plans');
    const archivedList = await a.admin.get('/api/v1/memberships/plans?archived=true');
    const back = await a.admin.post(`/api/v1/memberships/plans/${plan.id}/unarchive`, {});

    expect(edited.body).toMatchObject({ creditsCount: 12, expiryCount: 3, expiryUnit: 'month' });
    expect(archived.body.archived).toBe(true);
    expect(listed.body.items.map((p: { id: string }) => p.id)).not.toContain(plan.id);
    expect(archivedList.body.items.map((p: { id: string }) => p.id)).toContain(plan.id);
    expect(back.body.archived).toBe(false);
  });

  it('lists public, unarchived plans to visitors, featured first', async () => {
    const s = await makeStudio(enso);
    await createPlan(s, pack(5, { name: 'A pack' }));
    await createPlan(s, monthly({ name: 'Z featured', featured: true }));
    await createPlan(s, monthly({ name: 'B hidden', visibility: 'hidden' }));
    const old = await createPlan(s, pack(3, { name: 'C old' }));
    await s.admin.post(`/api/v1/memberships/plans/${old.id}/archive`, {});

    const res = await s.anonymous().get(`/api/public/v1/studios/${s.slug}/plans`);

    expect(res.status).toBe(200);
    expect(res.body.items.map((p: { name: string }) => p.name)).toEqual(['Z featured', 'A pack']);
    expect(res.body.items[0]).not.toHaveProperty('visibility');
  });

  it('keeps plans to their studio and to staff who may change settings', async () => {
    const plan = await createPlan(a, pack(4));
    const desk = await a.staff('front_desk');

    expect((await b.admin.get(`/api/v1/memberships/plans/${plan.id}`)).status).toBe(404);
    expect((await b.admin.put(`/api/v1/memberships/plans/${plan.id}`, pack(4))).status).toBe(404);
    expect((await desk.get('/api/v1/memberships/plans')).status).toBe(200);
    expect((await desk.post('/api/v1/memberships/plans', pack(4))).status).toBe(403);
    expect((await a.anonymous().get('/api/v1/memberships/plans')).status).toBe(401);
  });
});
