import { existsSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import { randomBytes } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import cookie from '@fastify/cookie';
import helmet from 'helmet';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type FastifyPluginAsyncZod,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Clock } from '../../kernel/clock.ts';
import { authorize, checkCsrf, csrfCookie, type Access, type Authenticator } from './access.ts';
import { errorHandler, notFoundHandler, sendProblem } from './errors.ts';
import type { Database } from '../db/client.ts';
import { installIdempotency } from '../idempotency/index.ts';

export interface HttpModule {
  /** Mount point, e.g. `/api/v1` or `/api/public/v1`. */
  prefix: string;
  routes: FastifyPluginAsyncZod;
}

export interface RouteInfo {
  method: string;
  url: string;
  access: Access;
}

export interface AppOptions {
  modules: HttpModule[];
  authenticator: Authenticator;
  clock: Clock;
  logLevel?: string;
  secureCookies: boolean;
  trustProxy?: boolean;
  /** Folder of the built web app; served with a fallback to index.html. */
  webRoot?: string;
  version?: string;
  /** Requests per minute and client address before 429 (default 1,200); the test suites, all from one address, raise it. */
  requestsPerMinute?: number;
  /** Where `Idempotency-Key`s are kept; routes with `config.idempotency` need it. */
  database?: Database;
  /** Other origins the web app may load scripts from, call, or frame (Stripe.js and its API). */
  cspSources?: CspSources;
}

export interface CspSources {
  script?: string[];
  connect?: string[];
  frame?: string[];
}

export type App = FastifyInstance & { routeTable: RouteInfo[] };

/**
 * The listening socket's queue of connections not yet accepted (capped by the kernel's
 * net.core.somaxconn, 4096 on current Linux). Node's default of 511 drops part of a burst — a
 * class opening for booking — and those browsers try again only a second later.
 */
export const listenBacklog = 4096;

export async function buildApp(options: AppOptions): Promise<App> {
  const app = Fastify({
    logger: { level: options.logLevel ?? 'info' },
    trustProxy: options.trustProxy ?? false,
    bodyLimit: 1_048_576,
    genReqId: () => randomBytes(8).toString('hex'),
    routerOptions: { maxParamLength: 200 },
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);

  // Every route must say who may call it; the table feeds the permission tests.
  const routeTable: RouteInfo[] = [];
  app.addHook('onRoute', (route) => {
    const url = route.url ?? route.path;
    if (!url.startsWith('/api/') || url.startsWith('/api/docs')) return;
    const access = (route.config as { access?: Access } | undefined)?.access;
    if (!access) throw new Error(`Route ${String(route.method)} ${url} declares no config.access`);
    if ((route.config as { idempotency?: unknown } | undefined)?.idempotency && !options.database) {
      throw new Error(`Route ${String(route.method)} ${url} takes an Idempotency-Key: buildApp needs the database`);
    }
    const csrf = (route.config as { csrf?: string } | undefined)?.csrf;
    if (csrf !== undefined && (csrf !== 'exempt-signed-webhook' || access !== 'public')) {
      throw new Error(`Route ${String(route.method)} ${url}: only a public, signed webhook may skip the CSRF check`);
    }
    for (const method of [route.method].flat()) {
      if (method !== 'HEAD') routeTable.push({ method, url, access });
    }
  });

  app.decorateRequest('ctx', null);
  app.decorateRequest('principal', null);

  await app.register(cookie);
  // The security headers (helmet), built once: the Fastify wrapper rebuilt them for every request
  // (~3 % of the server's CPU in the booking rush).
  const securityHeaders = helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        styleSrc: ["'self'", "'unsafe-inline'"],
        scriptSrc: ["'self'", ...(options.cspSources?.script ?? [])],
        connectSrc: ["'self'", ...(options.cspSources?.connect ?? [])],
        frameSrc: ["'self'", ...(options.cspSources?.frame ?? [])],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: options.secureCookies ? [] : null,
      },
    },
    hsts: options.secureCookies,
  });
  app.addHook('onRequest', (req, reply, done) => securityHeaders(req.raw, reply.raw, (err?: unknown) => done(err as Error | undefined)));
  await app.register(rateLimit, { global: true, max: options.requestsPerMinute ?? 1200, timeWindow: '1 minute' });

  // The CSRF cookie is readable by the page on purpose: it echoes it in a header.
  app.addHook('onRequest', async (req, reply) => {
    if (!req.cookies[csrfCookie]) {
      reply.setCookie(csrfCookie, randomBytes(24).toString('base64url'), {
        path: '/',
        sameSite: 'lax',
        secure: options.secureCookies,
        httpOnly: false,
      });
    }
  });
  // Access is checked before the body is validated: a caller without the right gets 401/403, not 400.
  app.addHook('preValidation', async (req, reply) => {
    if (!req.url.startsWith('/api/')) return;
    checkCsrf(req);
    await authorize(req, reply, options.authenticator, options.clock);
  });

  // After authorize (preValidation): the key is scoped to the caller's studio.
  if (options.database) installIdempotency(app, { database: options.database, clock: options.clock });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Enso API',
        version: options.version ?? '0.1.0',
        description:
          'Studio management API. Staff routes use the session cookie or `Authorization: Bearer <API key>`; ' +
          'state-changing cookie calls must send the `x-csrf-token` header with the `enso_csrf` cookie value.',
      },
      components: {
        securitySchemes: {
          apiKey: { type: 'http', scheme: 'bearer' },
          session: { type: 'apiKey', in: 'cookie', name: 'enso_staff' },
        },
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true });

  for (const module of options.modules) {
    await app.register(module.routes, { prefix: module.prefix });
  }

  const webRoot = options.webRoot ? resolve(options.webRoot) : undefined;
  const hasWeb = webRoot !== undefined && existsSync(join(webRoot, 'index.html'));
  if (hasWeb) {
    await app.register(fastifyStatic, {
      root: webRoot,
      wildcard: true,
      index: false,
      // The embed script is loaded by <script src> on studios' own sites, which a same-origin resource policy would block.
      setHeaders: (reply: FastifyReply, path: string) => {
        if (path.endsWith(`${sep}embed.js`)) reply.header('cross-origin-resource-policy', 'cross-origin');
      },
    });
  }
  app.setNotFoundHandler((req, reply) => {
    if (hasWeb && req.method === 'GET' && !req.url.startsWith('/api/')) {
      if (isEmbeddedSchedule(req.url)) allowFraming(reply);
      return reply.type('text/html').header('cache-control', 'no-cache').sendFile('index.html');
    }
    if (!req.url.startsWith('/api/') && !hasWeb) {
      return sendProblem(reply, 404, 'web_not_built', 'The web app is not built: run `npm run build:web`.');
    }
    return notFoundHandler(req, reply);
  });

  return Object.assign(app, { routeTable }) as unknown as App;
}

/**
 * The public schedule in embed mode (`/s/<slug>/schedule?embed=1`) is the one page other sites
 * may frame ("Add to website"); every other page keeps `frame-ancestors 'none'` against
 * clickjacking. It shows only public data and its links open the full site in a new tab.
 */
export function isEmbeddedSchedule(url: string): boolean {
  const parsed = new URL(url, 'http://enso.invalid');
  return /^\/s\/[a-z0-9-]{1,64}\/schedule\/?$/.test(parsed.pathname) && parsed.searchParams.get('embed') === '1';
}

function allowFraming(reply: FastifyReply): void {
  const csp = reply.getHeader('content-security-policy');
  if (typeof csp === 'string') reply.header('content-security-policy', csp.replace(/frame-ancestors [^;]*/, 'frame-ancestors *'));
  reply.removeHeader('x-frame-options');
}
