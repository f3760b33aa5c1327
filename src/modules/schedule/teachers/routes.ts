import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ctxOf } from '../../../platform/http/access.ts';
import { problemSchema } from '../../../platform/http/contracts.ts';
import { teacherListSchema, teacherSchema, updateTeacherSchema } from '../contracts.ts';
import { baseContentType } from '../domain/image.ts';
import { acceptImageBodies, bodyBytes, sendImage, uploadDescription } from '../images-http.ts';
import type { TeachersService } from './service.ts';

const tags = ['Teachers'];
const errors = { 400: problemSchema, 403: problemSchema, 404: problemSchema };
const userParamsSchema = z.object({ userId: z.string().min(1).max(64) });

/**
 * Teacher profiles (bio and photo), mounted at /api/v1. Changing one needs `schedule:write`
 * or being that teacher, which the service checks; the routes ask only `schedule:read`.
 */
export function teachersRoutes(teachers: TeachersService): FastifyPluginAsyncZod {
  return async (app) => {
    acceptImageBodies(app);

    app.get('/teachers', { config: { access: 'schedule:read' }, schema: { tags, response: { 200: teacherListSchema } } }, async (req) => ({
      items: await teachers.listTeachers(ctxOf(req)),
    }));
    app.get(
      '/teachers/:userId',
      { config: { access: 'schedule:read' }, schema: { tags, params: userParamsSchema, response: { 200: teacherSchema, ...errors } } },
      (req) => teachers.getTeacher(ctxOf(req), req.params.userId),
    );
    app.patch(
      '/teachers/:userId',
      { config: { access: 'schedule:read' }, schema: { tags, params: userParamsSchema, body: updateTeacherSchema, response: { 200: teacherSchema, ...errors } } },
      (req) => teachers.updateTeacher(ctxOf(req), req.params.userId, req.body),
    );
    app.put(
      '/teachers/:userId/photo',
      {
        config: { access: 'schedule:read' },
        schema: { tags, description: uploadDescription, params: userParamsSchema, response: { 200: teacherSchema, ...errors, 413: problemSchema } },
      },
      (req) => teachers.setPhoto(ctxOf(req), req.params.userId, baseContentType(req.headers['content-type']), bodyBytes(req.body)),
    );
    app.delete(
      '/teachers/:userId/photo',
      { config: { access: 'schedule:read' }, schema: { tags, params: userParamsSchema, response: { 200: teacherSchema, ...errors } } },
      (req) => teachers.removePhoto(ctxOf(req), req.params.userId),
    );
    app.get(
      '/teachers/:userId/photo',
      { config: { access: 'schedule:read' }, schema: { tags, description: 'The photo image.', params: userParamsSchema } },
      async (req, reply) => sendImage(reply, await teachers.getPhoto(ctxOf(req), req.params.userId), 'private, max-age=86400'),
    );
  };
}

const publicParamsSchema = z.object({ slug: z.string().min(1).max(64), userId: z.string().min(1).max(64) });

/** The public teacher photo, mounted at /api/public/v1. */
export function publicTeachersRoutes(teachers: TeachersService): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/studios/:slug/teachers/:userId/photo',
      { config: { access: 'public' }, schema: { tags: ['Public'], description: 'A teacher photo for public class pages.', params: publicParamsSchema } },
      // The URL carries `?v=<upload time>`, so a day of caching never shows a replaced photo.
      async (req, reply) => sendImage(reply, await teachers.getPublicPhoto(req.params.slug, req.params.userId), 'public, max-age=86400'),
    );
  };
}
