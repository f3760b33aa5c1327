import { SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useTranslation } from 'react-i18next';
import type { CustomerDto } from '../../lib/contracts.ts';
import { applyApiError } from '../../lib/errors.ts';
import { ApiError } from '../../lib/api.ts';
import { customerValidators } from '../customers/CustomerForm.tsx';
import type { AddChild } from './api.ts';
import { notifyFamilyError } from './errors.ts';
import { FormActions } from '../../app/ui/FormActions.tsx';

interface Props {
  initial?: CustomerDto;
  submitLabel: string;
  onSubmit: (body: AddChild) => Promise<unknown>;
  onCancel?: () => void;
}

/** A child's name and birth date; no email: the parent books and signs for them. */
export function ChildForm({ initial, submitLabel, onSubmit, onCancel }: Props) {
  const { t } = useTranslation();
  const v = customerValidators(t);
  const form = useForm({
    initialValues: { firstName: initial?.firstName ?? '', lastName: initial?.lastName ?? '', birthDate: initial?.birthDate ?? '' },
    validate: { firstName: v.firstName, birthDate: v.birthDate },
  });
  const submit = form.onSubmit(async (values) => {
    try {
      await onSubmit({ firstName: values.firstName.trim(), lastName: values.lastName.trim(), birthDate: values.birthDate });
      if (!initial) form.reset();
    } catch (error) {
      if (error instanceof ApiError && error.fieldErrors.length > 0) applyApiError(form, error, t);
      else notifyFamilyError(error, t);
    }
  });
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput label={t('fields.firstName')} required autoComplete="off" {...form.getInputProps('firstName')} />
          <TextInput
            label={t('fields.lastName')}
            description={initial ? undefined : t('family.lastNameHelp')}
            autoComplete="off"
            {...form.getInputProps('lastName')}
          />
        </SimpleGrid>
        <TextInput label={t('fields.birthDate')} type="date" {...form.getInputProps('birthDate')} />
        <FormActions onCancel={onCancel} submitLabel={submitLabel} loading={form.submitting} disabled={!!initial && !form.isDirty()} />
      </Stack>
    </form>
  );
}
