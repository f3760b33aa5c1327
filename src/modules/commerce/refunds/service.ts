import { createHash } from 'node:crypto';
import { actorUserId, type Ctx } from '../../../kernel/ctx.ts';
import { newId } from '../../../kernel/ids.ts';
import type { Database, Tx } from '../../../platform/db/client.ts';
import { isUniqueViolation, withStudio } from '../../../platform/db/tx.ts';
import { publish } from '../../../platform/events/publish.ts';
import { PaymentProviderError, type RefundResult } from '../../../platform/payments/provider.ts';
import { parseOrThrow } from '../../../platform/validation.ts';
import { refundRequestSchema, type OrderDto, type RefundDestination } from '../contracts.ts';
import { CommerceError, orderNotFound } from '../errors.ts';
import { commerceEvent } from '../events.ts';
import { fulfilLineOf, type FulfillerRegistry } from '../fulfilment.ts';
import { toOrderDto } from '../orders/index.ts';
import type { CatalogPorts } from '../ports.ts';
import * as repo from '../repo.ts';
import type { SettingsService } from '../settings/index.ts';

export interface RefundsDeps {
  database: Database;
  settings: SettingsService;
  fulfillers: FulfillerRegistry;
  catalog: () => CatalogPorts;
}

const hashOf = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('hex');

const exceeds = (refundable: number, what: string) =>
  new CommerceError('refund_exceeds_paid', `At most ${refundable} (minor units) can still be refunded ${what}.`, [{ path: 'amountMinor', message: `At most ${refundable}` }], {
    refundableMinor: refundable,
  });

/**
 * Refunds: full or partial, to the card (a provider refund), to the customer's prepaid credit, or
 * in cash. Rules:
 * - what an order has refunded never exceeds what it was paid: a guarded UPDATE on the order
 *   (and a CHECK constraint) refuses the refund that would pass it, even under concurrency;
 * - to the card: at most what the card paid minus what went back to it; the amount is reserved
 *   in tx1 (refund `pending`), the provider is called outside any transaction with the refund's
 *   own idempotency key, and tx2 records the result — a failed provider refund gives the
 *   reservation back;
 * - with a line: at most that line's total minus its refunds; its fulfiller's `onRefund` runs in
 *   the refund's transaction (e.g. cancels an unused membership, takes bought credit back);
 * - `order.refunded.v1` once the money went back.
 */
export function createRefundsService(deps: RefundsDeps) {
  const { database, settings, fulfillers } = deps;

  async function dto(tx: Tx, ctx: Ctx, orderId: string): Promise<OrderDto> {
    const order = await repo.findOrder(tx, ctx, orderId);
    if (!order) throw orderNotFound();
    return toOrderDto(order, await repo.linesOf(tx, ctx, orderId), await repo.paymentsOf(tx, ctx, orderId), await repo.refundsOf(tx, ctx, orderId));
  }

  /** The refund's effects besides the money: the line's fulfiller and the event. */
  async function settle(tx: Tx, ctx: Ctx, refund: repo.RefundRow, restock?: boolean): Promise<void> {
    const order = (await repo.findOrder(tx, ctx, refund.orderId))!;
    const full = order.refundedMinor >= order.paidMinor;
    const lines = await repo.linesOf(tx, ctx, order.id);
    const targets = refund.lineId ? lines.filter((l) => l.id === refund.lineId) : full ? lines : [];
    for (const l of targets) {
      if (!fulfillers.has(l.kind)) continue;
      const f = fulfillers.getOrThrow(l.kind);
      if (!f.onRefund) continue;
      const amountMinor = refund.lineId ? refund.amountMinor : l.totalMinor - l.refundedMinor;
      await f.onRefund(
        tx,
        ctx,
        fulfilLineOf(order, l),
        {
          amountMinor,
          destination: refund.destination as RefundDestination,
          full: refund.lineId ? l.refundedMinor >= l.totalMinor : true,
          refundId: refund.id,
          ...(restock !== undefined ? { restock } : {}),
        },
      );
    }
    await publish(
      tx,
      ctx,
      commerceEvent('order.refunded.v1', order.id, {
        orderId: order.id,
        refundId: refund.id,
        customerId: order.customerId,
        amountMinor: refund.amountMinor,
        currency: order.currency,
        destination: refund.destination as RefundDestination,
        full,
        lineId: refund.lineId,
      }),
    );
  }

  async function callProvider(ctx: Ctx, refundId: string, restock?: boolean): Promise<void> {
    const account = await settings.cardAccountOrThrow(ctx);
    const target = await withStudio(database, ctx.studioId, async (tx) => {
      const refund = await repo.findRefund(tx, ctx, refundId);
      if (!refund || refund.status !== 'pending' || !refund.paymentId) return null;
      const payment = await repo.findPayment(tx, ctx, refund.paymentId);
      return payment?.providerPaymentId ? { refund, providerPaymentId: payment.providerPaymentId } : null;
    });
    if (!target) return;
    let result: RefundResult;
    try {
      result = await account.provider.refund({
        providerPaymentId: target.providerPaymentId,
        amountMinor: target.refund.amountMinor,
        idempotencyKey: `refund:${refundId}`,
        metadata: { studioId: ctx.studioId, orderId: target.refund.orderId, refundId },
      });
    } catch (err) {
      if (err instanceof PaymentProviderError) throw new CommerceError('payment_provider_error', `The card processor did not answer: ${err.message}`);
      throw err;
    }
    await withStudio(database, ctx.studioId, async (tx) => {
      if (result.status === 'failed') {
        const failed = await repo.setRefund(tx, ctx, refundId, ['pending'], { status: 'failed', failureMessage: result.failureMessage, providerRefundId: result.providerRefundId });
        if (!failed) return;
        await repo.subtractRefunded(tx, ctx, failed.orderId, failed.amountMinor);
        await repo.addPaymentRefunded(tx, ctx, failed.paymentId!, -failed.amountMinor);
        if (failed.lineId) await repo.addLineRefunded(tx, ctx, failed.lineId, -failed.amountMinor);
        return;
      }
      const done = await repo.setRefund(tx, ctx, refundId, ['pending'], { status: 'succeeded', providerRefundId: result.providerRefundId });
      // Stripe's `pending` refunds complete on their own: the money is on its way back, so it counts as done.
      if (done) await settle(tx, ctx, done, restock);
    });
    if (result.status === 'failed') throw new CommerceError('refund_failed', `The card processor refused the refund: ${result.failureMessage}`);
  }

  async function replay(ctx: Ctx, key: string, hash: string): Promise<{ refund: repo.RefundRow } | null> {
    return withStudio(database, ctx.studioId, async (tx) => {
      const refund = await repo.findRefundByKey(tx, ctx, key);
      if (!refund) return null;
      if (refund.requestHash !== hash) throw new CommerceError('idempotency_key_reused', 'This Idempotency-Key was already used for a different refund.');
      return { refund };
    });
  }

  return {
    settle,

    /**
     * A refund made at the provider (Stripe's dashboard), learnt from `charge.refunded`: what the
     * provider has refunded beyond what we recorded on the card payment becomes a refund row.
     * Our own refunds are recorded before the provider call, so their event adds nothing.
     */
    async recordProviderRefund(tx: Tx, ctx: Ctx, input: { providerPaymentId: string; amountRefundedMinor: number; refundRefId: string }): Promise<string> {
      const payment = await repo.findPaymentByProviderId(tx, ctx, 'stripe', input.providerPaymentId);
      if (!payment || payment.status !== 'succeeded') return 'ignored';
      const order = await repo.findOrder(tx, ctx, payment.orderId, { forUpdate: true });
      const extra = Math.min(input.amountRefundedMinor - payment.refundedMinor, order ? order.paidMinor - order.refundedMinor : 0);
      if (extra <= 0 || !order) return 'unchanged';
      if (!(await repo.addRefunded(tx, ctx, order.id, extra)) || !(await repo.addPaymentRefunded(tx, ctx, payment.id, extra))) return 'unchanged';
      const now = ctx.clock.now();
      await repo.insertRefund(tx, {
        studioId: ctx.studioId,
        id: input.refundRefId,
        orderId: order.id,
        lineId: null,
        paymentId: payment.id,
        amountMinor: extra,
        destination: 'card',
        status: 'succeeded',
        reason: 'Refunded at the card processor',
        createdAt: now,
        updatedAt: now,
      });
      await settle(tx, ctx, (await repo.findRefund(tx, ctx, input.refundRefId))!);
      return 'refund_recorded';
    },

    /**
     * Gives back up to `amountMinor` of a line of the first kind found among `lineKinds` as
     * prepaid credit, inside the caller's transaction (no provider call is needed): for a module
     * above that gives money back as part of its own change (a booking cancelled within the
     * policy). Never more than the line and the order still hold: returns what was refunded, 0
     * when nothing is left (the order was refunded at the desk, or never paid). The same key
     * returns the first refund's amount.
     */
    async refundToCreditInTx(
      tx: Tx,
      ctx: Ctx,
      input: { orderId: string; lineKinds: readonly string[]; amountMinor: number; reason: string; idempotencyKey: string; creditReason?: 'refund' | 'cancellation' },
    ): Promise<number> {
      const earlier = await repo.findRefundByKey(tx, ctx, input.idempotencyKey);
      if (earlier) return earlier.amountMinor;
      const order = await repo.findOrder(tx, ctx, input.orderId, { forUpdate: true });
      if (!order || !order.customerId || (order.status !== 'paid' && order.status !== 'partially_refunded')) return 0;
      const line = (await repo.linesOf(tx, ctx, order.id)).find((l) => input.lineKinds.includes(l.kind));
      if (!line) return 0;
      const amountMinor = Math.min(input.amountMinor, order.paidMinor - order.refundedMinor, line.totalMinor - line.refundedMinor);
      if (amountMinor <= 0) return 0;
      const request = parseOrThrow(refundRequestSchema, { amountMinor, destination: 'prepaid_credit', lineId: line.id, reason: input.reason.slice(0, 500) });
      await reserve(tx, ctx, order.id, request, input.idempotencyKey, hashOf({ orderId: order.id, input: request }), input.creditReason);
      return amountMinor;
    },

    /** Gives money back on a paid order; the same key replays the first answer. */
    async refund(ctx: Ctx, orderId: string, rawInput: unknown, options: { idempotencyKey: string }): Promise<OrderDto> {
      const input = parseOrThrow(refundRequestSchema, rawInput);
      const hash = hashOf({ orderId, input });
      const earlier = await replay(ctx, options.idempotencyKey, hash);
      let refundId: string;
      if (earlier) {
        refundId = earlier.refund.id;
      } else {
        if (input.destination === 'card') await settings.cardAccountOrThrow(ctx);
        try {
          refundId = await withStudio(database, ctx.studioId, (tx) => reserve(tx, ctx, orderId, input, options.idempotencyKey, hash));
        } catch (err) {
          const raced = isUniqueViolation(err) ? await replay(ctx, options.idempotencyKey, hash) : null;
          if (!raced) throw err;
          refundId = raced.refund.id;
        }
      }
      if (input.destination === 'card') await callProvider(ctx, refundId, input.restock);
      return withStudio(database, ctx.studioId, (tx) => dto(tx, ctx, orderId));
    },
  };

  async function reserve(
    tx: Tx,
    ctx: Ctx,
    orderId: string,
    input: ReturnType<typeof refundRequestSchema.parse>,
    key: string,
    hash: string,
    creditReason: 'refund' | 'cancellation' = 'refund',
  ): Promise<string> {
    const order = await repo.findOrder(tx, ctx, orderId, { forUpdate: true });
    if (!order) throw orderNotFound();
    if (order.status !== 'paid' && order.status !== 'partially_refunded') {
      throw new CommerceError('refund_not_allowed', order.status === 'refunded' ? 'This order is already refunded in full.' : 'Only a paid order can be refunded.');
    }
    const refundable = order.paidMinor - order.refundedMinor;
    if (input.amountMinor > refundable) throw exceeds(refundable, 'on this order');
    const id = newId('refund');
    let paymentId: string | null = null;
    if (input.destination === 'card') {
      const card = (await repo.paymentsOf(tx, ctx, orderId)).find((p) => p.method === 'card' && p.status === 'succeeded');
      if (!card) throw new CommerceError('refund_not_allowed', 'This order was not paid by card: refund it in cash or to prepaid credit.', [{ path: 'destination', message: 'Not paid by card' }]);
      if (input.amountMinor > card.amountMinor - card.refundedMinor) throw exceeds(card.amountMinor - card.refundedMinor, 'to the card');
      paymentId = card.id;
    }
    if (input.destination === 'prepaid_credit' && !order.customerId) {
      throw new CommerceError('refund_not_allowed', 'A walk-in sale has no customer to credit: refund it in cash.', [{ path: 'destination', message: 'No customer' }]);
    }
    if (input.lineId) {
      const line = (await repo.linesOf(tx, ctx, orderId)).find((l) => l.id === input.lineId);
      if (!line) throw new CommerceError('invalid_refund', 'This line is not on the order.', [{ path: 'lineId', message: 'Unknown line' }]);
      if (!(await repo.addLineRefunded(tx, ctx, line.id, input.amountMinor))) throw exceeds(line.totalMinor - line.refundedMinor, 'on this line');
    }
    if (!(await repo.addRefunded(tx, ctx, orderId, input.amountMinor))) throw exceeds(refundable, 'on this order');
    if (paymentId && !(await repo.addPaymentRefunded(tx, ctx, paymentId, input.amountMinor))) throw exceeds(0, 'to the card');
    const now = ctx.clock.now();
    await repo.insertRefund(tx, {
      studioId: ctx.studioId,
      id,
      orderId,
      lineId: input.lineId ?? null,
      paymentId,
      amountMinor: input.amountMinor,
      destination: input.destination,
      status: input.destination === 'card' ? 'pending' : 'succeeded',
      reason: input.reason,
      idempotencyKey: key,
      requestHash: hash,
      createdBy: actorUserId(ctx.actor),
      createdAt: now,
      updatedAt: now,
    });
    if (input.destination === 'prepaid_credit') {
      await deps.catalog().credits!.post(tx, ctx, { customerId: order.customerId!, deltaMinor: input.amountMinor, reason: creditReason, orderId, refundId: id, note: input.reason });
    }
    if (input.destination !== 'card') await settle(tx, ctx, (await repo.findRefund(tx, ctx, id))!, input.restock);
    return id;
  }
}

export type RefundsService = ReturnType<typeof createRefundsService>;
