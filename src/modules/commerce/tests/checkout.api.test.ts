import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf, withSystem } from '../../../platform/db/tx.ts';
import { testDatabaseKinds } from '../../../platform/testing/database.ts';
import { makeCustomer, makeStudio, type StudioFixture, type TestEnso } from '../../../platform/testing/enso.ts';
import { problem } from '../../../platform/testing/client.ts';
import type { StripeStub } from '../../../platform/testing/stripe-stub.ts';
import { confirmInBrowser, eventsOf, newKey, postWithKey, saveCard, staffCtx, startWithStripe, stopWithStripe } from './fixtures.ts';

const dropIn = (priceMinor: number, description = 'Yoga drop-in') => ({ kind: 'drop_in', priceMinor, description });

describe.each(testDatabaseKinds())('checkout (%s)', (kind) => {
  let enso: TestEnso;
  let stub: StripeStub;
  let a: StudioFixture;
  let b: StudioFixture;

  beforeAll(async () => {
    ({ stub, enso, a } = await startWithStripe(kind));
    b = await makeStudio(enso);
  });
  afterAll(() => stopWithStripe(enso, stub));

  describe('payment settings', () => {
    it('shows the Stripe connection with only a hint of the secret key, and the webhook URL to paste', async () => {
      const res = await a.admin.get('/api/v1/commerce/settings');

      expect(res.status).toBe(200);
      expect(res.body.stripe).toMatchObject({ connected: true, publishableKey: stub.publishableKey, secretKeyHint: 'sk_test_…stub', webhookSecretSet: true });
      expect(JSON.stringify(res.body)).not.toContain(stub.secretKey);
      expect(JSON.stringify(res.body)).not.toContain(stub.webhookSecret);
      expect(res.body.webhookUrl).toBe(`http://enso.test/api/public/v1/payments/stripe/webhook/${a.studioId}`);
    });

    it('refuses keys that are not Stripe keys, field by field', async () => {
      const res = await a.admin.put('/api/v1/commerce/settings/stripe', { secretKey: 'nope', publishableKey: 'pk_test_123456', webhookSecret: 'whsec_123456' });

      expect(res.status).toBe(400);
      expect(res.body.errors.map((e: { path: string }) => e.path)).toContain('secretKey');
    });

    it('lets only an admin change payment settings', async () => {
      const desk = await a.staff('front_desk');
      const operator = await a.staff('operator');

      expect((await desk.put('/api/v1/commerce/settings/card-fees', { cardFeeMode: 'absorb' })).status).toBe(403);
      expect((await operator.put('/api/v1/commerce/settings/stripe', { secretKey: stub.secretKey, publishableKey: stub.publishableKey, webhookSecret: stub.webhookSecret })).status).toBe(403);
      expect((await desk.get('/api/v1/commerce/settings')).status).toBe(200);
    });
  });

  describe('cash and mixed tenders', () => {
    it('sells a drop-in for cash, numbers the order, emits order.paid.v1 and emails the receipt', async () => {
      const ana = await makeCustomer(a);

      const res = await postWithKey(a.admin, '/api/v1/commerce/checkout', { customerId: ana.id, lines: [dropIn(1500)], tenders: [{ method: 'cash' }] });

      expect(res.status).toBe(201);
      expect(res.body.payment).toMatchObject({ status: 'paid', clientSecret: null });
      expect(res.body.order).toMatchObject({ status: 'paid', channel: 'pos', totalMinor: 1500, paidMinor: 1500, customerId: ana.id });
      expect(res.body.order.number).toBeGreaterThan(0);
      expect(res.body.order.payments).toEqual([expect.objectContaining({ method: 'cash', amountMinor: 1500, status: 'succeeded' })]);
      const paid = await eventsOf(enso, a, 'order.paid.v1');
      expect(paid.filter((e) => e.subject_id === res.body.order.id)).toHaveLength(1);

      await enso.jobs.runDueJobs({ names: ['commerce.send-receipt'] });
      const mail = await enso.services.email.latestBodyTo(ana.email);
      expect(mail).toContain(`Receipt no. ${res.body.order.number}`);
      expect(mail).toContain('1 × Yoga drop-in — €15.00');
      expect(mail).toContain('Total paid: €15.00');
    });

    it("emails the receipt in the customer's language, once", async () => {
      const lea = await makeCustomer(a, { locale: 'fr' });
      const sale = await postWithKey(a.admin, '/api/v1/commerce/checkout', { customerId: lea.id, lines: [dropIn(1999, 'Cours de yoga')], tenders: [{ method: 'terminal' }] });

      await enso.jobs.runDueJobs({ names: ['commerce.send-receipt'] });
      await enso.jobs.runDueJobs({ names: ['commerce.send-receipt'] });
      const mail = await enso.services.email.latestBodyTo(lea.email);

      expect(mail).toContain('Merci pour votre achat');
      expect(mail).toContain(`Reçu n° ${sale.body.order.number}`);
      expect(mail).toMatch(/1 × Cours de yoga — 19,99\s€/);
      expect(mail).toMatch(/Terminal de paiement — 19,99\s€/);
      const sent = await withSystem(enso.database, async (tx) =>
        rowsOf(await tx.execute(sql`select id from outbound_messages where studio_id = ${a.studioId} and to_address = ${lea.email} and template = 'order.receipt'`)),
      );
      expect(sent).toHaveLength(1);
    });

    it('numbers orders one after the other per studio', async () => {
      const first = await postWithKey(b.admin, '/api/v1/commerce/checkout', { lines: [dropIn(500)], tenders: [{ method: 'cash' }] });
      const second = await postWithKey(b.admin, '/api/v1/commerce/checkout', { lines: [dropIn(700)], tenders: [{ method: 'terminal' }] });

      expect([first.body.order.number, second.body.order.number]).toEqual([1, 2]);
    });

    it('takes prepaid credit first and cash for the rest, and refuses a credit the customer does not have', async () => {
      const ana = await makeCustomer(a);
      await enso.services.credits.adjust(staffCtx(enso, a), ana.id, { deltaMinor: 600, note: 'Welcome' } as never);

      const mixed = await postWithKey(a.admin, '/api/v1/commerce/checkout', {
        customerId: ana.id,
        lines: [dropIn(1000)],
        tenders: [{ method: 'cash' }, { method: 'prepaid_credit', amountMinor: 400 }],
      });
      const tooMuch = await postWithKey(a.admin, '/api/v1/commerce/checkout', {
        customerId: ana.id,
        lines: [dropIn(1000)],
        tenders: [{ method: 'prepaid_credit', amountMinor: 500 }, { method: 'cash' }],
      });

      expect(mixed.status).toBe(201);
      expect(mixed.body.order.payments.map((p: { method: string; amountMinor: number }) => [p.method, p.amountMinor])).toEqual([
        ['prepaid_credit', 400],
        ['cash', 600],
      ]);
      expect(tooMuch.body).toMatchObject(problem(409, 'insufficient_credit'));
      expect((await a.admin.get(`/api/v1/customers/${ana.id}/credits`)).body.balanceMinor).toBe(200);
    });

    it('refuses tenders that do not add up to the total, with the field at fault', async () => {
      const res = await postWithKey(a.admin, '/api/v1/commerce/checkout', { lines: [dropIn(1000)], tenders: [{ method: 'cash', amountMinor: 900 }] });

      expect(res.body).toMatchObject(problem(400, 'tender_mismatch'));
      expect(res.body.errors[0].path).toBe('tenders');
    });

    it('refuses a card or credit payment for a walk-in', async () => {
      const res = await postWithKey(a.admin, '/api/v1/commerce/checkout', { lines: [dropIn(1000)], tenders: [{ method: 'card' }] });

      expect(res.body).toMatchObject(problem(400, 'customer_required'));
    });
  });

  describe('idempotency', () => {
    it('replays a sale sent twice with the same key: one order, the same answer', async () => {
      const key = newKey();
      const body = { lines: [dropIn(1200)], tenders: [{ method: 'cash' }] };

      const first = await postWithKey(a.admin, '/api/v1/commerce/checkout', body, key);
      const again = await postWithKey(a.admin, '/api/v1/commerce/checkout', body, key);
      const other = await postWithKey(a.admin, '/api/v1/commerce/checkout', { ...body, lines: [dropIn(1300)] }, key);

      expect(first.status).toBe(201);
      expect(again.status).toBe(201);
      expect(again.body.order.id).toBe(first.body.order.id);
      expect(other.status).toBe(422);
      expect(other.body.code).toBe('idempotency_key_reused');
      const paid = await eventsOf(enso, a, 'order.paid.v1');
      expect(paid.filter((e) => e.subject_id === first.body.order.id)).toHaveLength(1);
    });

    it('requires an Idempotency-Key on a sale', async () => {
      const res = await a.admin.post('/api/v1/commerce/checkout', { lines: [dropIn(1200)], tenders: [{ method: 'cash' }] });

      expect(res.status).toBe(400);
    });

    it('makes one order when the service is called twice with one key (the table is the second wall)', async () => {
      const key = newKey();
      const input = { customerId: null, lines: [dropIn(800)], tenders: [{ method: 'cash' as const }] };

      const [x, y] = await Promise.all([
        enso.services.commerce.checkout(staffCtx(enso, a), input, { idempotencyKey: key, channel: 'pos' }),
        enso.services.commerce.checkout(staffCtx(enso, a), input, { idempotencyKey: key, channel: 'pos' }),
      ]);

      expect(x.order.id).toBe(y.order.id);
    });
  });

  describe('card payments against the Stripe stub', () => {
    it('charges a saved card once and fulfils the sale', async () => {
      const ana = await makeCustomer(a);
      const cardId = await saveCard(enso, a, stub, ana.id);

      const res = await postWithKey(a.admin, '/api/v1/commerce/checkout', { customerId: ana.id, lines: [dropIn(2500)], tenders: [{ method: 'card', savedCardId: cardId }] });

      expect(res.status).toBe(201);
      expect(res.body.order).toMatchObject({ status: 'paid', totalMinor: 2500 });
      const charged = stub.paymentIntents().filter((pi) => pi.metadata.orderId === res.body.order.id);
      expect(charged.map((pi) => [pi.status, pi.amount])).toEqual([['succeeded', 2500]]);
    });

    it('adds the stated surcharge on the card amount only when the customer pays card fees', async () => {
      await a.admin.put('/api/v1/commerce/settings/card-fees', { cardFeeMode: 'surcharge', surchargeBp: 290, surchargeFixedMinor: 30 });
      const ana = await makeCustomer(a);
      const cardId = await saveCard(enso, a, stub, ana.id);

      const res = await postWithKey(a.admin, '/api/v1/commerce/checkout', {
        customerId: ana.id,
        lines: [dropIn(2000)],
        tenders: [{ method: 'cash', amountMinor: 1000 }, { method: 'card', savedCardId: cardId }],
      });
      await a.admin.put('/api/v1/commerce/settings/card-fees', { cardFeeMode: 'absorb' });

      // 2.9 % of the 1000 on the card = 29, + 30 fixed.
      expect(res.body.order).toMatchObject({ status: 'paid', surchargeMinor: 59, totalMinor: 2059 });
      expect(res.body.order.lines.at(-1)).toMatchObject({ kind: 'surcharge', totalMinor: 59, taxMinor: 0 });
      expect(res.body.order.payments.find((p: { method: string }) => p.method === 'card').amountMinor).toBe(1059);
    });

    it('prices a basket with its card fee before paying, and writes no order', async () => {
      await a.admin.put('/api/v1/commerce/settings/card-fees', { cardFeeMode: 'surcharge', surchargeBp: 300, surchargeFixedMinor: 0 });
      const ana = await makeCustomer(a);
      const before = (await a.admin.get(`/api/v1/commerce/orders?customerId=${ana.id}`)).body.items.length;

      const quote = await a.admin.post('/api/v1/commerce/quote', { customerId: ana.id, lines: [dropIn(1550)], tenders: [{ method: 'card' }] });
      const noTenders = await a.admin.post('/api/v1/commerce/quote', { customerId: ana.id, lines: [dropIn(1550)] });
      await a.admin.put('/api/v1/commerce/settings/card-fees', { cardFeeMode: 'absorb' });

      // 3 % of 1550 = 46.5 → 47 (half-up).
      expect(quote.body).toMatchObject({ subtotalMinor: 1550, surchargeMinor: 47, totalMinor: 1597, tenders: [{ method: 'card', amountMinor: 1597 }], surcharge: { bp: 300, fixedMinor: 0 } });
      expect(noTenders.body).toMatchObject({ totalMinor: 1550, surchargeMinor: 0, tenders: [] });
      expect((await a.admin.get(`/api/v1/commerce/orders?customerId=${ana.id}`)).body.items).toHaveLength(before);
    });

    it('a declined card fails the order, gives back the credit taken and fulfils nothing', async () => {
      const ana = await makeCustomer(a);
      const cardId = await saveCard(enso, a, stub, ana.id, 'pm_card_chargeCustomerFail');
      await enso.services.credits.adjust(staffCtx(enso, a), ana.id, { deltaMinor: 300, note: 'Welcome' } as never);

      const res = await postWithKey(a.admin, '/api/v1/commerce/checkout', {
        customerId: ana.id,
        lines: [{ kind: 'prepaid_credit', priceMinor: 5000 }],
        tenders: [{ method: 'prepaid_credit', amountMinor: 300 }, { method: 'card', savedCardId: cardId }],
      });

      expect(res.status).toBe(201);
      expect(res.body.payment.status).toBe('failed');
      expect(res.body.order.status).toBe('failed');
      expect(res.body.order.lines[0].fulfilledRef).toBeNull();
      expect(res.body.order.payments.map((p: { method: string; status: string }) => [p.method, p.status])).toEqual([
        ['prepaid_credit', 'cancelled'],
        ['card', 'failed'],
      ]);
      expect((await a.admin.get(`/api/v1/customers/${ana.id}/credits`)).body.balanceMinor).toBe(300);
      expect((await eventsOf(enso, a, 'order.payment_failed.v1')).filter((e) => e.subject_id === res.body.order.id)).toHaveLength(1);
      expect((await eventsOf(enso, a, 'order.paid.v1')).filter((e) => e.subject_id === res.body.order.id)).toHaveLength(0);
    });

    it('an on-session card waits for the browser, then confirm completes it once', async () => {
      const ana = await makeCustomer(a);

      const res = await postWithKey(a.admin, '/api/v1/commerce/checkout', { customerId: ana.id, lines: [dropIn(1800)], tenders: [{ method: 'card' }] });
      expect(res.body.payment).toMatchObject({ status: 'requires_action', publishableKey: stub.publishableKey });
      expect(res.body.order.status).toBe('awaiting_payment');
      const browser = await confirmInBrowser(stub, res.body.payment.clientSecret);
      const confirmed = await a.admin.post(`/api/v1/commerce/orders/${res.body.order.id}/confirm`);
      const again = await a.admin.post(`/api/v1/commerce/orders/${res.body.order.id}/confirm`);

      expect(browser.status).toBe(200);
      expect(confirmed.body.order.status).toBe('paid');
      expect(again.body.order.status).toBe('paid');
      expect((await eventsOf(enso, a, 'order.paid.v1')).filter((e) => e.subject_id === res.body.order.id)).toHaveLength(1);
    });

    it('refuses a card sale when the studio has not connected Stripe', async () => {
      const bob = await makeCustomer(b);

      const res = await postWithKey(b.admin, '/api/v1/commerce/checkout', { customerId: bob.id, lines: [dropIn(1000)], tenders: [{ method: 'card' }] });

      expect(res.body).toMatchObject(problem(409, 'stripe_not_connected'));
    });
  });

  describe('orders', () => {
    it('lists orders newest first with a cursor and filters by customer and status', async () => {
      const cleo = await makeCustomer(a);
      for (const price of [100, 200, 300]) {
        await postWithKey(a.admin, '/api/v1/commerce/checkout', { customerId: cleo.id, lines: [dropIn(price)], tenders: [{ method: 'cash' }] });
      }

      const page1 = await a.admin.get(`/api/v1/commerce/orders?customerId=${cleo.id}&limit=2`);
      const page2 = await a.admin.get(`/api/v1/commerce/orders?customerId=${cleo.id}&limit=2&cursor=${page1.body.nextCursor}`);
      const failed = await a.admin.get(`/api/v1/commerce/orders?customerId=${cleo.id}&status=failed`);

      expect(page1.body.items.map((o: { totalMinor: number }) => o.totalMinor)).toEqual([300, 200]);
      expect(page2.body.items.map((o: { totalMinor: number }) => o.totalMinor)).toEqual([100]);
      expect(page2.body.nextCursor).toBeNull();
      expect(failed.body.items).toEqual([]);
    });

    it("keeps studios apart: another studio's order is not found", async () => {
      const sale = await postWithKey(a.admin, '/api/v1/commerce/checkout', { lines: [dropIn(100)], tenders: [{ method: 'cash' }] });

      const res = await b.admin.get(`/api/v1/commerce/orders/${sale.body.order.id}`);

      expect(res.body).toMatchObject(problem(404, 'order_not_found'));
    });

    it('lets a teacher neither sell nor read sales; the front desk sells but does not refund', async () => {
      const teacher = await a.staff('teacher');
      const desk = await a.staff('front_desk');
      const sale = await postWithKey(desk, '/api/v1/commerce/checkout', { lines: [dropIn(100)], tenders: [{ method: 'cash' }] });

      expect((await postWithKey(teacher, '/api/v1/commerce/checkout', { lines: [dropIn(100)], tenders: [{ method: 'cash' }] })).status).toBe(403);
      expect((await teacher.get('/api/v1/commerce/orders')).status).toBe(403);
      expect(sale.status).toBe(201);
      expect((await desk.get(`/api/v1/commerce/orders/${sale.body.order.id}`)).status).toBe(200);
      expect((await postWithKey(desk, `/api/v1/commerce/orders/${sale.body.order.id}/refunds`, { amountMinor: 100, destination: 'cash' })).status).toBe(403);
    });
  });
});
