import { systemClock, type Clock } from '../../../kernel/clock.ts';
import type { Ctx } from '../../../kernel/ctx.ts';
import type { StudioId } from '../../../kernel/ids.ts';
import type { Database, Tx } from '../../../platform/db/client.ts';
import { withStudio, withSystem } from '../../../platform/db/tx.ts';
import type { StoredEvent } from '../../../platform/events/publish.ts';
import { PermanentJobError, type JobCtx, type JobResult, type Jobs } from '../../../platform/jobs/index.ts';
import { parseOrThrow } from '../../../platform/validation.ts';
import type { CustomersService } from '../../customers/index.ts';
import { ScheduleError, occurrenceNotFound } from '../errors.ts';
import { connectVideoAccountSchema, type ConnectVideoAccount, type JoinLinkDto, type VideoAccountDto } from './contracts.ts';
import { defineMeetingJobs, defineSweepJob, type MeetingJobPayload, type SweepPayload } from './jobs.ts';
import { horizonEnd, meetingAction, wantsMeeting } from './meeting-action.ts';
import { VideoProviderError } from './provider.ts';
import * as repo from './repo.ts';
import { createZoomClient, ZoomTokenCache, type ZoomEndpoints } from './zoom.ts';

/**
 * Whether a customer is booked in an occurrence: the booking module registers the real check
 * with `setAttendanceCheck` at start-up. Runs in the caller's transaction.
 */
export type AttendanceCheck = (tx: Tx, ctx: Ctx, occurrenceId: string, customerId: string) => Promise<boolean>;

export interface VideoDeps {
  database: Database;
  jobs: Jobs;
  /** Finds the signed-in customer's profile (the session names the login, not the profile). */
  customers: Pick<CustomersService, 'getOwnProfile'>;
  zoom: ZoomEndpoints;
  clock?: Clock;
}

export const connectZoomFirst = 'Connect Zoom first (Settings › Online classes): no meeting was made for this class.';

const durationMin = (s: repo.MeetingSubject) => Math.max(1, Math.round((s.endsAt.getTime() - s.startsAt.getTime()) / 60_000));
const iso = (d: Date) => d.toISOString();
/** Occurrences read per query when one event names many (bind parameters stay few). */
const subjectChunk = 1_000;

/**
 * Refuses a Zoom class while the studio has no Zoom account (409 video_not_connected, on the
 * `videoProvider` field). The core schedule service calls it when a series is created or
 * switched to Zoom, in its own transaction.
 */
export async function assertVideoReady(tx: Tx, ctx: Ctx, provider: 'none' | 'zoom'): Promise<void> {
  if (provider !== 'zoom') return;
  if (await repo.findAccount(tx, ctx)) return;
  const message = 'Connect Zoom under Settings › Online classes before scheduling Zoom classes, or paste a link instead.';
  throw new ScheduleError('video_not_connected', message, [{ path: 'videoProvider', message }]);
}

export function createVideoService(deps: VideoDeps) {
  const { database, jobs } = deps;
  const clock = deps.clock ?? systemClock;
  const tokens = new ZoomTokenCache();
  let attendanceCheck: AttendanceCheck = async () => false;

  const zoomFor = (account: repo.VideoAccountRow, jobClock: Clock = clock) =>
    createZoomClient(deps.zoom, { accountId: account.accountId, clientId: account.clientId, clientSecret: account.clientSecret }, { clock: jobClock, cache: tokens });

  const systemCtx = (studioId: string, jobCtx: JobCtx): Ctx => ({ studioId: studioId as StudioId, actor: { kind: 'system' }, clock: jobCtx.clock, requestId: jobCtx.jobId });

  async function load(ctx: Ctx, occurrenceId: string) {
    return withStudio(database, ctx.studioId, async (tx) => ({
      subject: await repo.findMeetingSubject(tx, ctx, occurrenceId),
      account: await repo.findAccount(tx, ctx),
    }));
  }

  /**
   * A provider failure in a job: transient ones are retried (thrown as they are) until the last
   * attempt; then, and for permanent ones, the message is recorded where staff see it — on the
   * class (its video error) and on the account (last error) — and the job fails.
   */
  async function recordFailure(err: unknown, ctx: Ctx, jobCtx: JobCtx, occurrenceId: string | null, prefix: string): Promise<never> {
    if (!(err instanceof VideoProviderError)) throw err;
    if (err.transient && !jobCtx.isLastAttempt) throw err;
    const message = `${prefix}${err.message}`.slice(0, 1000);
    await withStudio(database, ctx.studioId, async (tx) => {
      if (occurrenceId) await repo.setVideoState(tx, ctx, occurrenceId, { videoStatus: 'failed', videoError: message }, ctx.clock.now());
      await repo.setAccountError(tx, ctx, message, ctx.clock.now());
    });
    if (err.transient) throw err;
    throw new PermanentJobError(message);
  }

  async function createMeeting(payload: MeetingJobPayload, jobCtx: JobCtx): Promise<JobResult> {
    const ctx = systemCtx(payload.studioId, jobCtx);
    const { subject, account } = await load(ctx, payload.occurrenceId);
    if (!subject || !wantsMeeting(subject) || subject.videoMeetingId) return 'skipped';
    if (!account) {
      await withStudio(database, ctx.studioId, (tx) =>
        repo.setVideoState(tx, ctx, subject.id, { videoStatus: 'failed', videoError: connectZoomFirst }, ctx.clock.now()),
      );
      return 'done';
    }
    const zoom = zoomFor(account, jobCtx.clock);
    const request = { topic: subject.name, startsAt: subject.startsAt, durationMin: durationMin(subject), timeZone: subject.timeZone };
    const meeting = await zoom.createMeeting({ ...request, idempotencyKey: subject.id }).catch((err: unknown) => recordFailure(err, ctx, jobCtx, subject.id, ''));
    const outcome = await withStudio(database, ctx.studioId, async (tx) => {
      const current = await repo.findMeetingSubject(tx, ctx, subject.id, { lock: true });
      // Cancelled, no longer online, or another attempt saved its meeting first: this one is not needed.
      if (!current || !wantsMeeting(current) || current.videoMeetingId) return 'unneeded' as const;
      await repo.setVideoState(tx, ctx, subject.id, { videoStatus: 'ready', videoMeetingId: meeting.meetingId, videoUrl: meeting.joinUrl, videoError: null }, ctx.clock.now());
      await repo.setAccountError(tx, ctx, null, ctx.clock.now());
      // Moved while the meeting was being made: move the meeting too.
      if (current.startsAt.getTime() !== subject.startsAt.getTime() || current.endsAt.getTime() !== subject.endsAt.getTime()) {
        await jobs.enqueue(tx, meetingJobs.update, { studioId: payload.studioId, occurrenceId: subject.id }, { dedupeKey: `${subject.id}:${meeting.meetingId}:moved` });
      }
      return 'saved' as const;
    });
    if (outcome === 'unneeded') {
      await zoom.deleteMeeting(meeting.meetingId).catch((err: unknown) => recordFailure(err, ctx, jobCtx, null, 'An unneeded Zoom meeting could not be deleted: '));
      return 'skipped';
    }
    return 'done';
  }

  async function updateMeeting(payload: MeetingJobPayload, jobCtx: JobCtx): Promise<JobResult> {
    const ctx = systemCtx(payload.studioId, jobCtx);
    const { subject, account } = await load(ctx, payload.occurrenceId);
    if (!subject || !subject.videoMeetingId || !wantsMeeting(subject) || !account) return 'skipped';
    const request = { topic: subject.name, startsAt: subject.startsAt, durationMin: durationMin(subject), timeZone: subject.timeZone };
    await zoomFor(account, jobCtx.clock)
      .updateMeeting(subject.videoMeetingId, request)
      .catch((err: unknown) => recordFailure(err, ctx, jobCtx, subject.id, 'The Zoom meeting could not be moved: '));
    await withStudio(database, ctx.studioId, async (tx) => {
      if (subject.videoStatus === 'failed') await repo.setVideoState(tx, ctx, subject.id, { videoStatus: 'ready', videoError: null }, ctx.clock.now());
      await repo.setAccountError(tx, ctx, null, ctx.clock.now());
    });
    return 'done';
  }

  async function removeMeeting(payload: MeetingJobPayload, jobCtx: JobCtx): Promise<JobResult> {
    const ctx = systemCtx(payload.studioId, jobCtx);
    const { subject, account } = await load(ctx, payload.occurrenceId);
    if (!subject || !subject.videoMeetingId || wantsMeeting(subject) || !account) return 'skipped';
    const meetingId = subject.videoMeetingId;
    await zoomFor(account, jobCtx.clock)
      .deleteMeeting(meetingId)
      .catch((err: unknown) => recordFailure(err, ctx, jobCtx, null, 'A Zoom meeting could not be deleted: '));
    await withStudio(database, ctx.studioId, async (tx) => {
      const current = await repo.findMeetingSubject(tx, ctx, subject.id, { lock: true });
      if (current?.videoMeetingId !== meetingId) return;
      await repo.setVideoState(tx, ctx, subject.id, { videoStatus: 'none', videoMeetingId: null, videoUrl: null, videoError: null }, ctx.clock.now());
    });
    return 'done';
  }

  const meetingJobs = defineMeetingJobs({ create: createMeeting, update: updateMeeting, remove: removeMeeting });
  for (const job of Object.values(meetingJobs)) jobs.register(job);

  /** Queues the meetings of every studio's Zoom classes that came within the horizon since the last sweep. */
  async function sweepMeetings(payload: SweepPayload, jobCtx: JobCtx): Promise<JobResult> {
    const now = jobCtx.clock.now();
    let queued = 0;
    for (const studioId of await withSystem(database, (tx) => repo.studiosWithAccount(tx))) {
      const ctx = systemCtx(studioId, jobCtx);
      queued += await withStudio(database, ctx.studioId, async (tx) => {
        const due = await repo.zoomClassesWithoutMeeting(tx, ctx, { videoStatus: 'none', after: now, until: horizonEnd(now), limit: 2_000 });
        for (const { id } of due) {
          await repo.setVideoState(tx, ctx, id, { videoStatus: 'pending', videoError: null }, now);
          await jobs.enqueue(tx, meetingJobs.create, { studioId, occurrenceId: id }, { dedupeKey: `${id}@${payload.slot}` });
        }
        return due.length;
      });
    }
    return queued > 0 ? 'done' : 'skipped';
  }
  jobs.register(defineSweepJob(sweepMeetings));

  /** The classes a class event is about: the occurrence of a `class.*` event, the list of `class.scheduled.v2`. */
  function occurrenceIdsOf(event: StoredEvent): string[] {
    const payload = event.payload as { occurrenceId?: unknown; occurrences?: unknown };
    if (typeof payload.occurrenceId === 'string') return [payload.occurrenceId];
    if (!Array.isArray(payload.occurrences)) return [];
    const ids = payload.occurrences.map((o: { occurrenceId?: unknown }) => o.occurrenceId).filter((id): id is string => typeof id === 'string');
    return [...new Set(ids)];
  }

  /**
   * Queues the meeting work a class event calls for, for each class it names; never calls Zoom
   * (the subscriber runs in a transaction). A series' new classes arrive in one event: their
   * states are read in one query, and most (in person, or beyond the horizon) need nothing.
   */
  async function onClassEvent(tx: Tx, event: StoredEvent, ctx: Ctx): Promise<void> {
    const ids = occurrenceIdsOf(event);
    const subjects: repo.MeetingSubject[] = [];
    for (let i = 0; i < ids.length; i += subjectChunk) subjects.push(...(await repo.findMeetingSubjects(tx, ctx, ids.slice(i, i + subjectChunk))));
    const hasAccount = subjects.some((s) => s.provider === 'zoom' || s.videoMeetingId) && (await repo.findAccount(tx, ctx)) !== undefined;
    // A new class's first meeting is deduplicated by the occurrence; a later one (after a switch off and on) by the event.
    const scheduled = event.type === 'class.scheduled.v2' || event.type === 'class.scheduled.v1';
    const now = ctx.clock.now();
    for (const subject of subjects) {
      const occurrenceId = subject.id;
      const payload = { studioId: ctx.studioId, occurrenceId };
      switch (meetingAction(subject, hasAccount, event.type, now)) {
        case 'create':
          await repo.setVideoState(tx, ctx, occurrenceId, { videoStatus: 'pending', videoError: null }, now);
          await jobs.enqueue(tx, meetingJobs.create, payload, { dedupeKey: scheduled ? occurrenceId : `${occurrenceId}:${event.id}` });
          break;
        case 'connect_first':
          await repo.setVideoState(tx, ctx, occurrenceId, { videoStatus: 'failed', videoError: connectZoomFirst }, now);
          break;
        case 'update':
          await jobs.enqueue(tx, meetingJobs.update, payload, { dedupeKey: `${occurrenceId}:${event.id}` });
          break;
        case 'remove':
          await jobs.enqueue(tx, meetingJobs.remove, payload, { dedupeKey: `${occurrenceId}:${event.id}` });
          break;
        case 'clear':
        case 'later':
          await repo.setVideoState(tx, ctx, occurrenceId, { videoStatus: 'none', videoError: null }, now);
          break;
        case 'none':
          break;
      }
    }
  }

  async function accountDto(tx: Tx, ctx: Ctx): Promise<VideoAccountDto> {
    const account = await repo.findAccount(tx, ctx);
    const failedClasses = await repo.countFailedUpcoming(tx, ctx, ctx.clock.now());
    if (!account) return { provider: 'none', accountId: null, clientId: null, connectedAt: null, lastError: null, failedClasses };
    return { provider: 'zoom', accountId: account.accountId, clientId: account.clientId, connectedAt: iso(account.connectedAt), lastError: account.lastError, failedClasses };
  }

  return {
    /** Registers the booking module's "is this customer booked in this class" check (the default answers no). */
    setAttendanceCheck(check: AttendanceCheck): void {
      attendanceCheck = check;
    },

    /** The event handler behind the `schedule.video-meetings` subscriber (handlers.ts). */
    onClassEvent,

    /** The studio's video account, without its secret. */
    async getAccount(ctx: Ctx): Promise<VideoAccountDto> {
      return withStudio(database, ctx.studioId, (tx) => accountDto(tx, ctx));
    },

    /**
     * Connects (or replaces) the studio's Zoom app after Zoom accepted the credentials (a token
     * is fetched first; refused → 400 invalid_video_credentials on the fields, unreachable →
     * 503 video_provider_error). Upcoming Zoom classes that failed for want of an account are retried.
     */
    async connectAccount(ctx: Ctx, input: ConnectVideoAccount): Promise<VideoAccountDto> {
      const values = parseOrThrow(connectVideoAccountSchema, input);
      const credentials = { accountId: values.accountId, clientId: values.clientId, clientSecret: values.clientSecret };
      try {
        await createZoomClient(deps.zoom, credentials, { clock: ctx.clock, cache: tokens }).verifyCredentials();
      } catch (err) {
        if (!(err instanceof VideoProviderError)) throw err;
        if (err.badCredentials) {
          const message = 'Zoom refused these credentials: check the account ID, client ID and client secret of your Server-to-Server OAuth app.';
          const paths = /account/i.test(err.message) ? ['accountId'] : ['clientId', 'clientSecret'];
          throw new ScheduleError('invalid_video_credentials', `${message} (${err.message})`, paths.map((path) => ({ path, message })));
        }
        throw new ScheduleError('video_provider_error', `Zoom could not be reached to check the credentials; try again in a moment. (${err.message})`);
      }
      return withStudio(database, ctx.studioId, async (tx) => {
        const now = ctx.clock.now();
        await repo.upsertAccount(tx, { studioId: ctx.studioId, provider: 'zoom', ...credentials, connectedAt: now, lastError: null, updatedAt: now });
        // Classes that failed for want of an account: those within the horizon get their meeting now, the others with the sweep.
        const waiting = await repo.zoomClassesWithoutMeeting(tx, ctx, { videoStatus: 'failed', after: now, limit: 5_000 });
        for (const { id, startsAt } of waiting) {
          if (startsAt.getTime() > horizonEnd(now).getTime()) {
            await repo.setVideoState(tx, ctx, id, { videoStatus: 'none', videoError: null }, now);
            continue;
          }
          await repo.setVideoState(tx, ctx, id, { videoStatus: 'pending', videoError: null }, now);
          await jobs.enqueue(tx, meetingJobs.create, { studioId: ctx.studioId, occurrenceId: id }, { dedupeKey: `${id}:connected:${now.getTime()}` });
        }
        return accountDto(tx, ctx);
      });
    },

    /** Forgets the studio's Zoom app. Meetings already made stay in Zoom and their links keep working. */
    async disconnectAccount(ctx: Ctx): Promise<void> {
      await withStudio(database, ctx.studioId, (tx) => repo.deleteAccount(tx, ctx));
    },

    /**
     * The join link of an online class, for the signed-in customer only when they are booked
     * (403 not_booked otherwise); null while the meeting is being made or for a class with no link.
     */
    async joinLink(ctx: Ctx, occurrenceId: string): Promise<JoinLinkDto> {
      if (ctx.actor.kind !== 'customer') throw new ScheduleError('not_booked', 'Only the customers booked in this class get its link.');
      const customerId = (await deps.customers.getOwnProfile(ctx)).id;
      return withStudio(database, ctx.studioId, async (tx) => {
        const subject = await repo.findMeetingSubject(tx, ctx, occurrenceId);
        if (!subject || subject.status === 'deleted') throw occurrenceNotFound();
        if (!(await attendanceCheck(tx, ctx, occurrenceId, customerId))) {
          throw new ScheduleError('not_booked', 'Book this class to get its link.');
        }
        if (!subject.online || subject.status !== 'scheduled') return { url: null };
        return { url: subject.videoUrl ?? subject.seriesVideoUrl };
      });
    },
  };
}

export type VideoService = ReturnType<typeof createVideoService>;
