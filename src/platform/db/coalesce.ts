/**
 * Coalesces one kind of short statement made by many concurrent requests (ADR 0006): at most
 * `parallel` runs are in flight; a call made while they all are waits, and the calls that waited
 * go together in the next run (one multi-row statement instead of one round trip each). When
 * nothing waits, a call runs at once, alone: no delay is added to a quiet server.
 *
 * `run` gets the inputs in call order and returns one output per input, in the same order; if it
 * throws, every call of that run gets the error.
 */
export function coalesce<I, O>(run: (inputs: I[]) => Promise<O[]>, options: { parallel?: number; max?: number } = {}): (input: I) => Promise<O> {
  const parallel = options.parallel ?? 4;
  const max = options.max ?? 500;
  const waiting: { input: I; resolve(o: O): void; reject(e: unknown): void }[] = [];
  let running = 0;

  function start() {
    while (running < parallel && waiting.length > 0) {
      const batch = waiting.splice(0, max);
      running++;
      void run(batch.map((w) => w.input))
        .then(
          (outputs) => batch.forEach((w, i) => w.resolve(outputs[i]!)),
          (err: unknown) => batch.forEach((w) => w.reject(err)),
        )
        .finally(() => {
          running--;
          start();
        });
    }
  }

  return (input: I) =>
    new Promise<O>((resolve, reject) => {
      waiting.push({ input, resolve, reject });
      // A call alone runs now; others join the next run when one ends.
      if (running < parallel) start();
    });
}
