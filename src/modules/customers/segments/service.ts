import type { SQL } from 'drizzle-orm';
import type { Ctx } from '../../../kernel/ctx.ts';
import type { FieldError } from '../../../kernel/errors.ts';
import { newId } from '../../../kernel/ids.ts';
import { instantToZoned } from '../../../kernel/time.ts';
import type { Database, Tx } from '../../../platform/db/client.ts';
import { inStudioTx, planForValues, withStudio } from '../../../platform/db/tx.ts';
import { publish } from '../../../platform/events/publish.ts';
import { parseOrThrow } from '../../../platform/validation.ts';
import type { StudiosService } from '../../studios/index.ts';
import type { CustomerDto } from '../contracts.ts';
import { criteriaReferences, criteriaSchema, isSubscribed, type Criteria, type CriteriaEnv } from '../domain/criteria.ts';
import { byteOrderMark, csvRecord } from '../domain/csv-export.ts';
import { decodeCursor, encodeCursor } from '../domain/cursor.ts';
import { parseSearchQuery } from '../domain/search.ts';
import { invalidCursor } from '../errors.ts';
import type { CustomerRow } from '../repo.ts';
import { toCustomerDto, type CustomerPage, type CustomersService } from '../service.ts';
import {
  bulkTagSchema,
  countCustomersQuerySchema,
  createSegmentSchema,
  exportCustomersQuerySchema,
  exportIdsSchema,
  listCustomersQuerySchema,
  reorderSegmentsSchema,
  updateSegmentSchema,
  type BulkResult,
  type BulkTag,
  type CountCustomersQuery,
  type CreateSegment,
  type ExportCustomersQuery,
  type ListCustomersQuery,
  type ReorderSegments,
  type SegmentDto,
  type SelectionValues,
  type UpdateSegment,
} from './contracts.ts';
import { invalidCriteria, invalidSegmentOrder, segmentNotFound, unknownReference } from './errors.ts';
import { segmentEvent } from './events.ts';
import * as repo from './repo.ts';

/** The tag links of the tags service (customers/tags), which publishes the tag events. */
export interface CustomerTagger {
  tagCustomers(tx: Tx, ctx: Ctx, customerIds: readonly string[], tagId: string): Promise<{ added: number }>;
  untagCustomers(tx: Tx, ctx: Ctx, customerIds: readonly string[], tagId: string): Promise<{ removed: number }>;
}

export interface SegmentsDeps {
  database: Database;
  studios: StudiosService;
  customers: CustomersService;
  tags: CustomerTagger;
}

/** A CSV export, ready to stream: the filters were checked before the first byte. */
export interface CsvExport {
  fileName: string;
  chunks: AsyncIterable<string>;
}

const defaultLimit = 50;
const maxLimit = 100;
/** Rows per keyset page of an export: one page in memory at a time. */
export const exportPageSize = 1_000;

const clampLimit = (limit: number | undefined) => Math.min(Math.max(Math.trunc(limit ?? defaultLimit), 1), maxLimit);

const toSegmentDto = (s: repo.SegmentRow): SegmentDto => ({
  id: s.id,
  name: s.name,
  criteria: criteriaSchema.parse(s.criteria),
  position: s.position,
  createdAt: s.createdAt.toISOString(),
  updatedAt: s.updatedAt.toISOString(),
});

/** Criteria typed into a query string, as JSON; errors name `criteria.<path>`. */
function parseCriteriaText(text: string): Criteria {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw invalidCriteria([{ path: 'criteria', message: 'Criteria are written in JSON.' }]);
  }
  const parsed = criteriaSchema.safeParse(json);
  if (parsed.success) return parsed.data;
  throw invalidCriteria(parsed.error.issues.map((i) => ({ path: ['criteria', ...i.path.map(String)].join('.'), message: i.message })));
}

type SortKey = repo.SortKey;
type SortOrder = repo.SortOrder;

/** A list cursor: the sort and order it belongs to, then the last row's key. */
function encodeListCursor(sort: SortKey, order: SortOrder, key: repo.SortKeyValues): string {
  const tag = `${sort}.${order}`;
  if (sort === 'name') return encodeCursor([tag, ...key.values]);
  if (sort === 'lastVisitAt') return encodeCursor([tag, key.phase, ...(key.phase === 'null' ? ['', key.values[0]!] : key.values)]);
  return encodeCursor([tag, ...key.values]);
}

function decodeListCursor(cursor: string | undefined, sort: SortKey, order: SortOrder): repo.SortKeyValues | null {
  if (cursor === undefined || cursor === '') return null;
  const arity = sort === 'name' || sort === 'lastVisitAt' ? 4 : 3;
  const key = decodeCursor(cursor, arity);
  if (!key || key[0] !== `${sort}.${order}`) throw invalidCursor();
  const rest = key.slice(1);
  switch (sort) {
    case 'name':
      return { phase: 'value', values: rest };
    case 'visitCount':
      if (!/^\d{1,9}$/.test(rest[0]!)) throw invalidCursor();
      return { phase: 'value', values: rest };
    case 'createdAt':
      if (!repo.isoMicrosPattern.test(rest[0]!)) throw invalidCursor();
      return { phase: 'value', values: rest };
    case 'lastVisitAt': {
      const [phase, value, id] = rest as [string, string, string];
      if (phase === 'null') return { phase: 'null', values: [id] };
      if (phase !== 'value' || !repo.isoMicrosPattern.test(value)) throw invalidCursor();
      return { phase: 'value', values: [value, id] };
    }
  }
}

const yesNo = (value: boolean) => (value ? 'yes' : 'no');

/** Wall time in the studio's zone, as a spreadsheet reads it: `2025-03-30 18:05`. */
function localDateTime(instant: Date | null, timeZone: string): string {
  if (!instant) return '';
  const z = instantToZoned(instant, timeZone);
  const hh = String(Math.floor(z.minute / 60)).padStart(2, '0');
  const mm = String(z.minute % 60).padStart(2, '0');
  return `${z.date} ${hh}:${mm}`;
}

function answerText(answer: repo.AnswerRow | undefined): string {
  if (!answer) return '';
  if (answer.textValue !== null && answer.textValue !== '') return answer.textValue;
  if (answer.numberValue !== null) return answer.numberValue;
  if (answer.dateValue !== null) return answer.dateValue;
  if (answer.boolValue !== null) return yesNo(answer.boolValue);
  return (answer.choiceValues ?? []).join('; ');
}

const exportColumns = [
  'id',
  'first_name',
  'last_name',
  'email',
  'phone',
  'birth_date',
  'language',
  'source',
  'tags',
] as const;
const trailingColumns = [
  'visit_count',
  'last_visit',
  'membership_status',
  'email_marketing',
  'email_transactional',
  'sms_marketing',
  'sms',
  'has_account',
  'created_at',
] as const;

export function createSegmentsService(deps: SegmentsDeps) {
  const { database, studios, customers, tags } = deps;

  async function envOf(tx: Tx, ctx: Ctx): Promise<CriteriaEnv> {
    const studio = await studios.getStudio(ctx, tx);
    return { now: ctx.clock.now(), timeZone: studio.timeZone };
  }

  async function getSegmentOrThrow(tx: Tx, ctx: Ctx, id: string, lock = false) {
    const segment = await repo.findSegment(tx, ctx, id, { lock });
    if (!segment) throw segmentNotFound();
    return segment;
  }

  /** Rejects criteria naming a tag or custom field the studio does not have. */
  async function assertReferencesExist(tx: Tx, ctx: Ctx, criteria: Criteria, prefix: string) {
    const refs = criteriaReferences(criteria);
    const [tagIds, fieldIds] = await Promise.all([
      repo.existingTagIds(tx, ctx, [...refs.tagIds.keys()]),
      repo.existingFieldIds(tx, ctx, [...refs.fieldIds.keys()]),
    ]);
    const missing = [
      ...[...refs.tagIds].filter(([id]) => !tagIds.has(id)).map(([, path]) => path),
      ...[...refs.fieldIds].filter(([id]) => !fieldIds.has(id)).map(([, path]) => path),
    ];
    if (missing.length > 0) throw unknownReference(missing.map((p) => `${prefix}${p}`));
  }

  /** The criteria of a list's filters: a saved segment's, the typed ones, or both (all must hold). */
  async function criteriaOf(tx: Tx, ctx: Ctx, filters: { segment?: string | undefined; criteria?: string | Criteria | undefined }) {
    const list: Criteria[] = [];
    if (filters.segment) list.push(criteriaSchema.parse((await getSegmentOrThrow(tx, ctx, filters.segment)).criteria));
    if (filters.criteria !== undefined) list.push(typeof filters.criteria === 'string' ? parseCriteriaText(filters.criteria) : filters.criteria);
    return list;
  }

  async function filterOf(
    tx: Tx,
    ctx: Ctx,
    filters: { q?: string | undefined; segment?: string | undefined; criteria?: string | Criteria | undefined },
  ): Promise<repo.Filter> {
    // Every filtered read of customers builds its filter here, in the transaction that reads them.
    await planForValues(tx);
    const list = await criteriaOf(tx, ctx, filters);
    return { criteria: list, terms: parseSearchQuery(filters.q ?? ''), env: await envOf(tx, ctx) };
  }

  async function selectionIds(tx: Tx, ctx: Ctx, selection: SelectionValues): Promise<string[]> {
    if (selection.kind === 'ids') return repo.existingCustomerIds(tx, ctx, selection.ids);
    const filter = await filterOf(tx, ctx, { q: selection.q, segment: selection.segmentId, criteria: selection.criteria });
    return repo.matchingCustomerIds(tx, ctx, filter);
  }

  async function* exportChunks(ctx: Ctx, plan: { filter: repo.Filter; sort: SortKey; order: SortOrder; fields: repo.FieldColumn[]; timeZone: string }) {
    const { filter, sort, order, fields, timeZone } = plan;
    yield byteOrderMark + csvRecord([...exportColumns, ...fields.map((f) => f.label), ...trailingColumns]);
    let after: repo.SortKeyValues | null = null;
    for (;;) {
      // One short transaction per page: an export of 100,000 rows never holds the connection
      // (PGlite has only one) for its whole length, nor more than one page in memory.
      const cursor = after;
      const page = await withStudio(database, ctx.studioId, async (tx) => {
        await planForValues(tx);
        const rows = await repo.pageCustomers(tx, ctx, filter, sort, order, cursor, exportPageSize);
        const ids = rows.map((r) => r.row.id);
        const [tagNames, answers] = await Promise.all([repo.tagNamesOf(tx, ctx, ids), repo.answersOf(tx, ctx, ids)]);
        return { rows, tagNames, answers };
      });
      let text = '';
      for (const { row } of page.rows) text += csvRecord(exportRecord(row, page.tagNames.get(row.id) ?? [], page.answers.get(row.id), fields, timeZone));
      if (text) yield text;
      if (page.rows.length < exportPageSize) return;
      after = page.rows.at(-1)!.key;
    }
  }

  function exportRecord(
    c: CustomerRow,
    tagNames: string[],
    answers: Map<string, repo.AnswerRow> | undefined,
    fields: repo.FieldColumn[],
    timeZone: string,
  ) {
    return [
      c.id,
      c.firstName,
      c.lastName,
      c.email,
      c.phone,
      c.birthDate,
      c.locale,
      c.source,
      tagNames.join('; '),
      ...fields.map((f) => answerText(answers?.get(f.id))),
      c.visitCount,
      localDateTime(c.lastVisitAt, timeZone),
      c.membershipStatus,
      yesNo(isSubscribed(c, 'emailMarketing')),
      yesNo(isSubscribed(c, 'emailTransactional')),
      yesNo(isSubscribed(c, 'smsMarketing')),
      yesNo(isSubscribed(c, 'sms')),
      yesNo(c.userId !== null),
      localDateTime(c.createdAt, timeZone),
    ];
  }

  return {
    /**
     * The customer list: `q` search, a saved segment and/or criteria, any sort, keyset cursor.
     * Plain search in name order is `searchCustomers` (with its `total`); filtered lists give no
     * total (the count route does).
     */
    async listCustomers(ctx: Ctx, query: ListCustomersQuery): Promise<CustomerPage> {
      const values = parseOrThrow(listCustomersQuerySchema, query);
      const plain = !values.segment && values.criteria === undefined && values.sort === 'name' && values.order === 'asc';
      if (plain) return customers.searchCustomers(ctx, { q: values.q, cursor: values.cursor, limit: values.limit });
      const limit = clampLimit(values.limit);
      const after = decodeListCursor(values.cursor, values.sort, values.order);
      return withStudio(database, ctx.studioId, async (tx) => {
        const filter = await filterOf(tx, ctx, values);
        const rows = await repo.pageCustomers(tx, ctx, filter, values.sort, values.order, after, limit + 1);
        const page = rows.slice(0, limit);
        const last = page.at(-1);
        const nextCursor = rows.length > limit && last ? encodeListCursor(values.sort, values.order, last.key) : null;
        return { items: page.map((r): CustomerDto => toCustomerDto(r.row)), nextCursor };
      });
    },

    /** How many customers the list's filters match. */
    async countCustomers(ctx: Ctx, query: CountCustomersQuery): Promise<{ count: number }> {
      const values = parseOrThrow(countCustomersQuerySchema, query);
      return withStudio(database, ctx.studioId, async (tx) => ({ count: await repo.countCustomers(tx, ctx, await filterOf(tx, ctx, values)) }));
    },

    /** The studio's saved segments, in tab order. */
    async listSegments(ctx: Ctx): Promise<{ items: SegmentDto[] }> {
      return withStudio(database, ctx.studioId, async (tx) => ({ items: (await repo.listSegments(tx, ctx)).map(toSegmentDto) }));
    },

    async getSegment(ctx: Ctx, id: string, tx?: Tx): Promise<SegmentDto> {
      return inStudioTx(database, ctx.studioId, tx, async (t) => toSegmentDto(await getSegmentOrThrow(t, ctx, id)));
    },

    /** Saves criteria under a name; the new segment becomes the last tab. Unknown tags or fields are refused. */
    async createSegment(ctx: Ctx, input: CreateSegment): Promise<SegmentDto> {
      const values = parseOrThrow(createSegmentSchema, input);
      return withStudio(database, ctx.studioId, async (tx) => {
        await assertReferencesExist(tx, ctx, values.criteria, 'criteria.');
        const now = ctx.clock.now();
        const id = newId('segment');
        const createdBy = ctx.actor.kind === 'staff' ? ctx.actor.userId : null;
        const position = await repo.nextSegmentPosition(tx, ctx);
        await repo.insertSegment(tx, { studioId: ctx.studioId, id, name: values.name, criteria: values.criteria, position, createdBy, createdAt: now, updatedAt: now });
        await publish(tx, ctx, segmentEvent('customer_segment.created.v1', id, { name: values.name }));
        return toSegmentDto(await getSegmentOrThrow(tx, ctx, id));
      });
    },

    /** Renames a segment and/or replaces its criteria; an event names what really changed. */
    async updateSegment(ctx: Ctx, id: string, input: UpdateSegment): Promise<SegmentDto> {
      const values = parseOrThrow(updateSegmentSchema, input);
      return withStudio(database, ctx.studioId, async (tx) => {
        const before = await getSegmentOrThrow(tx, ctx, id, true);
        if (values.criteria) await assertReferencesExist(tx, ctx, values.criteria, 'criteria.');
        const changed: ('name' | 'criteria')[] = [];
        if (values.name !== undefined && values.name !== before.name) changed.push('name');
        if (values.criteria && JSON.stringify(values.criteria) !== JSON.stringify(criteriaSchema.parse(before.criteria))) changed.push('criteria');
        if (changed.length === 0) return toSegmentDto(before);
        await repo.updateSegment(tx, ctx, id, {
          ...(changed.includes('name') ? { name: values.name } : {}),
          ...(changed.includes('criteria') ? { criteria: values.criteria } : {}),
        });
        await publish(tx, ctx, segmentEvent('customer_segment.updated.v1', id, { changed }));
        return toSegmentDto(await getSegmentOrThrow(tx, ctx, id));
      });
    },

    /** Puts the tabs in the order of `ids`, which must name every segment of the studio exactly once. */
    async reorderSegments(ctx: Ctx, input: ReorderSegments): Promise<{ items: SegmentDto[] }> {
      const values = parseOrThrow(reorderSegmentsSchema, input);
      return withStudio(database, ctx.studioId, async (tx) => {
        const current = await repo.lockSegments(tx, ctx);
        const known = new Set(current.map((s) => s.id));
        const errors: FieldError[] = values.ids.flatMap((id, i) => (known.has(id) ? [] : [{ path: `ids.${i}`, message: 'Unknown segment.' }]));
        if (errors.length > 0) throw unknownReference(errors.map((e) => e.path));
        if (new Set(values.ids).size !== values.ids.length || values.ids.length !== current.length) {
          throw invalidSegmentOrder();
        }
        await repo.setSegmentPositions(tx, ctx, values.ids);
        await publish(tx, ctx, segmentEvent('customer_segment.reordered.v1', null, { ids: values.ids }));
        return { items: (await repo.listSegments(tx, ctx)).map(toSegmentDto) };
      });
    },

    async deleteSegment(ctx: Ctx, id: string): Promise<void> {
      await withStudio(database, ctx.studioId, async (tx) => {
        const segment = await getSegmentOrThrow(tx, ctx, id, true);
        await repo.deleteSegment(tx, ctx, id);
        await publish(tx, ctx, segmentEvent('customer_segment.deleted.v1', id, { name: segment.name }));
      });
    },

    /** How many customers a saved segment holds now. */
    async countSegment(ctx: Ctx, id: string): Promise<{ count: number }> {
      return withStudio(database, ctx.studioId, async (tx) => {
        const filter = await filterOf(tx, ctx, { segment: id });
        return { count: await repo.countCustomers(tx, ctx, filter) };
      });
    },

    /**
     * The ids of the customers matching criteria and/or a saved segment (messaging and
     * automation audiences), in the caller's transaction when given.
     */
    async matchingCustomerIds(ctx: Ctx, audience: { criteria?: Criteria; segmentId?: string }, tx?: Tx): Promise<string[]> {
      return inStudioTx(database, ctx.studioId, tx, async (t) =>
        repo.matchingCustomerIds(t, ctx, await filterOf(t, ctx, { segment: audience.segmentId, criteria: audience.criteria })),
      );
    },

    /**
     * The condition "the customer `customerId` is in the audience" (criteria and/or a saved
     * segment), to put in the caller's query: `customerId` is its customer id column. Lists that
     * page in their own order stop after a page rather than reading the whole segment.
     */
    async customerInAudienceSql(ctx: Ctx, audience: { criteria?: Criteria; segmentId?: string }, customerId: SQL, tx?: Tx): Promise<SQL> {
      return inStudioTx(database, ctx.studioId, tx, async (t) =>
        repo.customerMatchesSql(ctx, await filterOf(t, ctx, { segment: audience.segmentId, criteria: audience.criteria }), customerId),
      );
    },

    /** Puts a tag on the selected customers (ticked ones, or everyone matching the list's filters). */
    async tagSelection(ctx: Ctx, input: BulkTag): Promise<BulkResult> {
      const values = parseOrThrow(bulkTagSchema, input);
      return withStudio(database, ctx.studioId, async (tx) => {
        const ids = await selectionIds(tx, ctx, values.selection);
        const { added } = await tags.tagCustomers(tx, ctx, ids, values.tagId);
        return { count: ids.length, changed: added };
      });
    },

    /** Takes a tag off the selected customers. */
    async untagSelection(ctx: Ctx, input: BulkTag): Promise<BulkResult> {
      const values = parseOrThrow(bulkTagSchema, input);
      return withStudio(database, ctx.studioId, async (tx) => {
        const ids = await selectionIds(tx, ctx, values.selection);
        const { removed } = await tags.untagCustomers(tx, ctx, ids, values.tagId);
        return { count: ids.length, changed: removed };
      });
    },

    /**
     * A CSV of the selected customers (explicit `ids`, else the list's filters) in the list's
     * order. Filters are checked first (bad input fails before any byte is sent); rows then
     * stream in keyset pages of `exportPageSize`.
     */
    async exportCsv(ctx: Ctx, query: ExportCustomersQuery): Promise<CsvExport> {
      const values = parseOrThrow(exportCustomersQuerySchema, query);
      const ids = values.ids?.split(',').map((s) => s.trim()).filter(Boolean);
      if (ids) parseOrThrow(exportIdsSchema, { ids });
      const plan = await withStudio(database, ctx.studioId, async (tx) => {
        const filter: repo.Filter = ids ? { ids, env: await envOf(tx, ctx) } : await filterOf(tx, ctx, values);
        return { filter, fields: await repo.listFieldColumns(tx, ctx), timeZone: filter.env.timeZone };
      });
      const day = instantToZoned(ctx.clock.now(), plan.timeZone).date;
      return { fileName: `customers-${day}.csv`, chunks: exportChunks(ctx, { ...plan, sort: values.sort, order: values.order }) };
    },
  };
}

export type SegmentsService = ReturnType<typeof createSegmentsService>;
