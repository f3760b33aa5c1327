import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { problemSchema } from '../../../platform/http/contracts.ts';
import { sendProblem } from '../../../platform/http/errors.ts';
import { unsubscribeBodySchema, unsubscribeKindQuerySchema, unsubscribeTokenParamSchema, unsubscribeViewSchema } from './contracts.ts';
import type { DeliveryService } from './service.ts';

const tags = ['Public'];
/** Tokens are guessed at 2^256; the limit is against hammering, not guessing. */
const strict = { rateLimit: { max: 30, timeWindow: '1 minute' } };

/** RFC 8058: the mail client posts `List-Unsubscribe=One-Click`, form-encoded or as multipart form data. */
function isOneClickBody(body: unknown): boolean {
  if (typeof body !== 'string') return false;
  if (new URLSearchParams(body).get('List-Unsubscribe') === 'One-Click') return true;
  return /name="List-Unsubscribe"\r?\n\r?\nOne-Click/.test(body);
}

/**
 * The unsubscribe link of every email, mounted at /api/public/v1. A GET only describes; the page's
 * button POSTs; mail clients POST the one-click URL of the List-Unsubscribe header (RFC 8058),
 * which carries no cookie and no CSRF header: it is authenticated by its unguessable token, like a
 * signed webhook by its signature.
 */
export function unsubscribeRoutes(delivery: DeliveryService): FastifyPluginAsyncZod {
  return async (app) => {
    // This plugin only: what mail clients send to the one-click URL, kept as text.
    app.addContentTypeParser(['application/x-www-form-urlencoded', 'multipart/form-data'], { parseAs: 'string' }, (_req, body, done) => done(null, String(body)));

    app.get(
      '/unsubscribe/:token',
      {
        config: { access: 'public', ...strict },
        schema: {
          tags,
          summary: 'What an unsubscribe link would turn off (studio, kind, still subscribed); changes nothing',
          params: unsubscribeTokenParamSchema,
          querystring: unsubscribeKindQuerySchema,
          response: { 200: unsubscribeViewSchema, 404: problemSchema },
        },
      },
      (req) => delivery.describe(req.params.token, req.query.kind),
    );

    app.post(
      '/unsubscribe/:token',
      {
        config: { access: 'public', ...strict },
        schema: {
          tags,
          summary: 'Unsubscribes the link’s customer from one kind of message',
          params: unsubscribeTokenParamSchema,
          body: unsubscribeBodySchema,
          response: { 200: unsubscribeViewSchema, 404: problemSchema },
        },
      },
      (req) => delivery.unsubscribe(req.params.token, req.body.kind, String(req.id)),
    );

    app.post(
      '/unsubscribe/:token/one-click',
      {
        config: { access: 'public', csrf: 'exempt-signed-webhook', ...strict },
        schema: {
          tags,
          summary: 'RFC 8058 one-click unsubscribe (List-Unsubscribe-Post), posted by mail clients',
          params: unsubscribeTokenParamSchema,
          querystring: unsubscribeKindQuerySchema,
          response: { 200: z.object({ unsubscribed: z.literal(true) }), 400: problemSchema, 404: problemSchema },
        },
      },
      async (req, reply) => {
        await delivery.describe(req.params.token, req.query.kind);
        if (!isOneClickBody(req.body)) {
          return sendProblem(reply, 400, 'one_click_body_required', 'A one-click unsubscribe posts the form field List-Unsubscribe=One-Click.');
        }
        await delivery.unsubscribe(req.params.token, req.query.kind, String(req.id));
        return { unsubscribed: true as const };
      },
    );
  };
}
