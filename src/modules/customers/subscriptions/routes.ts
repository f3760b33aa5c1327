import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ctxOf } from '../../../platform/http/access.ts';
import { idParamSchema, problemSchema } from '../../../platform/http/contracts.ts';
import { customerSchema } from '../contracts.ts';
import { updateSubscriptionsSchema } from './contracts.ts';
import type { SubscriptionsService } from './service.ts';

/** Staff set which messages a customer receives, mounted at /api/v1. */
export function subscriptionsRoutes(subscriptions: SubscriptionsService): FastifyPluginAsyncZod {
  return async (app) => {
    app.put(
      '/customers/:id/subscriptions',
      {
        config: { access: 'customers:write' },
        schema: {
          tags: ['Customers'],
          params: idParamSchema,
          body: updateSubscriptionsSchema,
          response: { 200: customerSchema, 404: problemSchema, 409: problemSchema },
        },
      },
      (req) => subscriptions.updateSubscriptions(ctxOf(req), req.params.id, req.body),
    );
  };
}

const slugParamSchema = z.object({ slug: z.string().min(1).max(64) });

/** The signed-in customer sets which messages they receive, mounted at /api/public/v1. */
export function publicSubscriptionsRoutes(subscriptions: SubscriptionsService): FastifyPluginAsyncZod {
  return async (app) => {
    app.put(
      '/studios/:slug/me/subscriptions',
      {
        config: { access: 'customer' },
        schema: {
          tags: ['Public'],
          params: slugParamSchema,
          body: updateSubscriptionsSchema,
          response: { 200: z.object({ customer: customerSchema }), 409: problemSchema },
        },
      },
      async (req) => ({ customer: await subscriptions.updateOwnSubscriptions(ctxOf(req), req.body) }),
    );
  };
}
