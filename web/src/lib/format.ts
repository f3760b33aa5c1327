import { currentLocale } from '../i18n/index.ts';

const intlLocale = (locale: string) => (locale === 'fr' ? 'fr-FR' : 'en-GB');

/** An instant shown on the wall clock of `timeZone` (the studio's or the location's zone). */
export function formatInZone(
  instant: string | Date | null | undefined,
  timeZone: string | undefined,
  options: Intl.DateTimeFormatOptions = { dateStyle: 'medium', timeStyle: 'short' },
  locale: string = currentLocale(),
): string {
  if (!instant) return '';
  const date = typeof instant === 'string' ? new Date(instant) : instant;
  if (Number.isNaN(date.getTime())) return '';
  try {
    return new Intl.DateTimeFormat(intlLocale(locale), { ...options, timeZone }).format(date);
  } catch {
    return new Intl.DateTimeFormat(intlLocale(locale), options).format(date);
  }
}

/** A calendar date (`YYYY-MM-DD`), which has no zone: formatted as that same day everywhere. */
export function formatLocalDate(value: string | null | undefined, locale: string = currentLocale()): string {
  if (!value) return '';
  const [y, m, d] = value.split('-').map(Number);
  if (!y || !m || !d) return value;
  return new Intl.DateTimeFormat(intlLocale(locale), { dateStyle: 'medium', timeZone: 'UTC' }).format(
    new Date(Date.UTC(y, m - 1, d)),
  );
}

export function formatNumber(value: number, locale: string = currentLocale()): string {
  return new Intl.NumberFormat(intlLocale(locale)).format(value);
}

export function fullName(person: { firstName: string; lastName: string }): string {
  return [person.firstName, person.lastName].filter(Boolean).join(' ');
}

/** Digits after the decimal point of a currency: 2 for EUR, 0 for JPY, 3 for KWD (the browser's ISO table). */
export function currencyDigits(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

/** What a price field holds (15.5) in minor units of `currency` (1550 EUR, 16 JPY); '' → null. */
export function toMinorUnits(value: number | string, currency: string): number | null {
  if (value === '' || value === null || Number.isNaN(Number(value))) return null;
  return Math.round(Number(value) * 10 ** currencyDigits(currency));
}

/** Minor units back to a price field's value (1550 EUR → 15.5); null → ''. */
export function fromMinorUnits(minor: number | null, currency: string): number | '' {
  return minor === null ? '' : minor / 10 ** currencyDigits(currency);
}

/** An amount in minor units of `currency` (1500 EUR → "€15.00" / "15,00 €"). */
export function formatMoney(amountMinor: number, currency: string, locale: string = currentLocale()): string {
  const digits = currencyDigits(currency);
  try {
    return new Intl.NumberFormat(intlLocale(locale), { style: 'currency', currency }).format(amountMinor / 10 ** digits);
  } catch {
    return `${(amountMinor / 10 ** digits).toFixed(digits)} ${currency}`;
  }
}
