import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ctxOf } from '../../../platform/http/access.ts';
import { problemSchema } from '../../../platform/http/contracts.ts';
import {
  enabledChannelsSchema,
  previewTemplateSchema,
  saveTemplateSchema,
  setChannelsSchema,
  templateDetailSchema,
  templateListSchema,
  templateKeyParamsSchema,
  templateParamsSchema,
  templatePreviewSchema,
} from './contracts.ts';
import type { MessageTemplatesService } from './service.ts';

const tags = ['Messaging'];
const access = 'messages:templates';

/** Settings › Message templates, mounted at /api/v1. */
export function messageTemplatesRoutes(templates: MessageTemplatesService): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/message-templates',
      { config: { access }, schema: { tags, description: 'Every transactional template, with whether each locale is customised.', response: { 200: templateListSchema } } },
      async (req) => ({ items: await templates.list(ctxOf(req)) }),
    );
    app.put(
      '/message-templates/:key/channels',
      {
        config: { access },
        schema: {
          tags,
          description: 'The channels the studio sends this template on. 400 `invalid_channels` for a channel the template cannot use, or none left on.',
          params: templateKeyParamsSchema,
          body: setChannelsSchema,
          response: { 200: enabledChannelsSchema, 400: problemSchema, 404: problemSchema },
        },
      },
      (req) => templates.setChannels(ctxOf(req), req.params.key, req.body),
    );
    app.get(
      '/message-templates/:key/:locale',
      { config: { access }, schema: { tags, params: templateParamsSchema, response: { 200: templateDetailSchema, 404: problemSchema } } },
      (req) => templates.get(ctxOf(req), req.params.key, req.params.locale),
    );
    app.put(
      '/message-templates/:key/:locale',
      {
        config: { access },
        schema: {
          tags,
          description: 'Saves the studio’s subject and blocks. 400 `unknown_variables` names each variable the template does not allow and where it is.',
          params: templateParamsSchema,
          body: saveTemplateSchema,
          response: { 200: templateDetailSchema, 400: problemSchema, 404: problemSchema },
        },
      },
      (req) => templates.save(ctxOf(req), req.params.key, req.params.locale, req.body),
    );
    app.delete(
      '/message-templates/:key/:locale',
      { config: { access }, schema: { tags, description: 'Back to the default text.', params: templateParamsSchema, response: { 200: templateDetailSchema, 404: problemSchema } } },
      (req) => templates.reset(ctxOf(req), req.params.key, req.params.locale),
    );
    app.post(
      '/message-templates/:key/:locale/preview',
      {
        config: { access },
        schema: {
          tags,
          description: 'The email with sample values and the studio’s branding: of the draft given, or of the saved template.',
          params: templateParamsSchema,
          body: previewTemplateSchema,
          response: { 200: templatePreviewSchema, 400: problemSchema, 404: problemSchema },
        },
      },
      (req) => templates.preview(ctxOf(req), req.params.key, req.params.locale, req.body),
    );
  };
}
