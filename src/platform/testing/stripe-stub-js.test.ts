import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from '@playwright/test';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStripeStub, type StripeStub } from './stripe-stub.ts';

// The stub's Stripe.js stand-in in a real browser, on a page of another origin (as the web app is):
// card element, test card numbers, confirmCardSetup / confirmCardPayment through CORS.
const chromiumPath = '/usr/bin/chromium';

// Needs Debian's Chromium, as the browser journeys do (.ci/run installs it): a missing browser fails here rather than skipping.
describe('Stripe stub: the Stripe.js stand-in in a browser', () => {
  let stub: StripeStub;
  let sdk: Stripe;
  let page: Server;
  let pageUrl: string;
  let browser: Browser;

  beforeAll(async () => {
    stub = await startStripeStub();
    const url = new URL(stub.url);
    sdk = new Stripe(stub.secretKey, { host: url.hostname, port: Number(url.port), protocol: 'http', maxNetworkRetries: 0 });
    page = createServer((req, res) => {
      const locale = new URL(req.url ?? '/', 'http://x').searchParams.get('locale') ?? 'en';
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(`<!doctype html><html><body><div id="card"></div>
        <script src="${stub.jsUrl}"></script>
        <script>window.stripe = Stripe(${JSON.stringify(stub.publishableKey)}, { locale: ${JSON.stringify(locale)} });
          window.card = stripe.elements().create('card'); card.mount('#card');</script></body></html>`);
    });
    await new Promise<void>((ok) => page.listen(0, '127.0.0.1', ok));
    pageUrl = `http://localhost:${(page.address() as AddressInfo).port}/`;
    browser = await chromium.launch({ executablePath: chromiumPath, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    page?.closeAllConnections();
    await new Promise((ok) => page?.close(ok));
    await stub?.close();
  });

  async function open(locale = 'en'): Promise<Page> {
    const p = await browser.newPage();
    await p.goto(`${pageUrl}?locale=${locale}`);
    return p;
  }

  /** Runs Stripe.js calls in the page (as a string: the server's type-check has no DOM). */
  type Result = { setupIntent?: Record<string, unknown>; paymentIntent?: Record<string, unknown>; error?: Record<string, unknown> };
  const confirm = (p: Page, call: 'confirmCardSetup' | 'confirmCardPayment', secret: string, withCard = true) =>
    p.evaluate(`window.stripe.${call}(${JSON.stringify(secret)}${withCard ? ', { payment_method: { card: window.card } }' : ''})`) as Promise<Result>;

  async function fill(p: Page, number: string) {
    await p.getByLabel(/Card number|Numéro de carte/).fill(number);
    await p.getByLabel(/Expiry|expiration/).fill('12 / 34');
    await p.getByLabel('CVC').fill('123');
  }

  it('saves 4242 4242 4242 4242 with confirmCardSetup: the card is on the customer', async () => {
    const customer = await sdk.customers.create({ name: 'Ana' });
    const intent = await sdk.setupIntents.create({ customer: customer.id, usage: 'off_session' });
    const p = await open();
    await fill(p, '4242 4242 4242 4242');

    const result = await confirm(p, 'confirmCardSetup', intent.client_secret!);

    expect(result.setupIntent).toMatchObject({ id: intent.id, status: 'succeeded', payment_method: expect.stringMatching(/^pm_/) });
    const cards = await sdk.paymentMethods.list({ customer: customer.id, type: 'card' });
    expect(cards.data.map((c) => c.card?.last4)).toEqual(['4242']);
    await p.close();
  });

  it('reports a declined card and an unknown number as { error }, like Stripe.js', async () => {
    const customer = await sdk.customers.create({ name: 'Bo' });
    const intent = await sdk.setupIntents.create({ customer: customer.id });
    const p = await open();

    await fill(p, '4000000000000002');
    const declined = await confirm(p, 'confirmCardSetup', intent.client_secret!);
    await fill(p, '1234123412341234');
    const unknown = await confirm(p, 'confirmCardSetup', intent.client_secret!);

    expect(declined.error).toMatchObject({ type: 'card_error', code: 'card_declined' });
    expect(unknown.error).toMatchObject({ code: 'incorrect_number' });
    await p.close();
  });

  it('completes a payment that needs 3-D Secure with confirmCardPayment on the saved card', async () => {
    const customer = await sdk.customers.create({ name: 'Cy' });
    const pm = stub.addCard(customer.id, 'pm_card_authenticationRequired');
    const pi = await sdk.paymentIntents.create({ amount: 2_000, currency: 'eur', customer: customer.id, payment_method: pm, confirm: true });
    expect(pi.status).toBe('requires_action');
    const p = await open();

    const result = await confirm(p, 'confirmCardPayment', pi.client_secret!, false);

    expect(result.paymentIntent).toMatchObject({ id: pi.id, status: 'succeeded' });
    expect(stub.succeededChargesFor(customer.id)).toHaveLength(1);
    await p.close();
  });

  it('pays with a new card typed in (4000 0025 0000 3155 passes the stand-in 3-D Secure)', async () => {
    const customer = await sdk.customers.create({ name: 'Di' });
    const pi = await sdk.paymentIntents.create({ amount: 1_500, currency: 'eur', customer: customer.id });
    const p = await open('fr');
    await expect(p.getByLabel('Numéro de carte').count()).resolves.toBe(1);
    await fill(p, '4000 0025 0000 3155');

    const result = await confirm(p, 'confirmCardPayment', pi.client_secret!);

    expect(result.paymentIntent).toMatchObject({ status: 'succeeded', amount: 1_500 });
    await p.close();
  });

  it('refuses a confirmation with a wrong client secret', async () => {
    const customer = await sdk.customers.create({ name: 'Ed' });
    const intent = await sdk.setupIntents.create({ customer: customer.id });
    const p = await open();
    await fill(p, '4242424242424242');

    const result = await confirm(p, 'confirmCardSetup', `${intent.id}_secret_forged`);

    expect(result.error).toMatchObject({ type: 'invalid_request_error' });
    await p.close();
  });
});
