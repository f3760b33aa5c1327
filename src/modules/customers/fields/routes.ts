import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ctxOf } from '../../../platform/http/access.ts';
import { idParamSchema, problemSchema } from '../../../platform/http/contracts.ts';
import {
  badgeListSchema,
  createFieldSchema,
  fieldAnswerListSchema,
  fieldListSchema,
  fieldSchema,
  reorderFieldsSchema,
  setFieldValuesSchema,
  updateFieldSchema,
} from './contracts.ts';
import type { FieldsService } from './service.ts';

const tags = ['Customer fields'];
const listQuerySchema = z.object({ archived: z.enum(['true', 'false']).default('false') });

/** Custom field settings, a customer's answers and badges (staff), mounted at /api/v1. */
export function customerFieldsRoutes(service: FieldsService): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/customer-fields',
      { config: { access: 'customers:read' }, schema: { tags, querystring: listQuerySchema, response: { 200: fieldListSchema } } },
      async (req) => ({ items: await service.listFields(ctxOf(req), { includeArchived: req.query.archived === 'true' }) }),
    );
    app.post(
      '/customer-fields',
      { config: { access: 'customers:settings' }, schema: { tags, body: createFieldSchema, response: { 201: fieldSchema, 400: problemSchema } } },
      async (req, reply) => reply.code(201).send(await service.createField(ctxOf(req), req.body)),
    );
    app.put(
      '/customer-fields/order',
      { config: { access: 'customers:settings' }, schema: { tags, body: reorderFieldsSchema, response: { 200: fieldListSchema, 404: problemSchema } } },
      async (req) => ({ items: await service.reorderFields(ctxOf(req), req.body) }),
    );
    app.patch(
      '/customer-fields/:id',
      {
        config: { access: 'customers:settings' },
        schema: { tags, params: idParamSchema, body: updateFieldSchema, response: { 200: fieldSchema, 400: problemSchema, 404: problemSchema } },
      },
      (req) => service.updateField(ctxOf(req), req.params.id, req.body),
    );
    app.get(
      '/customers/:id/fields',
      { config: { access: 'customers:read' }, schema: { tags, params: idParamSchema, response: { 200: fieldAnswerListSchema, 404: problemSchema } } },
      async (req) => ({ items: await service.getCustomerAnswers(ctxOf(req), req.params.id) }),
    );
    app.patch(
      '/customers/:id/fields',
      {
        config: { access: 'customers:write' },
        schema: { tags, params: idParamSchema, body: setFieldValuesSchema, response: { 200: fieldAnswerListSchema, 400: problemSchema, 404: problemSchema } },
      },
      async (req) => ({ items: await service.setCustomerAnswers(ctxOf(req), req.params.id, req.body) }),
    );
    app.get(
      '/customers/:id/badges',
      { config: { access: 'customers:read' }, schema: { tags, params: idParamSchema, response: { 200: badgeListSchema, 404: problemSchema } } },
      async (req) => ({ items: await service.getBadges(ctxOf(req), req.params.id) }),
    );
  };
}

const slugParamSchema = z.object({ slug: z.string().min(1).max(64) });

/** The signed-in customer's own answers to customer-editable fields, mounted at /api/public/v1. */
export function publicCustomerFieldsRoutes(service: FieldsService): FastifyPluginAsyncZod {
  return async (app) => {
    const publicTags = ['Public'];
    app.get(
      '/studios/:slug/me/fields',
      { config: { access: 'customer' }, schema: { tags: publicTags, params: slugParamSchema, response: { 200: fieldAnswerListSchema } } },
      async (req) => ({ items: await service.getOwnAnswers(ctxOf(req)) }),
    );
    app.patch(
      '/studios/:slug/me/fields',
      {
        config: { access: 'customer' },
        schema: { tags: publicTags, params: slugParamSchema, body: setFieldValuesSchema, response: { 200: fieldAnswerListSchema, 400: problemSchema } },
      },
      async (req) => ({ items: await service.setOwnAnswers(ctxOf(req), req.body) }),
    );
  };
}
