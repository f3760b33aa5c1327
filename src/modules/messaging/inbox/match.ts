import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Ctx } from '../../../kernel/ctx.ts';
import type { Tx } from '../../../platform/db/client.ts';
import { normalizeForSearch } from '../../customers/index.ts';
import { customers } from '../../customers/schema.ts';

/**
 * The forms a customer's stored phone digits may take for this E.164 sender: the number itself,
 * with the 00 international prefix, or national (country code of 1–3 digits dropped, with or
 * without the trunk 0). Phones are stored as typed (`+33 6 12…`, `06 12…`, `(415) 555-…`).
 */
export function phoneDigitsCandidates(from: string): string[] {
  const digits = from.replace(/\D/g, '');
  if (digits.length < 6) return [];
  const out = new Set([digits, `00${digits}`]);
  for (const cc of [1, 2, 3]) {
    const national = digits.slice(cc);
    if (national.length < 6) continue;
    out.add(national);
    out.add(`0${national}`);
  }
  return [...out];
}

/** Every non-anonymised customer of the studio whose stored phone is this sender's, adults first. */
export async function customersByPhone(tx: Tx, ctx: Ctx, from: string): Promise<string[]> {
  const candidates = phoneDigitsCandidates(from);
  if (candidates.length === 0) return [];
  const rows = await tx
    .select({ id: customers.id })
    .from(customers)
    .where(and(eq(customers.studioId, ctx.studioId), inArray(customers.phoneDigits, candidates), isNull(customers.anonymizedAt)))
    .orderBy(sql`${customers.parentId} is not null`, asc(customers.createdAt), asc(customers.id));
  return rows.map((r) => r.id);
}

/** The non-anonymised customer whose email is this address (emails are unique per studio), or null. */
export async function customerByEmail(tx: Tx, ctx: Ctx, address: string): Promise<string | null> {
  const normalized = normalizeForSearch(address.trim());
  if (!normalized.includes('@')) return null;
  const [row] = await tx
    .select({ id: customers.id })
    .from(customers)
    .where(and(eq(customers.studioId, ctx.studioId), eq(customers.searchEmail, normalized), isNull(customers.anonymizedAt)))
    .orderBy(asc(customers.createdAt), asc(customers.id))
    .limit(1);
  return row?.id ?? null;
}
