import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ctxOf } from '../../../platform/http/access.ts';
import { idParamSchema, problemSchema } from '../../../platform/http/contracts.ts';
import { customerSchema } from '../contracts.ts';
import { addChildSchema, childListSchema, setParentSchema, updateChildSchema } from './contracts.ts';
import type { FamilyService } from './service.ts';

const tags = ['Customers'];

/** Staff routes of the family (children) area, mounted at /api/v1. */
export function familyRoutes(family: FamilyService): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/customers/:id/children',
      { config: { access: 'customers:read' }, schema: { tags, params: idParamSchema, response: { 200: childListSchema, 404: problemSchema } } },
      async (req) => ({ items: await family.listChildren(ctxOf(req), req.params.id) }),
    );
    app.post(
      '/customers/:id/children',
      {
        config: { access: 'customers:write' },
        schema: { tags, params: idParamSchema, body: addChildSchema, response: { 201: customerSchema, 404: problemSchema, 409: problemSchema } },
      },
      async (req, reply) => reply.code(201).send(await family.addChild(ctxOf(req), req.params.id, req.body)),
    );
    app.put(
      '/customers/:id/parent',
      {
        config: { access: 'customers:write' },
        schema: { tags, params: idParamSchema, body: setParentSchema, response: { 200: customerSchema, 404: problemSchema, 409: problemSchema } },
      },
      (req) => family.setParent(ctxOf(req), req.params.id, req.body),
    );
  };
}

const slugParamSchema = z.object({ slug: z.string().min(1).max(64) });
const childParamSchema = slugParamSchema.extend({ childId: z.string().min(1).max(64) });

/** The signed-in customer's children on their account page, mounted at /api/public/v1. */
export function publicFamilyRoutes(family: FamilyService): FastifyPluginAsyncZod {
  return async (app) => {
    const publicTags = ['Public'];
    app.get(
      '/studios/:slug/me/children',
      { config: { access: 'customer' }, schema: { tags: publicTags, params: slugParamSchema, response: { 200: childListSchema } } },
      async (req) => ({ items: await family.listOwnChildren(ctxOf(req)) }),
    );
    app.post(
      '/studios/:slug/me/children',
      {
        config: { access: 'customer' },
        schema: { tags: publicTags, params: slugParamSchema, body: addChildSchema, response: { 201: customerSchema, 409: problemSchema } },
      },
      async (req, reply) => reply.code(201).send(await family.addOwnChild(ctxOf(req), req.body)),
    );
    app.patch(
      '/studios/:slug/me/children/:childId',
      {
        config: { access: 'customer' },
        schema: { tags: publicTags, params: childParamSchema, body: updateChildSchema, response: { 200: customerSchema, 404: problemSchema } },
      },
      (req) => family.updateOwnChild(ctxOf(req), req.params.childId, req.body),
    );
  };
}
