import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Ctx } from '../../../kernel/ctx.ts';
import { ctxOf } from '../../../platform/http/access.ts';
import { idParamSchema, problemSchema } from '../../../platform/http/contracts.ts';
import { bookingSchema } from '../contracts.ts';
import type { AttendanceService } from './service.ts';

const errors = { 403: problemSchema, 404: problemSchema, 409: problemSchema };
const byOf = (ctx: Ctx) => ((ctx.actor.kind === 'staff' || ctx.actor.kind === 'api_key') && ctx.actor.role === 'teacher' ? 'teacher' : 'staff');

/** The check-in toggle on the roster (staff; teachers for their own classes), mounted at /api/v1. */
export function attendanceRoutes(attendance: AttendanceService): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['Booking'];
    app.post(
      '/bookings/:id/check-in',
      {
        config: { access: 'booking:checkin' },
        schema: { tags, description: 'Checks a booked customer in (a no-show is booked again and checked in). Checking in twice changes nothing.', params: idParamSchema, response: { 200: bookingSchema, ...errors } },
      },
      async (req) => {
        const ctx = ctxOf(req);
        return (await attendance.checkIn(undefined, ctx, req.params.id, byOf(ctx))).booking;
      },
    );
    app.delete(
      '/bookings/:id/check-in',
      {
        config: { access: 'booking:checkin' },
        schema: { tags, description: 'Undoes a check-in.', params: idParamSchema, response: { 200: bookingSchema, ...errors } },
      },
      (req) => attendance.undoCheckIn(ctxOf(req), req.params.id),
    );
  };
}
