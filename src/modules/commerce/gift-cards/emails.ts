import { minorUnits, parseCurrencyCode } from '../../../kernel/money.ts';

/** The email a gift card's recipient receives, in the studio's language. Plain text only. */
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

export function giftCardEmail(
  locale: Locale,
  p: { studioName: string; recipientName: string; amount: string; code: string; message: string; expiresOn: string | null; bookUrl: string },
) {
  const message = p.message.trim() === '' ? '' : `\n${p.message.trim().split('\n').map((l) => `> ${l}`).join('\n')}\n`;
  if (locale === 'fr') {
    const hello = p.recipientName ? `Bonjour ${p.recipientName},` : 'Bonjour,';
    const until = p.expiresOn ? `\nElle est valable jusqu'au ${p.expiresOn}.` : '';
    return {
      subject: `Votre carte cadeau ${p.studioName} de ${p.amount}`,
      text: `${hello}\n\nVous avez reçu une carte cadeau de ${p.amount} chez ${p.studioName}.\n${message}\nVotre code : ${p.code}\n\nDonnez-le à l'accueil, ou utilisez-le en ligne : ${p.bookUrl}${until}\n`,
    };
  }
  const hello = p.recipientName ? `Hello ${p.recipientName},` : 'Hello,';
  const until = p.expiresOn ? `\nIt is valid until ${p.expiresOn}.` : '';
  return {
    subject: `Your ${p.amount} gift card for ${p.studioName}`,
    text: `${hello}\n\nYou have received a ${p.amount} gift card for ${p.studioName}.\n${message}\nYour code: ${p.code}\n\nGive it at the front desk, or use it online: ${p.bookUrl}${until}\n`,
  };
}
