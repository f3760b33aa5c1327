import { z } from 'zod';
import { addLocalDays, localDateOf, parseLocalDate, startOfLocalDay, addDays, type LocalDate } from '../../../kernel/time.ts';

/**
 * Customer criteria: one JSON shape for the list's filters, saved segments, and (through the
 * module index) messaging and automation audiences. `match: 'all'` keeps customers that pass
 * every rule, `'any'` those that pass at least one; no rules at all means everyone.
 *
 * Two readings of the same criteria must agree: `matchesCriteria` here (in memory) and the SQL
 * compiler in `segments/repo.ts`; a property test checks it on generated data. Relative dates
 * ("within the last 30 days", "anniversary today") are resolved by `criteriaBounds` from the
 * clock's now and the studio's time zone, and both readings use its result.
 */

export const membershipStatuses = ['none', 'active', 'frozen', 'expired'] as const;
export const customerSources = ['dashboard', 'signup', 'import', 'referral', 'checkout'] as const;
/** Kinds of message a customer can unsubscribe from (customers.*_opt_out_at, sms_stopped_at). */
export const subscriptionChannels = ['emailMarketing', 'emailTransactional', 'smsMarketing', 'sms'] as const;
export type SubscriptionChannel = (typeof subscriptionChannels)[number];

const refId = z.string().min(1).max(64);
const localDate = z.string().refine((v) => {
  try {
    parseLocalDate(v);
    return true;
  } catch {
    return false;
  }
}, 'A date is written YYYY-MM-DD');
/** "Within the last N days": up to ten years. */
const days = z.number().int().min(1).max(3650);
const count = z.number().int().min(0).max(1_000_000);
/** Field numbers are compared as doubles in both readings (stored exactly as numeric); finite and of a sane size. */
const fieldNumber = z.number().finite().min(-1e12).max(1e12);

const tagsRule = z
  .object({ type: z.literal('tags'), op: z.enum(['any', 'all', 'none']), tagIds: z.array(refId).min(1).max(50) })
  .strict();
const membershipRule = z.object({ type: z.literal('membershipStatus'), statuses: z.array(z.enum(membershipStatuses)).min(1) }).strict();
const sourceRule = z.object({ type: z.literal('source'), sources: z.array(z.enum(customerSources)).min(1) }).strict();

const lastVisitRule = z.discriminatedUnion('op', [
  z.object({ type: z.literal('lastVisit'), op: z.literal('never') }).strict(),
  z.object({ type: z.literal('lastVisit'), op: z.enum(['before', 'after']), date: localDate }).strict(),
  z.object({ type: z.literal('lastVisit'), op: z.enum(['withinDays', 'notWithinDays']), days }).strict(),
]);

const createdAtRule = z.discriminatedUnion('op', [
  z.object({ type: z.literal('createdAt'), op: z.enum(['before', 'after']), date: localDate }).strict(),
  z.object({ type: z.literal('createdAt'), op: z.literal('withinDays'), days }).strict(),
]);

const visitCountRule = z.discriminatedUnion('op', [
  z.object({ type: z.literal('visitCount'), op: z.enum(['eq', 'gte', 'lte']), value: count }).strict(),
  z
    .object({ type: z.literal('visitCount'), op: z.literal('between'), min: count, max: count })
    .strict()
    .refine((r) => r.min <= r.max, { message: 'The minimum is at most the maximum', path: ['max'] }),
]);

const field = { type: z.literal('field'), fieldId: refId };
const fieldRule = z.discriminatedUnion('op', [
  /** Any kind: the customer has (or has no) answer; an empty text or an empty choice is no answer. */
  z.object({ ...field, op: z.enum(['set', 'empty']) }).strict(),
  /** Text: equal to, or containing, `value`, ignoring the case of ASCII letters. */
  z.object({ ...field, op: z.enum(['textEquals', 'textContains']), value: z.string().trim().min(1).max(200) }).strict(),
  z.object({ ...field, op: z.enum(['numberEq', 'numberGt', 'numberGte', 'numberLt', 'numberLte']), value: fieldNumber }).strict(),
  z
    .object({ ...field, op: z.literal('numberBetween'), min: fieldNumber, max: fieldNumber })
    .strict()
    .refine((r) => r.min <= r.max, { message: 'The minimum is at most the maximum', path: ['max'] }),
  z.object({ ...field, op: z.enum(['dateBefore', 'dateAfter', 'dateOn']), date: localDate }).strict(),
  /**
   * A date field whose month and day are today's in the studio's zone (birthdays), for dates from
   * 1900 to this year; 29 February is celebrated on the 28th in common years.
   */
  z.object({ ...field, op: z.literal('anniversaryToday') }).strict(),
  /** Choice and multiple choice: at least one of `values` is chosen. */
  z.object({ ...field, op: z.literal('choiceIn'), values: z.array(z.string().min(1).max(200)).min(1).max(50) }).strict(),
  /** Checkbox: ticked, or not ticked (an unanswered checkbox is not ticked). */
  z.object({ ...field, op: z.enum(['checked', 'unchecked']) }).strict(),
]);

const subscriptionRule = z
  .object({ type: z.literal('subscription'), channel: z.enum(subscriptionChannels), subscribed: z.boolean() })
  .strict();
const hasAccountRule = z.object({ type: z.literal('hasAccount'), value: z.boolean() }).strict();
const isChildRule = z.object({ type: z.literal('isChild'), value: z.boolean() }).strict();

export const criteriaRuleSchema = z.discriminatedUnion('type', [
  tagsRule,
  membershipRule,
  lastVisitRule,
  visitCountRule,
  fieldRule,
  createdAtRule,
  sourceRule,
  subscriptionRule,
  hasAccountRule,
  isChildRule,
]);
export type CriteriaRule = z.infer<typeof criteriaRuleSchema>;
export type CriteriaRuleType = CriteriaRule['type'];
export type FieldRule = Extract<CriteriaRule, { type: 'field' }>;

export const maxCriteriaRules = 20;

export const criteriaSchema = z
  .object({
    match: z.enum(['all', 'any']).default('all'),
    rules: z.array(criteriaRuleSchema).max(maxCriteriaRules).default([]),
  })
  .strict();
export type Criteria = z.infer<typeof criteriaSchema>;

/** Everyone. */
export const everyone: Criteria = { match: 'all', rules: [] };

/** Where and when criteria are read: relative dates depend on both. */
export interface CriteriaEnv {
  now: Date;
  timeZone: string;
}

/** The concrete bounds of one rule's relative or calendar dates, in instants and month-days. */
export interface RuleBounds {
  /** Keep values strictly before this instant. */
  before?: Date;
  /** Keep values at or after this instant. */
  from?: Date;
  /** 'MM-DD' values a date field's month and day may take today. */
  monthDays?: string[];
  /** Every date from 1900 to this year whose month and day are in `monthDays`: an anniversary is one of them. */
  anniversaryDates?: string[];
}

/** Dates before this year (typos such as 0199 for 1990) have no anniversary. */
export const firstAnniversaryYear = 1900;

const isLeapYear = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

/**
 * The instants (or month-days) a rule compares with. Calendar dates are whole days of the
 * studio's zone; "within the last N days" is the rolling window back to the same wall time
 * N days ago. Example (Europe/Paris, now 2025-03-31T10:00:00Z = 12:00 +02:00):
 * - before 2025-03-30 → before 2025-03-29T23:00:00Z (that day's midnight, +01:00);
 * - after 2025-03-30 → from 2025-03-30T22:00:00Z (midnight of the 31st, +02:00);
 * - within the last 1 day → from 2025-03-30T10:00:00Z (12:00 +02:00 on the 30th).
 */
export function ruleBounds(rule: CriteriaRule, env: CriteriaEnv): RuleBounds {
  const dayStart = (date: string) => startOfLocalDay(date as LocalDate, env.timeZone);
  const daysAgo = (n: number) => addLocalDays(env.now, -n, env.timeZone);
  switch (rule.type) {
    case 'lastVisit':
      if (rule.op === 'before') return { before: dayStart(rule.date) };
      if (rule.op === 'after') return { from: dayStart(addDays(rule.date as LocalDate, 1)) };
      if (rule.op === 'withinDays') return { from: daysAgo(rule.days) };
      if (rule.op === 'notWithinDays') return { before: daysAgo(rule.days) };
      return {};
    case 'createdAt':
      if (rule.op === 'before') return { before: dayStart(rule.date) };
      if (rule.op === 'after') return { from: dayStart(addDays(rule.date as LocalDate, 1)) };
      return rule.op === 'withinDays' ? { from: daysAgo(rule.days) } : {};
    case 'field': {
      if (rule.op !== 'anniversaryToday') return {};
      const today = localDateOf(env.now, env.timeZone);
      const monthDay = today.slice(5);
      const year = Number(today.slice(0, 4));
      const monthDays = monthDay === '02-28' && !isLeapYear(year) ? [monthDay, '02-29'] : [monthDay];
      // Listing the dates (about 125) rather than comparing month and day lets SQL use the
      // (studio_id, field_id, date_value) index and lets the planner estimate the matches right.
      const anniversaryDates: string[] = [];
      for (let y = firstAnniversaryYear; y <= year; y++) {
        for (const md of monthDays) if (md !== '02-29' || isLeapYear(y)) anniversaryDates.push(`${String(y).padStart(4, '0')}-${md}`);
      }
      return { monthDays, anniversaryDates };
    }
    default:
      return {};
  }
}

/** One answer to a custom field, as stored (numbers as their exact decimal text). */
export interface FieldAnswer {
  text: string | null;
  number: string | null;
  date: string | null;
  bool: boolean | null;
  choices: readonly string[] | null;
}

/** What the in-memory reading needs to know about a customer. */
export interface CriteriaSubject {
  membershipStatus: string;
  source: string;
  visitCount: number;
  lastVisitAt: Date | null;
  createdAt: Date;
  userId: string | null;
  parentId: string | null;
  emailMarketingOptOutAt: Date | null;
  emailTransactionalOptOutAt: Date | null;
  smsMarketingOptOutAt: Date | null;
  smsStoppedAt: Date | null;
  tagIds: ReadonlySet<string>;
  fields: ReadonlyMap<string, FieldAnswer>;
}

/** Lower-cases ASCII letters only, as `lower(x collate "C")` does in PostgreSQL whatever the locale. */
export const asciiLower = (value: string) => value.replace(/[A-Z]/g, (c) => c.toLowerCase());

/** True while the customer receives that kind of message; a STOP by SMS also ends SMS marketing. */
export function isSubscribed(s: Pick<CriteriaSubject, 'emailMarketingOptOutAt' | 'emailTransactionalOptOutAt' | 'smsMarketingOptOutAt' | 'smsStoppedAt'>, channel: SubscriptionChannel): boolean {
  switch (channel) {
    case 'emailMarketing':
      return s.emailMarketingOptOutAt === null;
    case 'emailTransactional':
      return s.emailTransactionalOptOutAt === null;
    case 'smsMarketing':
      return s.smsMarketingOptOutAt === null && s.smsStoppedAt === null;
    case 'sms':
      return s.smsStoppedAt === null;
  }
}

/** An answer counts as given when some column holds a value; an empty text or choice list does not. */
export function isAnswered(a: FieldAnswer | undefined): boolean {
  if (!a) return false;
  return (a.text !== null && a.text !== '') || a.number !== null || a.date !== null || a.bool !== null || (a.choices?.length ?? 0) > 0;
}

const inBounds = (value: Date | null, b: RuleBounds) =>
  value !== null && (b.before === undefined || value < b.before) && (b.from === undefined || value >= b.from);

function matchesField(rule: FieldRule, answer: FieldAnswer | undefined, bounds: RuleBounds): boolean {
  const number = answer?.number === null || answer?.number === undefined ? null : Number(answer.number);
  const date = answer?.date ?? null;
  switch (rule.op) {
    case 'set':
      return isAnswered(answer);
    case 'empty':
      return !isAnswered(answer);
    case 'textEquals':
      return answer?.text != null && asciiLower(answer.text) === asciiLower(rule.value);
    case 'textContains':
      return answer?.text != null && asciiLower(answer.text).includes(asciiLower(rule.value));
    case 'numberEq':
      return number !== null && number === rule.value;
    case 'numberGt':
      return number !== null && number > rule.value;
    case 'numberGte':
      return number !== null && number >= rule.value;
    case 'numberLt':
      return number !== null && number < rule.value;
    case 'numberLte':
      return number !== null && number <= rule.value;
    case 'numberBetween':
      return number !== null && number >= rule.min && number <= rule.max;
    case 'dateBefore':
      return date !== null && date < rule.date;
    case 'dateAfter':
      return date !== null && date > rule.date;
    case 'dateOn':
      return date === rule.date;
    case 'anniversaryToday':
      return date !== null && (bounds.anniversaryDates ?? []).includes(date);
    case 'choiceIn':
      return (answer?.choices ?? []).some((c) => rule.values.includes(c));
    case 'checked':
      return answer?.bool === true;
    case 'unchecked':
      return answer?.bool !== true;
  }
}

/** Whether one customer passes one rule (in memory). */
export function matchesRule(rule: CriteriaRule, s: CriteriaSubject, env: CriteriaEnv): boolean {
  const bounds = ruleBounds(rule, env);
  switch (rule.type) {
    case 'tags': {
      const has = (id: string) => s.tagIds.has(id);
      if (rule.op === 'any') return rule.tagIds.some(has);
      if (rule.op === 'all') return rule.tagIds.every(has);
      return !rule.tagIds.some(has);
    }
    case 'membershipStatus':
      return (rule.statuses as readonly string[]).includes(s.membershipStatus);
    case 'source':
      return (rule.sources as readonly string[]).includes(s.source);
    case 'lastVisit':
      return rule.op === 'never' ? s.lastVisitAt === null : inBounds(s.lastVisitAt, bounds);
    case 'createdAt':
      return inBounds(s.createdAt, bounds);
    case 'visitCount':
      if (rule.op === 'between') return s.visitCount >= rule.min && s.visitCount <= rule.max;
      if (rule.op === 'eq') return s.visitCount === rule.value;
      return rule.op === 'gte' ? s.visitCount >= rule.value : s.visitCount <= rule.value;
    case 'field':
      return matchesField(rule, s.fields.get(rule.fieldId), bounds);
    case 'subscription':
      return isSubscribed(s, rule.channel) === rule.subscribed;
    case 'hasAccount':
      return (s.userId !== null) === rule.value;
    case 'isChild':
      return (s.parentId !== null) === rule.value;
  }
}

/** Whether one customer matches the criteria (in memory): the reference reading of the SQL compiler. */
export function matchesCriteria(criteria: Criteria, s: CriteriaSubject, env: CriteriaEnv): boolean {
  if (criteria.rules.length === 0) return true;
  return criteria.match === 'all'
    ? criteria.rules.every((r) => matchesRule(r, s, env))
    : criteria.rules.some((r) => matchesRule(r, s, env));
}

/** The tag ids and field ids the criteria refer to, to check that they exist in the studio. */
export function criteriaReferences(criteria: Criteria): { tagIds: Map<string, string>; fieldIds: Map<string, string> } {
  const tagIds = new Map<string, string>();
  const fieldIds = new Map<string, string>();
  criteria.rules.forEach((rule, i) => {
    if (rule.type === 'tags') rule.tagIds.forEach((id, j) => tagIds.set(id, `rules.${i}.tagIds.${j}`));
    if (rule.type === 'field') fieldIds.set(rule.fieldId, `rules.${i}.fieldId`);
  });
  return { tagIds, fieldIds };
}
