import { createHash } from 'node:crypto';
import {
  PaymentProviderError,
  type ChargeResult,
  type PaymentProvider,
  type RefundResult,
} from './provider.ts';

/**
 * Cash or an external card terminal: the money changed hands at the desk, so a charge or a
 * refund is recorded as done at once. There is nothing to save a card with and no webhook.
 * The id is derived from the idempotency key (and the studio in the metadata), so a retried call
 * gives back the same id, even after a restart, like a provider honouring its key would.
 */
export function createManualProvider(): PaymentProvider {
  const idFor = (prefix: string, key: string, metadata: Record<string, string> = {}) =>
    `${prefix}_${createHash('sha256').update(`${metadata.studioId ?? ''}\u0000${key}`).digest('hex').slice(0, 24)}`;
  const noCards = () => new PaymentProviderError('not_configured', 'Cash and terminal payments cannot save a card.');

  return {
    kind: 'manual',
    async ensureCustomer({ idempotencyKey, metadata }) {
      return { providerCustomerId: idFor('manual_cus', idempotencyKey, metadata) };
    },
    async createSetupIntent() {
      throw noCards();
    },
    async retrieveSetupIntentCard() {
      return null;
    },
    async listCards() {
      return [];
    },
    async detachCard() {
      throw noCards();
    },
    async charge(input) {
      if (!Number.isInteger(input.amountMinor) || input.amountMinor <= 0) {
        throw new PaymentProviderError('invalid_request', `A charge must be a positive whole number of minor units (got ${input.amountMinor}).`);
      }
      return { status: 'succeeded', providerPaymentId: idFor('manual', input.idempotencyKey, input.metadata) };
    },
    async retrievePayment(providerPaymentId): Promise<ChargeResult> {
      // Every manual payment succeeded the moment it was recorded.
      if (!/^manual_[0-9a-f]{24}$/.test(providerPaymentId)) {
        throw new PaymentProviderError('invalid_request', `${providerPaymentId} is not a manual payment.`);
      }
      return { status: 'succeeded', providerPaymentId };
    },
    async refund(input): Promise<RefundResult> {
      if (!Number.isInteger(input.amountMinor) || input.amountMinor <= 0) {
        throw new PaymentProviderError('invalid_request', `A refund must be a positive whole number of minor units (got ${input.amountMinor}).`);
      }
      return { status: 'succeeded', providerRefundId: idFor('manual_re', input.idempotencyKey, input.metadata) };
    },
    verifyWebhook() {
      throw new PaymentProviderError('not_configured', 'Cash and terminal payments send no webhooks.');
    },
  };
}
