import { z } from 'zod';
import type { CronEntry } from '../../../platform/jobs/cron.ts';
import { defineJob, type JobCtx, type JobResult } from '../../../platform/jobs/index.ts';

export const expireUnpaidRegistrationsJobName = 'booking.expire-unpaid-registrations';
const slotPayload = z.object({ slot: z.string().min(1) });

/** Ends the registrations whose card payment nobody completed before their holds ran out (every studio, 500 a run). */
export const defineExpireUnpaidRegistrationsJob = (handler: (payload: z.infer<typeof slotPayload>, ctx: JobCtx) => Promise<JobResult>) =>
  defineJob({ name: expireUnpaidRegistrationsJobName, payload: slotPayload, dedupeKey: (p) => p.slot, retry: { limit: 3, backoff: { initialSeconds: 30, maxSeconds: 300 } }, handler });

/** Every 5 minutes, beside `booking.release-expired-holds`: an unpaid registration ends at most 5 minutes after its holds. */
export const registrationsCronEntries: CronEntry[] = [
  { name: expireUnpaidRegistrationsJobName, everyMinutes: 5, job: expireUnpaidRegistrationsJobName, payload: (slot) => ({ slot: slot.toISOString() }) },
];
