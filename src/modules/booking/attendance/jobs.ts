import { z } from 'zod';
import type { CronEntry } from '../../../platform/jobs/cron.ts';
import { defineJob, type JobCtx, type JobResult } from '../../../platform/jobs/index.ts';

export const classTimesJobName = 'booking.class-times';

export const classTimesPayloadSchema = z.object({ slot: z.string().min(1) });

/**
 * The seed-004 class triggers, every minute: attendance events for classes that started,
 * no-shows for classes that ended 2 hours ago. It reads each class's current times, so a
 * class moved after its customers booked is handled at its new time.
 */
export const defineClassTimesJob = (handler: (payload: z.output<typeof classTimesPayloadSchema>, ctx: JobCtx) => Promise<JobResult>) =>
  defineJob({ name: classTimesJobName, payload: classTimesPayloadSchema, dedupeKey: (p) => p.slot, retry: { limit: 3, backoff: { initialSeconds: 10, maxSeconds: 60 } }, handler });

export const attendanceCronEntries: CronEntry[] = [
  { name: 'booking.class-times', everyMinutes: 1, job: classTimesJobName, payload: (slot) => ({ slot: slot.toISOString() }) },
];
