import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { sendProblem } from '../../../platform/http/errors.ts';
import { twilioSignatureHeader } from '../../../platform/sms/index.ts';
import { emptyTwiml, type PhoneService } from './service.ts';

type Form = Record<string, string | string[]>;

function parseForm(raw: string): Form {
  const form: Form = {};
  for (const [name, value] of new URLSearchParams(raw)) {
    const seen = form[name];
    form[name] = seen === undefined ? value : [...[seen].flat(), value];
  }
  return form;
}

const first = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[0] : v);

const params = z.object({ slug: z.string().min(1).max(100) });
const config = { access: 'public', csrf: 'exempt-signed-webhook', rateLimit: { max: 6_000, timeWindow: '1 minute' } } as const;

/**
 * Twilio's voice webhooks for one studio (mounted at /api): the inbound call and the Dial /
 * Record action. Signed with TWILIO_AUTH_TOKEN, form-encoded, answered with TwiML.
 */
export function phoneRoutes(phone: PhoneService, publicUrl: string): FastifyPluginAsyncZod {
  /** The form when Twilio is configured and the signature is right; else the problem is sent and null returned. */
  function signedForm(req: FastifyRequest, reply: FastifyReply): Form | null {
    if (!phone.enabled()) {
      void sendProblem(reply, 404, 'twilio_not_configured', 'Twilio is not configured.');
      return null;
    }
    const form: Form = req.body && typeof req.body === 'object' && !Buffer.isBuffer(req.body) ? (req.body as Form) : {};
    const header = req.headers[twilioSignatureHeader.toLowerCase()];
    if (!phone.isSigned(`${publicUrl}${req.url}`, typeof header === 'string' ? header : undefined, form)) {
      req.log.warn({ url: req.url }, 'twilio voice webhook refused');
      void sendProblem(reply, 403, 'invalid_signature', 'The Twilio signature is missing or wrong.');
      return null;
    }
    return form;
  }

  return async (app) => {
    // This plugin only: Twilio posts application/x-www-form-urlencoded.
    app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => done(null, parseForm(String(body))));

    app.post(
      '/webhooks/twilio/voice/:slug',
      {
        config,
        schema: {
          summary: "Twilio's inbound call webhook for one studio: forwards the call, or takes a voicemail (signed by Twilio, not called by browsers)",
          tags: ['messaging'],
          params,
        },
      },
      async (req, reply) => {
        const form = signedForm(req, reply);
        if (!form) return reply;
        const callSid = first(form.CallSid) ?? '';
        if (!callSid) return reply.code(200).type('text/xml').send(emptyTwiml);
        const answer = await phone.incoming({ slug: req.params.slug, callSid, from: first(form.From) ?? '', requestId: String(req.id) });
        return reply.code(200).type('text/xml').send(answer);
      },
    );

    app.post(
      '/webhooks/twilio/voice/:slug/status',
      {
        config,
        schema: {
          summary: 'The Dial / Record action of an inbound call: a missed call or a voicemail publishes call.missed.v1 (signed by Twilio)',
          tags: ['messaging'],
          params,
        },
      },
      async (req, reply) => {
        const form = signedForm(req, reply);
        if (!form) return reply;
        const callSid = first(form.CallSid) ?? '';
        if (callSid) {
          const outcome = await phone.status({
            slug: req.params.slug,
            callSid,
            from: first(form.From) ?? '',
            dialCallStatus: first(form.DialCallStatus) || undefined,
            recordingUrl: first(form.RecordingUrl) || undefined,
            requestId: String(req.id),
          });
          req.log.info({ slug: req.params.slug, status: outcome.status, published: outcome.published }, 'inbound call status');
        }
        return reply.code(200).type('text/xml').send(emptyTwiml);
      },
    );
  };
}
