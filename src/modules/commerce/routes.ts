import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ctxOf } from '../../platform/http/access.ts';
import { idParamSchema, problemSchema } from '../../platform/http/contracts.ts';
import { stripeWebhookRoutes, type Payments } from '../../platform/payments/index.ts';
import {
  checkoutResultSchema,
  checkoutSchema,
  connectStripeSchema,
  listOrdersQuerySchema,
  orderPageSchema,
  orderSchema,
  ownCheckoutSchema,
  paymentSettingsSchema,
  refundRequestSchema,
  saleQuoteSchema,
  updateCardFeesSchema,
} from './contracts.ts';
import type { CommerceService } from './service.ts';

const tags = ['Commerce'];
const errors = { 400: problemSchema, 403: problemSchema, 404: problemSchema, 409: problemSchema, 422: problemSchema, 503: problemSchema };

/** The sale as staff make it: the point of sale (`pos`) or a customer's profile (`staff`). */
const staffCheckoutSchema = checkoutSchema.extend({ channel: z.enum(['pos', 'staff']).default('pos') });

/** Staff routes of commerce, mounted at /api/v1. */
export function commerceRoutes(commerce: CommerceService): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/commerce/settings',
      { config: { access: 'commerce:read' }, schema: { tags, response: { 200: paymentSettingsSchema } } },
      (req) => commerce.settings.get(ctxOf(req)),
    );
    app.put(
      '/commerce/settings/card-fees',
      { config: { access: 'payments:settings' }, schema: { tags, body: updateCardFeesSchema, response: { 200: paymentSettingsSchema, ...errors } } },
      (req) => commerce.settings.updateCardFees(ctxOf(req), req.body),
    );
    app.put(
      '/commerce/settings/stripe',
      { config: { access: 'payments:settings' }, schema: { tags, body: connectStripeSchema, response: { 200: paymentSettingsSchema, ...errors } } },
      (req) => commerce.settings.connectStripe(ctxOf(req), req.body),
    );
    app.delete(
      '/commerce/settings/stripe',
      { config: { access: 'payments:settings' }, schema: { tags, response: { 200: paymentSettingsSchema } } },
      (req) => commerce.settings.disconnectStripe(ctxOf(req)),
    );
    app.post(
      '/commerce/checkout',
      {
        config: { access: 'commerce:sell', idempotency: 'required' },
        schema: { tags, summary: 'Sell: create an order and take its tenders (Idempotency-Key required)', body: staffCheckoutSchema, response: { 201: checkoutResultSchema, ...errors } },
      },
      async (req, reply) => {
        const { channel, ...input } = req.body;
        return reply.code(201).send(await commerce.checkout(ctxOf(req), input, { idempotencyKey: req.idempotencyKey!, channel }));
      },
    );
    app.post(
      '/commerce/quote',
      { config: { access: 'commerce:sell' }, schema: { tags, summary: 'Price a basket before paying (writes nothing)', body: checkoutSchema, response: { 200: saleQuoteSchema, ...errors } } },
      (req) => commerce.quote(ctxOf(req), req.body),
    );
    app.post(
      '/commerce/orders/:id/confirm',
      { config: { access: 'commerce:sell' }, schema: { tags, params: idParamSchema, response: { 200: checkoutResultSchema, ...errors } } },
      (req) => commerce.confirm(ctxOf(req), req.params.id),
    );
    app.get(
      '/commerce/orders',
      { config: { access: 'commerce:read' }, schema: { tags, querystring: listOrdersQuerySchema, response: { 200: orderPageSchema, ...errors } } },
      (req) => commerce.listOrders(ctxOf(req), req.query),
    );
    app.get(
      '/commerce/orders/:id',
      { config: { access: 'commerce:read' }, schema: { tags, params: idParamSchema, response: { 200: orderSchema, ...errors } } },
      (req) => commerce.getOrder(ctxOf(req), req.params.id),
    );
    app.post(
      '/commerce/orders/:id/refunds',
      {
        config: { access: 'commerce:refund', idempotency: 'required' },
        schema: { tags, summary: 'Refund an order in full or in part (Idempotency-Key required)', params: idParamSchema, body: refundRequestSchema, response: { 201: orderSchema, ...errors } },
      },
      async (req, reply) => reply.code(201).send(await commerce.refund(ctxOf(req), req.params.id, req.body, { idempotencyKey: req.idempotencyKey! })),
    );
  };
}

const slugParams = z.object({ slug: z.string().min(1).max(64) });
const slugIdParams = slugParams.extend({ id: z.string().min(1).max(64) });
const publicTags = ['Public'];

/** The signed-in customer's own purchases, mounted at /api/public/v1. */
export function publicCommerceRoutes(commerce: CommerceService): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/studios/:slug/me/checkout',
      {
        config: { access: 'customer', idempotency: 'required' },
        schema: { tags: publicTags, params: slugParams, body: ownCheckoutSchema, response: { 201: checkoutResultSchema, ...errors } },
      },
      async (req, reply) => reply.code(201).send(await commerce.checkoutOwn(ctxOf(req), req.body, req.idempotencyKey!)),
    );
    app.post(
      '/studios/:slug/me/orders/:id/confirm',
      { config: { access: 'customer' }, schema: { tags: publicTags, params: slugIdParams, response: { 200: checkoutResultSchema, ...errors } } },
      (req) => commerce.confirmOwn(ctxOf(req), req.params.id),
    );
    app.get(
      '/studios/:slug/me/orders',
      { config: { access: 'customer' }, schema: { tags: publicTags, params: slugParams, querystring: listOrdersQuerySchema, response: { 200: orderPageSchema, ...errors } } },
      (req) => commerce.listOwnOrders(ctxOf(req), req.query),
    );
    app.get(
      '/studios/:slug/me/orders/:id',
      { config: { access: 'customer' }, schema: { tags: publicTags, params: slugIdParams, response: { 200: orderSchema, ...errors } } },
      (req) => commerce.getOwnOrder(ctxOf(req), req.params.id),
    );
  };
}

/** Stripe's webhook for each studio (`/payments/stripe/webhook/:studioId`), mounted at /api/public/v1. */
export function commerceWebhookRoutes(commerce: CommerceService, payments: Payments): FastifyPluginAsyncZod {
  return stripeWebhookRoutes({
    secretsFor: (studioId) => commerce.settings.webhookKeysOf(studioId),
    onEvent: (studioId, event) => commerce.webhooks.onEvent(studioId, event),
    providerFor: (keys) => payments.providerFor(keys),
  });
}
