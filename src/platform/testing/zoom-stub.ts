import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local peer of the parts of Zoom's API Enso uses: Server-to-Server OAuth
 * (`POST /oauth/token?grant_type=account_credentials&account_id=…` with Basic client_id:secret)
 * and `POST /v2/users/me/meetings`, `PATCH` / `DELETE /v2/meetings/{id}` with a Bearer token it
 * issued. It refuses what Zoom refuses (wrong credentials, unknown or expired tokens), records
 * every call, and can be told to fail the next calls. A protocol peer, not a mock of our code.
 */
export interface ZoomStubMeeting {
  id: number;
  topic: string;
  startTime: string;
  duration: number;
  timezone: string;
  joinUrl: string;
}

export interface ZoomStubCall {
  method: string;
  path: string;
  status: number;
  body: unknown;
}

export interface ZoomStub {
  /** Pass as ZOOM_API_URL: `http://127.0.0.1:<port>/v2`. */
  apiUrl: string;
  /** Pass as ZOOM_OAUTH_URL: `http://127.0.0.1:<port>/oauth/token`. */
  oauthUrl: string;
  credentials: { accountId: string; clientId: string; clientSecret: string };
  meetings: Map<string, ZoomStubMeeting>;
  calls: ZoomStubCall[];
  /** Tokens handed out so far. */
  tokensIssued(): number;
  /** The next `times` calls to `target` answer `status` (e.g. 500, 429, 400). */
  failNext(status: number, options?: { times?: number; target?: 'api' | 'token'; message?: string }): void;
  /** Every token issued so far stops working (as when Zoom revokes them): the next API call gets 401. */
  expireTokens(): void;
  close(): Promise<void>;
}

export async function startZoomStub(
  options: { accountId?: string; clientId?: string; clientSecret?: string; tokenTtlSeconds?: number; port?: number } = {},
): Promise<ZoomStub> {
  const credentials = {
    accountId: options.accountId ?? 'acc-enso-test',
    clientId: options.clientId ?? 'client-enso-test',
    clientSecret: options.clientSecret ?? 'secret-enso-test',
  };
  const ttl = options.tokenTtlSeconds ?? 3599;
  const meetings = new Map<string, ZoomStubMeeting>();
  const calls: ZoomStubCall[] = [];
  const validTokens = new Set<string>();
  let issued = 0;
  let nextMeetingId = 81_000_000_000;
  const failures: { target: 'api' | 'token'; status: number; message: string }[] = [];

  const takeFailure = (target: 'api' | 'token') => {
    const i = failures.findIndex((f) => f.target === target);
    return i === -1 ? null : failures.splice(i, 1)[0]!;
  };

  function handle(req: IncomingMessage, res: ServerResponse, raw: string) {
    const url = new URL(req.url ?? '/', 'http://stub');
    const method = req.method ?? 'GET';
    let body: unknown = null;
    if (raw) {
      try {
        body = JSON.parse(raw);
      } catch {
        body = raw;
      }
    }
    const answer = (status: number, json?: unknown) => {
      calls.push({ method, path: url.pathname + url.search, status, body });
      if (json === undefined) {
        res.writeHead(status);
        return res.end();
      }
      res.writeHead(status, { 'content-type': 'application/json' });
      return res.end(JSON.stringify(json));
    };

    if (url.pathname === '/oauth/token') {
      const failure = takeFailure('token');
      if (failure) return answer(failure.status, { reason: failure.message, error: 'injected' });
      if (method !== 'POST') return answer(405, { reason: 'Method not allowed' });
      const basic = `Basic ${Buffer.from(`${credentials.clientId}:${credentials.clientSecret}`).toString('base64')}`;
      if (req.headers.authorization !== basic) return answer(400, { reason: 'Invalid client_id or client_secret', error: 'invalid_client' });
      if (url.searchParams.get('grant_type') !== 'account_credentials') return answer(400, { reason: 'Unsupported grant type', error: 'unsupported_grant_type' });
      if (url.searchParams.get('account_id') !== credentials.accountId) return answer(400, { reason: 'Invalid account_id', error: 'invalid_request' });
      const token = `stub-${randomBytes(12).toString('hex')}`;
      validTokens.add(token);
      issued += 1;
      return answer(200, { access_token: token, token_type: 'bearer', expires_in: ttl, scope: 'meeting:write:admin' });
    }

    if (!url.pathname.startsWith('/v2/')) return answer(404, { code: 404, message: 'Not found' });
    const bearer = req.headers.authorization?.match(/^Bearer (.+)$/)?.[1];
    if (!bearer || !validTokens.has(bearer)) return answer(401, { code: 124, message: 'Invalid access token.' });
    const failure = takeFailure('api');
    if (failure) return answer(failure.status, { code: failure.status, message: failure.message });

    if (url.pathname === '/v2/users/me/meetings' && method === 'POST') {
      const b = body as { topic?: unknown; type?: unknown; start_time?: unknown; duration?: unknown; timezone?: unknown } | null;
      if (!b || typeof b.topic !== 'string' || b.type !== 2 || typeof b.start_time !== 'string' || typeof b.duration !== 'number') {
        return answer(400, { code: 300, message: 'Invalid meeting request.' });
      }
      nextMeetingId += 1;
      const meeting: ZoomStubMeeting = {
        id: nextMeetingId,
        topic: b.topic,
        startTime: b.start_time,
        duration: b.duration,
        timezone: typeof b.timezone === 'string' ? b.timezone : 'UTC',
        joinUrl: `https://zoom.example/j/${nextMeetingId}?pwd=${randomBytes(6).toString('hex')}`,
      };
      meetings.set(String(meeting.id), meeting);
      return answer(201, { id: meeting.id, topic: meeting.topic, start_time: meeting.startTime, duration: meeting.duration, timezone: meeting.timezone, join_url: meeting.joinUrl });
    }
    const match = url.pathname.match(/^\/v2\/meetings\/([^/]+)$/);
    if (match) {
      const meeting = meetings.get(decodeURIComponent(match[1]!));
      if (!meeting) return answer(404, { code: 3001, message: 'Meeting does not exist.' });
      if (method === 'PATCH') {
        const b = (body ?? {}) as { topic?: unknown; start_time?: unknown; duration?: unknown; timezone?: unknown };
        if (typeof b.topic === 'string') meeting.topic = b.topic;
        if (typeof b.start_time === 'string') meeting.startTime = b.start_time;
        if (typeof b.duration === 'number') meeting.duration = b.duration;
        if (typeof b.timezone === 'string') meeting.timezone = b.timezone;
        return answer(204);
      }
      if (method === 'DELETE') {
        meetings.delete(String(meeting.id));
        return answer(204);
      }
    }
    return answer(404, { code: 404, message: 'Not found' });
  }

  const server = createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (raw += c));
    req.on('end', () => handle(req, res, raw));
  });
  await new Promise<void>((ok) => server.listen(options.port ?? 0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  const base = `http://127.0.0.1:${port}`;
  return {
    apiUrl: `${base}/v2`,
    oauthUrl: `${base}/oauth/token`,
    credentials,
    meetings,
    calls,
    tokensIssued: () => issued,
    failNext(status, o = {}) {
      for (let i = 0; i < (o.times ?? 1); i++) failures.push({ target: o.target ?? 'api', status, message: o.message ?? `Injected failure ${status}` });
    },
    expireTokens() {
      validTokens.clear();
    },
    close: () =>
      new Promise<void>((ok, fail) => {
        server.closeAllConnections();
        server.close((err) => (err ? fail(err) : ok()));
      }),
  };
}
