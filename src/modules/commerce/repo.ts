import { and, desc, eq, inArray, lt, or, sql, gte } from 'drizzle-orm';
import type { Ctx } from '../../kernel/ctx.ts';
import type { Tx } from '../../platform/db/client.ts';
import { commerceOrderLines, commerceOrders, commercePayments, commerceRefunds, commerceSettings, commerceWebhookEvents } from './schema.ts';

export type SettingsRow = typeof commerceSettings.$inferSelect;
export type OrderRow = typeof commerceOrders.$inferSelect;
export type LineRow = typeof commerceOrderLines.$inferSelect;
export type PaymentRow = typeof commercePayments.$inferSelect;
export type RefundRow = typeof commerceRefunds.$inferSelect;

// ---- settings

export async function findSettings(tx: Tx, ctx: Ctx): Promise<SettingsRow | undefined> {
  const [row] = await tx.select().from(commerceSettings).where(eq(commerceSettings.studioId, ctx.studioId));
  return row;
}

export async function upsertSettings(tx: Tx, ctx: Ctx, values: Partial<typeof commerceSettings.$inferInsert>, now: Date): Promise<void> {
  await tx
    .insert(commerceSettings)
    .values({ ...values, studioId: ctx.studioId, updatedAt: now })
    .onConflictDoUpdate({ target: commerceSettings.studioId, set: { ...values, updatedAt: now } });
}

/** The next order number of the studio: one row-locking UPDATE, so concurrent sales never share one. */
export async function nextOrderNumber(tx: Tx, ctx: Ctx): Promise<number> {
  const [row] = await tx
    .insert(commerceSettings)
    .values({ studioId: ctx.studioId, lastOrderNumber: 1 })
    .onConflictDoUpdate({ target: commerceSettings.studioId, set: { lastOrderNumber: sql`${commerceSettings.lastOrderNumber} + 1` } })
    .returning({ n: commerceSettings.lastOrderNumber });
  return row!.n;
}

// ---- orders

export async function insertOrder(tx: Tx, row: typeof commerceOrders.$inferInsert): Promise<void> {
  await tx.insert(commerceOrders).values(row);
}

export async function insertLines(tx: Tx, rows: (typeof commerceOrderLines.$inferInsert)[]): Promise<void> {
  if (rows.length) await tx.insert(commerceOrderLines).values(rows);
}

export async function insertPayments(tx: Tx, rows: (typeof commercePayments.$inferInsert)[]): Promise<void> {
  if (rows.length) await tx.insert(commercePayments).values(rows);
}

export async function findOrder(tx: Tx, ctx: Ctx, id: string, options: { forUpdate?: boolean } = {}): Promise<OrderRow | undefined> {
  const q = tx.select().from(commerceOrders).where(and(eq(commerceOrders.studioId, ctx.studioId), eq(commerceOrders.id, id)));
  const [row] = options.forUpdate ? await q.for('update') : await q;
  return row;
}

export async function findOrderByKey(tx: Tx, ctx: Ctx, key: string): Promise<OrderRow | undefined> {
  const [row] = await tx.select().from(commerceOrders).where(and(eq(commerceOrders.studioId, ctx.studioId), eq(commerceOrders.idempotencyKey, key)));
  return row;
}

export async function linesOf(tx: Tx, ctx: Ctx, orderId: string): Promise<LineRow[]> {
  return tx
    .select()
    .from(commerceOrderLines)
    .where(and(eq(commerceOrderLines.studioId, ctx.studioId), eq(commerceOrderLines.orderId, orderId)))
    .orderBy(commerceOrderLines.position);
}

export async function paymentsOf(tx: Tx, ctx: Ctx, orderId: string): Promise<PaymentRow[]> {
  return tx
    .select()
    .from(commercePayments)
    .where(and(eq(commercePayments.studioId, ctx.studioId), eq(commercePayments.orderId, orderId)))
    .orderBy(commercePayments.position);
}

export async function refundsOf(tx: Tx, ctx: Ctx, orderId: string): Promise<RefundRow[]> {
  return tx
    .select()
    .from(commerceRefunds)
    .where(and(eq(commerceRefunds.studioId, ctx.studioId), eq(commerceRefunds.orderId, orderId)))
    .orderBy(commerceRefunds.createdAt, commerceRefunds.id);
}

/**
 * Moves an order from one of `from` to `to`: the WHERE on the status is the guard that lets
 * exactly one of two racing completions (our own tx2 and the webhook) do the work.
 */
export async function transitionOrder(
  tx: Tx,
  ctx: Ctx,
  id: string,
  from: string[],
  set: Partial<typeof commerceOrders.$inferInsert> & { status: string },
): Promise<OrderRow | undefined> {
  const [row] = await tx
    .update(commerceOrders)
    .set({ ...set, updatedAt: ctx.clock.now() })
    .where(and(eq(commerceOrders.studioId, ctx.studioId), eq(commerceOrders.id, id), inArray(commerceOrders.status, from)))
    .returning();
  return row;
}

export async function setPayment(tx: Tx, ctx: Ctx, id: string, from: string[], set: Partial<typeof commercePayments.$inferInsert>): Promise<PaymentRow | undefined> {
  const [row] = await tx
    .update(commercePayments)
    .set({ ...set, updatedAt: ctx.clock.now() })
    .where(and(eq(commercePayments.studioId, ctx.studioId), eq(commercePayments.id, id), inArray(commercePayments.status, from)))
    .returning();
  return row;
}

export async function findPayment(tx: Tx, ctx: Ctx, id: string): Promise<PaymentRow | undefined> {
  const [row] = await tx.select().from(commercePayments).where(and(eq(commercePayments.studioId, ctx.studioId), eq(commercePayments.id, id)));
  return row;
}

export async function findPaymentByProviderId(tx: Tx, ctx: Ctx, provider: string, providerPaymentId: string): Promise<PaymentRow | undefined> {
  const [row] = await tx
    .select()
    .from(commercePayments)
    .where(and(eq(commercePayments.studioId, ctx.studioId), eq(commercePayments.provider, provider), eq(commercePayments.providerPaymentId, providerPaymentId)));
  return row;
}

export async function setLine(tx: Tx, ctx: Ctx, id: string, set: Partial<typeof commerceOrderLines.$inferInsert>): Promise<void> {
  await tx.update(commerceOrderLines).set(set).where(and(eq(commerceOrderLines.studioId, ctx.studioId), eq(commerceOrderLines.id, id)));
}

export interface OrderListFilter {
  customerId?: string | undefined;
  status?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  /** Rows strictly older than this (createdAt, id) pair. */
  before?: { createdAt: Date; id: string } | undefined;
  limit: number;
}

/** Newest first, keyset-paginated on (created_at, id). */
export async function listOrders(tx: Tx, ctx: Ctx, f: OrderListFilter): Promise<OrderRow[]> {
  const o = commerceOrders;
  const where = [eq(o.studioId, ctx.studioId)];
  if (f.customerId) where.push(eq(o.customerId, f.customerId));
  if (f.status) where.push(eq(o.status, f.status));
  if (f.from) where.push(gte(o.createdAt, f.from));
  if (f.to) where.push(lt(o.createdAt, f.to));
  if (f.before) where.push(or(lt(o.createdAt, f.before.createdAt), and(eq(o.createdAt, f.before.createdAt), lt(o.id, f.before.id)))!);
  return tx
    .select()
    .from(o)
    .where(and(...where))
    .orderBy(desc(o.createdAt), desc(o.id))
    .limit(f.limit + 1);
}

/** Card sales still waiting for their payment, made before `before`, in every studio (the sweep job; system tx). */
export async function listAbandoned(tx: Tx, before: Date, limit: number): Promise<{ studioId: string; id: string }[]> {
  return tx
    .select({ studioId: commerceOrders.studioId, id: commerceOrders.id })
    .from(commerceOrders)
    .where(and(eq(commerceOrders.status, 'awaiting_payment'), lt(commerceOrders.createdAt, before)))
    .orderBy(commerceOrders.createdAt)
    .limit(limit);
}

// ---- refunds

export async function insertRefund(tx: Tx, row: typeof commerceRefunds.$inferInsert): Promise<void> {
  await tx.insert(commerceRefunds).values(row);
}

export async function findRefund(tx: Tx, ctx: Ctx, id: string): Promise<RefundRow | undefined> {
  const [row] = await tx.select().from(commerceRefunds).where(and(eq(commerceRefunds.studioId, ctx.studioId), eq(commerceRefunds.id, id)));
  return row;
}

export async function findRefundByKey(tx: Tx, ctx: Ctx, key: string): Promise<RefundRow | undefined> {
  const [row] = await tx.select().from(commerceRefunds).where(and(eq(commerceRefunds.studioId, ctx.studioId), eq(commerceRefunds.idempotencyKey, key)));
  return row;
}

export async function findRefundByProviderId(tx: Tx, ctx: Ctx, providerRefundId: string): Promise<RefundRow | undefined> {
  const [row] = await tx
    .select()
    .from(commerceRefunds)
    .where(and(eq(commerceRefunds.studioId, ctx.studioId), eq(commerceRefunds.providerRefundId, providerRefundId)));
  return row;
}

export async function setRefund(tx: Tx, ctx: Ctx, id: string, from: string[], set: Partial<typeof commerceRefunds.$inferInsert>): Promise<RefundRow | undefined> {
  const [row] = await tx
    .update(commerceRefunds)
    .set({ ...set, updatedAt: ctx.clock.now() })
    .where(and(eq(commerceRefunds.studioId, ctx.studioId), eq(commerceRefunds.id, id), inArray(commerceRefunds.status, from)))
    .returning();
  return row;
}

/**
 * Adds `amount` to what was refunded on the order, only while that stays within what was paid:
 * the guard that keeps two concurrent refunds from giving back more than was taken.
 */
export async function addRefunded(tx: Tx, ctx: Ctx, orderId: string, amount: number): Promise<OrderRow | undefined> {
  const o = commerceOrders;
  const [row] = await tx
    .update(o)
    .set({
      refundedMinor: sql`${o.refundedMinor} + ${amount}`,
      status: sql`case when ${o.refundedMinor} + ${amount} >= ${o.paidMinor} then 'refunded' else 'partially_refunded' end`,
      updatedAt: ctx.clock.now(),
    })
    .where(and(eq(o.studioId, ctx.studioId), eq(o.id, orderId), inArray(o.status, ['paid', 'partially_refunded']), sql`${o.refundedMinor} + ${amount} <= ${o.paidMinor}`))
    .returning();
  return row;
}

/** Takes `amount` back off the order's refunded total (a card refund the provider later failed). */
export async function subtractRefunded(tx: Tx, ctx: Ctx, orderId: string, amount: number): Promise<void> {
  const o = commerceOrders;
  await tx
    .update(o)
    .set({
      refundedMinor: sql`${o.refundedMinor} - ${amount}`,
      status: sql`case when ${o.refundedMinor} - ${amount} = 0 then 'paid' else 'partially_refunded' end`,
      updatedAt: ctx.clock.now(),
    })
    .where(and(eq(o.studioId, ctx.studioId), eq(o.id, orderId)));
}

export async function addPaymentRefunded(tx: Tx, ctx: Ctx, paymentId: string, amount: number): Promise<boolean> {
  const p = commercePayments;
  const rows = await tx
    .update(p)
    .set({ refundedMinor: sql`${p.refundedMinor} + ${amount}`, updatedAt: ctx.clock.now() })
    .where(and(eq(p.studioId, ctx.studioId), eq(p.id, paymentId), sql`${p.refundedMinor} + ${amount} <= ${p.amountMinor}`))
    .returning({ id: p.id });
  return rows.length > 0;
}

export async function addLineRefunded(tx: Tx, ctx: Ctx, lineId: string, amount: number): Promise<boolean> {
  const l = commerceOrderLines;
  const rows = await tx
    .update(l)
    .set({ refundedMinor: sql`${l.refundedMinor} + ${amount}` })
    .where(and(eq(l.studioId, ctx.studioId), eq(l.id, lineId), sql`${l.refundedMinor} + ${amount} <= ${l.totalMinor}`))
    .returning({ id: l.id });
  return rows.length > 0;
}

// ---- webhook events

/** Records a provider event; false when it was already recorded (a duplicate delivery). */
export async function recordWebhookEvent(tx: Tx, ctx: Ctx, row: { provider: string; id: string; type: string; outcome: string; receivedAt: Date }): Promise<boolean> {
  const rows = await tx
    .insert(commerceWebhookEvents)
    .values({ ...row, studioId: ctx.studioId })
    .onConflictDoNothing()
    .returning({ id: commerceWebhookEvents.id });
  return rows.length > 0;
}

export async function setWebhookOutcome(tx: Tx, ctx: Ctx, provider: string, id: string, outcome: string): Promise<void> {
  await tx
    .update(commerceWebhookEvents)
    .set({ outcome })
    .where(and(eq(commerceWebhookEvents.studioId, ctx.studioId), eq(commerceWebhookEvents.provider, provider), eq(commerceWebhookEvents.id, id)));
}
