import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ctxOf } from '../http/access.ts';
import { problemSchema } from '../http/contracts.ts';
import { listMessagesQuerySchema, sentMessagePageSchema, sentTemplatesSchema } from './contracts.ts';
import type { Email } from './index.ts';

const tags = ['Messages'];

/** The "Sent messages" log, mounted at /api/v1. */
export function emailRoutes(email: Pick<Email, 'listSentMessages' | 'listSentTemplates'>): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/messages',
      {
        config: { access: 'messages:read' },
        schema: {
          tags,
          summary: 'Sent messages, newest first; filtered by category, template, recipient kind, channel and days (studio zone)',
          querystring: listMessagesQuerySchema,
          response: { 200: sentMessagePageSchema, 400: problemSchema },
        },
      },
      (req) => email.listSentMessages(ctxOf(req), req.query),
    );
    app.get(
      '/messages/templates',
      {
        config: { access: 'messages:read' },
        schema: { tags, summary: 'The template keys of the studio’s sent messages (the template filter)', response: { 200: sentTemplatesSchema } },
      },
      async (req) => ({ items: await email.listSentTemplates(ctxOf(req)) }),
    );
  };
}
