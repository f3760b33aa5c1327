import { aliasedTable, and, asc, desc, eq, gt, gte, inArray, isNull, lt, ne, notInArray, or, sql, type SQL } from 'drizzle-orm';
import type { Ctx } from '../../kernel/ctx.ts';
import type { Executor, Tx } from '../../platform/db/client.ts';
import { rowsOf } from '../../platform/db/tx.ts';
import { users } from '../identity/schema.ts';
import { locations, rooms } from '../studios/schema.ts';
import type { BusyClass, PlannedClass } from './domain/conflicts.ts';
import { occurrences, series, templates } from './schema.ts';

export type SeriesRow = typeof series.$inferSelect;
export type NewSeriesRow = typeof series.$inferInsert;
export type OccurrenceRow = typeof occurrences.$inferSelect;
export type TemplateRow = typeof templates.$inferSelect;

/** A series with the template fields it reads at display time. */
export type SeriesView = SeriesRow & { name: string };

/** An occurrence with everything the calendar shows beside it. */
export interface OccurrenceView extends OccurrenceRow {
  name: string;
  category: string;
  color: string;
  description: string;
  welcomeMessage: string;
  kind: string;
  visibility: string;
  teacherFirstName: string | null;
  teacherLastName: string | null;
  locationName: string | null;
  roomName: string | null;
}

// ------------------------------------------------------------ read models of lower modules

/** A location as the schedule needs it (studios owns the table; this is its documented read model). */
export async function findLocation(tx: Tx, ctx: Ctx, id: string) {
  const [row] = await tx
    .select({ id: locations.id, timeZone: locations.timeZone, archivedAt: locations.archivedAt })
    .from(locations)
    .where(and(eq(locations.studioId, ctx.studioId), eq(locations.id, id)));
  return row;
}

export async function findRoom(tx: Tx, ctx: Ctx, id: string) {
  const [row] = await tx
    .select({ id: rooms.id, locationId: rooms.locationId, archivedAt: rooms.archivedAt })
    .from(rooms)
    .where(and(eq(rooms.studioId, ctx.studioId), eq(rooms.id, id)));
  return row;
}

/** A staff account of the studio (identity's table, read only). */
export async function findStaffUser(tx: Tx, ctx: Ctx, id: string) {
  const [row] = await tx
    .select({ id: users.id, status: users.status })
    .from(users)
    .where(and(eq(users.studioId, ctx.studioId), eq(users.id, id), eq(users.kind, 'staff')));
  return row;
}

// ------------------------------------------------------------ templates (read)

export async function findTemplate(tx: Tx, ctx: Ctx, id: string): Promise<TemplateRow | undefined> {
  const [row] = await tx.select().from(templates).where(and(eq(templates.studioId, ctx.studioId), eq(templates.id, id)));
  return row;
}

// ------------------------------------------------------------ series

export async function insertSeries(tx: Tx, row: NewSeriesRow): Promise<void> {
  await tx.insert(series).values(row);
}

export async function findSeries(tx: Tx, ctx: Ctx, id: string, options: { lock?: boolean } = {}): Promise<SeriesView | undefined> {
  if (options.lock) await tx.select({ id: series.id }).from(series).where(and(eq(series.studioId, ctx.studioId), eq(series.id, id))).for('update');
  const [row] = await tx
    .select({ series, name: templates.name })
    .from(series)
    .innerJoin(templates, and(eq(templates.studioId, series.studioId), eq(templates.id, series.templateId)))
    .where(and(eq(series.studioId, ctx.studioId), eq(series.id, id)));
  return row ? { ...row.series, name: row.name } : undefined;
}

export async function listSeries(tx: Tx, ctx: Ctx, filter: { templateId?: string | undefined }): Promise<SeriesView[]> {
  const rows = await tx
    .select({ series, name: templates.name })
    .from(series)
    .innerJoin(templates, and(eq(templates.studioId, series.studioId), eq(templates.id, series.templateId)))
    .where(and(eq(series.studioId, ctx.studioId), filter.templateId ? eq(series.templateId, filter.templateId) : undefined))
    .orderBy(desc(series.startDate), desc(series.id));
  return rows.map((r) => ({ ...r.series, name: r.name }));
}

export async function updateSeries(tx: Tx, ctx: Ctx, id: string, patch: Partial<NewSeriesRow>): Promise<void> {
  await tx
    .update(series)
    .set({ ...patch, updatedAt: sql`now()` })
    .where(and(eq(series.studioId, ctx.studioId), eq(series.id, id)));
}

/**
 * Weekly series of the studio whose rolling horizon may have to move: open-ended, or ending
 * after what exists. Semesters are complete from the start.
 */
export async function listRollingSeries(tx: Tx, ctx: Ctx): Promise<SeriesRow[]> {
  return tx
    .select()
    .from(series)
    .where(
      and(
        eq(series.studioId, ctx.studioId),
        eq(series.pattern, 'weekly'),
        ne(series.kind, 'semester'),
        or(isNull(series.endDate), isNull(series.materialisedUntil), gt(series.endDate, series.materialisedUntil)),
      ),
    )
    .orderBy(asc(series.id))
    // Locked like one series is for an edit: a split can't end a series while its classes are made.
    .for('update');
}

/** Studios with a weekly series that may need more classes: cross-studio, for the daily job. */
export async function studiosWithRollingSeries(db: Executor): Promise<string[]> {
  const rows = await db
    .selectDistinct({ studioId: series.studioId })
    .from(series)
    .where(
      and(
        eq(series.pattern, 'weekly'),
        ne(series.kind, 'semester'),
        or(isNull(series.endDate), isNull(series.materialisedUntil), gt(series.endDate, series.materialisedUntil)),
      ),
    )
    .orderBy(asc(series.studioId));
  return rows.map((r) => r.studioId);
}

// ------------------------------------------------------------ occurrences

/** What a new class copies from its series. */
export type SeriesCopy = Pick<SeriesRow, 'id' | 'templateId' | 'timeZone' | 'teacherId' | 'locationId' | 'roomId' | 'capacity' | 'online' | 'videoUrl'>;

export interface NewSlot {
  id: string;
  slotKey: string;
  localDate: string;
  startsAt: Date;
  endsAt: Date;
}

/** The classes to make for one series. */
export interface SeriesSlots {
  series: SeriesCopy;
  slots: readonly NewSlot[];
}

/** Rows per insert statement: a year of classes for 300 series (~23,000) is three statements. */
const insertChunk = 10_000;

/** A PostgreSQL array literal of text values (cast it: `::text[]`, `::date[]`…); null is NULL. */
function arrayLiteral(values: readonly (string | number | boolean | null)[]): string {
  let out = '{';
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (i > 0) out += ',';
    out += v === null ? 'NULL' : `"${String(v).replace(/["\\]/g, '\\$&')}"`;
  }
  return `${out}}`;
}

async function insertChunkOf(tx: Tx, ctx: Ctx, plans: readonly SeriesSlots[]): Promise<Set<string>> {
  const ids: string[] = [];
  const slotKeys: string[] = [];
  const dates: string[] = [];
  const starts: string[] = [];
  const ends: string[] = [];
  const seriesOf: string[] = [];
  for (const { series: s, slots } of plans) {
    for (const slot of slots) {
      ids.push(slot.id);
      slotKeys.push(slot.slotKey);
      dates.push(slot.localDate);
      starts.push(slot.startsAt.toISOString());
      ends.push(slot.endsAt.toISOString());
      seriesOf.push(s.id);
    }
  }
  const column = <K extends keyof SeriesCopy>(key: K) => arrayLiteral(plans.map((p) => p.series[key]));
  const inserted = rowsOf<{ id: string }>(
    await tx.execute(sql`
      insert into ${occurrences} (studio_id, id, slot_key, local_date, starts_at, ends_at, series_id, template_id, time_zone,
                                  teacher_id, location_id, room_id, capacity, online, video_url)
      select ${ctx.studioId}, o.id, o.slot_key, o.local_date, o.starts_at, o.ends_at, s.id, s.template_id, s.time_zone,
             s.teacher_id, s.location_id, s.room_id, s.capacity, s.online, s.video_url
        from unnest(${arrayLiteral(ids)}::text[], ${arrayLiteral(slotKeys)}::text[], ${arrayLiteral(dates)}::date[],
                    ${arrayLiteral(starts)}::timestamptz[], ${arrayLiteral(ends)}::timestamptz[], ${arrayLiteral(seriesOf)}::text[])
             as o(id, slot_key, local_date, starts_at, ends_at, series_id)
        join unnest(${column('id')}::text[], ${column('templateId')}::text[], ${column('timeZone')}::text[], ${column('teacherId')}::text[],
                    ${column('locationId')}::text[], ${column('roomId')}::text[], ${column('capacity')}::int[], ${column('online')}::boolean[],
                    ${column('videoUrl')}::text[])
             as s(id, template_id, time_zone, teacher_id, location_id, room_id, capacity, online, video_url)
          on s.id = o.series_id
      on conflict (studio_id, series_id, slot_key) do nothing
      returning id`),
  );
  return new Set(inserted.map((r) => r.id));
}

/**
 * Inserts the classes of several series and returns, per series, the ones that were new: a
 * slot its series already has — scheduled, cancelled or a deleted tombstone — is skipped by the
 * unique (studio, series, slot) key. The rows travel as arrays, one per column (what a class
 * copies from its series once per series), in one statement per 10,000 classes.
 */
export async function insertOccurrences(tx: Tx, ctx: Ctx, plans: readonly SeriesSlots[]): Promise<SeriesSlots[]> {
  const created: SeriesSlots[] = [];
  let chunk: SeriesSlots[] = [];
  let rows = 0;
  const flush = async () => {
    if (rows === 0) return;
    const ids = await insertChunkOf(tx, ctx, chunk);
    for (const p of chunk) {
      const slots = p.slots.filter((slot) => ids.has(slot.id));
      if (slots.length > 0) created.push({ series: p.series, slots });
    }
    chunk = [];
    rows = 0;
  };
  // One plan per series: the series' own values are joined by id.
  const bySeries = new Map<string, SeriesSlots>();
  for (const p of plans) {
    const seen = bySeries.get(p.series.id);
    bySeries.set(p.series.id, seen ? { series: p.series, slots: [...seen.slots, ...p.slots] } : p);
  }
  for (const p of bySeries.values()) {
    if (p.slots.length === 0) continue;
    if (rows > 0 && rows + p.slots.length > insertChunk) await flush();
    chunk.push(p);
    rows += p.slots.length;
  }
  await flush();
  return created;
}

/** Records how far each series' classes now reach, in one statement. */
export async function setMaterialisedUntil(tx: Tx, ctx: Ctx, reached: readonly { id: string; date: string }[]): Promise<void> {
  if (reached.length === 0) return;
  await tx.execute(sql`
    update ${series} set materialised_until = (r->>1)::date, updated_at = now()
      from jsonb_array_elements(${JSON.stringify(reached.map((r) => [r.id, r.date]))}::jsonb) as r
     where ${series.studioId} = ${ctx.studioId} and ${series.id} = r->>0`);
}

/**
 * Scheduled classes that overlap any planned class and share its teacher or room, in one
 * query over all of them. A class never clashes with itself, nor with the classes in
 * `excludeIds` (those being moved by the same change).
 */
export async function findBusy(tx: Tx, ctx: Ctx, planned: readonly PlannedClass[], excludeIds: readonly string[] = []): Promise<BusyClass[]> {
  const wanted = planned.filter((p) => p.teacherId !== null || p.roomId !== null);
  if (wanted.length === 0) return [];
  const json = JSON.stringify(wanted.map((p) => [p.startsAt.toISOString(), p.endsAt.toISOString(), p.teacherId, p.roomId, p.occurrenceId]));
  const rows = rowsOf<{ id: string; name: string; starts_at: Date | string; ends_at: Date | string; teacher_clash: boolean; room_clash: boolean }>(
    await tx.execute(sql`
      with p as (
        select (e->>0)::timestamptz as starts_at, (e->>1)::timestamptz as ends_at, e->>2 as teacher_id, e->>3 as room_id, e->>4 as self_id
          from jsonb_array_elements(${json}::jsonb) as e
      )
      select o.id, t.name, o.starts_at, o.ends_at,
             bool_or(o.teacher_id = p.teacher_id) as teacher_clash, bool_or(o.room_id = p.room_id) as room_clash
        from p
        join ${occurrences} o
          on o.studio_id = ${ctx.studioId}
         and o.status = 'scheduled'
         and (o.teacher_id = p.teacher_id or o.room_id = p.room_id)
         -- A class lasts at most 14 days: this bound lets the (teacher|room, starts_at) indexes serve the join.
         and o.starts_at > p.starts_at - interval '14 days'
         and o.starts_at < p.ends_at
         and o.ends_at > p.starts_at
         and o.id is distinct from p.self_id
        join ${templates} t on t.studio_id = o.studio_id and t.id = o.template_id
       where o.id not in (select jsonb_array_elements_text(${JSON.stringify(excludeIds)}::jsonb))
       group by o.id, t.name, o.starts_at, o.ends_at
       order by o.starts_at, o.id`),
  );
  return rows.map((r) => ({
    occurrenceId: r.id,
    name: r.name,
    startsAt: new Date(r.starts_at),
    endsAt: new Date(r.ends_at),
    teacherClash: r.teacher_clash,
    roomClash: r.room_clash,
  }));
}

const teacher = aliasedTable(users, 'teacher');

const occurrenceView = {
  occurrence: occurrences,
  name: templates.name,
  category: templates.category,
  color: templates.color,
  description: templates.description,
  welcomeMessage: templates.welcomeMessage,
  kind: series.kind,
  visibility: series.visibility,
  teacherFirstName: teacher.firstName,
  teacherLastName: teacher.lastName,
  locationName: locations.name,
  roomName: rooms.name,
};

function selectOccurrenceViews(tx: Tx, where: SQL | undefined) {
  return tx
    .select(occurrenceView)
    .from(occurrences)
    .innerJoin(templates, and(eq(templates.studioId, occurrences.studioId), eq(templates.id, occurrences.templateId)))
    .innerJoin(series, and(eq(series.studioId, occurrences.studioId), eq(series.id, occurrences.seriesId)))
    .leftJoin(teacher, and(eq(teacher.studioId, occurrences.studioId), eq(teacher.id, occurrences.teacherId)))
    .leftJoin(locations, and(eq(locations.studioId, occurrences.studioId), eq(locations.id, occurrences.locationId)))
    .leftJoin(rooms, and(eq(rooms.studioId, occurrences.studioId), eq(rooms.id, occurrences.roomId)))
    .where(where);
}

type ViewRow = Awaited<ReturnType<typeof selectOccurrenceViews>>[number];
const flatten = ({ occurrence, ...rest }: ViewRow): OccurrenceView => ({ ...occurrence, ...rest });

export interface OccurrenceFilter {
  from: Date;
  to: Date;
  locationId?: string | undefined;
  roomId?: string | undefined;
  teacherId?: string | undefined;
  templateId?: string | undefined;
  includeCancelled: boolean;
}

/** Classes starting in [from, to), never the deleted ones, by start. */
export async function listOccurrences(tx: Tx, ctx: Ctx, f: OccurrenceFilter): Promise<OccurrenceView[]> {
  const rows = await selectOccurrenceViews(
    tx,
    and(
      eq(occurrences.studioId, ctx.studioId),
      gte(occurrences.startsAt, f.from),
      lt(occurrences.startsAt, f.to),
      f.includeCancelled ? ne(occurrences.status, 'deleted') : eq(occurrences.status, 'scheduled'),
      f.locationId ? eq(occurrences.locationId, f.locationId) : undefined,
      f.roomId ? eq(occurrences.roomId, f.roomId) : undefined,
      f.teacherId ? eq(occurrences.teacherId, f.teacherId) : undefined,
      f.templateId ? eq(occurrences.templateId, f.templateId) : undefined,
    ),
  ).orderBy(asc(occurrences.startsAt), asc(occurrences.id));
  return rows.map(flatten);
}

/** One class, deleted ones included (callers decide what a tombstone means to them). */
export async function findOccurrence(tx: Tx, ctx: Ctx, id: string, options: { lock?: boolean } = {}): Promise<OccurrenceView | undefined> {
  if (options.lock) {
    await tx.select({ id: occurrences.id }).from(occurrences).where(and(eq(occurrences.studioId, ctx.studioId), eq(occurrences.id, id))).for('update');
  }
  const [row] = await selectOccurrenceViews(tx, and(eq(occurrences.studioId, ctx.studioId), eq(occurrences.id, id)));
  return row ? flatten(row) : undefined;
}

export async function findOccurrenceViews(tx: Tx, ctx: Ctx, ids: readonly string[]): Promise<OccurrenceView[]> {
  if (ids.length === 0) return [];
  const rows = await selectOccurrenceViews(tx, and(eq(occurrences.studioId, ctx.studioId), inArray(occurrences.id, [...ids]))).orderBy(
    asc(occurrences.startsAt),
  );
  return rows.map(flatten);
}

export async function updateOccurrence(tx: Tx, ctx: Ctx, id: string, patch: Partial<typeof occurrences.$inferInsert>): Promise<void> {
  await tx
    .update(occurrences)
    .set({ ...patch, version: sql`${occurrences.version} + 1`, updatedAt: sql`now()` })
    .where(and(eq(occurrences.studioId, ctx.studioId), eq(occurrences.id, id)));
}

/** The classes of a series on or after `fromDate` that have not started at `now`, locked for a split. */
export async function listClassesAhead(tx: Tx, ctx: Ctx, seriesId: string, fromDate: string, now: Date): Promise<OccurrenceRow[]> {
  return tx
    .select()
    .from(occurrences)
    .where(
      and(
        eq(occurrences.studioId, ctx.studioId),
        eq(occurrences.seriesId, seriesId),
        gte(occurrences.localDate, fromDate),
        gt(occurrences.startsAt, now),
      ),
    )
    .orderBy(asc(occurrences.startsAt))
    .for('update');
}

/** Scheduled classes of a series that have not started: a dates series' edits apply to them. */
export async function listScheduledAhead(tx: Tx, ctx: Ctx, seriesId: string, now: Date, exclude: readonly string[] = []): Promise<OccurrenceRow[]> {
  return tx
    .select()
    .from(occurrences)
    .where(
      and(
        eq(occurrences.studioId, ctx.studioId),
        eq(occurrences.seriesId, seriesId),
        eq(occurrences.status, 'scheduled'),
        gt(occurrences.startsAt, now),
        exclude.length > 0 ? notInArray(occurrences.id, [...exclude]) : undefined,
      ),
    )
    .orderBy(asc(occurrences.startsAt))
    .for('update');
}
