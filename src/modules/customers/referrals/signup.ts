import type { Ctx } from '../../../kernel/ctx.ts';
import type { Tx } from '../../../platform/db/client.ts';
import { normalizeReferralCode } from '../domain/referral-code.ts';
import * as repo from './repo.ts';

/**
 * The referrer a sign-up's `ref` stands for, or null. A code that is malformed or unknown, a
 * programme that is off, or a referrer whose profile was anonymised or merged is ignored: the
 * visitor still signs up, simply not as a referral.
 */
export async function referrerForSignup(tx: Tx, ctx: Ctx, ref: string | undefined): Promise<string | null> {
  const code = ref === undefined ? null : normalizeReferralCode(ref);
  if (code === null) return null;
  const settings = await repo.findSettings(tx, ctx);
  if (!settings?.enabled) return null;
  const referrer = await repo.findByReferralCode(tx, ctx, code);
  if (!referrer || referrer.anonymizedAt !== null || referrer.mergedIntoId !== null) return null;
  return referrer.id;
}
