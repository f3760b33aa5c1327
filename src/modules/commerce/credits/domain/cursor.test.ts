import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor, pageOf } from './cursor.ts';

describe('ledger cursors', () => {
  it('round-trips and ignores garbage', () => {
    const at = new Date('2026-06-01T10:00:00Z');

    expect(decodeCursor(encodeCursor({ createdAt: at, id: 'cre_1' }))).toEqual({ at, id: 'cre_1' });
    expect(decodeCursor('nonsense')).toBeUndefined();
    expect(decodeCursor(undefined)).toBeUndefined();
  });

  it('cuts a page and points at its last row', () => {
    const rows = [1, 2, 3].map((n) => ({ createdAt: new Date(n * 1000), id: `x${n}` }));

    expect(pageOf(rows, 2).items).toHaveLength(2);
    expect(decodeCursor(pageOf(rows, 2).nextCursor!)).toEqual({ at: new Date(2000), id: 'x2' });
    expect(pageOf(rows, 3).nextCursor).toBeNull();
  });
});
