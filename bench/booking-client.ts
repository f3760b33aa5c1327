/**
 * The booking benchmark's load generator, run as a child process of bench/booking.ts (as pgbench
 * is a process of its own): it sends the booking requests it is given with at most `inFlight` at
 * once and sends back each answer's latency and status.
 *
 * Each of the `inFlight` workers keeps one HTTP/1.1 keep-alive connection and writes its requests
 * as ready-made bytes, reading only the status line, Content-Length and the JSON answer: on these
 * two-core machines the generator shares the CPU with the server and PostgreSQL, and `fetch`
 * (undici) took ~0.8 ms of CPU a request — as much as the server itself — where pgbench's client
 * takes ~0.1 ms a transaction.
 */
import { connect, type Socket } from 'node:net';
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

interface Answer {
  status: number;
  body: string;
}

/** One keep-alive connection answering one request at a time. */
function connection(host: string, port: number) {
  let socket: Socket | undefined;
  let buffer: Buffer = Buffer.alloc(0);
  let pending: { resolve(a: Answer): void; reject(e: Error): void } | undefined;

  function onData(chunk: Buffer) {
    buffer = buffer.length === 0 ? chunk : Buffer.concat([buffer, chunk]);
    const end = buffer.indexOf('\r\n\r\n');
    if (end < 0 || !pending) return;
    const head = buffer.subarray(0, end).toString('latin1');
    const length = Number(/\r\ncontent-length:\s*(\d+)/i.exec(head)?.[1] ?? NaN);
    if (!Number.isFinite(length)) {
      pending.reject(new Error('answer without Content-Length'));
      return;
    }
    if (buffer.length < end + 4 + length) return;
    const body = buffer.subarray(end + 4, end + 4 + length).toString('utf8');
    buffer = buffer.subarray(end + 4 + length);
    const p = pending;
    pending = undefined;
    p.resolve({ status: Number(head.slice(9, 12)), body });
  }

  function open(): Promise<Socket> {
    return new Promise((resolve, reject) => {
      const s = connect({ host, port, noDelay: true }, () => resolve(s));
      s.on('data', onData);
      s.on('error', (err) => {
        socket = undefined;
        if (pending) pending.reject(err);
        pending = undefined;
        reject(err);
      });
      s.on('close', () => {
        socket = undefined;
        if (pending) pending.reject(new Error('connection closed'));
        pending = undefined;
      });
    });
  }

  return {
    async send(request: Buffer): Promise<Answer> {
      socket ??= await open();
      buffer = Buffer.alloc(0);
      const answer = new Promise<Answer>((resolve, reject) => (pending = { resolve, reject }));
      socket.write(request);
      return answer;
    },
    close: () => socket?.destroy(),
  };
}

async function run({ baseUrl, session, jobs, inFlight }: ClientJob): Promise<ClientResult> {
  const url = new URL(baseUrl);
  const headers = Object.entries(writeHeaders(session))
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('');
  const requestOf = (job: ClientJob['jobs'][number]) => {
    const body = Buffer.from(JSON.stringify({ occurrenceId: job.occurrenceId, customerId: job.customerId, payment: { method: 'free' } }));
    const head =
      `POST /api/v1/bookings HTTP/1.1\r\nhost: ${url.host}\r\n${headers}` +
      `idempotency-key: bench-${job.occurrenceId}-${job.customerId}\r\ncontent-length: ${body.length}\r\n\r\n`;
    return Buffer.concat([Buffer.from(head), body]);
  };
  const latencies: number[] = [];
  const statuses = new Map<string, number>();
  let errors = 0;
  let next = 0;
  const worker = async () => {
    const conn = connection(url.hostname, Number(url.port));
    try {
      for (;;) {
        const job = jobs[next++];
        if (!job) return;
        const request = requestOf(job);
        const t0 = performance.now();
        const res = await conn.send(request).catch((err: Error & { code?: string }) => err);
        if (res instanceof Error) {
          // No answer at all (the connection failed): counted, never hidden.
          errors++;
          const key = `network ${res.code ?? res.message}`;
          statuses.set(key, (statuses.get(key) ?? 0) + 1);
          continue;
        }
        latencies.push(performance.now() - t0);
        if (res.status >= 400) errors++;
        let status = `http ${res.status}`;
        try {
          status = (JSON.parse(res.body) as { booking?: { status: string } }).booking?.status ?? status;
        } catch {
          // not JSON: the HTTP status names it
        }
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
      }
    } finally {
      conn.close();
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
