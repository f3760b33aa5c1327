import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from './cursor.ts';

describe('keyset cursors', () => {
  it('round-trips a sort key', () => {
    const cursor = encodeCursor(['dupré', 'éloïse', 'cus_01']);

    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor, 3)).toEqual(['dupré', 'éloïse', 'cus_01']);
  });

  it.each([
    ['not base64url', '%%%'],
    ['not JSON', Buffer.from('nope').toString('base64url')],
    ['the wrong arity', encodeCursor(['a', 'b'])],
    ['a non-string part', Buffer.from(JSON.stringify(['a', 1, 'c'])).toString('base64url')],
    ['a NUL character', encodeCursor(['a\u0000', 'b', 'c'])],
  ])('rejects a cursor with %s', (_label, cursor) => {
    expect(decodeCursor(cursor, 3)).toBeNull();
  });
});
