import { z } from 'zod';
import { defineJob, type JobCtx, type JobResult } from '../../platform/jobs/index.ts';

export const resignRequestJobName = 'waivers.send-resign-request';

export const resignRequestPayloadSchema = z.object({
  studioId: z.string().min(1),
  waiverId: z.string().min(1),
  version: z.number().int().min(1),
  customerId: z.string().min(1),
});
export type ResignRequestPayload = z.infer<typeof resignRequestPayloadSchema>;

/** One customer per job: a failing address does not hold up the others, and a retry resends to one person only. */
export const resignDedupeKey = (p: ResignRequestPayload) => `${p.waiverId}:${p.version}:${p.customerId}`;

/**
 * Emails one customer a single-use link to sign the new version of a waiver. The handler
 * (service.ts) reloads everything and skips when the request no longer applies: the waiver
 * was archived or changed again, or the customer has signed this version meanwhile.
 */
export function defineResignRequestJob(handler: (payload: ResignRequestPayload, ctx: JobCtx) => Promise<JobResult>) {
  return defineJob({
    name: resignRequestJobName,
    payload: resignRequestPayloadSchema,
    dedupeKey: resignDedupeKey,
    retry: { limit: 5, backoff: { initialSeconds: 10, maxSeconds: 900 } },
    handler,
  });
}
