import { systemClock, type Clock } from '../../../kernel/clock.ts';
import type { Ctx } from '../../../kernel/ctx.ts';
import { newId, randomToken, type StudioId } from '../../../kernel/ids.ts';
import type { Database, Tx } from '../../../platform/db/client.ts';
import { isUniqueViolation, withStudio, withSystem } from '../../../platform/db/tx.ts';
import { parseOrThrow } from '../../../platform/validation.ts';
import { actorCan } from '../../identity/index.ts';
import type { StudiosService } from '../../studios/index.ts';
import { ScheduleError, occurrenceNotFound } from '../errors.ts';
import { createCalendarFeedSchema, type CalendarFeedDto, type CalendarFeedList, type CreateCalendarFeed, type FeedKind, type FeedTargetDto } from './contracts.ts';
import { writeCalendar, type IcalEvent } from './ical.ts';
import * as repo from './repo.ts';

export interface FeedsDeps {
  database: Database;
  studios: Pick<StudiosService, 'getPublicStudio'>;
  /** Where subscribe URLs point, e.g. https://studio.example.com */
  publicUrl: string;
  clock?: Clock;
}

/** What a feed holds: 30 days back (recent changes stay visible) to 180 days ahead. */
const daysBack = 30;
const daysAhead = 180;
const dayMs = 86_400_000;
const prodId = '-//Enso//Class schedule//EN';

const feedNotFound = () => new ScheduleError('feed_not_found', 'This calendar feed does not exist or was replaced by a new link.');
const fullName = (p: { firstName: string | null; lastName: string | null }) => `${p.firstName ?? ''} ${p.lastName ?? ''}`.trim();

/** A teacher (role) manages only their own teacher feed; everyone else needs schedule:write. */
function assertMayManage(ctx: Ctx, feed: { kind: string; targetId: string }): void {
  if (ctx.actor.kind === 'staff' && ctx.actor.role === 'teacher') {
    if (feed.kind === 'teacher' && feed.targetId === ctx.actor.userId) return;
    throw new ScheduleError('not_your_class', 'Teachers can make and remove only the calendar feed of their own classes.');
  }
  if (!actorCan(ctx.actor, 'schedule:write')) {
    throw new ScheduleError('not_your_class', 'Your role does not allow managing calendar feeds (schedule:write).');
  }
}

const isOwnTeacherView = (ctx: Ctx) => ctx.actor.kind === 'staff' && ctx.actor.role === 'teacher';

export function createFeedsService(deps: FeedsDeps) {
  const { database, studios } = deps;
  const clock = deps.clock ?? systemClock;
  const host = new URL(deps.publicUrl).host;
  const feedUrl = (token: string) => `${deps.publicUrl}/api/public/v1/calendar/${token}.ics`;

  function toDto(feed: repo.FeedRow, targetName: string): CalendarFeedDto {
    return { id: feed.id, kind: feed.kind as FeedKind, targetId: feed.targetId, targetName, url: feedUrl(feed.token), createdAt: feed.createdAt.toISOString() };
  }

  async function targetsOf(tx: Tx, ctx: Ctx): Promise<{ kind: FeedKind; targetId: string; name: string }[]> {
    if (isOwnTeacherView(ctx) && ctx.actor.kind === 'staff') {
      const me = await repo.findStaff(tx, ctx, ctx.actor.userId);
      return me ? [{ kind: 'teacher', targetId: me.id, name: fullName(me) }] : [];
    }
    const teachers = (await repo.listTeachers(tx, ctx)).map((t) => ({ kind: 'teacher' as const, targetId: t.id, name: fullName(t) }));
    const places = (await repo.listLocations(tx, ctx)).filter((l) => !l.archived).map((l) => ({ kind: 'location' as const, targetId: l.id, name: l.name }));
    return [...teachers, ...places];
  }

  async function targetNameOrThrow(tx: Tx, ctx: Ctx, kind: FeedKind, targetId: string): Promise<string> {
    if (kind === 'teacher') {
      const staff = await repo.findStaff(tx, ctx, targetId);
      if (!staff) throw new ScheduleError('teacher_not_found', 'This teacher does not exist.', [{ path: 'targetId', message: 'No staff member has this id.' }]);
      return fullName(staff);
    }
    const location = (await repo.listLocations(tx, ctx)).find((l) => l.id === targetId);
    if (!location) throw new ScheduleError('location_not_found', 'This location does not exist.', [{ path: 'targetId', message: 'No location has this id.' }]);
    return location.name;
  }

  function toEvent(row: repo.CalendarRow, options: { withTeacher: boolean }): IcalEvent {
    const where = row.online && !row.locationName ? 'Online' : [row.locationName, row.roomName].filter(Boolean).join(', ');
    const teacher = fullName({ firstName: row.teacherFirstName, lastName: row.teacherLastName });
    const notes = [
      row.status === 'cancelled' ? `Cancelled.${row.cancelNote ? ` ${row.cancelNote}` : ''}` : null,
      options.withTeacher && teacher ? `Teacher: ${teacher}` : null,
      row.description || null,
    ].filter((x): x is string => x !== null);
    return {
      // The occurrence id never changes: calendar apps update or cancel the same event.
      uid: `${row.id}@${host}`,
      start: row.startsAt,
      end: row.endsAt,
      summary: row.name,
      location: where || null,
      description: notes.join('\n\n') || null,
      cancelled: row.status === 'cancelled',
      sequence: row.version,
      lastModified: row.updatedAt,
    };
  }

  return {
    /** Active feeds and the targets the caller may make one for (a teacher: only themself). */
    async listFeeds(ctx: Ctx): Promise<CalendarFeedList> {
      return withStudio(database, ctx.studioId, async (tx) => {
        const targets = await targetsOf(tx, ctx);
        const names = new Map(targets.map((t) => [`${t.kind}:${t.targetId}`, t.name]));
        const feeds = (await repo.listActiveFeeds(tx, ctx)).filter((f) => names.has(`${f.kind}:${f.targetId}`));
        const items = feeds.map((f) => toDto(f, names.get(`${f.kind}:${f.targetId}`)!));
        const byTarget = new Map(items.map((f) => [`${f.kind}:${f.targetId}`, f]));
        const targetDtos: FeedTargetDto[] = targets.map((t) => ({ ...t, feed: byTarget.get(`${t.kind}:${t.targetId}`) ?? null }));
        return { items, targets: targetDtos };
      });
    },

    /**
     * Creates the feed of a teacher or location, or rotates it: the previous URL stops working
     * at once and a new unguessable one (256-bit token) is issued.
     */
    async createFeed(ctx: Ctx, input: CreateCalendarFeed): Promise<CalendarFeedDto> {
      const values = parseOrThrow(createCalendarFeedSchema, input);
      assertMayManage(ctx, values);
      try {
        return await withStudio(database, ctx.studioId, async (tx) => {
          const name = await targetNameOrThrow(tx, ctx, values.kind, values.targetId);
          const now = ctx.clock.now();
          await repo.revokeFeeds(tx, ctx, values, now);
          const row = {
            studioId: ctx.studioId,
            id: newId('calendarFeed'),
            kind: values.kind,
            targetId: values.targetId,
            token: randomToken(),
            createdBy: ctx.actor.kind === 'staff' ? ctx.actor.userId : null,
            createdAt: now,
            revokedAt: null,
          };
          await repo.insertFeed(tx, row);
          return toDto(row, name);
        });
      } catch (err) {
        // Two rotations at once: the other one won; its link is the feed now.
        if (isUniqueViolation(err)) throw new ScheduleError('schedule_conflict', 'This feed was just changed by someone else: reload and try again.');
        throw err;
      }
    },

    /** Removes a feed: its URL stops working. */
    async deleteFeed(ctx: Ctx, id: string): Promise<void> {
      await withStudio(database, ctx.studioId, async (tx) => {
        const feed = await repo.findActiveFeed(tx, ctx, id);
        if (!feed) throw feedNotFound();
        assertMayManage(ctx, feed);
        await repo.revokeFeeds(tx, ctx, { id }, ctx.clock.now());
      });
    },

    /**
     * The iCalendar of a feed token (`<token>.ics`): the target's classes from 30 days back to
     * 180 days ahead, cancelled ones as STATUS:CANCELLED, never a join link. Unknown or revoked → 404.
     */
    async feedCalendar(file: string): Promise<string> {
      const token = file.endsWith('.ics') ? file.slice(0, -4) : file;
      if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) throw feedNotFound();
      const feed = await withSystem(database, (tx) => repo.findFeedByToken(tx, token));
      if (!feed) throw feedNotFound();
      const ctx: Ctx = { studioId: feed.studioId as StudioId, actor: { kind: 'anonymous' }, clock, requestId: 'calendar-feed' };
      const now = clock.now();
      return withStudio(database, ctx.studioId, async (tx) => {
        const name = await targetNameOrThrow(tx, ctx, feed.kind as FeedKind, feed.targetId).catch(() => 'Classes');
        const rows = await repo.calendarOf(tx, ctx, feed, new Date(now.getTime() - daysBack * dayMs), new Date(now.getTime() + daysAhead * dayMs));
        return writeCalendar({ prodId, name, now, events: rows.map((r) => toEvent(r, { withTeacher: feed.kind === 'location' })) });
      });
    },

    /**
     * "Add to my calendar" for one class of the public schedule: public classes, or a private
     * (link) class with its share key; hidden, deleted or unknown → 404.
     */
    async classCalendar(slug: string, occurrenceId: string, key: string | undefined): Promise<string> {
      const studio = await studios.getPublicStudio(slug);
      const ctx: Ctx = { studioId: studio.id, actor: { kind: 'anonymous' }, clock, requestId: 'class-calendar' };
      return withStudio(database, ctx.studioId, async (tx) => {
        const row = await repo.calendarRow(tx, ctx, occurrenceId);
        if (!row || row.status === 'deleted') throw occurrenceNotFound();
        const visible = row.visibility === 'public' || (row.visibility === 'link' && key !== undefined && key === row.shareToken);
        if (!visible) throw occurrenceNotFound();
        return writeCalendar({ prodId, now: clock.now(), events: [toEvent(row, { withTeacher: true })] });
      });
    },
  };
}

export type FeedsService = ReturnType<typeof createFeedsService>;
