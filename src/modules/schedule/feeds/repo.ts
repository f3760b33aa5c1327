import { and, asc, eq, gte, inArray, isNull, lt, ne, or, sql } from 'drizzle-orm';
import type { Ctx } from '../../../kernel/ctx.ts';
import type { Tx } from '../../../platform/db/client.ts';
import { users } from '../../identity/schema.ts';
import { locations, rooms } from '../../studios/schema.ts';
import { calendarFeeds, occurrences, series, templates } from '../schema.ts';

export type FeedRow = typeof calendarFeeds.$inferSelect;

export async function listActiveFeeds(tx: Tx, ctx: Ctx): Promise<FeedRow[]> {
  return tx
    .select()
    .from(calendarFeeds)
    .where(and(eq(calendarFeeds.studioId, ctx.studioId), isNull(calendarFeeds.revokedAt)))
    .orderBy(asc(calendarFeeds.kind), asc(calendarFeeds.createdAt));
}

export async function findActiveFeed(tx: Tx, ctx: Ctx, id: string): Promise<FeedRow | undefined> {
  const [row] = await tx
    .select()
    .from(calendarFeeds)
    .where(and(eq(calendarFeeds.studioId, ctx.studioId), eq(calendarFeeds.id, id), isNull(calendarFeeds.revokedAt)));
  return row;
}

/** Revokes the active feed of a target (rotation) or one feed by id. */
export async function revokeFeeds(tx: Tx, ctx: Ctx, where: { kind: string; targetId: string } | { id: string }, now: Date): Promise<number> {
  const match = 'id' in where ? eq(calendarFeeds.id, where.id) : and(eq(calendarFeeds.kind, where.kind), eq(calendarFeeds.targetId, where.targetId));
  const rows = await tx
    .update(calendarFeeds)
    .set({ revokedAt: now })
    .where(and(eq(calendarFeeds.studioId, ctx.studioId), match, isNull(calendarFeeds.revokedAt)))
    .returning({ id: calendarFeeds.id });
  return rows.length;
}

export async function insertFeed(tx: Tx, row: typeof calendarFeeds.$inferInsert): Promise<void> {
  await tx.insert(calendarFeeds).values(row);
}

/** The feed a token opens, in any studio (the token is the only credential): run as the system. */
export async function findFeedByToken(tx: Tx, token: string): Promise<FeedRow | undefined> {
  const [row] = await tx.select().from(calendarFeeds).where(and(eq(calendarFeeds.token, token), isNull(calendarFeeds.revokedAt)));
  return row;
}

export interface StaffName {
  id: string;
  firstName: string;
  lastName: string;
  role: string | null;
}

/**
 * Staff a teacher feed can be made for: teachers, and anyone else who teaches a class.
 * (Names are read from identity's users table, the read model every schedule view joins.)
 */
export async function listTeachers(tx: Tx, ctx: Ctx): Promise<StaffName[]> {
  const teaching = tx.select({ id: series.teacherId }).from(series).where(and(eq(series.studioId, ctx.studioId), sql`${series.teacherId} is not null`));
  return tx
    .select({ id: users.id, firstName: users.firstName, lastName: users.lastName, role: users.role })
    .from(users)
    .where(
      and(
        eq(users.studioId, ctx.studioId),
        eq(users.kind, 'staff'),
        ne(users.status, 'deactivated'),
        or(eq(users.role, 'teacher'), inArray(users.id, teaching)),
      ),
    )
    .orderBy(asc(users.firstName), asc(users.lastName));
}

export async function findStaff(tx: Tx, ctx: Ctx, id: string): Promise<StaffName | undefined> {
  const [row] = await tx
    .select({ id: users.id, firstName: users.firstName, lastName: users.lastName, role: users.role })
    .from(users)
    .where(and(eq(users.studioId, ctx.studioId), eq(users.id, id), eq(users.kind, 'staff')));
  return row;
}

export async function listLocations(tx: Tx, ctx: Ctx): Promise<{ id: string; name: string; archived: boolean }[]> {
  const rows = await tx
    .select({ id: locations.id, name: locations.name, archivedAt: locations.archivedAt })
    .from(locations)
    .where(eq(locations.studioId, ctx.studioId))
    .orderBy(asc(locations.name));
  return rows.map((r) => ({ id: r.id, name: r.name, archived: r.archivedAt !== null }));
}

/** One class as a calendar shows it. */
export interface CalendarRow {
  id: string;
  name: string;
  description: string;
  status: string;
  startsAt: Date;
  endsAt: Date;
  version: number;
  updatedAt: Date;
  online: boolean;
  locationName: string | null;
  roomName: string | null;
  teacherFirstName: string | null;
  teacherLastName: string | null;
  visibility: string;
  shareToken: string;
  cancelNote: string | null;
}

const calendarColumns = {
  id: occurrences.id,
  name: templates.name,
  description: templates.description,
  status: occurrences.status,
  startsAt: occurrences.startsAt,
  endsAt: occurrences.endsAt,
  version: occurrences.version,
  updatedAt: occurrences.updatedAt,
  online: occurrences.online,
  locationName: locations.name,
  roomName: rooms.name,
  teacherFirstName: users.firstName,
  teacherLastName: users.lastName,
  visibility: series.visibility,
  shareToken: series.shareToken,
  cancelNote: occurrences.cancelNote,
};

function calendarQuery(tx: Tx) {
  return tx
    .select(calendarColumns)
    .from(occurrences)
    .innerJoin(series, and(eq(series.studioId, occurrences.studioId), eq(series.id, occurrences.seriesId)))
    .innerJoin(templates, and(eq(templates.studioId, occurrences.studioId), eq(templates.id, occurrences.templateId)))
    .leftJoin(locations, and(eq(locations.studioId, occurrences.studioId), eq(locations.id, occurrences.locationId)))
    .leftJoin(rooms, and(eq(rooms.studioId, occurrences.studioId), eq(rooms.id, occurrences.roomId)))
    .leftJoin(users, and(eq(users.studioId, occurrences.studioId), eq(users.id, occurrences.teacherId)));
}

/** A teacher's or location's classes in [from, to), cancelled ones included, deleted ones never. */
export async function calendarOf(tx: Tx, ctx: Ctx, feed: { kind: string; targetId: string }, from: Date, to: Date): Promise<CalendarRow[]> {
  const target = feed.kind === 'teacher' ? eq(occurrences.teacherId, feed.targetId) : eq(occurrences.locationId, feed.targetId);
  return calendarQuery(tx)
    .where(
      and(eq(occurrences.studioId, ctx.studioId), target, ne(occurrences.status, 'deleted'), gte(occurrences.startsAt, from), lt(occurrences.startsAt, to)),
    )
    .orderBy(asc(occurrences.startsAt), asc(occurrences.id));
}

export async function calendarRow(tx: Tx, ctx: Ctx, occurrenceId: string): Promise<CalendarRow | undefined> {
  const [row] = await calendarQuery(tx).where(and(eq(occurrences.studioId, ctx.studioId), eq(occurrences.id, occurrenceId)));
  return row;
}
