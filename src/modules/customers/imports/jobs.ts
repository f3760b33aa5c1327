import { z } from 'zod';
import { defineJob, type JobCtx, type JobResult } from '../../../platform/jobs/index.ts';

export const runImportJobName = 'customers.run-import';

/** IDs only: the handler reloads the import row, its mapping and its file. */
export const runImportPayloadSchema = z.object({
  studioId: z.string().min(1),
  importId: z.string().min(1),
  /** The language the row errors are written in: the staff member's who started the import. */
  locale: z.enum(['en', 'fr']).default('en'),
});
export type RunImportPayload = z.output<typeof runImportPayloadSchema>;

/**
 * Processes one import (or dry run) in chunks; one job per import (dedupe key: the import id).
 * A retry resumes at the import's `processed_rows`; an hour is enough for a million rows here.
 */
export function defineRunImportJob(handler: (payload: RunImportPayload, ctx: JobCtx) => Promise<JobResult>) {
  return defineJob({
    name: runImportJobName,
    payload: runImportPayloadSchema,
    dedupeKey: (p) => p.importId,
    retry: { limit: 3, backoff: { initialSeconds: 5, maxSeconds: 120 } },
    timeoutSeconds: 3_600,
    // One import at a time per process: they are long, and the worker's other jobs must keep moving.
    concurrency: 1,
    handler,
  });
}
