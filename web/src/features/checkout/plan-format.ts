import type { TFunction } from 'i18next';
import { formatLocalDate, formatMoney } from '../../lib/format.ts';
import type { PublicPlanDto } from './api.ts';

/** "€80", or "€40 – €120" for a sliding scale (the customer chooses within it). */
export function planPrice(plan: PublicPlanDto): string {
  if (plan.priceMode === 'sliding' && plan.priceMinMinor !== null && plan.priceMaxMinor !== null) {
    return `${formatMoney(plan.priceMinMinor, plan.currency)} – ${formatMoney(plan.priceMaxMinor, plan.currency)}`;
  }
  return formatMoney(plan.priceMinor, plan.currency);
}

/** What the plan gives: classes (unlimited, per period or in total) or dollar credit. */
export function planCredits(plan: PublicPlanDto, t: TFunction): string {
  if (plan.kind === 'dollar_pack') return t('checkout.credits.dollars', { amount: formatMoney(plan.dollarCreditMinor ?? plan.priceMinor, plan.currency) });
  if (plan.creditsMode === 'unlimited') return t('checkout.credits.unlimited');
  if (plan.creditsMode === 'per_period') return t('checkout.credits.perPeriod', { count: plan.creditsCount ?? 0 });
  return t('checkout.credits.total', { count: plan.creditsCount ?? 0 });
}

/** How long it lasts: renews every N units, a fixed season, valid N units, or no expiry. */
export function planValidity(plan: PublicPlanDto, t: TFunction): string {
  switch (plan.kind) {
    case 'subscription_absolute':
    case 'on_demand':
      return plan.intervalUnit ? t(`checkout.validity.renews.${plan.intervalUnit}`, { count: plan.intervalCount ?? 1 }) : t('checkout.validity.noExpiry');
    case 'subscription_specific':
      return t('checkout.validity.between', { from: formatLocalDate(plan.specificStartDate), to: formatLocalDate(plan.specificEndDate) });
    default:
      return plan.expiryUnit ? t(`checkout.validity.validFor.${plan.expiryUnit}`, { count: plan.expiryCount ?? 1 }) : t('checkout.validity.noExpiry');
  }
}
