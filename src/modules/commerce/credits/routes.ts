import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ctxOf } from '../../../platform/http/access.ts';
import { idParamSchema, problemSchema } from '../../../platform/http/contracts.ts';
import { adjustCreditSchema, creditAccountQuerySchema, creditAccountSchema } from './contracts.ts';
import type { CreditsService } from './service.ts';

const tags = ['Prepaid credit'];
const errors = { 400: problemSchema, 403: problemSchema, 404: problemSchema, 409: problemSchema };
const slugParamSchema = z.object({ slug: z.string().min(1).max(64) });

/** Staff routes of a customer's prepaid credit, mounted at /api/v1. */
export function creditsRoutes(credits: CreditsService): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/customers/:id/credits',
      { config: { access: 'commerce:read' }, schema: { tags, params: idParamSchema, querystring: creditAccountQuerySchema, response: { 200: creditAccountSchema, ...errors } } },
      (req) => credits.getAccount(ctxOf(req), req.params.id, req.query),
    );
    app.post(
      '/customers/:id/credits/adjustments',
      {
        config: { access: 'commerce:refund' },
        schema: { tags, description: 'Adds (> 0) or removes (< 0) credit with a note; never below zero.', params: idParamSchema, body: adjustCreditSchema, response: { 200: creditAccountSchema, ...errors } },
      },
      (req) => credits.adjust(ctxOf(req), req.params.id, req.body),
    );
  };
}

/** The signed-in customer's prepaid credit, mounted at /api/public/v1. */
export function publicCreditsRoutes(credits: CreditsService): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/studios/:slug/me/credits',
      { config: { access: 'customer' }, schema: { tags: ['Public'], params: slugParamSchema, querystring: creditAccountQuerySchema, response: { 200: creditAccountSchema } } },
      (req) => credits.getOwnAccount(ctxOf(req), req.query),
    );
  };
}
