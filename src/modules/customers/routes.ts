import { z } from 'zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ctxOf } from '../../platform/http/access.ts';
import { cursorQuerySchema, idParamSchema, pageSchema, problemSchema } from '../../platform/http/contracts.ts';
import { acceptInviteSchema, customerLoginSchema } from '../identity/contracts.ts';
import { requestMeta, setSessionCookie } from '../identity/index.ts';
import {
  activityItemSchema,
  createCustomerSchema,
  customerSchema,
  customerSignupSchema,
  searchCustomersSchema,
  updateCustomerSchema,
  updateOwnProfileSchema,
} from './contracts.ts';
import type { CustomerSignedIn, CustomersService, SignInMeta } from './service.ts';
import { listCustomersQuerySchema } from './segments/contracts.ts';
import type { SegmentsService } from './segments/service.ts';

const tags = ['Customers'];
const customerPageSchema = pageSchema(customerSchema).extend({
  total: z.number().int().optional().describe('How many customers match; only on a first page, and only up to 1,000.'),
});
const activityPageSchema = pageSchema(activityItemSchema);

/** Staff routes of the customers module, mounted at /api/v1. */
export function customersRoutes(customers: CustomersService, segments?: SegmentsService): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/customers',
      {
        config: { access: 'customers:read' },
        schema: { tags, querystring: segments ? listCustomersQuerySchema : searchCustomersSchema, response: { 200: customerPageSchema, 400: problemSchema, 404: problemSchema } },
      },
      // Filters, segments and sorts (segments/service.ts); plain search when the app has no segments service.
      (req) => (segments ? segments.listCustomers(ctxOf(req), req.query) : customers.searchCustomers(ctxOf(req), req.query)),
    );
    app.post(
      '/customers',
      { config: { access: 'customers:write' }, schema: { tags, body: createCustomerSchema, response: { 201: customerSchema, 409: problemSchema } } },
      async (req, reply) => reply.code(201).send(await customers.createCustomer(ctxOf(req), req.body)),
    );
    app.get(
      '/customers/:id',
      { config: { access: 'customers:read' }, schema: { tags, params: idParamSchema, response: { 200: customerSchema, 404: problemSchema } } },
      (req) => customers.getCustomer(ctxOf(req), req.params.id),
    );
    app.patch(
      '/customers/:id',
      {
        config: { access: 'customers:write' },
        schema: { tags, params: idParamSchema, body: updateCustomerSchema, response: { 200: customerSchema, 404: problemSchema, 409: problemSchema } },
      },
      (req) => customers.updateCustomer(ctxOf(req), req.params.id, req.body),
    );
    app.get(
      '/customers/:id/activity',
      {
        config: { access: 'customers:read' },
        schema: { tags, params: idParamSchema, querystring: cursorQuerySchema, response: { 200: activityPageSchema, 404: problemSchema } },
      },
      (req) => customers.listActivity(ctxOf(req), req.params.id, req.query),
    );
  };
}

const slugParamSchema = z.object({ slug: z.string().min(1).max(64) });
const customerEnvelopeSchema = z.object({ customer: customerSchema });
/** Sign-up with an email the studio already knows: the account is finished from the emailed link. */
const confirmEmailSchema = z.object({ status: z.literal('confirm_email') });
/** Sign-up and sign-in get a tighter per-IP limit on top of identity's per-account throttle. */
const strict = { rateLimit: { max: 30, timeWindow: '1 minute' } };

const metaOf = (req: FastifyRequest): SignInMeta => ({ ...requestMeta(req), requestId: String(req.id) });

/** Puts the session in the customer cookie and answers with the profile only. */
function signedIn(reply: FastifyReply, { customer, session }: CustomerSignedIn) {
  setSessionCookie(reply, 'customer', session.token, session.expiresAt);
  return { customer };
}

/** Customer sign-up, sign-in and own profile on a studio's public pages, mounted at /api/public/v1. */
export function publicCustomersRoutes(customers: CustomersService): FastifyPluginAsyncZod {
  return async (app) => {
    const publicTags = ['Public'];
    app.post(
      '/studios/:slug/signup',
      {
        config: { access: 'public', ...strict },
        schema: {
          tags: publicTags,
          params: slugParamSchema,
          body: customerSignupSchema,
          response: { 201: customerEnvelopeSchema, 202: confirmEmailSchema, 409: problemSchema },
        },
      },
      async (req, reply) => {
        const result = await customers.signUp(req.params.slug, req.body, metaOf(req));
        if ('confirmEmail' in result) return reply.code(202).send({ status: 'confirm_email' as const });
        return reply.code(201).send(signedIn(reply, result));
      },
    );
    app.post(
      '/studios/:slug/accept-invite',
      {
        config: { access: 'public', ...strict },
        schema: { tags: publicTags, params: slugParamSchema, body: acceptInviteSchema, response: { 200: customerEnvelopeSchema, 400: problemSchema } },
      },
      async (req, reply) => signedIn(reply, await customers.acceptAccountInvite(req.params.slug, req.body, metaOf(req))),
    );
    app.post(
      '/studios/:slug/login',
      {
        config: { access: 'public', ...strict },
        schema: { tags: publicTags, params: slugParamSchema, body: customerLoginSchema, response: { 200: customerEnvelopeSchema, 401: problemSchema } },
      },
      async (req, reply) => signedIn(reply, await customers.signIn(req.params.slug, req.body, metaOf(req))),
    );
    app.get(
      '/studios/:slug/me',
      { config: { access: 'customer' }, schema: { tags: publicTags, params: slugParamSchema, response: { 200: customerEnvelopeSchema } } },
      async (req) => ({ customer: await customers.getOwnProfile(ctxOf(req)) }),
    );
    app.patch(
      '/studios/:slug/me',
      {
        config: { access: 'customer' },
        schema: { tags: publicTags, params: slugParamSchema, body: updateOwnProfileSchema, response: { 200: customerEnvelopeSchema } },
      },
      async (req) => ({ customer: await customers.updateOwnProfile(ctxOf(req), req.body) }),
    );
  };
}
