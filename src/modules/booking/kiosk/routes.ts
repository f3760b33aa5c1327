import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ctxOf } from '../../../platform/http/access.ts';
import { idParamSchema, problemSchema } from '../../../platform/http/contracts.ts';
import { checkInKeySchema, kioskCheckInResultSchema, kioskCheckInSchema, kioskTodaySchema } from '../contracts.ts';
import type { KioskService } from './service.ts';

const tags = ['Booking'];
const errors = { 400: problemSchema, 403: problemSchema, 404: problemSchema, 409: problemSchema, 429: problemSchema };

/** The self check-in kiosk (a staff session on the device) and customers' check-in keys, mounted at /api/v1. */
export function kioskRoutes(service: KioskService): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/customers/:id/check-in-key',
      { config: { access: 'customers:read' }, schema: { tags, description: 'The customer’s self check-in key (made on first read).', params: idParamSchema, response: { 200: checkInKeySchema, 404: problemSchema } } },
      (req) => service.getKey(ctxOf(req), req.params.id),
    );
    app.post(
      '/customers/:id/check-in-key',
      { config: { access: 'customers:write' }, schema: { tags, description: 'A new key; the old one stops working.', params: idParamSchema, response: { 200: checkInKeySchema, 404: problemSchema } } },
      (req) => service.regenerateKey(ctxOf(req), req.params.id),
    );
    app.get(
      '/kiosk/locations/:id/today',
      { config: { access: 'booking:checkin' }, schema: { tags, params: idParamSchema, response: { 200: kioskTodaySchema, 404: problemSchema } } },
      (req) => service.today(ctxOf(req), req.params.id),
    );
    app.post(
      '/kiosk/locations/:id/check-in',
      {
        // A kiosk serves a whole class arriving at once; wrong keys are limited further per location.
        config: { access: 'booking:checkin', rateLimit: { max: 120, timeWindow: '1 minute' } },
        schema: { tags, params: idParamSchema, body: kioskCheckInSchema, response: { 200: kioskCheckInResultSchema, ...errors } },
      },
      (req) => service.checkIn(ctxOf(req), req.params.id, req.body),
    );
  };
}
