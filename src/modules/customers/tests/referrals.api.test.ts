import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../../../platform/testing/database.ts';
import { createTestEnso, makeCustomer, makeStudio, type StudioFixture, type TestEnso } from '../../../platform/testing/enso.ts';
import { problem } from '../../../platform/testing/client.ts';

const password = 'a-long-and-unusual-passphrase';
const types = (res: { body: { items: { type: string }[] } }) => res.body.items.map((e) => e.type);
const settings = { enabled: true, referrerRewardMinor: 1500, newCustomerRewardMinor: 1000, rewardOn: 'first_purchase' };

describe.each(testDatabaseKinds())('referrals API (%s)', (kind) => {
  let enso: TestEnso;
  let a: StudioFixture;
  let b: StudioFixture;
  let n = 0;

  beforeAll(async () => {
    enso = await createTestEnso(kind);
    a = await makeStudio(enso);
    b = await makeStudio(enso);
    await a.admin.put('/api/v1/customers/referral-settings', settings);
  });
  afterAll(() => enso?.dispose());

  const signUp = async (studio: StudioFixture, ref?: string) => {
    n += 1;
    const visitor = studio.anonymous();
    const res = await visitor.post(`/api/public/v1/studios/${studio.slug}/signup`, {
      firstName: `Friend${n}`,
      email: `friend${n}@example.com`,
      password,
      ...(ref === undefined ? {} : { ref }),
    });
    if (res.status !== 201) throw new Error(`sign-up failed: ${JSON.stringify(res.body)}`);
    return { visitor, customer: res.body.customer as { id: string; source: string; referredById: string | null } };
  };

  describe('settings', () => {
    it('starts disabled in the studio currency, then saves and reads back', async () => {
      const before = await b.admin.get('/api/v1/customers/referral-settings');
      const saved = await b.admin.put('/api/v1/customers/referral-settings', { ...settings, rewardOn: 'signup' });
      const after = await b.admin.get('/api/v1/customers/referral-settings');

      expect(before.body).toEqual({ enabled: false, currency: 'EUR', minorUnits: 2, referrerRewardMinor: 0, newCustomerRewardMinor: 0, rewardOn: 'first_purchase' });
      expect(saved.body).toEqual({ ...settings, rewardOn: 'signup', currency: 'EUR', minorUnits: 2 });
      expect(after.body).toEqual(saved.body);
    });

    it('rejects negative, fractional and unknown values, and front desk and teachers', async () => {
      const frontDesk = await a.staff('front_desk');

      const negative = await a.admin.put('/api/v1/customers/referral-settings', { ...settings, referrerRewardMinor: -1 });
      const fraction = await a.admin.put('/api/v1/customers/referral-settings', { ...settings, newCustomerRewardMinor: 9.99 });
      const when = await a.admin.put('/api/v1/customers/referral-settings', { ...settings, rewardOn: 'someday' });
      const missing = await a.admin.put('/api/v1/customers/referral-settings', { enabled: true });
      const forbidden = await frontDesk.put('/api/v1/customers/referral-settings', settings);

      expect(negative.body).toMatchObject(problem(400, 'validation_failed'));
      expect(negative.body.errors).toContainEqual(expect.objectContaining({ path: 'referrerRewardMinor' }));
      expect(fraction.body.errors).toContainEqual(expect.objectContaining({ path: 'newCustomerRewardMinor' }));
      expect(when.body.errors).toContainEqual(expect.objectContaining({ path: 'rewardOn' }));
      expect(missing.status).toBe(400);
      expect(forbidden.status).toBe(403);
    });
  });

  describe('links and sign-ups', () => {
    it('gives each customer a stable code and link', async () => {
      const c = await makeCustomer(a);

      const first = await a.admin.get(`/api/v1/customers/${c.id}/referral`);
      const second = await a.admin.get(`/api/v1/customers/${c.id}/referral`);

      expect(first.body.code).toMatch(/^[A-HJKMNP-Z2-9]{8}$/);
      expect(first.body).toEqual({
        programmeEnabled: true,
        code: first.body.code,
        link: `http://enso.test/s/${a.slug}/signup?ref=${first.body.code}`,
        referredBy: null,
        referredCount: 0,
        referred: [],
      });
      expect(second.body).toEqual(first.body);
    });

    it('records a sign-up through the link as a referral and publishes customer.referred.v1', async () => {
      const { visitor: referrer, customer: ana } = await signUp(a);
      const own = await referrer.get(`/api/public/v1/studios/${a.slug}/me/referral`);

      const { customer: friend } = await signUp(a, own.body.code.toLowerCase());
      const feed = await a.admin.get(`/api/v1/customers/${friend.id}/activity`);
      const staffView = await a.admin.get(`/api/v1/customers/${ana.id}/referral`);
      const ownAfter = await referrer.get(`/api/public/v1/studios/${a.slug}/me/referral`);

      expect(own.body).toEqual({ programmeEnabled: true, code: expect.any(String), link: expect.stringContaining('?ref='), referredCount: 0 });
      expect(friend).toMatchObject({ source: 'referral', referredById: ana.id });
      expect(types(feed)).toEqual(expect.arrayContaining(['customer.created.v1', 'customer.signed_up.v1', 'customer.referred.v1']));
      expect(feed.body.items.find((e: { type: string }) => e.type === 'customer.referred.v1').payload).toEqual({ referrerId: ana.id });
      expect(feed.body.items.find((e: { type: string }) => e.type === 'customer.created.v1').payload).toEqual({ source: 'referral' });
      expect(staffView.body).toMatchObject({ referredCount: 1, referred: [{ id: friend.id, firstName: expect.any(String) }] });
      expect((await a.admin.get(`/api/v1/customers/${friend.id}/referral`)).body.referredBy).toMatchObject({ id: ana.id });
      expect(ownAfter.body.referredCount).toBe(1);
    });

    it('ignores an unknown code, a malformed one, and any code while the programme is off', async () => {
      const owner = await makeCustomer(b);
      await b.admin.put('/api/v1/customers/referral-settings', { ...settings, enabled: false });
      const code = (await b.admin.get(`/api/v1/customers/${owner.id}/referral`)).body.code;

      const unknown = await signUp(a, 'ZZZZZZZZ');
      const garbage = await signUp(a, "'; drop table customers; --");
      const disabled = await signUp(b, code);
      const otherStudio = await signUp(a, code);

      for (const [studio, { customer }] of [[a, unknown], [a, garbage], [b, disabled], [a, otherStudio]] as const) {
        expect(customer).toMatchObject({ source: 'signup', referredById: null });
        expect(types(await studio.admin.get(`/api/v1/customers/${customer.id}/activity`))).not.toContain('customer.referred.v1');
      }
    });

    it('lets staff record a referrer without publishing customer.referred.v1', async () => {
      const referrer = await makeCustomer(a);
      const c = await makeCustomer(a);

      const set = await a.admin.put(`/api/v1/customers/${c.id}/referrer`, { referrerId: referrer.id });
      const feed = await a.admin.get(`/api/v1/customers/${c.id}/activity`);
      const referral = await a.admin.get(`/api/v1/customers/${referrer.id}/referral`);
      const cleared = await a.admin.put(`/api/v1/customers/${c.id}/referrer`, { referrerId: null });

      expect(set.body).toMatchObject({ id: c.id, referredById: referrer.id, source: 'dashboard' });
      expect(types(feed)).toContain('customer.referrer_set.v1');
      expect(types(feed)).not.toContain('customer.referred.v1');
      expect(referral.body.referred.map((r: { id: string }) => r.id)).toEqual([c.id]);
      expect(cleared.body.referredById).toBeNull();
    });

    it('refuses a self-referral, an unknown referrer and another studio’s customer', async () => {
      const c = await makeCustomer(a);
      const ofB = await makeCustomer(b);

      const self = await a.admin.put(`/api/v1/customers/${c.id}/referrer`, { referrerId: c.id });
      const unknown = await a.admin.put(`/api/v1/customers/${c.id}/referrer`, { referrerId: 'cus_nobody' });
      const cross = await a.admin.put(`/api/v1/customers/${c.id}/referrer`, { referrerId: ofB.id });
      const crossTarget = await a.admin.put(`/api/v1/customers/${ofB.id}/referrer`, { referrerId: c.id });
      const crossRead = await a.admin.get(`/api/v1/customers/${ofB.id}/referral`);

      expect(self.body).toMatchObject({ ...problem(400, 'self_referral'), errors: [{ path: 'referrerId' }] });
      expect(unknown.body).toMatchObject({ ...problem(400, 'referrer_not_found'), errors: [{ path: 'referrerId' }] });
      expect(cross.body).toMatchObject(problem(400, 'referrer_not_found'));
      expect(crossTarget.body).toMatchObject(problem(404, 'customer_not_found'));
      expect(crossRead.body).toMatchObject(problem(404, 'customer_not_found'));
    });
  });
});
