import type { FieldError } from '../../../kernel/errors.ts';

export interface PlanShape {
  kind: 'subscription_absolute' | 'subscription_specific' | 'class_pack' | 'dollar_pack' | 'on_demand' | 'intro_offer';
  intervalCount: number | null;
  intervalUnit: string | null;
  specificStartDate: string | null;
  specificEndDate: string | null;
  expiryCount: number | null;
  expiryUnit: string | null;
  priceMode: 'fixed' | 'sliding';
  priceMinor: number;
  priceMinMinor: number | null;
  priceMaxMinor: number | null;
  creditsMode: 'unlimited' | 'per_period' | 'total';
  creditsCount: number | null;
  dollarCreditMinor: number | null;
}

/** Kinds that renew by themselves every interval (the renewals job charges them). */
export const renewingKinds = new Set<PlanShape['kind']>(['subscription_absolute', 'on_demand']);

/**
 * The rules of a plan, field by field:
 * - a renewing kind (absolute subscription, on-demand) has an interval (count and unit);
 * - a specific subscription has a start and an end date, the end on or after the start;
 * - a class pack counts credits in total (N classes), an intro offer too and it also has a duration;
 * - a dollar pack grants an amount of prepaid credit > 0;
 * - credits per period only on a renewing kind; a counted mode has a count, unlimited has none;
 * - a sliding scale has a minimum and a maximum around the suggested price (min ≤ price ≤ max);
 * - an interval or an expiry is both a count and a unit, or neither.
 */
export function checkPlan(p: PlanShape): FieldError[] {
  const errors: FieldError[] = [];
  const need = (path: string, message: string) => errors.push({ path, message });
  if ((p.intervalCount === null) !== (p.intervalUnit === null)) need('intervalUnit', 'An interval is a number and a unit.');
  if ((p.expiryCount === null) !== (p.expiryUnit === null)) need('expiryUnit', 'An expiry is a number and a unit.');
  if (renewingKinds.has(p.kind) && p.intervalCount === null) need('intervalCount', 'A renewing plan renews every so many days, weeks or months.');
  if (p.kind === 'subscription_specific') {
    if (!p.specificStartDate) need('specificStartDate', 'A specific interval has a start date.');
    if (!p.specificEndDate) need('specificEndDate', 'A specific interval has an end date.');
    if (p.specificStartDate && p.specificEndDate && p.specificEndDate < p.specificStartDate) need('specificEndDate', 'The end date is on or after the start date.');
  }
  if ((p.kind === 'class_pack' || p.kind === 'intro_offer') && p.creditsMode !== 'total') need('creditsMode', 'A pack counts its classes in total.');
  if (p.kind === 'intro_offer' && p.expiryCount === null) need('expiryCount', 'An intro offer lasts a limited time.');
  if (p.kind === 'dollar_pack' && !(p.dollarCreditMinor !== null && p.dollarCreditMinor > 0)) need('dollarCreditMinor', 'A dollar pack grants an amount of credit.');
  if (p.creditsMode === 'per_period' && !renewingKinds.has(p.kind)) need('creditsMode', 'Credits per period need a renewing plan.');
  if (p.creditsMode !== 'unlimited' && p.creditsCount === null) need('creditsCount', 'How many credits?');
  if (p.creditsMode === 'unlimited' && p.creditsCount !== null) need('creditsCount', 'Unlimited credits have no count.');
  if (p.priceMode === 'sliding') {
    if (p.priceMinMinor === null) need('priceMinMinor', 'A sliding scale has a minimum.');
    if (p.priceMaxMinor === null) need('priceMaxMinor', 'A sliding scale has a maximum.');
    if (p.priceMinMinor !== null && p.priceMaxMinor !== null && !(p.priceMinMinor <= p.priceMinor && p.priceMinor <= p.priceMaxMinor)) {
      need('priceMinor', 'The suggested price lies between the minimum and the maximum.');
    }
  }
  return errors;
}
