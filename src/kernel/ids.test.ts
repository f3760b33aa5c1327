import { describe, expect, it } from 'vitest';
import { isId, newId, ulid } from './ids.ts';

describe('ids', () => {
  it('makes prefixed ids that isId recognises', () => {
    const id = newId('customer');

    expect(id).toMatch(/^cus_[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(isId('customer', id)).toBe(true);
    expect(isId('waiver', id)).toBe(false);
  });

  it('sorts ids made in the same millisecond in the order they were made', () => {
    const ids = Array.from({ length: 1_000 }, () => ulid(4_102_444_800_000));

    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('keeps ids increasing when the clock steps back', () => {
    const before = ulid(4_102_444_800_500);

    const after = ulid(4_102_444_800_000);

    expect(after > before).toBe(true);
  });

  it('starts from the new time once the clock moves on', () => {
    const earlier = ulid(4_102_444_800_000);

    const later = ulid(4_102_444_801_000);

    expect(later.slice(0, 10) > earlier.slice(0, 10)).toBe(true);
  });
});
