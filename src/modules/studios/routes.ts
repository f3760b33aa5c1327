import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { listTimeZones } from '../../kernel/time.ts';
import { ctxOf } from '../../platform/http/access.ts';
import { idParamSchema, problemSchema } from '../../platform/http/contracts.ts';
import {
  createLocationSchema,
  createRoomSchema,
  locationSchema,
  publicStudioSchema,
  roomSchema,
  spotMapSchema,
  studioSchema,
  timeZoneListSchema,
  updateLocationSchema,
  updateRoomSchema,
  updateStudioSchema,
} from './contracts.ts';
import { logoTypes, maxLogoBytes } from './domain/logo.ts';
import type { StudiosService } from './service.ts';

const tags = ['Studio'];
const items = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) });

/** Staff routes of the studios module, mounted at /api/v1. */
export function studiosRoutes(studios: StudiosService): FastifyPluginAsyncZod {
  return async (app) => {
    app.addContentTypeParser([...logoTypes], { parseAs: 'buffer', bodyLimit: maxLogoBytes + 1 }, (_req, body, done) =>
      done(null, body),
    );

    app.get('/time-zones', { config: { access: 'staff' }, schema: { tags, response: { 200: timeZoneListSchema } } }, async () => ({
      timeZones: [...listTimeZones()],
    }));

    app.get('/studio', { config: { access: 'studio:read' }, schema: { tags, response: { 200: studioSchema } } }, (req) =>
      studios.getStudio(ctxOf(req)),
    );
    app.patch(
      '/studio',
      { config: { access: 'studio:write' }, schema: { tags, body: updateStudioSchema, response: { 200: studioSchema } } },
      (req) => studios.updateStudio(ctxOf(req), req.body),
    );
    app.put(
      '/studio/logo',
      {
        config: { access: 'studio:write' },
        schema: { tags, description: `Raw image body: ${logoTypes.join(', ')}; at most 1 MB.`, response: { 200: studioSchema, 400: problemSchema } },
      },
      (req) => studios.setLogo(ctxOf(req), String(req.headers['content-type']).split(';')[0]!, req.body as Buffer),
    );
    app.delete('/studio/logo', { config: { access: 'studio:write' }, schema: { tags, response: { 200: studioSchema } } }, (req) =>
      studios.removeLogo(ctxOf(req)),
    );

    app.get('/locations', { config: { access: 'locations:read' }, schema: { tags, response: { 200: items(locationSchema) } } }, async (req) => ({
      items: await studios.listLocations(ctxOf(req)),
    }));
    app.post(
      '/locations',
      { config: { access: 'locations:write' }, schema: { tags, body: createLocationSchema, response: { 201: locationSchema } } },
      async (req, reply) => reply.code(201).send(await studios.createLocation(ctxOf(req), req.body)),
    );
    app.get(
      '/locations/:id',
      { config: { access: 'locations:read' }, schema: { tags, params: idParamSchema, response: { 200: locationSchema } } },
      (req) => studios.getLocation(ctxOf(req), req.params.id),
    );
    app.patch(
      '/locations/:id',
      { config: { access: 'locations:write' }, schema: { tags, params: idParamSchema, body: updateLocationSchema, response: { 200: locationSchema } } },
      (req) => studios.updateLocation(ctxOf(req), req.params.id, req.body),
    );
    app.post(
      '/locations/:id/archive',
      { config: { access: 'locations:write' }, schema: { tags, params: idParamSchema, response: { 200: locationSchema } } },
      (req) => studios.setLocationArchived(ctxOf(req), req.params.id, true),
    );
    app.post(
      '/locations/:id/unarchive',
      { config: { access: 'locations:write' }, schema: { tags, params: idParamSchema, response: { 200: locationSchema } } },
      (req) => studios.setLocationArchived(ctxOf(req), req.params.id, false),
    );
    app.get(
      '/locations/:id/rooms',
      { config: { access: 'locations:read' }, schema: { tags, params: idParamSchema, response: { 200: items(roomSchema) } } },
      async (req) => ({ items: await studios.listRooms(ctxOf(req), req.params.id) }),
    );
    app.post(
      '/locations/:id/rooms',
      { config: { access: 'locations:write' }, schema: { tags, params: idParamSchema, body: createRoomSchema, response: { 201: roomSchema } } },
      async (req, reply) => reply.code(201).send(await studios.createRoom(ctxOf(req), req.params.id, req.body)),
    );
    app.patch(
      '/rooms/:id',
      { config: { access: 'locations:write' }, schema: { tags, params: idParamSchema, body: updateRoomSchema, response: { 200: roomSchema } } },
      (req) => studios.updateRoom(ctxOf(req), req.params.id, req.body),
    );
    app.put(
      '/rooms/:id/spot-map',
      {
        config: { access: 'locations:write' },
        schema: { tags, params: idParamSchema, body: spotMapSchema, response: { 200: roomSchema, 400: problemSchema, 404: problemSchema } },
      },
      (req) => studios.setSpotMap(ctxOf(req), req.params.id, req.body),
    );
    app.delete(
      '/rooms/:id/spot-map',
      { config: { access: 'locations:write' }, schema: { tags, params: idParamSchema, response: { 200: roomSchema, 404: problemSchema } } },
      (req) => studios.removeSpotMap(ctxOf(req), req.params.id),
    );
    app.post(
      '/rooms/:id/archive',
      { config: { access: 'locations:write' }, schema: { tags, params: idParamSchema, response: { 200: roomSchema } } },
      (req) => studios.setRoomArchived(ctxOf(req), req.params.id, true),
    );
    app.post(
      '/rooms/:id/unarchive',
      { config: { access: 'locations:write' }, schema: { tags, params: idParamSchema, response: { 200: roomSchema } } },
      (req) => studios.setRoomArchived(ctxOf(req), req.params.id, false),
    );
  };
}

const slugParamSchema = z.object({ slug: z.string().min(1).max(64) });

/** Public routes of the studios module, mounted at /api/public/v1. */
export function publicStudiosRoutes(studios: StudiosService): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/studios/:slug',
      { config: { access: 'public' }, schema: { tags: ['Public'], params: slugParamSchema, response: { 200: publicStudioSchema } } },
      async (req) => {
        const { id: _id, ...studio } = await studios.getPublicStudio(req.params.slug);
        return studio;
      },
    );
    app.get(
      '/studios/:slug/logo',
      { config: { access: 'public' }, schema: { tags: ['Public'], params: slugParamSchema } },
      async (req, reply) => {
        const logo = await studios.getLogo(req.params.slug);
        // An SVG is a document: the sandbox keeps any script inside it from running on our origin.
        return reply
          .type(logo.contentType)
          .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; sandbox")
          .header('cache-control', 'public, max-age=86400')
          .send(logo.bytes);
      },
    );
  };
}
