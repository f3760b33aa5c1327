import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ctxOf } from '../../../platform/http/access.ts';
import { attachmentDisposition } from '../../../platform/http/content-disposition.ts';
import { idParamSchema, problemSchema } from '../../../platform/http/contracts.ts';
import {
  deletePreviewSchema,
  deleteResultSchema,
  mergeCustomersSchema,
  mergePreviewQuerySchema,
  mergePreviewSchema,
  mergeResultSchema,
  privacyExportSchema,
} from './contracts.ts';
import type { RecordsService } from './service.ts';

const tags = ['Customers'];

/** Merge, delete and privacy export of customer records, mounted at /api/v1. */
export function customerRecordsRoutes(service: RecordsService): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/customers/:id/merge-preview',
      {
        config: { access: 'customers:write' },
        schema: {
          tags,
          params: idParamSchema,
          querystring: mergePreviewQuerySchema,
          response: { 200: mergePreviewSchema, 400: problemSchema, 404: problemSchema, 409: problemSchema },
        },
      },
      (req) => service.previewMerge(ctxOf(req), req.params.id, req.query.from),
    );
    app.post(
      '/customers/:id/merge',
      {
        config: { access: 'customers:write' },
        schema: {
          tags,
          params: idParamSchema,
          body: mergeCustomersSchema,
          response: { 200: mergeResultSchema, 400: problemSchema, 404: problemSchema, 409: problemSchema },
        },
      },
      (req) => service.mergeCustomers(ctxOf(req), req.params.id, req.body),
    );
    app.get(
      '/customers/:id/delete-preview',
      { config: { access: 'customers:delete' }, schema: { tags, params: idParamSchema, response: { 200: deletePreviewSchema, 404: problemSchema } } },
      (req) => service.previewDelete(ctxOf(req), req.params.id),
    );
    app.delete(
      '/customers/:id',
      { config: { access: 'customers:delete' }, schema: { tags, params: idParamSchema, response: { 200: deleteResultSchema, 404: problemSchema } } },
      (req) => service.deleteCustomer(ctxOf(req), req.params.id),
    );
    app.get(
      '/customers/:id/privacy-export',
      {
        config: { access: 'customers:export' },
        schema: { tags, params: idParamSchema, response: { 200: privacyExportSchema, 404: problemSchema } },
      },
      async (req, reply) => {
        const data = await service.exportCustomerData(ctxOf(req), req.params.id);
        return reply
          .header('content-disposition', attachmentDisposition(`personal-data-${req.params.id}.json`))
          .header('cache-control', 'private, no-store')
          .send(data);
      },
    );
  };
}
