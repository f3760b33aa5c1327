import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ctxOf } from '../../../platform/http/access.ts';
import { idParamSchema, problemSchema } from '../../../platform/http/contracts.ts';
import {
  addCustomerTagSchema,
  createTagSchema,
  customerTagListSchema,
  tagListSchema,
  tagParamsSchema,
  tagSchema,
  updateTagSchema,
} from './contracts.ts';
import { okSchema } from '../../identity/contracts.ts';
import type { TagsService } from './service.ts';

const tags = ['Customer tags'];

/** The studio's tags (settings) and the tags on a customer, mounted at /api/v1. */
export function customerTagsRoutes(service: TagsService): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/customer-tags',
      { config: { access: 'customers:read' }, schema: { tags, response: { 200: tagListSchema } } },
      async (req) => ({ items: await service.listTags(ctxOf(req)) }),
    );
    app.post(
      '/customer-tags',
      { config: { access: 'customers:settings' }, schema: { tags, body: createTagSchema, response: { 201: tagSchema, 409: problemSchema } } },
      async (req, reply) => reply.code(201).send(await service.createTag(ctxOf(req), req.body)),
    );
    app.patch(
      '/customer-tags/:id',
      {
        config: { access: 'customers:settings' },
        schema: { tags, params: idParamSchema, body: updateTagSchema, response: { 200: tagSchema, 404: problemSchema, 409: problemSchema } },
      },
      (req) => service.updateTag(ctxOf(req), req.params.id, req.body),
    );
    app.delete(
      '/customer-tags/:id',
      { config: { access: 'customers:settings' }, schema: { tags, params: idParamSchema, response: { 200: okSchema, 404: problemSchema } } },
      async (req) => {
        await service.deleteTag(ctxOf(req), req.params.id);
        return { ok: true as const };
      },
    );
    app.get(
      '/customers/:id/tags',
      { config: { access: 'customers:read' }, schema: { tags, params: idParamSchema, response: { 200: customerTagListSchema, 404: problemSchema } } },
      async (req) => ({ items: await service.listCustomerTags(ctxOf(req), req.params.id) }),
    );
    app.post(
      '/customers/:id/tags',
      {
        config: { access: 'customers:write' },
        schema: { tags, params: idParamSchema, body: addCustomerTagSchema, response: { 200: customerTagListSchema, 404: problemSchema } },
      },
      async (req) => ({ items: await service.addCustomerTag(ctxOf(req), req.params.id, req.body) }),
    );
    app.delete(
      '/customers/:id/tags/:tagId',
      {
        config: { access: 'customers:write' },
        schema: { tags, params: tagParamsSchema, response: { 200: customerTagListSchema, 404: problemSchema } },
      },
      async (req) => ({ items: await service.removeCustomerTag(ctxOf(req), req.params.id, req.params.tagId) }),
    );
  };
}
