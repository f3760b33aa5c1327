import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ctxOf } from '../../../platform/http/access.ts';
import { idParamSchema, problemSchema } from '../../../platform/http/contracts.ts';
import { createSendSchema, groupSendPageSchema, groupSendSchema, listSendsQuerySchema, previewSendSchema, sendPreviewSchema } from './contracts.ts';
import type { GroupSendsService } from './service.ts';

const tags = ['Messaging'];
const access = 'messages:send';

/** Group sends to a selection of customers or a segment, mounted at /api/v1. */
export function groupSendsRoutes(sends: GroupSendsService): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/message-sends/preview',
      {
        config: { access },
        schema: {
          tags,
          description: 'How many customers the message would reach, and how many are skipped (unsubscribed, no address) — shown before sending.',
          body: previewSendSchema,
          response: { 200: sendPreviewSchema, 400: problemSchema, 404: problemSchema },
        },
      },
      (req) => sends.preview(ctxOf(req), req.body),
    );
    app.post(
      '/message-sends',
      {
        config: { access, idempotency: 'required' },
        schema: {
          tags,
          description:
            'Sends a message to a selection or a segment (Idempotency-Key required). 403 `marketing_suite_required` beyond 75 recipients without the marketing suite; 400 `no_recipients`, `subject_required`.',
          body: createSendSchema,
          response: { 201: groupSendSchema, 400: problemSchema, 403: problemSchema, 404: problemSchema },
        },
      },
      async (req, reply) => reply.code(201).send(await sends.create(ctxOf(req), req.body)),
    );
    app.get(
      '/message-sends',
      { config: { access }, schema: { tags, description: 'The studio’s group sends, newest first, with their counts.', querystring: listSendsQuerySchema, response: { 200: groupSendPageSchema, 400: problemSchema } } },
      (req) => sends.list(ctxOf(req), req.query),
    );
    app.get(
      '/message-sends/:id',
      { config: { access }, schema: { tags, params: idParamSchema, response: { 200: groupSendSchema, 404: problemSchema } } },
      (req) => sends.get(ctxOf(req), req.params.id),
    );
  };
}
