import { and, asc, desc, eq, getTableColumns, inArray, isNull, or, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Ctx } from '../../kernel/ctx.ts';
import type { Tx } from '../../platform/db/client.ts';
import { isUniqueViolation } from '../../platform/db/tx.ts';
import { events } from '../../platform/events/schema.ts';
// Read model (README): the activity feed shows who acted, by the name on their login.
import { users } from '../identity/schema.ts';
import { normalizeForSearch, searchPhrase, type SearchTerm } from './domain/search.ts';
import { customers } from './schema.ts';

export type CustomerRow = typeof customers.$inferSelect;
export type NewCustomerRow = typeof customers.$inferInsert;

/** Where a page resumes: strictly after this (last name, first name, id) in search order. */
export interface NameKey {
  searchLast: string;
  searchFirst: string;
  id: string;
}

/** Where an activity page resumes: strictly before this (occurred_at, id), newest first. */
export interface EventKey {
  occurredAt: Date;
  id: string;
}

export interface ActivityRow {
  id: string;
  type: string;
  occurredAt: Date;
  actorKind: string;
  actorName: string | null;
  payload: Record<string, unknown>;
}

const byId = (ctx: Ctx, id: string) => and(eq(customers.studioId, ctx.studioId), eq(customers.id, id));

/** `lock` takes the row lock an edit needs, so two edits can't both compute their changes from one old state. */
export async function findCustomer(tx: Tx, ctx: Ctx, id: string, options: { lock?: boolean } = {}): Promise<CustomerRow | undefined> {
  const query = tx.select().from(customers).where(byId(ctx, id));
  const [row] = options.lock ? await query.for('update') : await query;
  return row;
}

export async function findCustomerByUserId(tx: Tx, ctx: Ctx, userId: string, options: { lock?: boolean } = {}): Promise<CustomerRow | undefined> {
  const query = tx
    .select()
    .from(customers)
    .where(and(eq(customers.studioId, ctx.studioId), eq(customers.userId, userId)));
  const [row] = options.lock ? await query.for('update') : await query;
  return row;
}

/** `email` is stored lower-cased; the search_email condition lets the (studio_id, search_email) index find it. */
export async function findCustomerByEmail(tx: Tx, ctx: Ctx, email: string): Promise<CustomerRow | undefined> {
  const [row] = await tx
    .select()
    .from(customers)
    .where(and(eq(customers.studioId, ctx.studioId), eq(customers.searchEmail, normalizeForSearch(email)), eq(customers.email, email)))
    .limit(1);
  return row;
}

export async function insertCustomers(tx: Tx, rows: NewCustomerRow[]): Promise<void> {
  if (rows.length > 0) await tx.insert(customers).values(rows);
}

export async function updateCustomer(tx: Tx, ctx: Ctx, id: string, patch: Partial<NewCustomerRow>): Promise<void> {
  await tx
    .update(customers)
    .set({ ...patch, updatedAt: ctx.clock.now() })
    .where(byId(ctx, id));
}

/**
 * `column ^@ prefix` (starts_with) rather than `column LIKE prefix || '%'`: both become a range
 * scan on the (studio_id, search_x text_pattern_ops) indexes, but LIKE is not leakproof, and
 * under row-level security PostgreSQL may not use a non-leakproof condition in an index scan:
 * the LIKE form read all 100,000 customers of a studio per query (~160 ms), `^@` reads the
 * matching index ranges (~0.3 ms). `^@` also has no wildcards, so the term needs no escaping.
 */
const startsWith = (column: SQLWrapper, prefix: string) => sql`${column} ^@ ${prefix}`;

interface SearchColumns {
  searchFirst: SQLWrapper;
  searchLast: SQLWrapper;
  searchEmail: SQLWrapper;
  phoneDigits: SQLWrapper;
}

/** Every term must start one of the columns; on the table, each term is one BitmapOr of index range scans. */
export function matchTerms(terms: readonly SearchTerm[], c: SearchColumns = customers): SQL | undefined {
  if (terms.length === 0) return undefined;
  const perTerm = terms.map((term) => {
    if (term.emailOnly) return startsWith(c.searchEmail, term.text);
    return or(
      startsWith(c.searchFirst, term.text),
      startsWith(c.searchLast, term.text),
      startsWith(c.searchEmail, term.text),
      ...(term.phoneDigits ? [startsWith(c.phoneDigits, term.phoneDigits)] : []),
    );
  });
  const phrase = searchPhrase(terms);
  const everyTerm = and(...perTerm);
  if (!phrase) return everyTerm;
  return or(everyTerm, startsWith(c.searchFirst, phrase), startsWith(c.searchLast, phrase));
}

const listable = (ctx: Ctx, after: NameKey | null) =>
  and(
    eq(customers.studioId, ctx.studioId),
    isNull(customers.archivedAt),
    after
      ? sql`(${customers.searchLast}, ${customers.searchFirst}, ${customers.id}) > (${after.searchLast}, ${after.searchFirst}, ${after.id})`
      : undefined,
  );

/** How many customers in name order a probe reads (about 1-3 ms on PostgreSQL). */
export const probeRows = 1_000;

const nameOrder = [asc(customers.searchLast), asc(customers.searchFirst), asc(customers.id)];

/** The next customers in (last name, first name, id) order: a walk of the name order index. */
export async function listCustomers(tx: Tx, ctx: Ctx, after: NameKey | null, limit: number): Promise<CustomerRow[]> {
  return tx.select().from(customers).where(listable(ctx, after)).orderBy(...nameOrder).limit(limit);
}

export interface Probe {
  /** The first `limit` matches among the next `probeRows` customers in name order. */
  rows: CustomerRow[];
  /** How many of those customers match (the probe reads them all, so this is cheap). */
  matched: number;
  /** Some matched and fewer than `probeRows` customers were left: `matched` counts every remaining match. */
  exhaustive: boolean;
}

const customerColumns = Object.keys(getTableColumns(customers)) as (keyof CustomerRow)[];

/**
 * Reads the next `probeRows` customers in name order and keeps the matches (everyone when
 * there are no terms). When it finds `limit` of them they are exactly the next `limit` matches
 * (it read a prefix of the ordered list); otherwise the page needs `sortMatches`, unless the
 * probe read every remaining customer (`exhaustive`).
 *
 * Why two shapes: the planner assumes matches are spread evenly through name order, so for
 * "dupont" (625 rows, all among the D's) it would walk the name order index from A and read
 * 21,000 rows (70 ms), and when made to use the search indexes, "m" (18,000 matches) costs
 * 45 ms to collect and sort. The probe answers broad terms; `sortMatches` answers the rest.
 */
export async function probeCustomers(
  tx: Tx,
  ctx: Ctx,
  terms: readonly SearchTerm[],
  after: NameKey | null,
  limit: number,
): Promise<Probe> {
  const window = tx.$with('name_window').as(tx.select().from(customers).where(listable(ctx, after)).orderBy(...nameOrder).limit(probeRows));
  const fields = Object.fromEntries(customerColumns.map((key) => [key, window[key]])) as unknown as typeof customers._.columns;
  const found = await tx
    .with(window)
    .select({
      ...fields,
      matched: sql<number>`(count(*) over ())::int`,
      windowRows: sql<number>`(select count(*)::int from ${window})`,
    })
    .from(window)
    .where(matchTerms(terms, window))
    .orderBy(asc(window.searchLast), asc(window.searchFirst), asc(window.id))
    .limit(limit);
  const rows = found.map(({ matched: _m, windowRows: _w, ...row }) => row);
  const first = found[0];
  return { rows, matched: Number(first?.matched ?? 0), exhaustive: first !== undefined && Number(first.windowRows) < probeRows };
}

/** The next `limit` matches, collected from the search indexes (a BitmapOr per term) and sorted. */
export async function sortMatches(
  tx: Tx,
  ctx: Ctx,
  terms: readonly SearchTerm[],
  after: NameKey | null,
  limit: number,
): Promise<CustomerRow[]> {
  // `|| ''` leaves the order as it is but keeps the planner off the name order index.
  return tx
    .select()
    .from(customers)
    .where(and(listable(ctx, after), matchTerms(terms)))
    .orderBy(sql`${customers.searchLast} || ''`, asc(customers.searchFirst), asc(customers.id))
    .limit(limit);
}

/** How many customers match, counting at most `cap + 1` rows so a broad query stays cheap. */
export async function countCustomers(tx: Tx, ctx: Ctx, terms: readonly SearchTerm[], cap: number): Promise<number> {
  const matches = tx
    .select({ one: sql`1`.as('one') })
    .from(customers)
    .where(and(listable(ctx, null), matchTerms(terms)))
    .limit(cap + 1)
    .as('matches');
  const [row] = await tx.select({ n: sql<number>`count(*)::int` }).from(matches);
  return Number(row?.n ?? 0);
}

/** The profile and every profile merged into it (a merge re-points earlier merges, so one level is all). */
export async function mergedProfileIds(tx: Tx, ctx: Ctx, customerId: string): Promise<string[]> {
  const merged = await tx
    .select({ id: customers.id })
    .from(customers)
    .where(and(eq(customers.studioId, ctx.studioId), eq(customers.mergedIntoId, customerId)));
  return [customerId, ...merged.map((r) => r.id)];
}

const actorCustomer = alias(customers, 'actor_customer');

/**
 * Events about one subject, newest first, with the actor's display name: a customer's name
 * from their profile, a staff member's from their login (identity_users, read model).
 */
export async function listSubjectEvents(
  tx: Tx,
  ctx: Ctx,
  /** The profile's id and those of the profiles merged into it (their past shows on the survivor). */
  subjectIds: readonly string[],
  page: { before: EventKey | null; limit: number },
): Promise<ActivityRow[]> {
  const { before } = page;
  const actorName = sql<string | null>`coalesce(
    nullif(trim(${actorCustomer.firstName} || ' ' || ${actorCustomer.lastName}), ''),
    nullif(trim(${users.firstName} || ' ' || ${users.lastName}), ''),
    ${users.email})`;
  return tx
    .select({
      id: events.id,
      type: events.type,
      occurredAt: events.occurredAt,
      actorKind: events.actorKind,
      actorName,
      payload: events.payload,
    })
    .from(events)
    .leftJoin(
      users,
      and(eq(users.studioId, events.studioId), eq(users.id, events.actorId), sql`${events.actorKind} in ('staff', 'customer')`),
    )
    .leftJoin(
      actorCustomer,
      and(eq(actorCustomer.studioId, events.studioId), eq(actorCustomer.userId, events.actorId), eq(events.actorKind, 'customer')),
    )
    .where(
      and(
        eq(events.studioId, ctx.studioId),
        inArray(events.subjectId, [...subjectIds]),
        before ? sql`(${events.occurredAt}, ${events.id}) < (${before.occurredAt.toISOString()}::timestamptz, ${before.id})` : undefined,
      ),
    )
    .orderBy(desc(events.occurredAt), desc(events.id))
    .limit(page.limit);
}

/** The unique index the email rule relies on (see README: `customers_email_key`). */
export const emailKey = 'customers_email_key';

/** True when `err` is a unique violation of the per-studio email index, whichever driver raised it. */
export function isEmailKeyViolation(err: unknown): boolean {
  if (!isUniqueViolation(err)) return false;
  for (let e = err as { constraint?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 4; depth++) {
    if (typeof e.constraint === 'string') return e.constraint === emailKey;
    e = e.cause as typeof e;
  }
  return false;
}

/** The emails among `emails` that a customer of the studio already has. */
export async function findTakenEmails(tx: Tx, ctx: Ctx, emails: readonly string[]): Promise<Set<string>> {
  if (emails.length === 0) return new Set();
  const rows = await tx
    .select({ email: customers.email })
    .from(customers)
    .where(
      and(
        eq(customers.studioId, ctx.studioId),
        inArray(customers.searchEmail, [...new Set(emails.map(normalizeForSearch))]),
        inArray(customers.email, [...emails]),
      ),
    );
  return new Set(rows.map((r) => r.email).filter((e): e is string => e !== null));
}
