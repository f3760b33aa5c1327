/**
 * The booking benchmark's load generator, run as a child process of bench/booking.ts (as pgbench
 * is a process of its own): it sends the booking requests it is given with at most `inFlight` at
 * once and sends back each answer's latency and status. In the server's process, the HTTP client
 * (undici) took ~10–15 % of the CPU the server needed.
 */
import { performance } from 'node:perf_hooks';
import { writeHeaders, type StaffSession } from './http.ts';

export interface ClientJob {
  baseUrl: string;
  session: StaffSession;
  jobs: { occurrenceId: string; customerId: string }[];
  inFlight: number;
}

export interface ClientResult {
  latencies: number[];
  statuses: [string, number][];
  errors: number;
  seconds: number;
}

async function run({ baseUrl, session, jobs, inFlight }: ClientJob): Promise<ClientResult> {
  const latencies: number[] = [];
  const statuses = new Map<string, number>();
  let errors = 0;
  let next = 0;
  const worker = async () => {
    for (;;) {
      const job = jobs[next++];
      if (!job) return;
      const t0 = performance.now();
      const res = await fetch(`${baseUrl}/api/v1/bookings`, {
        method: 'POST',
        headers: writeHeaders(session, { 'idempotency-key': `bench-${job.occurrenceId}-${job.customerId}` }),
        body: JSON.stringify({ occurrenceId: job.occurrenceId, customerId: job.customerId, payment: { method: 'free' } }),
      }).catch((err: Error & { cause?: { code?: string } }) => err);
      if (res instanceof Error) {
        // No answer at all (the connection failed): counted, never hidden.
        errors++;
        const key = `network ${res.cause?.code ?? res.message}`;
        statuses.set(key, (statuses.get(key) ?? 0) + 1);
        continue;
      }
      const body = (await res.json()) as { booking?: { status: string } };
      latencies.push(performance.now() - t0);
      if (res.status >= 400) errors++;
      const status = body.booking?.status ?? `http ${res.status}`;
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: inFlight }, worker));
  const seconds = (performance.now() - t0) / 1000;
  return { latencies, statuses: [...statuses], errors, seconds };
}

process.on('message', (job: ClientJob) => {
  void run(job).then((result) => {
    process.send!(result, () => process.exit(0));
  });
});
