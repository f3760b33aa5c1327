import { allocate, applyRateBp, money } from '../../../../kernel/money.ts';

/** A discount code as the rules see it. */
export interface DiscountRule {
  kind: 'percent' | 'amount';
  /** Percent codes: basis points, 1 000 = 10 %. */
  percentBp: number | null;
  /** Amount codes: minor units off the eligible lines. */
  amountMinor: number | null;
  validFrom: Date | null;
  validUntil: Date | null;
  maxUses: number | null;
  maxUsesPerCustomer: number | null;
  /** Redemptions not released, all customers. */
  usesCount: number;
  planIds: readonly string[];
  templateIds: readonly string[];
  productIds: readonly string[];
  archived: boolean;
}

export interface DiscountLine {
  lineKey: string;
  /** What the line is, as `plan:<id>`, `template:<id>`, `product:<id>` (from the fulfiller's quote). */
  discountKeys: readonly string[];
  /** The line's price × quantity before discount and tax, minor units, >= 0. */
  netMinor: number;
}

export type DiscountRefusal =
  | 'archived'
  | 'not_started'
  | 'expired'
  | 'exhausted'
  | 'needs_customer'
  | 'customer_limit'
  | 'not_applicable';

export type DiscountOutcome =
  | { ok: true; totalMinor: number; lines: { lineKey: string; discountMinor: number }[] }
  | { ok: false; reason: DiscountRefusal };

/** The keys a code is restricted to; empty means every line is eligible. */
export function restrictionKeys(rule: Pick<DiscountRule, 'planIds' | 'templateIds' | 'productIds'>): string[] {
  return [...rule.planIds.map((id) => `plan:${id}`), ...rule.templateIds.map((id) => `template:${id}`), ...rule.productIds.map((id) => `product:${id}`)];
}

/** Whether a line (by its discount keys) is one the code applies to. */
export function isEligible(rule: Pick<DiscountRule, 'planIds' | 'templateIds' | 'productIds'>, discountKeys: readonly string[]): boolean {
  const restricted = restrictionKeys(rule);
  return restricted.length === 0 || discountKeys.some((k) => restricted.includes(k));
}

/**
 * What a code takes off an order, or why it does not apply. Rules, in this order:
 * 1. archived → refused; `now < validFrom` → not_started; `now >= validUntil` → expired
 *    (the window is half-open: from its first instant, until — excluded — its last);
 * 2. `usesCount >= maxUses` → exhausted; a per-customer limit needs a known customer, and
 *    `customerUses >= maxUsesPerCustomer` → customer_limit;
 * 3. eligible lines: all of them when the code has no restriction, otherwise those with a
 *    discount key in the restriction (plan, template or product ids); none, or an eligible
 *    subtotal of zero → not_applicable;
 * 4. percent: `applyRateBp(eligibleSubtotal, percentBp, 'half-up')` once, on the subtotal;
 *    amount: `min(amountMinor, eligibleSubtotal)` (never more than the lines cost);
 * 5. the discount is allocated to the eligible lines in proportion to their net amounts by
 *    largest remainder (kernel `allocate`), so the line discounts add up to it exactly and
 *    no line gets more than its own net amount. Other lines get 0.
 * Worked example: 10 % of lines 1 000 + 1 999 → 10 % of 2 999 = 299.9 → 300, split 100 / 200.
 */
export function evaluateDiscount(
  rule: DiscountRule,
  input: { lines: readonly DiscountLine[]; now: Date; hasCustomer: boolean; customerUses: number },
): DiscountOutcome {
  const { now } = input;
  if (rule.archived) return { ok: false, reason: 'archived' };
  if (rule.validFrom && now.getTime() < rule.validFrom.getTime()) return { ok: false, reason: 'not_started' };
  if (rule.validUntil && now.getTime() >= rule.validUntil.getTime()) return { ok: false, reason: 'expired' };
  if (rule.maxUses !== null && rule.usesCount >= rule.maxUses) return { ok: false, reason: 'exhausted' };
  if (rule.maxUsesPerCustomer !== null) {
    if (!input.hasCustomer) return { ok: false, reason: 'needs_customer' };
    if (input.customerUses >= rule.maxUsesPerCustomer) return { ok: false, reason: 'customer_limit' };
  }

  const restricted = new Set(restrictionKeys(rule));
  const eligible = input.lines.map((l) => restricted.size === 0 || l.discountKeys.some((k) => restricted.has(k)));
  const subtotal = input.lines.reduce((sum, l, i) => (eligible[i] ? sum + l.netMinor : sum), 0);
  if (subtotal <= 0) return { ok: false, reason: 'not_applicable' };

  // The currency does not change the arithmetic; kernel money wants one, any ISO code does.
  const total =
    rule.kind === 'percent'
      ? applyRateBp(money(subtotal, 'EUR'), rule.percentBp ?? 0, 'half-up').amountMinor
      : Math.min(rule.amountMinor ?? 0, subtotal);
  const weights = input.lines.map((l, i) => (eligible[i] ? l.netMinor : 0));
  const shares = allocate(money(total, 'EUR'), weights);
  return { ok: true, totalMinor: total, lines: input.lines.map((l, i) => ({ lineKey: l.lineKey, discountMinor: shares[i]!.amountMinor })) };
}
