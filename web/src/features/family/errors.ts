import type { TFunction } from 'i18next';
import { notifications } from '@mantine/notifications';
import { ApiError } from '../../lib/api.ts';
import { errorMessage } from '../../lib/errors.ts';

/** The family/referral/subscription refusals have messages of their own (family.errors.<code>). */
export function familyErrorMessage(error: unknown, t: TFunction): string {
  if (error instanceof ApiError) {
    const own = t(`family.errors.${error.code}`, { defaultValue: '' });
    if (own) return own;
  }
  return errorMessage(error, t);
}

export function notifyFamilyError(error: unknown, t: TFunction): void {
  notifications.show({
    color: 'red',
    title: t('errors.title'),
    message: familyErrorMessage(error, t),
    autoClose: 8000,
    closeButtonProps: { 'aria-label': t('common.close') },
  });
}
