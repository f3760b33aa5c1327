import { describe, expect, it } from 'vitest';
import { splitTenders, type TenderRequest } from './tenders.ts';

describe('splitTenders', () => {
  it('takes gift cards, then credit, then cash, then the card, whatever the order sent', () => {
    const split = splitTenders(5000, [{ method: 'card' }, { method: 'cash', amountMinor: 1000 }, { method: 'gift_card', amountMinor: 500 }, { method: 'prepaid_credit', amountMinor: 700 }]);

    expect(split.ok && split.tenders.map((t) => [t.method, t.amountMinor])).toEqual([
      ['gift_card', 500],
      ['prepaid_credit', 700],
      ['cash', 1000],
      ['card', 2800],
    ]);
  });

  it.each<[string, number, TenderRequest[], string]>([
    ['amounts that do not add up', 1000, [{ method: 'cash', amountMinor: 900 }], 'tender_mismatch'],
    ['a rest that would be zero', 1000, [{ method: 'cash', amountMinor: 1000 }, { method: 'card' }], 'tender_mismatch'],
    ['two open tenders', 1000, [{ method: 'cash' }, { method: 'card' }], 'invalid_tender'],
    ['two cards', 1000, [{ method: 'card', amountMinor: 500 }, { method: 'card', amountMinor: 500 }], 'invalid_tender'],
    ['a zero amount', 1000, [{ method: 'cash', amountMinor: 0 }, { method: 'card' }], 'invalid_tender'],
    ['no tender for a total', 1000, [], 'tender_mismatch'],
  ])('refuses %s', (_name, total, tenders, code) => {
    const split = splitTenders(total, tenders);

    expect(split.ok ? null : split.error.code).toBe(code);
  });

  it('accepts no tender for a free order', () => {
    expect(splitTenders(0, [])).toEqual({ ok: true, tenders: [] });
  });
});
