import type { Ctx } from '../../kernel/ctx.ts';
import { newId, randomToken } from '../../kernel/ids.ts';
import { addDays, compareLocalDates, localDateOf, type LocalDate } from '../../kernel/time.ts';
import type { Database, Tx } from '../../platform/db/client.ts';
import { inStudioTx, withStudio, withSystem } from '../../platform/db/tx.ts';
import { publish, type DomainEvent } from '../../platform/events/publish.ts';
import type { JobCtx, JobResult, Jobs } from '../../platform/jobs/index.ts';
import { parseOrThrow } from '../../platform/validation.ts';
import type { StudioId } from '../../kernel/ids.ts';
import { actorCan } from '../identity/index.ts';
import type { StudiosService } from '../studios/index.ts';
import {
  addSeriesDateSchema,
  cancelOccurrenceSchema,
  createSeriesSchema,
  editFollowingSchema,
  listOccurrencesQuerySchema,
  listSeriesQuerySchema,
  substituteSchema,
  updateOccurrenceSchema,
  type AddSeriesDate,
  type AddSeriesDateResult,
  type CancelOccurrence,
  type ConflictDto,
  type CreateSeries,
  type CreateSeriesResult,
  type EditFollowing,
  type EditFollowingResult,
  type EventKind,
  type ListOccurrencesQuery,
  type ListSeriesQuery,
  type OccurrenceDetailDto,
  type OccurrenceDto,
  type OccurrenceStatus,
  type Pattern,
  type ScheduleDate,
  type SeriesDto,
  type Substitute,
  type UpdateOccurrence,
  type VideoProvider,
  type Visibility,
} from './contracts.ts';
import { describeConflicts, toConflicts, type PlannedClass } from './domain/conflicts.ts';
import { expandWeekly, formatWallTime, parseWallTime, slotAt, wallClockOf, wallTimeInstant, type Slot } from './domain/recurrence.ts';
import { checkSeriesShape, dateEndProblem } from './domain/series-rules.ts';
import { changedKeys, planSplit } from './domain/split.ts';
import { ScheduleError, invalidSchedule, notYourClass, occurrenceNotFound, seriesNotFound } from './errors.ts';
import { scheduleEvent } from './events.ts';
import { defineMaterialiseAllJob, defineMaterialiseStudioJob, materialiseDedupeKey, materialiseStudioJobName } from './jobs.ts';
import * as repo from './repo.ts';
import { assertVideoReady } from './video/service.ts';

export interface ScheduleDeps {
  database: Database;
  studios: Pick<StudiosService, 'getStudioSettings'>;
  jobs: Jobs;
  /** Where public links point, e.g. https://studio.example.com */
  publicUrl: string;
}

const minuteMs = 60_000;
const maxListDays = 62;
/** Events per insert statement: well under PostgreSQL's 65,535 bind parameters (8 per event). */
const eventChunk = 1_000;
const iso = (d: Date) => d.toISOString();
const userIdOf = (ctx: Ctx) => (ctx.actor.kind === 'staff' ? ctx.actor.userId : null);
const isTeacher = (ctx: Ctx) => (ctx.actor.kind === 'staff' || ctx.actor.kind === 'api_key') && ctx.actor.role === 'teacher';
const durationOf = (o: { startsAt: Date; endsAt: Date }) => Math.round((o.endsAt.getTime() - o.startsAt.getTime()) / minuteMs);
const fullName = (first: string | null, last: string | null) => (first === null ? null : `${first} ${last ?? ''}`.trim());
const minDate = (a: LocalDate, b: LocalDate) => (compareLocalDates(a, b) <= 0 ? a : b);
const maxDate = (a: LocalDate, b: LocalDate) => (compareLocalDates(a, b) >= 0 ? a : b);

/** The settings of a series a "this and following" edit may change, as the series holds them. */
type SeriesSettings = Required<Omit<EditFollowing, 'confirmConflicts'>>;
/** Fields of an occurrence that a series-level change carries to the classes ahead. */
const occurrenceFields = ['teacherId', 'locationId', 'roomId', 'capacity', 'online', 'videoUrl'] as const;

function toSeriesDto(s: repo.SeriesView, shareUrl: string): SeriesDto {
  return {
    ...settingsOf(s),
    id: s.id,
    templateId: s.templateId,
    name: s.name,
    kind: s.kind as EventKind,
    pattern: s.pattern as Pattern,
    timeZone: s.timeZone,
    startDate: s.startDate,
    materialisedUntil: s.materialisedUntil,
    shareUrl,
    splitFromSeriesId: s.splitFromSeriesId,
    createdAt: iso(s.createdAt),
    updatedAt: iso(s.updatedAt),
  };
}

function toOccurrenceDto(o: repo.OccurrenceView): OccurrenceDto {
  const start = wallClockOf(o.startsAt, o.timeZone);
  return {
    id: o.id,
    seriesId: o.seriesId,
    templateId: o.templateId,
    name: o.name,
    category: o.category,
    color: o.color,
    kind: o.kind as EventKind,
    visibility: o.visibility as Visibility,
    status: o.status as OccurrenceStatus,
    startsAt: iso(o.startsAt),
    endsAt: iso(o.endsAt),
    localDate: start.date,
    startTime: start.time,
    endTime: wallClockOf(o.endsAt, o.timeZone).time,
    timeZone: o.timeZone,
    teacherId: o.teacherId,
    teacherName: fullName(o.teacherFirstName, o.teacherLastName),
    substitutedFor: o.substitutedFor,
    locationId: o.locationId,
    locationName: o.locationName,
    roomId: o.roomId,
    roomName: o.roomName,
    online: o.online,
    capacity: o.capacity,
    bookedCount: o.bookedCount,
    cancelNote: o.cancelNote,
  };
}

/** The series' settings in the shape of an edit, to tell which fields an edit really changes. */
function settingsOf(s: repo.SeriesRow): SeriesSettings {
  return {
    weekdays: s.weekdays,
    startTimes: s.startMinutes.map(formatWallTime),
    durationMin: s.durationMin,
    endDate: s.endDate,
    weeksAhead: s.weeksAhead,
    teacherId: s.teacherId,
    locationId: s.locationId,
    roomId: s.roomId,
    online: s.online,
    videoProvider: s.videoProvider as VideoProvider,
    videoUrl: s.videoUrl,
    capacity: s.capacity,
    priceMinor: s.priceMinor,
    salesCutoffMin: s.salesCutoffMin,
    bookingWindowDays: s.bookingWindowDays,
    allowChildren: s.allowChildren,
    spotSelection: s.spotSelection,
    visibility: s.visibility as Visibility,
  };
}

/** The columns of a series row that an edit's settings set (the new half of a split, or an irregular series in place). */
function seriesRowSettings(next: SeriesSettings, timeZone: string) {
  return {
    durationMin: next.durationMin,
    timeZone,
    teacherId: next.teacherId,
    locationId: next.locationId,
    roomId: next.roomId,
    online: next.online,
    videoProvider: next.videoProvider,
    videoUrl: next.videoUrl,
    capacity: next.capacity,
    priceMinor: next.priceMinor,
    salesCutoffMin: next.salesCutoffMin,
    bookingWindowDays: next.bookingWindowDays,
    allowChildren: next.allowChildren,
    spotSelection: next.spotSelection,
    visibility: next.visibility,
  };
}

/** The last day a weekly series should have classes for now: its end, or `weeksAhead` weeks from today. */
export function horizonOf(s: Pick<repo.SeriesRow, 'kind' | 'endDate' | 'weeksAhead'>, today: LocalDate): LocalDate {
  const rolling = addDays(today, s.weeksAhead * 7);
  if (s.endDate === null) return rolling;
  return s.kind === 'semester' ? (s.endDate as LocalDate) : minDate(s.endDate as LocalDate, rolling);
}

/** A dated class of an irregular schedule: its own end (retreats span days), or the series' duration. */
function slotOfDate(d: ScheduleDate, durationMin: number, timeZone: string, id: string): repo.NewSlot {
  const slot = slotAt(d.date as LocalDate, parseWallTime(d.startTime), durationMin, timeZone);
  const endsAt = d.endTime !== undefined ? wallTimeInstant((d.endDate ?? d.date) as LocalDate, parseWallTime(d.endTime), timeZone) : slot.endsAt;
  return { id, slotKey: id, localDate: slot.localDate, startsAt: slot.startsAt, endsAt };
}

const withIds = (slots: readonly Slot[]): repo.NewSlot[] =>
  slots.map((s) => ({ id: newId('occurrence'), slotKey: s.slotKey, localDate: s.localDate, startsAt: s.startsAt, endsAt: s.endsAt }));

export function createScheduleService(deps: ScheduleDeps) {
  const { database, studios, jobs, publicUrl } = deps;

  // ---------------------------------------------------------------- look-ups

  async function templateOrThrow(tx: Tx, ctx: Ctx, id: string) {
    const template = await repo.findTemplate(tx, ctx, id);
    if (!template) throw new ScheduleError('template_not_found', 'This class template does not exist.', [{ path: 'templateId', message: 'Unknown template.' }]);
    if (template.archivedAt) throw new ScheduleError('template_archived', 'This class template is archived.', [{ path: 'templateId', message: 'The template is archived.' }]);
    return template;
  }

  async function seriesOrThrow(tx: Tx, ctx: Ctx, id: string, lock = false) {
    const found = await repo.findSeries(tx, ctx, id, { lock });
    if (!found) throw seriesNotFound();
    return found;
  }

  /** A class that exists for staff: deleted ones are tombstones, never shown. */
  async function occurrenceOrThrow(tx: Tx, ctx: Ctx, id: string, lock = false) {
    const found = await repo.findOccurrence(tx, ctx, id, { lock });
    if (!found || found.status === 'deleted') throw occurrenceNotFound();
    return found;
  }

  async function teacherOrThrow(tx: Tx, ctx: Ctx, id: string | null, path = 'teacherId') {
    if (id === null) return;
    const user = await repo.findStaffUser(tx, ctx, id);
    if (!user || user.status !== 'active') throw new ScheduleError('teacher_not_found', 'The teacher must be an active staff member.', [{ path, message: 'Unknown or inactive staff member.' }]);
  }

  /**
   * Where a class happens decides its zone: the location's; an online class without a
   * location uses the studio's. A room must belong to the location.
   */
  async function placeOrThrow(tx: Tx, ctx: Ctx, p: { locationId: string | null; roomId: string | null; online: boolean }): Promise<{ timeZone: string }> {
    if (p.locationId === null) {
      if (!p.online) throw invalidSchedule('locationId', 'Choose a location, or make the class online.');
      if (p.roomId !== null) throw invalidSchedule('roomId', 'A room belongs to a location: choose the location too.');
      return { timeZone: (await studios.getStudioSettings(ctx, tx)).timeZone };
    }
    const location = await repo.findLocation(tx, ctx, p.locationId);
    if (!location) throw new ScheduleError('location_not_found', 'This location does not exist.', [{ path: 'locationId', message: 'Unknown location.' }]);
    if (location.archivedAt) throw invalidSchedule('locationId', 'This location is archived.');
    if (p.roomId !== null) {
      const room = await repo.findRoom(tx, ctx, p.roomId);
      if (!room) throw new ScheduleError('room_not_found', 'This room does not exist.', [{ path: 'roomId', message: 'Unknown room.' }]);
      if (room.locationId !== p.locationId) throw invalidSchedule('roomId', 'This room is in another location.');
      if (room.archivedAt) throw invalidSchedule('roomId', 'This room is archived.');
    }
    return { timeZone: location.timeZone };
  }

  async function shareUrls(tx: Tx, ctx: Ctx) {
    const { slug } = await studios.getStudioSettings(ctx, tx);
    const base = `${publicUrl}/s/${slug}`;
    const key = (s: { visibility: string; shareToken: string }) => (s.visibility === 'link' ? `?key=${encodeURIComponent(s.shareToken)}` : '');
    return {
      series: (s: repo.SeriesRow) => `${base}/series/${s.id}${key(s)}`,
      occurrence: (id: string, s: repo.SeriesRow) => `${base}/classes/${id}${key(s)}`,
    };
  }

  async function seriesDto(tx: Tx, ctx: Ctx, id: string): Promise<SeriesDto> {
    const s = await seriesOrThrow(tx, ctx, id);
    return toSeriesDto(s, (await shareUrls(tx, ctx)).series(s));
  }

  // ---------------------------------------------------------------- rules shared by the use cases

  /** Teachers change only the classes they teach (schedule:edit); admins and operators any. */
  function assertMayEdit(ctx: Ctx, o: { teacherId: string | null }) {
    if (isTeacher(ctx) && (o.teacherId === null || o.teacherId !== userIdOf(ctx))) throw notYourClass();
  }

  function assertChangeable(o: { status: string; startsAt: Date }, now: Date) {
    if (o.status === 'cancelled') throw new ScheduleError('occurrence_cancelled', 'This class is cancelled.');
    if (o.startsAt.getTime() <= now.getTime()) throw new ScheduleError('occurrence_in_past', 'This class has already started: it can no longer change.');
  }

  /** Finds the classes the planned ones would clash with; throws unless the caller confirmed them. */
  async function checkConflicts(tx: Tx, ctx: Ctx, planned: readonly PlannedClass[], confirmed: boolean, excludeIds: readonly string[] = []): Promise<ConflictDto[]> {
    const conflicts = toConflicts(await repo.findBusy(tx, ctx, planned, excludeIds));
    if (conflicts.length > 0 && !confirmed) {
      const message = describeConflicts(conflicts);
      throw new ScheduleError('schedule_conflict', message, [{ path: 'confirmConflicts', message }], { conflicts });
    }
    return conflicts;
  }

  async function publishAll(tx: Tx, ctx: Ctx, list: DomainEvent[]) {
    for (let i = 0; i < list.length; i += eventChunk) await publish(tx, ctx, ...list.slice(i, i + eventChunk));
  }

  /**
   * Inserts the slots the series lack and announces the new classes of each series in one
   * `class.scheduled.v2`, a few statements for any number of series (the daily job extends
   * hundreds at once); returns how many were new.
   */
  async function insertClasses(tx: Tx, ctx: Ctx, plans: readonly repo.SeriesSlots[], alsoPublish: DomainEvent[] = []): Promise<number> {
    const created = await repo.insertOccurrences(tx, ctx, plans);
    // One event per series, its new classes in it: consumers (video meetings) go through the list.
    const announced = created.map(({ series: s, slots }) =>
      scheduleEvent('class.scheduled.v2', s.id, {
        seriesId: s.id,
        occurrences: slots.map((o) => ({ occurrenceId: o.id, startsAt: iso(o.startsAt), endsAt: iso(o.endsAt) })),
      }),
    );
    await publishAll(tx, ctx, [...alsoPublish, ...announced]);
    return created.reduce((n, c) => n + c.slots.length, 0);
  }

  /** Slots of a weekly series from `from` to `until`, both clipped to the series' own dates. */
  function weeklySlots(s: repo.SeriesRow, from: LocalDate, until: LocalDate): Slot[] {
    return expandWeekly(
      { weekdays: s.weekdays, startMinutes: s.startMinutes, durationMin: s.durationMin, timeZone: s.timeZone, startDate: s.startDate as LocalDate, endDate: s.endDate as LocalDate | null },
      from,
      until,
    );
  }

  /**
   * What extending a weekly series to `untilDate` (its end date at most) takes: the slots from
   * today, or from the day after the series' classes reach if later — the daily job adds a day's
   * classes, not a year's worth of slots that exist. The insert skips any that exist anyway.
   */
  function extension(ctx: Ctx, s: repo.SeriesRow, untilDate: LocalDate) {
    const today = localDateOf(ctx.clock.now(), s.timeZone);
    const until = s.endDate ? minDate(untilDate, s.endDate as LocalDate) : untilDate;
    const reached = s.materialisedUntil ? maxDate(s.materialisedUntil as LocalDate, until) : until;
    let from = maxDate(s.startDate as LocalDate, today);
    if (s.materialisedUntil) from = maxDate(from, addDays(s.materialisedUntil as LocalDate, 1));
    return { series: s, slots: withIds(weeklySlots(s, from, until)), reached };
  }

  /** Makes the planned classes and records how far each series now reaches. */
  async function extend(tx: Tx, ctx: Ctx, plans: ReturnType<typeof extension>[]): Promise<number> {
    const created = await insertClasses(tx, ctx, plans);
    await repo.setMaterialisedUntil(
      tx,
      ctx,
      plans.filter((p) => p.reached !== p.series.materialisedUntil).map((p) => ({ id: p.series.id, date: p.reached })),
    );
    return created;
  }

  /**
   * Makes the classes of a weekly series up to `untilDate` (its end date at most), from today
   * on, and records how far it got. Idempotent: a slot that exists — even cancelled or deleted —
   * is never made again. Returns how many classes were new.
   */
  async function materialiseSeries(tx: Tx, ctx: Ctx, seriesId: string, untilDate: LocalDate): Promise<number> {
    const s = await seriesOrThrow(tx, ctx, seriesId, true);
    if (s.pattern !== 'weekly') return 0;
    return extend(tx, ctx, [extension(ctx, s, untilDate)]);
  }

  /** The daily job's work for one studio: every rolling series is extended to its horizon. */
  async function materialiseStudio(tx: Tx, ctx: Ctx): Promise<{ series: number; created: number }> {
    const plans = (await repo.listRollingSeries(tx, ctx))
      .map((s) => ({ s, horizon: horizonOf(s, localDateOf(ctx.clock.now(), s.timeZone)) }))
      .filter(({ s, horizon }) => !s.materialisedUntil || compareLocalDates(s.materialisedUntil as LocalDate, horizon) < 0)
      .map(({ s, horizon }) => extension(ctx, s, horizon));
    return { series: plans.length, created: await extend(tx, ctx, plans) };
  }

  // ---------------------------------------------------------------- jobs

  const systemCtx = (studioId: string, jobCtx: JobCtx): Ctx => ({ studioId: studioId as StudioId, actor: { kind: 'system' }, clock: jobCtx.clock, requestId: jobCtx.jobId });

  const materialiseStudioJob = defineMaterialiseStudioJob(async (payload, jobCtx): Promise<JobResult> => {
    const result = await withStudio(database, payload.studioId as StudioId, (tx) => materialiseStudio(tx, systemCtx(payload.studioId, jobCtx)));
    return result.series > 0 ? 'done' : 'skipped';
  });
  const materialiseAllJob = defineMaterialiseAllJob(async (payload): Promise<JobResult> => {
    const queued = await withSystem(database, async (tx) => {
      const studioIds = await repo.studiosWithRollingSeries(tx);
      const items = studioIds.map((studioId) => ({ payload: { studioId, date: payload.date }, dedupeKey: materialiseDedupeKey({ studioId, date: payload.date }) }));
      return jobs.enqueueMany(tx, materialiseStudioJobName, items);
    });
    return queued > 0 ? 'done' : 'skipped';
  });
  jobs.register(materialiseStudioJob);
  jobs.register(materialiseAllJob);

  // ---------------------------------------------------------------- the service

  return {
    materialiseSeries,
    materialiseStudio,

    /**
     * Creates a series from a template and makes its classes at once: a weekly one up to
     * `weeksAhead` weeks from today (a semester to its end), an irregular one on each date.
     * A teacher or room already busy then is a `schedule_conflict` unless confirmed.
     */
    async createSeries(ctx: Ctx, input: CreateSeries): Promise<CreateSeriesResult> {
      const data = parseOrThrow(createSeriesSchema, input);
      const shapeErrors = checkSeriesShape(data);
      if (shapeErrors.length > 0) throw new ScheduleError('invalid_schedule', shapeErrors[0]!.message, shapeErrors);
      return inStudioTx(database, ctx.studioId, undefined, async (tx) => {
        const template = await templateOrThrow(tx, ctx, data.templateId);
        const { timeZone } = await placeOrThrow(tx, ctx, data);
        await teacherOrThrow(tx, ctx, data.teacherId);
        if (data.online) await assertVideoReady(tx, ctx, data.videoProvider);
        const durationMin = data.durationMin ?? template.defaultDurationMin;
        const dates = [...data.dates].sort((a, b) => a.date.localeCompare(b.date) || a.startTime.localeCompare(b.startTime));
        const weekly = data.pattern === 'weekly';
        const row: repo.SeriesRow = {
          studioId: ctx.studioId,
          id: newId('series'),
          templateId: template.id,
          kind: data.kind,
          // A private class is booked only through its link.
          visibility: data.kind === 'private' ? 'link' : data.visibility,
          shareToken: randomToken(),
          pattern: data.pattern,
          weekdays: weekly ? [...data.weekdays].sort() : [],
          startMinutes: weekly ? data.startTimes.map(parseWallTime) : [],
          durationMin,
          timeZone,
          startDate: weekly ? data.startDate! : dates[0]!.date,
          endDate: weekly ? data.endDate : dates.map((d) => d.endDate ?? d.date).sort().at(-1)!,
          weeksAhead: data.weeksAhead,
          materialisedUntil: null,
          teacherId: data.teacherId,
          locationId: data.locationId,
          roomId: data.roomId,
          online: data.online,
          videoProvider: data.videoProvider,
          videoUrl: data.videoUrl,
          capacity: data.capacity ?? template.defaultCapacity,
          priceMinor: data.priceMinor,
          salesCutoffMin: data.salesCutoffMin,
          bookingWindowDays: data.bookingWindowDays,
          allowChildren: data.allowChildren,
          spotSelection: data.spotSelection,
          splitFromSeriesId: null,
          createdBy: userIdOf(ctx),
          createdAt: ctx.clock.now(),
          updatedAt: ctx.clock.now(),
        };
        const horizon = weekly ? horizonOf(row, localDateOf(ctx.clock.now(), timeZone)) : null;
        const slots = weekly ? withIds(weeklySlots(row, row.startDate as LocalDate, horizon!)) : dates.map((d) => slotOfDate(d, durationMin, timeZone, newId('occurrence')));
        const planned = slots.map((s) => ({ occurrenceId: null, startsAt: s.startsAt, endsAt: s.endsAt, teacherId: row.teacherId, roomId: row.roomId }));
        const conflicts = await checkConflicts(tx, ctx, planned, data.confirmConflicts);
        await repo.insertSeries(tx, { ...row, materialisedUntil: horizon });
        const created = scheduleEvent('class_series.created.v1', row.id, { seriesId: row.id, templateId: row.templateId, kind: row.kind, pattern: row.pattern });
        const occurrencesCreated = await insertClasses(tx, ctx, [{ series: row, slots }], [created]);
        const saved = { ...row, materialisedUntil: horizon, name: template.name };
        return { series: toSeriesDto(saved, (await shareUrls(tx, ctx)).series(saved)), occurrencesCreated, conflicts };
      });
    },

    async listSeries(ctx: Ctx, query: ListSeriesQuery): Promise<SeriesDto[]> {
      const q = parseOrThrow(listSeriesQuerySchema, query);
      return inStudioTx(database, ctx.studioId, undefined, async (tx) => {
        const urls = await shareUrls(tx, ctx);
        return (await repo.listSeries(tx, ctx, q)).map((s) => toSeriesDto(s, urls.series(s)));
      });
    },

    async getSeries(ctx: Ctx, id: string): Promise<SeriesDto> {
      return inStudioTx(database, ctx.studioId, undefined, (tx) => seriesDto(tx, ctx, id));
    },

    /** Adds one date to an irregular series (a course's or challenge's next session). */
    async addSeriesDate(ctx: Ctx, seriesId: string, input: AddSeriesDate): Promise<AddSeriesDateResult> {
      const data = parseOrThrow(addSeriesDateSchema, input);
      return inStudioTx(database, ctx.studioId, undefined, async (tx) => {
        const s = await seriesOrThrow(tx, ctx, seriesId, true);
        if (s.pattern !== 'dates') throw invalidSchedule('date', 'Dates are added to an irregular schedule only; a weekly one follows its pattern.');
        const endProblem = dateEndProblem(data);
        if (endProblem) throw invalidSchedule('endTime', endProblem);
        const slot = slotOfDate(data, s.durationMin, s.timeZone, newId('occurrence'));
        if (slot.startsAt.getTime() <= ctx.clock.now().getTime()) throw invalidSchedule('date', 'A new date must be in the future.');
        const conflicts = await checkConflicts(tx, ctx, [{ occurrenceId: null, ...slot, teacherId: s.teacherId, roomId: s.roomId }], data.confirmConflicts);
        await insertClasses(tx, ctx, [{ series: s, slots: [slot] }]);
        const endDate = (data.endDate ?? data.date) as LocalDate;
        await repo.updateSeries(tx, ctx, s.id, {
          startDate: minDate(s.startDate as LocalDate, data.date as LocalDate),
          endDate: s.endDate ? maxDate(s.endDate as LocalDate, endDate) : endDate,
        });
        return { occurrence: toOccurrenceDto((await repo.findOccurrence(tx, ctx, slot.id))!), conflicts };
      });
    },

    /** The staff calendar: at most 62 days at a time, never deleted classes; a teacher sees only their own. */
    async listOccurrences(ctx: Ctx, query: ListOccurrencesQuery): Promise<OccurrenceDto[]> {
      const q = parseOrThrow(listOccurrencesQuerySchema, query);
      const from = new Date(q.from);
      const to = new Date(q.to);
      if (to.getTime() <= from.getTime()) throw invalidSchedule('to', 'The end of the range must come after its start.');
      if (to.getTime() - from.getTime() > maxListDays * 24 * 60 * minuteMs) throw invalidSchedule('to', `Ask for at most ${maxListDays} days at a time.`);
      const teacherId = isTeacher(ctx) ? (userIdOf(ctx) ?? '-') : q.teacherId;
      return inStudioTx(database, ctx.studioId, undefined, async (tx) =>
        (await repo.listOccurrences(tx, ctx, { ...q, from, to, teacherId, includeCancelled: q.includeCancelled === 'true' })).map(toOccurrenceDto),
      );
    },

    async getOccurrence(ctx: Ctx, id: string, tx?: Tx): Promise<OccurrenceDetailDto> {
      return inStudioTx(database, ctx.studioId, tx, (t) => occurrenceDetail(t, ctx, id));
    },

    /**
     * Edits one class. Times are wall times in the class's zone (the new location's if it
     * moves). A class that has started, or is cancelled, no longer changes. A teacher edits
     * only their own classes and can't hand one to someone else.
     */
    async updateOccurrence(ctx: Ctx, id: string, input: UpdateOccurrence): Promise<OccurrenceDetailDto> {
      const data = parseOrThrow(updateOccurrenceSchema, input);
      return inStudioTx(database, ctx.studioId, undefined, async (tx) => {
        const o = await occurrenceOrThrow(tx, ctx, id, true);
        assertMayEdit(ctx, o);
        if (isTeacher(ctx) && data.teacherId !== undefined && data.teacherId !== o.teacherId) throw notYourClass();
        const now = ctx.clock.now();
        assertChangeable(o, now);
        const s = await seriesOrThrow(tx, ctx, o.seriesId);
        const locationId = data.locationId !== undefined ? data.locationId : o.locationId;
        const movedLocation = locationId !== o.locationId;
        const roomId = data.roomId !== undefined ? data.roomId : movedLocation ? null : o.roomId;
        const online = data.online ?? o.online;
        const teacherId = data.teacherId !== undefined ? data.teacherId : o.teacherId;
        const place = await placeOrThrow(tx, ctx, { locationId, roomId, online });
        const timeZone = movedLocation ? place.timeZone : o.timeZone;
        if (teacherId !== o.teacherId) await teacherOrThrow(tx, ctx, teacherId);
        const wall = wallClockOf(o.startsAt, o.timeZone);
        const date = (data.date ?? wall.date) as LocalDate;
        const startsAt = wallTimeInstant(date, parseWallTime(data.startTime ?? wall.time), timeZone);
        const endsAt = new Date(startsAt.getTime() + (data.durationMin ?? durationOf(o)) * minuteMs);
        if (startsAt.getTime() <= now.getTime()) throw invalidSchedule(data.date ? 'date' : 'startTime', 'A class cannot be moved into the past.');
        const capacity = data.capacity ?? o.capacity;
        if (capacity < o.bookedCount) throw invalidSchedule('capacity', `${o.bookedCount} people are booked: the capacity can't be lower.`);
        const next = { startsAt, endsAt, teacherId, locationId, roomId, capacity, online, videoUrl: data.videoUrl !== undefined ? data.videoUrl : o.videoUrl, timeZone };
        const changed = (Object.keys(next) as (keyof typeof next)[]).filter((k) => {
          const before = o[k];
          const after = next[k];
          return before instanceof Date && after instanceof Date ? before.getTime() !== after.getTime() : before !== after;
        });
        if (changed.length === 0) return occurrenceDetail(tx, ctx, id);
        if (changed.some((k) => ['startsAt', 'endsAt', 'teacherId', 'roomId'].includes(k))) {
          await checkConflicts(tx, ctx, [{ occurrenceId: o.id, startsAt, endsAt, teacherId, roomId }], data.confirmConflicts);
        }
        const substitutedFor = teacherId === o.teacherId ? o.substitutedFor : teacherId === s.teacherId ? null : s.teacherId;
        await repo.updateOccurrence(tx, ctx, o.id, { ...next, localDate: date, substitutedFor });
        await publish(tx, ctx, scheduleEvent('class.updated.v1', o.id, { occurrenceId: o.id, seriesId: o.seriesId, changed, startsAt: iso(startsAt), endsAt: iso(endsAt) }));
        return occurrenceDetail(tx, ctx, id);
      });
    },

    /** Another teacher takes one class; the series' teacher is remembered as the one substituted for. */
    async substituteTeacher(ctx: Ctx, id: string, input: Substitute): Promise<OccurrenceDetailDto> {
      const data = parseOrThrow(substituteSchema, input);
      return inStudioTx(database, ctx.studioId, undefined, async (tx) => {
        const o = await occurrenceOrThrow(tx, ctx, id, true);
        assertChangeable(o, ctx.clock.now());
        await teacherOrThrow(tx, ctx, data.teacherId);
        if (data.teacherId === o.teacherId) return occurrenceDetail(tx, ctx, id);
        const s = await seriesOrThrow(tx, ctx, o.seriesId);
        await checkConflicts(tx, ctx, [{ occurrenceId: o.id, startsAt: o.startsAt, endsAt: o.endsAt, teacherId: data.teacherId, roomId: null }], data.confirmConflicts);
        const substitutedFor = data.teacherId === s.teacherId ? null : s.teacherId;
        await repo.updateOccurrence(tx, ctx, o.id, { teacherId: data.teacherId, substitutedFor });
        await publish(tx, ctx, scheduleEvent('class.teacher_substituted.v1', o.id, { occurrenceId: o.id, teacherId: data.teacherId, previousTeacherId: o.teacherId }));
        return occurrenceDetail(tx, ctx, id);
      });
    },

    /** Cancels one class with an optional note to customers; booking refunds and messaging notifies from the event. */
    async cancelOccurrence(ctx: Ctx, id: string, input: CancelOccurrence): Promise<OccurrenceDetailDto> {
      const data = parseOrThrow(cancelOccurrenceSchema, input);
      return inStudioTx(database, ctx.studioId, undefined, async (tx) => {
        const o = await occurrenceOrThrow(tx, ctx, id, true);
        assertChangeable(o, ctx.clock.now());
        await repo.updateOccurrence(tx, ctx, o.id, { status: 'cancelled', cancelledAt: ctx.clock.now(), cancelledBy: userIdOf(ctx), cancelNote: data.note || null });
        await publish(tx, ctx, scheduleEvent('class.cancelled.v1', o.id, { occurrenceId: o.id, seriesId: o.seriesId, startsAt: iso(o.startsAt), note: data.note }));
        return occurrenceDetail(tx, ctx, id);
      });
    },

    /** Deletes a class nobody booked; its row stays as a tombstone so the series never makes it again. */
    async deleteOccurrence(ctx: Ctx, id: string): Promise<void> {
      await inStudioTx(database, ctx.studioId, undefined, async (tx) => {
        const o = await occurrenceOrThrow(tx, ctx, id, true);
        if (o.bookedCount > 0) throw new ScheduleError('occurrence_has_bookings', 'People are booked into this class: cancel it instead.');
        if (o.status !== 'scheduled') throw new ScheduleError('occurrence_cancelled', 'This class is cancelled: it stays on record.');
        await repo.updateOccurrence(tx, ctx, o.id, { status: 'deleted', deletedAt: ctx.clock.now() });
        await publish(tx, ctx, scheduleEvent('class.deleted.v1', o.id, { occurrenceId: o.id, seriesId: o.seriesId }));
      });
    },

    /**
     * "Edit recurring schedule" from this class on. A weekly series is split: the old one ends
     * the day before, a new one carries on with the changes, and the classes ahead move to it
     * with only the changed fields applied. An irregular series takes the changes in place,
     * on every class ahead. Past classes never change.
     */
    async editFollowing(ctx: Ctx, occurrenceId: string, input: EditFollowing): Promise<EditFollowingResult> {
      const data = parseOrThrow(editFollowingSchema, input);
      return inStudioTx(database, ctx.studioId, undefined, async (tx) => {
        const o = await occurrenceOrThrow(tx, ctx, occurrenceId, true);
        if (!actorCan(ctx.actor, 'schedule:write')) throw notYourClass();
        if (o.startsAt.getTime() <= ctx.clock.now().getTime()) throw new ScheduleError('occurrence_in_past', 'This class has already started: edit from a later one.');
        const s = await seriesOrThrow(tx, ctx, o.seriesId, true);
        const { confirmConflicts, ...edit } = data;
        const changed = changedKeys(settingsOf(s), edit as Partial<SeriesSettings>);
        if (edit.online ?? s.online) await assertVideoReady(tx, ctx, edit.videoProvider ?? (s.videoProvider as VideoProvider));
        if (changed.length === 0) return { series: await seriesDto(tx, ctx, s.id), updated: 0, kept: [], conflicts: [] };
        return s.pattern === 'weekly'
          ? splitSeries(tx, ctx, s, o, edit, changed, confirmConflicts)
          : editDatesSeries(tx, ctx, s, edit, changed, confirmConflicts);
      });
    },
  };

  async function occurrenceDetail(tx: Tx, ctx: Ctx, id: string): Promise<OccurrenceDetailDto> {
    const o = await occurrenceOrThrow(tx, ctx, id);
    const s = await seriesOrThrow(tx, ctx, o.seriesId);
    const urls = await shareUrls(tx, ctx);
    const own = !isTeacher(ctx) || (o.teacherId !== null && o.teacherId === userIdOf(ctx));
    const canEdit = actorCan(ctx.actor, 'schedule:edit') && own && o.status === 'scheduled';
    return {
      ...toOccurrenceDto(o),
      description: o.description,
      welcomeMessage: o.welcomeMessage,
      series: toSeriesDto(s, urls.series(s)),
      videoStatus: o.videoStatus as OccurrenceDetailDto['videoStatus'],
      videoUrl: o.videoUrl,
      videoError: o.videoError,
      cancelledAt: o.cancelledAt ? iso(o.cancelledAt) : null,
      canDelete: o.bookedCount === 0 && o.status === 'scheduled',
      canEdit,
      shareUrl: urls.occurrence(o.id, s),
    };
  }

  /** The settings of the series after an edit, and the place (and so zone) they imply. */
  async function nextSettings(tx: Tx, ctx: Ctx, s: repo.SeriesRow, edit: Partial<SeriesSettings>) {
    const next: SeriesSettings = { ...settingsOf(s), ...(Object.fromEntries(Object.entries(edit).filter(([, v]) => v !== undefined)) as Partial<SeriesSettings>) };
    if (edit.locationId !== undefined && edit.locationId !== s.locationId && edit.roomId === undefined) next.roomId = null;
    const { timeZone } = await placeOrThrow(tx, ctx, next);
    if (next.teacherId !== s.teacherId) await teacherOrThrow(tx, ctx, next.teacherId);
    if (s.kind === 'private') next.visibility = 'link';
    return { next, timeZone };
  }

  async function splitSeries(
    tx: Tx,
    ctx: Ctx,
    s: repo.SeriesView,
    o: repo.OccurrenceView,
    edit: Partial<SeriesSettings>,
    changed: string[],
    confirmConflicts: boolean,
  ): Promise<EditFollowingResult> {
    const now = ctx.clock.now();
    const fromDate = o.localDate as LocalDate;
    const { next, timeZone } = await nextSettings(tx, ctx, s, edit);
    if (next.endDate !== null && compareLocalDates(next.endDate as LocalDate, fromDate) < 0) throw invalidSchedule('endDate', 'The end date is before this class.');
    if (new Set(next.startTimes).size !== next.startTimes.length) throw invalidSchedule('startTimes', 'A start time is listed twice.');
    const newSeries: repo.SeriesRow = {
      ...s,
      id: newId('series'),
      shareToken: randomToken(),
      weekdays: [...next.weekdays].sort(),
      startMinutes: next.startTimes.map(parseWallTime),
      ...seriesRowSettings(next, timeZone),
      startDate: fromDate,
      endDate: next.endDate,
      weeksAhead: next.weeksAhead,
      materialisedUntil: null,
      splitFromSeriesId: s.id,
      createdBy: userIdOf(ctx),
    };
    const ahead = await repo.listClassesAhead(tx, ctx, s.id, fromDate, now);
    const { moves, deletes, kept } = planSplit(ahead, s, { ...newSeries, seriesId: newSeries.id }, changed, wallTimeInstant);
    const tooSmall = moves.find((m) => m.cls.bookedCount > (m.patch.capacity ?? m.cls.capacity));
    if (tooSmall) throw invalidSchedule('capacity', `${tooSmall.cls.bookedCount} people are booked into a class ahead: the capacity can't be lower.`);

    const horizon = horizonOf(newSeries, localDateOf(now, timeZone));
    const taken = new Set(moves.map((m) => m.patch.slotKey));
    // Slots of the first day that have already started belong to the old series' past.
    const fresh = withIds(weeklySlots(newSeries, fromDate, horizon).filter((slot) => !taken.has(slot.slotKey) && slot.startsAt.getTime() > now.getTime()));
    const planned: PlannedClass[] = [
      ...moves
        .filter((m) => m.cls.status === 'scheduled' && m.changed.some((f) => ['startsAt', 'endsAt', 'teacherId', 'roomId'].includes(f)))
        .map((m) => ({ occurrenceId: m.cls.id, ...m.after })),
      ...fresh.map((slot) => ({ occurrenceId: null, startsAt: slot.startsAt, endsAt: slot.endsAt, teacherId: newSeries.teacherId, roomId: newSeries.roomId })),
    ];
    const conflicts = await checkConflicts(tx, ctx, planned, confirmConflicts, moves.map((m) => m.cls.id));

    const oldEnd = addDays(fromDate, -1);
    await repo.updateSeries(tx, ctx, s.id, {
      endDate: oldEnd,
      materialisedUntil: s.materialisedUntil ? minDate(s.materialisedUntil as LocalDate, oldEnd) : oldEnd,
    });
    const { name: _name, ...insertable } = newSeries as repo.SeriesView;
    await repo.insertSeries(tx, { ...insertable, materialisedUntil: horizon, createdAt: now, updatedAt: now });
    const events: DomainEvent[] = [scheduleEvent('class_series.split.v1', s.id, { seriesId: s.id, newSeriesId: newSeries.id, fromDate, changed })];
    for (const m of moves) {
      await repo.updateOccurrence(tx, ctx, m.cls.id, m.patch);
      if (m.cls.status === 'scheduled' && m.changed.length > 0) {
        events.push(scheduleEvent('class.updated.v1', m.cls.id, { occurrenceId: m.cls.id, seriesId: newSeries.id, changed: m.changed, startsAt: iso(m.after.startsAt), endsAt: iso(m.after.endsAt) }));
      }
    }
    for (const d of deletes) {
      await repo.updateOccurrence(tx, ctx, d.id, { status: 'deleted', deletedAt: now });
      events.push(scheduleEvent('class.deleted.v1', d.id, { occurrenceId: d.id, seriesId: s.id }));
    }
    await publishAll(tx, ctx, events);
    await insertClasses(tx, ctx, [{ series: newSeries, slots: fresh }]);
    const keptViews = await repo.findOccurrenceViews(tx, ctx, kept.map((k) => k.id));
    return { series: await seriesDto(tx, ctx, newSeries.id), updated: moves.filter((m) => m.cls.status === 'scheduled').length, kept: keptViews.map(toOccurrenceDto), conflicts };
  }

  /** An irregular series has no pattern to split: its settings change in place, on every class ahead. */
  async function editDatesSeries(
    tx: Tx,
    ctx: Ctx,
    s: repo.SeriesView,
    edit: Partial<SeriesSettings>,
    changed: string[],
    confirmConflicts: boolean,
  ): Promise<EditFollowingResult> {
    const patternOnly = changed.find((f) => ['weekdays', 'startTimes', 'endDate', 'weeksAhead'].includes(f));
    if (patternOnly) throw invalidSchedule(patternOnly, 'An irregular schedule has no weekly pattern: edit its dates one by one.');
    const { next, timeZone } = await nextSettings(tx, ctx, s, edit);
    const now = ctx.clock.now();
    const ahead = await repo.listScheduledAhead(tx, ctx, s.id, now);
    const fields = [...occurrenceFields.filter((f) => changed.includes(f)), ...(changed.includes('durationMin') ? ['endsAt' as const] : [])];
    const patchOf = (cls: repo.OccurrenceRow): Partial<repo.OccurrenceRow> => {
      const patch: Partial<repo.OccurrenceRow> = {};
      for (const f of occurrenceFields) if (changed.includes(f)) Object.assign(patch, { [f]: next[f] });
      if (changed.includes('teacherId')) patch.substitutedFor = null;
      if (changed.includes('durationMin')) patch.endsAt = new Date(cls.startsAt.getTime() + next.durationMin * minuteMs);
      if (timeZone !== s.timeZone) patch.timeZone = timeZone;
      return patch;
    };
    const tooSmall = ahead.find((cls) => cls.bookedCount > next.capacity);
    if (tooSmall) throw invalidSchedule('capacity', `${tooSmall.bookedCount} people are booked into a class ahead: the capacity can't be lower.`);
    const planned = ahead.map((cls) => {
      const p = patchOf(cls);
      return { occurrenceId: cls.id, startsAt: cls.startsAt, endsAt: p.endsAt ?? cls.endsAt, teacherId: next.teacherId, roomId: next.roomId };
    });
    const conflicts = changed.some((f) => ['teacherId', 'roomId', 'locationId', 'durationMin'].includes(f)) ? await checkConflicts(tx, ctx, planned, confirmConflicts, ahead.map((c) => c.id)) : [];
    await repo.updateSeries(tx, ctx, s.id, seriesRowSettings(next, timeZone));
    const events: DomainEvent[] = [scheduleEvent('class_series.updated.v1', s.id, { seriesId: s.id, changed })];
    if (fields.length > 0) {
      for (const cls of ahead) {
        const patch = patchOf(cls);
        await repo.updateOccurrence(tx, ctx, cls.id, patch);
        events.push(scheduleEvent('class.updated.v1', cls.id, { occurrenceId: cls.id, seriesId: s.id, changed: fields, startsAt: iso(cls.startsAt), endsAt: iso(patch.endsAt ?? cls.endsAt) }));
      }
    }
    await publishAll(tx, ctx, events);
    return { series: await seriesDto(tx, ctx, s.id), updated: fields.length > 0 ? ahead.length : 0, kept: [], conflicts };
  }
}

export type ScheduleService = ReturnType<typeof createScheduleService>;
