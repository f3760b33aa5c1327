import type { TFunction } from 'i18next';
import { ApiError } from '../../lib/api.ts';
import { errorMessage } from '../../lib/errors.ts';
import type { StripeError } from './stripe-js.ts';

/** A card refused by Stripe.js, in the UI language when its code is a known one. */
export function stripeErrorMessage(error: StripeError, t: TFunction): string {
  for (const code of [error.decline_code, error.code]) {
    if (!code) continue;
    const own = t(`wallet.declines.${code}`, { defaultValue: '' });
    if (own) return own;
  }
  return error.message || t('wallet.declines.generic');
}

/** The saved-card and payment codes read in the UI language; any other error as usual. */
export function walletErrorMessage(error: unknown, t: TFunction): string {
  if (error instanceof ApiError) {
    const own = t(`wallet.errors.${error.code}`, { defaultValue: '' });
    if (own) return own;
  }
  return errorMessage(error, t);
}
