import Stripe from 'stripe';
import type { StripeEndpoint } from '../config.ts';
import {
  PaymentProviderError,
  type ChargeResult,
  type PaymentProvider,
  type ProviderEvent,
  type RefundResult,
  type SavedCard,
} from './provider.ts';

export interface StripeKeys {
  secretKey: string;
  webhookSecret: string;
}

/** Stripe refuses a webhook whose timestamp is older than this; so do we (replay protection). */
export const webhookToleranceSeconds = 300;

/**
 * The `stripe` provider over the official SDK. Every write sends our idempotency key, and the SDK
 * retries network failures, 409s and 5xx twice with that same key, so a retry never charges twice.
 * Card declines are results (`status: 'failed'`), not exceptions; an unreachable Stripe is
 * `provider_unavailable`, a refused key `not_configured`, anything else Stripe rejects `invalid_request`.
 * Amounts go to Stripe as they are: Enso's minor units are Stripe's smallest currency unit.
 */
export function createStripeProvider(keys: StripeKeys, endpoint: StripeEndpoint, options: { timeoutMs?: number } = {}): PaymentProvider {
  const stripe = new Stripe(keys.secretKey, {
    host: endpoint.host,
    port: endpoint.port,
    protocol: endpoint.protocol,
    maxNetworkRetries: 2,
    timeout: options.timeoutMs ?? 20_000,
    telemetry: false,
  });

  return {
    kind: 'stripe',

    async ensureCustomer(input) {
      const customer = await call(() =>
        stripe.customers.create(
          { ...(input.email ? { email: input.email } : {}), name: input.name, metadata: input.metadata },
          { idempotencyKey: input.idempotencyKey },
        ),
      );
      return { providerCustomerId: customer.id };
    },

    async createSetupIntent(input) {
      const intent = await call(() =>
        stripe.setupIntents.create(
          { customer: input.providerCustomerId, allowed_payment_method_types: ['card'], usage: 'off_session', metadata: input.metadata },
          { idempotencyKey: input.idempotencyKey },
        ),
      );
      if (!intent.client_secret) throw new PaymentProviderError('invalid_request', `SetupIntent ${intent.id} came back without a client secret.`);
      return { id: intent.id, clientSecret: intent.client_secret };
    },

    async retrieveSetupIntentCard(setupIntentId) {
      const intent = await call(() => stripe.setupIntents.retrieve(setupIntentId, { expand: ['payment_method'] }));
      if (intent.status !== 'succeeded' || !intent.payment_method) return null;
      const method =
        typeof intent.payment_method === 'string'
          ? await call(() => stripe.paymentMethods.retrieve(intent.payment_method as string))
          : intent.payment_method;
      return cardOf(method);
    },

    async listCards(providerCustomerId) {
      const list = await call(() => stripe.paymentMethods.list({ customer: providerCustomerId, type: 'card', limit: 100 }));
      return list.data.map(cardOf).filter((c): c is SavedCard => c !== null);
    },

    async detachCard(providerPaymentMethodId) {
      try {
        await stripe.paymentMethods.detach(providerPaymentMethodId, {}, { idempotencyKey: `detach:${providerPaymentMethodId}` });
      } catch (err) {
        // Already detached (by an earlier try, or in Stripe's dashboard): the card is gone either way.
        if (err instanceof Stripe.errors.StripeInvalidRequestError && err.code === 'payment_method_unexpected_state') return;
        throw providerErrorOf(err);
      }
    },

    async charge(input) {
      if (!Number.isInteger(input.amountMinor) || input.amountMinor <= 0) {
        throw new PaymentProviderError('invalid_request', `A charge must be a positive whole number of minor units (got ${input.amountMinor}).`);
      }
      const confirm = input.providerPaymentMethodId !== undefined;
      const params: Stripe.PaymentIntentCreateParams = {
        amount: input.amountMinor,
        currency: input.currency.toLowerCase(),
        customer: input.providerCustomerId,
        allowed_payment_method_types: ['card'],
        description: input.description,
        metadata: input.metadata,
        ...(input.providerPaymentMethodId ? { payment_method: input.providerPaymentMethodId } : {}),
        ...(confirm ? { confirm: true } : {}),
        ...(confirm && input.offSession ? { off_session: true } : {}),
      };
      try {
        const intent = await stripe.paymentIntents.create(params, { idempotencyKey: input.idempotencyKey });
        return chargeResultOf(intent);
      } catch (err) {
        const declined = declineOf(err);
        if (declined) return declined;
        throw providerErrorOf(err);
      }
    },

    async retrievePayment(providerPaymentId) {
      return chargeResultOf(await call(() => stripe.paymentIntents.retrieve(providerPaymentId)));
    },

    async refund(input): Promise<RefundResult> {
      if (!Number.isInteger(input.amountMinor) || input.amountMinor <= 0) {
        throw new PaymentProviderError('invalid_request', `A refund must be a positive whole number of minor units (got ${input.amountMinor}).`);
      }
      const refund = await call(() =>
        stripe.refunds.create(
          { payment_intent: input.providerPaymentId, amount: input.amountMinor, metadata: input.metadata },
          { idempotencyKey: input.idempotencyKey },
        ),
      );
      switch (refund.status) {
        case 'succeeded':
          return { status: 'succeeded', providerRefundId: refund.id };
        case 'failed':
        case 'canceled':
          return { status: 'failed', providerRefundId: refund.id, failureCode: refund.failure_reason ?? refund.status, failureMessage: `The refund ${refund.status}.` };
        default:
          // pending, requires_action: Stripe settles it later and says so in `charge.refunded` / `refund.updated`.
          return { status: 'pending', providerRefundId: refund.id };
      }
    },

    verifyWebhook(rawBody, signatureHeader) {
      if (!signatureHeader) throw new PaymentProviderError('invalid_signature', 'The request carries no Stripe-Signature header.');
      let event: Stripe.Event;
      try {
        event = stripe.webhooks.constructEvent(rawBody, signatureHeader, keys.webhookSecret, webhookToleranceSeconds);
      } catch (err) {
        throw new PaymentProviderError('invalid_signature', err instanceof Error ? err.message : 'The webhook signature is not valid.');
      }
      return {
        id: event.id,
        type: event.type,
        created: event.created,
        object: event.data.object as unknown as Record<string, unknown>,
      } satisfies ProviderEvent;
    },
  };
}

/** Runs one SDK call and turns its failures into PaymentProviderError. */
async function call<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw providerErrorOf(err);
  }
}

function providerErrorOf(err: unknown): PaymentProviderError {
  if (err instanceof PaymentProviderError) return err;
  const E = Stripe.errors;
  if (err instanceof E.StripeConnectionError || err instanceof E.StripeAPIError || err instanceof E.StripeRateLimitError) {
    return new PaymentProviderError('provider_unavailable', `Stripe is not reachable right now: ${err.message}`);
  }
  if (err instanceof E.StripeAuthenticationError || err instanceof E.StripePermissionError) {
    return new PaymentProviderError('not_configured', `Stripe refused the studio's API key: ${err.message}`);
  }
  if (err instanceof E.StripeError) {
    return new PaymentProviderError('invalid_request', `Stripe refused the request${err.code ? ` (${err.code})` : ''}: ${err.message}`);
  }
  return new PaymentProviderError('provider_unavailable', `Stripe call failed: ${err instanceof Error ? err.message : String(err)}`);
}

/** A card decline (402), reported as a failed charge with Stripe's decline code. */
function declineOf(err: unknown): ChargeResult | null {
  if (!(err instanceof Stripe.errors.StripeCardError)) return null;
  return {
    status: 'failed',
    providerPaymentId: err.payment_intent?.id ?? null,
    failureCode: err.decline_code ?? err.code ?? 'card_declined',
    failureMessage: err.message,
  };
}

function cardOf(method: Stripe.PaymentMethod): SavedCard | null {
  if (!method.card) return null;
  return {
    providerPaymentMethodId: method.id,
    brand: method.card.brand,
    last4: method.card.last4,
    expMonth: method.card.exp_month,
    expYear: method.card.exp_year,
  };
}

function chargeResultOf(intent: Stripe.PaymentIntent): ChargeResult {
  const method = intent.payment_method && typeof intent.payment_method === 'object' ? cardOf(intent.payment_method) : null;
  switch (intent.status) {
    case 'succeeded':
      return { status: 'succeeded', providerPaymentId: intent.id, ...(method ? { card: method } : {}) };
    case 'canceled':
      return { status: 'failed', providerPaymentId: intent.id, failureCode: 'canceled', failureMessage: `The payment was canceled${intent.cancellation_reason ? ` (${intent.cancellation_reason})` : ''}.` };
    case 'requires_payment_method': {
      const error = intent.last_payment_error;
      if (error) {
        return { status: 'failed', providerPaymentId: intent.id, failureCode: error.decline_code ?? error.code ?? 'card_declined', failureMessage: error.message ?? 'The card was declined.' };
      }
      break;
    }
    default:
      break;
  }
  // requires_payment_method (nothing tried yet), requires_confirmation, requires_action, processing:
  // the browser has to act, or Stripe will tell the outcome in a webhook.
  if (!intent.client_secret) throw new PaymentProviderError('invalid_request', `PaymentIntent ${intent.id} came back without a client secret.`);
  return { status: 'requires_action', providerPaymentId: intent.id, clientSecret: intent.client_secret };
}
