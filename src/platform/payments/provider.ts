/**
 * The payment-provider seam (DESIGN.md §2 "Providers"). Commerce talks to a card processor only
 * through this interface; `manual` (cash or an external terminal, always available) records
 * the payment as taken, `stripe` calls the official SDK. Every write carries an idempotency key
 * the provider honours, so a retried call never charges or refunds twice.
 *
 * None of these methods may be called while a database transaction is open (STYLE.md §4).
 */

export type ProviderKind = 'manual' | 'stripe';

/** A card saved at the provider for off-session charges (renewals, instalments, fees). */
export interface SavedCard {
  providerPaymentMethodId: string;
  brand: string;
  last4: string;
  expMonth: number;
  expYear: number;
}

export interface ChargeInput {
  /** Minor units of `currency`, > 0. */
  amountMinor: number;
  currency: string;
  providerCustomerId: string;
  /** The saved card to charge off-session; omitted for an on-session payment the browser confirms. */
  providerPaymentMethodId?: string;
  /** True when the customer is not present (renewals, instalments, penalty fees). */
  offSession: boolean;
  description: string;
  /** Sent as the provider's idempotency key: the same key never charges twice. */
  idempotencyKey: string;
  /** Ids that let a webhook find its way back: `{ studioId, orderId, paymentId }`. */
  metadata: Record<string, string>;
}

export type ChargeResult =
  | { status: 'succeeded'; providerPaymentId: string; card?: SavedCard }
  /** On-session: the browser must confirm (3-D Secure or card entry) with this secret. */
  | { status: 'requires_action'; providerPaymentId: string; clientSecret: string }
  | { status: 'failed'; providerPaymentId: string | null; failureCode: string; failureMessage: string };

export interface RefundInput {
  providerPaymentId: string;
  amountMinor: number;
  idempotencyKey: string;
  metadata: Record<string, string>;
}

export type RefundResult =
  | { status: 'succeeded' | 'pending'; providerRefundId: string }
  | { status: 'failed'; providerRefundId: string | null; failureCode: string; failureMessage: string };

/** A verified webhook event, reduced to what commerce acts on. */
export interface ProviderEvent {
  /** The provider's event id: each takes effect once (commerce keeps a ledger of them). */
  id: string;
  type: string;
  /** Seconds since the epoch, as the provider stamped the event. */
  created: number;
  /** The object the event is about (a PaymentIntent, SetupIntent, Refund …), as the provider sent it. */
  object: Record<string, unknown>;
}

export interface PaymentProvider {
  readonly kind: ProviderKind;
  /** Creates (once per customer; the key makes a retry harmless) the provider's customer record. */
  ensureCustomer(input: { email: string | null; name: string; idempotencyKey: string; metadata: Record<string, string> }): Promise<{ providerCustomerId: string }>;
  /** Starts saving a card: the browser confirms it with the returned secret. */
  createSetupIntent(input: { providerCustomerId: string; idempotencyKey: string; metadata: Record<string, string> }): Promise<{ id: string; clientSecret: string }>;
  /** The card a confirmed SetupIntent saved. */
  retrieveSetupIntentCard(setupIntentId: string): Promise<SavedCard | null>;
  listCards(providerCustomerId: string): Promise<SavedCard[]>;
  detachCard(providerPaymentMethodId: string): Promise<void>;
  charge(input: ChargeInput): Promise<ChargeResult>;
  /** The current state of a payment (after a crash, or when a webhook is in doubt). */
  retrievePayment(providerPaymentId: string): Promise<ChargeResult>;
  refund(input: RefundInput): Promise<RefundResult>;
  /** Checks the signature over the raw body and the timestamp tolerance; throws `PaymentProviderError('invalid_signature')`. */
  verifyWebhook(rawBody: Buffer, signatureHeader: string | undefined): ProviderEvent;
}

export type PaymentProviderErrorCode = 'invalid_signature' | 'not_configured' | 'provider_unavailable' | 'invalid_request';

/** A provider failure that is not a card decline (declines are a `ChargeResult`). */
export class PaymentProviderError extends Error {
  override readonly name = 'PaymentProviderError';

  constructor(
    readonly code: PaymentProviderErrorCode,
    message: string,
  ) {
    super(message);
  }
}
