/**
 * How a sale's tenders split its total, pure. Rules:
 * - tenders are taken in a fixed order whatever order the caller sent them in: gift cards,
 *   then prepaid credit, then cash / terminal (manual), then the card last — the card is the
 *   only tender that can fail after the others were taken, and the only one that can surcharge;
 * - each tender names its amount, except at most one which takes the rest (it must be > 0);
 * - the amounts (before surcharge) add up to the order's total exactly; none is ≤ 0;
 * - at most one card tender;
 * - a zero total needs no tender (a free order is paid at once).
 */

export type TenderMethod = 'gift_card' | 'prepaid_credit' | 'cash' | 'terminal' | 'card';

export const tenderRank: Record<TenderMethod, number> = { gift_card: 0, prepaid_credit: 1, cash: 2, terminal: 2, card: 3 };

export interface TenderRequest {
  method: TenderMethod;
  amountMinor?: number | undefined;
}

export type TenderSplitError =
  | { code: 'tender_mismatch'; path: string; message: string }
  | { code: 'invalid_tender'; path: string; message: string };

export type TenderSplit<T extends TenderRequest> = { ok: true; tenders: (T & { amountMinor: number; index: number })[] } | { ok: false; error: TenderSplitError };

export function splitTenders<T extends TenderRequest>(totalMinor: number, tenders: readonly T[]): TenderSplit<T> {
  if (tenders.length === 0) {
    return totalMinor === 0
      ? { ok: true, tenders: [] }
      : { ok: false, error: { code: 'tender_mismatch', path: 'tenders', message: 'Choose how the customer pays.' } };
  }
  if (tenders.filter((t) => t.method === 'card').length > 1) {
    return { ok: false, error: { code: 'invalid_tender', path: 'tenders', message: 'A sale takes at most one card payment.' } };
  }
  const open = tenders.map((t, i) => ({ t, i })).filter(({ t }) => t.amountMinor === undefined);
  if (open.length > 1) {
    return { ok: false, error: { code: 'invalid_tender', path: `tenders.${open[1]!.i}.amountMinor`, message: 'Only one payment can take the rest: give the others an amount.' } };
  }
  for (const [i, t] of tenders.entries()) {
    if (t.amountMinor !== undefined && (!Number.isSafeInteger(t.amountMinor) || t.amountMinor <= 0)) {
      return { ok: false, error: { code: 'invalid_tender', path: `tenders.${i}.amountMinor`, message: 'A payment amount must be more than zero.' } };
    }
  }
  const named = tenders.reduce((a, t) => a + (t.amountMinor ?? 0), 0);
  const rest = totalMinor - named;
  if (open.length === 1 ? rest <= 0 : rest !== 0) {
    return {
      ok: false,
      error: {
        code: 'tender_mismatch',
        path: 'tenders',
        message: `The payments add up to ${named} but the total is ${totalMinor} (minor units).`,
      },
    };
  }
  const resolved = tenders.map((t, index) => ({ ...t, amountMinor: t.amountMinor ?? rest, index }));
  resolved.sort((a, b) => tenderRank[a.method] - tenderRank[b.method] || a.index - b.index);
  return { ok: true, tenders: resolved };
}
