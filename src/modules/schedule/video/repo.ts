import { and, eq, gt, inArray, isNull, lte, sql, type SQL } from 'drizzle-orm';
import type { Ctx } from '../../../kernel/ctx.ts';
import type { Tx } from '../../../platform/db/client.ts';
import { occurrences, series, templates, videoAccounts } from '../schema.ts';

export type VideoAccountRow = typeof videoAccounts.$inferSelect;

export async function findAccount(tx: Tx, ctx: Ctx): Promise<VideoAccountRow | undefined> {
  const [row] = await tx.select().from(videoAccounts).where(eq(videoAccounts.studioId, ctx.studioId));
  return row;
}

export async function upsertAccount(tx: Tx, row: typeof videoAccounts.$inferInsert): Promise<void> {
  await tx
    .insert(videoAccounts)
    .values(row)
    .onConflictDoUpdate({
      target: videoAccounts.studioId,
      set: {
        provider: row.provider,
        accountId: row.accountId,
        clientId: row.clientId,
        clientSecret: row.clientSecret,
        connectedAt: row.connectedAt,
        lastError: null,
        updatedAt: row.updatedAt,
      },
    });
}

export async function deleteAccount(tx: Tx, ctx: Ctx): Promise<boolean> {
  const rows = await tx.delete(videoAccounts).where(eq(videoAccounts.studioId, ctx.studioId)).returning({ id: videoAccounts.studioId });
  return rows.length > 0;
}

export async function setAccountError(tx: Tx, ctx: Ctx, lastError: string | null, now: Date): Promise<void> {
  await tx.update(videoAccounts).set({ lastError, updatedAt: now }).where(eq(videoAccounts.studioId, ctx.studioId));
}

/** What a meeting job needs of one occurrence: its times, name, state and the series' provider. */
export interface MeetingSubject {
  id: string;
  seriesId: string;
  name: string;
  status: string;
  startsAt: Date;
  endsAt: Date;
  timeZone: string;
  online: boolean;
  provider: string;
  videoUrl: string | null;
  seriesVideoUrl: string | null;
  videoMeetingId: string | null;
  videoStatus: string;
  visibility: string;
}

function selectMeetingSubjects(tx: Tx, ctx: Ctx, where: SQL) {
  return tx
    .select({
      id: occurrences.id,
      seriesId: occurrences.seriesId,
      name: templates.name,
      status: occurrences.status,
      startsAt: occurrences.startsAt,
      endsAt: occurrences.endsAt,
      timeZone: occurrences.timeZone,
      online: occurrences.online,
      provider: series.videoProvider,
      videoUrl: occurrences.videoUrl,
      seriesVideoUrl: series.videoUrl,
      videoMeetingId: occurrences.videoMeetingId,
      videoStatus: occurrences.videoStatus,
      visibility: series.visibility,
    })
    .from(occurrences)
    .innerJoin(series, and(eq(series.studioId, occurrences.studioId), eq(series.id, occurrences.seriesId)))
    .innerJoin(templates, and(eq(templates.studioId, occurrences.studioId), eq(templates.id, occurrences.templateId)))
    .where(and(eq(occurrences.studioId, ctx.studioId), where));
}

export async function findMeetingSubject(tx: Tx, ctx: Ctx, occurrenceId: string, options: { lock?: boolean } = {}): Promise<MeetingSubject | undefined> {
  const query = selectMeetingSubjects(tx, ctx, eq(occurrences.id, occurrenceId));
  const [row] = options.lock ? await query.for('update', { of: occurrences }) : await query;
  return row;
}

/** The meeting subjects of several occurrences (a series' new classes), in one query. */
export async function findMeetingSubjects(tx: Tx, ctx: Ctx, occurrenceIds: readonly string[]): Promise<MeetingSubject[]> {
  if (occurrenceIds.length === 0) return [];
  return selectMeetingSubjects(tx, ctx, inArray(occurrences.id, [...occurrenceIds]));
}

export interface VideoState {
  videoStatus: 'none' | 'pending' | 'ready' | 'failed';
  videoMeetingId?: string | null;
  videoUrl?: string | null;
  videoError?: string | null;
}

export async function setVideoState(tx: Tx, ctx: Ctx, occurrenceId: string, state: VideoState, now: Date): Promise<void> {
  await tx
    .update(occurrences)
    .set({ ...state, updatedAt: now })
    .where(and(eq(occurrences.studioId, ctx.studioId), eq(occurrences.id, occurrenceId)));
}

/**
 * Upcoming Zoom classes without a meeting in a given video state, soonest first: `failed` ones are
 * retried once the studio connects Zoom; `none` ones are queued by the sweep when within `until`.
 */
export async function zoomClassesWithoutMeeting(
  tx: Tx,
  ctx: Ctx,
  options: { videoStatus: 'none' | 'failed'; after: Date; until?: Date; limit: number },
): Promise<{ id: string; startsAt: Date }[]> {
  return tx
    .select({ id: occurrences.id, startsAt: occurrences.startsAt })
    .from(occurrences)
    .innerJoin(series, and(eq(series.studioId, occurrences.studioId), eq(series.id, occurrences.seriesId)))
    .where(
      and(
        eq(occurrences.studioId, ctx.studioId),
        eq(occurrences.status, 'scheduled'),
        eq(occurrences.online, true),
        eq(series.videoProvider, 'zoom'),
        eq(occurrences.videoStatus, options.videoStatus),
        isNull(occurrences.videoMeetingId),
        gt(occurrences.startsAt, options.after),
        options.until ? lte(occurrences.startsAt, options.until) : undefined,
      ),
    )
    .orderBy(occurrences.startsAt)
    .limit(options.limit);
}

/** Studios with a Zoom account (the sweep visits each): cross-studio, so run as the system. */
export async function studiosWithAccount(tx: Tx): Promise<string[]> {
  const rows = await tx.select({ studioId: videoAccounts.studioId }).from(videoAccounts).orderBy(videoAccounts.studioId);
  return rows.map((r) => r.studioId);
}

export async function countFailedUpcoming(tx: Tx, ctx: Ctx, now: Date): Promise<number> {
  const [row] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(occurrences)
    .where(
      and(eq(occurrences.studioId, ctx.studioId), eq(occurrences.status, 'scheduled'), eq(occurrences.videoStatus, 'failed'), gt(occurrences.startsAt, now)),
    );
  return row?.n ?? 0;
}
