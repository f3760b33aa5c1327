import type { AddressInfo } from 'node:net';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stripeEndpointOf } from '../config.ts';
import { buildApp, type App } from '../http/app.ts';
import { problem } from '../testing/client.ts';
import { testDatabaseKinds } from '../testing/database.ts';
import { createTestEnso, type TestEnso } from '../testing/enso.ts';
import { startStripeStub, type StripeStub } from '../testing/stripe-stub.ts';
import { createPayments } from './index.ts';
import type { ProviderEvent } from './provider.ts';
import { stripeWebhookRoutes } from './stripe-webhook-http.ts';

// The webhook transport on a real listening app (same hooks as Enso's: CSRF, access, body limit),
// with events signed and delivered by the Stripe stub over HTTP.
describe.each(testDatabaseKinds())('Stripe webhook route (%s)', (kind) => {
  let enso: TestEnso;
  let app: App;
  let stub: StripeStub;
  let base: string;
  const received: { studioId: string; event: ProviderEvent }[] = [];
  const failingStudio = 'stu_failing';
  const keysByStudio: Record<string, { secretKey: string; webhookSecret: string }> = {};

  beforeAll(async () => {
    enso = await createTestEnso(kind);
    stub = await startStripeStub({ webhookSecret: 'whsec_route_test' });
    const keys = { secretKey: stub.secretKey, webhookSecret: stub.webhookSecret };
    keysByStudio.stu_connected = keys;
    keysByStudio[failingStudio] = keys;
    keysByStudio.stu_other = { secretKey: stub.secretKey, webhookSecret: 'whsec_other_studio' };
    const payments = createPayments({ stripe: stripeEndpointOf(stub.url, stub.jsUrl) });
    app = await buildApp({
      clock: enso.clock,
      database: enso.database,
      authenticator: enso.services.identity.authenticator,
      secureCookies: false,
      logLevel: 'silent',
      modules: [
        {
          prefix: '/api/public/v1',
          routes: stripeWebhookRoutes({
            secretsFor: async (studioId) => keysByStudio[studioId] ?? null,
            providerFor: (k) => payments.providerFor(k),
            onEvent: async (studioId, event) => {
              if (studioId === failingStudio) throw new Error('database down');
              received.push({ studioId, event });
            },
          }),
        },
      ],
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/api/public/v1/payments/stripe/webhook`;
  });
  afterAll(async () => {
    await app?.close();
    await stub?.close();
    await enso?.dispose();
  });

  const paid = (id: string) => stub.event('payment_intent.succeeded', { id, object: 'payment_intent', amount: 4_500, metadata: { orderId: 'ord_1' } });
  const receivedIds = () => received.map((r) => r.event.id);

  it('hands a signed event to onEvent and answers 200 { received: true } — with no cookie or CSRF header', async () => {
    const event = paid('pi_good');

    const statuses = await stub.deliver(`${base}/stu_connected`, [event]);

    expect(statuses).toEqual([200]);
    expect(received.at(-1)).toEqual({ studioId: 'stu_connected', event: { id: event.id, type: 'payment_intent.succeeded', created: event.created, object: event.data.object } });
  });

  it('answers 400 invalid_signature, with no effect, to a wrong signature, a stale timestamp or another studio\'s secret', async () => {
    const before = received.length;

    const wrong = await stub.deliver(`${base}/stu_connected`, [paid('pi_wrong')], { badSignature: true });
    const stale = await stub.deliver(`${base}/stu_connected`, [paid('pi_stale')], { staleBySeconds: 301 });
    const otherStudio = await stub.deliver(`${base}/stu_other`, [paid('pi_other')]);
    const unsigned = await fetch(`${base}/stu_connected`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(paid('pi_unsigned')) });

    expect([...wrong, ...stale, ...otherStudio, unsigned.status]).toEqual([400, 400, 400, 400]);
    expect(await unsigned.json()).toMatchObject(problem(400, 'invalid_signature'));
    expect(received.length).toBe(before);
  });

  it('accepts a timestamp within the 5-minute tolerance', async () => {
    expect(await stub.deliver(`${base}/stu_connected`, [paid('pi_late')], { staleBySeconds: 240 })).toEqual([200]);
  });

  it('answers 404 for a studio without Stripe keys', async () => {
    const res = await fetch(`${base}/stu_unknown`, { method: 'POST', headers: { 'stripe-signature': 't=1,v1=x' }, body: '{}' });

    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject(problem(404, 'stripe_not_connected'));
  });

  it('passes every copy of events delivered three times out of order (commerce keeps each event once by id)', async () => {
    const events = [paid('pi_dup_1'), stub.event('charge.refunded', { id: 'ch_dup', object: 'charge' }), paid('pi_dup_2')];
    const before = received.length;

    const statuses = await stub.deliver(`${base}/stu_connected`, events, { duplicates: 3, shuffle: true });

    expect(statuses).toEqual(Array(9).fill(200));
    const ids = receivedIds().slice(before);
    expect(new Set(ids)).toEqual(new Set(events.map((e) => e.id)));
    expect(ids).toHaveLength(9);
  });

  it('answers 500 when onEvent fails, so Stripe delivers again', async () => {
    expect(await stub.deliver(`${base}/${failingStudio}`, [paid('pi_fail')])).toEqual([500]);
  });

  it('refuses a body over the app limit with 413', async () => {
    const res = await fetch(`${base}/stu_connected`, { method: 'POST', headers: { 'content-type': 'application/json', 'stripe-signature': 't=1,v1=x' }, body: 'x'.repeat(1_048_577) });

    expect(res.status).toBe(413);
  });

  it('lets a burst of deliveries past the app\'s per-address limit (1,200 a minute)', async () => {
    const statuses = new Set<number>();
    for (let i = 0; i < 1_250; i++) {
      const res = await app.inject({ method: 'POST', url: '/api/public/v1/payments/stripe/webhook/stu_connected', headers: { 'stripe-signature': 't=1,v1=x' }, payload: '{}' });
      statuses.add(res.statusCode);
    }

    expect([...statuses]).toEqual([400]);
  });

  it('keeps the CSRF exemption to public routes: a staff route that asks for it does not start', async () => {
    const staffRoute: FastifyPluginAsyncZod = async (a) => {
      a.post('/sneaky', { config: { access: 'staff', csrf: 'exempt-signed-webhook' } }, async () => ({}));
    };

    await expect(
      buildApp({ clock: enso.clock, authenticator: enso.services.identity.authenticator, secureCookies: false, logLevel: 'silent', modules: [{ prefix: '/api/v1', routes: staffRoute }] }),
    ).rejects.toThrow(/only a public, signed webhook/);
  });

  it('lets the composed app\'s pages load Stripe.js and reach Stripe under its CSP', async () => {
    const res = await enso.app.inject({ method: 'GET', url: '/api/health' });

    const csp = String(res.headers['content-security-policy']);
    expect(csp).toMatch(/script-src 'self' https:\/\/js\.stripe\.com/);
    expect(csp).toMatch(/connect-src 'self' https:\/\/api\.stripe\.com/);
    expect(csp).toMatch(/frame-src 'self' https:\/\/js\.stripe\.com [^;]*https:\/\/hooks\.stripe\.com/);
  });

  it('still checks CSRF on other public POSTs (sign-in, here on the composed app)', async () => {
    const login = await enso.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'a@b.c', password: 'x' } });

    expect(login.json()).toMatchObject(problem(403, 'csrf_failed'));
  });
});
