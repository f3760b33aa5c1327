import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { sendProblem } from '../http/errors.ts';
import { createStripeProvider, type StripeKeys } from './stripe.ts';
import { PaymentProviderError, type PaymentProvider, type ProviderEvent } from './provider.ts';
import type { StripeEndpoint } from '../config.ts';

export interface StripeWebhookDeps {
  /** The studio's Stripe keys, or null when it has not connected Stripe. */
  secretsFor(studioId: string): Promise<StripeKeys | null>;
  /** Acts on a verified event; must be idempotent by `event.id` (Stripe delivers at least once). */
  onEvent(studioId: string, event: ProviderEvent): Promise<void>;
  /** How to build the studio's provider (commerce passes `payments.providerFor`); only verifyWebhook is used. */
  providerFor?: (keys: StripeKeys) => PaymentProvider;
  /** Needed when `providerFor` is not given. */
  stripe?: StripeEndpoint;
}

const paramsSchema = z.object({ studioId: z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/) });

/**
 * `POST /payments/stripe/webhook/:studioId` (mounted under /api/public/v1): the address each studio
 * pastes in its Stripe dashboard. The signature is checked over the raw bytes Stripe sent (any
 * re-serialisation would break it), with the studio's own webhook secret and a 5-minute timestamp
 * tolerance. A bad signature or a stale timestamp gets 400 and has no effect; a studio without Stripe
 * keys 404; 200 `{ received: true }` only once `onEvent` has finished, so Stripe retries whenever we
 * failed. Stripe sends no cookies, so the route is exempt from the CSRF check: the signature is
 * what authenticates it.
 */
export function stripeWebhookRoutes(deps: StripeWebhookDeps): FastifyPluginAsyncZod {
  const providerFor =
    deps.providerFor ??
    ((keys: StripeKeys) => {
      if (!deps.stripe) throw new Error('stripeWebhookRoutes needs providerFor or stripe');
      return createStripeProvider(keys, deps.stripe);
    });

  return async (app) => {
    // This plugin only: every body arrives as the exact bytes sent (the app's bodyLimit still applies).
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));

    app.post(
      '/payments/stripe/webhook/:studioId',
      {
        // Stripe delivers in bursts (a renewal run is thousands of events) from a few addresses:
        // a higher per-address limit than the app's, so a burst is not turned into 429s and retries.
        config: { access: 'public', csrf: 'exempt-signed-webhook', rateLimit: { max: 12_000, timeWindow: '1 minute' } },
        schema: {
          summary: "Stripe's webhook endpoint for one studio (signed by Stripe, not called by browsers)",
          tags: ['payments'],
          params: paramsSchema,
          response: { 200: z.object({ received: z.literal(true) }) },
        },
      },
      async (req, reply) => {
        const keys = await deps.secretsFor(req.params.studioId);
        if (!keys) return sendProblem(reply, 404, 'stripe_not_connected', 'This studio has not connected Stripe.');
        const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
        const header = req.headers['stripe-signature'];
        let event: ProviderEvent;
        try {
          event = providerFor(keys).verifyWebhook(raw, typeof header === 'string' ? header : undefined);
        } catch (err) {
          if (err instanceof PaymentProviderError && err.code === 'invalid_signature') {
            req.log.warn({ studioId: req.params.studioId, reason: err.message }, 'stripe webhook refused');
            return sendProblem(reply, 400, 'invalid_signature', 'The Stripe signature is missing, wrong or too old.');
          }
          throw err;
        }
        await deps.onEvent(req.params.studioId, event);
        return reply.send({ received: true as const });
      },
    );
  };
}
