import { startStripeStub } from '../src/platform/testing/stripe-stub.ts';
import { stripeKeys } from './support.ts';

/**
 * Playwright global setup: one local Stripe peer for the whole run, on the port playwright.config
 * gives the server as STRIPE_API_URL (its Stripe.js stand-in is STRIPE_JS_URL). Journeys that take
 * card payments save its keys in Settings > Payments (see `stripeKeys` in support.ts); the peer
 * sends each event to the webhook of the studio named in the object's metadata, as Stripe would
 * to the address the studio pasted in its dashboard.
 */
export default async function startStripePeer(): Promise<() => Promise<void>> {
  const api = new URL(process.env.STRIPE_API_URL ?? '');
  const server = process.env.E2E_SERVER_URL ?? '';
  const stub = await startStripeStub({
    port: Number(api.port),
    ...stripeKeys,
    endpoint: (event) => {
      const studioId = (event.data.object.metadata as Record<string, string> | undefined)?.studioId;
      return studioId ? `${server}/api/public/v1/payments/stripe/webhook/${studioId}` : null;
    },
  });
  return () => stub.close();
}
