import { and, asc, eq, gte, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { Ctx } from '../../../kernel/ctx.ts';
import type { Tx } from '../../../platform/db/client.ts';
import { rowsOf } from '../../../platform/db/tx.ts';
import { users } from '../../identity/schema.ts';
import { locations, rooms } from '../../studios/schema.ts';
import { occurrences, series, templates } from '../schema.ts';

/**
 * Reads of the public schedule. Only classes of series with visibility `public` are listed
 * (a private `link` class is reached only by its id and share token, a `hidden` one never),
 * and only scheduled or cancelled ones (a deleted class is a tombstone, never shown).
 * Locations, rooms and staff names are the studios' and identity's documented read models.
 */

/** The columns every public class shows; `to_char` gives the wall times in the class's zone (no per-row Temporal call). */
const classColumns = {
  id: occurrences.id,
  seriesId: occurrences.seriesId,
  templateId: occurrences.templateId,
  status: occurrences.status,
  startsAt: occurrences.startsAt,
  endsAt: occurrences.endsAt,
  localDate: occurrences.localDate,
  startTime: sql<string>`to_char(${occurrences.startsAt} at time zone ${occurrences.timeZone}, 'HH24:MI')`,
  endTime: sql<string>`to_char(${occurrences.endsAt} at time zone ${occurrences.timeZone}, 'HH24:MI')`,
  timeZone: occurrences.timeZone,
  capacity: occurrences.capacity,
  bookedCount: occurrences.bookedCount,
  online: occurrences.online,
  teacherId: occurrences.teacherId,
  locationId: occurrences.locationId,
  name: templates.name,
  category: templates.category,
  color: templates.color,
  kind: series.kind,
  priceMinor: sql<number>`coalesce(${series.priceMinor}, ${templates.priceMinor})::int8`.mapWith(Number),
  salesCutoffMin: series.salesCutoffMin,
  bookingWindowDays: series.bookingWindowDays,
  teacherFirstName: users.firstName,
  teacherLastName: users.lastName,
  locationName: locations.name,
  roomName: rooms.name,
};

export interface PublicClassRow {
  id: string;
  seriesId: string;
  templateId: string;
  status: string;
  startsAt: Date;
  endsAt: Date;
  localDate: string;
  startTime: string;
  endTime: string;
  timeZone: string;
  capacity: number;
  bookedCount: number;
  online: boolean;
  teacherId: string | null;
  locationId: string | null;
  name: string;
  category: string;
  color: string;
  kind: string;
  priceMinor: number;
  salesCutoffMin: number;
  bookingWindowDays: number | null;
  teacherFirstName: string | null;
  teacherLastName: string | null;
  locationName: string | null;
  roomName: string | null;
}

function selectClasses(tx: Tx, ctx: Ctx) {
  return tx
    .select(classColumns)
    .from(occurrences)
    .innerJoin(series, and(eq(series.studioId, ctx.studioId), eq(series.id, occurrences.seriesId)))
    .innerJoin(templates, and(eq(templates.studioId, ctx.studioId), eq(templates.id, occurrences.templateId)))
    .leftJoin(users, and(eq(users.studioId, ctx.studioId), eq(users.id, occurrences.teacherId)))
    .leftJoin(locations, and(eq(locations.studioId, ctx.studioId), eq(locations.id, occurrences.locationId)))
    .leftJoin(rooms, and(eq(rooms.studioId, ctx.studioId), eq(rooms.id, occurrences.roomId)));
}

export interface WeekFilter {
  /** The calendar days [fromDate, toDate) in each class's own zone. */
  fromDate: string;
  toDate: string;
  /** An instant range that holds every class of those days in any zone: it lets the (studio_id, starts_at) index do the work. */
  startsFrom: Date;
  startsBefore: Date;
  locationId?: string | undefined;
  teacherId?: string | undefined;
  templateId?: string | undefined;
}

/** An instant as the JSON of the API writes it (`2027-03-01T06:00:00.000Z`), formatted by PostgreSQL. */
const isoText = (column: SQL) => sql`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * The public classes of some calendar days, by start: one indexed range scan with its joins.
 * The hot read of the public schedule (a week is hundreds of classes), so written as one SQL
 * statement whose rows are already `PublicClassRow`s: the same columns as `classColumns`,
 * instants as ISO text (parsing PostgreSQL's timestamp text and mapping each row through the
 * query builder cost about a millisecond a week).
 */
export async function listPublicClasses(tx: Tx, ctx: Ctx, f: WeekFilter): Promise<PublicClassRow[]> {
  const rows = rowsOf<Omit<PublicClassRow, 'startsAt' | 'endsAt' | 'priceMinor'> & { startsAt: string; endsAt: string; priceMinor: number | string | bigint }>(
    await tx.execute(sql`
      select o.id, o.series_id as "seriesId", o.template_id as "templateId", o.status,
             ${isoText(sql`o.starts_at`)} as "startsAt", ${isoText(sql`o.ends_at`)} as "endsAt", o.local_date::text as "localDate",
             to_char(o.starts_at at time zone o.time_zone, 'HH24:MI') as "startTime", to_char(o.ends_at at time zone o.time_zone, 'HH24:MI') as "endTime",
             o.time_zone as "timeZone", o.capacity, o.booked_count as "bookedCount", o.online, o.teacher_id as "teacherId", o.location_id as "locationId",
             t.name, t.category, t.color, s.kind, coalesce(s.price_minor, t.price_minor) as "priceMinor",
             s.sales_cutoff_min as "salesCutoffMin", s.booking_window_days as "bookingWindowDays",
             u.first_name as "teacherFirstName", u.last_name as "teacherLastName", l.name as "locationName", r.name as "roomName"
        from ${occurrences} o
        join ${series} s on s.studio_id = ${ctx.studioId} and s.id = o.series_id
        join ${templates} t on t.studio_id = ${ctx.studioId} and t.id = o.template_id
        left join ${users} u on u.studio_id = ${ctx.studioId} and u.id = o.teacher_id
        left join ${locations} l on l.studio_id = ${ctx.studioId} and l.id = o.location_id
        left join ${rooms} r on r.studio_id = ${ctx.studioId} and r.id = o.room_id
       where o.studio_id = ${ctx.studioId}
         and o.starts_at >= ${f.startsFrom.toISOString()}::timestamptz and o.starts_at < ${f.startsBefore.toISOString()}::timestamptz
         and o.local_date >= ${f.fromDate}::date and o.local_date < ${f.toDate}::date
         and o.status in ('scheduled', 'cancelled')
         and s.visibility = 'public'
         ${f.locationId ? sql`and o.location_id = ${f.locationId}` : sql``}
         ${f.teacherId ? sql`and o.teacher_id = ${f.teacherId}` : sql``}
         ${f.templateId ? sql`and o.template_id = ${f.templateId}` : sql``}
       order by o.starts_at, o.id`),
  );
  return rows.map((r) => ({ ...r, startsAt: new Date(r.startsAt), endsAt: new Date(r.endsAt), priceMinor: Number(r.priceMinor) }));
}

/** The classes ahead of one series (a private class's page lists its dates), at most `limit`. */
export async function listSeriesClasses(tx: Tx, ctx: Ctx, seriesId: string, from: Date, limit: number): Promise<PublicClassRow[]> {
  return selectClasses(tx, ctx)
    .where(
      and(
        eq(occurrences.studioId, ctx.studioId),
        eq(occurrences.seriesId, seriesId),
        gte(occurrences.endsAt, from),
        inArray(occurrences.status, ['scheduled', 'cancelled']),
      ),
    )
    .orderBy(asc(occurrences.startsAt), asc(occurrences.id))
    .limit(limit);
}

export interface FilterRow {
  teacherId: string | null;
  teacherFirstName: string | null;
  teacherLastName: string | null;
  locationId: string | null;
  locationName: string | null;
  templateId: string;
  templateName: string;
}

/** The teachers, places and class types of public series still running on `fromDate` (a few hundred rows at most). */
export async function listPublicSeriesFacets(tx: Tx, ctx: Ctx, fromDate: string): Promise<FilterRow[]> {
  return tx
    .selectDistinct({
      teacherId: series.teacherId,
      teacherFirstName: users.firstName,
      teacherLastName: users.lastName,
      locationId: series.locationId,
      locationName: locations.name,
      templateId: series.templateId,
      templateName: templates.name,
    })
    .from(series)
    .innerJoin(templates, and(eq(templates.studioId, ctx.studioId), eq(templates.id, series.templateId)))
    .leftJoin(users, and(eq(users.studioId, ctx.studioId), eq(users.id, series.teacherId)))
    .leftJoin(locations, and(eq(locations.studioId, ctx.studioId), eq(locations.id, series.locationId)))
    .where(
      and(
        eq(series.studioId, ctx.studioId),
        eq(series.visibility, 'public'),
        or(isNull(series.endDate), gte(series.endDate, fromDate)) as SQL,
        isNull(locations.archivedAt),
      ),
    );
}

export interface PublicClassDetailRow extends PublicClassRow {
  visibility: string;
  shareToken: string;
  description: string;
  bannerUpdatedAt: Date | null;
  cancelNote: string | null;
  allowChildren: boolean;
  spotSelection: boolean;
  roomSpotMap: { rows: number; columns: number; cells: { row: number; column: number; kind: 'spot' | 'landmark'; label: string }[] } | null;
  addressLine1: string | null;
  addressLine2: string | null;
  city: string | null;
  postalCode: string | null;
  region: string | null;
  country: string | null;
}

/** One class with what its public page shows; deleted ones are left out (a tombstone is "not found"). */
export async function findPublicClass(tx: Tx, ctx: Ctx, id: string): Promise<PublicClassDetailRow | undefined> {
  const [row] = await tx
    .select({
      ...classColumns,
      visibility: series.visibility,
      shareToken: series.shareToken,
      description: templates.description,
      bannerUpdatedAt: templates.bannerUpdatedAt,
      cancelNote: occurrences.cancelNote,
      allowChildren: series.allowChildren,
      spotSelection: series.spotSelection,
      roomSpotMap: rooms.spotMap,
      addressLine1: locations.addressLine1,
      addressLine2: locations.addressLine2,
      city: locations.city,
      postalCode: locations.postalCode,
      region: locations.region,
      country: locations.country,
    })
    .from(occurrences)
    .innerJoin(series, and(eq(series.studioId, ctx.studioId), eq(series.id, occurrences.seriesId)))
    .innerJoin(templates, and(eq(templates.studioId, ctx.studioId), eq(templates.id, occurrences.templateId)))
    .leftJoin(users, and(eq(users.studioId, ctx.studioId), eq(users.id, occurrences.teacherId)))
    .leftJoin(locations, and(eq(locations.studioId, ctx.studioId), eq(locations.id, occurrences.locationId)))
    .leftJoin(rooms, and(eq(rooms.studioId, ctx.studioId), eq(rooms.id, occurrences.roomId)))
    .where(and(eq(occurrences.studioId, ctx.studioId), eq(occurrences.id, id), inArray(occurrences.status, ['scheduled', 'cancelled'])));
  return row;
}

/** A series' visibility, share token and name (a private class's page). */
export async function findSeriesAccess(tx: Tx, ctx: Ctx, id: string) {
  const [row] = await tx
    .select({ id: series.id, visibility: series.visibility, shareToken: series.shareToken, name: templates.name, description: templates.description })
    .from(series)
    .innerJoin(templates, and(eq(templates.studioId, ctx.studioId), eq(templates.id, series.templateId)))
    .where(and(eq(series.studioId, ctx.studioId), eq(series.id, id)));
  return row;
}
