import { createHash } from 'node:crypto';
import type { Clock } from '../../../kernel/clock.ts';
import { VideoProviderError, type Meeting, type MeetingRequest, type VideoProvider } from './provider.ts';

/** A Zoom Server-to-Server OAuth app: the studio creates it in Zoom's marketplace. */
export interface ZoomCredentials {
  accountId: string;
  clientId: string;
  clientSecret: string;
}

export interface ZoomEndpoints {
  /** `https://api.zoom.us/v2` */
  apiUrl: string;
  /** `https://zoom.us/oauth/token` */
  oauthUrl: string;
}

interface CachedToken {
  accessToken: string;
  expiresAtMs: number;
}

/**
 * Access tokens by app, shared by every client of one Enso process: Zoom tokens live an hour
 * and each fetch counts against the app's rate limit, so a token is reused until shortly
 * before it expires. Keyed by a hash that includes the secret, so new credentials never use
 * a token fetched with the old ones.
 */
export class ZoomTokenCache {
  private readonly tokens = new Map<string, CachedToken>();
  get(key: string, nowMs: number): string | null {
    const t = this.tokens.get(key);
    return t && t.expiresAtMs > nowMs ? t.accessToken : null;
  }
  set(key: string, token: CachedToken): void {
    this.tokens.set(key, token);
  }
  forget(key: string): void {
    this.tokens.delete(key);
  }
}

/** Renew a minute early: a token that expires in flight would fail the call it was fetched for. */
const earlyRenewalMs = 60_000;
const requestTimeoutMs = 15_000;

const cacheKeyOf = (c: ZoomCredentials) => createHash('sha256').update(`${c.accountId}\n${c.clientId}\n${c.clientSecret}`).digest('hex');

const isTransientStatus = (status: number) => status === 429 || status >= 500;

async function messageOf(res: Response): Promise<string> {
  const text = await res.text().catch(() => '');
  try {
    const body = JSON.parse(text) as { message?: unknown; reason?: unknown; error?: unknown };
    const message = body.message ?? body.reason ?? body.error;
    if (typeof message === 'string' && message.trim() !== '') return `Zoom answered ${res.status}: ${message.trim().slice(0, 300)}`;
  } catch {
    // Not JSON: fall through to the status line.
  }
  return `Zoom answered ${res.status}${res.statusText ? ` ${res.statusText}` : ''}`;
}

async function send(url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, { ...init, signal: AbortSignal.timeout(requestTimeoutMs) });
  } catch (err) {
    throw new VideoProviderError(`Zoom could not be reached: ${(err as Error).message}`, true);
  }
}

/** The zone-free UTC form Zoom expects in `start_time`: `2025-03-31T16:00:00Z`. */
const zoomTime = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

export interface ZoomClient extends VideoProvider {
  createMeeting(request: MeetingRequest): Promise<Meeting>;
  /** Fetches a fresh token (bypassing the cache): how credentials are verified before saving. */
  verifyCredentials(): Promise<void>;
}

/**
 * The Zoom provider over its REST API (no SDK): Server-to-Server OAuth for a token, then
 * POST /users/me/meetings, PATCH and DELETE /meetings/{id}. A 401 from the API refreshes the
 * token once (it may have been revoked early); 429 and 5xx are transient; other 4xx permanent.
 * Zoom has no idempotency key for creation: the job that calls `createMeeting` records the
 * meeting in the same step, and a retry after a crash in between may leave one unused meeting.
 */
export function createZoomClient(endpoints: ZoomEndpoints, credentials: ZoomCredentials, options: { clock: Clock; cache: ZoomTokenCache }): ZoomClient {
  const { clock, cache } = options;
  const key = cacheKeyOf(credentials);
  const apiUrl = endpoints.apiUrl.replace(/\/$/, '');

  async function fetchToken(): Promise<string> {
    const url = new URL(endpoints.oauthUrl);
    url.searchParams.set('grant_type', 'account_credentials');
    url.searchParams.set('account_id', credentials.accountId);
    const basic = Buffer.from(`${credentials.clientId}:${credentials.clientSecret}`).toString('base64');
    const res = await send(url.toString(), { method: 'POST', headers: { authorization: `Basic ${basic}`, accept: 'application/json' } });
    if (!res.ok) {
      const message = await messageOf(res);
      if (isTransientStatus(res.status)) throw new VideoProviderError(message, true, res.status);
      throw new VideoProviderError(message, false, res.status, true);
    }
    const body = (await res.json().catch(() => null)) as { access_token?: unknown; expires_in?: unknown } | null;
    if (!body || typeof body.access_token !== 'string') throw new VideoProviderError('Zoom answered without an access token', true, res.status);
    const expiresInMs = (typeof body.expires_in === 'number' ? body.expires_in : 3600) * 1000;
    cache.set(key, { accessToken: body.access_token, expiresAtMs: clock.now().getTime() + expiresInMs - earlyRenewalMs });
    return body.access_token;
  }

  async function token(): Promise<string> {
    return cache.get(key, clock.now().getTime()) ?? (await fetchToken());
  }

  /** One API call with the cached token; a 401 fetches a new token and tries once more. */
  async function call(method: string, path: string, body?: unknown, okStatuses: number[] = []): Promise<Response> {
    const attempt = async (accessToken: string) =>
      send(`${apiUrl}${path}`, {
        method,
        headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json', ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
    let res = await attempt(await token());
    if (res.status === 401) {
      cache.forget(key);
      res = await attempt(await fetchToken());
    }
    if (res.ok || okStatuses.includes(res.status)) return res;
    const message = await messageOf(res);
    throw new VideoProviderError(message, isTransientStatus(res.status), res.status);
  }

  const meetingBody = (r: Omit<MeetingRequest, 'idempotencyKey'>) => ({
    topic: r.topic.slice(0, 200),
    type: 2, // a scheduled meeting
    start_time: zoomTime(r.startsAt),
    duration: r.durationMin,
    timezone: r.timeZone,
    settings: { join_before_host: false, waiting_room: true, approval_type: 2 },
  });

  return {
    name: 'zoom',
    async verifyCredentials() {
      cache.forget(key);
      await fetchToken();
    },
    async createMeeting(request): Promise<Meeting> {
      const res = await call('POST', '/users/me/meetings', meetingBody(request));
      const created = (await res.json().catch(() => null)) as { id?: unknown; join_url?: unknown } | null;
      if (!created || (typeof created.id !== 'number' && typeof created.id !== 'string') || typeof created.join_url !== 'string') {
        throw new VideoProviderError('Zoom created a meeting but did not say its id and join link', false, res.status);
      }
      return { meetingId: String(created.id), joinUrl: created.join_url };
    },
    async updateMeeting(meetingId, request) {
      await call('PATCH', `/meetings/${encodeURIComponent(meetingId)}`, meetingBody(request));
    },
    async deleteMeeting(meetingId) {
      // 404: deleted in Zoom already (by hand, or by an earlier attempt of this job).
      await call('DELETE', `/meetings/${encodeURIComponent(meetingId)}`, undefined, [404]);
    },
  };
}
