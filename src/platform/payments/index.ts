import type { StripeEndpoint } from '../config.ts';
import { createManualProvider } from './manual.ts';
import type { PaymentProvider } from './provider.ts';
import { createStripeProvider, type StripeKeys } from './stripe.ts';

export * from './provider.ts';
export { createManualProvider } from './manual.ts';
export { createStripeProvider, webhookToleranceSeconds, type StripeKeys } from './stripe.ts';
export { stripeWebhookRoutes, type StripeWebhookDeps } from './stripe-webhook-http.ts';

/**
 * What the web app's Content-Security-Policy must allow for card entry: Stripe.js (script and its
 * iframes, 3-D Secure on hooks.stripe.com) and Stripe's API; or the local stub's origin in tests.
 */
export function stripeCspSources(endpoint: StripeEndpoint): { script: string[]; connect: string[]; frame: string[] } {
  const js = new URL(endpoint.jsUrl).origin;
  const api = new URL(`${endpoint.protocol}://${endpoint.host}:${endpoint.port}`).origin;
  const real = js === 'https://js.stripe.com';
  return {
    script: real ? [js, 'https://*.js.stripe.com'] : [js],
    connect: [...new Set([api, js])],
    frame: real ? [js, 'https://*.js.stripe.com', 'https://hooks.stripe.com'] : [js],
  };
}

export interface Payments {
  /** Cash and external terminals: always available. */
  manual: PaymentProvider;
  /** The studio's card provider: Stripe with its saved keys, or `manual` when it has none. */
  providerFor(keys: StripeKeys | null): PaymentProvider;
}

/** SDK clients kept per key pair, so a renewal run of thousands of charges reuses one client (and its sockets). */
const maxClients = 200;

export function createPayments(config: { stripe: StripeEndpoint; stripeTimeoutMs?: number }): Payments {
  const manual = createManualProvider();
  const clients = new Map<string, PaymentProvider>();
  return {
    manual,
    providerFor(keys) {
      if (!keys) return manual;
      const id = `${keys.secretKey}\u0000${keys.webhookSecret}`;
      let provider = clients.get(id);
      if (!provider) {
        provider = createStripeProvider(keys, config.stripe, config.stripeTimeoutMs ? { timeoutMs: config.stripeTimeoutMs } : {});
        if (clients.size >= maxClients) clients.delete(clients.keys().next().value!);
        clients.set(id, provider);
      }
      return provider;
    },
  };
}
