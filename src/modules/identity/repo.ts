import { and, asc, count, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Ctx } from '../../kernel/ctx.ts';
import type { Executor, Tx } from '../../platform/db/client.ts';
import { columnsOf, rowOf } from '../../platform/db/statements.ts';
import { rowsOf } from '../../platform/db/tx.ts';
import { apiKeys, authTokens, loginAttempts, sessions, users } from './schema.ts';
import { studios } from '../studios/schema.ts';

export type UserRow = typeof users.$inferSelect;
export type ApiKeyRow = typeof apiKeys.$inferSelect;

export async function findUser(tx: Tx, ctx: Ctx, id: string): Promise<UserRow | undefined> {
  const [row] = await tx.select().from(users).where(and(eq(users.studioId, ctx.studioId), eq(users.id, id)));
  return row;
}

export async function findUserByEmail(tx: Executor, studioId: string, kind: 'staff' | 'customer', email: string) {
  const [row] = await tx
    .select()
    .from(users)
    .where(and(eq(users.studioId, studioId), eq(users.kind, kind), eq(users.email, email)));
  return row;
}

/** Staff accounts with this email in every studio (system look-up: the studio is not known yet). */
export async function findStaffByEmailAcrossStudios(tx: Executor, email: string, studioSlug?: string) {
  return tx
    .select({ user: users, studioSlug: studios.slug, studioName: studios.name })
    .from(users)
    .innerJoin(studios, eq(studios.id, users.studioId))
    .where(and(eq(users.email, email), eq(users.kind, 'staff'), studioSlug ? eq(studios.slug, studioSlug) : undefined));
}

export async function insertUser(tx: Tx, row: typeof users.$inferInsert) {
  await tx.insert(users).values(row);
}

export async function updateUser(tx: Tx, ctx: Ctx, id: string, patch: Partial<typeof users.$inferInsert>) {
  await tx
    .update(users)
    .set({ ...patch, updatedAt: ctx.clock.now() })
    .where(and(eq(users.studioId, ctx.studioId), eq(users.id, id)));
}

export async function listStaff(tx: Tx, ctx: Ctx) {
  return tx
    .select()
    .from(users)
    .where(and(eq(users.studioId, ctx.studioId), eq(users.kind, 'staff')))
    .orderBy(asc(users.firstName), asc(users.lastName), asc(users.id));
}

export async function countActiveAdmins(tx: Tx, ctx: Ctx): Promise<number> {
  const [row] = await tx
    .select({ n: count() })
    .from(users)
    .where(and(eq(users.studioId, ctx.studioId), eq(users.kind, 'staff'), eq(users.role, 'admin'), eq(users.status, 'active')));
  return Number(row?.n ?? 0);
}

export async function insertSession(tx: Executor, row: typeof sessions.$inferInsert) {
  await tx.insert(sessions).values(row);
}

/** The live session behind a token hash, with its user and studio (system look-up). */
export async function findLiveSession(tx: Executor, hash: string, now: Date) {
  // A statement template, not the builder: every signed-in request runs it (platform/db/statements.ts).
  const [row] = rowsOf<Record<string, unknown>>(
    await tx.execute(sql`
      select ${columnsOf(sessions, { alias: 's', prefix: 'session.' })}, ${columnsOf(users, { alias: 'u', prefix: 'user.' })}, st.slug as "studioSlug"
        from ${sessions} s
        join ${users} u on u.studio_id = s.studio_id and u.id = s.user_id
        join ${studios} st on st.id = s.studio_id
       where s.token_hash = ${hash} and s.revoked_at is null and s.expires_at > ${now.toISOString()}::timestamptz`),
  );
  if (!row) return undefined;
  return { session: rowOf(sessions, row, 'session.'), user: rowOf(users, row, 'user.'), studioSlug: row.studioSlug as string };
}

export async function touchSession(tx: Executor, studioId: string, id: string, now: Date, expiresAt: Date) {
  await tx
    .update(sessions)
    .set({ lastSeenAt: now, expiresAt })
    .where(and(eq(sessions.studioId, studioId), eq(sessions.id, id)));
}

export async function revokeSessionByHash(tx: Executor, hash: string, now: Date) {
  await tx.update(sessions).set({ revokedAt: now }).where(and(eq(sessions.tokenHash, hash), isNull(sessions.revokedAt)));
}

export async function revokeUserSessions(tx: Tx, ctx: Ctx, userId: string) {
  await tx
    .update(sessions)
    .set({ revokedAt: ctx.clock.now() })
    .where(and(eq(sessions.studioId, ctx.studioId), eq(sessions.userId, userId), isNull(sessions.revokedAt)));
}

export async function insertAuthToken(tx: Executor, row: typeof authTokens.$inferInsert) {
  await tx.insert(authTokens).values(row);
}

export async function findUsableAuthToken(tx: Executor, hash: string, purpose: 'invite' | 'reset', now: Date) {
  const [row] = await tx
    .select({ token: authTokens, user: users })
    .from(authTokens)
    .innerJoin(users, and(eq(users.studioId, authTokens.studioId), eq(users.id, authTokens.userId)))
    .where(and(eq(authTokens.tokenHash, hash), eq(authTokens.purpose, purpose), isNull(authTokens.usedAt), gt(authTokens.expiresAt, now)));
  return row;
}

export async function useAuthTokens(tx: Executor, studioId: string, userId: string, purpose: 'invite' | 'reset', now: Date) {
  await tx
    .update(authTokens)
    .set({ usedAt: now })
    .where(
      and(eq(authTokens.studioId, studioId), eq(authTokens.userId, userId), eq(authTokens.purpose, purpose), isNull(authTokens.usedAt)),
    );
}

export async function recordLoginAttempt(tx: Executor, row: typeof loginAttempts.$inferInsert) {
  await tx.insert(loginAttempts).values(row);
}

export async function countRecentFailures(tx: Executor, accountKey: string, ip: string, since: Date) {
  const [row] = await tx
    .select({
      accountFailures: sql<number>`count(*) filter (where ${loginAttempts.accountKey} = ${accountKey})::int`,
      ipFailures: sql<number>`count(*) filter (where ${loginAttempts.ip} = ${ip})::int`,
      oldest: sql<string | null>`min(${loginAttempts.at})`,
    })
    .from(loginAttempts)
    .where(
      and(
        eq(loginAttempts.succeeded, false),
        gt(loginAttempts.at, since),
        sql`(${loginAttempts.accountKey} = ${accountKey} or ${loginAttempts.ip} = ${ip})`,
      ),
    );
  return {
    accountFailures: Number(row?.accountFailures ?? 0),
    ipFailures: Number(row?.ipFailures ?? 0),
    oldestFailureAt: row?.oldest ? new Date(row.oldest) : null,
  };
}

/** A success clears the account's failures: the next typo does not inherit old ones. */
export async function clearAccountFailures(tx: Executor, accountKey: string) {
  await tx.delete(loginAttempts).where(and(eq(loginAttempts.accountKey, accountKey), eq(loginAttempts.succeeded, false)));
}

export async function listApiKeys(tx: Tx, ctx: Ctx) {
  return tx
    .select()
    .from(apiKeys)
    .where(and(eq(apiKeys.studioId, ctx.studioId), isNull(apiKeys.revokedAt)))
    .orderBy(asc(apiKeys.createdAt));
}

export async function insertApiKey(tx: Tx, row: typeof apiKeys.$inferInsert) {
  await tx.insert(apiKeys).values(row);
}

export async function revokeApiKey(tx: Tx, ctx: Ctx, id: string): Promise<boolean> {
  const rows = await tx
    .update(apiKeys)
    .set({ revokedAt: ctx.clock.now() })
    .where(and(eq(apiKeys.studioId, ctx.studioId), eq(apiKeys.id, id), isNull(apiKeys.revokedAt)))
    .returning({ id: apiKeys.id });
  return rows.length > 0;
}

export async function findLiveApiKey(tx: Executor, hash: string) {
  const [row] = await tx
    .select({ key: apiKeys, studioSlug: studios.slug })
    .from(apiKeys)
    .innerJoin(studios, eq(studios.id, apiKeys.studioId))
    .where(and(eq(apiKeys.tokenHash, hash), isNull(apiKeys.revokedAt)));
  return row;
}

export async function touchApiKey(tx: Executor, studioId: string, id: string, now: Date) {
  await tx.update(apiKeys).set({ lastUsedAt: now }).where(and(eq(apiKeys.studioId, studioId), eq(apiKeys.id, id)));
}

export async function markSignedIn(tx: Executor, studioId: string, userId: string, now: Date) {
  await tx.update(users).set({ lastLoginAt: now }).where(and(eq(users.studioId, studioId), eq(users.id, userId)));
}
