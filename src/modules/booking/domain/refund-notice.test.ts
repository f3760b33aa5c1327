import { describe, expect, it } from 'vitest';
import { refundNotice } from './refund-notice.ts';

describe('refundNotice (seed 003 refundNotice)', () => {
  it('words a class credit back to a pack as the seed does', () => {
    expect(refundNotice({ refundKind: 'class_credit', refundMinor: 0, currency: 'EUR', paymentMethod: 'membership' })).toEqual({
      en: 'Your class credit was returned. It was added back to your pack automatically.',
      fr: 'Vous avez été crédité. Ceci a été ajouté automatiquement à votre forfait.',
    });
  });

  it('names the amount of dollar credits', () => {
    const n = refundNotice({ refundKind: 'dollar_credit', refundMinor: 2500, currency: 'EUR', paymentMethod: 'card' });
    expect(n.fr.replace(/\u202f|\u00a0/g, ' ')).toBe('Vous avez reçu un crédit de 25,00 €. Il a été ajouté automatiquement à votre crédit.');
    expect(n.en).toBe('You received a credit of €25.00. It was added to your account credit automatically.');
    expect(refundNotice({ refundKind: 'dollar_credit', refundMinor: 1500, currency: 'JPY', paymentMethod: 'prepaid_credit' }).en).toBe(
      'You received a credit of ¥1,500. It was added to your account credit automatically.',
    );
  });

  it('words a cash payment credited to the account as the seed does', () => {
    expect(refundNotice({ refundKind: 'dollar_credit', refundMinor: 2000, currency: 'EUR', paymentMethod: 'cash' }).fr).toBe(
      "L'événement a été crédité automatiquement sur votre compte. Vous pourrez l'utiliser lors de futures réservations.",
    );
  });

  it('is empty when nothing was given back', () => {
    expect(refundNotice({ refundKind: 'none', refundMinor: 0, currency: 'EUR', paymentMethod: 'free' })).toEqual({ en: '', fr: '' });
  });
});
