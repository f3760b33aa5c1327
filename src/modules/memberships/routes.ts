import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ctxOf } from '../../platform/http/access.ts';
import { idParamSchema, problemSchema } from '../../platform/http/contracts.ts';
import {
  adjustCreditsSchema,
  creditEntrySchema,
  creditLedgerSchema,
  editInstalmentsSchema,
  freezeInputSchema,
  listMembershipsQuerySchema,
  listPlansQuerySchema,
  membershipListSchema,
  membershipSchema,
  planInputSchema,
  planListSchema,
  planSchema,
  publicPlanListSchema,
  renewalListSchema,
  renewalPriceInputSchema,
  renewalSchema,
  saleResultSchema,
  sellMembershipSchema,
  unfreezeInputSchema,
} from './contracts.ts';
import type { PlansService } from './plans/service.ts';
import type { RenewalsService } from './renewals/service.ts';
import type { MembershipsService } from './service.ts';

const tags = ['Memberships'];
const errors = { 400: problemSchema, 404: problemSchema, 409: problemSchema };

/** Staff routes of plans, memberships, credits and renewals, mounted at /api/v1. */
export function membershipsRoutes(plans: PlansService, memberships: MembershipsService, renewals: RenewalsService): FastifyPluginAsyncZod {
  return async (app) => {
    // ---- plans (Settings › Plans)
    app.get(
      '/memberships/plans',
      { config: { access: 'memberships:read' }, schema: { tags, querystring: listPlansQuerySchema, response: { 200: planListSchema } } },
      async (req) => ({ items: await plans.listPlans(ctxOf(req), { archived: req.query.archived === 'true' }) }),
    );
    app.post(
      '/memberships/plans',
      { config: { access: 'memberships:settings' }, schema: { tags, body: planInputSchema, response: { 201: planSchema, 400: problemSchema } } },
      async (req, reply) => reply.code(201).send(await plans.createPlan(ctxOf(req), req.body)),
    );
    app.get(
      '/memberships/plans/:id',
      { config: { access: 'memberships:read' }, schema: { tags, params: idParamSchema, response: { 200: planSchema, 404: problemSchema } } },
      (req) => plans.getPlan(ctxOf(req), req.params.id),
    );
    app.put(
      '/memberships/plans/:id',
      { config: { access: 'memberships:settings' }, schema: { tags, params: idParamSchema, body: planInputSchema, response: { 200: planSchema, ...errors } } },
      (req) => plans.updatePlan(ctxOf(req), req.params.id, req.body),
    );
    app.post(
      '/memberships/plans/:id/archive',
      { config: { access: 'memberships:settings' }, schema: { tags, params: idParamSchema, response: { 200: planSchema, 404: problemSchema } } },
      (req) => plans.setPlanArchived(ctxOf(req), req.params.id, true),
    );
    app.post(
      '/memberships/plans/:id/unarchive',
      { config: { access: 'memberships:settings' }, schema: { tags, params: idParamSchema, response: { 200: planSchema, 404: problemSchema } } },
      (req) => plans.setPlanArchived(ctxOf(req), req.params.id, false),
    );

    // ---- a customer's memberships (profile › Memberships)
    app.get(
      '/memberships',
      { config: { access: 'memberships:read' }, schema: { tags, querystring: listMembershipsQuerySchema, response: { 200: membershipListSchema } } },
      async (req) => ({ items: await memberships.listForCustomer(ctxOf(req), req.query.customerId) }),
    );
    app.post(
      '/memberships',
      {
        config: { access: 'memberships:write', idempotency: 'required' },
        schema: { tags, body: sellMembershipSchema, response: { 201: saleResultSchema, ...errors, 422: problemSchema, 503: problemSchema } },
      },
      async (req, reply) => reply.code(201).send(await memberships.sell(ctxOf(req), req.body, req.idempotencyKey!)),
    );
    app.get(
      '/memberships/renewals',
      { config: { access: 'memberships:read' }, schema: { tags, querystring: listMembershipsQuerySchema, response: { 200: renewalListSchema } } },
      async (req) => ({ items: await renewals.listRenewals(ctxOf(req), req.query.customerId) }),
    );
    app.post(
      '/memberships/renewals/:id/retry',
      { config: { access: 'memberships:write' }, schema: { tags, params: idParamSchema, response: { 200: renewalSchema, ...errors, 503: problemSchema } } },
      (req) => renewals.retryRenewal(ctxOf(req), req.params.id),
    );
    app.post(
      '/memberships/instalments/:id/retry',
      { config: { access: 'memberships:write' }, schema: { tags, params: idParamSchema, response: { 200: membershipSchema, ...errors, 503: problemSchema } } },
      (req) => renewals.retryInstalment(ctxOf(req), req.params.id),
    );
    app.get(
      '/memberships/:id',
      { config: { access: 'memberships:read' }, schema: { tags, params: idParamSchema, response: { 200: membershipSchema, 404: problemSchema } } },
      (req) => memberships.getMembership(ctxOf(req), req.params.id),
    );
    app.post(
      '/memberships/:id/freeze',
      { config: { access: 'memberships:write' }, schema: { tags, params: idParamSchema, body: freezeInputSchema, response: { 200: membershipSchema, ...errors } } },
      (req) => memberships.freeze(ctxOf(req), req.params.id, req.body),
    );
    app.post(
      '/memberships/:id/unfreeze',
      { config: { access: 'memberships:write' }, schema: { tags, params: idParamSchema, body: unfreezeInputSchema, response: { 200: membershipSchema, ...errors } } },
      (req) => memberships.unfreeze(ctxOf(req), req.params.id, req.body),
    );
    app.post(
      '/memberships/:id/cancel-renewal',
      { config: { access: 'memberships:write' }, schema: { tags, params: idParamSchema, response: { 200: membershipSchema, ...errors } } },
      (req) => memberships.cancelRenewal(ctxOf(req), req.params.id),
    );
    app.put(
      '/memberships/:id/renewal-price',
      { config: { access: 'memberships:write' }, schema: { tags, params: idParamSchema, body: renewalPriceInputSchema, response: { 200: membershipSchema, ...errors } } },
      (req) => memberships.changeRenewalPrice(ctxOf(req), req.params.id, req.body),
    );
    app.put(
      '/memberships/:id/instalments',
      { config: { access: 'memberships:write' }, schema: { tags, params: idParamSchema, body: editInstalmentsSchema, response: { 200: membershipSchema, ...errors } } },
      (req) => memberships.editInstalments(ctxOf(req), req.params.id, req.body),
    );
    app.get(
      '/memberships/:id/credits',
      { config: { access: 'memberships:read' }, schema: { tags, params: idParamSchema, response: { 200: creditLedgerSchema, 404: problemSchema } } },
      (req) => memberships.listCredits(ctxOf(req), req.params.id),
    );
    app.post(
      '/memberships/:id/credits',
      { config: { access: 'memberships:write' }, schema: { tags, params: idParamSchema, body: adjustCreditsSchema, response: { 201: creditEntrySchema, ...errors } } },
      async (req, reply) => reply.code(201).send(await memberships.adjustCredits(ctxOf(req), req.params.id, req.body)),
    );
  };
}

const slugParamSchema = z.object({ slug: z.string().min(1).max(64) });
const ownParamSchema = slugParamSchema.extend({ id: z.string().min(1).max(64) });

/** The studio's plans on its public pages, and the signed-in customer's own memberships; mounted at /api/public/v1. */
export function publicMembershipsRoutes(plans: PlansService, memberships: MembershipsService): FastifyPluginAsyncZod {
  return async (app) => {
    const publicTags = ['Public'];
    app.get(
      '/studios/:slug/plans',
      { config: { access: 'public' }, schema: { tags: publicTags, params: slugParamSchema, response: { 200: publicPlanListSchema, 404: problemSchema } } },
      async (req) => ({ items: await plans.listPublicPlans(req.params.slug) }),
    );
    app.get(
      '/studios/:slug/me/memberships',
      { config: { access: 'customer' }, schema: { tags: publicTags, params: slugParamSchema, response: { 200: membershipListSchema } } },
      async (req) => ({ items: await memberships.listOwn(ctxOf(req)) }),
    );
    app.post(
      '/studios/:slug/me/memberships/:id/freeze',
      { config: { access: 'customer' }, schema: { tags: publicTags, params: ownParamSchema, body: freezeInputSchema, response: { 200: membershipSchema, ...errors, 403: problemSchema } } },
      (req) => memberships.freeze(ctxOf(req), req.params.id, req.body),
    );
    app.post(
      '/studios/:slug/me/memberships/:id/unfreeze',
      { config: { access: 'customer' }, schema: { tags: publicTags, params: ownParamSchema, body: unfreezeInputSchema, response: { 200: membershipSchema, ...errors, 403: problemSchema } } },
      (req) => memberships.unfreeze(ctxOf(req), req.params.id, req.body),
    );
    app.post(
      '/studios/:slug/me/memberships/:id/cancel-renewal',
      { config: { access: 'customer' }, schema: { tags: publicTags, params: ownParamSchema, response: { 200: membershipSchema, ...errors, 403: problemSchema } } },
      (req) => memberships.cancelRenewal(ctxOf(req), req.params.id),
    );
  };
}
