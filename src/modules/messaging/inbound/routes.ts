import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { sendProblem } from '../../../platform/http/errors.ts';
import { twilioSignatureHeader } from '../../../platform/sms/index.ts';
import type { InboundSmsService } from './service.ts';

const emptyTwiml = '<?xml version="1.0" encoding="UTF-8"?><Response/>';

type Form = Record<string, string | string[]>;

function parseForm(raw: string): Form {
  const form: Form = {};
  for (const [name, value] of new URLSearchParams(raw)) {
    const seen = form[name];
    form[name] = seen === undefined ? value : [...[seen].flat(), value];
  }
  return form;
}

const first = (v: string | string[] | undefined): string => (Array.isArray(v) ? (v[0] ?? '') : (v ?? ''));

/**
 * Twilio's inbound SMS webhook for one studio (`POST /webhooks/twilio/sms/:slug`, mounted at /api):
 * signed with TWILIO_AUTH_TOKEN, form-encoded, answered with empty TwiML.
 */
export function inboundSmsRoutes(inbound: InboundSmsService, publicUrl: string): FastifyPluginAsyncZod {
  return async (app) => {
    // This plugin only: Twilio posts application/x-www-form-urlencoded.
    app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => done(null, parseForm(String(body))));

    app.post(
      '/webhooks/twilio/sms/:slug',
      {
        config: { access: 'public', csrf: 'exempt-signed-webhook', rateLimit: { max: 6_000, timeWindow: '1 minute' } },
        schema: {
          summary: "Twilio's inbound SMS webhook for one studio: texts into the inbox, STOP / START (signed by Twilio, not called by browsers)",
          tags: ['messaging'],
          params: z.object({ slug: z.string().min(1).max(100) }),
        },
      },
      async (req, reply) => {
        if (!inbound.enabled()) return sendProblem(reply, 404, 'twilio_not_configured', 'Twilio is not configured.');
        const form: Form = req.body && typeof req.body === 'object' && !Buffer.isBuffer(req.body) ? (req.body as Form) : {};
        const header = req.headers[twilioSignatureHeader.toLowerCase()];
        if (!inbound.isSigned(`${publicUrl}${req.url}`, typeof header === 'string' ? header : undefined, form)) {
          req.log.warn({ slug: req.params.slug }, 'twilio webhook refused');
          return sendProblem(reply, 403, 'invalid_signature', 'The Twilio signature is missing or wrong.');
        }
        const outcome = await inbound.receive({
          slug: req.params.slug,
          from: first(form.From),
          to: first(form.To),
          body: first(form.Body),
          messageSid: first(form.MessageSid),
          requestId: String(req.id),
        });
        if (outcome.action !== 'none') req.log.info({ slug: req.params.slug, action: outcome.action, customers: outcome.customerIds.length }, 'inbound sms keyword');
        return reply.code(200).type('text/xml').send(emptyTwiml);
      },
    );
  };
}
