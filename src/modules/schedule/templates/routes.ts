import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ctxOf } from '../../../platform/http/access.ts';
import { idParamSchema, problemSchema } from '../../../platform/http/contracts.ts';
import { createTemplateSchema, listTemplatesQuerySchema, templateListSchema, templateSchema, updateTemplateSchema } from '../contracts.ts';
import { baseContentType } from '../domain/image.ts';
import { acceptImageBodies, bodyBytes, sendImage, uploadDescription } from '../images-http.ts';
import type { TemplatesService } from './service.ts';

const tags = ['Class templates'];
const errors = { 400: problemSchema, 403: problemSchema, 404: problemSchema };

/** Staff routes of class templates, mounted at /api/v1. */
export function templatesRoutes(templates: TemplatesService): FastifyPluginAsyncZod {
  return async (app) => {
    acceptImageBodies(app);

    app.get(
      '/class-templates',
      { config: { access: 'schedule:read' }, schema: { tags, querystring: listTemplatesQuerySchema, response: { 200: templateListSchema } } },
      async (req) => ({ items: await templates.listTemplates(ctxOf(req), { archived: req.query.archived === 'true' }) }),
    );
    app.post(
      '/class-templates',
      { config: { access: 'schedule:write' }, schema: { tags, body: createTemplateSchema, response: { 201: templateSchema, ...errors } } },
      async (req, reply) => reply.code(201).send(await templates.createTemplate(ctxOf(req), req.body)),
    );
    app.get(
      '/class-templates/:id',
      { config: { access: 'schedule:read' }, schema: { tags, params: idParamSchema, response: { 200: templateSchema, ...errors } } },
      (req) => templates.getTemplate(ctxOf(req), req.params.id),
    );
    app.patch(
      '/class-templates/:id',
      { config: { access: 'schedule:write' }, schema: { tags, params: idParamSchema, body: updateTemplateSchema, response: { 200: templateSchema, ...errors } } },
      (req) => templates.updateTemplate(ctxOf(req), req.params.id, req.body),
    );
    app.post(
      '/class-templates/:id/archive',
      { config: { access: 'schedule:write' }, schema: { tags, params: idParamSchema, response: { 200: templateSchema, ...errors } } },
      (req) => templates.setTemplateArchived(ctxOf(req), req.params.id, true),
    );
    app.post(
      '/class-templates/:id/unarchive',
      { config: { access: 'schedule:write' }, schema: { tags, params: idParamSchema, response: { 200: templateSchema, ...errors } } },
      (req) => templates.setTemplateArchived(ctxOf(req), req.params.id, false),
    );
    app.put(
      '/class-templates/:id/banner',
      {
        config: { access: 'schedule:write' },
        schema: { tags, description: uploadDescription, params: idParamSchema, response: { 200: templateSchema, ...errors, 413: problemSchema } },
      },
      (req) => templates.setBanner(ctxOf(req), req.params.id, baseContentType(req.headers['content-type']), bodyBytes(req.body)),
    );
    app.delete(
      '/class-templates/:id/banner',
      { config: { access: 'schedule:write' }, schema: { tags, params: idParamSchema, response: { 200: templateSchema, ...errors } } },
      (req) => templates.removeBanner(ctxOf(req), req.params.id),
    );
    app.get(
      '/class-templates/:id/banner',
      // No response schema: the body is the image (errors are problem+json as everywhere).
      { config: { access: 'schedule:read' }, schema: { tags, description: 'The banner image.', params: idParamSchema } },
      async (req, reply) => sendImage(reply, await templates.getBanner(ctxOf(req), req.params.id), 'private, max-age=86400'),
    );
  };
}

const publicParamsSchema = z.object({ slug: z.string().min(1).max(64), id: z.string().min(1).max(64) });

/** Public routes of class templates, mounted at /api/public/v1. */
export function publicTemplatesRoutes(templates: TemplatesService): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/studios/:slug/class-templates/:id/banner',
      { config: { access: 'public' }, schema: { tags: ['Public'], description: 'A class banner for public class pages.', params: publicParamsSchema } },
      // The URL carries `?v=<upload time>`, so a day of caching never shows a replaced banner.
      async (req, reply) => sendImage(reply, await templates.getPublicBanner(req.params.slug, req.params.id), 'public, max-age=86400'),
    );
  };
}
