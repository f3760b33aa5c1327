import { Alert, Anchor, Button, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { authApi, sessionKey, useSession } from '../../../features/identity/api.ts';
import { explicitChoiceSince } from '../../../i18n/index.ts';
import { isApiError } from '../../../lib/api.ts';
import { applyApiError, errorMessage } from '../../../lib/errors.ts';

function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

export function LoginPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const session = useSession();
  const [needsStudio, setNeedsStudio] = useState(false);
  const mountedAt = useRef(Date.now());

  const form = useForm({
    initialValues: { email: '', password: '', studioSlug: params.get('studio') ?? '' },
    validate: {
      email: (v) => (/^\S+@\S+\.\S+$/.test(v.trim()) ? null : t('validation.email')),
      password: (v) => (v ? null : t('validation.required')),
      studioSlug: (v) => (needsStudio && !v.trim() ? t('validation.required') : null),
    },
  });

  useEffect(() => {
    document.title = `${t('auth.signIn')} · ${t('app.name')}`;
  }, [t]);

  // Already signed in: straight to the dashboard.
  useEffect(() => {
    if (session.data) void navigate(next, { replace: true });
  }, [session.data, navigate, next]);

  const submit = form.onSubmit(async (values) => {
    try {
      const info = await authApi.login({
        email: values.email.trim(),
        password: values.password,
        ...(needsStudio && values.studioSlug.trim() ? { studioSlug: values.studioSlug.trim().toLowerCase() } : {}),
      });
      // A language picked on this page wins over the one saved on the account.
      const picked = explicitChoiceSince(mountedAt.current);
      if (picked && picked !== info.user.locale) {
        await authApi.changeLocale(picked).catch(() => undefined);
        info.user.locale = picked;
      }
      queryClient.setQueryData(sessionKey, info);
      void navigate(next, { replace: true });
    } catch (error) {
      if (isApiError(error, 409) && error.code === 'studio_required') {
        setNeedsStudio(true);
        form.setFieldError('studioSlug', t('auth.studioRequired'));
        return;
      }
      if (isApiError(error) && error.fieldErrors.length === 0 && (error.status === 401 || error.status === 429)) {
        form.setFieldError('password', errorMessage(error, t));
        return;
      }
      applyApiError(form, error, t);
    }
  });

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <Title order={1} fz={26}>
          {t('auth.signInTitle')}
        </Title>
        <Text c="dimmed" size="sm">
          {t('auth.signInIntro')}
        </Text>
        {params.get('reset') === '1' ? (
          <Alert color="teal" role="status">
            {t('auth.passwordChanged')}
          </Alert>
        ) : null}
        <TextInput label={t('fields.email')} type="email" autoComplete="username" required {...form.getInputProps('email')} />
        <PasswordInput
          label={t('fields.password')}
          autoComplete="current-password"
          required
          {...form.getInputProps('password')}
        />
        {needsStudio ? (
          <TextInput
            label={t('auth.studioSlug')}
            description={t('auth.studioSlugHelp')}
            required
            autoFocus
            {...form.getInputProps('studioSlug')}
          />
        ) : null}
        <Button type="submit" loading={form.submitting} fullWidth>
          {t('auth.signIn')}
        </Button>
        <Anchor component={Link} to="/forgot-password" size="sm" ta="center">
          {t('auth.forgotPassword')}
        </Anchor>
      </Stack>
    </form>
  );
}
