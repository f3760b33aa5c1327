import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ctxOf } from '../../../platform/http/access.ts';
import { idParamSchema, problemSchema } from '../../../platform/http/contracts.ts';
import {
  createDiscountCodeSchema,
  discountCodeListSchema,
  discountCodeSchema,
  discountEvaluationSchema,
  listDiscountCodesQuerySchema,
  previewDiscountSchema,
  updateDiscountCodeSchema,
} from './contracts.ts';
import type { DiscountsService } from './service.ts';

const tags = ['Discount codes'];
const errors = { 400: problemSchema, 403: problemSchema, 404: problemSchema, 409: problemSchema };

/** Staff routes of discount codes, mounted at /api/v1. */
export function discountsRoutes(discounts: DiscountsService): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/discount-codes',
      { config: { access: 'commerce:read' }, schema: { tags, querystring: listDiscountCodesQuerySchema, response: { 200: discountCodeListSchema } } },
      async (req) => ({ items: await discounts.listCodes(ctxOf(req), { archived: req.query.archived === 'true' }) }),
    );
    app.post(
      '/discount-codes',
      { config: { access: 'commerce:settings' }, schema: { tags, body: createDiscountCodeSchema, response: { 201: discountCodeSchema, ...errors } } },
      async (req, reply) => reply.code(201).send(await discounts.createCode(ctxOf(req), req.body)),
    );
    app.post(
      '/discount-codes/preview',
      {
        config: { access: 'commerce:sell', rateLimit: { max: 60, timeWindow: '1 minute' } },
        schema: { tags, description: 'What a code takes off a basket, without using it.', body: previewDiscountSchema, response: { 200: discountEvaluationSchema, ...errors } },
      },
      (req) => discounts.preview(ctxOf(req), req.body),
    );
    app.get(
      '/discount-codes/:id',
      { config: { access: 'commerce:read' }, schema: { tags, params: idParamSchema, response: { 200: discountCodeSchema, ...errors } } },
      (req) => discounts.getCode(ctxOf(req), req.params.id),
    );
    app.patch(
      '/discount-codes/:id',
      { config: { access: 'commerce:settings' }, schema: { tags, params: idParamSchema, body: updateDiscountCodeSchema, response: { 200: discountCodeSchema, ...errors } } },
      (req) => discounts.updateCode(ctxOf(req), req.params.id, req.body),
    );
    app.post(
      '/discount-codes/:id/archive',
      { config: { access: 'commerce:settings' }, schema: { tags, params: idParamSchema, response: { 200: discountCodeSchema, ...errors } } },
      (req) => discounts.setArchived(ctxOf(req), req.params.id, true),
    );
    app.post(
      '/discount-codes/:id/unarchive',
      { config: { access: 'commerce:settings' }, schema: { tags, params: idParamSchema, response: { 200: discountCodeSchema, ...errors } } },
      (req) => discounts.setArchived(ctxOf(req), req.params.id, false),
    );
  };
}
