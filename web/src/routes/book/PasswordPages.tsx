import { Alert, Anchor, Button, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { customerAccountApi, meKey } from '../../features/customers/api.ts';
import { applyApiError } from '../../lib/errors.ts';
import { usePublicStudioContext } from './context.tsx';
import { usePageTitle } from './usePageTitle.ts';

export function CustomerForgotPasswordPage() {
  const { t } = useTranslation();
  const studio = usePublicStudioContext();
  const [sent, setSent] = useState(false);
  usePageTitle(t('auth.forgotTitle'), studio.name);
  const form = useForm({
    initialValues: { email: '' },
    validate: { email: (v) => (/^\S+@\S+\.\S+$/.test(v.trim()) ? null : t('validation.email')) },
  });
  const submit = form.onSubmit(async ({ email }) => {
    try {
      await customerAccountApi.requestReset(studio.slug, email.trim());
      setSent(true);
    } catch (error) {
      applyApiError(form, error, t);
    }
  });
  return (
    <Paper withBorder radius="lg" p={{ base: 'md', sm: 'xl' }} maw={460} mx="auto">
      <form onSubmit={submit} noValidate>
        <Stack>
          <Title order={1} fz={26}>
            {t('auth.forgotTitle')}
          </Title>
          {sent ? (
            <Alert color="teal" role="status">
              {t('auth.resetSent')}
            </Alert>
          ) : (
            <>
              <Text c="dimmed" size="sm">
                {t('auth.forgotIntro')}
              </Text>
              <TextInput label={t('fields.email')} type="email" required autoComplete="email" {...form.getInputProps('email')} />
              <Button type="submit" loading={form.submitting}>
                {t('auth.sendResetLink')}
              </Button>
            </>
          )}
          <Anchor component={Link} to={`/s/${studio.slug}/login`} size="sm" ta="center">
            {t('auth.backToSignIn')}
          </Anchor>
        </Stack>
      </form>
    </Paper>
  );
}

interface TokenPasswordFormProps {
  title: string;
  intro?: string;
  newPasswordLabel: string;
  submitLabel: string;
  /** Called with the link's token and the chosen password; throws an ApiError to show on the form. */
  onSubmit(token: string, password: string): Promise<void>;
}

/** A page opened from an emailed link (`?token=…`) where the customer chooses a password twice. */
function TokenPasswordForm({ title, intro, newPasswordLabel, submitLabel, onSubmit }: TokenPasswordFormProps) {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const form = useForm({
    initialValues: { password: '', confirm: '' },
    validate: {
      password: (v) => (v.length >= 8 ? null : t('validation.passwordLength')),
      confirm: (v, values) => (v === values.password ? null : t('validation.passwordsDiffer')),
    },
  });
  const submit = form.onSubmit(async ({ password }) => {
    try {
      await onSubmit(token, password);
    } catch (error) {
      applyApiError(form, error, t);
    }
  });
  return (
    <Paper withBorder radius="lg" p={{ base: 'md', sm: 'xl' }} maw={460} mx="auto">
      <form onSubmit={submit} noValidate>
        <Stack>
          <Title order={1} fz={26}>
            {title}
          </Title>
          {token ? (
            <>
              {intro && (
                <Text c="dimmed" size="sm">
                  {intro}
                </Text>
              )}
              <PasswordInput
                label={newPasswordLabel}
                description={t('validation.passwordLength')}
                required
                autoComplete="new-password"
                {...form.getInputProps('password')}
              />
              <PasswordInput label={t('fields.confirmPassword')} required autoComplete="new-password" {...form.getInputProps('confirm')} />
              <Button type="submit" loading={form.submitting}>
                {submitLabel}
              </Button>
            </>
          ) : (
            <Alert color="red" role="alert">
              {t('auth.missingToken')}
            </Alert>
          )}
        </Stack>
      </form>
    </Paper>
  );
}

export function CustomerResetPasswordPage() {
  const { t } = useTranslation();
  const studio = usePublicStudioContext();
  const navigate = useNavigate();
  usePageTitle(t('auth.resetTitle'), studio.name);
  return (
    <TokenPasswordForm
      title={t('auth.resetTitle')}
      newPasswordLabel={t('fields.newPassword')}
      submitLabel={t('auth.resetSubmit')}
      onSubmit={async (token, password) => {
        await customerAccountApi.confirmReset(studio.slug, token, password);
        void navigate(`/s/${studio.slug}/login?reset=1`, { replace: true });
      }}
    />
  );
}

/** The emailed link that finishes an account the studio already had a profile for (see the sign-up page). */
export function CustomerAcceptInvitePage() {
  const { t } = useTranslation();
  const studio = usePublicStudioContext();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  usePageTitle(t('public.finishAccountTitle'), studio.name);
  return (
    <TokenPasswordForm
      title={t('public.finishAccountTitle')}
      intro={t('public.finishAccountIntro', { studio: studio.name })}
      newPasswordLabel={t('fields.password')}
      submitLabel={t('public.finishAccountSubmit')}
      onSubmit={async (token, password) => {
        const { customer } = await customerAccountApi.acceptInvite(studio.slug, token, password);
        queryClient.setQueryData(meKey(studio.slug), customer);
        void navigate(`/s/${studio.slug}/account`, { replace: true });
      }}
    />
  );
}
