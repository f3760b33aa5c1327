import type { z } from 'zod';
import type { Ctx } from '../../../kernel/ctx.ts';
import { systemClock, type Clock } from '../../../kernel/clock.ts';
import { newId, type StudioId, type UserId } from '../../../kernel/ids.ts';
import type { Database, Tx } from '../../../platform/db/client.ts';
import { inStudioTx, withStudio } from '../../../platform/db/tx.ts';
import { publish, type DomainEvent } from '../../../platform/events/publish.ts';
import type { Jobs, JobCtx, JobResult } from '../../../platform/jobs/index.ts';
import type { Storage } from '../../../platform/storage/index.ts';
import type { ImportDto, ImportErrorDto, ImportPreviewDto, ImportUploadDto, previewImportSchema, StartImport, startImportSchema } from './contracts.ts';
import { CsvError, parseCsv, toCsv, type CsvTable } from '../domain/csv.ts';
import { decodeCursor, encodeCursor } from '../domain/cursor.ts';
import { fromColumns, sameValue, toColumns } from '../domain/field-values.ts';
import {
  checkMapping,
  importPresets,
  presetIds,
  mapRecord,
  newProfileOf,
  profilePatchOf,
  screenRecords,
  suggestMapping,
  type DateFormat,
  type ImportField,
  type ImportTarget,
  type ImportValues,
  type MapOptions,
  type PresetId,
  type RowError,
  type ScreenState,
} from '../domain/import-mapping.ts';
import { rowErrorText } from '../domain/import-messages.ts';
import type { Profile } from '../domain/profile.ts';
import { normalizeForSearch, searchColumns } from '../domain/search.ts';
import { customerEvent } from '../events.ts';
import { invalidCursor } from '../errors.ts';
import * as customersRepo from '../repo.ts';
import { ImportsError, importFileNotFound, importNotFound } from './errors.ts';
import { defineRunImportJob, type RunImportPayload } from './jobs.ts';
import * as repo from './repo.ts';

export interface ImportsDeps {
  database: Database;
  storage: Storage;
  jobs: Jobs;
  clock?: Clock;
  /** Rows written per transaction; progress moves by this much. */
  chunkSize?: number;
}

export interface ImportPage {
  items: ImportDto[];
  nextCursor: string | null;
}

export interface ImportErrorPage {
  items: ImportErrorDto[];
  nextCursor: string | null;
}

const previewRows = 20;
const defaultChunk = 500;

const fileKey = (studioId: string, fileId: string) => `studios/${studioId}/customer-imports/${fileId}.csv`;

const toImportDto = (r: repo.ImportRow): ImportDto => ({
  id: r.id,
  fileName: r.fileName,
  status: r.status as ImportDto['status'],
  dryRun: r.dryRun,
  preset: r.preset as ImportDto['preset'],
  totalRows: r.totalRows,
  processedRows: r.processedRows,
  createdCount: r.createdCount,
  updatedCount: r.updatedCount,
  unchangedCount: r.unchangedCount,
  errorCount: r.errorCount,
  failure: r.failure,
  createdAt: r.createdAt.toISOString(),
  startedAt: r.startedAt?.toISOString() ?? null,
  finishedAt: r.finishedAt?.toISOString() ?? null,
});

/**
 * The stored mapping: one entry per column index ("0", "1", …) and the date format, so that a
 * header with blank or repeated names maps without ambiguity.
 */
function storedMapping(columns: readonly ImportTarget[], dateFormat: DateFormat): Record<string, string> {
  return { ...Object.fromEntries(columns.map((c, i) => [String(i), c])), dateFormat };
}

function readMapping(stored: Record<string, string>): { columns: ImportTarget[]; dateFormat: DateFormat } {
  const columns: ImportTarget[] = [];
  for (let i = 0; stored[String(i)] !== undefined; i++) columns.push(stored[String(i)] as ImportTarget);
  return { columns, dateFormat: (stored.dateFormat ?? 'ymd') as DateFormat };
}

function parseFile(bytes: Uint8Array): CsvTable {
  try {
    return parseCsv(bytes);
  } catch (err) {
    if (err instanceof CsvError) throw new ImportsError('invalid_csv', err.message, [{ path: 'file', message: err.message }]);
    throw err;
  }
}

function assertMapping(columns: readonly string[], header: readonly string[], fields: readonly ImportField[]) {
  const problems = checkMapping(columns, header, fields);
  if (problems.length > 0) {
    throw new ImportsError('invalid_mapping', problems.map((p) => p.message).join(' '), problems);
  }
}

const profileOf = (c: repo.CustomerRow): Profile => ({
  firstName: c.firstName,
  lastName: c.lastName,
  email: c.email,
  phone: c.phone,
  birthDate: c.birthDate,
  locale: c.locale as Profile['locale'],
});

interface ChunkResult extends repo.ChunkCounts {
  errorRows: ({ row: number } & RowError)[];
}

/**
 * One chunk of checked rows against the database: match each to a customer (email, else name +
 * phone), decide create / update / unchanged, and — unless it is a dry run — write it all with
 * its events in `tx`.
 */
async function applyChunk(
  tx: Tx,
  ctx: Ctx,
  candidates: readonly { row: number; values: ImportValues }[],
  fields: readonly ImportField[],
  dryRun: boolean,
): Promise<ChunkResult> {
  const result: ChunkResult = { created: 0, updated: 0, unchanged: 0, errors: 0, errorRows: [] };
  const byEmail = new Map(
    (await repo.findCustomersByEmails(tx, ctx, candidates.flatMap((c) => (c.values.email ? [c.values.email] : [])))).map((c) => [c.email!, c]),
  );
  const identities = candidates.flatMap((c) =>
    c.values.email === undefined
      ? [searchColumns({ firstName: c.values.firstName, lastName: c.values.lastName ?? '', email: null, phone: c.values.phone ?? null })]
      : [],
  );
  const byName = new Map<string, repo.CustomerRow[]>();
  for (const c of await repo.findCustomersByNames(tx, ctx, identities)) {
    const key = `${c.searchFirst}\u0000${c.searchLast}\u0000${c.phoneDigits}`;
    byName.set(key, [...(byName.get(key) ?? []), c]);
  }

  const plans: { values: ImportValues; existing: repo.CustomerRow | null; id: string }[] = [];
  for (const { row, values } of candidates) {
    let existing: repo.CustomerRow | null;
    if (values.email !== undefined) {
      existing = byEmail.get(values.email) ?? null;
    } else {
      const columns = searchColumns({ firstName: values.firstName, lastName: values.lastName ?? '', email: null, phone: values.phone ?? null });
      // Without a phone either, only a customer without an email is the same person: a name alone
      // must not attach a file's row to a profile that has contact details the file lacks.
      const matches = (byName.get(`${columns.searchFirst}\u0000${columns.searchLast}\u0000${columns.phoneDigits}`) ?? []).filter(
        (c) => values.phone !== undefined || c.email === null,
      );
      if (matches.length > 1) {
        result.errors++;
        result.errorRows.push({ row, field: '', code: values.phone ? 'ambiguous_name_phone' : 'ambiguous_name', params: { count: matches.length } });
        continue;
      }
      existing = matches[0] ?? null;
    }
    plans.push({ values, existing, id: existing?.id ?? newId('customer') });
  }

  // Tags: what each row would add, by tag name key.
  const tagNames = new Map<string, string>();
  for (const p of plans) for (const t of p.values.tags) if (!tagNames.has(normalizeForSearch(t))) tagNames.set(normalizeForSearch(t), t);
  const existingIds = plans.flatMap((p) => (p.existing ? [p.existing.id] : []));
  const linked = new Set((await repo.findTagLinkKeys(tx, ctx, existingIds)).map((l) => `${l.customerId}\u0000${l.nameKey}`));
  const fieldValues = new Map((await repo.findFieldValues(tx, ctx, existingIds)).map((v) => [`${v.customerId}\u0000${v.fieldId}`, v]));
  const fieldsById = new Map(fields.map((f) => [f.id, f]));

  const inserts: customersRepo.NewCustomerRow[] = [];
  // A new customer's creation comes before anything else said about them.
  const createdEvents: DomainEvent[] = [];
  const events: DomainEvent[] = [];
  const links: { customerId: string; nameKey: string }[] = [];
  const values: Parameters<typeof repo.upsertFieldValues>[1] = [];
  const now = ctx.clock.now();

  for (const plan of plans) {
    const newLinks = plan.values.tags.map(normalizeForSearch).filter((key) => !linked.has(`${plan.id}\u0000${key}`));
    const changedFields = plan.values.fields.filter(
      (f) => !sameValue(fromColumns(fieldsById.get(f.fieldId)!.kind, fieldValues.get(`${plan.id}\u0000${f.fieldId}`)), f.value),
    );
    links.push(...newLinks.map((nameKey) => ({ customerId: plan.id, nameKey })));
    for (const f of changedFields) {
      const field = fieldsById.get(f.fieldId)!;
      values.push({ studioId: ctx.studioId, customerId: plan.id, fieldId: f.fieldId, ...toColumns(field.kind, f.value), updatedAt: now });
      events.push(customerEvent('customer.custom_field_changed.v1', plan.id, { fieldId: field.id, label: field.label }));
    }
    if (!plan.existing) {
      const profile = newProfileOf(plan.values);
      inserts.push({ studioId: ctx.studioId, id: plan.id, ...profile, ...searchColumns(profile), source: 'import', createdAt: now, updatedAt: now });
      createdEvents.push(customerEvent('customer.created.v1', plan.id, { source: 'import' }));
      result.created++;
      continue;
    }
    const { patch, changed } = profilePatchOf(profileOf(plan.existing), plan.values);
    if (changed.length > 0 && !dryRun) {
      const after = { ...profileOf(plan.existing), ...patch };
      await customersRepo.updateCustomer(tx, ctx, plan.id, { ...patch, ...searchColumns(after) });
      events.push(customerEvent('customer.updated.v1', plan.id, { changed }));
    }
    if (changed.length > 0 || newLinks.length > 0 || changedFields.length > 0) result.updated++;
    else result.unchanged++;
  }
  if (dryRun) return result;

  await customersRepo.insertCustomers(tx, inserts);
  const tags = await repo.ensureTags(
    tx,
    ctx,
    [...new Set(links.map((l) => l.nameKey))].map((nameKey) => ({ id: newId('tag'), name: tagNames.get(nameKey)!, nameKey })),
  );
  const added = await repo.linkTags(tx, ctx, links.map((l) => ({ customerId: l.customerId, tagId: tags.get(l.nameKey)!.id })));
  const tagById = new Map([...tags.values()].map((t) => [t.id, t]));
  events.push(...added.map((l) => customerEvent('customer.tag_added.v1', l.customerId, { tagId: l.tagId, tagName: tagById.get(l.tagId)!.name })));
  await repo.upsertFieldValues(tx, values);
  // Events go in slices: one insert statement per ~1,000 rows keeps each statement's parameters few.
  const all = [...createdEvents, ...events];
  for (let i = 0; i < all.length; i += 1_000) await publish(tx, ctx, ...all.slice(i, i + 1_000));
  return result;
}

/** The ctx an import's job acts with: the studio, and the staff member (or API key) who started it. */
function jobCtxOf(studioId: StudioId, createdBy: string | null, clock: Clock, jobId: string): Ctx {
  // The role is not read past authorisation, which happened when the import was started.
  const actor: Ctx['actor'] =
    createdBy?.startsWith('usr_') ? { kind: 'staff', userId: createdBy as UserId, role: 'admin' }
    : createdBy?.startsWith('key_') ? { kind: 'api_key', apiKeyId: createdBy as never, role: 'admin' }
    : { kind: 'system' };
  return { studioId, actor, clock, requestId: `job:${jobId}` };
}

const actorIdOf = (ctx: Ctx): string | null =>
  ctx.actor.kind === 'staff' ? ctx.actor.userId : ctx.actor.kind === 'api_key' ? ctx.actor.apiKeyId : null;

/**
 * Customer imports from CSV: upload (the file goes to storage), mapping suggestion, preview,
 * and runs — real or dry — processed by the `customers.run-import` job in chunks. Registers its
 * job with `jobs`: create it before `jobs.start()`.
 */
export function createImportsService(deps: ImportsDeps) {
  const { database, storage, jobs } = deps;
  const clock = deps.clock ?? systemClock;
  const chunkSize = deps.chunkSize ?? defaultChunk;

  async function loadFile(ctx: Ctx, fileId: string): Promise<CsvTable> {
    const stored = await storage.get(fileKey(ctx.studioId, fileId));
    if (!stored) throw importFileNotFound();
    return parseFile(stored.body);
  }

  const fieldsOf = (ctx: Ctx, tx?: Tx) => inStudioTx(database, ctx.studioId, tx, (t) => repo.listImportFields(t, ctx));
  const todayOf = (ctx: Ctx) => ctx.clock.now().toISOString().slice(0, 10);

  async function markFailed(ctx: Ctx, id: string, failure: string) {
    await withStudio(database, ctx.studioId, (tx) => repo.updateImport(tx, ctx, id, { status: 'failed', failure, finishedAt: ctx.clock.now() }));
  }

  /**
   * Runs (or resumes) an import. Each chunk's writes, error rows and progress commit together,
   * so after a crash the next attempt starts at `processed_rows`; the claims of earlier rows
   * (first email wins) are rebuilt by re-reading them, which needs no database.
   */
  async function runImport(payload: RunImportPayload, job: JobCtx): Promise<JobResult> {
    const studioId = payload.studioId as StudioId;
    const found = await withStudio(database, studioId, (tx) =>
      repo.findImport(tx, { studioId, actor: { kind: 'system' }, clock, requestId: job.jobId }, payload.importId),
    );
    if (!found || found.status === 'done' || found.status === 'failed') return 'skipped';
    const ctx = jobCtxOf(studioId, found.createdBy, clock, job.jobId);
    const stored = await storage.get(found.storageKey);
    if (!stored) {
      await markFailed(ctx, found.id, 'The uploaded file is gone from storage: upload it again.');
      return 'done';
    }
    let table: CsvTable;
    let fields: ImportField[];
    const { columns, dateFormat } = readMapping(found.mapping);
    try {
      table = parseFile(stored.body);
      fields = await fieldsOf(ctx);
      assertMapping(columns, table.header, fields);
    } catch (err) {
      if (!(err instanceof ImportsError)) throw err;
      await markFailed(ctx, found.id, err.message);
      return 'done';
    }
    try {
      await withStudio(database, studioId, (tx) =>
        repo.updateImport(tx, ctx, found.id, { status: 'running', startedAt: found.startedAt ?? ctx.clock.now(), totalRows: table.records.length }),
      );
      const options: MapOptions = { dateFormat, fields, today: todayOf(ctx) };
      const state: ScreenState = { seen: new Map() };
      screenRecords(table.records.slice(0, found.processedRows), columns, options, state);
      // Statistics are refreshed as the customers table doubles (see repo.refreshStatistics).
      let created = 0;
      let analyzeAt = chunkSize;
      for (let start = found.processedRows; start < table.records.length; start += chunkSize) {
        if (job.signal.aborted) throw new Error('The import job was stopped; it resumes where it was.');
        const end = Math.min(start + chunkSize, table.records.length);
        const screened = screenRecords(table.records.slice(start, end), columns, options, state);
        await withStudio(database, studioId, async (tx) => {
          const applied = await applyChunk(tx, ctx, screened.candidates, fields, found.dryRun);
          await repo.insertErrors(
            tx,
            [...screened.errors, ...applied.errorRows].map((e) => ({
              studioId,
              importId: found.id,
              line: e.row,
              field: e.field,
              message: rowErrorText(e, payload.locale).slice(0, 1000),
            })),
          );
          await repo.recordProgress(tx, ctx, found.id, end, { ...applied, errors: applied.errors + screened.errorRows });
          created += applied.created;
        });
        if (!found.dryRun && created >= analyzeAt) {
          await repo.refreshStatistics(database.system);
          analyzeAt = created * 2;
        }
      }
      await withStudio(database, studioId, (tx) => repo.updateImport(tx, ctx, found.id, { status: 'done', finishedAt: ctx.clock.now() }));
      return 'done';
    } catch (err) {
      if (job.isLastAttempt) await markFailed(ctx, found.id, `The import stopped on an unexpected error: ${err instanceof Error ? err.message : String(err)}`);
      throw err;
    }
  }

  const runImportJob = defineRunImportJob(runImport);
  jobs.register(runImportJob);

  return {
    runImportJob,

    /** Stores an uploaded CSV and reads its header: the mapping screen starts from the suggestion. */
    async uploadFile(ctx: Ctx, fileName: string, body: unknown): Promise<ImportUploadDto> {
      if (!Buffer.isBuffer(body) || body.length === 0) {
        throw new ImportsError('csv_expected', 'Send the CSV file as the request body, with Content-Type: text/csv.', [
          { path: 'file', message: 'A CSV file is expected.' },
        ]);
      }
      const table = parseFile(body);
      const fileId = newId('file');
      await storage.put(fileKey(ctx.studioId, fileId), body, 'text/csv');
      const fields = await fieldsOf(ctx);
      return {
        fileId,
        fileName,
        sizeBytes: body.length,
        encoding: table.encoding,
        delimiter: table.delimiter,
        header: table.header,
        rowCount: table.records.length,
        suggestion: suggestMapping(table.header, fields),
        presets: presetIds.map((id) => ({ id, label: importPresets[id].label, ...suggestMapping(table.header, fields, id) })),
        generic: suggestMapping(table.header, fields, null),
        fields: fields.map((f) => ({ id: f.id, label: f.label, kind: f.kind })),
      };
    },

    /** The first rows of the file read with a mapping, each with its errors; nothing is written. */
    async previewImport(ctx: Ctx, input: z.output<typeof previewImportSchema>): Promise<ImportPreviewDto> {
      const table = await loadFile(ctx, input.fileId);
      const fields = await fieldsOf(ctx);
      assertMapping(input.columns, table.header, fields);
      const options: MapOptions = { dateFormat: input.dateFormat, fields, today: todayOf(ctx) };
      const rows = table.records.slice(0, previewRows).map((r) => {
        const mapped = mapRecord(r.cells, input.columns, options);
        return mapped.ok
          ? { row: r.row, values: mapped.values, errors: [] }
          : { row: r.row, values: null, errors: mapped.errors.map((e) => ({ field: e.field, message: rowErrorText(e, input.locale) })) };
      });
      return { rowCount: table.records.length, rows };
    },

    /** Records the import and enqueues its job in one transaction; the job does the rest. */
    async startImport(ctx: Ctx, input: z.output<typeof startImportSchema>): Promise<ImportDto> {
      const table = await loadFile(ctx, input.fileId);
      return withStudio(database, ctx.studioId, async (tx) => {
        assertMapping(input.columns, table.header, await fieldsOf(ctx, tx));
        const id = newId('customerImport');
        await repo.insertImport(tx, {
          studioId: ctx.studioId,
          id,
          fileName: input.fileName,
          storageKey: fileKey(ctx.studioId, input.fileId),
          status: 'pending',
          dryRun: input.dryRun,
          preset: input.preset,
          mapping: storedMapping(input.columns, input.dateFormat),
          totalRows: table.records.length,
          createdBy: actorIdOf(ctx),
          createdAt: ctx.clock.now(),
        });
        await jobs.enqueue(tx, runImportJob, { studioId: ctx.studioId, importId: id, locale: input.locale });
        return toImportDto((await repo.findImport(tx, ctx, id))!);
      });
    },

    async getImport(ctx: Ctx, id: string): Promise<ImportDto> {
      return withStudio(database, ctx.studioId, async (tx) => {
        const found = await repo.findImport(tx, ctx, id);
        if (!found) throw importNotFound();
        return toImportDto(found);
      });
    },

    /** The studio's imports and dry runs, newest first. */
    async listImports(ctx: Ctx, query: { cursor?: string | undefined; limit?: number | undefined }): Promise<ImportPage> {
      const limit = Math.min(Math.max(Math.trunc(query.limit ?? 20), 1), 100);
      let before: { createdAt: Date; id: string } | null = null;
      if (query.cursor) {
        const key = decodeCursor(query.cursor, 2);
        const at = key ? new Date(key[0]!) : null;
        if (!key || !at || Number.isNaN(at.getTime())) throw invalidCursor();
        before = { createdAt: at, id: key[1]! };
      }
      return withStudio(database, ctx.studioId, async (tx) => {
        const rows = await repo.listImports(tx, ctx, before, limit + 1);
        const page = rows.slice(0, limit);
        const last = page.at(-1);
        return { items: page.map(toImportDto), nextCursor: rows.length > limit && last ? encodeCursor([last.createdAt.toISOString(), last.id]) : null };
      });
    },

    /** An import's error rows in file order. */
    async listImportErrors(ctx: Ctx, id: string, query: { cursor?: string | undefined; limit?: number | undefined }): Promise<ImportErrorPage> {
      const limit = Math.min(Math.max(Math.trunc(query.limit ?? 50), 1), 100);
      let after: { line: number; field: string } | null = null;
      if (query.cursor) {
        const key = decodeCursor(query.cursor, 2);
        if (!key || !/^\d{1,9}$/.test(key[0]!)) throw invalidCursor();
        after = { line: Number(key[0]), field: key[1]! };
      }
      return withStudio(database, ctx.studioId, async (tx) => {
        if (!(await repo.findImport(tx, ctx, id))) throw importNotFound();
        const rows = await repo.listErrors(tx, ctx, id, after, limit + 1);
        const page = rows.slice(0, limit);
        const last = page.at(-1);
        return {
          items: page.map((r) => ({ row: r.line, field: r.field, message: r.message })),
          nextCursor: rows.length > limit && last ? encodeCursor([String(last.line), last.field]) : null,
        };
      });
    },

    /**
     * Every error row as CSV (row, field, message), for a spreadsheet. A message quotes the
     * file's cells, so one that starts like a formula gets a leading apostrophe.
     */
    async importErrorsCsv(ctx: Ctx, id: string): Promise<{ fileName: string; csv: string }> {
      return withStudio(database, ctx.studioId, async (tx) => {
        const found = await repo.findImport(tx, ctx, id);
        if (!found) throw importNotFound();
        const rows: string[][] = [['row', 'field', 'message']];
        for (let after: { line: number; field: string } | null = null; ; ) {
          const page = await repo.listErrors(tx, ctx, id, after, 5_000);
          for (const r of page) rows.push([String(r.line), r.field, /^[=+\-@\t\r]/.test(r.message) ? `'${r.message}` : r.message]);
          const last = page.at(-1);
          if (page.length < 5_000 || !last) break;
          after = { line: last.line, field: last.field };
        }
        const base = found.fileName.replace(/\.csv$/i, '').replace(/[^\w.-]+/g, '-').slice(0, 80) || 'import';
        return { fileName: `${base}-errors.csv`, csv: toCsv(rows) };
      });
    },
  };
}

export type ImportsService = ReturnType<typeof createImportsService>;
export type { PresetId, StartImport };
