import { Select, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import type { TFunction } from 'i18next';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { isUiLocale, localeNames, locales } from '../../i18n/index.ts';
import type { CustomerDto } from '../../lib/contracts.ts';
import { applyApiError } from '../../lib/errors.ts';
import { FormActions } from '../../app/ui/FormActions.tsx';

export interface CustomerFormValues {
  firstName: string;
  lastName: string;
  email: string;
  phone: string;
  birthDate: string;
  locale: string | null;
}

export function customerFormValues(c?: CustomerDto | null): CustomerFormValues {
  return {
    firstName: c?.firstName ?? '',
    lastName: c?.lastName ?? '',
    email: c?.email ?? '',
    phone: c?.phone ?? '',
    birthDate: c?.birthDate ?? '',
    locale: c?.locale ?? null,
  };
}

const phonePattern = /^\+?[0-9 ().-]*$/;

/** Client-side checks mirroring the server's contract, in the UI's language; the server has the last word. */
export function customerValidators(t: TFunction) {
  return {
    firstName: (v: string) => (v.trim() ? null : t('validation.required')),
    email: (v: string) => (!v.trim() || /^\S+@\S+\.\S+$/.test(v.trim()) ? null : t('validation.email')),
    phone: (v: string) =>
      !v.trim() || (phonePattern.test(v.trim()) && v.replace(/\D/g, '').length >= 6) ? null : t('validation.phone'),
    birthDate: (v: string) => (!v || /^\d{4}-\d{2}-\d{2}$/.test(v) ? null : t('validation.date')),
  };
}

interface Props {
  initial?: CustomerDto | null;
  /** The customer's own profile has no e-mail field (e-mail changes go through the account). */
  withEmail?: boolean;
  submitLabel: string;
  onSubmit: (values: CustomerFormValues) => Promise<unknown>;
  onCancel?: () => void;
}

export function CustomerForm({ initial, withEmail = true, submitLabel, onSubmit, onCancel }: Props) {
  const { t } = useTranslation();
  const form = useForm<CustomerFormValues>({
    initialValues: customerFormValues(initial),
    validate: customerValidators(t),
  });

  // When the saved customer changes (after a save or a refetch), the form starts from it again.
  useEffect(() => {
    if (initial) {
      const values = customerFormValues(initial);
      form.setInitialValues(values);
      form.setValues(values);
    }
  }, [initial]);

  const submit = form.onSubmit(async (values) => {
    try {
      await onSubmit(values);
    } catch (error) {
      applyApiError(form, error, t);
    }
  });

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput label={t('fields.firstName')} required autoComplete="off" {...form.getInputProps('firstName')} />
          <TextInput label={t('fields.lastName')} autoComplete="off" {...form.getInputProps('lastName')} />
        </SimpleGrid>
        {withEmail ? <TextInput label={t('fields.email')} type="email" autoComplete="off" {...form.getInputProps('email')} /> : null}
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput label={t('fields.phone')} type="tel" autoComplete="off" {...form.getInputProps('phone')} />
          <TextInput label={t('fields.birthDate')} type="date" {...form.getInputProps('birthDate')} />
        </SimpleGrid>
        <Select
          label={t('fields.language')}
          description={t('customers.languageHelp')}
          placeholder={t('fields.languageDefault')}
          data={locales.map((l) => ({ value: l, label: localeNames[l] }))}
          allowDeselect={false}
          {...form.getInputProps('locale')}
        />
        <FormActions onCancel={onCancel} submitLabel={submitLabel} loading={form.submitting} disabled={!!initial && !form.isDirty()} />
      </Stack>
    </form>
  );
}

/** The body of a create request: empty optional fields are left out. */
export function toCreateBody(v: CustomerFormValues) {
  return {
    firstName: v.firstName.trim(),
    ...(v.lastName.trim() ? { lastName: v.lastName.trim() } : {}),
    ...(v.email.trim() ? { email: v.email.trim() } : {}),
    ...(v.phone.trim() ? { phone: v.phone.trim() } : {}),
    ...(v.birthDate ? { birthDate: v.birthDate } : {}),
    ...(isUiLocale(v.locale) ? { locale: v.locale } : {}),
  };
}

/** The body of an update: every field, an empty string clears an optional one. */
export function toUpdateBody(v: CustomerFormValues) {
  return {
    firstName: v.firstName.trim(),
    lastName: v.lastName.trim(),
    email: v.email.trim(),
    phone: v.phone.trim(),
    birthDate: v.birthDate,
    ...(isUiLocale(v.locale) ? { locale: v.locale } : {}),
  };
}
