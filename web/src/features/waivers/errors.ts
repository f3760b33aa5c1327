import type { TFunction } from 'i18next';
import { ApiError } from '../../lib/api.ts';
import { errorMessage } from '../../lib/errors.ts';

/** The waivers' own error codes read in the UI language; any other error as usual. */
export function waiverErrorMessage(error: unknown, t: TFunction): string {
  if (error instanceof ApiError) {
    const own = t(`waivers.errors.${error.code}`, { defaultValue: '' });
    if (own) return own;
  }
  return errorMessage(error, t);
}
