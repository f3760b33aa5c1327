import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './en.json';
import fr from './fr.json';

export const locales = ['en', 'fr'] as const;
export type UiLocale = (typeof locales)[number];
export const localeNames: Record<UiLocale, string> = { en: 'English', fr: 'Français' };

const storageKey = 'enso.locale';

export function isUiLocale(value: unknown): value is UiLocale {
  return typeof value === 'string' && (locales as readonly string[]).includes(value);
}

/** The visitor's explicit choice, remembered in this browser. */
export function storedLocale(): UiLocale | null {
  try {
    const value = localStorage.getItem(storageKey);
    return isUiLocale(value) ? value : null;
  } catch {
    return null;
  }
}

export function browserLocale(): UiLocale {
  for (const tag of navigator.languages ?? [navigator.language]) {
    const base = tag.slice(0, 2).toLowerCase();
    if (isUiLocale(base)) return base;
  }
  return 'en';
}

function applyDocumentLanguage(locale: string) {
  document.documentElement.lang = locale;
}

/**
 * Switches the UI language. `remember` stores an explicit choice; a default derived from the
 * studio or the account does not overwrite what the visitor picked themselves.
 */
let lastExplicitChoice: { locale: UiLocale; at: number } | null = null;

/** The language the visitor picked by hand after `since` (ms timestamp), if any. */
export function explicitChoiceSince(since: number): UiLocale | null {
  return lastExplicitChoice && lastExplicitChoice.at >= since ? lastExplicitChoice.locale : null;
}

export async function changeLocale(locale: UiLocale, remember: boolean): Promise<void> {
  if (remember) {
    lastExplicitChoice = { locale, at: Date.now() };
    try {
      localStorage.setItem(storageKey, locale);
    } catch {
      // private mode: the choice lasts for this page only
    }
  }
  if (i18next.language !== locale) await i18next.changeLanguage(locale);
}

/**
 * Precedence: the signed-in account's saved language, then the visitor's explicit choice in this
 * browser, then the studio's default, then the browser's language.
 */
export function resolveLocale(options: { account?: string | null; studioDefault?: string | null }): UiLocale {
  if (isUiLocale(options.account)) return options.account;
  const stored = storedLocale();
  if (stored) return stored;
  if (isUiLocale(options.studioDefault)) return options.studioDefault;
  return browserLocale();
}

export function currentLocale(): UiLocale {
  return isUiLocale(i18next.language) ? i18next.language : 'en';
}

type Messages = { [key: string]: string | Messages };

/**
 * Each feature may keep its own messages in `features/<area>/i18n/{en,fr}.json` (or one level
 * deeper, `features/<area>/<part>/i18n/`), under one top-level key of its own (e.g. `waivers`);
 * they are merged over the shared files here.
 */
const featureMessages = import.meta.glob<{ default: Messages }>(['../features/*/i18n/*.json', '../features/*/*/i18n/*.json'], { eager: true });

function messagesFor(locale: UiLocale, shared: Messages): Messages {
  const merged: Messages = { ...shared };
  for (const [path, module] of Object.entries(featureMessages)) {
    if (path.endsWith(`/${locale}.json`)) Object.assign(merged, module.default);
  }
  return merged;
}

export const resources = {
  en: { translation: messagesFor('en', en) },
  fr: { translation: messagesFor('fr', fr) },
} as const;

void i18next.use(initReactI18next).init({
  resources,
  lng: storedLocale() ?? browserLocale(),
  fallbackLng: 'en',
  supportedLngs: [...locales],
  interpolation: { escapeValue: false },
  returnNull: false,
});
applyDocumentLanguage(i18next.language);
i18next.on('languageChanged', applyDocumentLanguage);

export { i18next };
