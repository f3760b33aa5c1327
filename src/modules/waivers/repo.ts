import { and, asc, desc, eq, gt, inArray, isNull, lt, max, or, sql } from 'drizzle-orm';
import type { Ctx } from '../../kernel/ctx.ts';
import type { Tx } from '../../platform/db/client.ts';
import { isUniqueViolation } from '../../platform/db/tx.ts';
import { waiverSignRequests, waiverSignatures, waiverVersions, waivers } from './schema.ts';

export type WaiverRow = typeof waivers.$inferSelect;
export type VersionRow = typeof waiverVersions.$inferSelect;
export type SignatureRow = typeof waiverSignatures.$inferSelect;
export type RequestRow = typeof waiverSignRequests.$inferSelect;
/** A waiver with the text of its current version. */
export type CurrentWaiverRow = WaiverRow & { body: string; bodySha256: string };

const waiverById = (ctx: Ctx, id: string) => and(eq(waivers.studioId, ctx.studioId), eq(waivers.id, id));

const currentColumns = {
  studioId: waivers.studioId,
  id: waivers.id,
  kind: waivers.kind,
  title: waivers.title,
  currentVersion: waivers.currentVersion,
  archivedAt: waivers.archivedAt,
  createdAt: waivers.createdAt,
  updatedAt: waivers.updatedAt,
  body: waiverVersions.body,
  bodySha256: waiverVersions.bodySha256,
};

const joinCurrent = and(
  eq(waiverVersions.studioId, waivers.studioId),
  eq(waiverVersions.waiverId, waivers.id),
  eq(waiverVersions.version, waivers.currentVersion),
);

export async function listWaivers(tx: Tx, ctx: Ctx, options: { archived: boolean }): Promise<CurrentWaiverRow[]> {
  return tx
    .select(currentColumns)
    .from(waivers)
    .innerJoin(waiverVersions, joinCurrent)
    .where(and(eq(waivers.studioId, ctx.studioId), options.archived ? undefined : isNull(waivers.archivedAt)))
    .orderBy(sql`case ${waivers.kind} when 'customer' then 0 when 'membership' then 1 when 'child' then 2 else 3 end`, asc(waivers.title), asc(waivers.id));
}

/** `lock` serialises two edits of one waiver, so each computes its version number from the last. */
export async function findWaiver(tx: Tx, ctx: Ctx, id: string, options: { lock?: boolean } = {}): Promise<CurrentWaiverRow | undefined> {
  if (options.lock) await tx.select({ id: waivers.id }).from(waivers).where(waiverById(ctx, id)).for('update');
  const [row] = await tx.select(currentColumns).from(waivers).innerJoin(waiverVersions, joinCurrent).where(waiverById(ctx, id));
  return row;
}

export async function findActiveStandard(tx: Tx, ctx: Ctx, kind: string): Promise<CurrentWaiverRow | undefined> {
  const [row] = await tx
    .select(currentColumns)
    .from(waivers)
    .innerJoin(waiverVersions, joinCurrent)
    .where(and(eq(waivers.studioId, ctx.studioId), eq(waivers.kind, kind), isNull(waivers.archivedAt)));
  return row;
}

export async function listVersions(tx: Tx, ctx: Ctx, waiverId: string): Promise<VersionRow[]> {
  return tx
    .select()
    .from(waiverVersions)
    .where(and(eq(waiverVersions.studioId, ctx.studioId), eq(waiverVersions.waiverId, waiverId)))
    .orderBy(desc(waiverVersions.version));
}

export async function findVersions(tx: Tx, ctx: Ctx, keys: { waiverId: string; version: number }[]): Promise<VersionRow[]> {
  if (keys.length === 0) return [];
  return tx
    .select()
    .from(waiverVersions)
    .where(
      and(
        eq(waiverVersions.studioId, ctx.studioId),
        or(...keys.map((k) => and(eq(waiverVersions.waiverId, k.waiverId), eq(waiverVersions.version, k.version)))),
      ),
    );
}

export async function insertWaiver(tx: Tx, row: typeof waivers.$inferInsert): Promise<void> {
  await tx.insert(waivers).values(row);
}

/** The only unique index a new waiver can break besides its random id: one active waiver per standard kind. */
export const isStandardKindViolation = (err: unknown) => isUniqueViolation(err);

export async function insertVersion(tx: Tx, row: typeof waiverVersions.$inferInsert): Promise<void> {
  await tx.insert(waiverVersions).values(row);
}

export async function updateWaiver(tx: Tx, ctx: Ctx, id: string, patch: Partial<Pick<WaiverRow, 'title' | 'currentVersion' | 'archivedAt' | 'updatedAt'>>) {
  await tx.update(waivers).set(patch).where(waiverById(ctx, id));
}

export async function insertSignature(tx: Tx, row: typeof waiverSignatures.$inferInsert): Promise<void> {
  await tx.insert(waiverSignatures).values(row);
}

export async function findSignature(tx: Tx, ctx: Ctx, id: string): Promise<(SignatureRow & { waiverTitle: string }) | undefined> {
  const [row] = await tx
    .select({ signature: waiverSignatures, waiverTitle: waivers.title })
    .from(waiverSignatures)
    .innerJoin(waivers, and(eq(waivers.studioId, waiverSignatures.studioId), eq(waivers.id, waiverSignatures.waiverId)))
    .where(and(eq(waiverSignatures.studioId, ctx.studioId), eq(waiverSignatures.id, id)));
  return row ? { ...row.signature, waiverTitle: row.waiverTitle } : undefined;
}

export type SignatureListRow = Omit<SignatureRow, 'signatureImage'> & { waiverTitle: string };

const signatureListColumns = {
  studioId: waiverSignatures.studioId,
  id: waiverSignatures.id,
  waiverId: waiverSignatures.waiverId,
  version: waiverSignatures.version,
  customerId: waiverSignatures.customerId,
  signerId: waiverSignatures.signerId,
  signerName: waiverSignatures.signerName,
  method: waiverSignatures.method,
  bodySha256: waiverSignatures.bodySha256,
  ip: waiverSignatures.ip,
  userAgent: waiverSignatures.userAgent,
  witnessId: waiverSignatures.witnessId,
  requestId: waiverSignatures.requestId,
  signedAt: waiverSignatures.signedAt,
  waiverTitle: waivers.title,
};

/** Signatures covering these customers, newest first (the drawn image is left out). */
export async function listSignaturesCovering(tx: Tx, ctx: Ctx, customerIds: string[]): Promise<SignatureListRow[]> {
  if (customerIds.length === 0) return [];
  return tx
    .select(signatureListColumns)
    .from(waiverSignatures)
    .innerJoin(waivers, and(eq(waivers.studioId, waiverSignatures.studioId), eq(waivers.id, waiverSignatures.waiverId)))
    .where(and(eq(waiverSignatures.studioId, ctx.studioId), inArray(waiverSignatures.customerId, customerIds)))
    .orderBy(desc(waiverSignatures.signedAt), desc(waiverSignatures.id));
}

/** Waivers these customers have at least one signature or sign request for (custom waivers show up that way). */
export async function waiverIdsTouching(tx: Tx, ctx: Ctx, customerId: string): Promise<string[]> {
  const rows = await tx.execute(sql`
    select waiver_id from waiver_signatures where studio_id = ${ctx.studioId} and customer_id = ${customerId}
    union
    select waiver_id from waiver_sign_requests where studio_id = ${ctx.studioId} and customer_id = ${customerId}`);
  return (rows as unknown as { rows: { waiver_id: string }[] }).rows.map((r) => r.waiver_id);
}

export async function findWaiversByIds(tx: Tx, ctx: Ctx, ids: string[]): Promise<CurrentWaiverRow[]> {
  if (ids.length === 0) return [];
  return tx
    .select(currentColumns)
    .from(waivers)
    .innerJoin(waiverVersions, joinCurrent)
    .where(and(eq(waivers.studioId, ctx.studioId), inArray(waivers.id, ids)));
}

/** Distinct customers covered by a signature of a version older than `version` of this waiver. */
export async function customersWhoSignedBefore(tx: Tx, ctx: Ctx, waiverId: string, version: number): Promise<string[]> {
  const rows = await tx
    .selectDistinct({ customerId: waiverSignatures.customerId })
    .from(waiverSignatures)
    .where(and(eq(waiverSignatures.studioId, ctx.studioId), eq(waiverSignatures.waiverId, waiverId), lt(waiverSignatures.version, version)))
    .orderBy(asc(waiverSignatures.customerId));
  return rows.map((r) => r.customerId);
}

export async function latestSignedVersion(tx: Tx, ctx: Ctx, customerId: string, waiverId: string): Promise<number | null> {
  const [row] = await tx
    .select({ version: max(waiverSignatures.version) })
    .from(waiverSignatures)
    .where(and(eq(waiverSignatures.studioId, ctx.studioId), eq(waiverSignatures.customerId, customerId), eq(waiverSignatures.waiverId, waiverId)));
  return row?.version ?? null;
}

export async function insertRequest(tx: Tx, row: typeof waiverSignRequests.$inferInsert): Promise<void> {
  await tx.insert(waiverSignRequests).values(row);
}

export async function findRequestByHash(tx: Tx, ctx: Ctx, hash: string, options: { lock?: boolean } = {}): Promise<RequestRow | undefined> {
  const query = tx
    .select()
    .from(waiverSignRequests)
    .where(and(eq(waiverSignRequests.studioId, ctx.studioId), eq(waiverSignRequests.tokenHash, hash)));
  const [row] = options.lock ? await query.for('update') : await query;
  return row;
}

/** Marks a request used, only if it still is not: false when another signing got there first. */
export async function markRequestUsed(tx: Tx, ctx: Ctx, id: string, signatureId: string, at: Date): Promise<boolean> {
  const rows = await tx
    .update(waiverSignRequests)
    .set({ usedAt: at, signatureId })
    .where(and(eq(waiverSignRequests.studioId, ctx.studioId), eq(waiverSignRequests.id, id), isNull(waiverSignRequests.usedAt)))
    .returning({ id: waiverSignRequests.id });
  return rows.length === 1;
}

/** Open (unused, unexpired) requests for these customers, newest first. */
export async function openRequests(tx: Tx, ctx: Ctx, customerIds: string[], now: Date): Promise<RequestRow[]> {
  if (customerIds.length === 0) return [];
  return tx
    .select()
    .from(waiverSignRequests)
    .where(
      and(
        eq(waiverSignRequests.studioId, ctx.studioId),
        inArray(waiverSignRequests.customerId, customerIds),
        isNull(waiverSignRequests.usedAt),
        gt(waiverSignRequests.expiresAt, now),
      ),
    )
    .orderBy(desc(waiverSignRequests.createdAt), desc(waiverSignRequests.id));
}

// Customer data owner (merge, delete, privacy export).

export async function countFor(tx: Tx, ctx: Ctx, customerId: string): Promise<{ signatures: number; requests: number }> {
  const [row] = (
    (await tx.execute(sql`
      select
        (select count(*)::int from waiver_signatures where studio_id = ${ctx.studioId} and (customer_id = ${customerId} or signer_id = ${customerId})) as signatures,
        (select count(*)::int from waiver_sign_requests where studio_id = ${ctx.studioId} and customer_id = ${customerId}) as requests`)) as unknown as {
      rows: { signatures: number; requests: number }[];
    }
  ).rows;
  return { signatures: Number(row?.signatures ?? 0), requests: Number(row?.requests ?? 0) };
}

/** Re-points a merged profile's rows; the immutability trigger lets exactly these columns change. */
export async function moveCustomer(tx: Tx, ctx: Ctx, fromId: string, intoId: string): Promise<void> {
  const s = waiverSignatures;
  await tx.update(s).set({ customerId: intoId }).where(and(eq(s.studioId, ctx.studioId), eq(s.customerId, fromId)));
  await tx.update(s).set({ signerId: intoId }).where(and(eq(s.studioId, ctx.studioId), eq(s.signerId, fromId)));
  const r = waiverSignRequests;
  await tx.update(r).set({ customerId: intoId }).where(and(eq(r.studioId, ctx.studioId), eq(r.customerId, fromId)));
}

export async function hasSignatures(tx: Tx, ctx: Ctx, customerId: string): Promise<boolean> {
  const [row] = await tx
    .select({ id: waiverSignatures.id })
    .from(waiverSignatures)
    .where(and(eq(waiverSignatures.studioId, ctx.studioId), or(eq(waiverSignatures.customerId, customerId), eq(waiverSignatures.signerId, customerId))))
    .limit(1);
  return row !== undefined;
}

/** Sign requests that produced no signature carry no history. */
export async function deleteUnusedRequests(tx: Tx, ctx: Ctx, customerId: string): Promise<void> {
  const r = waiverSignRequests;
  await tx.delete(r).where(and(eq(r.studioId, ctx.studioId), eq(r.customerId, customerId), isNull(r.signatureId)));
}

export async function signaturesInvolving(tx: Tx, ctx: Ctx, customerId: string): Promise<SignatureListRow[]> {
  return tx
    .select(signatureListColumns)
    .from(waiverSignatures)
    .innerJoin(waivers, and(eq(waivers.studioId, waiverSignatures.studioId), eq(waivers.id, waiverSignatures.waiverId)))
    .where(and(eq(waiverSignatures.studioId, ctx.studioId), or(eq(waiverSignatures.customerId, customerId), eq(waiverSignatures.signerId, customerId))))
    .orderBy(asc(waiverSignatures.signedAt), asc(waiverSignatures.id));
}
