import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ctxOf } from '../../../platform/http/access.ts';
import { idParamSchema, problemSchema } from '../../../platform/http/contracts.ts';
import { bookingResultSchema, bookingSchema, claimOfferSchema, promoteBookingSchema } from '../contracts.ts';
import type { WaitlistService } from './service.ts';

const errors = { 400: problemSchema, 403: problemSchema, 404: problemSchema, 409: problemSchema };
const ownParamSchema = z.object({ slug: z.string().min(1).max(64), id: z.string().min(1).max(64) });

/** Staff give a waiting customer the spot (roster › waitlist), mounted at /api/v1. */
export function waitlistRoutes(waitlist: WaitlistService): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/bookings/:id/promote',
      {
        config: { access: 'booking:write' },
        schema: {
          tags: ['Booking'],
          description: 'Books a waitlisted (or offered) customer into a free spot and takes the payment (without `payment`: as automatic promotion does).',
          params: idParamSchema,
          body: promoteBookingSchema,
          response: { 200: bookingResultSchema, ...errors },
        },
      },
      (req) => waitlist.promoteByStaff(ctxOf(req), req.params.id, req.body),
    );
  };
}

/** The signed-in customer answers a waitlist offer or leaves the waitlist, mounted at /api/public/v1. */
export function publicWaitlistRoutes(waitlist: WaitlistService): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['Public'];
    app.post(
      '/studios/:slug/me/bookings/:id/claim',
      {
        config: { access: 'customer' },
        schema: { tags, description: 'Claims the spot offered (before the offer expires), paying as chosen.', params: ownParamSchema, body: claimOfferSchema, response: { 200: bookingResultSchema, ...errors } },
      },
      (req) => waitlist.claim(ctxOf(req), req.params.id, req.body),
    );
    app.post(
      '/studios/:slug/me/bookings/:id/decline',
      {
        config: { access: 'customer' },
        schema: { tags, description: 'Leaves the waitlist, or declines the spot offered (it goes to the next in line).', params: ownParamSchema, response: { 200: bookingSchema, ...errors } },
      },
      (req) => waitlist.decline(ctxOf(req), req.params.id),
    );
  };
}
