import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../../kernel/clock.ts';
import { testDatabaseKinds } from '../../../../platform/testing/database.ts';
import { createTestEnso, makeCustomer, type TestEnso } from '../../../../platform/testing/enso.ts';
import { problem, type TestClient } from '../../../../platform/testing/client.ts';
import { bookedCount, newKey, scheduleStudio, signedUpCustomer, type ScheduleStudio } from '../../book/tests/fixtures.ts';
import { makeCourse } from './fixtures.ts';

describe.each(testDatabaseKinds())('registering a child for a semester or course (%s)', (kind) => {
  const clock = fixedClock('2027-03-01T09:00:00Z');
  let enso: TestEnso;

  const registerOwn = (s: ScheduleStudio, client: TestClient, body: Record<string, unknown>) =>
    client.request('POST', `/api/public/v1/studios/${s.slug}/me/registrations`, { body, headers: { 'idempotency-key': newKey() } });
  const staffRegister = (s: ScheduleStudio, body: Record<string, unknown>) => s.admin.request('POST', '/api/v1/registrations', { body, headers: { 'idempotency-key': newKey() } });
  const addChild = async (s: ScheduleStudio, client: TestClient, firstName: string): Promise<string> => {
    const child = await client.post(`/api/public/v1/studios/${s.slug}/me/children`, { firstName });
    expect(child.status, JSON.stringify(child.body)).toBe(201);
    return child.body.id as string;
  };
  const topUp = async (s: ScheduleStudio, customerId: string) => {
    expect((await s.admin.post(`/api/v1/customers/${customerId}/credits/adjustments`, { deltaMinor: 20_000, note: 'Top-up' })).status).toBe(200);
  };
  const creditOf = async (s: ScheduleStudio, customerId: string) => (await s.admin.get(`/api/v1/customers/${customerId}/credits`)).body.balanceMinor as number;
  const ordersOf = async (s: ScheduleStudio, client: TestClient) => (await client.get(`/api/public/v1/studios/${s.slug}/me/orders`)).body.items as unknown[];
  const nothingBooked = async (s: ScheduleStudio, classIds: string[]) => {
    for (const id of classIds) expect(await bookedCount(enso, s, id)).toBe(0);
  };

  beforeAll(async () => {
    enso = await createTestEnso(kind, { clock });
  });
  afterAll(() => enso?.dispose());

  it('refuses a customer registering someone else’s profile (another parent’s child, another adult): nothing booked, nothing charged', async () => {
    const s = await scheduleStudio(enso);
    const c = await makeCourse(enso, s, { allowChildren: true });
    const parent = await signedUpCustomer(s, 'Pam');
    const kit = await addChild(s, parent.client, 'Kit');
    const stranger = await signedUpCustomer(s, 'Sam');
    const adult = await makeCustomer(s);
    await topUp(s, stranger.id);

    const child = await registerOwn(s, stranger.client, { seriesId: c.seriesId, payment: { method: 'prepaid_credit' }, forCustomerId: kit });
    const other = await registerOwn(s, stranger.client, { seriesId: c.seriesId, payment: { method: 'prepaid_credit' }, forCustomerId: adult.id });

    expect(child.body).toMatchObject(problem(403, 'not_your_child'));
    expect(child.body.errors[0].path).toBe('forCustomerId');
    expect(other.body).toMatchObject(problem(403, 'not_your_child'));
    await nothingBooked(s, c.classIds);
    expect((await s.admin.get(`/api/v1/customers/${kit}/bookings?when=all`)).body.items).toEqual([]);
    expect(await ordersOf(s, stranger.client)).toEqual([]);
    expect(await creditOf(s, stranger.id)).toBe(20_000);
  });

  it('books a parent’s own child into every class, the parent paying, after the parent accepts the child waiver', async () => {
    const s = await scheduleStudio(enso);
    const waiver = await s.admin.post('/api/v1/waivers', { kind: 'child', title: 'Parental consent', body: 'I consent for my child.' });
    expect(waiver.status, JSON.stringify(waiver.body)).toBe(201);
    const c = await makeCourse(enso, s, { allowChildren: true });
    const parent = await signedUpCustomer(s, 'Pia');
    const kit = await addChild(s, parent.client, 'Kai');
    await topUp(s, parent.id);
    const body = { seriesId: c.seriesId, payment: { method: 'prepaid_credit' }, forCustomerId: kit };

    const asked = await registerOwn(s, parent.client, body);
    const versionId = asked.body.details?.waivers?.[0]?.versionId;
    const ok = await registerOwn(s, parent.client, { ...body, acceptedWaiverVersionIds: [versionId] });

    expect(asked.body).toMatchObject(problem(409, 'waiver_required'));
    expect(asked.body.details.waivers[0]).toMatchObject({ kind: 'child', title: 'Parental consent' });
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    expect(ok.body.registration).toMatchObject({ seriesId: c.seriesId, customerId: kit, status: 'active', paidMinor: 9000 });
    const booked = await Promise.all((ok.body.registration.bookingIds as string[]).map(async (id) => (await s.admin.get(`/api/v1/bookings/${id}`)).body));
    expect(booked.map((b) => [b.status, b.customerId, b.payerId])).toEqual([
      ['booked', kit, parent.id],
      ['booked', kit, parent.id],
      ['booked', kit, parent.id],
    ]);
    for (const id of c.classIds) expect(await bookedCount(enso, s, id)).toBe(1);
    expect(await creditOf(s, parent.id)).toBe(11_000);
    expect(JSON.stringify((await s.admin.get(`/api/v1/customers/${kit}/waivers`)).body)).toContain('Parental consent');
  });

  it('refuses a child where the series does not take children', async () => {
    const s = await scheduleStudio(enso);
    const c = await makeCourse(enso, s);
    const parent = await signedUpCustomer(s, 'Pol');
    const kit = await addChild(s, parent.client, 'Kim');
    await topUp(s, parent.id);

    const res = await registerOwn(s, parent.client, { seriesId: c.seriesId, payment: { method: 'prepaid_credit' }, forCustomerId: kit });

    expect(res.body).toMatchObject(problem(403, 'children_not_allowed'));
    await nothingBooked(s, c.classIds);
    expect(await ordersOf(s, parent.client)).toEqual([]);
    expect(await creditOf(s, parent.id)).toBe(20_000);
  });

  it('staff register a child only for its parent', async () => {
    const s = await scheduleStudio(enso);
    const c = await makeCourse(enso, s, { allowChildren: true });
    const parent = await signedUpCustomer(s, 'Paz');
    const kit = await addChild(s, parent.client, 'Kaz');
    const other = await makeCustomer(s);

    const wrongParent = await staffRegister(s, { seriesId: c.seriesId, customerId: other.id, forCustomerId: kit, payment: { method: 'cash' } });
    const ok = await staffRegister(s, { seriesId: c.seriesId, customerId: parent.id, forCustomerId: kit, payment: { method: 'cash' } });

    expect(wrongParent.body).toMatchObject(problem(403, 'not_your_child'));
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    expect(ok.body.registration).toMatchObject({ customerId: kit, status: 'active' });
    for (const id of c.classIds) expect(await bookedCount(enso, s, id)).toBe(1);
  });
});
