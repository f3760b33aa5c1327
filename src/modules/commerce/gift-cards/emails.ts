import { minorUnits, parseCurrencyCode } from '../../../kernel/money.ts';

/** What a gift card's recipient is told, in the studio's language. */
type Locale = 'en' | 'fr';

/** `2500 EUR` → `€25.00` / `25,00 €`: the ISO digits of the currency, not the formatter's defaults. */
export function formatAmount(amountMinor: number, currency: string, locale: Locale): string {
  const digits = minorUnits(parseCurrencyCode(currency));
  return new Intl.NumberFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', {
    style: 'currency',
    currency,
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(amountMinor / 10 ** digits);
}

/**
 * The values of messaging's `gift_card.received` template (the texts live in the catalogue):
 * the amount in the studio's currency written the locale's way, the code, the buyer's message,
 * until when it is valid, and the studio's public pages.
 */
export function giftCardValues(
  locale: Locale,
  p: { studioName: string; recipientName: string; amount: string; code: string; message: string; expiresOn: string | null; bookUrl: string },
): Record<string, string> {
  const validity = p.expiresOn ? (locale === 'fr' ? `Elle est valable jusqu'au ${p.expiresOn}.` : `It is valid until ${p.expiresOn}.`) : '';
  return {
    studio_name: p.studioName,
    recipient_name: p.recipientName,
    gift_card_code: p.code,
    gift_card_amount: p.amount,
    gift_card_message: p.message.trim(),
    gift_card_validity: validity,
    book_url: p.bookUrl,
  };
}
