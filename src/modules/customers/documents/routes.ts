import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { attachmentDisposition } from '../../../platform/http/content-disposition.ts';
import { ctxOf } from '../../../platform/http/access.ts';
import { idParamSchema, problemSchema } from '../../../platform/http/contracts.ts';
import { okSchema } from '../../identity/contracts.ts';
import { customerDocumentListSchema, customerDocumentSchema, documentParamsSchema, maxDocumentBytes, uploadDocumentQuerySchema } from './contracts.ts';
import type { DocumentsService } from './service.ts';

const tags = ['Customer documents'];

/**
 * Documents on a customer profile, mounted at /api/v1. An upload is the raw file as the body,
 * with its own Content-Type, and the name in `?fileName=`: no multipart envelope to parse.
 */
export function customerDocumentsRoutes(service: DocumentsService): FastifyPluginAsyncZod {
  return async (app) => {
    // In this plugin only, any body is a file: a JSON or form file must not be parsed as such.
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: maxDocumentBytes }, (_req, body, done) => done(null, body));

    app.get(
      '/customers/:id/documents',
      { config: { access: 'customers:read' }, schema: { tags, params: idParamSchema, response: { 200: customerDocumentListSchema, 404: problemSchema } } },
      async (req) => ({ items: await service.listDocuments(ctxOf(req), req.params.id) }),
    );
    app.post(
      '/customers/:id/documents',
      {
        config: { access: 'customers:write' },
        bodyLimit: maxDocumentBytes,
        schema: {
          tags,
          description: 'The request body is the file itself (at most 20 MB), sent with its Content-Type.',
          params: idParamSchema,
          querystring: uploadDocumentQuerySchema,
          response: { 201: customerDocumentSchema, 400: problemSchema, 404: problemSchema, 409: problemSchema, 413: problemSchema },
        },
      },
      async (req, reply) => {
        const bytes = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
        const doc = await service.uploadDocument(ctxOf(req), req.params.id, {
          fileName: req.query.fileName,
          contentType: req.headers['content-type'] ?? '',
          bytes,
        });
        return reply.code(201).send(doc);
      },
    );
    app.get(
      '/customers/:id/documents/:documentId/download',
      {
        config: { access: 'customers:read' },
        // No response schema: the body is the file's bytes (errors are problem+json as everywhere).
        schema: { tags, description: 'The file as an attachment, with the Content-Type it was uploaded with.', params: documentParamsSchema },
      },
      async (req, reply) => {
        const file = await service.downloadDocument(ctxOf(req), req.params.id, req.params.documentId);
        return reply
          .header('content-type', file.contentType)
          .header('content-disposition', attachmentDisposition(file.fileName))
          .header('x-content-type-options', 'nosniff')
          // A stored file is never a page of ours: no scripts, no framing, even if opened directly.
          .header('content-security-policy', "default-src 'none'; sandbox")
          .header('cache-control', 'private, no-store')
          .send(file.body);
      },
    );
    app.delete(
      '/customers/:id/documents/:documentId',
      { config: { access: 'customers:write' }, schema: { tags, params: documentParamsSchema, response: { 200: okSchema, 404: problemSchema } } },
      async (req) => {
        await service.deleteDocument(ctxOf(req), req.params.id, req.params.documentId);
        return { ok: true as const };
      },
    );
  };
}
