import { describe, expect, it } from 'vitest';
import { coalesce } from './coalesce.ts';

const tick = () => new Promise<void>((r) => setImmediate(r));

describe('coalesce', () => {
  it('runs a call alone at once, and the calls made while the runs are full together in the next run, in call order', async () => {
    const runs: number[][] = [];
    const gates: (() => void)[] = [];
    const double = coalesce(
      async (inputs: number[]) => {
        runs.push(inputs);
        await new Promise<void>((r) => gates.push(r));
        return inputs.map((n) => n * 2);
      },
      { parallel: 1 },
    );

    const first = double(1);
    await tick();
    const rest = [double(2), double(3), double(4)];
    await tick();
    expect(runs).toEqual([[1]]);
    gates.shift()!();
    await first;
    await tick();
    expect(runs).toEqual([[1], [2, 3, 4]]);
    gates.shift()!();

    expect(await Promise.all([first, ...rest])).toEqual([2, 4, 6, 8]);
  });

  it('gives every call of a failed run its error, and the next run goes on', async () => {
    let fail = true;
    const f = coalesce(
      async (inputs: string[]) => {
        await tick();
        if (fail) throw new Error('down');
        return inputs.map((s) => s.toUpperCase());
      },
      { parallel: 1 },
    );

    const failed = [f('a'), f('b')].map((p) => p.catch((e: Error) => e.message));
    expect(await Promise.all(failed)).toEqual(['down', 'down']);
    fail = false;
    expect(await f('c')).toBe('C');
  });

  it('keeps at most `max` calls in one run', async () => {
    const sizes: number[] = [];
    const f = coalesce(
      async (inputs: number[]) => {
        sizes.push(inputs.length);
        await tick();
        return inputs;
      },
      { parallel: 1, max: 2 },
    );

    await Promise.all([1, 2, 3, 4, 5, 6].map((n) => f(n)));

    expect(sizes).toEqual([1, 2, 2, 1]);
  });
});
