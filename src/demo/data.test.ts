import { describe, expect, it } from 'vitest';
import { demoCustomers } from './data.ts';

describe('demoCustomers', () => {
  it('gives the same people for the same seed', () => {
    expect(demoCustomers(20, 7)).toEqual(demoCustomers(20, 7));
  });

  it('gives unique emails across batches', () => {
    const emails = [...demoCustomers(500, 1, 0), ...demoCustomers(500, 1, 500)].map((c) => c.email).filter(Boolean);

    expect(new Set(emails).size).toBe(emails.length);
  });
});
