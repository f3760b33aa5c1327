import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { okSchema } from '../../identity/contracts.ts';
import { ctxOf } from '../../../platform/http/access.ts';
import { idParamSchema, problemSchema } from '../../../platform/http/contracts.ts';
import { calendarFeedListSchema, calendarFeedSchema, classCalendarQuerySchema, createCalendarFeedSchema } from './contracts.ts';
import type { FeedsService } from './service.ts';

const tags = ['Schedule'];

/** Staff routes of calendar feeds, mounted at /api/v1. Teachers manage their own feed; others need schedule:write (service). */
export function feedsRoutes(feeds: FeedsService): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/calendar-feeds',
      { config: { access: 'schedule:read' }, schema: { tags, response: { 200: calendarFeedListSchema } } },
      (req) => feeds.listFeeds(ctxOf(req)),
    );
    app.post(
      '/calendar-feeds',
      {
        config: { access: 'schedule:read' },
        schema: { tags, body: createCalendarFeedSchema, response: { 201: calendarFeedSchema, 403: problemSchema, 404: problemSchema } },
      },
      async (req, reply) => reply.code(201).send(await feeds.createFeed(ctxOf(req), req.body)),
    );
    app.delete(
      '/calendar-feeds/:id',
      { config: { access: 'schedule:read' }, schema: { tags, params: idParamSchema, response: { 200: okSchema, 403: problemSchema, 404: problemSchema } } },
      async (req) => {
        await feeds.deleteFeed(ctxOf(req), req.params.id);
        return { ok: true as const };
      },
    );
  };
}

const calendarType = 'text/calendar; charset=utf-8';
/** Calendar apps poll feeds every few minutes to hours; the limit is against hammering, not guessing (256-bit tokens). */
const feedLimit = { rateLimit: { max: 120, timeWindow: '1 minute' } };

/** Public calendar files, mounted at /api/public/v1. */
export function publicFeedsRoutes(feeds: FeedsService): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/calendar/:file',
      {
        config: { access: 'public', ...feedLimit },
        schema: { tags: ['Public'], params: z.object({ file: z.string().min(1).max(200) }), description: 'A calendar feed, text/calendar (`<token>.ics`).' },
      },
      async (req, reply) => {
        const body = await feeds.feedCalendar(req.params.file);
        return reply.type(calendarType).header('cache-control', 'private, max-age=300').header('x-robots-tag', 'noindex').send(body);
      },
    );
    app.get(
      '/studios/:slug/classes/:id/calendar.ics',
      {
        config: { access: 'public', ...feedLimit },
        schema: {
          tags: ['Public'],
          params: idParamSchema.extend({ slug: z.string().min(1).max(64) }),
          querystring: classCalendarQuerySchema,
          description: 'One class as an .ics file ("add to my calendar").',
        },
      },
      async (req, reply) => {
        const body = await feeds.classCalendar(req.params.slug, req.params.id, req.query.key);
        return reply.type(calendarType).header('content-disposition', 'attachment; filename="class.ics"').send(body);
      },
    );
  };
}
