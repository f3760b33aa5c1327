import { and, asc, desc, eq, getTableColumns, inArray, isNotNull, isNull, not, or, sql, type SQL } from 'drizzle-orm';
import type { Ctx } from '../../../kernel/ctx.ts';
import type { Tx } from '../../../platform/db/client.ts';
import { ruleBounds, type Criteria, type CriteriaEnv, type CriteriaRule, type FieldRule, type SubscriptionChannel } from '../domain/criteria.ts';
import type { SearchTerm } from '../domain/search.ts';
import { matchTerms, type CustomerRow } from '../repo.ts';
import { customerFields, customerFieldValues, customerSegments, customerTagLinks, customerTags, customers } from '../schema.ts';

export type SegmentRow = typeof customerSegments.$inferSelect;

const list = (values: readonly (string | number)[]) => sql.join(values.map((v) => sql`${v}`), sql`, `);
const instant = (at: Date) => sql`${at.toISOString()}::timestamptz`;

/** A row of customer_tag_links or customer_field_values that belongs to the customer of the outer query. */
const ofCustomer = (t: typeof customerTagLinks | typeof customerFieldValues) =>
  sql`${t.studioId} = ${customers.studioId} and ${t.customerId} = ${customers.id}`;

function compileTags(rule: Extract<CriteriaRule, { type: 'tags' }>): SQL {
  const ids = [...new Set(rule.tagIds)];
  const linked = sql`${customerTagLinks.tagId} in (${list(ids)})`;
  const exists = sql`exists (select 1 from ${customerTagLinks} where ${ofCustomer(customerTagLinks)} and ${linked})`;
  // One semi-join per tag (rather than counting links per customer) lets the planner start from the tag index.
  if (rule.op === 'all') return and(...ids.map((id) => sql`exists (select 1 from ${customerTagLinks} where ${ofCustomer(customerTagLinks)} and ${customerTagLinks.tagId} = ${id})`))!;
  return rule.op === 'any' ? exists : sql`not ${exists}`;
}

const v = customerFieldValues;
/** The same rule as `isAnswered` in domain/criteria.ts. */
const answered = sql`(${v.textValue} <> '' or ${v.numberValue} is not null or ${v.dateValue} is not null or ${v.boolValue} is not null or cardinality(${v.choiceValues}) > 0)`;
/** `lower(… collate "C")` lower-cases ASCII letters only, on every locale: the same as `asciiLower`. */
const asciiLower = (value: SQL) => sql`lower(${value} collate "C")`;

function compileField(rule: FieldRule, env: CriteriaEnv): SQL {
  const answer = (condition: SQL) =>
    sql`exists (select 1 from ${v} where ${ofCustomer(v)} and ${v.fieldId} = ${rule.fieldId} and ${condition})`;
  // Numbers compare as float8, as the evaluator's `Number(text)` does; float8 operators are leakproof,
  // so row-level security leaves the (studio_id, field_id, number_value::float8) index and its statistics usable.
  const num = (x: number) => sql`${String(x)}::float8`;
  const stored = sql`(${v.numberValue}::float8)`;
  switch (rule.op) {
    case 'set':
      return answer(answered);
    case 'empty':
      return sql`not ${answer(answered)}`;
    case 'textEquals':
      return answer(sql`${asciiLower(sql`${v.textValue}`)} = ${asciiLower(sql`${rule.value}::text`)}`);
    case 'textContains':
      return answer(sql`strpos(${asciiLower(sql`${v.textValue}`)}, ${asciiLower(sql`${rule.value}::text`)}) > 0`);
    case 'numberEq':
      return answer(sql`${stored} = ${num(rule.value)}`);
    case 'numberGt':
      return answer(sql`${stored} > ${num(rule.value)}`);
    case 'numberGte':
      return answer(sql`${stored} >= ${num(rule.value)}`);
    case 'numberLt':
      return answer(sql`${stored} < ${num(rule.value)}`);
    case 'numberLte':
      return answer(sql`${stored} <= ${num(rule.value)}`);
    case 'numberBetween':
      return answer(sql`${stored} between ${num(rule.min)} and ${num(rule.max)}`);
    case 'dateBefore':
      return answer(sql`${v.dateValue} < ${rule.date}::date`);
    case 'dateAfter':
      return answer(sql`${v.dateValue} > ${rule.date}::date`);
    case 'dateOn':
      return answer(sql`${v.dateValue} = ${rule.date}::date`);
    case 'anniversaryToday':
      return answer(sql`${v.dateValue} = any(${`{${(ruleBounds(rule, env).anniversaryDates ?? []).join(',')}}`}::date[])`);
    case 'choiceIn':
      return answer(sql`${v.choiceValues} && array[${list(rule.values)}]::text[]`);
    case 'checked':
      return answer(sql`${v.boolValue} = true`);
    case 'unchecked':
      return sql`not ${answer(sql`${v.boolValue} = true`)}`;
  }
}

const optOut: Record<SubscriptionChannel, SQL> = {
  emailMarketing: sql`${customers.emailMarketingOptOutAt} is null`,
  emailTransactional: sql`${customers.emailTransactionalOptOutAt} is null`,
  smsMarketing: sql`(${customers.smsMarketingOptOutAt} is null and ${customers.smsStoppedAt} is null)`,
  sms: sql`${customers.smsStoppedAt} is null`,
};

function compileInstant(column: typeof customers.lastVisitAt | typeof customers.createdAt, rule: CriteriaRule, env: CriteriaEnv): SQL {
  const b = ruleBounds(rule, env);
  return and(
    isNotNull(column),
    b.before ? sql`${column} < ${instant(b.before)}` : undefined,
    b.from ? sql`${column} >= ${instant(b.from)}` : undefined,
  )!;
}

function compileRule(rule: CriteriaRule, env: CriteriaEnv): SQL {
  switch (rule.type) {
    case 'tags':
      return compileTags(rule);
    case 'membershipStatus':
      return inArray(customers.membershipStatus, [...rule.statuses]);
    case 'source':
      return inArray(customers.source, [...rule.sources]);
    case 'lastVisit':
      return rule.op === 'never' ? isNull(customers.lastVisitAt) : compileInstant(customers.lastVisitAt, rule, env);
    case 'createdAt':
      return compileInstant(customers.createdAt, rule, env);
    case 'visitCount':
      if (rule.op === 'between') return sql`${customers.visitCount} between ${rule.min} and ${rule.max}`;
      if (rule.op === 'eq') return sql`${customers.visitCount} = ${rule.value}`;
      return rule.op === 'gte' ? sql`${customers.visitCount} >= ${rule.value}` : sql`${customers.visitCount} <= ${rule.value}`;
    case 'field':
      return compileField(rule, env);
    case 'subscription':
      return rule.subscribed ? optOut[rule.channel] : not(optOut[rule.channel]);
    case 'hasAccount':
      return rule.value ? isNotNull(customers.userId) : isNull(customers.userId);
    case 'isChild':
      return rule.value ? isNotNull(customers.parentId) : isNull(customers.parentId);
  }
}

/**
 * The SQL condition on `customers` of the criteria: the compiled twin of `matchesCriteria`.
 * Comparisons on the customers table use leakproof operators (=, <, >, in on text, int and
 * timestamptz) so that row-level security leaves the planner free to use the indexes; tags
 * and custom fields are `exists` sub-queries on their (studio_id, customer_id, …) keys.
 */
export function compileCriteria(criteria: Criteria, env: CriteriaEnv): SQL | undefined {
  if (criteria.rules.length === 0) return undefined;
  const parts = criteria.rules.map((r) => compileRule(r, env));
  return criteria.match === 'all' ? and(...parts) : or(...parts);
}

/** What a list filters on: criteria and search terms (either may be absent). */
export interface Filter {
  /** Every one of these criteria must hold (a saved segment's and the list's own). */
  criteria?: readonly Criteria[] | undefined;
  terms?: readonly SearchTerm[] | undefined;
  /** Only these customers (an explicit selection). */
  ids?: readonly string[] | undefined;
  env: CriteriaEnv;
}

function filterSql(ctx: Ctx, f: Filter): SQL {
  return and(
    eq(customers.studioId, ctx.studioId),
    isNull(customers.archivedAt),
    ...(f.criteria ?? []).map((c) => compileCriteria(c, f.env)),
    f.terms && f.terms.length > 0 ? matchTerms(f.terms) : undefined,
    f.ids ? (f.ids.length > 0 ? inArray(customers.id, [...f.ids]) : sql`false`) : undefined,
  )!;
}

export type SortKey = 'name' | 'createdAt' | 'lastVisitAt' | 'visitCount';
export type SortOrder = 'asc' | 'desc';

/**
 * Where a page resumes: strictly after `values` in the sort's order. For last visit, customers
 * who never came (null) come after all the others whatever the order, by id: `phase` says in
 * which of the two parts the cursor is.
 */
export interface SortKeyValues {
  phase: 'value' | 'null';
  values: string[];
}

export interface PageRow {
  row: CustomerRow;
  key: SortKeyValues;
}

/** Instants in cursors keep PostgreSQL's microseconds, so a page never skips or repeats a row. */
const isoMicros = (column: SQL | typeof customers.createdAt) =>
  sql<string>`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
export const isoMicrosPattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

function keyset(sort: SortKey, order: SortOrder, after: SortKeyValues | null): { where: SQL | undefined; orderBy: SQL[]; sortValue: SQL<string> } {
  const dir = order === 'asc' ? asc : desc;
  const cmp = order === 'asc' ? sql`>` : sql`<`;
  switch (sort) {
    case 'name': {
      const [last, first, id] = after?.values ?? [];
      return {
        where: after ? sql`(${customers.searchLast}, ${customers.searchFirst}, ${customers.id}) ${cmp} (${last}, ${first}, ${id})` : undefined,
        orderBy: [dir(customers.searchLast), dir(customers.searchFirst), dir(customers.id)],
        sortValue: sql<string>`${customers.searchLast} || chr(31) || ${customers.searchFirst}`,
      };
    }
    case 'createdAt':
      return {
        where: after ? sql`(${customers.createdAt}, ${customers.id}) ${cmp} (${after.values[0]}::timestamptz, ${after.values[1]})` : undefined,
        orderBy: [dir(customers.createdAt), dir(customers.id)],
        sortValue: isoMicros(customers.createdAt),
      };
    case 'visitCount':
      return {
        where: after ? sql`(${customers.visitCount}, ${customers.id}) ${cmp} (${after.values[0]}::int, ${after.values[1]})` : undefined,
        orderBy: [dir(customers.visitCount), dir(customers.id)],
        sortValue: sql<string>`${customers.visitCount}::text`,
      };
    case 'lastVisitAt':
      if (after?.phase === 'null') {
        return {
          where: and(isNull(customers.lastVisitAt), after.values[0] !== undefined ? sql`${customers.id} ${cmp} ${after.values[0]}` : undefined),
          orderBy: [dir(customers.id)],
          sortValue: sql<string>`''`,
        };
      }
      return {
        where: and(
          isNotNull(customers.lastVisitAt),
          after ? sql`(${customers.lastVisitAt}, ${customers.id}) ${cmp} (${after.values[0]}::timestamptz, ${after.values[1]})` : undefined,
        ),
        orderBy: [dir(customers.lastVisitAt), dir(customers.id)],
        sortValue: isoMicros(sql`${customers.lastVisitAt}`),
      };
  }
}

async function selectPage(tx: Tx, where: SQL, orderBy: SQL[], sortValue: SQL<string>, limit: number) {
  return tx
    .select({ ...getTableColumns(customers), sortValue })
    .from(customers)
    .where(where)
    .orderBy(...orderBy)
    .limit(limit);
}

const keyOf = (sort: SortKey, phase: 'value' | 'null', r: CustomerRow & { sortValue: string }): SortKeyValues => {
  if (sort === 'name') return { phase, values: [r.searchLast, r.searchFirst, r.id] };
  if (phase === 'null') return { phase, values: [r.id] };
  return { phase, values: [r.sortValue, r.id] };
};

const strip = ({ sortValue: _s, ...row }: CustomerRow & { sortValue: string }): CustomerRow => row;

/**
 * The next `limit` customers matching `filter` in the sort's order, each with its sort key.
 * Every sort walks an index on (studio_id, column, id) with a keyset condition, never OFFSET.
 */
export async function pageCustomers(
  tx: Tx,
  ctx: Ctx,
  filter: Filter,
  sort: SortKey,
  order: SortOrder,
  after: SortKeyValues | null,
  limit: number,
): Promise<PageRow[]> {
  const base = filterSql(ctx, filter);
  const k = keyset(sort, order, after);
  const rows = (await selectPage(tx, and(base, k.where)!, k.orderBy, k.sortValue, limit)).map((r) => ({
    row: strip(r),
    key: keyOf(sort, after?.phase ?? 'value', r),
  }));
  if (sort !== 'lastVisitAt' || after?.phase === 'null' || rows.length >= limit) return rows;
  // The customers with a last visit are exhausted: continue with those who never came.
  const nulls = keyset(sort, order, { phase: 'null', values: [] });
  const more = await selectPage(tx, and(base, nulls.where)!, nulls.orderBy, nulls.sortValue, limit - rows.length);
  return [...rows, ...more.map((r) => ({ row: strip(r), key: keyOf(sort, 'null', r) }))];
}

/** How many customers match `filter`. */
export async function countCustomers(tx: Tx, ctx: Ctx, filter: Filter): Promise<number> {
  const [row] = await tx.select({ n: sql<number>`count(*)::int` }).from(customers).where(filterSql(ctx, filter));
  return Number(row?.n ?? 0);
}

/**
 * A condition that the customer whose id is `customerId` (a column of the caller's query) matches
 * `filter`: for lists that page through another table in their own order (the inbox's threads)
 * and stop after a page, instead of reading every matching id first.
 */
export function customerMatchesSql(ctx: Ctx, filter: Filter, customerId: SQL): SQL {
  return sql`exists (select 1 from ${customers} where ${customers.studioId} = ${ctx.studioId} and ${customers.id} = ${customerId} and ${filterSql(ctx, filter)})`;
}

/** The ids of every customer matching `filter`, in no particular order (bulk actions, audiences). */
export async function matchingCustomerIds(tx: Tx, ctx: Ctx, filter: Filter): Promise<string[]> {
  const rows = await tx.select({ id: customers.id }).from(customers).where(filterSql(ctx, filter));
  return rows.map((r) => r.id);
}

/** The ids among `ids` of this studio's listed customers. */
export async function existingCustomerIds(tx: Tx, ctx: Ctx, ids: readonly string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await tx
    .select({ id: customers.id })
    .from(customers)
    .where(and(eq(customers.studioId, ctx.studioId), isNull(customers.archivedAt), inArray(customers.id, [...ids])));
  return rows.map((r) => r.id);
}

export async function existingTagIds(tx: Tx, ctx: Ctx, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await tx
    .select({ id: customerTags.id })
    .from(customerTags)
    .where(and(eq(customerTags.studioId, ctx.studioId), inArray(customerTags.id, [...ids])));
  return new Set(rows.map((r) => r.id));
}

export async function existingFieldIds(tx: Tx, ctx: Ctx, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await tx
    .select({ id: customerFields.id })
    .from(customerFields)
    .where(and(eq(customerFields.studioId, ctx.studioId), inArray(customerFields.id, [...ids])));
  return new Set(rows.map((r) => r.id));
}

// ── Saved segments ───────────────────────────────────────────────────────────

const segmentById = (ctx: Ctx, id: string) => and(eq(customerSegments.studioId, ctx.studioId), eq(customerSegments.id, id));

export async function listSegments(tx: Tx, ctx: Ctx): Promise<SegmentRow[]> {
  return tx
    .select()
    .from(customerSegments)
    .where(eq(customerSegments.studioId, ctx.studioId))
    .orderBy(asc(customerSegments.position), asc(customerSegments.createdAt), asc(customerSegments.id));
}

export async function findSegment(tx: Tx, ctx: Ctx, id: string, options: { lock?: boolean } = {}): Promise<SegmentRow | undefined> {
  const query = tx.select().from(customerSegments).where(segmentById(ctx, id));
  const [row] = options.lock ? await query.for('update') : await query;
  return row;
}

/** The next free position: a new segment becomes the last tab. */
export async function nextSegmentPosition(tx: Tx, ctx: Ctx): Promise<number> {
  const [row] = await tx
    .select({ n: sql<number>`coalesce(max(${customerSegments.position}) + 1, 0)::int` })
    .from(customerSegments)
    .where(eq(customerSegments.studioId, ctx.studioId));
  return Number(row?.n ?? 0);
}

export async function insertSegment(tx: Tx, row: typeof customerSegments.$inferInsert): Promise<void> {
  await tx.insert(customerSegments).values(row);
}

export async function updateSegment(tx: Tx, ctx: Ctx, id: string, patch: Partial<typeof customerSegments.$inferInsert>): Promise<void> {
  await tx
    .update(customerSegments)
    .set({ ...patch, updatedAt: ctx.clock.now() })
    .where(segmentById(ctx, id));
}

export async function deleteSegment(tx: Tx, ctx: Ctx, id: string): Promise<void> {
  await tx.delete(customerSegments).where(segmentById(ctx, id));
}

/** Locks every segment of the studio, so two reorders apply one after the other. */
export async function lockSegments(tx: Tx, ctx: Ctx): Promise<SegmentRow[]> {
  return tx
    .select()
    .from(customerSegments)
    .where(eq(customerSegments.studioId, ctx.studioId))
    .orderBy(asc(customerSegments.position), asc(customerSegments.id))
    .for('update');
}

export async function setSegmentPositions(tx: Tx, ctx: Ctx, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  const cases = sql.join(
    ids.map((id, i) => sql`when ${id} then ${i}`),
    sql` `,
  );
  await tx
    .update(customerSegments)
    .set({ position: sql`(case ${customerSegments.id} ${cases} end)::int`, updatedAt: ctx.clock.now() })
    .where(and(eq(customerSegments.studioId, ctx.studioId), inArray(customerSegments.id, [...ids])));
}

// ── Export ───────────────────────────────────────────────────────────────────

export interface FieldColumn {
  id: string;
  label: string;
  kind: string;
}

/** The studio's custom fields in their order (archived ones left out): the export's extra columns. */
export async function listFieldColumns(tx: Tx, ctx: Ctx): Promise<FieldColumn[]> {
  return tx
    .select({ id: customerFields.id, label: customerFields.label, kind: customerFields.kind })
    .from(customerFields)
    .where(and(eq(customerFields.studioId, ctx.studioId), isNull(customerFields.archivedAt)))
    .orderBy(asc(customerFields.position), asc(customerFields.id));
}

/** Tag names per customer, alphabetical. */
export async function tagNamesOf(tx: Tx, ctx: Ctx, customerIds: readonly string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (customerIds.length === 0) return out;
  const rows = await tx
    .select({ customerId: customerTagLinks.customerId, name: customerTags.name })
    .from(customerTagLinks)
    .innerJoin(customerTags, and(eq(customerTags.studioId, customerTagLinks.studioId), eq(customerTags.id, customerTagLinks.tagId)))
    .where(and(eq(customerTagLinks.studioId, ctx.studioId), inArray(customerTagLinks.customerId, [...customerIds])))
    .orderBy(asc(customerTags.nameKey));
  for (const r of rows) out.set(r.customerId, [...(out.get(r.customerId) ?? []), r.name]);
  return out;
}

export type AnswerRow = typeof customerFieldValues.$inferSelect;

/** Custom field answers per customer, keyed by field id. */
export async function answersOf(tx: Tx, ctx: Ctx, customerIds: readonly string[]): Promise<Map<string, Map<string, AnswerRow>>> {
  const out = new Map<string, Map<string, AnswerRow>>();
  if (customerIds.length === 0) return out;
  const rows = await tx
    .select()
    .from(customerFieldValues)
    .where(and(eq(customerFieldValues.studioId, ctx.studioId), inArray(customerFieldValues.customerId, [...customerIds])));
  for (const r of rows) {
    const answers = out.get(r.customerId) ?? new Map<string, AnswerRow>();
    answers.set(r.fieldId, r);
    out.set(r.customerId, answers);
  }
  return out;
}
