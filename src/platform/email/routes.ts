import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ctxOf } from '../http/access.ts';
import { listMessagesQuerySchema, sentMessagePageSchema } from './contracts.ts';
import type { Email } from './index.ts';

const tags = ['Messages'];

/** The "Sent messages" log, mounted at /api/v1. */
export function emailRoutes(email: Pick<Email, 'listSentMessages'>): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/messages',
      {
        config: { access: 'messages:read' },
        schema: { tags, summary: 'Sent messages, newest first', querystring: listMessagesQuerySchema, response: { 200: sentMessagePageSchema } },
      },
      (req) => email.listSentMessages(ctxOf(req), req.query),
    );
  };
}
