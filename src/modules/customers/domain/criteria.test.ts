import { describe, expect, it } from 'vitest';
import { criteriaSchema, matchesCriteria, ruleBounds, type CriteriaEnv, type CriteriaRule, type CriteriaSubject } from './criteria.ts';

const paris: CriteriaEnv = { now: new Date('2025-03-31T10:00:00Z'), timeZone: 'Europe/Paris' };

const subject = (overrides: Partial<CriteriaSubject> = {}): CriteriaSubject => ({
  membershipStatus: 'none',
  source: 'dashboard',
  visitCount: 0,
  lastVisitAt: null,
  createdAt: new Date('2025-01-01T00:00:00Z'),
  userId: null,
  parentId: null,
  emailMarketingOptOutAt: null,
  emailTransactionalOptOutAt: null,
  smsMarketingOptOutAt: null,
  smsStoppedAt: null,
  tagIds: new Set(),
  fields: new Map(),
  ...overrides,
});

const answer = (a: Partial<{ text: string; number: string; date: string; bool: boolean; choices: string[] }>) => ({
  text: a.text ?? null,
  number: a.number ?? null,
  date: a.date ?? null,
  bool: a.bool ?? null,
  choices: a.choices ?? null,
});

const one = (rule: CriteriaRule, s: CriteriaSubject, env = paris) => matchesCriteria({ match: 'all', rules: [rule] }, s, env);

describe('ruleBounds', () => {
  it('reads calendar dates as whole days of the studio zone, across the spring DST change', () => {
    expect(ruleBounds({ type: 'lastVisit', op: 'before', date: '2025-03-30' }, paris)).toEqual({ before: new Date('2025-03-29T23:00:00Z') });
    expect(ruleBounds({ type: 'lastVisit', op: 'after', date: '2025-03-30' }, paris)).toEqual({ from: new Date('2025-03-30T22:00:00Z') });
    expect(ruleBounds({ type: 'createdAt', op: 'after', date: '2025-10-25' }, paris)).toEqual({ from: new Date('2025-10-25T22:00:00Z') });
  });

  it('counts "within the last N days" back to the same wall time (23 hours across spring forward)', () => {
    expect(ruleBounds({ type: 'lastVisit', op: 'withinDays', days: 1 }, paris)).toEqual({ from: new Date('2025-03-30T10:00:00Z') });
    expect(ruleBounds({ type: 'createdAt', op: 'withinDays', days: 2 }, paris)).toEqual({ from: new Date('2025-03-29T11:00:00Z') });
  });

  it('takes "today" in the studio zone for anniversaries', () => {
    const lateEvening = { now: new Date('2025-06-14T22:30:00Z'), timeZone: 'Europe/Paris' };
    const sameInstantNewYork = { now: new Date('2025-06-14T22:30:00Z'), timeZone: 'America/New_York' };

    expect(ruleBounds({ type: 'field', fieldId: 'f', op: 'anniversaryToday' }, lateEvening).monthDays).toEqual(['06-15']);
    expect(ruleBounds({ type: 'field', fieldId: 'f', op: 'anniversaryToday' }, sameInstantNewYork).monthDays).toEqual(['06-14']);
  });

  it('lists the anniversary dates from 1900 to this year, 29 February only in leap years', () => {
    const dates = ruleBounds({ type: 'field', fieldId: 'f', op: 'anniversaryToday' }, { now: new Date('2025-02-28T12:00:00Z'), timeZone: 'UTC' }).anniversaryDates!;

    expect(dates.slice(0, 3)).toEqual(['1900-02-28', '1901-02-28', '1902-02-28']);
    expect(dates).toContain('2024-02-29');
    expect(dates).not.toContain('1900-02-29');
    expect(dates.at(-1)).toBe('2025-02-28');
  });

  it('celebrates 29 February on the 28th in a common year only', () => {
    const common = { now: new Date('2025-02-28T12:00:00Z'), timeZone: 'UTC' };
    const leap = { now: new Date('2024-02-28T12:00:00Z'), timeZone: 'UTC' };

    expect(ruleBounds({ type: 'field', fieldId: 'f', op: 'anniversaryToday' }, common).monthDays).toEqual(['02-28', '02-29']);
    expect(ruleBounds({ type: 'field', fieldId: 'f', op: 'anniversaryToday' }, leap).monthDays).toEqual(['02-28']);
  });
});

describe('matchesCriteria', () => {
  it('keeps everyone when there are no rules', () => {
    expect(matchesCriteria({ match: 'any', rules: [] }, subject(), paris)).toBe(true);
  });

  it('combines rules with all or any', () => {
    const s = subject({ visitCount: 5, membershipStatus: 'active' });
    const rules: CriteriaRule[] = [
      { type: 'visitCount', op: 'gte', value: 10 },
      { type: 'membershipStatus', statuses: ['active', 'frozen'] },
    ];

    expect(matchesCriteria({ match: 'all', rules }, s, paris)).toBe(false);
    expect(matchesCriteria({ match: 'any', rules }, s, paris)).toBe(true);
  });

  it('reads tags as any of, all of and none of', () => {
    const s = subject({ tagIds: new Set(['a', 'b']) });

    expect(one({ type: 'tags', op: 'any', tagIds: ['b', 'z'] }, s)).toBe(true);
    expect(one({ type: 'tags', op: 'all', tagIds: ['a', 'z'] }, s)).toBe(false);
    expect(one({ type: 'tags', op: 'all', tagIds: ['a', 'b'] }, s)).toBe(true);
    expect(one({ type: 'tags', op: 'none', tagIds: ['z'] }, s)).toBe(true);
  });

  it('keeps customers who never came out of "not within the last N days"', () => {
    const never = subject();
    const lapsed = subject({ lastVisitAt: new Date('2025-01-10T09:00:00Z') });

    expect(one({ type: 'lastVisit', op: 'notWithinDays', days: 30 }, never)).toBe(false);
    expect(one({ type: 'lastVisit', op: 'notWithinDays', days: 30 }, lapsed)).toBe(true);
    expect(one({ type: 'lastVisit', op: 'never' }, never)).toBe(true);
  });

  it('ends SMS marketing with a STOP', () => {
    const stopped = subject({ smsStoppedAt: new Date('2025-02-01T00:00:00Z') });

    expect(one({ type: 'subscription', channel: 'smsMarketing', subscribed: false }, stopped)).toBe(true);
    expect(one({ type: 'subscription', channel: 'emailMarketing', subscribed: true }, stopped)).toBe(true);
  });

  it('compares custom field answers by kind', () => {
    const s = subject({
      fields: new Map([
        ['injury', answer({ text: 'Knee (left)' })],
        ['size', answer({ number: '38.5' })],
        ['birthday', answer({ date: '1990-03-31' })],
        ['level', answer({ choices: ['beginner'] })],
        ['waiver', answer({ bool: false })],
        ['blank', answer({ text: '' })],
      ]),
    });

    expect(one({ type: 'field', fieldId: 'injury', op: 'textContains', value: 'KNEE' }, s)).toBe(true);
    expect(one({ type: 'field', fieldId: 'injury', op: 'textEquals', value: 'knee (LEFT)' }, s)).toBe(true);
    expect(one({ type: 'field', fieldId: 'size', op: 'numberBetween', min: 38, max: 39 }, s)).toBe(true);
    expect(one({ type: 'field', fieldId: 'size', op: 'numberGt', value: 38.5 }, s)).toBe(false);
    expect(one({ type: 'field', fieldId: 'birthday', op: 'anniversaryToday' }, s)).toBe(true);
    expect(one({ type: 'field', fieldId: 'typo', op: 'anniversaryToday' }, subject({ fields: new Map([['typo', answer({ date: '0190-03-31' })]]) }))).toBe(false);
    expect(one({ type: 'field', fieldId: 'birthday', op: 'dateBefore', date: '1990-04-01' }, s)).toBe(true);
    expect(one({ type: 'field', fieldId: 'level', op: 'choiceIn', values: ['advanced', 'beginner'] }, s)).toBe(true);
    expect(one({ type: 'field', fieldId: 'waiver', op: 'unchecked' }, s)).toBe(true);
    expect(one({ type: 'field', fieldId: 'waiver', op: 'set' }, s)).toBe(true);
    expect(one({ type: 'field', fieldId: 'blank', op: 'empty' }, s)).toBe(true);
    expect(one({ type: 'field', fieldId: 'missing', op: 'unchecked' }, s)).toBe(true);
  });

  it('lower-cases ASCII letters only, as PostgreSQL does with the C collation', () => {
    const s = subject({ fields: new Map([['note', answer({ text: 'ÉPAULE' })]]) });

    expect(one({ type: 'field', fieldId: 'note', op: 'textEquals', value: 'Épaule' }, s)).toBe(true);
    expect(one({ type: 'field', fieldId: 'note', op: 'textEquals', value: 'épaule' }, s)).toBe(false);
  });
});

describe('criteriaSchema', () => {
  it('fills in defaults and refuses unknown shapes with the path of the fault', () => {
    expect(criteriaSchema.parse({})).toEqual({ match: 'all', rules: [] });

    const bad = criteriaSchema.safeParse({ rules: [{ type: 'visitCount', op: 'between', min: 5, max: 2 }, { type: 'lastVisit', op: 'before', date: '2025-02-30' }] });

    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((i) => i.path.join('.'))).toEqual(['rules.0.max', 'rules.1.date']);
  });
});
