import { Alert, Anchor, Button, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { customerAccountApi, meKey } from '../../features/customers/api.ts';
import { isApiError } from '../../lib/api.ts';
import { applyApiError, errorMessage } from '../../lib/errors.ts';
import { usePublicStudioContext } from './context.tsx';
import { usePageTitle } from './usePageTitle.ts';

export function SignInPage() {
  const { t } = useTranslation();
  const studio = usePublicStudioContext();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [params] = useSearchParams();
  usePageTitle(t('public.signIn'), studio.name);
  const form = useForm({
    initialValues: { email: '', password: '' },
    validate: {
      email: (v) => (/^\S+@\S+\.\S+$/.test(v.trim()) ? null : t('validation.email')),
      password: (v) => (v ? null : t('validation.required')),
    },
  });
  const submit = form.onSubmit(async (values) => {
    try {
      const { customer } = await customerAccountApi.login(studio.slug, { email: values.email.trim(), password: values.password });
      queryClient.setQueryData(meKey(studio.slug), customer);
      // `next`: the page that sent the visitor here (a class's Book button), only ever within this studio's pages.
      const next = params.get('next');
      void navigate(next && next.startsWith(`/s/${studio.slug}/`) ? next : `/s/${studio.slug}/account`, { replace: true });
    } catch (error) {
      if (isApiError(error) && error.fieldErrors.length === 0 && (error.status === 401 || error.status === 429)) {
        form.setFieldError('password', errorMessage(error, t));
        return;
      }
      applyApiError(form, error, t);
    }
  });
  return (
    <Paper withBorder radius="lg" p={{ base: 'md', sm: 'xl' }} maw={460} mx="auto">
      <form onSubmit={submit} noValidate>
        <Stack>
          <Title order={1} fz={26}>
            {t('public.signInTitle', { studio: studio.name })}
          </Title>
          {params.get('reset') === '1' ? (
            <Alert color="teal" role="status">
              {t('auth.passwordChanged')}
            </Alert>
          ) : null}
          <TextInput label={t('fields.email')} type="email" required autoComplete="username" {...form.getInputProps('email')} />
          <PasswordInput label={t('fields.password')} required autoComplete="current-password" {...form.getInputProps('password')} />
          <Button type="submit" loading={form.submitting} size="md">
            {t('public.signIn')}
          </Button>
          <Anchor component={Link} to={`/s/${studio.slug}/forgot-password`} size="sm" ta="center">
            {t('auth.forgotPassword')}
          </Anchor>
          <Text size="sm" ta="center">
            {t('public.noAccount')}{' '}
            <Anchor component={Link} to={`/s/${studio.slug}/signup`}>
              {t('public.createAccount')}
            </Anchor>
          </Text>
        </Stack>
      </form>
    </Paper>
  );
}
