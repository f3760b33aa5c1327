import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ctxOf } from '../../../platform/http/access.ts';
import { idParamSchema, problemSchema } from '../../../platform/http/contracts.ts';
import { staffBookingOptionsQuerySchema, staffBookingOptionsSchema } from '../contracts.ts';
import type { StaffBookingOptionsService } from './booking-options.ts';

const tags = ['Booking'];

/** What the roster's Book dialog offers for one customer in one class, mounted at /api/v1. */
export function staffBookingOptionsRoutes(service: StaffBookingOptionsService): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/occurrences/:id/booking-options',
      {
        config: { access: 'booking:write' },
        schema: { tags, params: idParamSchema, querystring: staffBookingOptionsQuerySchema, response: { 200: staffBookingOptionsSchema, 400: problemSchema, 403: problemSchema, 404: problemSchema } },
      },
      (req) => service.forCustomer(ctxOf(req), req.params.id, req.query),
    );
  };
}
