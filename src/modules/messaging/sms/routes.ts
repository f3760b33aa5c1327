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
        schema: { tags, description: "The SMS tier, the tiers to choose from, this month's SMS usage, the forwarding number and the class reminders' hours.", response: { 200: messagingSettingsSchema } },
      },
      (req) => sms.getSettings(ctxOf(req)),
    );
    app.put(
      '/messaging/settings',
      {
        config: { access },
        schema: {
          tags,
          description: 'Changes the SMS tier, the forwarding number and/or the hours before a class its reminder goes. 400 `invalid_sms_settings` with a field error for an unknown tier, a number that is not international or reminder hours that are not a whole number from 0 to 168.',
          body: updateMessagingSettingsSchema,
          response: { 200: messagingSettingsSchema, 400: problemSchema },
        },
      },
      (req) => sms.updateSettings(ctxOf(req), req.body),
    );
  };
}
