import { createHash } from 'node:crypto';
import { actorUserId, type Ctx } from '../../../kernel/ctx.ts';
import { newId, type CustomerId } from '../../../kernel/ids.ts';
import type { Database, Tx } from '../../../platform/db/client.ts';
import { isUniqueViolation, withStudio } from '../../../platform/db/tx.ts';
import { publish } from '../../../platform/events/publish.ts';
import type { Jobs } from '../../../platform/jobs/index.ts';
import { PaymentProviderError, type ChargeResult } from '../../../platform/payments/provider.ts';
import { parseOrThrow } from '../../../platform/validation.ts';
import type { CustomersService } from '../../customers/index.ts';
import { checkoutSchema, type CheckoutResultDto, type OrderChannel, type OrderDto, type SaleQuoteDto } from '../contracts.ts';
import { priceOrder, surchargeOf, type DiscountRule } from '../domain/pricing.ts';
import { splitTenders, type TenderMethod } from '../domain/tenders.ts';
import { DomainError } from '../../../kernel/errors.ts';
import { CommerceError, customerNotFound, invalidTender, orderNotFound, stripeNotConnected } from '../errors.ts';
import { commerceEvent } from '../events.ts';
import { fulfilLineOf, type FulfillerRegistry } from '../fulfilment.ts';
import { toOrderDto } from '../orders/index.ts';
import type { CatalogPorts, SavedCards } from '../ports.ts';
import type { SendReceiptJob } from '../receipts/index.ts';
import * as repo from '../repo.ts';
import type { CardAccount, SettingsService } from '../settings/index.ts';

export interface CheckoutDeps {
  database: Database;
  jobs: Jobs;
  customers: Pick<CustomersService, 'getCustomer'>;
  settings: SettingsService;
  fulfillers: FulfillerRegistry;
  catalog: () => CatalogPorts;
  cards: () => SavedCards | null;
  receiptJob: SendReceiptJob;
}

export interface CheckoutOptions {
  idempotencyKey: string;
  /** pos (the front desk), staff (from a profile), online (the customer), renewal / instalment (off-session). */
  channel: OrderChannel;
  /** Facts the seller keeps on the order (`{ membershipId, periodStart }` …): strings only. */
  metadata?: Record<string, string>;
  /** The provider's idempotency key for the card charge (chargeSavedCard passes the caller's key). */
  providerKey?: string;
  /** The card is charged with the customer absent (renewals): never asks for the browser. */
  offSession?: boolean;
}

/** The surcharge line's kind: it has no fulfiller and no tax. */
export const surchargeKind = 'surcharge';

const hashOf = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('hex');

/** A human reason for a failed card, kept short for the order and the event. */
const failureOf = (r: Extract<ChargeResult, { status: 'failed' }>) => ({ failureCode: r.failureCode || 'card_declined', failureMessage: r.failureMessage || 'The card was declined.' });

/**
 * Checkout: one function for the point of sale, staff on a profile, the customer online and
 * off-session renewals. Steps (STYLE §4: no provider call inside a transaction):
 * 1. tx1 — quote the lines through their fulfillers, price them (discount, tax, surcharge),
 *    number the order, write order + lines + one payment row per tender, and take the tenders
 *    that cannot fail later: gift cards and prepaid credit are DEBITED in tx1 (their ledgers'
 *    guarded updates refuse an overdraft), cash/terminal recorded as taken, the discount use
 *    counted. Without a card tender the order is paid in tx1 itself.
 * 2. the card charge at the provider (its idempotency key is the payment's, so a retry never
 *    charges twice);
 * 3. tx2 — succeeded: the order is paid, fulfillers run, `order.paid.v1`, the receipt job;
 *    requires_action: the order waits for the browser (confirm) or the webhook; failed: the
 *    order fails and tx1's debits are CREDITED BACK (gift cards restored, credit returned,
 *    the discount use released), `order.payment_failed.v1`, nothing is fulfilled.
 * Completion is guarded by conditional UPDATEs on the payment's and the order's status, so our
 * own tx2 and a webhook that arrives first complete the order exactly once.
 */
export function createCheckoutService(deps: CheckoutDeps) {
  const { database, fulfillers, settings } = deps;

  async function loadDto(tx: Tx, ctx: Ctx, orderId: string): Promise<OrderDto> {
    const order = await repo.findOrder(tx, ctx, orderId);
    if (!order) throw orderNotFound();
    return toOrderDto(order, await repo.linesOf(tx, ctx, orderId), await repo.paymentsOf(tx, ctx, orderId), await repo.refundsOf(tx, ctx, orderId));
  }

  async function resultOf(tx: Tx, ctx: Ctx, orderId: string, publishableKey: string | null = null): Promise<CheckoutResultDto> {
    const order = await loadDto(tx, ctx, orderId);
    const card = (await repo.paymentsOf(tx, ctx, orderId)).find((p) => p.method === 'card');
    const status = order.status === 'failed' || order.status === 'void' ? 'failed' : order.status === 'awaiting_payment' ? 'requires_action' : 'paid';
    return {
      order,
      payment: {
        status,
        clientSecret: status === 'requires_action' ? (card?.clientSecret ?? null) : null,
        publishableKey: status === 'requires_action' ? publishableKey : null,
        failureMessage: status === 'failed' ? (order.failureMessage ?? 'The payment failed.') : null,
      },
    };
  }

  /**
   * The paid path, in the caller's transaction: awaiting_payment → paid (guarded), every line
   * fulfilled once, `order.paid.v1`, the receipt job. False when another path already did it.
   */
  async function markPaid(tx: Tx, ctx: Ctx, orderId: string, options: { afterCharge?: boolean } = {}): Promise<boolean> {
    const payments = await repo.paymentsOf(tx, ctx, orderId);
    if (payments.some((p) => p.status !== 'succeeded')) return false;
    const paidMinor = payments.reduce((a, p) => a + p.amountMinor, 0);
    const order = await repo.transitionOrder(tx, ctx, orderId, ['open', 'awaiting_payment'], { status: 'paid', paidMinor, paidAt: ctx.clock.now() });
    if (!order) return false;
    const lines = await repo.linesOf(tx, ctx, orderId);
    for (const l of lines) {
      if (l.kind === surchargeKind) continue;
      const fulfiller = fulfillers.getOrThrow(l.kind);
      if (!options.afterCharge) {
        // Nothing was charged yet (cash, credit, gift card in tx1): a refusal aborts the sale.
        const { fulfilledRef } = await fulfiller.fulfil(tx, ctx, fulfilLineOf(order, l));
        await repo.setLine(tx, ctx, l.id, { fulfilledRef, fulfilledAt: ctx.clock.now() });
        continue;
      }
      // The card was charged: the order is paid whatever happens. A line its fulfiller now refuses
      // (the last item sold meanwhile) stays unfulfilled, with the reason on it, for staff to refund.
      try {
        await tx.transaction(async (sp) => {
          const { fulfilledRef } = await fulfiller.fulfil(sp, ctx, fulfilLineOf(order, l));
          await repo.setLine(sp, ctx, l.id, { fulfilledRef, fulfilledAt: ctx.clock.now() });
        });
      } catch (err) {
        if (!(err instanceof DomainError)) throw err;
        await repo.setLine(tx, ctx, l.id, { metadata: { ...l.metadata, fulfilmentError: err.message.slice(0, 500) } });
      }
    }
    await publish(
      tx,
      ctx,
      commerceEvent('order.paid.v1', order.id, {
        orderId: order.id,
        number: order.number,
        customerId: order.customerId,
        channel: order.channel,
        totalMinor: order.totalMinor,
        currency: order.currency,
        lines: lines.map((l) => ({ lineId: l.id, kind: l.kind, refId: l.refId, totalMinor: l.totalMinor })),
      }),
    );
    if (order.customerId) await deps.jobs.enqueue(tx, deps.receiptJob, { studioId: ctx.studioId, orderId: order.id }, { dedupeKey: order.id });
    return true;
  }

  /**
   * The failed path, in the caller's transaction: awaiting_payment → failed (guarded), the
   * tenders taken in tx1 given back, the discount use released, `order.payment_failed.v1`.
   */
  async function markFailed(tx: Tx, ctx: Ctx, orderId: string, failure: { failureCode: string; failureMessage: string }): Promise<boolean> {
    const order = await repo.transitionOrder(tx, ctx, orderId, ['open', 'awaiting_payment'], { status: 'failed', failedAt: ctx.clock.now(), ...failure });
    if (!order) return false;
    const catalog = deps.catalog();
    for (const p of await repo.paymentsOf(tx, ctx, orderId)) {
      if (p.status === 'succeeded') {
        if (p.method === 'gift_card' && p.refId) await catalog.giftCards!.restore(tx, ctx, { giftCardId: p.refId, amountMinor: p.amountMinor, orderId, refundId: null });
        if (p.method === 'prepaid_credit' && order.customerId) {
          await catalog.credits!.post(tx, ctx, { customerId: order.customerId, deltaMinor: p.amountMinor, reason: 'refund', orderId, note: 'The payment of this order failed: credit returned' });
        }
        await repo.setPayment(tx, ctx, p.id, ['succeeded'], { status: 'cancelled' });
      } else if (p.status === 'pending' || p.status === 'requires_action') {
        await repo.setPayment(tx, ctx, p.id, [p.status], { status: p.method === 'card' ? 'failed' : 'cancelled', ...(p.method === 'card' ? failure : {}) });
      }
    }
    if (order.discountCodeId) await catalog.discounts?.release(tx, ctx, { orderId });
    for (const l of await repo.linesOf(tx, ctx, orderId)) {
      if (l.kind === surchargeKind) continue;
      const f = fulfillers.has(l.kind) ? fulfillers.getOrThrow(l.kind) : null;
      await f?.onPaymentFailed?.(tx, ctx, fulfilLineOf(order, l));
    }
    await publish(
      tx,
      ctx,
      commerceEvent('order.payment_failed.v1', order.id, {
        orderId: order.id,
        customerId: order.customerId,
        channel: order.channel,
        totalMinor: order.totalMinor,
        currency: order.currency,
        ...failure,
      }),
    );
    return true;
  }

  /**
   * Records what the provider said about a card payment (tx2, confirm, webhook). Idempotent:
   * each transition is a conditional UPDATE, so a second report of the same outcome is a no-op.
   * `onSession` false: a decline fails the order; true: the browser may try another card, so a
   * decline of a payment waiting for the browser only notes the message.
   */
  async function recordCardResult(tx: Tx, ctx: Ctx, paymentId: string, result: ChargeResult): Promise<'completed' | 'failed' | 'waiting' | 'unchanged'> {
    const payment = await repo.findPayment(tx, ctx, paymentId);
    if (!payment) return 'unchanged';
    switch (result.status) {
      case 'succeeded': {
        // A payment we already failed stays failed (its tenders were given back): a late success
        // of it shows at the provider and is refunded there by staff.
        const moved = await repo.setPayment(tx, ctx, paymentId, ['pending', 'requires_action'], {
          status: 'succeeded',
          providerPaymentId: result.providerPaymentId,
          succeededAt: ctx.clock.now(),
          failureCode: null,
          failureMessage: null,
        });
        if (!moved) return 'unchanged';
        return (await markPaid(tx, ctx, payment.orderId, { afterCharge: true })) ? 'completed' : 'unchanged';
      }
      case 'requires_action': {
        const moved = await repo.setPayment(tx, ctx, paymentId, ['pending'], {
          status: 'requires_action',
          providerPaymentId: result.providerPaymentId,
          clientSecret: result.clientSecret,
        });
        return moved ? 'waiting' : 'unchanged';
      }
      case 'failed': {
        const failure = failureOf(result);
        if (payment.status === 'requires_action') {
          await repo.setPayment(tx, ctx, paymentId, ['requires_action'], { failureCode: failure.failureCode, failureMessage: failure.failureMessage });
          return 'waiting';
        }
        if (payment.status !== 'pending') return 'unchanged';
        if (result.providerPaymentId) await repo.setPayment(tx, ctx, paymentId, ['pending'], { providerPaymentId: result.providerPaymentId });
        return (await markFailed(tx, ctx, payment.orderId, failure)) ? 'failed' : 'unchanged';
      }
    }
  }

  /** Charges the card tender of an order (outside any transaction), then records the result in tx2. */
  async function chargeCard(ctx: Ctx, orderId: string, account: CardAccount, options: { providerKey?: string | undefined; offSession: boolean }): Promise<void> {
    const prepared = await withStudio(database, ctx.studioId, async (tx) => {
      const order = await repo.findOrder(tx, ctx, orderId);
      const payment = (await repo.paymentsOf(tx, ctx, orderId)).find((p) => p.method === 'card' && p.status === 'pending' && !p.providerPaymentId);
      if (!order || order.status !== 'awaiting_payment' || !payment || !order.customerId) return null;
      const cards = deps.cards();
      const saved = payment.refId && cards ? await cards.cardForCharge(tx, ctx, order.customerId, payment.refId) : null;
      return { order, payment, saved };
    });
    if (!prepared) return;
    const { order, payment, saved } = prepared;
    if (saved?.expired) {
      await withStudio(database, ctx.studioId, (tx) => markFailed(tx, ctx, orderId, { failureCode: 'expired_card', failureMessage: 'The saved card has expired.' }));
      return;
    }
    const cards = deps.cards();
    const providerCustomerId = saved?.providerCustomerId ?? (cards ? await cards.ensureProviderCustomer(ctx, order.customerId!, account) : null);
    if (!providerCustomerId) throw new CommerceError('stripe_not_connected', 'Card payments are not set up for this studio.');
    let result: ChargeResult;
    try {
      result = await account.provider.charge({
        amountMinor: payment.amountMinor,
        currency: order.currency,
        providerCustomerId,
        ...(saved ? { providerPaymentMethodId: saved.providerPaymentMethodId } : {}),
        offSession: Boolean(saved) && options.offSession,
        description: `Order #${order.number}`,
        // The same key on every try of this payment (a confirm after a lost answer included), so Stripe answers it once.
        idempotencyKey: options.providerKey ?? order.metadata.providerKey ?? `pay:${payment.id}`,
        metadata: { ...order.metadata, studioId: ctx.studioId, orderId: order.id, paymentId: payment.id },
      });
    } catch (err) {
      // The charge's fate is unknown: the order waits. A confirm (or a retry of the same request)
      // charges again with the same provider key, which cannot charge twice; the webhook may also settle it.
      if (err instanceof PaymentProviderError) throw new CommerceError('payment_provider_error', `The card processor did not answer: ${err.message}`);
      throw err;
    }
    await withStudio(database, ctx.studioId, (tx) => recordCardResult(tx, ctx, payment.id, result));
  }

  async function replay(ctx: Ctx, key: string, hash: string, publishableKey: string | null): Promise<CheckoutResultDto | null> {
    return withStudio(database, ctx.studioId, async (tx) => {
      const existing = await repo.findOrderByKey(tx, ctx, key);
      if (!existing) return null;
      if (existing.requestHash !== hash) {
        throw new CommerceError('idempotency_key_reused', 'This Idempotency-Key was already used for a different sale.');
      }
      return resultOf(tx, ctx, existing.id, publishableKey);
    });
  }

  async function customerOrThrow(tx: Tx, ctx: Ctx, customerId: string) {
    try {
      return await deps.customers.getCustomer(ctx, customerId, tx);
    } catch (err) {
      if ((err as { kind?: string }).kind === 'not_found') throw customerNotFound();
      throw err;
    }
  }

  /** Creates and pays an order; see the steps above. The same key replays the first answer. */
  async function checkout(ctx: Ctx, rawInput: unknown, options: CheckoutOptions): Promise<CheckoutResultDto> {
    const input = parseOrThrow(checkoutSchema, rawInput);
    const hash = hashOf({ channel: options.channel, input, metadata: options.metadata ?? {} });
    const hasCard = input.tenders.some((t) => t.method === 'card');
    const account = hasCard ? await settings.cardAccountFor(ctx) : null;
    const publishableKey = account?.publishableKey ?? null;

    // A replay answers even if Stripe was disconnected since; a new card sale needs it.
    const earlier = await replay(ctx, options.idempotencyKey, hash, publishableKey);
    if (earlier) return earlier;
    if (hasCard && !account) throw stripeNotConnected();

    let created: { orderId: string; paid: boolean };
    try {
      created = await withStudio(database, ctx.studioId, (tx) => createOrder(tx, ctx, input, options, hash));
    } catch (err) {
      // The same key raced us to the unique index: answer as its replay.
      if (isUniqueViolation(err)) {
        const raced = await replay(ctx, options.idempotencyKey, hash, publishableKey);
        if (raced) return raced;
      }
      throw err;
    }
    if (!created.paid && account) await chargeCard(ctx, created.orderId, account, { providerKey: options.providerKey, offSession: options.offSession ?? options.channel !== 'online' });
    return withStudio(database, ctx.studioId, (tx) => resultOf(tx, ctx, created.orderId, publishableKey));
  }

  /**
   * Prices a sale inside the caller's transaction without writing it: lines quoted through their
   * fulfillers, the discount code checked, tax, the tender split and the card surcharge. The same
   * function prices the preview (quote) and the order itself, so the two cannot differ.
   */
  async function priceSale(tx: Tx, ctx: Ctx, input: ReturnType<typeof checkoutSchema.parse>, mode: 'sale' | 'quote' = 'sale') {
    const sale = await settings.saleSettings(tx, ctx);
    const customerId = input.customerId;
    if (customerId) await customerOrThrow(tx, ctx, customerId);
    const catalog = deps.catalog();

    const quotes = [];
    for (const [i, line] of input.lines.entries()) {
      const fulfiller = fulfillers.getOrThrow(line.kind);
      const quote = await fulfiller.quote(tx, ctx, {
        refId: line.refId ?? '',
        customerId: customerId as CustomerId | null,
        ...(line.priceMinor !== undefined ? { priceMinor: line.priceMinor } : {}),
        quantity: line.quantity,
        description: line.description,
        ...(line.metadata ? { metadata: line.metadata } : {}),
      });
      if (!Number.isSafeInteger(quote.unitPriceMinor) || quote.unitPriceMinor < 0) throw new CommerceError('invalid_line', `Line ${i + 1} has no valid price.`, [{ path: `lines.${i}.priceMinor`, message: 'Invalid price' }]);
      quotes.push({ line, quote });
    }

    let discount: { discountCodeId: string; code: string; rule: DiscountRule; eligible: boolean[] } | null = null;
    if (input.discountCode) {
      if (!catalog.discounts) throw new CommerceError('discount_code_invalid', 'Discount codes are not available.', [{ path: 'discountCode', message: 'Unknown code' }]);
      discount = await catalog.discounts.resolve(tx, ctx, {
        code: input.discountCode,
        customerId,
        lines: quotes.map(({ line, quote }) => ({ discountKeys: quote.discountKeys, subtotalMinor: quote.unitPriceMinor * line.quantity })),
      });
    }
    const priced = priceOrder(
      quotes.map(({ line, quote }, i) => ({ unitPriceMinor: quote.unitPriceMinor, quantity: line.quantity, taxRateBp: quote.taxRateBp, discountable: discount?.eligible[i] ?? false })),
      discount?.rule ?? null,
      sale.currency,
    );

    const tried = splitTenders(priced.totalMinor, input.tenders);
    // A preview prices the basket before the tenders are settled: without a valid split, no tender.
    const split = !tried.ok && mode === 'quote' ? { ok: true as const, tenders: [] } : tried;
    if (!split.ok) throw new CommerceError(split.error.code, split.error.message, [{ path: split.error.path, message: split.error.message }]);
    const needsCustomer = (m: TenderMethod) => m === 'card' || m === 'prepaid_credit';
    for (const t of split.tenders) {
      if (needsCustomer(t.method) && !customerId) throw new CommerceError('customer_required', 'Card and prepaid-credit payments need a customer: choose one first.', [{ path: `tenders.${t.index}.method`, message: 'Choose a customer first' }]);
      if (t.method === 'gift_card' && !t.giftCardCode) throw invalidTender(`tenders.${t.index}.giftCardCode`, 'Enter the gift card code.');
      if (t.method === 'gift_card' && !catalog.giftCards) throw invalidTender(`tenders.${t.index}.method`, 'Gift cards are not available.');
      if (t.method === 'prepaid_credit' && !catalog.credits) throw invalidTender(`tenders.${t.index}.method`, 'Prepaid credit is not available.');
      if (t.method === 'card' && t.savedCardId && !deps.cards()) throw invalidTender(`tenders.${t.index}.savedCardId`, 'Saved cards are not available.');
    }
    const cardTender = split.tenders.find((t) => t.method === 'card');
    const surchargeMinor = cardTender ? surchargeOf(cardTender.amountMinor, sale.surcharge, sale.currency) : 0;
    const totalMinor = priced.totalMinor + surchargeMinor;

    return { sale, customerId, catalog, quotes, discount, priced, split, cardTender, surchargeMinor, totalMinor };
  }

  async function createOrder(tx: Tx, ctx: Ctx, input: ReturnType<typeof checkoutSchema.parse>, options: CheckoutOptions, hash: string) {
    const { sale, customerId, catalog, quotes, discount, priced, split, cardTender, surchargeMinor, totalMinor } = await priceSale(tx, ctx, input);
    const now = ctx.clock.now();
    const orderId = newId('order');
    const number = await repo.nextOrderNumber(tx, ctx);
    await repo.insertOrder(tx, {
      studioId: ctx.studioId,
      id: orderId,
      number,
      status: 'awaiting_payment',
      channel: options.channel,
      customerId,
      currency: sale.currency,
      subtotalMinor: priced.subtotalMinor,
      discountMinor: priced.discountMinor,
      taxMinor: priced.taxMinor,
      surchargeMinor,
      totalMinor,
      discountCodeId: discount?.discountCodeId ?? null,
      discountCode: discount?.code ?? null,
      idempotencyKey: options.idempotencyKey,
      requestHash: hash,
      metadata: options.metadata ?? {},
      createdBy: actorUserId(ctx.actor),
      createdAt: now,
      updatedAt: now,
    });
    const lineRows = quotes.map(({ line, quote }, i) => ({
      studioId: ctx.studioId,
      id: newId('orderLine'),
      orderId,
      position: i,
      kind: line.kind,
      refId: line.refId || null,
      description: quote.description,
      quantity: line.quantity,
      unitPriceMinor: quote.unitPriceMinor,
      subtotalMinor: priced.lines[i]!.subtotalMinor,
      discountMinor: priced.lines[i]!.discountMinor,
      taxRateBp: quote.taxRateBp,
      taxMinor: priced.lines[i]!.taxMinor,
      totalMinor: priced.lines[i]!.totalMinor,
      priceMinor: line.priceMinor ?? null,
      metadata: line.metadata ?? {},
      createdAt: now,
    }));
    if (surchargeMinor > 0) {
      lineRows.push({
        studioId: ctx.studioId,
        id: newId('orderLine'),
        orderId,
        position: lineRows.length,
        kind: surchargeKind,
        refId: null,
        description: 'Card fee',
        quantity: 1,
        unitPriceMinor: surchargeMinor,
        subtotalMinor: surchargeMinor,
        discountMinor: 0,
        taxRateBp: 0,
        taxMinor: 0,
        totalMinor: surchargeMinor,
        priceMinor: null,
        metadata: {},
        createdAt: now,
      });
    }
    await repo.insertLines(tx, lineRows);

    const paymentRows = split.tenders.map((t, position) => ({
      studioId: ctx.studioId,
      id: newId('payment'),
      orderId,
      position,
      method: t.method,
      amountMinor: t.method === 'card' ? t.amountMinor + surchargeMinor : t.amountMinor,
      status: 'pending',
      provider: t.method === 'card' ? 'stripe' : t.method === 'cash' || t.method === 'terminal' ? 'manual' : 'ledger',
      refId: t.method === 'card' ? (t.savedCardId ?? null) : null,
      createdAt: now,
      updatedAt: now,
    }));
    await repo.insertPayments(tx, paymentRows);

    // Tenders that cannot fail later are taken now; a refusal (no balance) aborts the whole tx1.
    for (const [i, t] of split.tenders.entries()) {
      const row = paymentRows[i]!;
      if (t.method === 'gift_card') {
        const { giftCardId } = await catalog.giftCards!.redeem(tx, ctx, { code: t.giftCardCode!, amountMinor: t.amountMinor, orderId, customerId });
        await repo.setPayment(tx, ctx, row.id, ['pending'], { status: 'succeeded', refId: giftCardId, succeededAt: now });
      } else if (t.method === 'prepaid_credit') {
        await catalog.credits!.post(tx, ctx, { customerId: customerId!, deltaMinor: -t.amountMinor, reason: 'spend', orderId });
        await repo.setPayment(tx, ctx, row.id, ['pending'], { status: 'succeeded', succeededAt: now });
      } else if (t.method === 'cash' || t.method === 'terminal') {
        // Cash and an external terminal: the money changed hands at the desk.
        await repo.setPayment(tx, ctx, row.id, ['pending'], { status: 'succeeded', providerPaymentId: `manual_${row.id}`, succeededAt: now });
      }
    }
    if (discount && priced.discountMinor > 0) {
      await catalog.discounts!.redeem(tx, ctx, { discountCodeId: discount.discountCodeId, orderId, customerId, amountMinor: priced.discountMinor });
    }
    const paid = cardTender ? false : await markPaid(tx, ctx, orderId);
    return { orderId, paid };
  }

  return {
    checkout,
    /** What a sale would cost (lines, discount, tax, card fee, total) before anyone pays: the point of sale's running total. */
    async quote(ctx: Ctx, rawInput: unknown): Promise<SaleQuoteDto> {
      const input = parseOrThrow(checkoutSchema, rawInput);
      return withStudio(database, ctx.studioId, async (tx) => {
        const p = await priceSale(tx, ctx, input, 'quote');
        return {
          currency: p.sale.currency,
          lines: p.quotes.map(({ line, quote }, i) => ({
            kind: line.kind,
            refId: line.refId ?? null,
            description: quote.description,
            quantity: line.quantity,
            unitPriceMinor: quote.unitPriceMinor,
            ...p.priced.lines[i]!,
          })),
          subtotalMinor: p.priced.subtotalMinor,
          discountMinor: p.priced.discountMinor,
          discountCode: p.discount?.code ?? null,
          taxMinor: p.priced.taxMinor,
          surchargeMinor: p.surchargeMinor,
          totalMinor: p.totalMinor,
          tenders: p.split.tenders.map((t) => ({ method: t.method, amountMinor: t.method === 'card' ? t.amountMinor + p.surchargeMinor : t.amountMinor })),
          surcharge: p.sale.surcharge,
        };
      });
    },
    markPaid,
    markFailed,
    recordCardResult,
    loadDto,

    /**
     * After the browser confirmed the card (3-D Secure, card entry): asks the provider how the
     * payment stands and records it. Also retries a charge whose answer was lost (same provider key).
     * Staff only: a customer goes through `confirmOwn`, which checks the order is theirs.
     */
    async confirm(ctx: Ctx, orderId: string): Promise<CheckoutResultDto> {
      // The order first: an id of another studio is not found, whatever this studio's card set-up.
      const payment = await withStudio(database, ctx.studioId, async (tx) => {
        const order = await repo.findOrder(tx, ctx, orderId);
        if (!order) throw orderNotFound();
        return (await repo.paymentsOf(tx, ctx, orderId)).find((p) => p.method === 'card') ?? null;
      });
      const account = await settings.cardAccountOrThrow(ctx);
      if (payment?.status === 'pending' && !payment.providerPaymentId) {
        // A retry sends what the first try sent (Stripe refuses a key reused with other parameters).
        const order = await withStudio(database, ctx.studioId, (tx) => repo.findOrder(tx, ctx, orderId));
        await chargeCard(ctx, orderId, account, { offSession: order?.channel !== 'online' });
      } else if (payment?.providerPaymentId && (payment.status === 'requires_action' || payment.status === 'pending')) {
        let result: ChargeResult;
        try {
          result = await account.provider.retrievePayment(payment.providerPaymentId);
        } catch (err) {
          if (err instanceof PaymentProviderError) throw new CommerceError('payment_provider_error', `The card processor did not answer: ${err.message}`);
          throw err;
        }
        await withStudio(database, ctx.studioId, (tx) => recordCardResult(tx, ctx, payment.id, result));
      }
      return withStudio(database, ctx.studioId, (tx) => resultOf(tx, ctx, orderId, account.publishableKey));
    },

    /**
     * Settles a card sale nobody finished (the customer left before confirming, the answer was
     * lost and no webhook came): asks the provider once; paid if the card went through, else
     * failed — which gives back the gift-card and credit tenders tx1 took. Called by the sweep job.
     */
    async settleAbandoned(ctx: Ctx, orderId: string): Promise<'completed' | 'failed' | 'waiting' | 'unchanged'> {
      const payment = await withStudio(database, ctx.studioId, async (tx) => {
        const order = await repo.findOrder(tx, ctx, orderId);
        if (order?.status !== 'awaiting_payment') return null;
        return (await repo.paymentsOf(tx, ctx, orderId)).find((p) => p.method === 'card') ?? null;
      });
      if (!payment) return 'unchanged';
      const account = await settings.cardAccountFor(ctx);
      if (account && !payment.providerPaymentId && payment.status === 'pending') {
        // The charge's answer was lost and no webhook came: asking again with the same key and
        // parameters makes Stripe give its first answer (or make the charge the sale asked for).
        const order = await withStudio(database, ctx.studioId, (tx) => repo.findOrder(tx, ctx, orderId));
        await chargeCard(ctx, orderId, account, { offSession: order?.channel !== 'online' }).catch(() => undefined);
        const after = await withStudio(database, ctx.studioId, (tx) => repo.findOrder(tx, ctx, orderId));
        if (after?.status === 'paid') return 'completed';
      }
      if (payment.providerPaymentId && (payment.status === 'pending' || payment.status === 'requires_action')) {
        const result = account ? await account.provider.retrievePayment(payment.providerPaymentId).catch(() => null) : null;
        if (result?.status === 'succeeded') return withStudio(database, ctx.studioId, (tx) => recordCardResult(tx, ctx, payment.id, result));
      }
      const failed = await withStudio(database, ctx.studioId, (tx) =>
        markFailed(tx, ctx, orderId, { failureCode: 'abandoned', failureMessage: 'The card payment was not completed in time.' }),
      );
      return failed ? 'failed' : 'unchanged';
    },

    /**
     * Off-session charge of the customer's default saved card (renewals, instalments, fees).
     * The provider idempotency key is the caller's key: the same (membership, period, attempt)
     * never charges twice, even when the job runs twice or a worker dies after the charge.
     */
    async chargeSavedCard(
      ctx: Ctx,
      input: { customerId: string; lines: unknown[]; idempotencyKey: string; metadata?: Record<string, string>; channel?: 'renewal' | 'instalment' | 'staff' },
    ): Promise<{ orderId: string; status: 'paid' | 'failed' | 'requires_action'; failureMessage?: string }> {
      const cards = deps.cards();
      if (!cards) throw new CommerceError('no_saved_card', 'Saved cards are not available.');
      const card = await withStudio(database, ctx.studioId, async (tx) => {
        const existing = await repo.findOrderByKey(tx, ctx, input.idempotencyKey);
        if (existing) return { savedCardId: (await repo.paymentsOf(tx, ctx, existing.id)).find((p) => p.method === 'card')?.refId ?? null };
        return { savedCardId: (await cards.defaultCardFor(tx, ctx, input.customerId))?.id ?? null };
      });
      if (!card.savedCardId) throw new CommerceError('no_saved_card', 'The customer has no saved card to charge.');
      const result = await checkout(
        ctx,
        { customerId: input.customerId, lines: input.lines, tenders: [{ method: 'card', savedCardId: card.savedCardId }] },
        {
          idempotencyKey: input.idempotencyKey,
          channel: input.channel ?? 'renewal',
          // Kept on the order so that a later confirm of a lost answer charges with the caller's key too.
          metadata: { ...input.metadata, providerKey: input.idempotencyKey },
          providerKey: input.idempotencyKey,
          offSession: true,
        },
      );
      return {
        orderId: result.order.id,
        status: result.payment.status,
        ...(result.payment.failureMessage ? { failureMessage: result.payment.failureMessage } : {}),
      };
    },
  };
}

export type CheckoutService = ReturnType<typeof createCheckoutService>;
