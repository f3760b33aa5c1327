import { z } from 'zod';
import { sql } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Database } from '../db/client.ts';

const healthSchema = z.object({ status: z.literal('ok'), database: z.enum(['pglite', 'postgres']) });

/** `GET /api/health`: the process is up and its database answers. */
export function healthRoutes(database: Database): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/health', { config: { access: 'public' }, schema: { tags: ['Health'], response: { 200: healthSchema } } }, async () => {
      await database.system.execute(sql`select 1`);
      return { status: 'ok' as const, database: database.kind };
    });
  };
}
