import { createHmac, randomBytes, randomInt } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { stripeBrowserScript } from './stripe-stub-js.ts';

/**
 * A local peer of the parts of Stripe's API Enso uses, speaking Stripe's wire format: form bodies
 * with bracket notation (`metadata[orderId]=…`), JSON answers with `object`, errors as
 * `{ error: { type, code, decline_code, message, payment_intent } }` (402 for card errors), and
 * idempotency like Stripe's (same `Idempotency-Key` + same parameters → the first answer again with
 * `Idempotent-Replayed: true` and no new effect; other parameters → 400 `idempotency_error`).
 * The official SDK is pointed at it through its host/port/protocol settings (STRIPE_API_URL).
 *
 * Test cards behave like Stripe's test payment methods:
 * - `pm_card_visa` (4242 4242 4242 4242): succeeds;
 * - `pm_card_chargeDeclined` (4000 0000 0000 0002): `card_declined` / `generic_decline`; a SetupIntent with it fails too;
 * - `pm_card_chargeDeclinedInsufficientFunds` (…9995): `card_declined` / `insufficient_funds`;
 * - `pm_card_chargeCustomerFail` (…0341): saves fine, every charge is declined (a card that fails at renewal);
 * - `pm_card_authenticationRequired` (4000 0025 0000 3155): on-session → `requires_action`; off-session →
 *   402 `authentication_required`. A confirmation from the browser (publishable key + client secret)
 *   stands for the customer passing 3-D Secure, so it succeeds.
 * Using or attaching a test card makes a new `pm_…` with brand, last4 and expiry.
 *
 * It also serves a small stand-in for Stripe.js at `GET /v3/` (see stripe-stub-js.ts), signs and
 * delivers webhook events, injects faults and delays, and records every request for inspection.
 * A protocol peer for tests, not a mock of Enso's code, and not a full Stripe.
 */

type Json = Record<string, unknown>;

export interface StripeStubRequest {
  method: string;
  path: string;
  params: Json;
  status: number;
  idempotencyKey: string | null;
  replayed: boolean;
  /** `secret` (the server), `publishable` (the browser stand-in) or null. */
  auth: 'secret' | 'publishable' | null;
}

export interface StripeStubPaymentIntent extends Json {
  id: string;
  object: 'payment_intent';
  amount: number;
  amount_received: number;
  currency: string;
  customer: string | null;
  payment_method: string | null;
  status: 'requires_payment_method' | 'requires_confirmation' | 'requires_action' | 'processing' | 'succeeded' | 'canceled';
  client_secret: string;
  metadata: Record<string, string>;
  latest_charge: string | null;
}

export interface WebhookEvent extends Json {
  id: string;
  object: 'event';
  type: string;
  created: number;
  data: { object: Json };
}

export interface DeliverOptions {
  /** Copies of each event to send (3 = every event delivered three times). Default 1. */
  duplicates?: number;
  /** Sends the copies in a random order. */
  shuffle?: boolean;
  /** Signs with a timestamp this many seconds in the past. */
  staleBySeconds?: number;
  /** Signs with a secret the endpoint does not know. */
  badSignature?: boolean;
  /** Overrides the stub's webhook secret. */
  secret?: string;
}

export type StripeFault = { status: number; afterProcessing?: boolean } | { reset: true; afterProcessing?: boolean };

export interface StripeStub {
  /** `http://127.0.0.1:<port>`: pass as STRIPE_API_URL. */
  url: string;
  port: number;
  /** The stand-in for Stripe.js: pass as STRIPE_JS_URL. */
  jsUrl: string;
  secretKey: string;
  publishableKey: string;
  webhookSecret: string;
  /**
   * The next `n` API calls fail: with an HTTP status (e.g. 500) or a reset connection. With
   * `afterProcessing` the call takes effect first and only its answer is lost, as when a network
   * cut or a crash hides a charge that happened.
   */
  failNext(n: number, fault: StripeFault): void;
  /** The next API call (or the next `n`) waits `ms` before it is handled. */
  delayNext(ms: number, n?: number): void;
  paymentIntents(): StripeStubPaymentIntent[];
  paymentIntent(id: string): StripeStubPaymentIntent | undefined;
  /** The succeeded PaymentIntents of a customer: a double charge shows here as two. */
  succeededChargesFor(customerId: string): StripeStubPaymentIntent[];
  refunds(): Json[];
  customers(): Json[];
  /** Requests whose method matches and whose path equals (string) or matches (RegExp) `path`. */
  requestsMatching(method: string, path: string | RegExp): StripeStubRequest[];
  requests(): StripeStubRequest[];
  counts(): { requests: number; replays: number; customers: number; paymentIntents: number; succeededPaymentIntents: number; refunds: number; setupIntents: number };
  /** Saves a test card on a customer without an API call (test set-up); returns the new `pm_…`. */
  addCard(customerId: string, testPaymentMethod?: string): string;
  /** Stripe's clock in Unix seconds: the wall clock, which the SDK checks a signature's age against. */
  now(): number;
  /** A `Stripe-Signature` header the SDK's `constructEvent` accepts for this exact payload. */
  sign(payload: string, secret?: string, timestamp?: number): string;
  /** An event as Stripe sends it (`evt_…` id, `created` now unless given). */
  event(type: string, object: Json, created?: number): WebhookEvent;
  /** POSTs signed events to `url`; returns the HTTP status of each delivery, in order. */
  deliver(url: string, events: WebhookEvent[], options?: DeliverOptions): Promise<number[]>;
  /** Where events go after the matching API call (or null to stop); a function picks per event. */
  setEndpoint(endpoint: string | ((event: WebhookEvent) => string | null) | null): void;
  /** Waits until every automatic delivery started so far has been answered. */
  settle(): Promise<void>;
  /** Automatic deliveries made so far, with the endpoint's status. */
  deliveries(): { eventId: string; type: string; url: string; status: number }[];
  close(): Promise<void>;
}

interface TestCard {
  last4: string;
  brand: string;
  behaviour: 'ok' | 'declined' | 'insufficient' | 'customer_fail' | 'authentication';
}

const testCards: Record<string, TestCard> = {
  pm_card_visa: { last4: '4242', brand: 'visa', behaviour: 'ok' },
  pm_card_mastercard: { last4: '4444', brand: 'mastercard', behaviour: 'ok' },
  pm_card_chargeDeclined: { last4: '0002', brand: 'visa', behaviour: 'declined' },
  pm_card_chargeDeclinedInsufficientFunds: { last4: '9995', brand: 'visa', behaviour: 'insufficient' },
  pm_card_chargeCustomerFail: { last4: '0341', brand: 'visa', behaviour: 'customer_fail' },
  pm_card_authenticationRequired: { last4: '3155', brand: 'visa', behaviour: 'authentication' },
};

interface StoredPaymentMethod {
  object: Json;
  behaviour: TestCard['behaviour'];
}

class StripeHttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: Json,
  ) {
    super(String(body.message ?? 'error'));
  }
}

const invalid = (message: string, extra: Json = {}) =>
  new StripeHttpError(400, { type: 'invalid_request_error', message, ...extra });
const missing = (kind: string, id: string, param: string, status = 404) =>
  new StripeHttpError(status, { type: 'invalid_request_error', code: 'resource_missing', param, message: `No such ${kind}: '${id}'` });

/** `a[b][0]=x&a[b][1]=y&c=z` → `{ a: { b: ['x', 'y'] }, c: 'z' }` (Stripe's form encoding). */
export function parseStripeForm(text: string): Json {
  const root: Json = {};
  for (const [rawKey, value] of new URLSearchParams(text)) {
    const match = rawKey.match(/^([^[\]]+)((?:\[[^\]]*\])*)$/);
    if (!match) continue;
    const segments = [match[1]!, ...[...match[2]!.matchAll(/\[([^\]]*)\]/g)].map((m) => m[1]!)];
    let node: Json | unknown[] = root;
    for (let i = 0; i < segments.length; i++) {
      const segment = segments[i]!;
      const last = i === segments.length - 1;
      const nextIsIndex = !last && /^\d*$/.test(segments[i + 1]!);
      if (Array.isArray(node)) {
        const index = segment === '' ? node.length : Number(segment);
        if (last) node[index] = value;
        else node = (node[index] ??= nextIsIndex ? [] : {}) as Json | unknown[];
      } else if (last) {
        node[segment] = value;
      } else {
        node = (node[segment] ??= nextIsIndex ? [] : {}) as Json | unknown[];
      }
    }
  }
  return root;
}

/** Parameters in a canonical form, so the same call compares equal however it was encoded. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Json)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

const bool = (v: unknown) => v === true || v === 'true';
const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : null);
const metadataOf = (v: unknown): Record<string, string> =>
  v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Json).map(([k, x]) => [k, String(x)])) : {};
/** `allowed_payment_method_types` (current API) or `payment_method_types` (older versions); cards by default. */
const typesOf = (params: Json): string[] => {
  const types = params.allowed_payment_method_types ?? params.payment_method_types;
  return Array.isArray(types) ? types.map(String) : ['card'];
};
const expansions = (params: Json): string[] => (Array.isArray(params.expand) ? params.expand.map(String) : []);

export async function startStripeStub(
  options: { webhookSecret?: string; secretKey?: string; publishableKey?: string; port?: number; endpoint?: string | ((event: WebhookEvent) => string | null) } = {},
): Promise<StripeStub> {
  const secretKey = options.secretKey ?? 'sk_test_enso_stub';
  const publishableKey = options.publishableKey ?? 'pk_test_enso_stub';
  const webhookSecret = options.webhookSecret ?? 'whsec_enso_stub';
  let endpoint = options.endpoint ?? null;

  const customers = new Map<string, Json>();
  const paymentMethods = new Map<string, StoredPaymentMethod>();
  const paymentIntents = new Map<string, StripeStubPaymentIntent>();
  const setupIntents = new Map<string, Json>();
  const refunds = new Map<string, Json>();
  const charges = new Map<string, Json>();
  const succeededByCustomer = new Map<string, StripeStubPaymentIntent[]>();
  const log: StripeStubRequest[] = [];
  const idempotency = new Map<string, { fingerprint: string; status: number; body: Json }>();
  const inFlight = new Set<string>();
  const faults: StripeFault[] = [];
  const delays: number[] = [];
  const pendingDeliveries = new Set<Promise<void>>();
  const deliveryLog: { eventId: string; type: string; url: string; status: number }[] = [];
  let replays = 0;
  let seq = 0;

  const newId = (prefix: string) => `${prefix}_${(++seq).toString(36).padStart(6, '0')}${randomBytes(9).toString('base64url').replace(/[-_]/g, 'x')}`;
  const now = () => Math.floor(Date.now() / 1000);

  // --- objects -------------------------------------------------------------------------------

  function makePaymentMethod(token: string, customer: string | null): StoredPaymentMethod {
    const card = testCards[token]!;
    const id = newId('pm');
    const stored: StoredPaymentMethod = {
      behaviour: card.behaviour,
      object: {
        id,
        object: 'payment_method',
        type: 'card',
        card: { brand: card.brand, last4: card.last4, exp_month: 12, exp_year: new Date().getUTCFullYear() + 4, funding: 'credit', country: 'US', fingerprint: `fp${card.last4}${token.length}` },
        billing_details: { address: null, email: null, name: null, phone: null },
        customer,
        created: now(),
        livemode: false,
        metadata: {},
      },
    };
    paymentMethods.set(id, stored);
    return stored;
  }

  /** A test token makes a new payment method; a `pm_…` must exist and belong to the customer (when it has one). */
  function resolvePaymentMethod(ref: string, customer: string | null, param = 'payment_method'): StoredPaymentMethod {
    if (testCards[ref]) return makePaymentMethod(ref, null);
    const pm = paymentMethods.get(ref);
    if (!pm) throw missing('PaymentMethod', ref, param, 400);
    const owner = pm.object.customer as string | null;
    if (owner && customer && owner !== customer) {
      throw invalid(`The provided PaymentMethod ${ref} belongs to another Customer.`, { param });
    }
    return pm;
  }

  function customerOrThrow(id: unknown, param = 'customer'): string | null {
    const ref = str(id);
    if (ref === null) return null;
    if (!customers.has(ref)) throw missing('customer', ref, param, 400);
    return ref;
  }

  function withExpansions(object: Json, params: Json): Json {
    const expand = expansions(params);
    if (expand.includes('payment_method') && typeof object.payment_method === 'string') {
      return { ...object, payment_method: paymentMethods.get(object.payment_method)?.object ?? object.payment_method };
    }
    return object;
  }

  // --- webhooks ------------------------------------------------------------------------------

  function sign(payload: string, secret = webhookSecret, timestamp = now()): string {
    const signature = createHmac('sha256', secret).update(`${timestamp}.${payload}`, 'utf8').digest('hex');
    return `t=${timestamp},v1=${signature}`;
  }

  function event(type: string, object: Json, created = now()): WebhookEvent {
    return {
      id: newId('evt'),
      object: 'event',
      api_version: '2026-10-28.endive',
      created,
      data: { object: structuredClone(object) },
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      type,
    };
  }

  async function post(url: string, ev: WebhookEvent, o: DeliverOptions): Promise<number> {
    const payload = JSON.stringify(ev, null, 2);
    const timestamp = now() - (o.staleBySeconds ?? 0);
    const secret = o.badSignature ? `${o.secret ?? webhookSecret}-wrong` : (o.secret ?? webhookSecret);
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', 'stripe-signature': sign(payload, secret, timestamp), 'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)' },
      body: payload,
    });
    await res.arrayBuffer();
    return res.status;
  }

  async function deliver(url: string, events: WebhookEvent[], o: DeliverOptions = {}): Promise<number[]> {
    const copies = Math.max(1, o.duplicates ?? 1);
    const queue = events.flatMap((e) => Array.from({ length: copies }, () => e));
    if (o.shuffle) {
      for (let i = queue.length - 1; i > 0; i--) {
        const j = randomInt(i + 1);
        [queue[i], queue[j]] = [queue[j]!, queue[i]!];
      }
    }
    const statuses: number[] = [];
    for (const ev of queue) statuses.push(await post(url, ev, o));
    return statuses;
  }

  function emit(type: string, object: Json) {
    if (!endpoint) return;
    const ev = event(type, object);
    const url = typeof endpoint === 'function' ? endpoint(ev) : endpoint;
    if (!url) return;
    const p: Promise<void> = post(url, ev, {})
      .then((status) => void deliveryLog.push({ eventId: ev.id, type, url, status }))
      .catch(() => void deliveryLog.push({ eventId: ev.id, type, url, status: 0 }))
      .finally(() => pendingDeliveries.delete(p));
    pendingDeliveries.add(p);
  }

  // --- payment intents -----------------------------------------------------------------------

  function chargeFor(pi: StripeStubPaymentIntent, status: 'succeeded' | 'failed', failure?: { code: string; decline: string; message: string }): Json {
    const charge: Json = {
      id: newId('ch'),
      object: 'charge',
      amount: pi.amount,
      amount_captured: status === 'succeeded' ? pi.amount : 0,
      amount_refunded: 0,
      currency: pi.currency,
      customer: pi.customer,
      payment_intent: pi.id,
      payment_method: pi.payment_method,
      paid: status === 'succeeded',
      refunded: false,
      status,
      failure_code: failure?.code ?? null,
      failure_message: failure?.message ?? null,
      outcome: failure ? { type: 'issuer_declined', reason: failure.decline } : { type: 'authorized' },
      metadata: pi.metadata,
      created: now(),
      livemode: false,
    };
    charges.set(charge.id as string, charge);
    pi.latest_charge = charge.id as string;
    return charge;
  }

  function decline(pi: StripeStubPaymentIntent, code: string, declineCode: string, message: string): never {
    const charge = code === 'card_declined' ? chargeFor(pi, 'failed', { code, decline: declineCode, message }) : null;
    const error: Json = {
      type: 'card_error',
      code,
      decline_code: declineCode,
      message,
      ...(charge ? { charge: charge.id } : {}),
      payment_method: paymentMethods.get(pi.payment_method ?? '')?.object ?? null,
    };
    pi.status = 'requires_payment_method';
    pi.last_payment_error = error;
    pi.next_action = null;
    emit('payment_intent.payment_failed', pi);
    throw new StripeHttpError(402, { ...error, payment_intent: structuredClone(pi) });
  }

  /** Stripe's confirmation of a PaymentIntent with its payment method, as the cards above behave. */
  function confirmPaymentIntent(pi: StripeStubPaymentIntent, offSession: boolean, fromBrowser: boolean) {
    const pm = pi.payment_method ? paymentMethods.get(pi.payment_method) : undefined;
    if (!pm) {
      throw invalid('You cannot confirm this PaymentIntent because it\'s missing a payment method.', { code: 'payment_intent_unexpected_state' });
    }
    switch (pm.behaviour) {
      case 'declined':
      case 'customer_fail':
        return decline(pi, 'card_declined', 'generic_decline', 'Your card was declined.');
      case 'insufficient':
        return decline(pi, 'card_declined', 'insufficient_funds', 'Your card has insufficient funds.');
      case 'authentication':
        if (offSession) {
          return decline(pi, 'authentication_required', 'authentication_required', 'Your card was declined. This transaction requires authentication.');
        }
        if (!fromBrowser) {
          pi.status = 'requires_action';
          pi.next_action = { type: 'use_stripe_sdk', use_stripe_sdk: { type: 'three_d_secure_redirect', stripe_js: `${base}/3ds` } };
          return;
        }
        break;
      case 'ok':
        break;
    }
    pi.status = 'succeeded';
    pi.amount_received = pi.amount;
    pi.next_action = null;
    pi.last_payment_error = null;
    chargeFor(pi, 'succeeded');
    if (pi.customer) {
      const list = succeededByCustomer.get(pi.customer) ?? [];
      list.push(pi);
      succeededByCustomer.set(pi.customer, list);
    }
    if (pi.setup_future_usage && pi.customer && !pm.object.customer) pm.object.customer = pi.customer;
    emit('payment_intent.succeeded', pi);
  }

  function createPaymentIntent(params: Json): Json {
    const amount = Number(params.amount);
    if (!Number.isInteger(amount) || amount < 1) throw invalid('Invalid positive integer', { param: 'amount', code: 'parameter_invalid_integer' });
    const currency = str(params.currency);
    if (!currency || !/^[a-z]{3}$/.test(currency)) throw invalid('Invalid currency', { param: 'currency', code: 'parameter_invalid_string' });
    const customer = customerOrThrow(params.customer);
    const offSession = bool(params.off_session);
    const confirm = bool(params.confirm);
    if (offSession && !confirm) throw invalid('`off_session` can only be set when `confirm` is true.', { param: 'off_session' });
    const pmRef = str(params.payment_method);
    const pm = pmRef ? resolvePaymentMethod(pmRef, customer) : null;
    const id = newId('pi');
    const pi: StripeStubPaymentIntent = {
      id,
      object: 'payment_intent',
      amount,
      amount_capturable: 0,
      amount_received: 0,
      capture_method: 'automatic',
      client_secret: `${id}_secret_${randomBytes(12).toString('hex')}`,
      confirmation_method: 'automatic',
      created: now(),
      currency,
      customer,
      description: str(params.description),
      last_payment_error: null,
      latest_charge: null,
      livemode: false,
      metadata: metadataOf(params.metadata),
      next_action: null,
      payment_method: pm ? (pm.object.id as string) : null,
      payment_method_types: typesOf(params),
      setup_future_usage: str(params.setup_future_usage),
      status: pm ? 'requires_confirmation' : 'requires_payment_method',
    };
    paymentIntents.set(id, pi);
    if (confirm) confirmPaymentIntent(pi, offSession, false);
    return withExpansions(pi, params);
  }

  // --- requests ------------------------------------------------------------------------------

  function route(method: string, path: string, params: Json, auth: 'secret' | 'publishable'): { status: number; body: Json } {
    const ok = (body: Json) => ({ status: 200, body });
    const parts = path.split('/').filter(Boolean).slice(1); // drop "v1"
    const [resource, id, action] = parts;
    const browserAllowed =
      (resource === 'payment_intents' || resource === 'setup_intents') && id && (action === 'confirm' || (action === undefined && method === 'GET'));
    if (auth === 'publishable') {
      if (!browserAllowed) throw new StripeHttpError(401, { type: 'invalid_request_error', message: 'This API call cannot be made with a publishable API key.' });
      const intent = resource === 'payment_intents' ? paymentIntents.get(id) : setupIntents.get(id);
      if (!intent) throw missing(resource === 'payment_intents' ? 'payment_intent' : 'setup_intent', id, 'intent');
      if (params.client_secret !== intent.client_secret) throw invalid('The client_secret provided does not match the client_secret associated with this intent.', { param: 'client_secret' });
    }
    const list = (url: string, data: Json[]) => ok({ object: 'list', data, has_more: false, url });

    if (resource === 'customers' && !id && method === 'POST') {
      const customer: Json = { id: newId('cus'), object: 'customer', email: str(params.email), name: str(params.name), description: str(params.description), metadata: metadataOf(params.metadata), created: now(), livemode: false, invoice_settings: { default_payment_method: null } };
      customers.set(customer.id as string, customer);
      return ok(customer);
    }
    if (resource === 'customers' && id && !action && method === 'GET') {
      const customer = customers.get(id);
      if (!customer) throw missing('customer', id, 'id');
      return ok(customer);
    }
    if (resource === 'customers' && id && action === 'payment_methods' && method === 'GET') {
      if (!customers.has(id)) throw missing('customer', id, 'customer');
      return list(`/v1/customers/${id}/payment_methods`, cardsOf(id));
    }

    if (resource === 'payment_methods' && !id && method === 'GET') {
      const customer = customerOrThrow(params.customer);
      if (!customer) throw invalid('Missing required param: customer.', { param: 'customer', code: 'parameter_missing' });
      return list('/v1/payment_methods', cardsOf(customer));
    }
    if (resource === 'payment_methods' && id) {
      const pm = paymentMethods.get(id) ?? (testCards[id] && action === 'attach' ? resolvePaymentMethod(id, null) : undefined);
      if (!pm) throw missing('PaymentMethod', id, 'payment_method');
      if (!action && method === 'GET') return ok(pm.object);
      if (action === 'attach' && method === 'POST') {
        const customer = customerOrThrow(params.customer);
        if (!customer) throw invalid('Missing required param: customer.', { param: 'customer', code: 'parameter_missing' });
        if (pm.object.customer && pm.object.customer !== customer) throw invalid('The payment method you provided has already been attached to a customer.', { code: 'payment_method_unexpected_state' });
        pm.object.customer = customer;
        return ok(pm.object);
      }
      if (action === 'detach' && method === 'POST') {
        if (!pm.object.customer) throw invalid('The payment method you provided is not attached to a customer so detachment is impossible.', { code: 'payment_method_unexpected_state' });
        pm.object.customer = null;
        return ok(pm.object);
      }
    }

    if (resource === 'setup_intents' && !id && method === 'POST') {
      const customer = customerOrThrow(params.customer);
      const sid = newId('seti');
      const si: Json = { id: sid, object: 'setup_intent', client_secret: `${sid}_secret_${randomBytes(12).toString('hex')}`, customer, usage: str(params.usage) ?? 'off_session', payment_method: null, payment_method_types: typesOf(params), status: 'requires_payment_method', last_setup_error: null, next_action: null, metadata: metadataOf(params.metadata), created: now(), livemode: false };
      setupIntents.set(sid, si);
      const pmRef = str(params.payment_method);
      if (pmRef) {
        si.payment_method = resolvePaymentMethod(pmRef, customer).object.id;
        si.status = 'requires_confirmation';
        if (bool(params.confirm)) confirmSetupIntent(si, false);
      }
      return ok(withExpansions(si, params));
    }
    if (resource === 'setup_intents' && id) {
      const si = setupIntents.get(id);
      if (!si) throw missing('setup_intent', id, 'intent');
      if (!action && method === 'GET') return ok(withExpansions(si, params));
      if (action === 'confirm' && method === 'POST') {
        if (si.status === 'succeeded') throw invalid('You cannot confirm this SetupIntent because it has already succeeded.', { code: 'setup_intent_unexpected_state', setup_intent: si });
        const pmRef = str(params.payment_method);
        if (pmRef) si.payment_method = resolvePaymentMethod(pmRef, si.customer as string | null).object.id;
        confirmSetupIntent(si, auth === 'publishable');
        return ok(withExpansions(si, params));
      }
    }

    if (resource === 'payment_intents' && !id && method === 'POST') return ok(createPaymentIntent(params));
    if (resource === 'payment_intents' && id) {
      const pi = paymentIntents.get(id);
      if (!pi) throw missing('payment_intent', id, 'intent');
      if (!action && method === 'GET') return ok(withExpansions(pi, params));
      if (action === 'confirm' && method === 'POST') {
        if (pi.status === 'succeeded' || pi.status === 'canceled' || pi.status === 'processing') {
          throw invalid(`This PaymentIntent's status is ${pi.status}, so it cannot be confirmed.`, { code: 'payment_intent_unexpected_state', payment_intent: pi });
        }
        const pmRef = str(params.payment_method);
        if (pmRef) pi.payment_method = resolvePaymentMethod(pmRef, pi.customer).object.id as string;
        if (params.setup_future_usage) pi.setup_future_usage = str(params.setup_future_usage);
        confirmPaymentIntent(pi, bool(params.off_session), auth === 'publishable');
        return ok(withExpansions(pi, params));
      }
    }

    if (resource === 'refunds' && !id && method === 'POST') {
      const piId = str(params.payment_intent);
      const pi = piId ? paymentIntents.get(piId) : undefined;
      if (!piId) throw invalid('One of `charge` or `payment_intent` is required.', { code: 'parameter_missing' });
      if (!pi) throw missing('payment_intent', piId, 'payment_intent', 400);
      if (pi.status !== 'succeeded' || !pi.latest_charge) throw invalid(`This PaymentIntent (${piId}) does not have a successful charge to refund.`, { code: 'charge_not_refundable' });
      const charge = charges.get(pi.latest_charge)!;
      const left = pi.amount_received - Number(charge.amount_refunded);
      const amount = params.amount === undefined ? left : Number(params.amount);
      if (!Number.isInteger(amount) || amount < 1) throw invalid('Invalid positive integer', { param: 'amount', code: 'parameter_invalid_integer' });
      if (amount > left) throw invalid(`Refund amount (${amount}) is greater than unrefunded amount on charge (${left})`, { param: 'amount', code: 'amount_too_large' });
      const refund: Json = { id: newId('re'), object: 'refund', amount, currency: pi.currency, payment_intent: pi.id, charge: charge.id, status: 'succeeded', reason: str(params.reason), metadata: metadataOf(params.metadata), created: now() };
      refunds.set(refund.id as string, refund);
      charge.amount_refunded = Number(charge.amount_refunded) + amount;
      charge.refunded = charge.amount_refunded === charge.amount;
      emit('charge.refunded', { ...charge, refunds: { object: 'list', data: [...refunds.values()].filter((r) => r.charge === charge.id), has_more: false } });
      return ok(refund);
    }
    if (resource === 'refunds' && id && !action && method === 'GET') {
      const refund = refunds.get(id);
      if (!refund) throw missing('refund', id, 'id');
      return ok(refund);
    }

    throw new StripeHttpError(404, { type: 'invalid_request_error', message: `Unrecognized request URL (${method}: ${path}).` });
  }

  function confirmSetupIntent(si: Json, fromBrowser: boolean) {
    const pm = paymentMethods.get(String(si.payment_method ?? ''));
    if (!pm) throw invalid('You cannot confirm this SetupIntent because it\'s missing a payment method.', { code: 'setup_intent_unexpected_state' });
    if (pm.behaviour === 'declined' || pm.behaviour === 'insufficient') {
      const error = { type: 'card_error', code: 'card_declined', decline_code: pm.behaviour === 'declined' ? 'generic_decline' : 'insufficient_funds', message: 'Your card was declined.', payment_method: pm.object };
      si.status = 'requires_payment_method';
      si.last_setup_error = error;
      si.payment_method = null;
      emit('setup_intent.setup_failed', si);
      throw new StripeHttpError(402, { ...error, setup_intent: structuredClone(si) });
    }
    if (pm.behaviour === 'authentication' && !fromBrowser) {
      si.status = 'requires_action';
      si.next_action = { type: 'use_stripe_sdk' };
      return;
    }
    if (si.customer) pm.object.customer = si.customer;
    si.status = 'succeeded';
    si.next_action = null;
    si.last_setup_error = null;
    emit('setup_intent.succeeded', si);
  }

  function cardsOf(customer: string): Json[] {
    const out: Json[] = [];
    for (const pm of paymentMethods.values()) if (pm.object.customer === customer) out.push(pm.object);
    return out.reverse(); // newest first, as Stripe lists
  }

  /** Runs one API request with Stripe's idempotency rules around it. */
  async function handleApi(method: string, path: string, params: Json, key: string | null, auth: 'secret' | 'publishable', delay: number | undefined): Promise<{ status: number; body: Json; replayed: boolean }> {
    const fingerprint = `${method} ${path} ${canonical(params)}`;
    if (key && method === 'POST') {
      const scoped = `${auth}:${key}`;
      const saved = idempotency.get(scoped);
      if (saved) {
        if (saved.fingerprint !== fingerprint) {
          return { status: 400, replayed: false, body: { error: { type: 'idempotency_error', message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.` } } };
        }
        replays += 1;
        return { ...saved, replayed: true };
      }
      if (inFlight.has(scoped)) {
        return { status: 409, replayed: false, body: { error: { type: 'idempotency_error', code: 'idempotency_key_in_use', message: 'There is currently another in-progress request using this Stripe API Key and idempotency key.' } } };
      }
    }
    let result: { status: number; body: Json };
    const scoped = key && method === 'POST' ? `${auth}:${key}` : null;
    if (scoped) inFlight.add(scoped);
    try {
      // A delayed call holds its key meanwhile: a concurrent call with the same key gets Stripe's 409.
      if (delay) await new Promise((ok) => setTimeout(ok, delay));
      result = route(method, path, params, auth);
    } catch (err) {
      if (!(err instanceof StripeHttpError)) throw err;
      result = { status: err.status, body: { error: err.body } };
      // Stripe saves no result for a request that failed validation before it started executing.
      if (err.status !== 402) return { ...result, replayed: false };
    } finally {
      if (scoped) inFlight.delete(scoped);
    }
    if (key && method === 'POST') idempotency.set(`${auth}:${key}`, { fingerprint, ...result });
    return { ...result, replayed: false };
  }

  const cors = {
    'access-control-allow-origin': '*',
    'access-control-allow-headers': 'authorization, content-type, idempotency-key, stripe-version',
    'access-control-allow-methods': 'GET, POST, OPTIONS',
  };

  async function handle(req: IncomingMessage, res: ServerResponse, raw: string) {
    const url = new URL(req.url ?? '/', 'http://stub');
    const method = req.method ?? 'GET';
    if (method === 'OPTIONS') {
      res.writeHead(204, { ...cors, 'access-control-max-age': '600' });
      return res.end();
    }
    if (method === 'GET' && (url.pathname === '/v3' || url.pathname === '/v3/')) {
      res.writeHead(200, { ...cors, 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-store' });
      return res.end(stripeBrowserScript(base));
    }
    const send = (status: number, body: Json, headers: Record<string, string> = {}) => {
      res.writeHead(status, { ...cors, 'content-type': 'application/json', 'request-id': `req_${randomBytes(7).toString('hex')}`, ...headers });
      res.end(JSON.stringify(body));
    };
    if (!url.pathname.startsWith('/v1/')) return send(404, { error: { type: 'invalid_request_error', message: `Unrecognized request URL (${method}: ${url.pathname}).` } });

    const delay = delays.shift();
    const fault = faults.shift();
    const key = typeof req.headers['idempotency-key'] === 'string' ? req.headers['idempotency-key'] : null;
    const params = method === 'GET' ? parseStripeForm(url.search.slice(1)) : parseStripeForm(raw);
    const record = (status: number, replayed: boolean, auth: StripeStubRequest['auth']) =>
      log.push({ method, path: url.pathname, params, status, idempotencyKey: key, replayed, auth });

    const bearer = req.headers.authorization?.match(/^Bearer (.+)$/)?.[1];
    const auth = bearer === secretKey ? 'secret' : bearer === publishableKey ? 'publishable' : null;
    if (!auth) {
      record(401, false, null);
      return send(401, { error: { type: 'invalid_request_error', message: `Invalid API Key provided: ${(bearer ?? '').slice(0, 8)}***` } });
    }
    if (fault && !fault.afterProcessing) {
      record('status' in fault ? fault.status : 0, false, auth);
      if ('reset' in fault) return req.socket.destroy();
      return send(fault.status, { error: { type: 'api_error', message: 'An unknown error occurred (injected by the stub).' } });
    }
    const result = await handleApi(method, url.pathname, params, key, auth, delay);
    record(fault ? ('status' in fault ? fault.status : 0) : result.status, result.replayed, auth);
    if (fault) {
      // The call took effect; only its answer is lost.
      if ('reset' in fault) return req.socket.destroy();
      return send(fault.status, { error: { type: 'api_error', message: 'An unknown error occurred (injected by the stub).' } });
    }
    return send(result.status, result.body, result.replayed ? { 'idempotent-replayed': 'true', 'original-request': 'req_replayed' } : {});
  }

  const server = createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (raw += c));
    req.on('end', () => {
      handle(req, res, raw).catch((err: unknown) => {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { type: 'api_error', message: `stub failure: ${String(err)}` } }));
      });
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((ok) => server.listen(options.port ?? 0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  const base = `http://127.0.0.1:${port}`;

  return {
    url: base,
    port,
    jsUrl: `${base}/v3/`,
    secretKey,
    publishableKey,
    webhookSecret,
    failNext(n, fault) {
      for (let i = 0; i < n; i++) faults.push(fault);
    },
    delayNext(ms, n = 1) {
      for (let i = 0; i < n; i++) delays.push(ms);
    },
    paymentIntents: () => [...paymentIntents.values()],
    paymentIntent: (id) => paymentIntents.get(id),
    succeededChargesFor: (customerId) => [...(succeededByCustomer.get(customerId) ?? [])],
    refunds: () => [...refunds.values()],
    customers: () => [...customers.values()],
    requestsMatching: (method, path) =>
      log.filter((r) => r.method === method.toUpperCase() && (typeof path === 'string' ? r.path === path : path.test(r.path))),
    requests: () => [...log],
    counts: () => ({
      requests: log.length,
      replays,
      customers: customers.size,
      paymentIntents: paymentIntents.size,
      succeededPaymentIntents: [...succeededByCustomer.values()].reduce((n, l) => n + l.length, 0),
      refunds: refunds.size,
      setupIntents: setupIntents.size,
    }),
    addCard(customerId, token = 'pm_card_visa') {
      if (!customers.has(customerId)) throw new Error(`no customer ${customerId} in the Stripe stub`);
      if (!testCards[token]) throw new Error(`unknown test card ${token}`);
      return makePaymentMethod(token, customerId).object.id as string;
    },
    now,
    sign,
    event,
    deliver,
    setEndpoint(next) {
      endpoint = next;
    },
    async settle() {
      while (pendingDeliveries.size > 0) await Promise.all([...pendingDeliveries]);
    },
    deliveries: () => [...deliveryLog],
    close: () =>
      new Promise<void>((ok, fail) => {
        server.closeAllConnections();
        server.close((err) => (err ? fail(err) : ok()));
      }),
  };
}
