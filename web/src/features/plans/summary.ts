import { useTranslation } from 'react-i18next';
import { formatLocalDate, formatMoney } from '../../lib/format.ts';
import type { PlanDto } from './api.ts';

/** One line that says what a plan gives: period or validity, then credits. */
export function usePlanSummary() {
  const { t } = useTranslation();
  return (p: Pick<PlanDto, 'kind' | 'intervalCount' | 'intervalUnit' | 'specificStartDate' | 'specificEndDate' | 'expiryCount' | 'expiryUnit' | 'creditsMode' | 'creditsCount' | 'dollarCreditMinor' | 'currency'>): string => {
    const parts: string[] = [];
    if (p.intervalCount && p.intervalUnit) parts.push(t('plans.summary.every', { count: p.intervalCount, unit: t(`plans.units.${p.intervalUnit}`, { count: p.intervalCount }) }));
    if (p.kind === 'subscription_specific' && p.specificStartDate && p.specificEndDate) {
      parts.push(t('plans.summary.dates', { from: formatLocalDate(p.specificStartDate), to: formatLocalDate(p.specificEndDate) }));
    }
    if (p.expiryCount && p.expiryUnit) parts.push(t('plans.summary.expires', { count: p.expiryCount, unit: t(`plans.units.${p.expiryUnit}`, { count: p.expiryCount }) }));
    if (p.kind === 'dollar_pack' && p.dollarCreditMinor) parts.push(t('plans.summary.dollars', { amount: formatMoney(p.dollarCreditMinor, p.currency) }));
    else if (p.kind !== 'on_demand' && p.kind !== 'dollar_pack') {
      if (p.creditsMode === 'unlimited') parts.push(t('plans.summary.unlimited'));
      else if (p.creditsMode === 'per_period') parts.push(t('plans.summary.perPeriod', { count: p.creditsCount ?? 0 }));
      else parts.push(t('plans.summary.total', { count: p.creditsCount ?? 0 }));
    }
    return parts.join(' · ');
  };
}
