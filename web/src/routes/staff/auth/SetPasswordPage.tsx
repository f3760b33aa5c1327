import { Alert, Anchor, Button, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { authApi, sessionKey } from '../../../features/identity/api.ts';
import { applyApiError } from '../../../lib/errors.ts';

/** `/reset-password?token=…` and `/accept-invite?token=…`: the same form, two endpoints. */
export function SetPasswordPage({ mode }: { mode: 'reset' | 'invite' }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const title = mode === 'invite' ? t('auth.acceptInviteTitle') : t('auth.resetTitle');

  const form = useForm({
    initialValues: { password: '', confirm: '' },
    validate: {
      password: (v) => (v.length >= 8 ? null : t('validation.passwordLength')),
      confirm: (v, values) => (v === values.password ? null : t('validation.passwordsDiffer')),
    },
  });
  useEffect(() => {
    document.title = `${title} · ${t('app.name')}`;
  }, [title, t]);

  const submit = form.onSubmit(async ({ password }) => {
    try {
      if (mode === 'invite') {
        const info = await authApi.acceptInvite({ token, password });
        queryClient.setQueryData(sessionKey, info);
        void navigate('/', { replace: true });
      } else {
        await authApi.confirmReset({ token, password });
        void navigate('/login?reset=1', { replace: true });
      }
    } catch (error) {
      applyApiError(form, error, t);
    }
  });

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <Title order={1} fz={26}>
          {title}
        </Title>
        {token ? (
          <>
            <Text c="dimmed" size="sm">
              {mode === 'invite' ? t('auth.acceptInviteIntro') : t('auth.resetIntro')}
            </Text>
            <PasswordInput
              label={t('fields.newPassword')}
              description={t('validation.passwordLength')}
              autoComplete="new-password"
              required
              {...form.getInputProps('password')}
            />
            <PasswordInput
              label={t('fields.confirmPassword')}
              autoComplete="new-password"
              required
              {...form.getInputProps('confirm')}
            />
            <Button type="submit" loading={form.submitting} fullWidth>
              {mode === 'invite' ? t('auth.acceptInviteSubmit') : t('auth.resetSubmit')}
            </Button>
          </>
        ) : (
          <Alert color="red" role="alert">
            {t('auth.missingToken')}
          </Alert>
        )}
        <Anchor component={Link} to="/login" size="sm" ta="center">
          {t('auth.backToSignIn')}
        </Anchor>
      </Stack>
    </form>
  );
}
