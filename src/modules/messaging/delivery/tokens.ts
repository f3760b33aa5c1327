import { randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { StudioId } from '../../../kernel/ids.ts';
import type { Database, Tx } from '../../../platform/db/client.ts';
import { withSystem } from '../../../platform/db/tx.ts';
import { messagingUnsubscribeTokens } from '../schema.ts';

/** 32 random bytes, base64url (43 characters): guessed at 2^256. */
export const newUnsubscribeToken = (): string => randomBytes(32).toString('base64url');

/** The customer's token, made on first use (one per customer; a concurrent first use keeps one). */
export async function unsubscribeTokenFor(tx: Tx, studioId: StudioId, customerId: string): Promise<string> {
  const t = messagingUnsubscribeTokens;
  const where = and(eq(t.studioId, studioId), eq(t.customerId, customerId));
  const [found] = await tx.select({ token: t.token }).from(t).where(where);
  if (found) return found.token;
  await tx.insert(t).values({ token: newUnsubscribeToken(), studioId, customerId }).onConflictDoNothing();
  const [made] = await tx.select({ token: t.token }).from(t).where(where);
  if (!made) throw new Error('unsubscribe token not stored');
  return made.token;
}

/** Whose token this is, whatever the studio (the link carries no studio): null when unknown. */
export async function ownerOfToken(database: Database, token: string): Promise<{ studioId: StudioId; customerId: string } | null> {
  const t = messagingUnsubscribeTokens;
  const [row] = await withSystem(database, (tx) => tx.select({ studioId: t.studioId, customerId: t.customerId }).from(t).where(eq(t.token, token)));
  return row ? { studioId: row.studioId as StudioId, customerId: row.customerId } : null;
}
