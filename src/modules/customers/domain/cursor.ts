/**
 * Opaque keyset cursors: the base64url of the JSON array of the last row's sort key.
 * A list resumes strictly after that key, so rows added or removed between pages never
 * shift the window the way OFFSET does.
 */

export function encodeCursor(key: readonly string[]): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

/**
 * The sort key in a cursor, or null when the cursor is not one this list made (wrong
 * arity, not base64url JSON, or a string PostgreSQL text cannot hold).
 */
export function decodeCursor(cursor: string, arity: number): string[] | null {
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) return null;
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (!Array.isArray(key) || key.length !== arity) return null;
  if (!key.every((part): part is string => typeof part === 'string' && part.length <= 500 && !part.includes('\u0000'))) return null;
  return key;
}
