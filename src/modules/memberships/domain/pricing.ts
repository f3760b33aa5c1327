import type { FieldError } from '../../../kernel/errors.ts';

export interface PlanPrice {
  priceMode: 'fixed' | 'sliding';
  priceMinor: number;
  priceMinMinor: number | null;
  priceMaxMinor: number | null;
}

/**
 * The price of one plan for a buyer: the fixed price (a choice is ignored), or on a sliding
 * scale the buyer's choice, which must lie within [min, max] inclusive; no choice means the
 * suggested price. Throws nothing: returns the price or the field error.
 */
export function priceFor(plan: PlanPrice, choiceMinor: number | undefined): { priceMinor: number } | { error: FieldError } {
  if (plan.priceMode === 'fixed' || choiceMinor === undefined) return { priceMinor: plan.priceMinor };
  const min = plan.priceMinMinor ?? 0;
  const max = plan.priceMaxMinor ?? plan.priceMinor;
  if (!Number.isInteger(choiceMinor) || choiceMinor < min || choiceMinor > max) {
    return { error: { path: 'priceMinor', message: `Choose a price from ${min} to ${max}.` } };
  }
  return { priceMinor: choiceMinor };
}
