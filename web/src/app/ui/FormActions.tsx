import { Button, Group } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

interface FormActionsProps {
  /** Without it, the form shows only its submit button (a form on a page rather than in a dialog). */
  onCancel?: (() => void) | undefined;
  submitLabel: ReactNode;
  loading?: boolean | undefined;
  disabled?: boolean | undefined;
}

/** The foot of a form: Cancel (when it can be cancelled), then the submit button, on the right. */
export function FormActions({ onCancel, submitLabel, loading, disabled }: FormActionsProps) {
  const { t } = useTranslation();
  return (
    <Group justify="flex-end">
      {onCancel ? (
        <Button variant="default" onClick={onCancel}>
          {t('common.cancel')}
        </Button>
      ) : null}
      <Button type="submit" loading={loading} disabled={disabled}>
        {submitLabel}
      </Button>
    </Group>
  );
}
