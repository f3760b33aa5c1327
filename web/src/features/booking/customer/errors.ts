import type { TFunction } from 'i18next';
import { ApiError } from '../../../lib/api.ts';
import { checkoutErrorMessage } from '../../checkout/errors.ts';

/** Booking problems (class full, sales closed, waiver…) in the UI language; payment and discount errors as checkout reads them. */
export function bookingErrorMessage(error: unknown, t: TFunction): string {
  if (error instanceof ApiError) {
    const own = t(`bookingCustomer.errors.${error.code}`, { defaultValue: '' });
    if (own) return own;
  }
  return checkoutErrorMessage(error, t);
}
