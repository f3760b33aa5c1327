import { Alert, Anchor, Button, Paper, PasswordInput, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { customerAccountApi, meKey } from '../../features/customers/api.ts';
import { customerValidators } from '../../features/customers/CustomerForm.tsx';
import { currentLocale } from '../../i18n/index.ts';
import { isApiError } from '../../lib/api.ts';
import { applyApiError, errorMessage } from '../../lib/errors.ts';
import { usePublicStudioContext } from './context.tsx';
import { usePageTitle } from './usePageTitle.ts';

export function SignUpPage() {
  const { t } = useTranslation();
  const studio = usePublicStudioContext();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  usePageTitle(t('public.createAccount'), studio.name);
  // A friend's referral link: /s/<studio>/signup?ref=<code> (an unknown code is ignored by the server).
  const referralCode = useSearchParams()[0].get('ref')?.slice(0, 200) ?? '';
  const v = customerValidators(t);
  const form = useForm({
    initialValues: { firstName: '', lastName: '', email: '', phone: '', password: '' },
    validate: {
      firstName: v.firstName,
      email: (value: string) => (value.trim() ? v.email(value) : t('validation.required')),
      phone: v.phone,
      password: (value: string) => (value.length >= 8 ? null : t('validation.passwordLength')),
    },
  });
  const [confirmEmail, setConfirmEmail] = useState<string | null>(null);
  const submit = form.onSubmit(async (values) => {
    try {
      const result = await customerAccountApi.signup(studio.slug, {
        firstName: values.firstName.trim(),
        lastName: values.lastName.trim(),
        email: values.email.trim(),
        ...(values.phone.trim() ? { phone: values.phone.trim() } : {}),
        password: values.password,
        locale: currentLocale(),
        ...(referralCode ? { ref: referralCode } : {}),
      });
      if ('status' in result) {
        setConfirmEmail(values.email.trim());
        return;
      }
      queryClient.setQueryData(meKey(studio.slug), result.customer);
      void navigate(`/s/${studio.slug}/account`, { replace: true });
    } catch (error) {
      if (isApiError(error, 409) && error.fieldErrors.length === 0) {
        form.setFieldError('email', errorMessage(error, t));
        return;
      }
      applyApiError(form, error, t);
    }
  });
  if (confirmEmail) {
    return (
      <Paper withBorder radius="lg" p={{ base: 'md', sm: 'xl' }} maw={560} mx="auto">
        <Stack>
          <Title order={1} fz={26}>
            {t('public.confirmEmailTitle')}
          </Title>
          <Alert color="teal" role="status">
            {t('public.confirmEmailText', { email: confirmEmail, studio: studio.name })}
          </Alert>
        </Stack>
      </Paper>
    );
  }
  return (
    <Paper withBorder radius="lg" p={{ base: 'md', sm: 'xl' }} maw={560} mx="auto">
      <form onSubmit={submit} noValidate>
        <Stack>
          <Title order={1} fz={26}>
            {t('public.createAccount')}
          </Title>
          <Text c="dimmed" size="sm">
            {t('public.signupIntro', { studio: studio.name })}
          </Text>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label={t('fields.firstName')} required autoComplete="given-name" {...form.getInputProps('firstName')} />
            <TextInput label={t('fields.lastName')} autoComplete="family-name" {...form.getInputProps('lastName')} />
          </SimpleGrid>
          <TextInput label={t('fields.email')} type="email" required autoComplete="email" {...form.getInputProps('email')} />
          <TextInput
            label={t('fields.phone')}
            description={t('common.optional')}
            type="tel"
            autoComplete="tel"
            {...form.getInputProps('phone')}
          />
          <PasswordInput
            label={t('fields.password')}
            description={t('validation.passwordLength')}
            required
            autoComplete="new-password"
            {...form.getInputProps('password')}
          />
          <Button type="submit" loading={form.submitting} size="md">
            {t('public.createAccount')}
          </Button>
          <Text size="sm" ta="center">
            {t('public.haveAccount')}{' '}
            <Anchor component={Link} to={`/s/${studio.slug}/login`}>
              {t('public.signIn')}
            </Anchor>
          </Text>
        </Stack>
      </form>
    </Paper>
  );
}
