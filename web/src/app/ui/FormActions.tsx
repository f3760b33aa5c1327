import { Button, Group } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

interface FormActionsProps {
  onCancel: () => void;
  submitLabel: ReactNode;
  loading?: boolean | undefined;
  disabled?: boolean | undefined;
}

/** The foot of a dialog's form: Cancel, then the submit button, on the right. */
export function FormActions({ onCancel, submitLabel, loading, disabled }: FormActionsProps) {
  const { t } = useTranslation();
  return (
    <Group justify="flex-end">
      <Button variant="default" onClick={onCancel}>
        {t('common.cancel')}
      </Button>
      <Button type="submit" loading={loading} disabled={disabled}>
        {submitLabel}
      </Button>
    </Group>
  );
}
