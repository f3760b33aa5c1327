import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { imageTypes, maxImageBytes, type ServedImage } from './domain/image.ts';

/** HTTP side of the schedule's stored images (class banners, teacher photos), shared by their routes. */

/**
 * Any body that is not JSON arrives as bytes, so an upload of the wrong type gets the service's
 * `invalid_image` rather than a bare 415. One byte over the limit still reaches the check (and
 * its message); anything larger is cut off by Fastify with 413.
 */
export function acceptImageBodies(app: Parameters<FastifyPluginAsyncZod>[0]) {
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: maxImageBytes + 1 }, (_req, body, done) => done(null, body));
}

/** Sends a stored image so that no browser treats it as anything but that image. */
export function sendImage(reply: FastifyReply, image: ServedImage, cache: string) {
  return reply
    .type(image.contentType)
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', "default-src 'none'; sandbox")
    .header('cache-control', cache)
    .send(image.body);
}

/** The uploaded bytes (an empty body when the request had none). */
export const bodyBytes = (body: unknown) => (Buffer.isBuffer(body) ? body : Buffer.alloc(0));

export const uploadDescription = `Raw image body (${imageTypes.join(', ')}), at most 2 MB, sent with its Content-Type.`;
