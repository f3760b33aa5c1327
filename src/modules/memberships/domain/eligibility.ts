import type { LocalDate } from '../../../kernel/time.ts';
import { inPeriod } from './periods.ts';

export interface EligibilityMembership {
  kind: string;
  status: string;
  periodStart: LocalDate;
  periodEnd: LocalDate | null;
  creditsRemaining: number | null;
}

export interface EligibilityPlan {
  usableTemplateIds: readonly string[];
  usableLocationIds: readonly string[];
  shareableWithChildren: boolean;
}

export interface EligibilityQuery {
  /** The class's local date in the membership's zone. */
  date: LocalDate;
  templateId: string;
  locationId: string | null;
  /** True when the spot is for a child of the member, not the member. */
  forChild: boolean;
}

/** Kinds that give access to classes (a dollar pack gives money, on-demand gives videos). */
const classKinds = new Set(['subscription_absolute', 'subscription_specific', 'class_pack', 'intro_offer']);

/**
 * Why a membership can't pay for a class, or null when it can: it is active (past_due keeps
 * access during the retries; frozen, pending, expired and cancelled don't), the class falls in
 * its period, the plan is usable for the template and location (empty list = all), a child's
 * spot needs a plan shareable with children, and credits (when counted) are left.
 */
export function ineligibility(m: EligibilityMembership, plan: EligibilityPlan, q: EligibilityQuery): string | null {
  if (!classKinds.has(m.kind)) return 'not_for_classes';
  if (m.status !== 'active' && m.status !== 'past_due') return `status_${m.status}`;
  if (!inPeriod(q.date, m.periodStart, m.periodEnd)) return 'outside_period';
  if (plan.usableTemplateIds.length > 0 && !plan.usableTemplateIds.includes(q.templateId)) return 'template_not_covered';
  if (plan.usableLocationIds.length > 0 && (q.locationId === null || !plan.usableLocationIds.includes(q.locationId))) return 'location_not_covered';
  if (q.forChild && !plan.shareableWithChildren) return 'not_shareable_with_children';
  if (m.creditsRemaining !== null && m.creditsRemaining <= 0) return 'no_credits_left';
  return null;
}
