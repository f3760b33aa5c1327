import { notifications } from '@mantine/notifications';
import type { TFunction } from 'i18next';
import { ApiError } from '../../lib/api.ts';
import { errorMessage } from '../../lib/errors.ts';

/** The message for an error of the documents, merge or delete API, in the UI language when its code is known. */
export function recordsErrorMessage(error: unknown, t: TFunction): string {
  if (error instanceof ApiError) {
    const translated = t(`records.errors.${error.code}`, { defaultValue: '' });
    if (translated) return translated;
    if (error.status === 413) return t('records.errors.file_too_large');
  }
  return errorMessage(error, t);
}

export function notifyRecordsError(error: unknown, t: TFunction): void {
  notifications.show({
    color: 'red',
    title: t('errors.title'),
    message: recordsErrorMessage(error, t),
    autoClose: 8000,
    closeButtonProps: { 'aria-label': t('common.close') },
  });
}
