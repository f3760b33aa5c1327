import { z } from 'zod';
import type { CronEntry } from '../../../platform/jobs/cron.ts';
import { defineJob, type JobCtx, type JobResult } from '../../../platform/jobs/index.ts';

export const createMeetingJobName = 'schedule.create-video-meeting';
export const updateMeetingJobName = 'schedule.update-video-meeting';
export const deleteMeetingJobName = 'schedule.delete-video-meeting';
export const sweepMeetingsJobName = 'schedule.sweep-video-meetings';

export const meetingJobPayloadSchema = z.object({ studioId: z.string().min(1), occurrenceId: z.string().min(1) });
export type MeetingJobPayload = z.infer<typeof meetingJobPayloadSchema>;

/**
 * Zoom's rate limits and outages last minutes, not seconds: start at 30 s and back off to an
 * hour, about a day of tries in all. The handlers (service.ts) reload the occurrence and skip
 * when the work no longer applies (cancelled meanwhile, meeting already made or gone).
 */
const retry = { limit: 8, backoff: { initialSeconds: 30, maxSeconds: 3600 } };

type Handler = (payload: MeetingJobPayload, ctx: JobCtx) => Promise<JobResult>;

export const sweepPayloadSchema = z.object({ slot: z.string().min(1) });
export type SweepPayload = z.infer<typeof sweepPayloadSchema>;

/**
 * Queues the meetings of Zoom classes that have come within the meeting horizon (and of those
 * whose meeting was never queued), in every studio with a Zoom account. Idempotent: a class
 * already pending or with a meeting is left alone.
 */
export function defineSweepJob(handler: (payload: SweepPayload, ctx: JobCtx) => Promise<JobResult>) {
  return defineJob({
    name: sweepMeetingsJobName,
    payload: sweepPayloadSchema,
    dedupeKey: (p) => p.slot,
    retry: { limit: 5, backoff: { initialSeconds: 60, maxSeconds: 1_800 } },
    handler,
  });
}

/** Every six hours, for worker processes' cron (`src/platform/jobs/cron.ts`). */
export const videoCronEntries: CronEntry[] = [
  { name: sweepMeetingsJobName, everyMinutes: 360, job: sweepMeetingsJobName, payload: (slot) => ({ slot: slot.toISOString() }) },
];

export function defineMeetingJobs(handlers: { create: Handler; update: Handler; remove: Handler }) {
  return {
    /** One meeting per occurrence: the default dedupe key is the occurrence (callers re-creating after a delete pass their own). */
    create: defineJob({ name: createMeetingJobName, payload: meetingJobPayloadSchema, dedupeKey: (p) => p.occurrenceId, retry, timeoutSeconds: 120, handler: handlers.create }),
    update: defineJob({ name: updateMeetingJobName, payload: meetingJobPayloadSchema, retry, timeoutSeconds: 120, handler: handlers.update }),
    remove: defineJob({ name: deleteMeetingJobName, payload: meetingJobPayloadSchema, retry, timeoutSeconds: 120, handler: handlers.remove }),
  };
}
