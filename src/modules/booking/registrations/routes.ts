import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ctxOf } from '../../../platform/http/access.ts';
import { idParamSchema, problemSchema } from '../../../platform/http/contracts.ts';
import { registrationInputSchema, registrationResultSchema, registrationSchema } from '../contracts.ts';
import type { RegistrationsService } from './service.ts';

const tags = ['Booking'];
const errors = { 400: problemSchema, 403: problemSchema, 404: problemSchema, 409: problemSchema };

/** Staff: semester and course registrations, mounted at /api/v1. */
export function registrationsRoutes(service: RegistrationsService): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/registrations',
      {
        config: { access: 'booking:write', idempotency: 'required' },
        schema: { tags, description: 'Books the customer into every class still to come of a semester or course, or none.', body: registrationInputSchema, response: { 201: registrationResultSchema, ...errors, 422: problemSchema, 502: problemSchema, 503: problemSchema } },
      },
      async (req, reply) => reply.code(201).send(await service.registerAsStaff(ctxOf(req), req.body, req.idempotencyKey!)),
    );
    app.get(
      '/registrations/:id',
      { config: { access: 'booking:read' }, schema: { tags, params: idParamSchema, response: { 200: registrationSchema, 404: problemSchema } } },
      (req) => service.getRegistration(ctxOf(req), req.params.id),
    );
    app.post(
      '/registrations/:id/cancel',
      {
        config: { access: 'booking:write' },
        schema: { tags, description: 'Cancels the classes still to come and gives their share of the price back as dollar credits.', params: idParamSchema, response: { 200: registrationSchema, ...errors } },
      },
      (req) => service.cancelRegistration(ctxOf(req), req.params.id),
    );
  };
}

const slugParamSchema = z.object({ slug: z.string().min(1).max(64) });

/** The signed-in customer registers for a semester or course, mounted at /api/public/v1. */
export function publicRegistrationsRoutes(service: RegistrationsService): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/studios/:slug/me/registrations',
      {
        config: { access: 'customer', idempotency: 'required' },
        schema: { tags: ['Public'], params: slugParamSchema, body: registrationInputSchema, response: { 201: registrationResultSchema, ...errors, 422: problemSchema, 502: problemSchema, 503: problemSchema } },
      },
      async (req, reply) => reply.code(201).send(await service.registerOwn(ctxOf(req), req.body, req.idempotencyKey!)),
    );
  };
}
