import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ctxOf } from '../../../platform/http/access.ts';
import { idParamSchema, pageSchema, problemSchema } from '../../../platform/http/contracts.ts';
import {
  importErrorSchema,
  importErrorsQuerySchema,
  importListQuerySchema,
  importPreviewSchema,
  importSchema,
  importUploadSchema,
  previewImportSchema,
  startImportSchema,
  uploadQuerySchema,
} from './contracts.ts';
import type { ImportsService } from './service.ts';

const tags = ['Customer imports'];
/** Exports of a few tens of thousands of customers weigh a few MB; 50 MB leaves room for wide files. */
export const maxImportBytes = 50 * 1024 * 1024;

/** Staff routes of customer imports, mounted at /api/v1 (permission customers:import). */
export function customerImportsRoutes(imports: ImportsService): FastifyPluginAsyncZod {
  return async (app) => {
    // Raw bytes, not text: the service detects the encoding (UTF-8, UTF-16, Windows-1252) itself.
    // Scoped to this plugin, so no other route accepts CSV bodies.
    app.addContentTypeParser(['text/csv', 'application/csv'], { parseAs: 'buffer', bodyLimit: maxImportBytes }, (_req, body, done) =>
      done(null, body),
    );

    app.post(
      '/customers/imports',
      {
        config: { access: 'customers:import' },
        bodyLimit: maxImportBytes,
        schema: {
          tags,
          description: 'Upload a CSV file (raw body, Content-Type: text/csv). Answers with its header and a suggested mapping.',
          querystring: uploadQuerySchema,
          response: { 201: importUploadSchema, 400: problemSchema },
        },
      },
      async (req, reply) => reply.code(201).send(await imports.uploadFile(ctxOf(req), req.query.fileName, req.body)),
    );
    app.post(
      '/customers/imports/preview',
      {
        config: { access: 'customers:import' },
        schema: { tags, body: previewImportSchema, response: { 200: importPreviewSchema, 400: problemSchema, 404: problemSchema } },
      },
      (req) => imports.previewImport(ctxOf(req), req.body),
    );
    app.post(
      '/customers/imports/start',
      {
        config: { access: 'customers:import' },
        schema: {
          tags,
          description: 'Start an import (or a dry run) of an uploaded file; it runs in the background: poll GET /customers/imports/{id}.',
          body: startImportSchema,
          response: { 202: importSchema, 400: problemSchema, 404: problemSchema },
        },
      },
      async (req, reply) => reply.code(202).send(await imports.startImport(ctxOf(req), req.body)),
    );
    app.get(
      '/customers/imports',
      { config: { access: 'customers:import' }, schema: { tags, querystring: importListQuerySchema, response: { 200: pageSchema(importSchema), 400: problemSchema } } },
      (req) => imports.listImports(ctxOf(req), req.query),
    );
    app.get(
      '/customers/imports/:id',
      { config: { access: 'customers:import' }, schema: { tags, params: idParamSchema, response: { 200: importSchema, 404: problemSchema } } },
      (req) => imports.getImport(ctxOf(req), req.params.id),
    );
    app.get(
      '/customers/imports/:id/errors',
      {
        config: { access: 'customers:import' },
        schema: { tags, params: idParamSchema, querystring: importErrorsQuerySchema, response: { 200: pageSchema(importErrorSchema), 400: problemSchema, 404: problemSchema } },
      },
      (req) => imports.listImportErrors(ctxOf(req), req.params.id, req.query),
    );
    app.get(
      '/customers/imports/:id/errors.csv',
      {
        config: { access: 'customers:import' },
        schema: { tags, params: idParamSchema, response: { 200: z.string(), 404: problemSchema } },
      },
      async (req, reply) => {
        const { fileName, csv } = await imports.importErrorsCsv(ctxOf(req), req.params.id);
        return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${fileName}"`).send(`\uFEFF${csv}`);
      },
    );
  };
}
