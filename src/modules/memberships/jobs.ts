import { z } from 'zod';
import type { CronEntry } from '../../platform/jobs/cron.ts';
import { defineJob, type JobCtx, type JobResult } from '../../platform/jobs/index.ts';

export const maintainAllJobName = 'memberships.maintain-all';
export const maintainStudioJobName = 'memberships.maintain-studio';
export const chargeRenewalJobName = 'memberships.charge-renewal';
export const chargeInstalmentJobName = 'memberships.charge-instalment';

const idPayload = z.string().min(1).max(64);
const datePayload = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const maintainAllPayloadSchema = z.object({ slot: z.string().min(1) });
export const maintainStudioPayloadSchema = z.object({ studioId: idPayload, slot: z.string().min(1) });
/** One charge per (membership, period): the renewal row is found or made from these two. */
export const chargeRenewalPayloadSchema = z.object({ studioId: idPayload, membershipId: idPayload, periodStart: datePayload });
export type ChargeRenewalPayload = { membershipId: string; periodStart: string };
/** `retry`: a failed instalment tried again on the schedule of renewals (+1 d, +3 d, +5 d). */
export const chargeInstalmentPayloadSchema = z.object({ studioId: idPayload, instalmentId: idPayload, retry: z.boolean().optional() });

type Handler<S extends z.ZodType> = (payload: z.output<S>, ctx: JobCtx) => Promise<JobResult>;

/** The fan-out of a cron slot: one maintenance job per studio with live memberships. */
export const defineMaintainAllJob = (handler: Handler<typeof maintainAllPayloadSchema>) =>
  defineJob({ name: maintainAllJobName, payload: maintainAllPayloadSchema, dedupeKey: (p) => p.slot, retry: { limit: 5, backoff: { initialSeconds: 30, maxSeconds: 900 } }, handler });

/** Freezes, expiries, and the enqueueing of due charges for one studio; idempotent (re-running finds nothing new). */
export const defineMaintainStudioJob = (handler: Handler<typeof maintainStudioPayloadSchema>) =>
  defineJob({
    name: maintainStudioJobName,
    payload: maintainStudioPayloadSchema,
    dedupeKey: (p) => `${p.studioId}@${p.slot}`,
    retry: { limit: 5, backoff: { initialSeconds: 30, maxSeconds: 900 } },
    handler,
  });

/**
 * Charges one renewal. Retried by the queue when the worker dies or the database hiccups: the
 * attempt recorded before the charge makes the retry re-send the same provider key.
 */
export const defineChargeRenewalJob = (handler: Handler<typeof chargeRenewalPayloadSchema>) =>
  defineJob({
    name: chargeRenewalJobName,
    payload: chargeRenewalPayloadSchema,
    retry: { limit: 5, backoff: { initialSeconds: 60, maxSeconds: 3_600 } },
    // Eight charges in flight per process: more only adds lock waits on the studio's order counter (bench/renewals.ts).
    concurrency: 8,
    handler,
  });

export const defineChargeInstalmentJob = (handler: Handler<typeof chargeInstalmentPayloadSchema>) =>
  defineJob({ name: chargeInstalmentJobName, payload: chargeInstalmentPayloadSchema, retry: { limit: 5, backoff: { initialSeconds: 60, maxSeconds: 3_600 } }, handler });

/** Every 15 minutes: a scheduled freeze or unfreeze happens at most this late. */
export const membershipsCronEntries: CronEntry[] = [
  { name: 'memberships.maintain', everyMinutes: 15, job: maintainAllJobName, payload: (slot) => ({ slot: slot.toISOString() }) },
];
