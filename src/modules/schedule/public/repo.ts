import { and, asc, eq, gte, inArray, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Ctx } from '../../../kernel/ctx.ts';
import type { Tx } from '../../../platform/db/client.ts';
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

/** The public classes of some calendar days, by start: one indexed range scan with its joins. */
export function listPublicClasses(tx: Tx, ctx: Ctx, f: WeekFilter) {
  return selectClasses(tx, ctx)
    .where(
      and(
        eq(occurrences.studioId, ctx.studioId),
        gte(occurrences.startsAt, f.startsFrom),
        lt(occurrences.startsAt, f.startsBefore),
        gte(occurrences.localDate, f.fromDate),
        lt(occurrences.localDate, f.toDate),
        inArray(occurrences.status, ['scheduled', 'cancelled']),
        eq(series.visibility, 'public'),
        f.locationId ? eq(occurrences.locationId, f.locationId) : undefined,
        f.teacherId ? eq(occurrences.teacherId, f.teacherId) : undefined,
        f.templateId ? eq(occurrences.templateId, f.templateId) : undefined,
      ),
    )
    .orderBy(asc(occurrences.startsAt), asc(occurrences.id));
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
