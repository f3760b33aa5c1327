import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ctxOf } from '../../../platform/http/access.ts';
import { problemSchema } from '../../../platform/http/contracts.ts';
import { bookingSettingsSchema, updateBookingSettingsSchema } from '../contracts.ts';
import type { BookingSettingsService } from './service.ts';

const tags = ['Booking'];

/** Settings › Cancellation policy & waitlist, mounted at /api/v1. */
export function bookingSettingsRoutes(service: BookingSettingsService): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/booking-settings',
      { config: { access: 'booking:read' }, schema: { tags, response: { 200: bookingSettingsSchema } } },
      (req) => service.read(ctxOf(req)),
    );
    app.patch(
      '/booking-settings',
      {
        config: { access: 'booking:settings' },
        schema: { tags, description: 'Changes the fields given; the others keep their value.', body: updateBookingSettingsSchema, response: { 200: bookingSettingsSchema, 400: problemSchema } },
      },
      (req) => service.update(ctxOf(req), req.body),
    );
  };
}
