import { randomUUID } from 'node:crypto';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, stripeEndpointOf } from '../config.ts';
import { startStripeStub, type StripeStub } from '../testing/stripe-stub.ts';
import { createManualProvider } from './manual.ts';
import { createPayments, stripeCspSources } from './index.ts';
import { PaymentProviderError, type PaymentProvider } from './provider.ts';

// The real SDK (through our provider) against the local Stripe peer: wire format, retries and idempotency.
let stub: StripeStub;
let stripe: PaymentProvider;

beforeAll(async () => {
  stub = await startStripeStub({ webhookSecret: 'whsec_test_provider' });
  stripe = createPayments({ stripe: stripeEndpointOf(stub.url, stub.jsUrl) }).providerFor({ secretKey: stub.secretKey, webhookSecret: stub.webhookSecret });
});
afterAll(async () => {
  await stub.close();
});

const key = () => randomUUID();
const meta = { studioId: 'stu_test', orderId: 'ord_test' };

async function customerWithCard(token = 'pm_card_visa') {
  const { providerCustomerId } = await stripe.ensureCustomer({ email: 'ana@example.com', name: 'Ana Test', idempotencyKey: key(), metadata: { studioId: 'stu_test' } });
  const pm = stub.addCard(providerCustomerId, token);
  return { customer: providerCustomerId, pm };
}

const offSession = (customer: string, pm: string, idempotencyKey = key(), amountMinor = 4_500) => ({
  amountMinor,
  currency: 'EUR',
  providerCustomerId: customer,
  providerPaymentMethodId: pm,
  offSession: true,
  description: 'Monthly unlimited — renewal',
  idempotencyKey,
  metadata: meta,
});

describe('stripe provider against the Stripe stub', () => {
  it('charges a saved card off-session: succeeded, with the amount, currency and metadata sent', async () => {
    const { customer, pm } = await customerWithCard();

    const result = await stripe.charge(offSession(customer, pm));

    expect(result.status).toBe('succeeded');
    const pi = stub.paymentIntent(result.providerPaymentId!)!;
    expect(pi).toMatchObject({ amount: 4_500, currency: 'eur', customer, status: 'succeeded', metadata: meta });
    expect(stub.succeededChargesFor(customer)).toHaveLength(1);
    const sent = stub.requestsMatching('POST', '/v1/payment_intents').at(-1)!;
    expect(sent.params).toMatchObject({ off_session: 'true', confirm: 'true', payment_method: pm });
    expect(sent.idempotencyKey).toBeTruthy();
  });

  it.each([
    ['pm_card_chargeDeclined', 'generic_decline'],
    ['pm_card_chargeDeclinedInsufficientFunds', 'insufficient_funds'],
    ['pm_card_chargeCustomerFail', 'generic_decline'],
    ['pm_card_authenticationRequired', 'authentication_required'],
  ])('reports a decline of %s as a failed charge (%s), never a throw', async (token, code) => {
    const { customer, pm } = await customerWithCard(token);

    const result = await stripe.charge(offSession(customer, pm));

    expect(result).toMatchObject({ status: 'failed', failureCode: code });
    expect(result.providerPaymentId).toMatch(/^pi_/);
    expect(stub.succeededChargesFor(customer)).toHaveLength(0);
  });

  it('asks the browser to act for an on-session payment that needs 3-D Secure, and for a new card', async () => {
    const { customer, pm } = await customerWithCard('pm_card_authenticationRequired');

    const saved = await stripe.charge({ ...offSession(customer, pm), offSession: false });
    const newCard = await stripe.charge({ ...offSession(customer, pm), offSession: false, providerPaymentMethodId: undefined });

    expect(saved).toMatchObject({ status: 'requires_action', clientSecret: expect.stringMatching(/^pi_.+_secret_/) });
    expect(newCard).toMatchObject({ status: 'requires_action' });
    expect(stub.paymentIntent(newCard.providerPaymentId!)?.status).toBe('requires_payment_method');
    expect((await stripe.retrievePayment(saved.providerPaymentId!)).status).toBe('requires_action');
  });

  it('retries injected 500s with the same key and charges once', async () => {
    const { customer, pm } = await customerWithCard();
    const idempotencyKey = key();
    stub.failNext(2, { status: 500 });

    const result = await stripe.charge(offSession(customer, pm, idempotencyKey));

    expect(result.status).toBe('succeeded');
    const tries = stub.requests().filter((r) => r.idempotencyKey === idempotencyKey);
    expect(tries.map((r) => r.status)).toEqual([500, 500, 200]);
    expect(stub.succeededChargesFor(customer)).toHaveLength(1);
  });

  it('retries after a connection reset that hid a charge which happened: the replay answers, one charge', async () => {
    const { customer, pm } = await customerWithCard();
    const idempotencyKey = key();
    stub.failNext(1, { reset: true, afterProcessing: true });

    const result = await stripe.charge(offSession(customer, pm, idempotencyKey));

    expect(result.status).toBe('succeeded');
    const tries = stub.requests().filter((r) => r.idempotencyKey === idempotencyKey);
    expect(tries).toHaveLength(2);
    expect(tries[1]!.replayed).toBe(true);
    expect(stub.succeededChargesFor(customer)).toHaveLength(1);
  });

  it('answers a concurrent call with the same key by 409, which the SDK retries into a replay: one charge', async () => {
    const { customer, pm } = await customerWithCard();
    const idempotencyKey = key();
    stub.delayNext(300);

    const [a, b] = await Promise.all([stripe.charge(offSession(customer, pm, idempotencyKey)), stripe.charge(offSession(customer, pm, idempotencyKey))]);

    expect(a).toEqual(b);
    expect(stub.requests().filter((r) => r.idempotencyKey === idempotencyKey).map((r) => r.status)).toContain(409);
    expect(stub.succeededChargesFor(customer)).toHaveLength(1);
  });

  it('completes an on-session 3-D Secure payment when the browser confirms it, and tells the endpoint', async () => {
    const received: string[] = [];
    const { createServer } = await import('node:http');
    const endpoint = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        received.push((JSON.parse(body) as { type: string }).type);
        res.writeHead(200).end('{}');
      });
    });
    await new Promise<void>((ok) => endpoint.listen(0, '127.0.0.1', ok));
    stub.setEndpoint(`http://127.0.0.1:${(endpoint.address() as { port: number }).port}/hook`);
    try {
      const { customer, pm } = await customerWithCard('pm_card_authenticationRequired');
      const pending = await stripe.charge({ ...offSession(customer, pm), offSession: false });
      if (pending.status !== 'requires_action') throw new Error('expected requires_action');

      const res = await fetch(`${stub.url}/v1/payment_intents/${pending.providerPaymentId}/confirm`, {
        method: 'POST',
        headers: { authorization: `Bearer ${stub.publishableKey}`, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ client_secret: pending.clientSecret }),
      });
      await stub.settle();

      expect(res.status).toBe(200);
      expect((await stripe.retrievePayment(pending.providerPaymentId)).status).toBe('succeeded');
      expect(received).toEqual(['payment_intent.succeeded']);
    } finally {
      stub.setEndpoint(null);
      endpoint.closeAllConnections();
      await new Promise((ok) => endpoint.close(ok));
    }
  });

  it('gives up with provider_unavailable when Stripe keeps failing (1 try + 2 retries)', async () => {
    const { customer, pm } = await customerWithCard();
    stub.failNext(3, { status: 503 });

    const err = await stripe.charge(offSession(customer, pm)).catch((e: unknown) => e);

    expect(err).toBeInstanceOf(PaymentProviderError);
    expect((err as PaymentProviderError).code).toBe('provider_unavailable');
    expect(stub.succeededChargesFor(customer)).toHaveLength(0);
  });

  it('replays a charge sent twice with the same key: same payment, one charge', async () => {
    const { customer, pm } = await customerWithCard();
    const idempotencyKey = key();

    const first = await stripe.charge(offSession(customer, pm, idempotencyKey));
    const second = await stripe.charge(offSession(customer, pm, idempotencyKey));

    expect(second).toEqual(first);
    expect(stub.succeededChargesFor(customer)).toHaveLength(1);
    expect(stub.requests().filter((r) => r.idempotencyKey === idempotencyKey).map((r) => r.replayed)).toEqual([false, true]);
  });

  it('replays a decline too (the endpoint ran), and refuses the key with other parameters', async () => {
    const { customer, pm } = await customerWithCard('pm_card_chargeDeclined');
    const idempotencyKey = key();

    const first = await stripe.charge(offSession(customer, pm, idempotencyKey));
    const again = await stripe.charge(offSession(customer, pm, idempotencyKey));
    const other = await stripe.charge(offSession(customer, pm, idempotencyKey, 9_999)).catch((e: unknown) => e);

    expect(again).toEqual(first);
    expect(other).toBeInstanceOf(PaymentProviderError);
    expect((other as PaymentProviderError).code).toBe('invalid_request');
    expect((other as PaymentProviderError).message).toMatch(/same parameters/);
  });

  it('refunds fully and partly, once per key, never more than was paid', async () => {
    const { customer, pm } = await customerWithCard();
    const paid = await stripe.charge(offSession(customer, pm, key(), 10_000));
    const refundKey = key();

    const part = await stripe.refund({ providerPaymentId: paid.providerPaymentId!, amountMinor: 2_500, idempotencyKey: refundKey, metadata: meta });
    const replay = await stripe.refund({ providerPaymentId: paid.providerPaymentId!, amountMinor: 2_500, idempotencyKey: refundKey, metadata: meta });
    const rest = await stripe.refund({ providerPaymentId: paid.providerPaymentId!, amountMinor: 7_500, idempotencyKey: key(), metadata: meta });
    const tooMuch = await stripe.refund({ providerPaymentId: paid.providerPaymentId!, amountMinor: 1, idempotencyKey: key(), metadata: meta }).catch((e: unknown) => e);

    expect(part).toMatchObject({ status: 'succeeded', providerRefundId: expect.stringMatching(/^re_/) });
    expect(replay).toEqual(part);
    expect(rest.status).toBe('succeeded');
    expect((tooMuch as PaymentProviderError).code).toBe('invalid_request');
    expect(stub.refunds().filter((r) => r.payment_intent === paid.providerPaymentId).map((r) => r.amount)).toEqual([2_500, 7_500]);
  });

  it('saves a card through a SetupIntent the browser confirms, lists it and detaches it', async () => {
    const { providerCustomerId: customer } = await stripe.ensureCustomer({ email: null, name: 'Bo', idempotencyKey: key(), metadata: {} });
    const intent = await stripe.createSetupIntent({ providerCustomerId: customer, idempotencyKey: key(), metadata: meta });
    expect(await stripe.retrieveSetupIntentCard(intent.id)).toBeNull();

    // What Stripe.js does with the client secret and the publishable key.
    const res = await fetch(`${stub.url}/v1/setup_intents/${intent.id}/confirm`, {
      method: 'POST',
      headers: { authorization: `Bearer ${stub.publishableKey}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ client_secret: intent.clientSecret, payment_method: 'pm_card_visa' }),
    });
    expect(res.status).toBe(200);

    const card = await stripe.retrieveSetupIntentCard(intent.id);
    expect(card).toMatchObject({ brand: 'visa', last4: '4242', expMonth: 12, providerPaymentMethodId: expect.stringMatching(/^pm_/) });
    expect(await stripe.listCards(customer)).toEqual([card]);

    await stripe.detachCard(card!.providerPaymentMethodId);
    await stripe.detachCard(card!.providerPaymentMethodId);
    expect(await stripe.listCards(customer)).toEqual([]);
  });

  it('refuses a wrong secret key as not_configured, and a browser key on server endpoints', async () => {
    const wrong = createPayments({ stripe: stripeEndpointOf(stub.url, stub.jsUrl) }).providerFor({ secretKey: 'sk_test_wrong', webhookSecret: 'x' });

    const err = await wrong.ensureCustomer({ email: null, name: 'X', idempotencyKey: key(), metadata: {} }).catch((e: unknown) => e);
    const browser = await fetch(`${stub.url}/v1/customers`, { method: 'POST', headers: { authorization: `Bearer ${stub.publishableKey}` } });

    expect((err as PaymentProviderError).code).toBe('not_configured');
    expect(browser.status).toBe(401);
  });
});

describe('webhook verification', () => {
  const payloadOf = () => JSON.stringify(stub.event('payment_intent.succeeded', { id: 'pi_1', object: 'payment_intent', metadata: meta }));

  it('accepts a signature made with the secret over the exact bytes', () => {
    const payload = payloadOf();

    const event = stripe.verifyWebhook(Buffer.from(payload), stub.sign(payload));

    expect(event).toMatchObject({ type: 'payment_intent.succeeded', id: expect.stringMatching(/^evt_/), object: { id: 'pi_1', metadata: meta } });
  });

  it.each([
    ['a wrong secret', (p: string) => stub.sign(p, 'whsec_other')],
    ['a timestamp 6 minutes old', (p: string) => stub.sign(p, stub.webhookSecret, Math.floor(Date.now() / 1000) - 360)],
    ['no header', () => undefined],
    ['a garbled header', () => 't=abc,v1=zzz'],
  ])('refuses %s as invalid_signature', (_name, header) => {
    const payload = payloadOf();

    const err = (() => {
      try {
        stripe.verifyWebhook(Buffer.from(payload), header(payload));
      } catch (e) {
        return e;
      }
    })();

    expect(err).toBeInstanceOf(PaymentProviderError);
    expect((err as PaymentProviderError).code).toBe('invalid_signature');
  });

  it('refuses a body changed after signing', () => {
    const payload = payloadOf();
    const header = stub.sign(payload);

    expect(() => stripe.verifyWebhook(Buffer.from(payload.replace('pi_1', 'pi_2')), header)).toThrow(PaymentProviderError);
  });

  it('accepts a header the SDK itself generates (the stub signs like Stripe)', () => {
    const payload = payloadOf();
    const timestamp = Math.floor(Date.now() / 1000);
    const header = Stripe.webhooks.generateTestHeaderString({ payload, secret: stub.webhookSecret, timestamp });

    expect(stripe.verifyWebhook(Buffer.from(payload), header).type).toBe('payment_intent.succeeded');
    expect(stub.sign(payload, stub.webhookSecret, timestamp)).toBe(header);
  });
});

describe('manual provider', () => {
  const manual = createManualProvider();

  it('takes cash at once, with the same id for the same key, and refunds', async () => {
    const charge = { amountMinor: 1_200, currency: 'EUR', providerCustomerId: 'none', offSession: false, description: 'Drop-in', idempotencyKey: 'k-1', metadata: meta };

    const first = await manual.charge(charge);
    const again = await manual.charge(charge);
    const other = await manual.charge({ ...charge, idempotencyKey: 'k-2' });

    expect(first).toMatchObject({ status: 'succeeded', providerPaymentId: expect.stringMatching(/^manual_/) });
    expect(again).toEqual(first);
    expect(other.providerPaymentId).not.toBe(first.providerPaymentId);
    expect(await manual.retrievePayment(first.providerPaymentId!)).toEqual(first);
    expect(await manual.refund({ providerPaymentId: first.providerPaymentId!, amountMinor: 1_200, idempotencyKey: 'r-1', metadata: meta })).toMatchObject({ status: 'succeeded' });
  });

  it('saves no cards and verifies no webhooks', async () => {
    expect(await manual.listCards('x')).toEqual([]);
    await expect(manual.createSetupIntent({ providerCustomerId: 'x', idempotencyKey: 'k', metadata: {} })).rejects.toMatchObject({ code: 'not_configured' });
    expect(() => manual.verifyWebhook(Buffer.from('{}'), 't=1,v1=x')).toThrow(PaymentProviderError);
  });

  it('refuses a zero or fractional amount', async () => {
    await expect(manual.charge({ amountMinor: 0, currency: 'EUR', providerCustomerId: 'x', offSession: false, description: '', idempotencyKey: 'z', metadata: {} })).rejects.toMatchObject({ code: 'invalid_request' });
  });
});

describe('payments config', () => {
  it('points the SDK at STRIPE_API_URL and defaults to Stripe', () => {
    expect(loadConfig({ STRIPE_API_URL: 'http://127.0.0.1:12111' }).stripe).toMatchObject({ host: '127.0.0.1', port: 12111, protocol: 'http' });
    expect(loadConfig({}).stripe).toEqual({ host: 'api.stripe.com', port: 443, protocol: 'https', jsUrl: 'https://js.stripe.com/v3/' });
    expect(() => loadConfig({ STRIPE_API_URL: 'ftp://x' })).toThrow(/STRIPE_API_URL/);
  });

  it('lets the web app load Stripe.js and call Stripe (or the stub) under its CSP', () => {
    expect(stripeCspSources(loadConfig({}).stripe)).toEqual({
      script: ['https://js.stripe.com', 'https://*.js.stripe.com'],
      connect: ['https://api.stripe.com', 'https://js.stripe.com'],
      frame: ['https://js.stripe.com', 'https://*.js.stripe.com', 'https://hooks.stripe.com'],
    });
    expect(stripeCspSources(loadConfig({ STRIPE_API_URL: 'http://127.0.0.1:12111', STRIPE_JS_URL: 'http://127.0.0.1:12111/v3/' }).stripe)).toEqual({
      script: ['http://127.0.0.1:12111'],
      connect: ['http://127.0.0.1:12111'],
      frame: ['http://127.0.0.1:12111'],
    });
  });

  it('gives the manual provider to a studio without keys', () => {
    const payments = createPayments({ stripe: stripeEndpointOf('http://127.0.0.1:1', 'http://127.0.0.1:1/v3/') });

    expect(payments.providerFor(null).kind).toBe('manual');
    expect(payments.providerFor({ secretKey: 'sk_test_1', webhookSecret: 'whsec_1' }).kind).toBe('stripe');
  });
});
