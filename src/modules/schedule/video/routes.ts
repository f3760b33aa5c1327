import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { okSchema } from '../../identity/contracts.ts';
import { ctxOf } from '../../../platform/http/access.ts';
import { problemSchema } from '../../../platform/http/contracts.ts';
import { connectVideoAccountSchema, joinLinkSchema, videoAccountSchema } from './contracts.ts';
import type { VideoService } from './service.ts';

const tags = ['Schedule'];

/** Staff routes of online classes (the studio's video account), mounted at /api/v1. */
export function videoRoutes(video: VideoService): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/video-account',
      { config: { access: 'schedule:settings' }, schema: { tags, response: { 200: videoAccountSchema } } },
      (req) => video.getAccount(ctxOf(req)),
    );
    app.put(
      '/video-account',
      {
        config: { access: 'schedule:settings' },
        schema: { tags, body: connectVideoAccountSchema, response: { 200: videoAccountSchema, 400: problemSchema, 503: problemSchema } },
      },
      (req) => video.connectAccount(ctxOf(req), req.body),
    );
    app.delete(
      '/video-account',
      { config: { access: 'schedule:settings' }, schema: { tags, response: { 200: okSchema } } },
      async (req) => {
        await video.disconnectAccount(ctxOf(req));
        return { ok: true as const };
      },
    );
  };
}

const classParamsSchema = z.object({ slug: z.string().min(1).max(64), id: z.string().min(1).max(64) });

/** The join link of an online class, for booked customers, mounted at /api/public/v1. */
export function publicVideoRoutes(video: VideoService): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/studios/:slug/classes/:id/join',
      {
        config: { access: 'customer' },
        schema: { tags: ['Public'], params: classParamsSchema, response: { 200: joinLinkSchema, 403: problemSchema, 404: problemSchema } },
      },
      // Never cached: booking or cancelling changes the answer.
      async (req, reply) => reply.header('cache-control', 'private, no-store').send(await video.joinLink(ctxOf(req), req.params.id)),
    );
  };
}
