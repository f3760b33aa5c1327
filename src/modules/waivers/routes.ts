import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ctxOf } from '../../platform/http/access.ts';
import { idParamSchema, problemSchema } from '../../platform/http/contracts.ts';
import {
  createWaiverSchema,
  customerWaiversSchema,
  listWaiversQuerySchema,
  ownWaiversSchema,
  sendSignRequestSchema,
  sentRequestSchema,
  signatureSchema,
  signByLinkSchema,
  signedSchema,
  signInPersonSchema,
  signLinkSchema,
  signLinkTokenSchema,
  signOwnSchema,
  updateWaiverResultSchema,
  updateWaiverSchema,
  waiverDetailSchema,
  waiverListSchema,
  waiverSchema,
} from './contracts.ts';
import type { SignMeta, WaiversService } from './service.ts';

const tags = ['Waivers'];
const metaOf = (req: FastifyRequest): SignMeta => ({ ip: req.ip, userAgent: req.headers['user-agent'], requestId: String(req.id) });

/** Staff routes of the waivers module, mounted at /api/v1. */
export function waiversRoutes(waivers: WaiversService): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/waivers',
      { config: { access: 'waivers:read' }, schema: { tags, querystring: listWaiversQuerySchema, response: { 200: waiverListSchema } } },
      async (req) => ({ items: await waivers.listWaivers(ctxOf(req), { archived: req.query.archived === 'true' }) }),
    );
    app.post(
      '/waivers',
      { config: { access: 'waivers:manage' }, schema: { tags, body: createWaiverSchema, response: { 201: waiverSchema, 409: problemSchema } } },
      async (req, reply) => reply.code(201).send(await waivers.createWaiver(ctxOf(req), req.body)),
    );
    app.get(
      '/waivers/:id',
      { config: { access: 'waivers:read' }, schema: { tags, params: idParamSchema, response: { 200: waiverDetailSchema, 404: problemSchema } } },
      (req) => waivers.getWaiver(ctxOf(req), req.params.id),
    );
    app.patch(
      '/waivers/:id',
      {
        config: { access: 'waivers:manage' },
        schema: { tags, params: idParamSchema, body: updateWaiverSchema, response: { 200: updateWaiverResultSchema, 404: problemSchema, 409: problemSchema } },
      },
      (req) => waivers.updateWaiver(ctxOf(req), req.params.id, req.body),
    );
    app.post(
      '/waivers/:id/archive',
      { config: { access: 'waivers:manage' }, schema: { tags, params: idParamSchema, response: { 200: waiverSchema, 404: problemSchema } } },
      (req) => waivers.archiveWaiver(ctxOf(req), req.params.id),
    );
    app.get(
      '/customers/:id/waivers',
      { config: { access: 'waivers:read' }, schema: { tags, params: idParamSchema, response: { 200: customerWaiversSchema, 404: problemSchema } } },
      (req) => waivers.customerWaivers(ctxOf(req), req.params.id),
    );
    app.post(
      '/customers/:id/waivers/sign-in-person',
      {
        config: { access: 'waivers:write' },
        schema: { tags, params: idParamSchema, body: signInPersonSchema, response: { 201: signedSchema, 404: problemSchema, 409: problemSchema } },
      },
      async (req, reply) => reply.code(201).send({ signature: await waivers.signInPerson(ctxOf(req), req.params.id, req.body, metaOf(req)) }),
    );
    app.post(
      '/customers/:id/waivers/send',
      {
        config: { access: 'waivers:write' },
        schema: { tags, params: idParamSchema, body: sendSignRequestSchema, response: { 201: sentRequestSchema, 404: problemSchema } },
      },
      async (req, reply) => reply.code(201).send(await waivers.sendSignRequest(ctxOf(req), req.params.id, req.body)),
    );
    app.get(
      '/waiver-signatures/:id',
      { config: { access: 'waivers:read' }, schema: { tags, params: idParamSchema, response: { 200: signatureSchema, 404: problemSchema } } },
      (req) => waivers.getSignature(ctxOf(req), req.params.id),
    );
    app.get(
      '/waiver-signatures/:id/image',
      { config: { access: 'waivers:read' }, schema: { tags, params: idParamSchema, description: 'The drawn signature, image/png.' } },
      async (req, reply) => {
        const png = await waivers.getSignatureImage(ctxOf(req), req.params.id);
        // Served as an image only, never sniffed as anything else.
        return reply.type('image/png').header('cache-control', 'private, max-age=3600').header('x-content-type-options', 'nosniff').send(png);
      },
    );
  };
}

const slugParamSchema = z.object({ slug: z.string().min(1).max(64) });
/** Sign links are guessed at 2^256; the limit is against hammering, not guessing. */
const strict = { rateLimit: { max: 30, timeWindow: '1 minute' } };

/** Public signing by emailed link, and the signed-in customer's own waivers, mounted at /api/public/v1. */
export function publicWaiversRoutes(waivers: WaiversService): FastifyPluginAsyncZod {
  return async (app) => {
    const publicTags = ['Public'];
    app.post(
      '/studios/:slug/waiver-link',
      {
        config: { access: 'public', ...strict },
        schema: { tags: publicTags, params: slugParamSchema, body: signLinkTokenSchema, response: { 200: signLinkSchema, 404: problemSchema, 409: problemSchema } },
      },
      (req) => waivers.openSignLink(req.params.slug, req.body.token, metaOf(req)),
    );
    app.post(
      '/studios/:slug/waiver-link/sign',
      {
        config: { access: 'public', ...strict },
        schema: { tags: publicTags, params: slugParamSchema, body: signByLinkSchema, response: { 201: signedSchema, 404: problemSchema, 409: problemSchema } },
      },
      async (req, reply) => reply.code(201).send({ signature: await waivers.signByLink(req.params.slug, req.body, metaOf(req)) }),
    );
    app.get(
      '/studios/:slug/me/waivers',
      { config: { access: 'customer' }, schema: { tags: publicTags, params: slugParamSchema, response: { 200: ownWaiversSchema } } },
      (req) => waivers.listOwnWaivers(ctxOf(req)),
    );
    app.post(
      '/studios/:slug/me/waivers/sign',
      {
        config: { access: 'customer' },
        schema: { tags: publicTags, params: slugParamSchema, body: signOwnSchema, response: { 201: signedSchema, 403: problemSchema, 409: problemSchema } },
      },
      async (req, reply) => reply.code(201).send({ signature: await waivers.signOwn(ctxOf(req), req.body, metaOf(req)) }),
    );
  };
}
