import { z } from 'zod';
import type { CronEntry } from '../../platform/jobs/cron.ts';
import { defineJob, type JobCtx, type JobResult } from '../../platform/jobs/index.ts';

export const settleAbandonedJobName = 'commerce.settle-abandoned-orders';
export const settleAbandonedPayloadSchema = z.object({ slot: z.string().min(1) });

/** Card sales left waiting for the browser longer than this are settled (paid if the card went through, else failed). */
export const abandonAfterMinutes = 60;

export function defineSettleAbandonedJob(handler: (payload: z.infer<typeof settleAbandonedPayloadSchema>, ctx: JobCtx) => Promise<JobResult>) {
  return defineJob({
    name: settleAbandonedJobName,
    payload: settleAbandonedPayloadSchema,
    dedupeKey: (p) => p.slot,
    retry: { limit: 3, backoff: { initialSeconds: 60, maxSeconds: 600 } },
    handler,
  });
}

/** Every 15 minutes, for worker processes' cron. */
export const commerceCronEntries: CronEntry[] = [{ name: settleAbandonedJobName, everyMinutes: 15, job: settleAbandonedJobName, payload: (slot) => ({ slot: slot.toISOString() }) }];
