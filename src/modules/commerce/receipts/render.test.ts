import { describe, expect, it } from 'vitest';
import type { OrderDto } from '../contracts.ts';
import { formatMinor, renderReceipt } from './render.ts';

const order: OrderDto = {
  id: 'ord_1',
  number: 42,
  status: 'paid',
  channel: 'pos',
  customerId: 'cus_1',
  currency: 'EUR',
  subtotalMinor: 2000,
  discountMinor: 200,
  taxMinor: 360,
  surchargeMinor: 59,
  totalMinor: 2219,
  paidMinor: 2219,
  refundedMinor: 0,
  refundableMinor: 2219,
  discountCode: 'SPRING',
  failureMessage: null,
  createdAt: '2026-03-02T10:00:00.000Z',
  paidAt: '2026-03-02T10:00:00.000Z',
  lines: [
    { id: 'l1', kind: 'drop_in', refId: null, description: 'Yoga', quantity: 2, unitPriceMinor: 1000, subtotalMinor: 2000, discountMinor: 200, taxRateBp: 2000, taxMinor: 360, totalMinor: 2160, refundedMinor: 0, fulfilledRef: null, fulfilmentError: null },
    { id: 'l2', kind: 'surcharge', refId: null, description: 'Card fee', quantity: 1, unitPriceMinor: 59, subtotalMinor: 59, discountMinor: 0, taxRateBp: 0, taxMinor: 0, totalMinor: 59, refundedMinor: 0, fulfilledRef: null, fulfilmentError: null },
  ],
  payments: [
    { id: 'p1', method: 'cash', amountMinor: 1000, status: 'succeeded', provider: 'manual', refundedMinor: 0, failureMessage: null, createdAt: '2026-03-02T10:00:00.000Z' },
    { id: 'p2', method: 'card', amountMinor: 1219, status: 'succeeded', provider: 'stripe', refundedMinor: 0, failureMessage: null, createdAt: '2026-03-02T10:00:00.000Z' },
  ],
  refunds: [],
};

describe('renderReceipt', () => {
  it('lists lines, discount, tax, card fee, total and tenders in English', () => {
    const r = renderReceipt(order, { locale: 'en', studioName: 'Lotus', customerName: 'Ana', timeZone: 'Europe/Paris' });

    expect(r.subject).toBe('Your receipt from Lotus (order #42)');
    expect(r.text).toContain('2 × Yoga: €20.00');
    expect(r.text).toContain('Discount (SPRING): −€2.00');
    expect(r.text).toContain('Tax: €3.60');
    expect(r.text).toContain('Card fee: €0.59');
    expect(r.text).toContain('Total: €22.19');
    expect(r.text).toContain('Cash: €10.00');
    expect(r.text).toContain('Card: €12.19');
    expect(r.text).not.toContain('Card fee: €0.59\nCard fee');
  });

  it('speaks French to a French customer', () => {
    const r = renderReceipt(order, { locale: 'fr', studioName: 'Lotus', customerName: 'Ana', timeZone: 'Europe/Paris' });

    expect(r.subject).toBe('Votre reçu de Lotus (commande n° 42)');
    expect(r.text).toContain('Frais de carte');
    expect(r.text).toMatch(/Total: 22,19\s€/);
    expect(r.text).toMatch(/Espèces: 10,00\s€/);
  });

  it('formats with the currency ISO decimals', () => {
    expect(formatMinor(1999, 'JPY', 'en')).toMatch(/¥1,999$/);
    expect(formatMinor(1999, 'KWD', 'en')).toMatch(/1\.999/);
  });
});
