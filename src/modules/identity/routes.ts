import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyRequest } from 'fastify';
import type { Clock } from '../../kernel/clock.ts';
import type { StudiosService } from '../studios/index.ts';
import { ctxOf, type Principal } from '../../platform/http/access.ts';
import { idParamSchema } from '../../platform/http/contracts.ts';
import {
  acceptInviteSchema,
  apiKeySchema,
  changeLocaleSchema,
  confirmResetSchema,
  createApiKeySchema,
  createdApiKeySchema,
  inviteStaffSchema,
  okSchema,
  requestResetSchema,
  sessionInfoSchema,
  staffLoginSchema,
  staffMemberSchema,
  updateStaffSchema,
} from './contracts.ts';
import { clearSessionCookie, sessionTokenOf, setSessionCookie } from './cookies.ts';
import type { IdentityService, RequestMeta } from './service.ts';

const items = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) });
/** Sign-in and reset routes get a tighter per-IP limit on top of the per-account throttle. */
const strict = { rateLimit: { max: 30, timeWindow: '1 minute' } };

export const requestMeta = (req: FastifyRequest): RequestMeta => ({ ip: req.ip, userAgent: req.headers['user-agent'] });

const ctxFor = (principal: Principal, clock: Clock, req: FastifyRequest) => ({
  studioId: principal.studioId,
  actor: principal.actor,
  clock,
  requestId: String(req.id),
});

/** Staff sign-in, staff accounts and API keys, mounted at /api/v1. */
export function identityRoutes(identity: IdentityService, clock: Clock): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['Auth'];
    app.get('/auth/session', { config: { access: 'staff' }, schema: { tags, response: { 200: sessionInfoSchema } } }, (req) =>
      identity.sessionInfo(ctxOf(req)),
    );
    app.post(
      '/auth/login',
      { config: { access: 'public', ...strict }, schema: { tags, body: staffLoginSchema, response: { 200: sessionInfoSchema } } },
      async (req, reply) => {
        const signedIn = await identity.signInStaff(req.body, requestMeta(req));
        await identity.signOut(sessionTokenOf(req, 'staff'));
        setSessionCookie(reply, 'staff', signedIn.token, signedIn.expiresAt);
        return identity.sessionInfo(ctxFor(signedIn.principal, clock, req));
      },
    );
    app.post('/auth/logout', { config: { access: 'public' }, schema: { tags, response: { 200: okSchema } } }, async (req, reply) => {
      await identity.signOut(sessionTokenOf(req, 'staff'));
      clearSessionCookie(reply, 'staff');
      return { ok: true as const };
    });
    app.put('/auth/locale', { config: { access: 'staff' }, schema: { tags, body: changeLocaleSchema, response: { 200: okSchema } } }, async (req) => {
      await identity.setLocale(ctxOf(req), req.body.locale);
      return { ok: true as const };
    });
    app.post(
      '/auth/password-reset',
      { config: { access: 'public', ...strict }, schema: { tags, body: requestResetSchema, response: { 200: okSchema } } },
      async (req) => {
        await identity.requestPasswordReset('staff', req.body);
        return { ok: true as const };
      },
    );
    app.post(
      '/auth/password-reset/confirm',
      { config: { access: 'public', ...strict }, schema: { tags, body: confirmResetSchema, response: { 200: okSchema } } },
      async (req) => {
        await identity.confirmPasswordReset(req.body);
        return { ok: true as const };
      },
    );
    app.post(
      '/auth/invites/accept',
      { config: { access: 'public', ...strict }, schema: { tags, body: acceptInviteSchema, response: { 200: sessionInfoSchema } } },
      async (req, reply) => {
        const signedIn = await identity.acceptInvite(req.body, requestMeta(req));
        setSessionCookie(reply, 'staff', signedIn.token, signedIn.expiresAt);
        return identity.sessionInfo(ctxFor(signedIn.principal, clock, req));
      },
    );

    const staffTags = ['Staff'];
    app.get('/staff', { config: { access: 'staff:read' }, schema: { tags: staffTags, response: { 200: items(staffMemberSchema) } } }, async (req) => ({
      items: await identity.listStaff(ctxOf(req)),
    }));
    app.post(
      '/staff',
      { config: { access: 'staff:write' }, schema: { tags: staffTags, body: inviteStaffSchema, response: { 201: staffMemberSchema } } },
      async (req, reply) => reply.code(201).send(await identity.inviteStaff(ctxOf(req), req.body)),
    );
    app.patch(
      '/staff/:id',
      { config: { access: 'staff:write' }, schema: { tags: staffTags, params: idParamSchema, body: updateStaffSchema, response: { 200: staffMemberSchema } } },
      (req) => identity.updateStaff(ctxOf(req), req.params.id, req.body),
    );
    app.post(
      '/staff/:id/deactivate',
      { config: { access: 'staff:write' }, schema: { tags: staffTags, params: idParamSchema, response: { 200: staffMemberSchema } } },
      (req) => identity.setStaffActive(ctxOf(req), req.params.id, false),
    );
    app.post(
      '/staff/:id/reactivate',
      { config: { access: 'staff:write' }, schema: { tags: staffTags, params: idParamSchema, response: { 200: staffMemberSchema } } },
      (req) => identity.setStaffActive(ctxOf(req), req.params.id, true),
    );
    app.post(
      '/staff/:id/resend-invite',
      { config: { access: 'staff:write' }, schema: { tags: staffTags, params: idParamSchema, response: { 200: staffMemberSchema } } },
      (req) => identity.resendInvite(ctxOf(req), req.params.id),
    );

    const keyTags = ['API keys'];
    app.get('/api-keys', { config: { access: 'api_keys:manage' }, schema: { tags: keyTags, response: { 200: items(apiKeySchema) } } }, async (req) => ({
      items: await identity.listApiKeys(ctxOf(req)),
    }));
    app.post(
      '/api-keys',
      { config: { access: 'api_keys:manage' }, schema: { tags: keyTags, body: createApiKeySchema, response: { 201: createdApiKeySchema } } },
      async (req, reply) => reply.code(201).send(await identity.createApiKey(ctxOf(req), req.body)),
    );
    app.delete(
      '/api-keys/:id',
      { config: { access: 'api_keys:manage' }, schema: { tags: keyTags, params: idParamSchema, response: { 200: okSchema } } },
      async (req) => {
        await identity.revokeApiKey(ctxOf(req), req.params.id);
        return { ok: true as const };
      },
    );
  };
}

const slugParamSchema = z.object({ slug: z.string().min(1).max(64) });

/** Customer sign-out and password reset on a studio's public pages, mounted at /api/public/v1. */
export function publicIdentityRoutes(identity: IdentityService, studios: StudiosService): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['Public'];
    app.post(
      '/studios/:slug/logout',
      { config: { access: 'public' }, schema: { tags, params: slugParamSchema, response: { 200: okSchema } } },
      async (req, reply) => {
        await identity.signOut(sessionTokenOf(req, 'customer'));
        clearSessionCookie(reply, 'customer');
        return { ok: true as const };
      },
    );
    app.post(
      '/studios/:slug/password-reset',
      { config: { access: 'public', ...strict }, schema: { tags, params: slugParamSchema, body: requestResetSchema.pick({ email: true }), response: { 200: okSchema } } },
      async (req) => {
        const studio = await studios.getPublicStudio(req.params.slug);
        await identity.requestPasswordReset('customer', { email: req.body.email, studioId: studio.id });
        return { ok: true as const };
      },
    );
    app.post(
      '/studios/:slug/password-reset/confirm',
      { config: { access: 'public', ...strict }, schema: { tags, params: slugParamSchema, body: confirmResetSchema, response: { 200: okSchema } } },
      async (req) => {
        await identity.confirmPasswordReset(req.body);
        return { ok: true as const };
      },
    );
  };
}
