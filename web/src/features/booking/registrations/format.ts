import { ApiError } from '../../../lib/api.ts';
import { checkoutErrorMessage } from '../../checkout/errors.ts';
import type { PublicClassDto } from '../../public-schedule/api.ts';

/** The error codes a registration can answer with (src/modules/booking/registrations/service.ts), each with its own message. */
export const registrationErrorCodes = [
  'class_full',
  'already_booked',
  'class_started',
  'class_not_found',
  'invalid_booking',
  'payment_required',
  'payment_failed',
  'waiver_required',
  'customer_not_found',
  'registration_not_found',
  'not_cancellable',
  'not_your_booking',
  'not_your_child',
  'children_not_allowed',
] as const;

/** A registration problem (one class full, already registered…) in the UI language; payment errors as checkout reads them. */
export function registrationErrorMessage(error: unknown, t: (key: string, options?: Record<string, unknown>) => string, staff = false): string {
  if (error instanceof ApiError) {
    const own = (staff ? t(`bookingRegistration.staff.errors.${error.code}`, { defaultValue: '' }) : '') || t(`bookingRegistration.errors.${error.code}`, { defaultValue: '' });
    if (own) return own;
  }
  return checkoutErrorMessage(error, t as never);
}

/** The classes a registration would book now: those of the series not started nor cancelled. */
export const classesToCome = (items: readonly PublicClassDto[]) => items.filter((i) => i.bookability !== 'started' && i.bookability !== 'cancelled');

