import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ctxOf } from '../../../platform/http/access.ts';
import { problemSchema } from '../../../platform/http/contracts.ts';
import { messagingSettingsSchema, updateMessagingSettingsSchema } from './contracts.ts';
import type { SmsService } from './service.ts';

const tags = ['Messaging'];
const access = 'messages:settings';

/** Settings › SMS & phone, mounted at /api/v1. */
export function smsSettingsRoutes(sms: SmsService): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/messaging/settings',
      {
        config: { access },
        schema: { tags, description: "The SMS tier, the tiers to choose from, this month's SMS usage and the forwarding number.", response: { 200: messagingSettingsSchema } },
      },
      (req) => sms.getSettings(ctxOf(req)),
    );
    app.put(
      '/messaging/settings',
      {
        config: { access },
        schema: {
          tags,
          description: 'Changes the SMS tier and/or the forwarding number. 400 `invalid_sms_settings` with a field error for an unknown tier or a number that is not international.',
          body: updateMessagingSettingsSchema,
          response: { 200: messagingSettingsSchema, 400: problemSchema },
        },
      },
      (req) => sms.updateSettings(ctxOf(req), req.body),
    );
  };
}
