import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../../kernel/clock.ts';
import type { StudioId } from '../../../../kernel/ids.ts';
import { rowsOf, withStudio, withSystem } from '../../../../platform/db/tx.ts';
import { deliverEventJobName } from '../../../../platform/events/dispatcher.ts';
import { publish } from '../../../../platform/events/publish.ts';
import { testDatabaseKinds } from '../../../../platform/testing/database.ts';
import { createTestEnso, latestTokenFor, makeCustomer, makeStudio, type StudioFixture, type TestEnso } from '../../../../platform/testing/enso.ts';
import { membershipEvent } from '../../../memberships/index.ts';
import { expiringAllJobName } from '../expiring.ts';
import { buyDirect, createPlan, monthly, staffCtx } from '../../../memberships/tests/fixtures.ts';

/** The one message of a template (the clock is fixed, so messages of one settle are not ordered). */
const only = (sent: Sent[], template: string): Sent => {
  const found = sent.filter((m) => m.template === template);
  expect(found, template).toHaveLength(1);
  return found[0]!;
};

interface Sent {
  id: string;
  template: string;
  customerId: string | null;
  recipientKind: string | null;
  category: string;
  suppression: string | null;
  subject: string | null;
  text: string;
}

/** The emails the subscribers of messaging send for memberships and sign-ups, and the account emails of identity and waivers, all from the catalogue. */
describe.each(testDatabaseKinds())('account notices (%s)', (kind) => {
  const clock = fixedClock('2027-01-15T09:00:00Z');
  let enso: TestEnso;
  let a: StudioFixture;

  async function settle() {
    for (let i = 0; i < 6; i++) {
      const n = await enso.dispatcher.dispatchNow();
      await enso.jobs.runDueJobs();
      if (n === 0) return;
    }
  }

  async function sentTo(address: string): Promise<Sent[]> {
    return withStudio(enso.database, a.studioId as StudioId, async (tx) =>
      rowsOf<Sent>(
        await tx.execute(
          sql`select id, template, customer_id as "customerId", recipient_kind as "recipientKind", category, suppression, subject, body_text as text
              from outbound_messages where studio_id = ${a.studioId} and channel = 'email' and lower(to_address) = lower(${address}) order by created_at, id`,
        ),
      ),
    );
  }

  async function redeliver(subjectId: string, type: string, subscriber: string) {
    const [event] = await withStudio(enso.database, a.studioId as StudioId, async (tx) =>
      rowsOf<{ id: string }>(await tx.execute(sql`select id from events where studio_id = ${a.studioId} and subject_id = ${subjectId} and type = ${type}`)),
    );
    expect(event, `${type} about ${subjectId}`).toBeDefined();
    await withSystem(enso.database, (tx) => enso.jobs.enqueue(tx, deliverEventJobName, { studioId: a.studioId, eventId: event!.id, subscriber }));
    await enso.jobs.runDueJobs();
  }

  beforeAll(async () => {
    enso = await createTestEnso(kind, { clock });
    a = await makeStudio(enso);
  });
  afterAll(() => enso?.dispose());

  describe('memberships', () => {
    it('emails a French customer their new membership once, with its name and price in euros written the French way', async () => {
      const plan = await createPlan(a, monthly({ name: 'Illimité mensuel' }));
      const lea = await makeCustomer(a, { firstName: 'Léa', locale: 'fr' });
      const id = await buyDirect(enso, a, clock, lea.id, plan.id);
      await settle();

      const sent = await sentTo(lea.email);
      expect(sent).toHaveLength(1);
      expect(sent[0]).toMatchObject({ template: 'membership.purchased', customerId: lea.id, recipientKind: 'customer', category: 'transactional', suppression: 'email_transactional' });
      expect(sent[0]!.subject).toBe('Bienvenue : Illimité mensuel');
      expect(sent[0]!.text).toContain('Merci, Léa !');
      expect(sent[0]!.text).toMatch(/Votre Illimité mensuel est prêt à être utilisé \(80,00\s€\)/);
      expect(sent[0]!.text).toContain(`http://enso.test/s/${a.slug}/account`);

      await redeliver(id, 'membership.purchased.v1', 'messaging.membership-notices');
      expect(await sentTo(lea.email)).toHaveLength(1);
    });

    it('tells of a freeze with its first and last day, then of the unfreeze with the new end of the period', async () => {
      const plan = await createPlan(a, monthly());
      const tom = await makeCustomer(a, { firstName: 'Tom', locale: 'en' });
      const id = await buyDirect(enso, a, clock, tom.id, plan.id);
      const frozen = await a.admin.post(`/api/v1/memberships/${id}/freeze`, { unfreezeDate: '2027-02-10' });
      expect(frozen.status, JSON.stringify(frozen.body)).toBe(200);
      const lifted = await a.admin.post(`/api/v1/memberships/${id}/unfreeze`, {});
      expect(lifted.status, JSON.stringify(lifted.body)).toBe(200);
      await settle();

      const sent = await sentTo(tom.email);
      expect(sent.map((m) => m.template).sort()).toEqual(['membership.frozen', 'membership.purchased', 'membership.unfrozen']);
      expect(only(sent, 'membership.frozen').text).toContain('Your Monthly unlimited is frozen from 15 January 2027 to 9 February 2027.');
      const periodEnd = lifted.body.periodEnd as string;
      const lastDay = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' }).format(new Date(`${periodEnd}T00:00:00Z`).getTime() - 86_400_000);
      expect(only(sent, 'membership.unfrozen').text).toContain(`Its current period now ends on ${lastDay}.`);
    });

    it('tells of a renewal and of a failed payment, with the amount, the reason and the next attempt', async () => {
      const plan = await createPlan(a, monthly({ priceMinor: 4500 }));
      const ivy = await makeCustomer(a, { firstName: 'Ivy', locale: 'en' });
      const id = await buyDirect(enso, a, clock, ivy.id, plan.id);
      const ctx = staffCtx(a, clock);
      const base = { membershipId: id, customerId: ivy.id, planId: plan.id };
      await withStudio(enso.database, ctx.studioId, (tx) =>
        publish(
          tx,
          ctx,
          membershipEvent('membership.renewal_failed.v1', id, { ...base, renewalId: 'ren_1', attempt: 1, failureMessage: 'Your card was declined.', nextAttemptAt: '2027-02-16T08:00:00Z' }),
          membershipEvent('membership.renewed.v1', id, { ...base, renewalId: 'ren_1', periodStart: '2027-02-15', periodEnd: '2027-03-15', amountMinor: 4500, orderId: null }),
        ),
      );
      await settle();

      const sent = await sentTo(ivy.email);
      expect(sent.map((m) => m.template).sort()).toEqual(['membership.payment_failed', 'membership.purchased', 'membership.renewed']);
      expect(only(sent, 'membership.payment_failed').text).toContain('We could not charge €45.00 for your Monthly unlimited: Your card was declined.');
      expect(only(sent, 'membership.payment_failed').text).toContain('We will try again on 16 February 2027.');
      expect(only(sent, 'membership.renewed').text).toContain('Your Monthly unlimited is renewed from 15 February 2027 to 14 March 2027. We charged €45.00.');
    });

    it('sends nothing to a customer unsubscribed from transactional email', async () => {
      const plan = await createPlan(a, monthly());
      const quiet = await makeCustomer(a, { firstName: 'Quiet' });
      const off = await a.admin.request('PUT', `/api/v1/customers/${quiet.id}/subscriptions`, { body: { emailTransactional: false } });
      expect(off.status, JSON.stringify(off.body)).toBe(200);
      await buyDirect(enso, a, clock, quiet.id, plan.id);
      await settle();

      expect(await sentTo(quiet.email)).toEqual([]);
    });
  });

  describe('sign-up welcome', () => {
    it("welcomes a customer who signs up online, once, with the studio's own welcome when it wrote one", async () => {
      const saved = await a.admin.request('PUT', '/api/v1/message-templates/customer.welcome/en', {
        body: { subject: 'Namaste ##{{first_name}}', blocks: [{ id: 'b1', kind: 'text', text: 'First class free at ##{{studio_name}}: ##{{account_url}}' }] },
      });
      expect(saved.status, JSON.stringify(saved.body)).toBe(200);
      const email = `zoe.${kind}@example.com`;
      const signup = await a.anonymous().post(`/api/public/v1/studios/${a.slug}/signup`, { firstName: 'Zoé', lastName: 'Client', email, password: 'a-long-and-unusual-passphrase', locale: 'en' });
      expect(signup.status, JSON.stringify(signup.body)).toBe(201);
      await settle();

      const sent = await sentTo(email);
      expect(sent.map((m) => [m.template, m.subject])).toEqual([['customer.welcome', 'Namaste Zoé']]);
      expect(sent[0]!.text).toMatch(new RegExp(`First class free at Studio \\d+: http://enso\\.test/s/${a.slug}/account`));
      expect(sent[0]!.customerId).toBeTruthy();

      await redeliver(sent[0]!.customerId!, 'customer.signed_up.v1', 'messaging.customer-notices');
      expect(await sentTo(email)).toHaveLength(1);
    });

    it('does not welcome a customer created by the front desk', async () => {
      const walkIn = await makeCustomer(a, { firstName: 'Walk' });
      await settle();
      expect(await sentTo(walkIn.email)).toEqual([]);
    });
  });

  describe('identity and waivers send the catalogue templates', () => {
    it('invites a staff member with staff.invite (never suppressed), naming the role in their language, and the link works', async () => {
      const invited = await a.admin.post('/api/v1/staff', { email: `nina.${kind}@example.com`, firstName: 'Nina', role: 'front_desk' });
      expect(invited.status, JSON.stringify(invited.body)).toBe(201);

      const sent = await sentTo(`nina.${kind}@example.com`);
      expect(sent).toHaveLength(1);
      expect(sent[0]).toMatchObject({ template: 'staff.invite', recipientKind: 'staff', customerId: null, suppression: null });
      expect(sent[0]!.text).toContain('(Front desk)');
      expect(sent[0]!.text).toContain('Accept the invitation: http://enso.test/accept-invite?token=');
      expect(await latestTokenFor(enso, `nina.${kind}@example.com`)).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    });

    it("resets a password with the studio's version of account.password_reset", async () => {
      const saved = await a.admin.request('PUT', '/api/v1/message-templates/account.password_reset/en', {
        body: { subject: 'New password for ##{{studio_name}}', blocks: [{ id: 'b1', kind: 'button', label: 'Pick one', urlVariable: 'reset_url' }] },
      });
      expect(saved.status, JSON.stringify(saved.body)).toBe(200);
      const asked = await a.anonymous().post('/api/v1/auth/password-reset', { email: a.adminEmail });
      expect(asked.status).toBe(200);

      const sent = (await sentTo(a.adminEmail)).filter((m) => m.template === 'account.password_reset');
      expect(sent).toHaveLength(1);
      expect(sent[0]).toMatchObject({ recipientKind: 'staff', suppression: null });
      expect(sent[0]!.subject).toMatch(/^New password for Studio \d+$/);
      expect(sent[0]!.text).toMatch(/^Pick one: http:\/\/enso\.test\/reset-password\?token=/);
    });

    it("emails a gift card's code with gift_card.received in the studio's language, always delivered", async () => {
      const res = await a.admin.post('/api/v1/gift-cards', { amountMinor: 2500, recipientName: 'Rémi', recipientEmail: `remi.${kind}@example.com`, message: 'Bon anniversaire' });
      expect(res.status, JSON.stringify(res.body)).toBe(201);

      const sent = await sentTo(`remi.${kind}@example.com`);
      expect(sent).toHaveLength(1);
      expect(sent[0]).toMatchObject({ template: 'gift_card.received', recipientKind: 'customer', suppression: null });
      expect(sent[0]!.subject).toMatch(/^Your €25\.00 gift card for Studio \d+$/);
      expect(sent[0]!.text).toContain(`Code: ${res.body.code}`);
      expect(sent[0]!.text).toContain('Bon anniversaire');
      expect(sent[0]!.text).toContain(`Book online: http://enso.test/s/${a.slug}`);
    });

    it('asks a parent to sign a child waiver with waiver.sign_request in French, naming the child', async () => {
      const waiver = await a.admin.post('/api/v1/waivers', { kind: 'custom', title: 'Photos', body: 'Photos may be taken.' });
      expect(waiver.status, JSON.stringify(waiver.body)).toBe(201);
      const parent = await makeCustomer(a, { firstName: 'Paul', locale: 'fr' });
      const child = await a.admin.post(`/api/v1/customers/${parent.id}/children`, { firstName: 'Lou' });
      const asked = await a.admin.post(`/api/v1/customers/${child.body.id}/waivers/send`, { waiverId: waiver.body.id, note: 'Avant samedi.' });
      expect(asked.status, JSON.stringify(asked.body)).toBe(201);

      const sent = await sentTo(parent.email);
      expect(sent).toHaveLength(1);
      expect(sent[0]).toMatchObject({ template: 'waiver.sign_request', customerId: parent.id, recipientKind: 'customer', suppression: 'email_transactional' });
      expect(sent[0]!.subject).toMatch(/^Document à signer : Photos — Studio \d+$/);
      expect(sent[0]!.text).toContain('Cette décharge concerne votre enfant Lou');
      expect(sent[0]!.text).toContain('Avant samedi.');
      expect(sent[0]!.text).toContain(`Lire et signer: http://enso.test/s/${a.slug}/waivers/sign?token=`);
    });
  });
  describe('membership ending (daily job)', () => {
    it('tells a customer once, 7 days ahead, that a membership that will not renew ends, and not one that renews', async () => {
      const plan = await createPlan(a, monthly({ name: 'Spring term' }));
      const ana = await makeCustomer(a, { firstName: 'Ana', locale: 'en' });
      const bob = await makeCustomer(a, { firstName: 'Bob', locale: 'en' });
      const ending = await buyDirect(enso, a, clock, ana.id, plan.id);
      await buyDirect(enso, a, clock, bob.id, plan.id);
      const cancelled = await enso.services.memberships.cancelRenewal(staffCtx(a, clock), ending);
      expect(cancelled).toMatchObject({ periodEnd: '2027-02-15', renewalDate: null });
      const runDaily = async (slot: string) => {
        await withSystem(enso.database, (tx) => enso.jobs.enqueue(tx, expiringAllJobName, { slot }));
        for (let i = 0; i < 3; i++) await enso.jobs.runDueJobs();
      };
      const expiringTo = async (address: string) => (await sentTo(address)).filter((m) => m.template === 'membership.expiring');
      try {
        clock.set('2027-02-06T09:00:00Z');
        await runDaily('2027-02-06T07:00:00.000Z');
        expect(await expiringTo(ana.email)).toEqual([]);

        clock.set('2027-02-07T09:00:00Z');
        await runDaily('2027-02-07T07:00:00.000Z');
        await runDaily('2027-02-07T07:00:00.000Z#again');
        const sent = await expiringTo(ana.email);
        expect(sent).toHaveLength(1);
        expect(sent[0]).toMatchObject({ customerId: ana.id, recipientKind: 'customer', suppression: 'email_transactional' });
        expect(sent[0]!.subject).toBe('Your Spring term ends on 14 February 2027');
        expect(sent[0]!.text).toContain(`Renew: http://enso.test/s/${a.slug}/account`);
        expect(await expiringTo(bob.email)).toEqual([]);
      } finally {
        clock.set('2027-01-15T09:00:00Z');
      }
    });
  });
});
