import { createHash } from 'node:crypto';

/**
 * The pg-boss job id a dedupe key stands for: a name-based UUID (SHA-256, version 8 layout).
 *
 * pg-boss's `singletonKey` alone only dedupes on non-standard queue policies, and those also
 * limit every key-less job of the queue to one at a time. Its job table's primary key is
 * (name, id) and its insert is `ON CONFLICT DO NOTHING`, so a deterministic id makes the
 * second enqueue of a key a no-op for as long as the first job is kept — queued, running,
 * retrying, and for `deleteAfterSeconds` (7 days) after it completed or failed.
 */
export function dedupeJobId(name: string, dedupeKey: string): string {
  const hex = createHash('sha256').update(`${name}\u0000${dedupeKey}`).digest('hex');
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
