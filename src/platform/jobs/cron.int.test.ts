import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { fixedClock } from '../../kernel/clock.ts';
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from '../testing/database.ts';
import { checkCronEntry, cronDedupeKey, currentSlot, startCron } from './cron.ts';
import { createJobs, defineJob, type Jobs } from './index.ts';

describe('cron slots', () => {
  it('aligns "every N minutes" on the UTC epoch', () => {
    expect(currentSlot({ everyMinutes: 15 }, new Date('2027-03-01T10:07:59Z')).toISOString()).toBe('2027-03-01T10:00:00.000Z');
    expect(currentSlot({ everyMinutes: 15 }, new Date('2027-03-01T10:15:00Z')).toISOString()).toBe('2027-03-01T10:15:00.000Z');
  });

  it('gives a daily entry today’s slot once its time has come, yesterday’s before', () => {
    expect(currentSlot({ dailyAtUtc: '02:00' }, new Date('2027-03-05T01:30:00Z')).toISOString()).toBe('2027-03-04T02:00:00.000Z');
    expect(currentSlot({ dailyAtUtc: '02:00' }, new Date('2027-03-05T02:00:00Z')).toISOString()).toBe('2027-03-05T02:00:00.000Z');
    expect(currentSlot({ dailyAtUtc: '23:45' }, new Date('2027-03-05T23:50:00Z')).toISOString()).toBe('2027-03-05T23:45:00.000Z');
  });

  it('refuses an entry with no schedule, two, or a malformed one', () => {
    const base = { name: 'x', job: 'test.tick', payload: () => ({}) };
    expect(() => checkCronEntry(base)).toThrow(/everyMinutes or dailyAtUtc/);
    expect(() => checkCronEntry({ ...base, everyMinutes: 5, dailyAtUtc: '02:00' })).toThrow(/not both/);
    expect(() => checkCronEntry({ ...base, everyMinutes: 0 })).toThrow(/1 to 1440/);
    expect(() => checkCronEntry({ ...base, dailyAtUtc: '2:00' })).toThrow(/HH:MM/);
  });
});

describe.each(testDatabaseKinds())('cron on %s', (kind) => {
  let db: TestDatabase;
  let jobs: Jobs;
  const clock = fixedClock('2027-03-05T01:30:00Z');
  const tickJob = defineJob({ name: 'test.tick', payload: z.object({ date: z.string() }), handler: async () => 'done' });
  const entry = { name: 'test.daily', dailyAtUtc: '02:00', job: 'test.tick', payload: (slot: Date) => ({ date: slot.toISOString().slice(0, 10) }) };

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    jobs = createJobs(db.database, { clock });
    jobs.register(tickJob);
    await jobs.start({ workers: false });
  });
  afterAll(async () => {
    await jobs?.stop();
    await db?.dispose();
  });

  it('enqueues each slot once, however many processes tick it, and the next slot when the clock gets there', async () => {
    const one = startCron(db.database, jobs, [entry], { clock, tickSeconds: 3600 });
    const two = startCron(db.database, jobs, [entry], { clock, tickSeconds: 3600 });
    // Each process ticks once as it starts; whichever of the two wins enqueues yesterday's slot.
    // Once that job exists, every further tick of the slot is a no-op.
    const yesterday = cronDedupeKey('test.daily', new Date('2027-03-04T02:00:00Z'));
    await vi.waitFor(async () => expect(await jobs.findJobs('test.tick', { dedupeKey: yesterday })).toHaveLength(1));

    const again = (await one.tick()) + (await two.tick());
    clock.set('2027-03-05T02:00:30Z');
    const next = await two.tick();
    await one.stop();
    await two.stop();

    expect(again).toBe(0);
    expect(next).toBe(1);
    expect(await jobs.findJobs('test.tick', { dedupeKey: yesterday })).toHaveLength(1);
    expect(await jobs.findJobs('test.tick', { dedupeKey: cronDedupeKey('test.daily', new Date('2027-03-05T02:00:00Z')) })).toHaveLength(1);
  });
});
