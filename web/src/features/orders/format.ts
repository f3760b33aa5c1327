import type { TFunction } from 'i18next';
import { ApiError } from '../../lib/api.ts';
import { errorMessage } from '../../lib/errors.ts';

/** Badge colours, drawn as outlines in shade 9 (readable on white: WCAG AA). */
export const statusColor: Record<string, string> = {
  paid: 'teal',
  awaiting_payment: 'blue',
  open: 'gray',
  failed: 'red',
  void: 'gray',
  partially_refunded: 'violet',
  refunded: 'grape',
};

/** The commerce error codes in the UI language; any other error as usual. */
export function salesErrorMessage(error: unknown, t: TFunction): string {
  if (error instanceof ApiError) {
    const own = t(`sales.errors.${error.code}`, { defaultValue: '' });
    if (own) return own;
  }
  return errorMessage(error, t);
}
