import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ctxOf } from '../../../platform/http/access.ts';
import { idParamSchema, problemSchema } from '../../../platform/http/contracts.ts';
import { bookingSchema, cancelBookingSchema, cancelPreviewSchema, moveBookingSchema } from '../contracts.ts';
import type { CancelService } from './service.ts';

const tags = ['Booking'];
const errors = { 400: problemSchema, 403: problemSchema, 404: problemSchema, 409: problemSchema };
const ownParamSchema = z.object({ slug: z.string().min(1).max(64), id: z.string().min(1).max(64) });
const previewQuerySchema = z
  .object({ refundOverride: z.enum(['true', 'false']).optional(), waiveLateCancel: z.enum(['true', 'false']).optional() })
  .strict()
  .transform((q) => ({ ...(q.refundOverride ? { refundOverride: q.refundOverride === 'true' } : {}), waiveLateCancel: q.waiveLateCancel === 'true' }));

/** Staff: cancel (with a preview) and move a booking, mounted at /api/v1. */
export function cancelRoutes(cancel: CancelService): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/bookings/:id/cancel-preview',
      {
        config: { access: 'booking:write' },
        schema: { tags, description: 'What cancelling now would give back, and whether it is a late cancel.', params: idParamSchema, querystring: previewQuerySchema, response: { 200: cancelPreviewSchema, ...errors } },
      },
      (req) => cancel.cancelPreview(ctxOf(req), req.params.id, req.query),
    );
    app.post(
      '/bookings/:id/cancel',
      {
        config: { access: 'booking:write' },
        schema: { tags, description: 'Cancels by the policy; staff may refund outside it or waive a late cancel.', params: idParamSchema, body: cancelBookingSchema, response: { 200: bookingSchema, ...errors } },
      },
      (req) => cancel.cancel(ctxOf(req), req.params.id, req.body),
    );
    app.post(
      '/bookings/:id/move',
      {
        config: { access: 'booking:write' },
        schema: { tags, description: 'Moves a booked customer to another class; the payment carries over.', params: idParamSchema, body: moveBookingSchema, response: { 200: bookingSchema, ...errors } },
      },
      (req) => cancel.move(ctxOf(req), req.params.id, req.body),
    );
  };
}

/** The signed-in customer cancels their own booking, mounted at /api/public/v1. */
export function publicCancelRoutes(cancel: CancelService): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/studios/:slug/me/bookings/:id/cancel-preview',
      { config: { access: 'customer' }, schema: { tags: ['Public'], params: ownParamSchema, response: { 200: cancelPreviewSchema, ...errors } } },
      (req) => cancel.cancelPreview(ctxOf(req), req.params.id),
    );
    app.post(
      '/studios/:slug/me/bookings/:id/cancel',
      { config: { access: 'customer' }, schema: { tags: ['Public'], params: ownParamSchema, response: { 200: bookingSchema, ...errors } } },
      (req) => cancel.cancelOwn(ctxOf(req), req.params.id),
    );
  };
}
