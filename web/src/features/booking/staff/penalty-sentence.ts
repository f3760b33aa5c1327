import type { TFunction } from 'i18next';
import type { PenaltyRuleInput } from './api.ts';

/** What the sentence needs of a rule (a saved one or the editor's draft). */
export type PenaltyRuleWords = Pick<PenaltyRuleInput, 'offence' | 'countMode' | 'countN' | 'periodKind'> & {
  periodN?: number | null | undefined;
};

/**
 * A penalty rule in plain words, in the UI language of `t`, as the editor shows it while the rule
 * changes: "The penalty will be applied at every 2nd no-show within the last 30 days."
 * every N → each Nth offence; minimum N → each offence from the Nth on; exactly N → only the Nth.
 * N = 1 of "every" (and of "minimum") reads "every no-show" rather than "every 1st no-show".
 */
export function describePenaltyRule(rule: PenaltyRuleWords, t: TFunction): string {
  const n = Number.isFinite(rule.countN) && rule.countN >= 1 ? Math.floor(rule.countN) : 1;
  const offence = t(`bookingStaff.penalties.sentence.offence.${rule.offence}`);
  const nth = t('bookingStaff.penalties.sentence.nth', { count: n, ordinal: true });
  const when =
    n === 1 && rule.countMode !== 'exactly'
      ? t('bookingStaff.penalties.sentence.everyOne', { offence })
      : t(`bookingStaff.penalties.sentence.${rule.countMode}`, { offence, nth });
  const periodN = rule.periodN && rule.periodN >= 1 ? Math.floor(rule.periodN) : null;
  const period =
    rule.periodKind === 'renewal_period'
      ? t('bookingStaff.penalties.sentence.renewalPeriod')
      : periodN === null
        ? ''
        : t(`bookingStaff.penalties.sentence.${rule.periodKind}`, { count: periodN });
  return t('bookingStaff.penalties.sentence.full', { when, period: period ? ` ${period}` : '' });
}
