import { z } from 'zod';
import type { CronEntry } from '../../../platform/jobs/cron.ts';
import { defineJob, type JobCtx, type JobResult } from '../../../platform/jobs/index.ts';

export const fillFreedSpotJobName = 'booking.fill-freed-spot';
export const expireOfferJobName = 'booking.expire-offer';
export const expireOffersJobName = 'booking.expire-offers';

const idPayload = z.string().min(1).max(64);

export const fillFreedSpotPayloadSchema = z.object({ studioId: idPayload, occurrenceId: idPayload });
export const expireOfferPayloadSchema = z.object({ studioId: idPayload, bookingId: idPayload });
export const expireOffersPayloadSchema = z.object({ slot: z.string().min(1) });

type Handler<S extends z.ZodType> = (payload: z.output<S>, ctx: JobCtx) => Promise<JobResult>;

/**
 * A spot of a class freed (cancel, move, payment failed): the studio's waitlist mode gives the
 * class's free spots to its waitlist. Enqueued in the freeing transaction, run outside it; a
 * run fills every free spot it finds, so two runs of one class only find less to do.
 */
export const defineFillFreedSpotJob = (handler: Handler<typeof fillFreedSpotPayloadSchema>) =>
  defineJob({ name: fillFreedSpotJobName, payload: fillFreedSpotPayloadSchema, retry: { limit: 5, backoff: { initialSeconds: 5, maxSeconds: 300 } }, handler });

/** One offer's expiry, queued for its `offer_expires_at` (the minute sweep below is the backstop). */
export const defineExpireOfferJob = (handler: Handler<typeof expireOfferPayloadSchema>) =>
  defineJob({ name: expireOfferJobName, payload: expireOfferPayloadSchema, retry: { limit: 5, backoff: { initialSeconds: 5, maxSeconds: 300 } }, handler });

/** Every minute: offers past their expiry, in every studio, are removed and the next customer is offered the spot. */
export const defineExpireOffersJob = (handler: Handler<typeof expireOffersPayloadSchema>) =>
  defineJob({ name: expireOffersJobName, payload: expireOffersPayloadSchema, dedupeKey: (p) => p.slot, retry: { limit: 3, backoff: { initialSeconds: 10, maxSeconds: 60 } }, handler });

export const waitlistCronEntries: CronEntry[] = [
  { name: 'booking.expire-offers', everyMinutes: 1, job: expireOffersJobName, payload: (slot) => ({ slot: slot.toISOString() }) },
];
