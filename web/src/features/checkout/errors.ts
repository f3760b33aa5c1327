import type { TFunction } from 'i18next';
import { ApiError } from '../../lib/api.ts';
import { walletErrorMessage } from '../wallet/errors.ts';

/** Purchase errors (discount codes, gift cards, credit, plans) in the UI language; card errors as the wallet reads them. */
export function checkoutErrorMessage(error: unknown, t: TFunction): string {
  if (error instanceof ApiError) {
    const own = t(`checkout.errors.${error.code}`, { defaultValue: '' });
    if (own) return own;
  }
  return walletErrorMessage(error, t);
}
