import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ctxOf } from '../../platform/http/access.ts';
import { idParamSchema, problemSchema } from '../../platform/http/contracts.ts';
import {
  addSeriesDateResultSchema,
  addSeriesDateSchema,
  cancelOccurrenceSchema,
  createSeriesResultSchema,
  createSeriesSchema,
  editFollowingResultSchema,
  editFollowingSchema,
  listOccurrencesQuerySchema,
  listSeriesQuerySchema,
  occurrenceDetailSchema,
  occurrenceListSchema,
  seriesListSchema,
  seriesSchema,
  substituteSchema,
  updateOccurrenceSchema,
} from './contracts.ts';
import type { ScheduleService } from './service.ts';

const tags = ['Schedule'];
const errors = { 400: problemSchema, 403: problemSchema, 404: problemSchema, 409: problemSchema };

/** Staff routes of the schedule's series and classes, mounted at /api/v1. */
export function scheduleRoutes(schedule: ScheduleService): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/series',
      { config: { access: 'schedule:write' }, schema: { tags, body: createSeriesSchema, response: { 201: createSeriesResultSchema, ...errors } } },
      async (req, reply) => reply.code(201).send(await schedule.createSeries(ctxOf(req), req.body)),
    );
    app.get(
      '/series',
      { config: { access: 'schedule:read' }, schema: { tags, querystring: listSeriesQuerySchema, response: { 200: seriesListSchema } } },
      async (req) => ({ items: await schedule.listSeries(ctxOf(req), req.query) }),
    );
    app.get(
      '/series/:id',
      { config: { access: 'schedule:read' }, schema: { tags, params: idParamSchema, response: { 200: seriesSchema, 404: problemSchema } } },
      (req) => schedule.getSeries(ctxOf(req), req.params.id),
    );
    app.post(
      '/series/:id/dates',
      { config: { access: 'schedule:write' }, schema: { tags, params: idParamSchema, body: addSeriesDateSchema, response: { 201: addSeriesDateResultSchema, ...errors } } },
      async (req, reply) => reply.code(201).send(await schedule.addSeriesDate(ctxOf(req), req.params.id, req.body)),
    );
    app.get(
      '/occurrences',
      { config: { access: 'schedule:read' }, schema: { tags, querystring: listOccurrencesQuerySchema, response: { 200: occurrenceListSchema, 400: problemSchema } } },
      async (req) => ({ items: await schedule.listOccurrences(ctxOf(req), req.query) }),
    );
    app.get(
      '/occurrences/:id',
      { config: { access: 'schedule:read' }, schema: { tags, params: idParamSchema, response: { 200: occurrenceDetailSchema, 404: problemSchema } } },
      (req) => schedule.getOccurrence(ctxOf(req), req.params.id),
    );
    app.patch(
      '/occurrences/:id',
      { config: { access: 'schedule:edit' }, schema: { tags, params: idParamSchema, body: updateOccurrenceSchema, response: { 200: occurrenceDetailSchema, ...errors } } },
      (req) => schedule.updateOccurrence(ctxOf(req), req.params.id, req.body),
    );
    app.post(
      '/occurrences/:id/edit-following',
      { config: { access: 'schedule:write' }, schema: { tags, params: idParamSchema, body: editFollowingSchema, response: { 200: editFollowingResultSchema, ...errors } } },
      (req) => schedule.editFollowing(ctxOf(req), req.params.id, req.body),
    );
    app.post(
      '/occurrences/:id/substitute',
      { config: { access: 'schedule:write' }, schema: { tags, params: idParamSchema, body: substituteSchema, response: { 200: occurrenceDetailSchema, ...errors } } },
      (req) => schedule.substituteTeacher(ctxOf(req), req.params.id, req.body),
    );
    app.post(
      '/occurrences/:id/cancel',
      { config: { access: 'schedule:write' }, schema: { tags, params: idParamSchema, body: cancelOccurrenceSchema, response: { 200: occurrenceDetailSchema, ...errors } } },
      (req) => schedule.cancelOccurrence(ctxOf(req), req.params.id, req.body),
    );
    app.delete(
      '/occurrences/:id',
      { config: { access: 'schedule:write' }, schema: { tags, params: idParamSchema } },
      async (req, reply) => {
        await schedule.deleteOccurrence(ctxOf(req), req.params.id);
        return reply.code(204).send();
      },
    );
  };
}
