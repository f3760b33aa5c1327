import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../../kernel/clock.ts';
import { problem } from '../../../../platform/testing/client.ts';
import { testDatabaseKinds } from '../../../../platform/testing/database.ts';
import { createTestEnso, makeCustomer, makeStudio, type StudioFixture, type TestEnso } from '../../../../platform/testing/enso.ts';
import { buyDirect, createPlan, monthly, pack } from '../../../memberships/tests/fixtures.ts';
import { makeClass, scheduleStudio, staffBook, type ScheduleStudio } from '../../book/tests/fixtures.ts';

describe.each(testDatabaseKinds())("the roster's Book dialog: what a customer can pay this class with (%s)", (kind) => {
  let enso: TestEnso;
  let s: ScheduleStudio;
  let b: StudioFixture;
  // Friday 26 February 2027, 13:00 in Paris; the classes are on Monday 1 March.
  const clock = fixedClock('2027-02-26T12:00:00Z');
  let yoga: { id: string };
  let pilates: { id: string };
  const plans: Record<string, string> = {};
  const options = (occurrenceId: string, customerId: string, client = s.admin) => client.get(`/api/v1/occurrences/${occurrenceId}/booking-options?customerId=${customerId}`);

  beforeAll(async () => {
    enso = await createTestEnso(kind, { clock });
    s = await scheduleStudio(enso);
    b = await makeStudio(enso);
    const pilatesTemplate = await s.admin.post('/api/v1/class-templates', { name: 'Pilates', category: 'Pilates', defaultDurationMin: 50, defaultCapacity: 10 });
    yoga = await makeClass(enso, s);
    pilates = await makeClass(enso, s, { templateId: pilatesTemplate.body.id, startTimes: ['10:00'] });
    plans.yogaOnly = (await createPlan(s, pack(5, { name: 'Yoga 5', usableTemplateIds: [s.templateId] }))).id;
    plans.single = (await createPlan(s, pack(1, { name: 'Single class' }))).id;
    plans.unlimited = (await createPlan(s, monthly({ name: 'Unlimited' }))).id;
  });
  afterAll(() => enso?.dispose());

  it('offers only the memberships that can pay for this class, and says why the others cannot', async () => {
    const pia = await makeCustomer(s);
    const yogaPack = await buyDirect(enso, s, clock, pia.id, plans.yogaOnly!);
    const unlimited = await buyDirect(enso, s, clock, pia.id, plans.unlimited!);

    const forYoga = await options(yoga.id, pia.id);
    const forPilates = await options(pilates.id, pia.id);

    expect(forYoga.status, JSON.stringify(forYoga.body)).toBe(200);
    // Counted credits first (the one the server uses without a choice), then unlimited.
    expect(forYoga.body).toEqual({
      occurrenceId: yoga.id,
      customerId: pia.id,
      memberships: [
        { membershipId: yogaPack, planName: 'Yoga 5', kind: 'class_pack', creditsRemaining: 5, periodEnd: null },
        expect.objectContaining({ membershipId: unlimited, planName: 'Unlimited', kind: 'subscription_absolute', creditsRemaining: null }),
      ],
      notUsable: [],
    });
    expect(forPilates.body.memberships.map((m: { membershipId: string }) => m.membershipId)).toEqual([unlimited]);
    expect(forPilates.body.notUsable).toEqual([{ membershipId: yogaPack, planName: 'Yoga 5', reason: 'not_for_this_class' }]);

    // The server agrees: the pack it left out is refused, the one it offers books.
    const refused = await staffBook(s.admin, { occurrenceId: pilates.id, customerId: pia.id, payment: { method: 'membership', membershipId: yogaPack } });
    const booked = await staffBook(s.admin, { occurrenceId: pilates.id, customerId: pia.id, payment: { method: 'membership', membershipId: forPilates.body.memberships[0].membershipId } });
    expect(refused.body).toMatchObject(problem(409, 'no_eligible_membership'));
    expect(booked.status, JSON.stringify(booked.body)).toBe(201);
  });

  it('explains an empty list: a pack with no credit left, a frozen membership, or none at all', async () => {
    const max = await makeCustomer(s);
    const used = await buyDirect(enso, s, clock, max.id, plans.single!);
    const frozen = await buyDirect(enso, s, clock, max.id, plans.unlimited!);
    expect((await s.admin.post(`/api/v1/memberships/${used}/credits`, { delta: -1, note: 'Used at the desk' })).status).toBe(201);
    const freeze = await s.admin.post(`/api/v1/memberships/${frozen}/freeze`, {});
    expect(freeze.status, JSON.stringify(freeze.body)).toBeLessThan(300);
    const nobody = await makeCustomer(s);

    const res = await options(yoga.id, max.id);
    const none = await options(yoga.id, nobody.id);

    expect(res.body.memberships).toEqual([]);
    expect(res.body.notUsable).toEqual(
      expect.arrayContaining([
        { membershipId: used, planName: 'Single class', reason: 'no_credits_left' },
        { membershipId: frozen, planName: 'Unlimited', reason: 'frozen' },
      ]),
    );
    expect(res.body.notUsable).toHaveLength(2);
    expect(none.body).toMatchObject({ memberships: [], notUsable: [] });
  });

  it('needs booking:write: front desk yes, teachers no', async () => {
    const c = await makeCustomer(s);
    const frontDesk = await s.staff('front_desk');

    expect((await options(yoga.id, c.id, frontDesk)).status).toBe(200);
    expect((await options(yoga.id, c.id, s.teacher)).status).toBe(403);
  });

  it('answers 404 for an unknown class or customer, and for those of another studio; 400 without a customer', async () => {
    const c = await makeCustomer(s);
    const theirs = await makeCustomer(b);

    expect((await options('occ_nope', c.id)).body).toMatchObject(problem(404, 'class_not_found'));
    expect((await options(yoga.id, 'cus_nope')).body).toMatchObject(problem(404, 'customer_not_found'));
    expect((await options(yoga.id, theirs.id)).body).toMatchObject(problem(404, 'customer_not_found'));
    expect((await options(yoga.id, c.id, b.admin)).body).toMatchObject(problem(404, 'class_not_found'));
    expect((await s.admin.get(`/api/v1/occurrences/${yoga.id}/booking-options`)).status).toBe(400);
  });
});
