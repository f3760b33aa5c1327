import type { UseFormReturnType } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import i18next, { type TFunction } from 'i18next';
import { ApiError } from './api.ts';

/** A message for an error: the i18n text for its stable code when there is one, else the server's detail. */
export function errorMessage(error: unknown, t: TFunction): string {
  if (error instanceof ApiError) {
    const key = `errors.${error.code}`;
    const translated = t(key, { defaultValue: '' });
    if (translated) return translated;
    if (error.detail) return error.detail;
    return t('errors.generic');
  }
  return t('errors.generic');
}

export function notifyError(error: unknown, t: TFunction): void {
  notifications.show({
    color: 'red',
    title: t('errors.title'),
    message: errorMessage(error, t),
    autoClose: 8000,
    closeButtonProps: { 'aria-label': t('common.close') },
  });
}

export function notifySuccess(message: string): void {
  notifications.show({
    color: 'teal',
    message,
    autoClose: 4000,
    closeButtonProps: { 'aria-label': i18next.t('common.close') },
  });
}

/** `body.email`, `/email`, `email` and `address/city` all name the same form path. */
export function fieldPath(path: string): string {
  return path
    .replace(/^\/+/, '')
    .replace(/^body[./]/, '')
    .replace(/\//g, '.');
}

/**
 * Shows a server error on a form: each `errors[].path` that names a field of the form goes next
 * to that input; everything else (and errors without field details) becomes a notification.
 */
export function applyApiError<V extends object>(
  form: UseFormReturnType<V, any>,
  error: unknown,
  t: TFunction,
  aliases: Record<string, string> = {},
): void {
  if (error instanceof ApiError && error.fieldErrors.length > 0) {
    const values = form.getValues() as Record<string, unknown>;
    const unmatched: string[] = [];
    const fieldErrors: Record<string, string> = {};
    // A coded conflict (email_taken, slug_taken…) reads better in the UI language; the
    // messages of a schema validation are specific to each field and come from the server.
    const translated = error.code !== 'validation_failed' ? t(`errors.${error.code}`, { defaultValue: '' }) : '';
    for (const { path, message: serverMessage } of error.fieldErrors) {
      const message = translated || serverMessage;
      const normalized = fieldPath(path);
      const key = aliases[normalized] ?? normalized;
      const top = key.split('.')[0] ?? key;
      if (top in values) fieldErrors[key] = fieldErrors[key] && fieldErrors[key] !== message ? `${fieldErrors[key]} ${message}` : message;
      else unmatched.push(path ? `${path}: ${message}` : message);
    }
    form.setErrors(fieldErrors);
    if (unmatched.length > 0) {
      notifications.show({
        color: 'red',
        title: t('errors.title'),
        message: unmatched.join('\n'),
        autoClose: 8000,
        closeButtonProps: { 'aria-label': t('common.close') },
      });
    }
    return;
  }
  notifyError(error, t);
}
