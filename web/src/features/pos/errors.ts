import type { TFunction } from 'i18next';
import { ApiError } from '../../lib/api.ts';
import { errorMessage } from '../../lib/errors.ts';

/** A sale's errors in the UI language: the point of sale's own codes, then the shared ones. */
export function applyApiErrorMessage(error: unknown, t: TFunction): string {
  if (error instanceof ApiError) {
    const own = t(`pos.errors.${error.code}`, { defaultValue: '' });
    if (own) return own;
    const field = error.fieldErrors[0]?.message;
    if (field && error.status === 400) return field;
  }
  return errorMessage(error, t);
}
