import type { Problem } from './contracts.ts';

/**
 * The one way the web app talks to the server. Same-origin cookies carry the session;
 * state-changing requests echo the readable `enso_csrf` cookie in `x-csrf-token`
 * (double-submit, see src/platform/http/access.ts). Errors arrive as RFC 9457 problem
 * documents and are thrown as `ApiError`.
 */

export interface FieldError {
  path: string;
  message: string;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly title: string;
  readonly detail: string;
  readonly fieldErrors: FieldError[];
  /** Structured facts of some codes (e.g. `schedule_conflict`: `{ conflicts }`). */
  readonly details: Record<string, unknown>;

  constructor(status: number, problem: Partial<Problem>) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.code = problem.code ?? (status === 0 ? 'network_error' : `http_${status}`);
    this.title = problem.title ?? '';
    this.detail = problem.detail ?? '';
    this.fieldErrors = problem.errors ?? [];
    this.details = problem.details ?? {};
  }
}

export function isApiError(error: unknown, status?: number): error is ApiError {
  return error instanceof ApiError && (status === undefined || error.status === status);
}

const csrfCookie = 'enso_csrf';
const csrfHeader = 'x-csrf-token';
const unsafe = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function readCookie(name: string): string | null {
  for (const part of document.cookie.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return decodeURIComponent(rest.join('='));
  }
  return null;
}

let csrfPending: Promise<void> | null = null;

/** The server sets the CSRF cookie on any response that lacks it; a cheap GET obtains one. */
async function csrfToken(): Promise<string> {
  let token = readCookie(csrfCookie);
  if (token) return token;
  csrfPending ??= fetch('/api/health', { credentials: 'same-origin' })
    .then(() => undefined)
    .finally(() => {
      csrfPending = null;
    });
  await csrfPending;
  token = readCookie(csrfCookie);
  return token ?? '';
}

type Query = Record<string, string | number | undefined | null>;

export interface RequestOptions {
  query?: Query;
  /** JSON-encoded unless `raw` is set. */
  body?: unknown;
  /** A raw body (file upload) sent with its own Content-Type. */
  raw?: Blob;
  signal?: AbortSignal;
  /** Extra request headers, e.g. `Idempotency-Key` on a purchase. */
  headers?: Record<string, string>;
}

function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}${path.includes('?') ? '&' : '?'}${qs}` : path;
}

async function parseProblem(response: Response): Promise<Partial<Problem>> {
  const type = response.headers.get('content-type') ?? '';
  if (type.includes('json')) {
    try {
      const body = (await response.json()) as Partial<Problem> & { error?: { code?: string; message?: string } };
      // Tolerate the `{ error: { code, message } }` shape as well as problem+json.
      if (body.error && !body.code) return { code: body.error.code, detail: body.error.message };
      return body;
    } catch {
      return {};
    }
  }
  return { detail: response.statusText };
}

export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  let body: BodyInit | undefined;
  if (options.raw) {
    body = options.raw;
    headers['content-type'] = options.raw.type || 'application/octet-stream';
  } else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] = 'application/json';
  }
  if (unsafe.has(method)) headers[csrfHeader] = await csrfToken();

  let response: Response;
  try {
    response = await fetch(withQuery(path, options.query), {
      method,
      headers,
      body,
      credentials: 'same-origin',
      signal: options.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, { code: 'network_error', detail: String(error) });
  }
  if (!response.ok) throw new ApiError(response.status, await parseProblem(response));
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

export const api = {
  get: <T>(path: string, query?: Query, signal?: AbortSignal) => request<T>('GET', path, { query, signal }),
  post: <T>(path: string, body?: unknown, headers?: Record<string, string>) => request<T>('POST', path, { body: body ?? {}, headers }),
  put: <T>(path: string, body?: unknown) => request<T>('PUT', path, { body }),
  patch: <T>(path: string, body?: unknown) => request<T>('PATCH', path, { body }),
  del: <T>(path: string) => request<T>('DELETE', path),
  upload: <T>(method: 'PUT' | 'POST', path: string, file: Blob) => request<T>(method, path, { raw: file }),
};

/**
 * A fresh Idempotency-Key for one attempt of a sale, purchase or refund (kept across its
 * retries): 128 bits from the browser's crypto, which (unlike randomUUID) also exists on a
 * plain-HTTP address of the local network.
 */
export function newIdempotencyKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
