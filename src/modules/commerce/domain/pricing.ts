import { allocate, applyRateBp, money, multiply, type CurrencyCode } from '../../../kernel/money.ts';

/**
 * Order arithmetic, pure and in integer minor units. The rules (each one rounding, stated):
 * - prices are tax-exclusive; a line's subtotal is `unit price × quantity` (exact);
 * - a percent discount is computed ONCE on the eligible lines' subtotal, rounded half-up, then
 *   allocated to those lines in proportion to their subtotals by largest remainder
 *   (`kernel/money.allocate`), so the lines' discounts add up to the order's exactly;
 * - an amount discount is capped at the eligible subtotal and allocated the same way;
 * - tax per line = `applyRateBp(subtotal − discount, taxRateBp, 'half-up')`;
 * - the card surcharge (when the customer pays card fees) applies only to the card tender's
 *   amount: `applyRateBp(cardAmount, bp, 'half-up') + fixedMinor`, as a line of its own
 *   without tax.
 */

export interface PricedLineInput {
  unitPriceMinor: number;
  quantity: number;
  taxRateBp: number;
  /** Whether the order's discount code applies to this line. */
  discountable: boolean;
}

export type DiscountRule = { kind: 'percent'; percentBp: number } | { kind: 'amount'; amountMinor: number };

export interface PricedLine {
  subtotalMinor: number;
  discountMinor: number;
  taxMinor: number;
  totalMinor: number;
}

export interface PricedOrder {
  lines: PricedLine[];
  subtotalMinor: number;
  discountMinor: number;
  taxMinor: number;
  /** Before any card surcharge. */
  totalMinor: number;
}

/** The discount an order gets from `rule` over the eligible subtotal (rounded half-up, capped). */
export function discountOf(eligibleSubtotalMinor: number, rule: DiscountRule, currency: CurrencyCode): number {
  if (eligibleSubtotalMinor <= 0) return 0;
  const raw = rule.kind === 'percent' ? applyRateBp(money(eligibleSubtotalMinor, currency), rule.percentBp, 'half-up').amountMinor : rule.amountMinor;
  return Math.max(0, Math.min(raw, eligibleSubtotalMinor));
}

export function priceOrder(lines: readonly PricedLineInput[], rule: DiscountRule | null, currency: CurrencyCode): PricedOrder {
  const subtotals = lines.map((l) => multiply(money(l.unitPriceMinor, currency), l.quantity).amountMinor);
  const weights = lines.map((l, i) => (l.discountable ? subtotals[i]! : 0));
  const eligible = weights.reduce((a, b) => a + b, 0);
  const discount = rule ? discountOf(eligible, rule, currency) : 0;
  const discounts = discount > 0 ? allocate(money(discount, currency), weights).map((m) => m.amountMinor) : lines.map(() => 0);
  const priced = lines.map((l, i) => {
    const net = subtotals[i]! - discounts[i]!;
    const taxMinor = applyRateBp(money(net, currency), l.taxRateBp, 'half-up').amountMinor;
    return { subtotalMinor: subtotals[i]!, discountMinor: discounts[i]!, taxMinor, totalMinor: net + taxMinor };
  });
  const sum = (f: (l: PricedLine) => number) => priced.reduce((a, l) => a + f(l), 0);
  return {
    lines: priced,
    subtotalMinor: sum((l) => l.subtotalMinor),
    discountMinor: sum((l) => l.discountMinor),
    taxMinor: sum((l) => l.taxMinor),
    totalMinor: sum((l) => l.totalMinor),
  };
}

export interface SurchargeRule {
  bp: number;
  fixedMinor: number;
}

/** The card fee the customer pays on `cardAmountMinor`; 0 when nothing is paid by card. */
export function surchargeOf(cardAmountMinor: number, rule: SurchargeRule | null, currency: CurrencyCode): number {
  if (!rule || cardAmountMinor <= 0) return 0;
  return applyRateBp(money(cardAmountMinor, currency), rule.bp, 'half-up').amountMinor + rule.fixedMinor;
}
