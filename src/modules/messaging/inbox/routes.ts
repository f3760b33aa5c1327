import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ctxOf } from '../../../platform/http/access.ts';
import { idParamSchema, problemSchema } from '../../../platform/http/contracts.ts';
import { sendProblem } from '../../../platform/http/errors.ts';
import {
  inboxTabsSchema,
  listThreadsQuerySchema,
  ownMessagePageSchema,
  ownMessageSchema,
  ownReplySchema,
  replyResultSchema,
  replySchema,
  threadDetailSchema,
  threadMessagesQuerySchema,
  threadPageSchema,
} from './contracts.ts';
import type { InboxService } from './service.ts';

const tags = ['Messaging'];
const access = 'messages:inbox';
const errors = { 400: problemSchema, 404: problemSchema };

/** The staff inbox (admin, operator, front desk), mounted at /api/v1. */
export function inboxRoutes(inbox: InboxService): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/inbox/threads',
      { config: { access }, schema: { tags, description: 'One thread per customer: unread / unreplied / category / segment / location filters, newest or oldest first.', querystring: listThreadsQuerySchema, response: { 200: threadPageSchema, ...errors } } },
      (req) => inbox.listThreads(ctxOf(req), req.query),
    );
    app.get(
      '/inbox/threads/:id',
      { config: { access }, schema: { tags, description: "A customer's messages both ways (oldest first, older pages by cursor) and their profile summary.", params: idParamSchema, querystring: threadMessagesQuerySchema, response: { 200: threadDetailSchema, ...errors } } },
      (req) => inbox.getThread(ctxOf(req), req.params.id, req.query),
    );
    app.post(
      '/inbox/threads/:id/read',
      { config: { access }, schema: { tags, params: idParamSchema, response: { 204: z.null(), ...errors } } },
      async (req, reply) => {
        await inbox.markRead(ctxOf(req), req.params.id);
        return reply.code(204).send(null);
      },
    );
    app.post(
      '/inbox/threads/:id/reply',
      { config: { access }, schema: { tags, description: 'Write to the customer by email, SMS or in-app (always delivered).', params: idParamSchema, body: replySchema, response: { 201: replyResultSchema, ...errors } } },
      async (req, reply) => reply.code(201).send(await inbox.reply(ctxOf(req), req.params.id, req.body)),
    );
    app.get(
      '/inbox/tabs',
      { config: { access }, schema: { tags, description: "The segments this staff member shows as inbox tabs, in order.", response: { 200: inboxTabsSchema } } },
      (req) => inbox.getTabs(ctxOf(req)),
    );
    app.put(
      '/inbox/tabs',
      { config: { access }, schema: { tags, body: inboxTabsSchema, response: { 200: inboxTabsSchema, ...errors } } },
      (req) => inbox.setTabs(ctxOf(req), req.body),
    );
  };
}

const slugParamSchema = z.object({ slug: z.string().min(1).max(64) });

/** The signed-in customer's in-app conversation (read, answer), mounted at /api/public/v1. */
export function publicInboxRoutes(inbox: InboxService): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/studios/:slug/me/messages',
      { config: { access: 'customer' }, schema: { tags: ['Public'], params: slugParamSchema, querystring: threadMessagesQuerySchema, response: { 200: ownMessagePageSchema, 400: problemSchema } } },
      (req) => inbox.listOwn(ctxOf(req), req.query),
    );
    app.post(
      '/studios/:slug/me/messages',
      {
        config: { access: 'customer', idempotency: 'optional', rateLimit: { max: 30, timeWindow: '1 minute' } },
        schema: { tags: ['Public'], description: 'The customer answers the studio in-app: the message lands in their inbox thread (unread, unreplied).', params: slugParamSchema, body: ownReplySchema, response: { 201: ownMessageSchema, 400: problemSchema } },
      },
      async (req, reply) => reply.code(201).send(await inbox.replyOwn(ctxOf(req), req.body)),
    );
    app.post(
      '/studios/:slug/me/messages/:id/read',
      { config: { access: 'customer' }, schema: { tags: ['Public'], params: slugParamSchema.extend({ id: z.string().min(1).max(64) }), response: { 204: z.null(), 404: problemSchema } } },
      async (req, reply) => {
        await inbox.markOwnRead(ctxOf(req), req.params.id);
        return reply.code(204).send(null);
      },
    );
  };
}

/**
 * The inbound email webhook (`POST /webhooks/email/inbound/:slug`, mounted at /api): a mail relay
 * posts each raw message (`Content-Type: message/rfc822`) with `Authorization: Bearer
 * <INBOUND_EMAIL_SECRET>`. 404 when the secret is not configured, 401 without the right token.
 */
export function inboundEmailRoutes(inbox: InboxService): FastifyPluginAsyncZod {
  return async (app) => {
    // This plugin only: the body is the raw message, up to 25 MB (attachments included).
    app.addContentTypeParser('message/rfc822', { parseAs: 'buffer', bodyLimit: 25 * 1024 * 1024 }, (_req, body, done) => done(null, body));

    app.post(
      '/webhooks/email/inbound/:slug',
      {
        config: { access: 'public', csrf: 'exempt-signed-webhook', rateLimit: { max: 6_000, timeWindow: '1 minute' } },
        bodyLimit: 25 * 1024 * 1024,
        schema: {
          summary: 'Inbound email for one studio: a raw RFC 822 message into the inbox (a mail relay, authenticated by a shared secret)',
          tags,
          params: z.object({ slug: z.string().min(1).max(100) }),
          response: { 202: z.object({ id: z.string().nullable(), matched: z.boolean() }), 400: problemSchema, 401: problemSchema, 404: problemSchema, 415: problemSchema },
        },
      },
      async (req, reply) => {
        if (!inbox.inboundEmailEnabled()) return sendProblem(reply, 404, 'inbound_email_not_configured', 'Inbound email is not configured.');
        if (!inbox.isInboundEmailAuthorized(req.headers.authorization)) {
          req.log.warn({ slug: req.params.slug }, 'inbound email refused');
          return sendProblem(reply, 401, 'invalid_token', 'The inbound email token is missing or wrong.');
        }
        if (!Buffer.isBuffer(req.body)) return sendProblem(reply, 415, 'unsupported_media_type', 'Post the raw message as message/rfc822.');
        const stored = await inbox.ingestEmail(req.params.slug, req.body, String(req.id));
        return reply.code(202).send({ id: stored.id, matched: stored.customerId !== null });
      },
    );
  };
}
