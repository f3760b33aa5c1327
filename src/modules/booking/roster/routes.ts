import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ctxOf } from '../../../platform/http/access.ts';
import { attachmentDisposition } from '../../../platform/http/content-disposition.ts';
import { idParamSchema, problemSchema } from '../../../platform/http/contracts.ts';
import { rosterSchema } from '../contracts.ts';
import type { RosterService } from './service.ts';

const tags = ['Booking'];

/** The class roster on the occurrence page, and its CSV export, mounted at /api/v1. */
export function rosterRoutes(service: RosterService): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/occurrences/:id/roster',
      { config: { access: 'booking:read' }, schema: { tags, params: idParamSchema, response: { 200: rosterSchema, 403: problemSchema, 404: problemSchema } } },
      (req) => service.getRoster(ctxOf(req), req.params.id),
    );
    app.get(
      '/occurrences/:id/roster.csv',
      { config: { access: 'booking:read' }, schema: { tags, description: 'CSV (UTF-8 with BOM).', params: idParamSchema, response: { 403: problemSchema, 404: problemSchema } } },
      async (req, reply) => {
        const csv = await service.exportCsv(ctxOf(req), req.params.id);
        return reply
          .header('content-type', 'text/csv; charset=utf-8')
          .header('content-disposition', attachmentDisposition(csv.fileName))
          .header('cache-control', 'no-store')
          .send(csv.body as never);
      },
    );
  };
}
