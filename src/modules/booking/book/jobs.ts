import { z } from 'zod';
import type { CronEntry } from '../../../platform/jobs/cron.ts';
import { defineJob, type JobCtx, type JobResult } from '../../../platform/jobs/index.ts';

/** The order line kind of a class booking (its `refId` is the booking). */
export const classBookingKind = 'class_booking';

/** How long a spot is held for a card payment to complete. */
export const holdMinutes = 20;

export const releaseExpiredHoldsJobName = 'booking.release-expired-holds';
const slotPayload = z.object({ slot: z.string().min(1) });

/** Gives back the spots held for card payments nobody completed in time (every studio, 500 a run). */
export const defineReleaseExpiredHoldsJob = (handler: (payload: z.infer<typeof slotPayload>, ctx: JobCtx) => Promise<JobResult>) =>
  defineJob({ name: releaseExpiredHoldsJobName, payload: slotPayload, dedupeKey: (p) => p.slot, retry: { limit: 3, backoff: { initialSeconds: 30, maxSeconds: 300 } }, handler });

/** Every 5 minutes: a held spot is given back at most 5 minutes after its hold ends. */
export const bookCronEntries: CronEntry[] = [
  { name: releaseExpiredHoldsJobName, everyMinutes: 5, job: releaseExpiredHoldsJobName, payload: (slot) => ({ slot: slot.toISOString() }) },
];
