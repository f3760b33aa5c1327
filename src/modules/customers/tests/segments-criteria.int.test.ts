import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../kernel/clock.ts';
import type { Ctx } from '../../../kernel/ctx.ts';
import { newId, type StudioId } from '../../../kernel/ids.ts';
import { withStudio } from '../../../platform/db/tx.ts';
import { testDatabaseKinds } from '../../../platform/testing/database.ts';
import { createTestEnso, makeStudio, type TestEnso } from '../../../platform/testing/enso.ts';
import {
  customerSources,
  matchesCriteria,
  membershipStatuses,
  subscriptionChannels,
  type Criteria,
  type CriteriaRule,
  type CriteriaSubject,
  type FieldAnswer,
} from '../domain/criteria.ts';
import { customerFields, customerFieldValues, customerTagLinks, customerTags, customers } from '../schema.ts';

/**
 * Property: on generated customers, for many random criteria, the SQL compiler
 * (segments/repo.ts) selects exactly the customers the in-memory evaluator keeps.
 * The generator is seeded, so a failure names a seed and a criteria that reproduce it.
 */

const now = new Date('2025-03-31T10:00:00Z'); // the day after Paris springs forward
const day = 86_400_000;

/** A small, seeded PRNG (mulberry32): the same seed gives the same data and criteria. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
  const chance = (p: number) => next() < p;
  const some = <T,>(xs: readonly T[], min = 1) => {
    const out = xs.filter(() => chance(0.4));
    return out.length >= min ? out : xs.slice(0, min);
  };
  return { next, int, pick, chance, some };
}
type Rng = ReturnType<typeof prng>;

const texts = ['Knee', 'knee injury', 'KNEE', 'Back pain', 'ÉPAULE', 'épaule', 'Shoulder', ''];
const numbers = ['38', '38.5', '40', '-2', '0.25', '120'];
const dates = ['1990-03-31', '1890-03-31', '2025-03-31', '1985-02-28', '2000-02-29', '1975-12-01', '1992-03-30', '2010-07-14'];
const choices = ['beginner', 'intermediate', 'advanced', 'kids'];

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

function randomRule(r: Rng, tagIds: string[], fields: Record<string, string>): CriteriaRule {
  const date = () => isoDay(now.getTime() - r.int(0, 120) * day);
  switch (r.int(0, 9)) {
    case 0:
      return { type: 'tags', op: r.pick(['any', 'all', 'none'] as const), tagIds: r.some(tagIds) };
    case 1:
      return { type: 'membershipStatus', statuses: r.some(membershipStatuses) };
    case 2: {
      const op = r.pick(['never', 'before', 'after', 'withinDays', 'notWithinDays'] as const);
      if (op === 'never') return { type: 'lastVisit', op };
      if (op === 'before' || op === 'after') return { type: 'lastVisit', op, date: date() };
      return { type: 'lastVisit', op, days: r.int(1, 90) };
    }
    case 3: {
      const op = r.pick(['eq', 'gte', 'lte', 'between'] as const);
      if (op === 'between') {
        const min = r.int(0, 10);
        return { type: 'visitCount', op, min, max: min + r.int(0, 10) };
      }
      return { type: 'visitCount', op, value: r.int(0, 20) };
    }
    case 4:
      return { type: 'createdAt', ...(r.chance(0.5) ? { op: r.pick(['before', 'after'] as const), date: date() } : { op: 'withinDays' as const, days: r.int(1, 120) }) };
    case 5:
      return { type: 'source', sources: r.some(customerSources) };
    case 6:
      return { type: 'subscription', channel: r.pick(subscriptionChannels), subscribed: r.chance(0.5) };
    case 7:
      return r.chance(0.5) ? { type: 'hasAccount', value: r.chance(0.5) } : { type: 'isChild', value: r.chance(0.5) };
    default:
      return randomFieldRule(r, fields);
  }
}

function randomFieldRule(r: Rng, fields: Record<string, string>): CriteriaRule {
  const kind = r.pick(['text', 'number', 'date', 'choice', 'multi', 'checkbox'] as const);
  const fieldId = fields[kind]!;
  if (r.chance(0.15)) return { type: 'field', fieldId, op: r.pick(['set', 'empty'] as const) };
  switch (kind) {
    case 'text':
      return { type: 'field', fieldId, op: r.pick(['textEquals', 'textContains'] as const), value: r.pick(['knee', 'Knee', 'PAIN', 'épaule', 'Épaule', 'der']) };
    case 'number': {
      const op = r.pick(['numberEq', 'numberGt', 'numberGte', 'numberLt', 'numberLte', 'numberBetween'] as const);
      const value = Number(r.pick(numbers));
      return op === 'numberBetween' ? { type: 'field', fieldId, op, min: value, max: value + r.int(0, 50) } : { type: 'field', fieldId, op, value };
    }
    case 'date': {
      const op = r.pick(['dateBefore', 'dateAfter', 'dateOn', 'anniversaryToday'] as const);
      return op === 'anniversaryToday' ? { type: 'field', fieldId, op } : { type: 'field', fieldId, op, date: r.pick(dates) };
    }
    case 'choice':
    case 'multi':
      return { type: 'field', fieldId, op: 'choiceIn', values: r.some(choices) };
    case 'checkbox':
      return { type: 'field', fieldId, op: r.pick(['checked', 'unchecked'] as const) };
  }
}

const maybe = (r: Rng, p: number, value: () => Date) => (r.chance(p) ? value() : null);

describe.each(testDatabaseKinds())('criteria: SQL compiler = in-memory evaluator (%s)', (kind) => {
  let enso: TestEnso;
  let ctx: Ctx;
  const subjects = new Map<string, CriteriaSubject>();
  const tagIds: string[] = [];
  const fields: Record<string, string> = {};

  beforeAll(async () => {
    enso = await createTestEnso(kind, { clock: fixedClock(now) });
    const studio = await makeStudio(enso, { timeZone: 'Europe/Paris' });
    ctx = { studioId: studio.studioId as StudioId, actor: { kind: 'system' }, clock: enso.clock, requestId: 'property' };
    const r = prng(20251127);
    await withStudio(enso.database, ctx.studioId, async (tx) => {
      for (const name of ['VIP', 'Injury', 'Teacher', 'Newsletter', 'Kids']) {
        const id = newId('tag');
        tagIds.push(id);
        await tx.insert(customerTags).values({ studioId: ctx.studioId, id, name, nameKey: name.toLowerCase() });
      }
      for (const [key, fieldKind] of [['text', 'text'], ['number', 'number'], ['date', 'date'], ['choice', 'choice'], ['multi', 'multi_choice'], ['checkbox', 'checkbox']] as const) {
        fields[key] = newId('customField');
        await tx.insert(customerFields).values({ studioId: ctx.studioId, id: fields[key], label: key, kind: fieldKind, options: choices });
      }
      const rows: (typeof customers.$inferInsert)[] = [];
      const links: (typeof customerTagLinks.$inferInsert)[] = [];
      const answers: (typeof customerFieldValues.$inferInsert)[] = [];
      for (let i = 0; i < 400; i++) {
        const id = newId('customer');
        const createdAt = new Date(now.getTime() - r.int(0, 150 * 24) * 3_600_000 - r.int(0, 3_599_999));
        const row = {
          studioId: ctx.studioId,
          id,
          firstName: `P${i}`,
          lastName: `Q${i}`,
          searchFirst: `p${i}`,
          searchLast: `q${i}`,
          source: r.pick(customerSources),
          parentId: i > 10 && r.chance(0.1) ? rows[r.int(0, rows.length - 1)]!.id : null,
          visitCount: r.chance(0.2) ? 0 : r.int(0, 25),
          lastVisitAt: maybe(r, 0.75, () => new Date(now.getTime() - r.int(0, 100 * 24) * 3_600_000 - r.int(0, 3_599_999))),
          membershipStatus: r.pick(membershipStatuses),
          emailMarketingOptOutAt: maybe(r, 0.2, () => now),
          emailTransactionalOptOutAt: maybe(r, 0.1, () => now),
          smsMarketingOptOutAt: maybe(r, 0.2, () => now),
          smsStoppedAt: maybe(r, 0.15, () => now),
          createdAt,
          updatedAt: createdAt,
        };
        rows.push(row);
        for (const tagId of tagIds) if (r.chance(0.3)) links.push({ studioId: ctx.studioId, customerId: id, tagId });
        const answer = (fieldId: string, values: Partial<typeof customerFieldValues.$inferInsert>) =>
          answers.push({ studioId: ctx.studioId, customerId: id, fieldId, ...values });
        if (r.chance(0.6)) answer(fields.text!, { textValue: r.pick(texts) });
        if (r.chance(0.6)) answer(fields.number!, { numberValue: r.pick(numbers) });
        if (r.chance(0.6)) answer(fields.date!, { dateValue: r.pick(dates) });
        if (r.chance(0.6)) answer(fields.choice!, { choiceValues: [r.pick(choices)] });
        if (r.chance(0.6)) answer(fields.multi!, { choiceValues: r.chance(0.1) ? [] : r.some(choices) });
        if (r.chance(0.6)) answer(fields.checkbox!, { boolValue: r.chance(0.5) });
      }
      // Parents first, so the (studio_id, parent_id) foreign key holds.
      await tx.insert(customers).values(rows.map((row) => ({ ...row, parentId: null })));
      for (const row of rows.filter((x) => x.parentId)) {
        await tx.update(customers).set({ parentId: row.parentId }).where(eq(customers.id, row.id));
      }
      await tx.insert(customerTagLinks).values(links);
      await tx.insert(customerFieldValues).values(answers);
    });
    // A few customers with an account, made the way customers make them.
    for (const n of [1, 2, 3]) {
      const res = await studio.anonymous().post(`/api/public/v1/studios/${studio.slug}/signup`, {
        firstName: `Acc${n}`,
        email: `acc${n}@example.com`,
        password: 'a-long-enough-password',
      });
      expect(res.status).toBe(201);
    }
    // The evaluator reads the data back as stored (numbers as PostgreSQL's exact decimal text).
    await withStudio(enso.database, ctx.studioId, async (tx) => {
      const stored = await tx.select().from(customers);
      const storedLinks = await tx.select().from(customerTagLinks);
      const storedAnswers = await tx.select().from(customerFieldValues);
      for (const c of stored) {
        subjects.set(c.id, { ...c, tagIds: new Set(), fields: new Map<string, FieldAnswer>() });
      }
      for (const l of storedLinks) (subjects.get(l.customerId)!.tagIds as Set<string>).add(l.tagId);
      for (const a of storedAnswers) {
        (subjects.get(a.customerId)!.fields as Map<string, FieldAnswer>).set(a.fieldId, {
          text: a.textValue,
          number: a.numberValue,
          date: a.dateValue,
          bool: a.boolValue,
          choices: a.choiceValues,
        });
      }
    });
  });
  afterAll(() => enso?.dispose());

  it('selects the same customers for 300 random criteria', async () => {
    const r = prng(7);
    const env = { now, timeZone: 'Europe/Paris' };
    let nonTrivial = 0;
    for (let round = 0; round < 300; round++) {
      const criteria: Criteria = {
        match: r.chance(0.5) ? 'all' : 'any',
        rules: Array.from({ length: r.int(1, 4) }, () => randomRule(r, tagIds, fields)),
      };

      const fromSql = (await enso.services.customerSegments.matchingCustomerIds(ctx, { criteria })).sort();
      const inMemory = [...subjects].filter(([, s]) => matchesCriteria(criteria, s, env)).map(([id]) => id).sort();

      expect(fromSql, `round ${round}: ${JSON.stringify(criteria)}`).toEqual(inMemory);
      if (inMemory.length > 0 && inMemory.length < subjects.size) nonTrivial += 1;
    }
    // The generator must make criteria that split the customers, or the property says little.
    expect(nonTrivial).toBeGreaterThan(200);
  });

  it('keeps every rule type selective on this data', async () => {
    const r = prng(99);
    const env = { now, timeZone: 'Europe/Paris' };
    const splits = new Set<string>();
    for (let round = 0; round < 400; round++) {
      const rule = randomRule(r, tagIds, fields);
      const kept = [...subjects.values()].filter((s) => matchesCriteria({ match: 'all', rules: [rule] }, s, env)).length;
      if (kept > 0 && kept < subjects.size) splits.add(rule.type === 'field' ? `field.${rule.op}` : rule.type);
    }
    expect([...splits]).toEqual(
      expect.arrayContaining(['createdAt', 'field.anniversaryToday', 'field.checked', 'field.choiceIn', 'field.textContains', 'hasAccount', 'isChild', 'lastVisit', 'membershipStatus', 'source', 'subscription', 'tags', 'visitCount']),
    );
  });
});
