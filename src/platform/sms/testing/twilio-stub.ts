import { createHmac, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local peer of the part of Twilio's REST API Enso uses: `POST /2010-04-01/Accounts/{sid}/Messages.json`
 * with a form-encoded body (To, From or MessagingServiceSid, Body) and Basic auth (account SID,
 * auth token). It answers what Twilio answers — 201 and the message resource with its `SM…` sid;
 * 401 (20003) for wrong credentials; 400 with Twilio's error codes for a missing field or an
 * invalid number — and records what it accepted. Point the SDK at it with TWILIO_API_URL.
 * A protocol peer, not a mock of our code.
 *
 * Twilio's magic test numbers fail the way they do on Twilio: To `+15005550001` → 400 (21211,
 * invalid number), `+15005550009` → 400 (21614, not a mobile number); and `+15005550500` here
 * always gets a 500. `failNext` makes the next calls fail whatever their To.
 *
 * It also signs webhooks the way Twilio does (`signWebhook`, `postWebhook`), for inbound SMS.
 */
export interface TwilioStubMessage {
  sid: string;
  accountSid: string;
  to: string;
  from: string | null;
  messagingServiceSid: string | null;
  body: string;
}

export interface TwilioStubCall {
  method: string;
  path: string;
  status: number;
  form: Record<string, string>;
}

export interface TwilioStub {
  /** Pass as TWILIO_API_URL: `http://127.0.0.1:<port>`. */
  apiUrl: string;
  accountSid: string;
  authToken: string;
  /** Messages accepted, in order. */
  messages: TwilioStubMessage[];
  /** Every call, accepted or not. */
  calls: TwilioStubCall[];
  /** The next `times` message requests answer `status` with a Twilio error body. */
  failNext(status: number, options?: { times?: number; code?: number; message?: string }): void;
  /** The X-Twilio-Signature Twilio would send for a webhook to `url` with these form fields. */
  signWebhook(url: string, params: Record<string, string>, authToken?: string): string;
  /** POSTs a signed, form-encoded webhook to `url`, as Twilio delivers an inbound SMS. */
  postWebhook(url: string, params: Record<string, string>): Promise<{ status: number; body: string }>;
  close(): Promise<void>;
}

export const twilioMagicNumbers = {
  invalid: '+15005550001',
  notMobile: '+15005550009',
  serverError: '+15005550500',
} as const;

export async function startTwilioStub(options: { accountSid?: string; authToken?: string; port?: number } = {}): Promise<TwilioStub> {
  const accountSid = options.accountSid ?? `AC${randomBytes(16).toString('hex')}`;
  const authToken = options.authToken ?? randomBytes(16).toString('hex');
  const messages: TwilioStubMessage[] = [];
  const calls: TwilioStubCall[] = [];
  const failures: { status: number; code: number; message: string }[] = [];

  function handle(req: IncomingMessage, res: ServerResponse, raw: string) {
    const url = new URL(req.url ?? '/', 'http://stub');
    const method = req.method ?? 'GET';
    const form = Object.fromEntries(new URLSearchParams(raw));
    const answer = (status: number, json: unknown) => {
      calls.push({ method, path: url.pathname, status, form });
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(json));
    };
    const fail = (status: number, code: number, message: string) =>
      answer(status, { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status });

    const route = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/.exec(url.pathname);
    // Twilio's message list (newest first), as the browser journeys read what was sent.
    if (route && method === 'GET' && route[1] === accountSid) {
      return answer(200, { messages: [...messages].reverse().map((m) => ({ sid: m.sid, to: m.to, from: m.from, body: m.body, account_sid: m.accountSid })) });
    }
    if (!route || method !== 'POST') return fail(404, 20404, `The requested resource ${url.pathname} was not found`);
    const [user, pass] = Buffer.from((req.headers.authorization ?? '').replace(/^Basic /, ''), 'base64').toString('utf8').split(':');
    if (user !== accountSid || pass !== authToken || route[1] !== accountSid) return fail(401, 20003, 'Authenticate');
    if (!/^application\/x-www-form-urlencoded/.test(req.headers['content-type'] ?? '')) return fail(400, 20001, 'Expected a form-encoded body');

    const failure = failures.shift();
    if (failure) return fail(failure.status, failure.code, failure.message);
    const to = form.To ?? '';
    if (!to) return fail(400, 21604, "A 'To' phone number is required.");
    if (!form.From && !form.MessagingServiceSid) return fail(400, 21603, "A 'From' phone number is required.");
    if (!form.Body) return fail(400, 21602, 'Message body is required.');
    if (to === twilioMagicNumbers.invalid || !/^\+?[0-9]{6,15}$/.test(to.replace(/[\s().-]/g, ''))) {
      return fail(400, 21211, `The 'To' number ${to} is not a valid phone number.`);
    }
    if (to === twilioMagicNumbers.notMobile) return fail(400, 21614, `'To' number ${to} is not a valid mobile number`);
    if (to === twilioMagicNumbers.serverError) return fail(500, 20500, 'Internal Server Error');

    const message: TwilioStubMessage = {
      sid: `SM${randomBytes(16).toString('hex')}`,
      accountSid,
      to,
      from: form.From ?? null,
      messagingServiceSid: form.MessagingServiceSid ?? null,
      body: form.Body,
    };
    messages.push(message);
    answer(201, {
      sid: message.sid,
      account_sid: accountSid,
      api_version: '2010-04-01',
      body: message.body,
      direction: 'outbound-api',
      error_code: null,
      error_message: null,
      from: message.from,
      messaging_service_sid: message.messagingServiceSid,
      num_media: '0',
      num_segments: '1',
      price: null,
      price_unit: 'USD',
      status: message.messagingServiceSid ? 'accepted' : 'queued',
      to,
      uri: `/2010-04-01/Accounts/${accountSid}/Messages/${message.sid}.json`,
    });
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => handle(req, res, Buffer.concat(chunks).toString('utf8')));
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const signWebhook = (url: string, params: Record<string, string>, token = authToken) => {
    // Twilio's scheme: the full URL, then each field name and value in name order, HMAC-SHA1, base64.
    const data = Object.keys(params)
      .sort()
      .reduce((acc, key) => acc + key + params[key], url);
    return createHmac('sha1', token).update(Buffer.from(data, 'utf8')).digest('base64');
  };

  return {
    apiUrl: `http://127.0.0.1:${port}`,
    accountSid,
    authToken,
    messages,
    calls,
    failNext(status, opts = {}) {
      for (let i = 0; i < (opts.times ?? 1); i++) {
        failures.push({ status, code: opts.code ?? (status >= 500 ? 20500 : 20001), message: opts.message ?? `Stub failure ${status}` });
      }
    },
    signWebhook,
    async postWebhook(url, params) {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signWebhook(url, params) },
        body: new URLSearchParams(params).toString(),
      });
      return { status: res.status, body: await res.text() };
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Fresh French mobile numbers for a test file, each E.164 (as Twilio sends it) and as a customer
 * might have typed it (`06 12 34 56 78`). `mobile` is the 6 or 7 that follows the country code;
 * `base` keeps the numbers of files running side by side apart.
 */
export function frenchMobiles(mobile: '6' | '7', base: number): () => { e164: string; typed: string } {
  let n = 0;
  return () => {
    n += 1;
    const rest = String(base + process.pid * 100 + n).slice(-8);
    return { e164: `+33${mobile}${rest}`, typed: `0${mobile} ${rest.slice(0, 2)} ${rest.slice(2, 4)} ${rest.slice(4, 6)} ${rest.slice(6)}` };
  };
}
