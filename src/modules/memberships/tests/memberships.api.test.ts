import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../kernel/clock.ts';
import type { StudioId } from '../../../kernel/ids.ts';
import { withStudio } from '../../../platform/db/tx.ts';
import { testDatabaseKinds } from '../../../platform/testing/database.ts';
import { createTestEnso, makeCustomer, makeStudio, type StudioFixture, type TestEnso } from '../../../platform/testing/enso.ts';
import type { MembershipDto } from '../contracts.ts';
import { buyDirect, createPlan, eventsAbout, maintain, monthly, pack, staffCtx, typesAbout } from './fixtures.ts';

const day = 24 * 60 * 60 * 1000;

describe.each(testDatabaseKinds())('customer memberships (%s)', (kind) => {
  let enso: TestEnso;
  let a: StudioFixture;
  let b: StudioFixture;
  // 31 January, 11:00 in Paris: the month-end rule shows on the first renewal date.
  const start = '2027-01-31T10:00:00Z';
  const clock = fixedClock(start);

  beforeAll(async () => {
    enso = await createTestEnso(kind, { clock });
    a = await makeStudio(enso);
    b = await makeStudio(enso);
  });
  beforeEach(() => clock.set(start));
  afterAll(() => enso?.dispose());

  const ctx = () => staffCtx(a, clock);
  // Read through the service: moving the clock weeks ahead would end the admin's session.
  const get = (id: string): Promise<MembershipDto> => enso.services.memberships.getMembership(ctx(), id);
  const inTx = <T>(fn: (tx: Parameters<Parameters<typeof withStudio>[2]>[0]) => Promise<T>) => withStudio(enso.database, a.studioId as StudioId, fn);

  it('starts a monthly subscription bought on 31 January with its renewal on 28 February', async () => {
    const plan = await createPlan(a, monthly());
    const ana = await makeCustomer(a);

    const id = await buyDirect(enso, a, clock, ana.id, plan.id);

    expect(await get(id)).toMatchObject({ status: 'active', startDate: '2027-01-31', periodStart: '2027-01-31', periodEnd: '2027-02-28', renewalDate: '2027-02-28', creditsRemaining: null, priceMinor: 8000 });
    expect(await typesAbout(enso, id)).toEqual(['membership.purchased.v1']);
  });

  it('grants a pack’s credits on the ledger and spends them one booking at a time, never below zero', async () => {
    const plan = await createPlan(a, pack(2));
    const ana = await makeCustomer(a);
    const id = await buyDirect(enso, a, clock, ana.id, plan.id);

    const first = await inTx((tx) => enso.services.memberships.consumeCredit(tx, ctx(), { membershipId: id, bookingId: 'bkg_1', occurrenceId: 'occ_1' }));
    const again = await inTx((tx) => enso.services.memberships.consumeCredit(tx, ctx(), { membershipId: id, bookingId: 'bkg_1' }));
    await inTx((tx) => enso.services.memberships.consumeCredit(tx, ctx(), { membershipId: id, bookingId: 'bkg_2' }));
    const third = await inTx((tx) => enso.services.memberships.consumeCredit(tx, ctx(), { membershipId: id, bookingId: 'bkg_3' })).catch((e: unknown) => e);

    expect(first).toMatchObject({ delta: -1, balanceAfter: 1, reason: 'booking', bookingId: 'bkg_1', occurrenceId: 'occ_1' });
    expect(again!.id).toBe(first!.id);
    expect(third).toMatchObject({ code: 'no_credits_left' });
    const events = await eventsAbout(enso, id);
    expect(events.map((e) => e.type)).toEqual(['membership.purchased.v1', 'pack.credits_left.v1', 'pack.credits_left.v1', 'pack.last_credit_used.v1']);
    expect(events[1]!.payload).toMatchObject({ creditsLeft: 1, bookingId: 'bkg_1' });
    const ledger = await a.admin.get(`/api/v1/memberships/${id}/credits`);
    expect(ledger.body.creditsRemaining).toBe(0);
    expect(ledger.body.items.map((e: { reason: string; delta: number }) => [e.reason, e.delta])).toEqual([['booking', -1], ['booking', -1], ['grant', 2]]);
  });

  it('returns a booking’s credit once', async () => {
    const plan = await createPlan(a, pack(1));
    const ana = await makeCustomer(a);
    const id = await buyDirect(enso, a, clock, ana.id, plan.id);
    await inTx((tx) => enso.services.memberships.consumeCredit(tx, ctx(), { membershipId: id, bookingId: 'bkg_r' }));

    const back = await inTx((tx) => enso.services.memberships.returnCredit(tx, ctx(), { membershipId: id, bookingId: 'bkg_r', reason: 'cancelled in time' }));
    const twice = await inTx((tx) => enso.services.memberships.returnCredit(tx, ctx(), { membershipId: id, bookingId: 'bkg_r' }));
    const unknown = await inTx((tx) => enso.services.memberships.returnCredit(tx, ctx(), { membershipId: id, bookingId: 'bkg_never' }));

    expect(back).toMatchObject({ delta: 1, balanceAfter: 1, reason: 'booking_returned', note: 'cancelled in time' });
    expect(twice!.id).toBe(back!.id);
    expect(unknown).toBeNull();
    expect((await get(id)).creditsRemaining).toBe(1);
  });

  it('sells an intro offer once per customer and expires it with its own event', async () => {
    const plan = await createPlan(a, { name: 'Intro', kind: 'intro_offer', priceMinor: 2500, creditsMode: 'total', creditsCount: 3, expiryCount: 14, expiryUnit: 'day' });
    const ana = await makeCustomer(a);
    const id = await buyDirect(enso, a, clock, ana.id, plan.id);

    const second = await buyDirect(enso, a, clock, ana.id, plan.id).catch((e: unknown) => e);
    clock.advance(14 * day);
    await maintain(enso, a, clock);

    expect(second).toMatchObject({ code: 'intro_offer_already_used' });
    expect(await get(id)).toMatchObject({ status: 'expired', creditsRemaining: 0, periodEnd: '2027-02-14' });
    expect(await typesAbout(enso, id)).toEqual(['membership.purchased.v1', 'intro_offer.purchased.v1', 'membership.expired.v1', 'intro_offer.expired.v1']);
  });

  it('quotes a sliding-scale plan at the buyer’s choice within its range', async () => {
    const plan = await createPlan(a, monthly({ priceMode: 'sliding', priceMinor: 5000, priceMinMinor: 3000, priceMaxMinor: 7000 }));
    const ana = await makeCustomer(a);

    const id = await buyDirect(enso, a, clock, ana.id, plan.id, 3000);
    const low = await buyDirect(enso, a, clock, ana.id, plan.id, 2999).catch((e: unknown) => e);

    expect((await get(id)).priceMinor).toBe(3000);
    expect(low).toMatchObject({ code: 'invalid_price' });
  });

  it('freezes now until a date: no benefits meanwhile, then the renewal date moves by the frozen days', async () => {
    const plan = await createPlan(a, pack(5, { expiryCount: 1, expiryUnit: 'month' }));
    const ana = await makeCustomer(a);
    const id = await buyDirect(enso, a, clock, ana.id, plan.id);

    const frozen = await a.admin.post(`/api/v1/memberships/${id}/freeze`, { unfreezeDate: '2027-02-10' });
    const eligible = await inTx((tx) => enso.services.memberships.eligibleFor(tx, ctx(), { customerId: ana.id, templateId: 'tpl_any', locationId: null, startsAt: new Date('2027-02-05T17:00:00Z') }));
    const spend = await inTx((tx) => enso.services.memberships.consumeCredit(tx, ctx(), { membershipId: id, bookingId: 'bkg_f' })).catch((e: unknown) => e);
    clock.set('2027-02-09T22:59:00Z');
    await maintain(enso, a, clock);
    const stillFrozen = await get(id);
    clock.set('2027-02-09T23:00:00Z'); // midnight in Paris on the 10th
    await maintain(enso, a, clock);

    expect(frozen.status).toBe(200);
    expect(frozen.body.status).toBe('frozen');
    expect(eligible).toEqual([]);
    expect(spend).toMatchObject({ code: 'membership_not_active' });
    expect(stillFrozen.status).toBe('frozen');
    expect(await get(id)).toMatchObject({ status: 'active', periodEnd: '2027-03-10' }); // 28 Feb + 10 frozen days
    const events = await eventsAbout(enso, id);
    expect(events.map((e) => e.type)).toEqual(['membership.purchased.v1', 'membership.frozen.v1', 'membership.unfreeze_scheduled.v1', 'membership.unfrozen.v1']);
    expect(events[3]!.payload).toMatchObject({ shiftedDays: 10 });
  });

  it('applies a scheduled freeze at the start of its day, and unfreezes by hand', async () => {
    const plan = await createPlan(a, monthly());
    const ana = await makeCustomer(a);
    const id = await buyDirect(enso, a, clock, ana.id, plan.id);

    await a.admin.post(`/api/v1/memberships/${id}/freeze`, { startDate: '2027-02-03' });
    const again = await a.admin.post(`/api/v1/memberships/${id}/freeze`, {});
    await maintain(enso, a, clock);
    const before = await get(id);
    clock.set('2027-02-02T23:00:00Z');
    await maintain(enso, a, clock);
    const during = await get(id);
    clock.set('2027-02-08T09:00:00Z');
    const lifted = await a.admin.post(`/api/v1/memberships/${id}/unfreeze`, {});

    expect(again.body.code).toBe('already_frozen');
    expect(before.status).toBe('active');
    expect(during.status).toBe('frozen');
    expect(lifted.body).toMatchObject({ status: 'active', periodEnd: '2027-03-05', renewalDate: '2027-03-05' });
    expect(await typesAbout(enso, id)).toEqual(['membership.purchased.v1', 'membership.frozen.v1', 'membership.unfrozen.v1']);
  });

  it('counts a freeze across the spring DST change in local days (Paris, 28 March 2027)', async () => {
    const plan = await createPlan(a, monthly());
    const ana = await makeCustomer(a);
    clock.set('2027-03-10T10:00:00Z');
    const id = await buyDirect(enso, a, clock, ana.id, plan.id); // renews on 10 April

    // Through the service: the admin's session (signed in on 31 January) would have ended by now.
    await enso.services.memberships.freeze(ctx(), id, { startDate: '2027-03-28', unfreezeDate: '2027-04-04' });
    clock.set('2027-03-27T22:59:00Z'); // 23:59 on the 27th, still +01:00
    await maintain(enso, a, clock);
    const before = (await get(id)).status;
    clock.set('2027-03-27T23:00:00Z'); // midnight on the 28th in Paris
    await maintain(enso, a, clock);
    const during = (await get(id)).status;
    clock.set('2027-04-03T22:00:00Z'); // midnight on 4 April, now +02:00
    await maintain(enso, a, clock);

    expect([before, during]).toEqual(['active', 'frozen']);
    expect(await get(id)).toMatchObject({ status: 'active', periodEnd: '2027-04-17' }); // 10 April + 7 days
  });

  it('cancels the renewal: access until the period ends, then expired', async () => {
    const plan = await createPlan(a, monthly());
    const ana = await makeCustomer(a);
    const id = await buyDirect(enso, a, clock, ana.id, plan.id);

    const cancelled = await a.admin.post(`/api/v1/memberships/${id}/cancel-renewal`, {});
    const twice = await a.admin.post(`/api/v1/memberships/${id}/cancel-renewal`, {});
    clock.set('2027-02-27T12:00:00Z');
    await maintain(enso, a, clock);
    const lastDay = await get(id);
    clock.set('2027-02-27T23:00:00Z');
    await maintain(enso, a, clock);

    expect(cancelled.body).toMatchObject({ status: 'active', renewalDate: null, autoRenew: false });
    expect(twice.body.code).toBe('not_renewing');
    expect(lastDay.status).toBe('active');
    expect((await get(id)).status).toBe('expired');
    const events = await eventsAbout(enso, id);
    expect(events.map((e) => e.type)).toEqual(['membership.purchased.v1', 'membership.cancelled.v1', 'membership.expired.v1']);
    expect(events[1]!.payload).toMatchObject({ accessUntil: '2027-02-28', by: 'staff' });
    expect(events[2]!.payload).toMatchObject({ reason: 'renewal_cancelled' });
  });

  it('changes the renewal price', async () => {
    const plan = await createPlan(a, monthly());
    const ana = await makeCustomer(a);
    const id = await buyDirect(enso, a, clock, ana.id, plan.id);

    const res = await a.admin.put(`/api/v1/memberships/${id}/renewal-price`, { priceMinor: 7000 });
    const bad = await a.admin.put(`/api/v1/memberships/${id}/renewal-price`, { priceMinor: -5 });

    expect(res.body.renewalPriceMinor).toBe(7000);
    expect(bad.status).toBe(400);
    const events = await eventsAbout(enso, id);
    expect(events.at(-1)).toMatchObject({ type: 'membership.renewal_price_changed.v1', payload: { fromMinor: 8000, toMinor: 7000 } });
  });

  it('lists memberships that can pay for a class: usable-for, period, children', async () => {
    const s = await makeStudio(enso);
    const sctx = staffCtx(s, clock);
    const yogaOnly = await createPlan(s, pack(3, { usableTemplateIds: ['tpl_yoga'] }));
    const family = await createPlan(s, monthly({ shareableWithChildren: true, usableLocationIds: ['loc_main'] }));
    const parent = await makeCustomer(s);
    const child = (await s.admin.post(`/api/v1/customers/${parent.id}/children`, { firstName: 'Kid' })).body as { id: string };
    const stranger = await makeCustomer(s);
    const packId = await buyDirect(enso, s, clock, parent.id, yogaOnly.id);
    const subId = await buyDirect(enso, s, clock, parent.id, family.id);
    const when = new Date('2027-02-10T17:00:00Z');
    const eligible = (q: { customerId: string; forCustomerId?: string; templateId: string; locationId: string | null; startsAt?: Date }) =>
      withStudio(enso.database, s.studioId as StudioId, (tx) => enso.services.memberships.eligibleFor(tx, sctx, { startsAt: when, ...q }));

    const yoga = await eligible({ customerId: parent.id, templateId: 'tpl_yoga', locationId: 'loc_main' });
    const pilatesElsewhere = await eligible({ customerId: parent.id, templateId: 'tpl_pilates', locationId: 'loc_other' });
    const forChild = await eligible({ customerId: parent.id, forCustomerId: child.id, templateId: 'tpl_yoga', locationId: 'loc_main' });
    const notTheirChild = await eligible({ customerId: stranger.id, forCustomerId: child.id, templateId: 'tpl_yoga', locationId: 'loc_main' });
    const afterPeriod = await eligible({ customerId: parent.id, templateId: 'tpl_pilates', locationId: 'loc_main', startsAt: new Date('2027-03-01T10:00:00Z') });

    expect(yoga.map((m) => m.membershipId)).toEqual([packId, subId]); // counted credits first
    expect(pilatesElsewhere).toEqual([]);
    expect(forChild.map((m) => m.membershipId)).toEqual([subId]);
    expect(notTheirChild).toEqual([]);
    expect(afterPeriod).toEqual([]);
  });

  it('lets a customer see their memberships and act where the plan allows', async () => {
    const visitor = a.anonymous();
    const base = `/api/public/v1/studios/${a.slug}`;
    const signup = await visitor.post(`${base}/signup`, { firstName: 'Nina', email: `nina-${kind}@example.com`, password: 'correct-horse-battery' });
    const customerId = signup.body.customer.id as string;
    const sub = await buyDirect(enso, a, clock, customerId, (await createPlan(a, monthly({ customerCanCancel: true, customerCanFreeze: false }))).id);
    const other = await makeCustomer(a);
    const theirs = await buyDirect(enso, a, clock, other.id, (await createPlan(a, monthly({ customerCanCancel: true }))).id);

    const mine = await visitor.get(`${base}/me/memberships`);
    const freeze = await visitor.post(`${base}/me/memberships/${sub}/freeze`, {});
    const notMine = await visitor.post(`${base}/me/memberships/${theirs}/cancel-renewal`, {});
    const cancel = await visitor.post(`${base}/me/memberships/${sub}/cancel-renewal`, {});

    expect(mine.status).toBe(200);
    expect(mine.body.items).toEqual([expect.objectContaining({ id: sub, renewalDate: '2027-02-28', creditsRemaining: null, customerCanFreeze: false })]);
    expect(freeze.status).toBe(403);
    expect(freeze.body.code).toBe('not_allowed_by_plan');
    expect(notMine.status).toBe(404);
    expect(cancel.body.renewalDate).toBeNull();
    expect((await eventsAbout(enso, sub)).at(-1)).toMatchObject({ type: 'membership.cancelled.v1', payload: { by: 'customer' } });
  });

  it('adjusts credits by hand, with a note, never below zero', async () => {
    const ana = await makeCustomer(a);
    const id = await buyDirect(enso, a, clock, ana.id, (await createPlan(a, pack(2))).id);

    const add = await a.admin.post(`/api/v1/memberships/${id}/credits`, { delta: 3, note: 'Goodwill' });
    const tooMany = await a.admin.post(`/api/v1/memberships/${id}/credits`, { delta: -6, note: 'Oops' });
    const zero = await a.admin.post(`/api/v1/memberships/${id}/credits`, { delta: 0, note: 'x' });

    expect(add.status).toBe(201);
    expect(add.body).toMatchObject({ delta: 3, balanceAfter: 5, reason: 'adjustment', note: 'Goodwill' });
    expect(tooMany.status).toBe(409);
    expect(zero.status).toBe(400);
  });

  it('keeps memberships to their studio', async () => {
    const ana = await makeCustomer(a);
    const id = await buyDirect(enso, a, clock, ana.id, (await createPlan(a, pack(2))).id);

    expect((await b.admin.get(`/api/v1/memberships/${id}`)).status).toBe(404);
    expect((await b.admin.post(`/api/v1/memberships/${id}/freeze`, {})).status).toBe(404);
    expect((await b.admin.get(`/api/v1/memberships?customerId=${ana.id}`)).body.items).toEqual([]);
    expect((await a.admin.get(`/api/v1/memberships?customerId=${ana.id}`)).body.items.map((m: { id: string }) => m.id)).toEqual([id]);
  });
});
