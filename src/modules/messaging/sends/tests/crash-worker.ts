/**
 * A group-send worker in a process of its own, for the crash-safety test (crash.int.test.ts):
 * it runs the job workers, with batches of 50 so the test can kill it midway. Env: DATABASE_URL.
 */
import { openDatabase } from '../../../../platform/db/client.ts';
import { createEmail } from '../../../../platform/email/index.ts';
import { createJobs } from '../../../../platform/jobs/index.ts';
import { createStudiosService } from '../../../studios/index.ts';
import { createGroupSendsService } from '../index.ts';

const database = await openDatabase({ databaseUrl: process.env.DATABASE_URL!, poolSize: 4 });
const jobs = createJobs(database, { pollingIntervalSeconds: 0.1 });
const email = createEmail({ database, jobs });
createGroupSendsService({
  database,
  jobs,
  email,
  studios: createStudiosService(database),
  segments: {
    matchingCustomerIds: () => Promise.reject(new Error('the crash test sends to a selection')),
  },
  publicUrl: 'http://enso.test',
  sms: { sendSms: () => Promise.reject(new Error('the crash test sends email')) },
  batchSize: 50,
});
await jobs.start({ workers: true });
process.stdout.write('working\n');
