import { Readable } from 'node:stream';
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ctxOf } from '../../../platform/http/access.ts';
import { idParamSchema, problemSchema } from '../../../platform/http/contracts.ts';
import { okSchema } from '../../identity/contracts.ts';
import {
  bulkResultSchema,
  bulkTagSchema,
  countCustomersQuerySchema,
  countSchema,
  createSegmentSchema,
  exportCustomersQuerySchema,
  reorderSegmentsSchema,
  segmentSchema,
  updateSegmentSchema,
} from './contracts.ts';
import type { SegmentsService } from './service.ts';

const tags = ['Customer segments'];
const segmentListSchema = z.object({ items: z.array(segmentSchema) });

/** Saved segments, the list's count, bulk actions and the CSV export, mounted at /api/v1. */
export function customerSegmentsRoutes(segments: SegmentsService): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/customers/count',
      { config: { access: 'customers:read' }, schema: { tags, querystring: countCustomersQuerySchema, response: { 200: countSchema, 400: problemSchema } } },
      (req) => segments.countCustomers(ctxOf(req), req.query),
    );
    app.get(
      '/customers/export.csv',
      {
        config: { access: 'customers:export' },
        schema: { tags, description: 'CSV (UTF-8 with BOM), streamed.', querystring: exportCustomersQuerySchema, response: { 400: problemSchema, 404: problemSchema } },
      },
      async (req, reply) => {
        const csv = await segments.exportCsv(ctxOf(req), req.query);
        return reply
          .header('content-type', 'text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="${csv.fileName}"`)
          .header('cache-control', 'no-store')
          // A stream is piped as it is, never serialized: the response schemas only describe the errors.
          .send(Readable.from(csv.chunks) as never);
      },
    );
    app.post(
      '/customers/bulk/tag',
      { config: { access: 'customers:write' }, schema: { tags, body: bulkTagSchema, response: { 200: bulkResultSchema, 404: problemSchema } } },
      (req) => segments.tagSelection(ctxOf(req), req.body),
    );
    app.post(
      '/customers/bulk/untag',
      { config: { access: 'customers:write' }, schema: { tags, body: bulkTagSchema, response: { 200: bulkResultSchema, 404: problemSchema } } },
      (req) => segments.untagSelection(ctxOf(req), req.body),
    );
    app.get(
      '/customers/segments',
      { config: { access: 'customers:read' }, schema: { tags, response: { 200: segmentListSchema } } },
      (req) => segments.listSegments(ctxOf(req)),
    );
    app.post(
      '/customers/segments',
      { config: { access: 'customers:write' }, schema: { tags, body: createSegmentSchema, response: { 201: segmentSchema, 400: problemSchema } } },
      async (req, reply) => reply.code(201).send(await segments.createSegment(ctxOf(req), req.body)),
    );
    app.put(
      '/customers/segments/order',
      { config: { access: 'customers:write' }, schema: { tags, body: reorderSegmentsSchema, response: { 200: segmentListSchema, 400: problemSchema } } },
      (req) => segments.reorderSegments(ctxOf(req), req.body),
    );
    app.get(
      '/customers/segments/:id',
      { config: { access: 'customers:read' }, schema: { tags, params: idParamSchema, response: { 200: segmentSchema, 404: problemSchema } } },
      (req) => segments.getSegment(ctxOf(req), req.params.id),
    );
    app.patch(
      '/customers/segments/:id',
      {
        config: { access: 'customers:write' },
        schema: { tags, params: idParamSchema, body: updateSegmentSchema, response: { 200: segmentSchema, 400: problemSchema, 404: problemSchema } },
      },
      (req) => segments.updateSegment(ctxOf(req), req.params.id, req.body),
    );
    app.delete(
      '/customers/segments/:id',
      { config: { access: 'customers:write' }, schema: { tags, params: idParamSchema, response: { 200: okSchema, 404: problemSchema } } },
      async (req) => {
        await segments.deleteSegment(ctxOf(req), req.params.id);
        return { ok: true as const };
      },
    );
    app.get(
      '/customers/segments/:id/count',
      { config: { access: 'customers:read' }, schema: { tags, params: idParamSchema, response: { 200: countSchema, 404: problemSchema } } },
      (req) => segments.countSegment(ctxOf(req), req.params.id),
    );
  };
}
