/**
 * SMS tiers (seed 003 "Paliers SMS"): a studio buys a monthly allowance of SMS segments — the
 * unit Twilio bills (platform/sms `countSegments`). The tiers are Enso's, defined here; the
 * studio's choice is `messaging_settings.sms_tier`. A month is the calendar month in the
 * studio's time zone.
 */

export interface SmsTier {
  key: SmsTierKey;
  /** Segments the studio may send in one calendar month. */
  monthlySegments: number;
  label: { en: string; fr: string };
}

export const smsTierKeys = ['starter', 'growth', 'pro'] as const;
export type SmsTierKey = (typeof smsTierKeys)[number];

export const smsTiers: readonly SmsTier[] = [
  { key: 'starter', monthlySegments: 500, label: { en: 'Starter', fr: 'Essentiel' } },
  { key: 'growth', monthlySegments: 2_000, label: { en: 'Growth', fr: 'Croissance' } },
  { key: 'pro', monthlySegments: 10_000, label: { en: 'Pro', fr: 'Pro' } },
];

export const defaultSmsTier: SmsTierKey = 'starter';

export function isSmsTierKey(value: string): value is SmsTierKey {
  return (smsTierKeys as readonly string[]).includes(value);
}

/** The tier for a stored key; an unknown key (a tier since retired) counts as the default. */
export function smsTierOf(key: string): SmsTier {
  return smsTiers.find((t) => t.key === key) ?? smsTiers.find((t) => t.key === defaultSmsTier)!;
}

/** The next tier up, or null at the top. */
export function nextSmsTier(key: string): SmsTier | null {
  const i = smsTiers.findIndex((t) => t.key === smsTierOf(key).key);
  return smsTiers[i + 1] ?? null;
}

/** True when sending `segments` more on top of `used` stays within `allowed`. */
export function fitsInTier(used: number, segments: number, allowed: number): boolean {
  return used + segments <= allowed;
}
