import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseStripeForm, startStripeStub, type StripeStub, type WebhookEvent } from './stripe-stub.ts';

// The stub's own contract, through the official SDK where one exists: the endpoints and behaviours
// the provider tests do not already walk.
let stub: StripeStub;
let sdk: Stripe;

beforeAll(async () => {
  stub = await startStripeStub({ secretKey: 'sk_test_stub_contract', webhookSecret: 'whsec_stub_contract' });
  const url = new URL(stub.url);
  sdk = new Stripe(stub.secretKey, { host: url.hostname, port: Number(url.port), protocol: 'http', maxNetworkRetries: 0 });
});
afterAll(() => stub.close());

describe('Stripe stub', () => {
  it('parses Stripe form encoding with brackets and indexes', () => {
    expect(parseStripeForm('amount=100&metadata[orderId]=ord_1&expand[0]=a&expand[1]=b&x[y][0][z]=1&list[]=p&list[]=q')).toEqual({
      amount: '100',
      metadata: { orderId: 'ord_1' },
      expand: ['a', 'b'],
      x: { y: [{ z: '1' }] },
      list: ['p', 'q'],
    });
  });

  it('attaches a test card as a new pm_ with brand, last4 and expiry, lists it both ways, and detaches it', async () => {
    const customer = await sdk.customers.create({ email: 'ana@example.com' });

    const pm = await sdk.paymentMethods.attach('pm_card_visa', { customer: customer.id });
    const viaCustomer = await sdk.customers.listPaymentMethods(customer.id, { type: 'card' });
    const viaList = await sdk.paymentMethods.list({ customer: customer.id, type: 'card' });
    const fetched = await sdk.paymentMethods.retrieve(pm.id);
    await sdk.paymentMethods.detach(pm.id);

    expect(pm).toMatchObject({ id: expect.stringMatching(/^pm_/), object: 'payment_method', customer: customer.id, card: { brand: 'visa', last4: '4242', exp_month: 12 } });
    expect(pm.id).not.toBe('pm_card_visa');
    expect(viaCustomer.data.map((p) => p.id)).toEqual([pm.id]);
    expect(viaList.data.map((p) => p.id)).toEqual([pm.id]);
    expect(fetched.id).toBe(pm.id);
    expect((await sdk.paymentMethods.list({ customer: customer.id, type: 'card' })).data).toEqual([]);
  });

  it('answers like Stripe for unknown objects: 404 resource_missing on the path, 400 in a parameter', async () => {
    const onPath = await sdk.paymentIntents.retrieve('pi_nope').catch((e: unknown) => e);
    const inParam = await sdk.paymentIntents.create({ amount: 100, currency: 'eur', customer: 'cus_nope' }).catch((e: unknown) => e);
    const badAmount = await sdk.paymentIntents.create({ amount: 0, currency: 'eur' }).catch((e: unknown) => e);

    expect(onPath).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(onPath).toMatchObject({ statusCode: 404, code: 'resource_missing' });
    expect(inParam).toMatchObject({ statusCode: 400, code: 'resource_missing', param: 'customer' });
    expect(badAmount).toMatchObject({ statusCode: 400, param: 'amount' });
  });

  it('declines with a 402 card error carrying the PaymentIntent, and records a failed PaymentIntent', async () => {
    const customer = await sdk.customers.create({});

    const err = (await sdk.paymentIntents
      .create({ amount: 500, currency: 'eur', customer: customer.id, payment_method: 'pm_card_chargeDeclinedInsufficientFunds', confirm: true })
      .catch((e: unknown) => e)) as Stripe.errors.StripeCardError;

    expect(err).toBeInstanceOf(Stripe.errors.StripeCardError);
    expect(err).toMatchObject({ statusCode: 402, code: 'card_declined', decline_code: 'insufficient_funds' });
    expect(err.payment_intent).toMatchObject({ status: 'requires_payment_method', last_payment_error: { decline_code: 'insufficient_funds' } });
    expect(stub.paymentIntent(err.payment_intent!.id)?.status).toBe('requires_payment_method');
  });

  it('confirms a PaymentIntent created without confirmation, and refuses to confirm it twice', async () => {
    const customer = await sdk.customers.create({});
    const pi = await sdk.paymentIntents.create({ amount: 900, currency: 'eur', customer: customer.id, payment_method: stub.addCard(customer.id) });

    const confirmed = await sdk.paymentIntents.confirm(pi.id, { off_session: true });
    const again = await sdk.paymentIntents.confirm(pi.id).catch((e: unknown) => e);

    expect(pi.status).toBe('requires_confirmation');
    expect(confirmed.status).toBe('succeeded');
    expect(again).toMatchObject({ statusCode: 400, code: 'payment_intent_unexpected_state' });
  });

  it('keeps refunds retrievable, and refunds the whole rest when no amount is given', async () => {
    const customer = await sdk.customers.create({});
    const pi = await sdk.paymentIntents.create({ amount: 3_000, currency: 'eur', customer: customer.id, payment_method: stub.addCard(customer.id), confirm: true, off_session: true });

    const part = await sdk.refunds.create({ payment_intent: pi.id, amount: 1_000, metadata: { reason: 'mat' } });
    const rest = await sdk.refunds.create({ payment_intent: pi.id });

    expect(await sdk.refunds.retrieve(part.id)).toMatchObject({ id: part.id, amount: 1_000, status: 'succeeded', metadata: { reason: 'mat' } });
    expect(rest.amount).toBe(2_000);
  });

  it('refuses a SetupIntent confirmation with a declined card, and needs the browser for one that asks for 3-D Secure', async () => {
    const customer = await sdk.customers.create({});
    const declined = await sdk.setupIntents.create({ customer: customer.id });
    const threeDs = await sdk.setupIntents.create({ customer: customer.id });

    const err = await sdk.setupIntents.confirm(declined.id, { payment_method: 'pm_card_chargeDeclined' }).catch((e: unknown) => e);
    const pending = await sdk.setupIntents.confirm(threeDs.id, { payment_method: 'pm_card_authenticationRequired' });

    expect(err).toMatchObject({ statusCode: 402, code: 'card_declined' });
    expect(pending.status).toBe('requires_action');
    expect((await sdk.paymentMethods.list({ customer: customer.id, type: 'card' })).data).toEqual([]);
  });

  it('serves its Stripe.js stand-in at /v3/ with CORS, and answers preflights', async () => {
    const script = await fetch(stub.jsUrl);
    const preflight = await fetch(`${stub.url}/v1/setup_intents/seti_x/confirm`, { method: 'OPTIONS', headers: { origin: 'http://localhost:3000', 'access-control-request-method': 'POST' } });

    expect(script.headers.get('content-type')).toMatch(/javascript/);
    expect(await script.text()).toContain('window.Stripe = Stripe');
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('auto-delivers the events of API calls to the endpoint it is given, signed', async () => {
    const got: { event: WebhookEvent; signature: string }[] = [];
    const server: Server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        got.push({ event: JSON.parse(body) as WebhookEvent, signature: String(req.headers['stripe-signature']) });
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    stub.setEndpoint((ev) => (ev.type.startsWith('charge.') || ev.type.startsWith('payment_intent.') ? `http://127.0.0.1:${(server.address() as AddressInfo).port}/` : null));
    try {
      const customer = await sdk.customers.create({});
      const pi = await sdk.paymentIntents.create({ amount: 1_000, currency: 'eur', customer: customer.id, payment_method: stub.addCard(customer.id), confirm: true, off_session: true });
      await sdk.refunds.create({ payment_intent: pi.id, amount: 400 });
      await stub.settle();

      expect(got.map((g) => g.event.type)).toEqual(['payment_intent.succeeded', 'charge.refunded']);
      expect(got[1]!.event.data.object).toMatchObject({ object: 'charge', payment_intent: pi.id, amount_refunded: 400, refunded: false });
      const raw = JSON.stringify(got[0]!.event, null, 2);
      expect(() => sdk.webhooks.constructEvent(raw, got[0]!.signature, stub.webhookSecret)).not.toThrow();
      expect(stub.deliveries().map((d) => d.status)).toEqual([200, 200]);
    } finally {
      stub.setEndpoint(null);
      server.closeAllConnections();
      await new Promise((ok) => server.close(ok));
    }
  });
});
