import { z } from 'zod';
import { defineJob, type JobCtx, type JobResult } from '../../../platform/jobs/index.ts';

export const sendReceiptJobName = 'commerce.send-receipt';
export const sendReceiptPayloadSchema = z.object({ studioId: z.string().min(1), orderId: z.string().min(1) });
export type SendReceiptPayload = z.infer<typeof sendReceiptPayloadSchema>;

/** Emails the receipt of a paid order once (the handler skips an order whose receipt went). */
export function defineReceiptJob(handler: (payload: SendReceiptPayload, ctx: JobCtx) => Promise<JobResult>) {
  return defineJob({
    name: sendReceiptJobName,
    payload: sendReceiptPayloadSchema,
    dedupeKey: (p) => p.orderId,
    retry: { limit: 5, backoff: { initialSeconds: 30, maxSeconds: 1_800 } },
    handler,
  });
}

export type SendReceiptJob = ReturnType<typeof defineReceiptJob>;
