import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ctxOf } from '../../../platform/http/access.ts';
import { problemSchema } from '../../../platform/http/contracts.ts';
import {
  embedSnippetsSchema,
  publicClassDetailSchema,
  publicClassParamsSchema,
  publicClassQuerySchema,
  publicScheduleParamsSchema,
  publicScheduleQuerySchema,
  publicScheduleSchema,
  publicSeriesSchema,
} from './contracts.ts';
import type { PublicScheduleService } from './service.ts';

const tags = ['Public'];
const errors = { 400: problemSchema, 404: problemSchema };

/** The public schedule, class and series pages, mounted at /api/public/v1 (no login; the studio comes from its slug). */
export function publicScheduleRoutes(schedule: PublicScheduleService): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/studios/:slug/schedule',
      {
        config: { access: 'public' },
        schema: {
          tags,
          description: 'The public classes of some days (default: 7 from today), with the filters they offer.',
          params: publicScheduleParamsSchema,
          querystring: publicScheduleQuerySchema,
          response: { 200: publicScheduleSchema, ...errors },
        },
      },
      (req) => schedule.getSchedule(req.params.slug, req.query),
    );
    app.get(
      '/studios/:slug/classes/:id',
      {
        config: { access: 'public' },
        schema: {
          tags,
          description: 'One class; a private class needs `key` (its share token).',
          params: publicClassParamsSchema,
          querystring: publicClassQuerySchema,
          response: { 200: publicClassDetailSchema, ...errors },
        },
      },
      (req) => schedule.getClass(req.params.slug, req.params.id, req.query.key),
    );
    app.get(
      '/studios/:slug/series/:id',
      {
        config: { access: 'public' },
        schema: {
          tags,
          description: "A series' classes ahead (the share link of a private class needs `key`).",
          params: publicClassParamsSchema,
          querystring: publicClassQuerySchema,
          response: { 200: publicSeriesSchema, ...errors },
        },
      },
      (req) => schedule.getSeries(req.params.slug, req.params.id, req.query.key),
    );
  };
}

/** Staff routes of the public schedule (Settings › Add to website), mounted at /api/v1. */
export function publicScheduleSettingsRoutes(schedule: PublicScheduleService): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/schedule/embed',
      { config: { access: 'schedule:settings' }, schema: { tags: ['Schedule'], response: { 200: embedSnippetsSchema } } },
      (req) => schedule.embedSnippets(ctxOf(req)),
    );
  };
}
