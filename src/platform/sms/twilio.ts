import type { Twilio } from 'twilio';
import type RequestClient from 'twilio/lib/base/RequestClient.js';
// The webhook helpers alone: the whole SDK takes ~200 ms to load, which every process and test
// that composes the app would pay; the provider loads it on its first message instead.
import { validateRequest } from 'twilio/lib/webhooks/webhooks.js';
import type { MessageProvider } from '../email/providers.ts';
import { PermanentJobError } from '../jobs/index.ts';

/** The Twilio account Enso sends SMS from (config TWILIO_*). */
export interface TwilioConfig {
  accountSid: string;
  authToken: string;
  /** The sender: an E.164 number (`+33757…`) or an alphanumeric sender id. */
  from?: string | undefined;
  /** A Messaging Service to send through instead of one number; wins over `from`. */
  messagingServiceSid?: string | undefined;
  /**
   * Where the SDK's calls to `https://api.twilio.com` go instead, e.g. the local stub in tests
   * (`http://127.0.0.1:4010`). Unset: Twilio itself.
   */
  apiUrl?: string | undefined;
}

const TWILIO_API = 'https://api.twilio.com';

async function createClient(config: TwilioConfig): Promise<Twilio> {
  const { default: twilio } = await import('twilio');
  /**
   * The SDK's own HTTP client (axios, form bodies, Basic auth), pointed at another base URL: the
   * "custom HTTP client" hook the SDK documents. Only `api.twilio.com` is rewritten.
   */
  class BaseUrlRequestClient extends twilio.RequestClient {
    readonly #baseUrl: string;

    constructor(baseUrl: string) {
      super({ timeout: 30_000 });
      this.#baseUrl = baseUrl.replace(/\/$/, '');
    }

    override request<TData>(opts: RequestClient.RequestOptions<TData>) {
      const uri = opts.uri.startsWith(TWILIO_API) ? this.#baseUrl + opts.uri.slice(TWILIO_API.length) : opts.uri;
      return super.request<TData>({ ...opts, uri });
    }
  }
  return twilio(config.accountSid, config.authToken, {
    ...(config.apiUrl ? { httpClient: new BaseUrlRequestClient(config.apiUrl) } : {}),
    autoRetry: false,
  });
}

/**
 * SMS through Twilio's Messages API, with the official SDK. The provider message id is the
 * message SID (`SM…`). Called with no transaction open. A 4xx answer is Twilio refusing this
 * message (invalid or unreachable number, blocked sender…): a PermanentJobError, failed at once.
 * 401/403 (credentials the operator can fix), 429 (throttled), 5xx and network errors are retried.
 */
export function twilioProvider(config: TwilioConfig): MessageProvider {
  if (!config.from && !config.messagingServiceSid) throw new Error('Twilio needs a sender: TWILIO_FROM or TWILIO_MESSAGING_SERVICE_SID');
  let client: Promise<Twilio> | undefined;
  const sender = config.messagingServiceSid ? { messagingServiceSid: config.messagingServiceSid } : { from: config.from! };
  return {
    name: 'twilio',
    async send(message) {
      try {
        client ??= createClient(config).catch((err: unknown) => {
          client = undefined;
          throw err;
        });
        const sent = await (await client).messages.create({ to: message.to, body: message.text, ...sender });
        return { providerMessageId: sent.sid };
      } catch (err) {
        throw classifyTwilioError(err);
      }
    },
  };
}

/** Twilio's error answers carry the HTTP status and a Twilio error code (e.g. 21211, invalid To). */
function classifyTwilioError(err: unknown): unknown {
  const e = err as { status?: unknown; code?: unknown; message?: unknown };
  if (typeof e.status !== 'number') return err;
  const code = typeof e.code === 'number' ? ` (${e.code})` : '';
  const message = `Twilio ${e.status}${code}: ${typeof e.message === 'string' ? e.message : 'request failed'}`;
  const permanent = e.status >= 400 && e.status < 500 && ![401, 403, 408, 429].includes(e.status);
  return permanent ? new PermanentJobError(message) : new Error(message, { cause: err });
}

/**
 * Whether an inbound webhook (SMS, call) really comes from Twilio: `signature` is the request's
 * X-Twilio-Signature, `url` the full URL Twilio called (scheme, host, path and query exactly as
 * configured in Twilio), `params` the form fields of the POST body. Wraps the SDK's
 * `validateRequest` (HMAC-SHA1 of the URL and the sorted fields, keyed by the auth token).
 */
export function isValidTwilioSignature(input: {
  authToken: string;
  signature: string | undefined | null;
  url: string;
  params: Record<string, string | string[]>;
}): boolean {
  if (!input.signature || !input.authToken) return false;
  try {
    return validateRequest(input.authToken, input.signature, input.url, input.params);
  } catch {
    // An unparsable URL is not a request Twilio signed.
    return false;
  }
}

/** The request header Twilio signs webhooks in. */
export const twilioSignatureHeader = 'x-twilio-signature';
