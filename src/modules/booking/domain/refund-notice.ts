import { minorUnits, parseCurrencyCode } from '../../../kernel/money.ts';
import type { BookingPaymentMethod } from '../contracts.ts';
import type { RefundKind } from './cancellation-policy.ts';

/**
 * The `refundNotice` text of a cancelled class (seed 003 "##{{refundNotice}}"): what was given
 * back, worded by how the customer paid. French is the seed's wording; English is ours. Empty
 * when nothing was given back.
 */
export interface RefundNotice {
  en: string;
  fr: string;
}

export function formatAmount(amountMinor: number, currency: string, locale: 'en' | 'fr'): string {
  const code = parseCurrencyCode(currency);
  const digits = minorUnits(code);
  return new Intl.NumberFormat(locale === 'fr' ? 'fr-FR' : 'en-US', { style: 'currency', currency: code, minimumFractionDigits: digits, maximumFractionDigits: digits }).format(
    amountMinor / 10 ** digits,
  );
}

export function refundNotice(r: { refundKind: RefundKind | 'card' | 'cash'; refundMinor: number; currency: string | null; paymentMethod: BookingPaymentMethod | null }): RefundNotice {
  if (r.refundKind === 'class_credit') {
    return { en: 'Your class credit was returned. It was added back to your pack automatically.', fr: 'Vous avez été crédité. Ceci a été ajouté automatiquement à votre forfait.' };
  }
  if (r.refundKind === 'dollar_credit' && r.refundMinor > 0 && r.currency) {
    if (r.paymentMethod === 'cash' || r.paymentMethod === 'terminal') {
      return {
        en: 'The class was credited to your account automatically. You can use it for future bookings.',
        fr: "L'événement a été crédité automatiquement sur votre compte. Vous pourrez l'utiliser lors de futures réservations.",
      };
    }
    return {
      en: `You received a credit of ${formatAmount(r.refundMinor, r.currency, 'en')}. It was added to your account credit automatically.`,
      fr: `Vous avez reçu un crédit de ${formatAmount(r.refundMinor, r.currency, 'fr')}. Il a été ajouté automatiquement à votre crédit.`,
    };
  }
  if (r.refundKind === 'card' && r.refundMinor > 0 && r.currency) {
    return {
      en: `${formatAmount(r.refundMinor, r.currency, 'en')} was refunded to your card.`,
      fr: `${formatAmount(r.refundMinor, r.currency, 'fr')} ont été remboursés sur votre carte.`,
    };
  }
  if (r.refundKind === 'cash' && r.refundMinor > 0 && r.currency) {
    return {
      en: `${formatAmount(r.refundMinor, r.currency, 'en')} was given back to you in cash.`,
      fr: `${formatAmount(r.refundMinor, r.currency, 'fr')} vous ont été rendus en espèces.`,
    };
  }
  return { en: '', fr: '' };
}
