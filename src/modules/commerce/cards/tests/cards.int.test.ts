import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../../kernel/clock.ts';
import type { Ctx } from '../../../../kernel/ctx.ts';
import type { StudioId, UserId } from '../../../../kernel/ids.ts';
import { stripeEndpointOf } from '../../../../platform/config.ts';
import { withStudio } from '../../../../platform/db/tx.ts';
import { createPayments } from '../../../../platform/payments/index.ts';
import { testDatabaseKinds } from '../../../../platform/testing/database.ts';
import { createTestEnso, makeCustomer, makeStudio, type StudioFixture, type TestEnso } from '../../../../platform/testing/enso.ts';
import { startStripeStub, type StripeStub } from '../../../../platform/testing/stripe-stub.ts';
import { confirmInBrowser } from '../../tests/fixtures.ts';
import { createCardsService, type CardsService } from '../service.ts';

/**
 * Saved cards against the Stripe stub through the real SDK: the studio's account is the stub's
 * key pair (the app resolves it from the studio's payment settings; here a studio is
 * "connected" by being in `connected`).
 */
describe.each(testDatabaseKinds())('saved cards (%s)', (kind) => {
  let enso: TestEnso;
  let stub: StripeStub;
  let cards: CardsService;
  let a: StudioFixture;
  let b: StudioFixture;
  const connected = new Set<string>();
  const clock = fixedClock('2027-03-01T09:00:00Z');

  beforeAll(async () => {
    stub = await startStripeStub();
    enso = await createTestEnso(kind, { clock });
    const payments = createPayments({ stripe: stripeEndpointOf(stub.url, stub.jsUrl) });
    const provider = payments.providerFor({ secretKey: stub.secretKey, webhookSecret: stub.webhookSecret });
    cards = createCardsService({
      database: enso.database,
      customers: enso.services.customers,
      stripeJsUrl: stub.jsUrl,
      cardAccountFor: async (ctx) => (connected.has(ctx.studioId) ? { provider, accountRef: stub.publishableKey, publishableKey: stub.publishableKey } : null),
    });
    a = await makeStudio(enso);
    b = await makeStudio(enso);
    connected.add(a.studioId);
    connected.add(b.studioId);
  });
  afterAll(async () => {
    await enso?.dispose();
    await stub?.close();
  });

  const customerCtx = (s: StudioFixture, customerId: string): Ctx => ({
    studioId: s.studioId as StudioId,
    actor: { kind: 'customer', userId: `usr_of_${customerId}` as UserId, customerId },
    clock,
    requestId: 'test',
  });
  const deskCtx = (s: StudioFixture): Ctx => ({
    studioId: s.studioId as StudioId,
    actor: { kind: 'staff', userId: 'usr_desk' as UserId, role: 'front_desk' },
    clock,
    requestId: 'test',
  });
  const systemCtx = (s: StudioFixture): Ctx => ({ studioId: s.studioId as StudioId, actor: { kind: 'system' }, clock, requestId: 'webhook' });

  /** The error a call failed with (caught at once, so no rejection waits unhandled), or 'no error'. */
  const failure = (call: Promise<unknown>) => call.then(() => 'no error', (err: unknown) => err);

  /** What Stripe.js does in the browser: confirms the SetupIntent with the publishable key and a test card. */
  const confirmSetup = (clientSecret: string, paymentMethod = 'pm_card_visa') => confirmInBrowser(stub, clientSecret, paymentMethod, 'setup_intents');

  async function savedCard(ctx: Ctx, paymentMethod = 'pm_card_visa') {
    const setup = await cards.startOwnSetup(ctx);
    await confirmSetup(setup.clientSecret, paymentMethod);
    return cards.completeOwnSetup(ctx, { setupIntentId: setup.setupIntentId });
  }

  it('saves a confirmed card with brand, last four and expiry, and makes the first card the default', async () => {
    const ana = await makeCustomer(a);
    const ctx = customerCtx(a, ana.id);

    const setup = await cards.startOwnSetup(ctx);
    const confirmed = await confirmSetup(setup.clientSecret);
    const card = await cards.completeOwnSetup(ctx, { setupIntentId: setup.setupIntentId });
    const list = await cards.listOwnCards(ctx);

    expect(setup).toMatchObject({ publishableKey: stub.publishableKey, stripeJsUrl: stub.jsUrl });
    expect(setup.clientSecret).toContain('_secret_');
    expect(confirmed.body.status).toBe('succeeded');
    expect(card).toMatchObject({ brand: 'visa', last4: '4242', expMonth: 12, isDefault: true, expired: false });
    expect(list).toEqual({ items: [card], canAddCards: true, publishableKey: stub.publishableKey, stripeJsUrl: stub.jsUrl, cardFee: null });
    expect(JSON.stringify(list)).not.toMatch(/pm_card|cus_|seti_/);
  });

  it('makes the provider customer once per customer, with the key cus:<id>', async () => {
    const ben = await makeCustomer(a);
    const ctx = customerCtx(a, ben.id);

    await cards.startOwnSetup(ctx);
    await cards.startOwnSetup(ctx);

    const made = stub.requestsMatching('POST', '/v1/customers').filter((r) => (r.params.metadata as Record<string, string>)?.customerId === ben.id);
    expect(made).toHaveLength(1);
    expect(made[0]!.idempotencyKey).toBe(`cus:${ben.id}`);
    expect(stub.requestsMatching('POST', '/v1/setup_intents').filter((r) => (r.params.metadata as Record<string, string>)?.customerId === ben.id)).toHaveLength(2);
  });

  it('stores the card once when the browser and the setup_intent.succeeded webhook both report it, in either order', async () => {
    const cleo = await makeCustomer(a);
    const ctx = customerCtx(a, cleo.id);
    const first = await cards.startOwnSetup(ctx);
    const second = await cards.startOwnSetup(ctx);
    await confirmSetup(first.clientSecret);
    await confirmSetup(second.clientSecret, 'pm_card_mastercard');

    const browserFirst = await cards.completeOwnSetup(ctx, { setupIntentId: first.setupIntentId });
    const webhookAfter = await cards.onSetupIntentSucceeded(systemCtx(a), first.setupIntentId);
    const webhookFirst = await cards.onSetupIntentSucceeded(systemCtx(a), second.setupIntentId);
    const browserAfter = await cards.completeOwnSetup(ctx, { setupIntentId: second.setupIntentId });
    const list = await cards.listOwnCards(ctx);

    expect(webhookAfter).toBe('done');
    expect(webhookFirst).toBe('done');
    expect(list.items.map((c) => c.id).sort()).toEqual([browserFirst.id, browserAfter.id].sort());
    expect(browserAfter).toMatchObject({ brand: 'mastercard', last4: '4444', isDefault: false });
  });

  it('skips a setup_intent.succeeded event for a setup it did not start', async () => {
    expect(await cards.onSetupIntentSucceeded(systemCtx(a), 'seti_from_another_integration')).toBe('skipped');
  });

  it('saves nothing when the card is not confirmed or is declined', async () => {
    const dan = await makeCustomer(a);
    const ctx = customerCtx(a, dan.id);
    const pending = await cards.startOwnSetup(ctx);
    const declined = await cards.startOwnSetup(ctx);

    const early = failure(cards.completeOwnSetup(ctx, { setupIntentId: pending.setupIntentId }));
    const refused = await confirmSetup(declined.clientSecret, 'pm_card_chargeDeclined');
    const afterDecline = failure(cards.completeOwnSetup(ctx, { setupIntentId: declined.setupIntentId }));

    expect(await early).toMatchObject({ code: 'setup_incomplete' });
    expect(refused.status).toBe(402);
    expect(await afterDecline).toMatchObject({ code: 'setup_incomplete' });
    expect((await cards.listOwnCards(ctx)).items).toEqual([]);
  });

  it('changes the default, and removing the default detaches it at Stripe and promotes the newest other card', async () => {
    const eve = await makeCustomer(a);
    const ctx = customerCtx(a, eve.id);
    const visa = await savedCard(ctx);
    const master = await savedCard(ctx, 'pm_card_mastercard');

    const switched = await cards.setOwnDefault(ctx, master.id);
    const afterRemove = await cards.removeOwnCard(ctx, master.id);

    expect(switched.items.map((c) => [c.id, c.isDefault])).toEqual([
      [master.id, true],
      [visa.id, false],
    ]);
    expect(afterRemove.items).toEqual([expect.objectContaining({ id: visa.id, isDefault: true })]);
    const detached = stub.requestsMatching('POST', /^\/v1\/payment_methods\/pm_[^/]+\/detach$/).filter((r) => r.status === 200);
    expect(detached.length).toBeGreaterThanOrEqual(1);
    await expect(cards.removeOwnCard(ctx, master.id)).rejects.toMatchObject({ code: 'saved_card_not_found' });
  });

  it('never lets a customer see, complete, change or remove another customer’s card', async () => {
    const fay = await makeCustomer(a);
    const gus = await makeCustomer(a);
    const fayCtx = customerCtx(a, fay.id);
    const gusCtx = customerCtx(a, gus.id);
    const faysCard = await savedCard(fayCtx);
    const faysSetup = await cards.startOwnSetup(fayCtx);
    await confirmSetup(faysSetup.clientSecret);

    const steal = failure(cards.completeOwnSetup(gusCtx, { setupIntentId: faysSetup.setupIntentId }));
    const makeDefault = failure(cards.setOwnDefault(gusCtx, faysCard.id));
    const remove = failure(cards.removeOwnCard(gusCtx, faysCard.id));
    const gusList = await cards.listOwnCards(gusCtx);
    // Staff naming the wrong customer in the URL get nothing either.
    const deskWrongCustomer = failure(cards.removeCard(deskCtx(a), gus.id, faysCard.id));

    expect(await steal).toMatchObject({ code: 'setup_not_found' });
    expect(await makeDefault).toMatchObject({ code: 'saved_card_not_found' });
    expect(await remove).toMatchObject({ code: 'saved_card_not_found' });
    expect(await deskWrongCustomer).toMatchObject({ code: 'saved_card_not_found' });
    expect(gusList.items).toEqual([]);
    expect((await cards.listOwnCards(fayCtx)).items.map((c) => c.id)).toEqual([faysCard.id]);
  });

  it('keeps studios apart: another studio cannot list, complete, change or charge a card of this one', async () => {
    const hal = await makeCustomer(a);
    const halCtx = customerCtx(a, hal.id);
    const card = await savedCard(halCtx);
    const setup = await cards.startOwnSetup(halCtx);
    await confirmSetup(setup.clientSecret);

    const list = failure(cards.listCards(deskCtx(b), hal.id));
    const complete = failure(cards.completeSetup(deskCtx(b), hal.id, { setupIntentId: setup.setupIntentId }));
    const webhook = await cards.onSetupIntentSucceeded(systemCtx(b), setup.setupIntentId);
    const remove = failure(cards.removeCard(deskCtx(b), hal.id, card.id));
    const defaultElsewhere = await withStudio(enso.database, b.studioId as StudioId, (tx) => cards.defaultCardFor(tx, systemCtx(b), hal.id));

    expect(await list).toMatchObject({ code: 'customer_not_found' });
    expect(await complete).toMatchObject({ code: 'customer_not_found' });
    expect(webhook).toBe('skipped');
    expect(await remove).toMatchObject({ code: 'customer_not_found' });
    expect(defaultElsewhere).toBeNull();
  });

  it('lets the front desk add a card for a customer at the desk, recorded as added by them', async () => {
    const ivy = await makeCustomer(a);
    const desk = deskCtx(a);

    const setup = await cards.startSetup(desk, ivy.id);
    await confirmSetup(setup.clientSecret);
    const card = await cards.completeSetup(desk, ivy.id, { setupIntentId: setup.setupIntentId });
    const asCustomer = await cards.listOwnCards(customerCtx(a, ivy.id));
    const charge = await withStudio(enso.database, a.studioId as StudioId, (tx) => cards.defaultCardFor(tx, systemCtx(a), ivy.id));

    expect(asCustomer.items.map((c) => c.id)).toEqual([card.id]);
    expect(charge).toMatchObject({ id: card.id, provider: 'stripe', brand: 'visa', last4: '4242', expired: false });
    expect(charge!.providerPaymentMethodId).toMatch(/^pm_/);
    expect(charge!.providerCustomerId).toMatch(/^cus_/);
    expect(stub.customers().find((c) => c.id === charge!.providerCustomerId)).toBeDefined();
  });

  it('marks a card expired after the last day of its expiry month', async () => {
    const jo = await makeCustomer(a);
    const ctx = customerCtx(a, jo.id);
    const card = await savedCard(ctx);
    const later: Ctx = { ...ctx, clock: fixedClock(new Date(Date.UTC(card.expYear + 1, 0, 1))) };
    const lastDay: Ctx = { ...ctx, clock: fixedClock(new Date(Date.UTC(card.expYear, card.expMonth, 0, 23, 59))) };

    expect((await cards.listOwnCards(lastDay)).items[0]!.expired).toBe(false);
    expect((await cards.listOwnCards(later)).items[0]!.expired).toBe(true);
  });

  it('says plainly when the studio has not connected Stripe', async () => {
    const c = await makeStudio(enso);
    const kim = await makeCustomer(c);
    const ctx = customerCtx(c, kim.id);

    const list = await cards.listOwnCards(ctx);
    const start = failure(cards.startOwnSetup(ctx));

    expect(list).toEqual({ items: [], canAddCards: false, publishableKey: null, stripeJsUrl: null, cardFee: null });
    expect(await start).toMatchObject({ code: 'stripe_not_connected', kind: 'conflict' });
  });

  it('refuses a setup for a customer of no studio or a staff call for the customer routes', async () => {
    await expect(cards.startSetup(deskCtx(a), 'cus_01JXXXXXXXXXXXXXXXXXXXXXXX')).rejects.toMatchObject({ code: 'customer_not_found' });
    await expect(cards.listOwnCards(deskCtx(a))).rejects.toMatchObject({ code: 'not_a_customer' });
    await expect(cards.completeOwnSetup(customerCtx(a, 'cus_x'), { setupIntentId: '' })).rejects.toMatchObject({ kind: 'invalid' });
  });

  // PostgreSQL only: concurrency needs parallel transactions, and PGlite is a single connection.
  it.runIf(kind === 'postgres')('stores one card when the browser and the webhook complete the same setup at the same moment', async () => {
    const lou = await makeCustomer(a);
    const ctx = customerCtx(a, lou.id);
    const setup = await cards.startOwnSetup(ctx);
    await confirmSetup(setup.clientSecret);

    const results = await Promise.all([
      cards.completeOwnSetup(ctx, { setupIntentId: setup.setupIntentId }),
      cards.onSetupIntentSucceeded(systemCtx(a), setup.setupIntentId),
      cards.completeOwnSetup(ctx, { setupIntentId: setup.setupIntentId }),
    ]);

    expect((await cards.listOwnCards(ctx)).items).toHaveLength(1);
    expect((results[0] as { id: string }).id).toBe((results[2] as { id: string }).id);
  });
});
