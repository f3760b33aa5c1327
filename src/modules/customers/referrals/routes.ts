import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ctxOf } from '../../../platform/http/access.ts';
import { idParamSchema, problemSchema } from '../../../platform/http/contracts.ts';
import { customerSchema } from '../contracts.ts';
import { ownReferralSchema, referralSchema, referralSettingsSchema, setReferrerSchema, updateReferralSettingsSchema } from './contracts.ts';
import type { ReferralsService } from './service.ts';

const tags = ['Customers'];

/** Staff routes of the referral programme, mounted at /api/v1. */
export function referralsRoutes(referrals: ReferralsService): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/customers/referral-settings',
      { config: { access: 'customers:settings' }, schema: { tags, response: { 200: referralSettingsSchema } } },
      (req) => referrals.getSettings(ctxOf(req)),
    );
    app.put(
      '/customers/referral-settings',
      {
        config: { access: 'customers:settings' },
        schema: { tags, body: updateReferralSettingsSchema, response: { 200: referralSettingsSchema, 400: problemSchema } },
      },
      (req) => referrals.updateSettings(ctxOf(req), req.body),
    );
    app.get(
      '/customers/:id/referral',
      { config: { access: 'customers:read' }, schema: { tags, params: idParamSchema, response: { 200: referralSchema, 404: problemSchema } } },
      (req) => referrals.getReferral(ctxOf(req), req.params.id),
    );
    app.put(
      '/customers/:id/referrer',
      {
        config: { access: 'customers:write' },
        schema: { tags, params: idParamSchema, body: setReferrerSchema, response: { 200: customerSchema, 400: problemSchema, 404: problemSchema } },
      },
      (req) => referrals.setReferrer(ctxOf(req), req.params.id, req.body),
    );
  };
}

const slugParamSchema = z.object({ slug: z.string().min(1).max(64) });

/** The signed-in customer's referral link, mounted at /api/public/v1. */
export function publicReferralsRoutes(referrals: ReferralsService): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/studios/:slug/me/referral',
      { config: { access: 'customer' }, schema: { tags: ['Public'], params: slugParamSchema, response: { 200: ownReferralSchema } } },
      (req) => referrals.getOwnReferral(ctxOf(req)),
    );
  };
}
