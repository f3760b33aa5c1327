import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../../../platform/testing/database.ts';
import { createTestEnso, makeCustomer, makeStudio, type StudioFixture, type TestEnso } from '../../../platform/testing/enso.ts';
import { withStudio } from '../../../platform/db/tx.ts';
import type { StudioId } from '../../../kernel/ids.ts';
import { problem } from '../../../platform/testing/client.ts';

const password = 'a-long-and-unusual-passphrase';
const all = { emailMarketing: true, emailTransactional: true, smsMarketing: true, sms: true };

describe.each(testDatabaseKinds())('message subscriptions API (%s)', (kind) => {
  let enso: TestEnso;
  let a: StudioFixture;
  let b: StudioFixture;

  beforeAll(async () => {
    enso = await createTestEnso(kind);
    a = await makeStudio(enso);
    b = await makeStudio(enso);
  });
  afterAll(() => enso?.dispose());

  const optOuts = (studio: StudioFixture, id: string) =>
    withStudio(enso.database, studio.studioId as StudioId, async (tx) => {
      const res = await tx.execute(
        `select email_marketing_opt_out_at is not null as em, email_transactional_opt_out_at is not null as et,
                sms_marketing_opt_out_at is not null as sm, sms_stopped_at is not null as st from customers where id = '${id}'`,
      );
      return (res as unknown as { rows: Record<string, boolean>[] }).rows[0];
    });

  it('lets staff unsubscribe a customer per kind, recording the time and one event per change', async () => {
    const c = await makeCustomer(a);

    const res = await a.admin.put(`/api/v1/customers/${c.id}/subscriptions`, { emailMarketing: false, emailTransactional: true });
    const again = await a.admin.put(`/api/v1/customers/${c.id}/subscriptions`, { emailMarketing: false });
    const feed = await a.admin.get(`/api/v1/customers/${c.id}/activity`);

    expect(res.status).toBe(200);
    expect(res.body.subscriptions).toEqual({ ...all, emailMarketing: false });
    expect(again.body).toEqual(res.body);
    expect(await optOuts(a, c.id)).toEqual({ em: true, et: false, sm: false, st: false });
    expect(feed.body.items.filter((e: { type: string }) => e.type === 'customer.subscription_changed.v1').map((e: { payload: unknown }) => e.payload)).toEqual([
      { kind: 'emailMarketing', subscribed: false },
    ]);
  });

  it('stops marketing SMS with STOP and keeps them off when SMS are turned back on', async () => {
    const c = await makeCustomer(a);

    const stopped = await a.admin.put(`/api/v1/customers/${c.id}/subscriptions`, { sms: false });
    const refused = await a.admin.put(`/api/v1/customers/${c.id}/subscriptions`, { smsMarketing: true });
    const resumed = await a.admin.put(`/api/v1/customers/${c.id}/subscriptions`, { sms: true });
    const both = await a.admin.put(`/api/v1/customers/${c.id}/subscriptions`, { smsMarketing: true });
    const feed = await a.admin.get(`/api/v1/customers/${c.id}/activity`);

    expect(stopped.body.subscriptions).toEqual({ ...all, sms: false, smsMarketing: false });
    expect(refused.body).toMatchObject({ ...problem(409, 'sms_stopped'), errors: [{ path: 'smsMarketing' }] });
    expect(resumed.body.subscriptions).toEqual({ ...all, smsMarketing: false });
    expect(both.body.subscriptions).toEqual(all);
    expect(feed.body.items.filter((e: { type: string }) => e.type === 'customer.subscription_changed.v1').map((e: { payload: unknown }) => e.payload)).toEqual([
      { kind: 'smsMarketing', subscribed: true },
      { kind: 'sms', subscribed: true },
      { kind: 'sms', subscribed: false },
      { kind: 'smsMarketing', subscribed: false },
    ]);
  });

  it('lets a customer set their own subscriptions', async () => {
    const visitor = a.anonymous();
    const me = (await visitor.post(`/api/public/v1/studios/${a.slug}/signup`, { firstName: 'Ana', email: 'ana@example.com', password })).body.customer;

    const res = await visitor.put(`/api/public/v1/studios/${a.slug}/me/subscriptions`, { emailMarketing: false, smsMarketing: false });
    const staffView = await a.admin.get(`/api/v1/customers/${me.id}`);
    const feed = await a.admin.get(`/api/v1/customers/${me.id}/activity`);

    expect(res.body.customer.subscriptions).toEqual({ ...all, emailMarketing: false, smsMarketing: false });
    expect(staffView.body.subscriptions).toEqual(res.body.customer.subscriptions);
    expect(feed.body.items[0]).toMatchObject({ type: 'customer.subscription_changed.v1', actorKind: 'customer' });
  });

  it('answers 400 to an empty or malformed change, 404 across studios, 403 to a teacher, 401 when signed out', async () => {
    const c = await makeCustomer(a);
    const ofB = await makeCustomer(b);
    const teacher = await a.staff('teacher');

    const empty = await a.admin.put(`/api/v1/customers/${c.id}/subscriptions`, {});
    const wrong = await a.admin.put(`/api/v1/customers/${c.id}/subscriptions`, { sms: 'no' });
    const unknown = await a.admin.put(`/api/v1/customers/${c.id}/subscriptions`, { whatsapp: false });
    const other = await a.admin.put(`/api/v1/customers/${ofB.id}/subscriptions`, { sms: false });
    const forbidden = await teacher.put(`/api/v1/customers/${c.id}/subscriptions`, { sms: false });
    const signedOut = await a.anonymous().put(`/api/public/v1/studios/${a.slug}/me/subscriptions`, { sms: false });

    expect(empty.body).toMatchObject(problem(400, 'validation_failed'));
    expect(wrong.status).toBe(400);
    expect(unknown.status).toBe(400);
    expect(other.body).toMatchObject(problem(404, 'customer_not_found'));
    expect(forbidden.status).toBe(403);
    expect(signedOut.status).toBe(401);
    expect((await b.admin.get(`/api/v1/customers/${ofB.id}`)).body.subscriptions).toEqual(all);
  });
});
