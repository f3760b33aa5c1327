import { z } from 'zod';
import { defineJob, type JobCtx, type JobResult } from '../../../platform/jobs/index.ts';

export const chargePenaltyJobName = 'booking.charge-penalty';
export const refundWaivedPenaltyJobName = 'booking.refund-waived-penalty';

const payload = z.object({ studioId: z.string().min(1), penaltyId: z.string().min(1) });
export type PenaltyJobPayload = z.infer<typeof payload>;

/** Charges a new penalty to the customer's saved card (one job per penalty; the provider key is the penalty's). */
export const defineChargePenaltyJob = (handler: (p: PenaltyJobPayload, job: JobCtx) => Promise<JobResult>) =>
  defineJob({ name: chargePenaltyJobName, payload, handler, dedupeKey: (p) => `penalty:${p.penaltyId}` });

/** Gives back a charge that completed after staff had already waived the penalty. */
export const defineRefundWaivedPenaltyJob = (handler: (p: PenaltyJobPayload, job: JobCtx) => Promise<JobResult>) =>
  defineJob({ name: refundWaivedPenaltyJobName, payload, handler, dedupeKey: (p) => `waive:${p.penaltyId}` });
