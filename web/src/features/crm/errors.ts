import { notifications } from '@mantine/notifications';
import type { TFunction } from 'i18next';
import { ApiError } from '../../lib/api.ts';
import { errorMessage } from '../../lib/errors.ts';

/** The message for an error of the tags, fields or notes API, in the UI language when its code is known. */
export function crmErrorMessage(error: unknown, t: TFunction): string {
  if (error instanceof ApiError) {
    const translated = t(`crm.errors.${error.code}`, { defaultValue: '' });
    if (translated) return translated;
  }
  return errorMessage(error, t);
}

/** Field errors of an answers form, keyed by field id (the server names them `values.<fieldId>`). */
export function answerErrors(error: unknown): Record<string, string> {
  if (!(error instanceof ApiError)) return {};
  const out: Record<string, string> = {};
  for (const { path, message } of error.fieldErrors) {
    const match = /^values\.(.+)$/.exec(path);
    if (match) out[match[1]!] = message;
  }
  return out;
}

export function notifyCrmError(error: unknown, t: TFunction): void {
  notifications.show({
    color: 'red',
    title: t('errors.title'),
    message: crmErrorMessage(error, t),
    autoClose: 8000,
    closeButtonProps: { 'aria-label': t('common.close') },
  });
}
