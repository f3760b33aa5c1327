import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ctxOf } from '../../../platform/http/access.ts';
import { idParamSchema, problemSchema } from '../../../platform/http/contracts.ts';
import { okSchema } from '../../identity/contracts.ts';
import { createNoteSchema, listNotesSchema, noteParamsSchema, noteSchema, notePageSchema, updateNoteSchema } from './contracts.ts';
import type { NotesService } from './service.ts';

const tags = ['Customer notes'];

/** Staff notes on a customer, mounted at /api/v1. */
export function customerNotesRoutes(service: NotesService): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/customers/:id/notes',
      {
        config: { access: 'customers:read' },
        schema: { tags, params: idParamSchema, querystring: listNotesSchema, response: { 200: notePageSchema, 400: problemSchema, 404: problemSchema } },
      },
      (req) => service.listNotes(ctxOf(req), req.params.id, req.query),
    );
    app.post(
      '/customers/:id/notes',
      {
        config: { access: 'customers:write' },
        schema: { tags, params: idParamSchema, body: createNoteSchema, response: { 201: noteSchema, 404: problemSchema } },
      },
      async (req, reply) => reply.code(201).send(await service.addNote(ctxOf(req), req.params.id, req.body)),
    );
    app.patch(
      '/customers/:id/notes/:noteId',
      {
        config: { access: 'customers:write' },
        schema: { tags, params: noteParamsSchema, body: updateNoteSchema, response: { 200: noteSchema, 403: problemSchema, 404: problemSchema } },
      },
      (req) => service.updateNote(ctxOf(req), req.params.id, req.params.noteId, req.body),
    );
    app.delete(
      '/customers/:id/notes/:noteId',
      { config: { access: 'customers:write' }, schema: { tags, params: noteParamsSchema, response: { 200: okSchema, 404: problemSchema } } },
      async (req) => {
        await service.deleteNote(ctxOf(req), req.params.id, req.params.noteId);
        return { ok: true as const };
      },
    );
  };
}
