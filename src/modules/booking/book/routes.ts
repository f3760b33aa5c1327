import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ctxOf } from '../../../platform/http/access.ts';
import { idParamSchema, problemSchema } from '../../../platform/http/contracts.ts';
import { bookingListSchema, bookingOptionsSchema, bookingResultSchema, bookingSchema, customerBookingsQuerySchema, ownBookingSchema, staffBookingSchema } from '../contracts.ts';
import type { BookService } from './service.ts';

const tags = ['Booking'];
const errors = { 400: problemSchema, 403: problemSchema, 404: problemSchema, 409: problemSchema };

/** Staff booking routes, mounted at /api/v1. */
export function bookRoutes(book: BookService): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/bookings',
      {
        config: { access: 'booking:write', idempotency: 'required' },
        schema: { tags, body: staffBookingSchema, response: { 201: bookingResultSchema, ...errors, 422: problemSchema, 502: problemSchema, 503: problemSchema } },
      },
      async (req, reply) => reply.code(201).send(await book.bookAsStaff(ctxOf(req), req.body, req.idempotencyKey!)),
    );
    app.get(
      '/bookings/:id',
      { config: { access: 'booking:read' }, schema: { tags, params: idParamSchema, response: { 200: bookingSchema, 403: problemSchema, 404: problemSchema } } },
      (req) => book.getBooking(ctxOf(req), req.params.id),
    );
    app.get(
      '/customers/:id/bookings',
      { config: { access: 'booking:read' }, schema: { tags, params: idParamSchema, querystring: customerBookingsQuerySchema, response: { 200: bookingListSchema, 400: problemSchema, 404: problemSchema } } },
      (req) => book.listForCustomer(ctxOf(req), req.params.id, req.query),
    );
  };
}

const slugParamSchema = z.object({ slug: z.string().min(1).max(64) });
const classParamSchema = slugParamSchema.extend({ occurrenceId: z.string().min(1).max(64) });

/** The signed-in customer's booking routes, mounted at /api/public/v1. */
export function publicBookRoutes(book: BookService): FastifyPluginAsyncZod {
  return async (app) => {
    const publicTags = ['Public'];
    app.get(
      '/studios/:slug/classes/:occurrenceId/booking-options',
      {
        config: { access: 'customer' },
        schema: { tags: publicTags, params: classParamSchema, querystring: z.object({ key: z.string().max(200).optional() }).strict(), response: { 200: bookingOptionsSchema, 404: problemSchema } },
      },
      (req) => book.bookingOptions(ctxOf(req), req.params.occurrenceId, req.query.key),
    );
    app.post(
      '/studios/:slug/me/bookings',
      {
        config: { access: 'customer', idempotency: 'required' },
        schema: { tags: publicTags, params: slugParamSchema, body: ownBookingSchema, response: { 201: bookingResultSchema, ...errors, 422: problemSchema, 502: problemSchema, 503: problemSchema } },
      },
      async (req, reply) => reply.code(201).send(await book.bookOwn(ctxOf(req), req.body, req.idempotencyKey!)),
    );
    app.get(
      '/studios/:slug/me/bookings',
      { config: { access: 'customer' }, schema: { tags: publicTags, params: slugParamSchema, querystring: customerBookingsQuerySchema, response: { 200: bookingListSchema, 400: problemSchema } } },
      (req) => book.listOwn(ctxOf(req), req.query),
    );
    app.get(
      '/studios/:slug/me/bookings/:id',
      {
        config: { access: 'customer' },
        schema: { tags: publicTags, params: slugParamSchema.extend({ id: z.string().min(1).max(64) }), response: { 200: bookingSchema, 404: problemSchema } },
      },
      (req) => book.getOwnBooking(ctxOf(req), req.params.id),
    );
  };
}
