export {
  defineJob,
  defaultRetry,
  isPermanentError,
  PermanentJobError,
  silentLogger,
  type AnyJobDefinition,
  type JobCtx,
  type JobDefinition,
  type JobResult,
  type Logger,
  type RetryPolicy,
} from './define.ts';
export { dedupeJobId } from './dedupe.ts';
export {
  createJobs,
  installJobsSchema,
  type EnqueueItem,
  type EnqueueOptions,
  type Jobs,
  type JobsOptions,
  type JobState,
  type StartOptions,
} from './jobs.ts';
