import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import type { App } from '../http/app.ts';
import { csrfCookie, csrfHeader } from '../http/access.ts';

export interface TestResponse<T = any> {
  status: number;
  body: T;
  headers: LightMyRequestResponse['headers'];
  raw: LightMyRequestResponse;
}

/**
 * A browser-like caller for `app.inject`: keeps the cookies the server sets and echoes the
 * CSRF cookie in its header, as the web app does.
 */
export class TestClient {
  readonly cookies = new Map<string, string>();

  constructor(
    private readonly app: App,
    private readonly defaults: { headers?: Record<string, string>; csrf?: boolean } = {},
  ) {}

  async request<T = any>(
    method: InjectOptions['method'],
    url: string,
    options: { body?: unknown; headers?: Record<string, string>; payload?: string | Buffer } = {},
  ): Promise<TestResponse<T>> {
    if (this.defaults.csrf !== false && !this.cookies.has(csrfCookie)) await this.prime();
    const headers: Record<string, string> = { ...this.defaults.headers, ...options.headers };
    if (this.cookies.size > 0) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const csrf = this.cookies.get(csrfCookie);
    if (csrf && this.defaults.csrf !== false) headers[csrfHeader] = csrf;
    const raw = await this.app.inject({
      method,
      url,
      headers,
      ...(options.body !== undefined ? { payload: options.body as InjectOptions['payload'] } : {}),
      ...(options.payload !== undefined ? { payload: options.payload } : {}),
    });
    for (const c of raw.cookies as { name: string; value: string; expires?: Date; maxAge?: number }[]) {
      const expired = (c.expires && c.expires.getTime() <= Date.now()) || c.maxAge === 0 || c.value === '';
      if (expired) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    const type = String(raw.headers['content-type'] ?? '');
    const body = type.includes('json') && raw.body ? JSON.parse(raw.body) : raw.body;
    return { status: raw.statusCode, body, headers: raw.headers, raw };
  }

  private async prime() {
    const raw = await this.app.inject({ method: 'GET', url: '/api/health' });
    const c = (raw.cookies as { name: string; value: string }[]).find((x) => x.name === csrfCookie);
    if (c) this.cookies.set(c.name, c.value);
  }

  get = <T = any>(url: string, headers?: Record<string, string>) => this.request<T>('GET', url, headers ? { headers } : {});
  post = <T = any>(url: string, body?: unknown) => this.request<T>('POST', url, body === undefined ? {} : { body });
  patch = <T = any>(url: string, body?: unknown) => this.request<T>('PATCH', url, { body });
  put = <T = any>(url: string, body?: unknown) => this.request<T>('PUT', url, { body });
  delete = <T = any>(url: string) => this.request<T>('DELETE', url);
}

/** What a problem+json answer with this status and stable code looks like, for `toMatchObject`. */
export const problem = (status: number, code: string) => ({ status, code, type: `https://enso.dev/problems/${code}` });
