import { z } from 'zod';
import type { CronEntry } from '../../platform/jobs/cron.ts';
import { defineJob, type JobCtx, type JobResult } from '../../platform/jobs/index.ts';

export const materialiseStudioJobName = 'schedule.materialise';
export const materialiseAllJobName = 'schedule.materialise-all';

const datePayload = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const materialiseStudioPayloadSchema = z.object({ studioId: z.string().min(1), date: datePayload });
export type MaterialiseStudioPayload = z.infer<typeof materialiseStudioPayloadSchema>;
export const materialiseAllPayloadSchema = z.object({ date: datePayload });
export type MaterialiseAllPayload = z.infer<typeof materialiseAllPayloadSchema>;

/** One run per studio and day, however many processes or retries ask for it. */
export const materialiseDedupeKey = (p: MaterialiseStudioPayload) => `${p.studioId}@${p.date}`;

/**
 * Extends every rolling weekly series of one studio to `weeksAhead` weeks from today. The
 * handler (service.ts) is idempotent: existing slots, cancelled or deleted ones included, are
 * never made again, so a retry or a second run adds nothing.
 */
export function defineMaterialiseStudioJob(handler: (payload: MaterialiseStudioPayload, ctx: JobCtx) => Promise<JobResult>) {
  return defineJob({
    name: materialiseStudioJobName,
    payload: materialiseStudioPayloadSchema,
    dedupeKey: materialiseDedupeKey,
    retry: { limit: 5, backoff: { initialSeconds: 30, maxSeconds: 1_800 } },
    handler,
  });
}

/** The daily fan-out (from the cron): one `schedule.materialise` job per studio with rolling series. */
export function defineMaterialiseAllJob(handler: (payload: MaterialiseAllPayload, ctx: JobCtx) => Promise<JobResult>) {
  return defineJob({
    name: materialiseAllJobName,
    payload: materialiseAllPayloadSchema,
    dedupeKey: (p) => p.date,
    retry: { limit: 5, backoff: { initialSeconds: 30, maxSeconds: 1_800 } },
    handler,
  });
}

/** The daily run of the materialiser, for worker processes' cron (`src/platform/jobs/cron.ts`). */
export const scheduleCronEntries: CronEntry[] = [
  { name: 'schedule.materialise', dailyAtUtc: '01:00', job: materialiseAllJobName, payload: (slot) => ({ date: slot.toISOString().slice(0, 10) }) },
];
