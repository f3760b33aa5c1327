import type { Ctx } from '../../../kernel/ctx.ts';
import { newId, type StudioId } from '../../../kernel/ids.ts';
import type { Clock } from '../../../kernel/clock.ts';
import type { Database, Tx } from '../../../platform/db/client.ts';
import { withStudio } from '../../../platform/db/tx.ts';
import type { ProviderEvent } from '../../../platform/payments/provider.ts';
import type { CheckoutService } from '../checkout/index.ts';
import type { RefundsService } from '../refunds/index.ts';
import * as repo from '../repo.ts';

export interface WebhooksDeps {
  database: Database;
  clock: Clock;
  checkout: CheckoutService;
  refunds: RefundsService;
  /** Saved cards store the card of a `setup_intent.succeeded` (idempotent on its own). */
  onSetupIntentSucceeded: () => ((ctx: Ctx, setupIntentId: string) => Promise<unknown>) | null;
}

const str = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : null);
const metadataOf = (o: Record<string, unknown>) => (o.metadata && typeof o.metadata === 'object' ? (o.metadata as Record<string, unknown>) : {});

/**
 * Stripe's webhooks, verified by the platform's transport. Each event takes effect once: its id
 * goes into `commerce_webhook_events` in the same transaction as its effect (a duplicate finds
 * the row and does nothing; a failure rolls both back, so Stripe's retry tries again). Order of
 * arrival does not matter: every effect is a conditional UPDATE on the payment's status, so a
 * `succeeded` that comes before our own tx2 completes the order once and tx2 finds it done; a
 * `payment_failed` after a success changes nothing.
 */
export function createWebhooksService(deps: WebhooksDeps) {
  const { database, checkout, refunds } = deps;

  async function paymentOf(tx: Tx, ctx: Ctx, pi: Record<string, unknown>) {
    const paymentId = str(metadataOf(pi).paymentId);
    if (paymentId) {
      const p = await repo.findPayment(tx, ctx, paymentId);
      if (p) return p;
    }
    const id = str(pi.id);
    return id ? repo.findPaymentByProviderId(tx, ctx, 'stripe', id) : undefined;
  }

  async function act(tx: Tx, ctx: Ctx, event: ProviderEvent): Promise<string> {
    const o = event.object;
    switch (event.type) {
      case 'payment_intent.succeeded': {
        const payment = await paymentOf(tx, ctx, o);
        if (!payment) return 'ignored';
        return checkout.recordCardResult(tx, ctx, payment.id, { status: 'succeeded', providerPaymentId: String(o.id) });
      }
      case 'payment_intent.payment_failed': {
        const payment = await paymentOf(tx, ctx, o);
        if (!payment) return 'ignored';
        const error = (o.last_payment_error ?? {}) as Record<string, unknown>;
        return checkout.recordCardResult(tx, ctx, payment.id, {
          status: 'failed',
          providerPaymentId: String(o.id),
          failureCode: str(error.decline_code) ?? str(error.code) ?? 'card_declined',
          failureMessage: str(error.message) ?? 'The card was declined.',
        });
      }
      case 'charge.refunded': {
        const pi = str(o.payment_intent);
        const refunded = typeof o.amount_refunded === 'number' ? o.amount_refunded : null;
        if (!pi || refunded === null) return 'ignored';
        return refunds.recordProviderRefund(tx, ctx, { providerPaymentId: pi, amountRefundedMinor: refunded, refundRefId: newId('refund') });
      }
      default:
        return 'ignored';
    }
  }

  return {
    /** One verified event of a studio (the transport answers 200 only after this resolves). */
    async onEvent(studioId: string, event: ProviderEvent): Promise<void> {
      const ctx: Ctx = { studioId: studioId as StudioId, actor: { kind: 'system' }, clock: deps.clock, requestId: `stripe:${event.id}` };
      if (event.type === 'setup_intent.succeeded') {
        const handler = deps.onSetupIntentSucceeded();
        if (handler && str(event.object.id)) await handler(ctx, String(event.object.id));
      }
      await withStudio(database, ctx.studioId, async (tx) => {
        const first = await repo.recordWebhookEvent(tx, ctx, { provider: 'stripe', id: event.id, type: event.type, outcome: 'received', receivedAt: ctx.clock.now() });
        if (!first) return;
        const outcome = event.type === 'setup_intent.succeeded' ? 'cards' : await act(tx, ctx, event);
        await repo.setWebhookOutcome(tx, ctx, 'stripe', event.id, outcome);
      });
    },
  };
}

export type WebhooksService = ReturnType<typeof createWebhooksService>;
