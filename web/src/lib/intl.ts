import { currentLocale } from '../i18n/index.ts';

const common = ['EUR', 'USD', 'GBP', 'CHF', 'CAD', 'AUD'];

/** ISO 4217 codes the browser knows, with their names in the UI language. */
export function currencyOptions(locale: string = currentLocale()): { value: string; label: string }[] {
  let codes: string[] = common;
  try {
    codes = Intl.supportedValuesOf('currency');
  } catch {
    // older browser: the common few
  }
  let names: Intl.DisplayNames | null = null;
  try {
    names = new Intl.DisplayNames([locale], { type: 'currency' });
  } catch {
    names = null;
  }
  return codes.map((code) => ({ value: code, label: `${code} – ${names?.of(code) ?? code}` }));
}

/** The name of a two-letter region code, e.g. FR → France / France. */
export function countryName(code: string, locale: string = currentLocale()): string {
  if (!code) return '';
  try {
    return new Intl.DisplayNames([locale], { type: 'region' }).of(code) ?? code;
  } catch {
    return code;
  }
}
