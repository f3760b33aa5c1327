import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { DomainError, assertNever, type ErrorKind, type FieldError } from '../../kernel/errors.ts';
import type { Problem } from './contracts.ts';

const statusOf = (kind: ErrorKind): number => {
  switch (kind) {
    case 'invalid':
      return 400;
    case 'unauthenticated':
      return 401;
    case 'forbidden':
      return 403;
    case 'not_found':
      return 404;
    case 'conflict':
      return 409;
    case 'rate_limited':
      return 429;
    case 'unavailable':
      return 503;
    default:
      return assertNever(kind);
  }
};

const titles: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function sendProblem(
  reply: FastifyReply,
  status: number,
  code: string,
  detail: string,
  errors?: FieldError[],
  details?: Record<string, unknown>,
): FastifyReply {
  const body: Problem = {
    type: `https://enso.dev/problems/${code}`,
    title: titles[status] ?? 'Error',
    status,
    detail,
    code,
    ...(errors && errors.length > 0 ? { errors } : {}),
    ...(details ? { details } : {}),
    requestId: String(reply.request.id),
  };
  return reply.code(status).type('application/problem+json').send(body);
}

/** Where the zod issue points: `body.address.city` → `address.city`. */
function fieldPath(instancePath: string | undefined, fallback: string | undefined): string {
  const path = (instancePath ?? '').replace(/^\//, '').replaceAll('/', '.');
  return path || fallback || '';
}

/**
 * The one place errors become HTTP: domain errors by kind, validation errors with their
 * fields, Fastify's own client errors by status. Anything else is a bug: logged, masked.
 */
export function errorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  if (error instanceof DomainError) {
    if (error.retryAfterSeconds) reply.header('retry-after', String(error.retryAfterSeconds));
    return sendProblem(reply, statusOf(error.kind), error.code, error.message, error.fields, error.details);
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const fields = error.validation.map((v) => ({
      path: fieldPath(v.instancePath, (v.params as { missingProperty?: string } | undefined)?.missingProperty),
      message: v.message ?? 'Invalid value',
    }));
    const where = error.validationContext ?? 'request';
    return sendProblem(reply, 400, 'validation_failed', `The ${where} is not valid.`, fields);
  }
  if (isResponseSerializationError(error)) {
    request.log.error({ err: error }, 'response did not match its schema');
    return sendProblem(reply, 500, 'internal_error', 'Something went wrong on our side.');
  }
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      return sendProblem(reply, 415, 'unsupported_media_type', error.message);
    }
    if (status === 429) return sendProblem(reply, 429, 'rate_limited', 'Too many requests. Try again in a moment.');
    return sendProblem(reply, status, 'bad_request', error.message);
  }
  request.log.error({ err: error }, 'unhandled error');
  return sendProblem(reply, 500, 'internal_error', 'Something went wrong on our side.');
}

export function notFoundHandler(request: FastifyRequest, reply: FastifyReply) {
  return sendProblem(reply, 404, 'route_not_found', `No route ${request.method} ${request.url.split('?')[0]}.`);
}
