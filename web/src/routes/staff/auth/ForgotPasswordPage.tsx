import { Alert, Anchor, Button, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { authApi } from '../../../features/identity/api.ts';
import { applyApiError } from '../../../lib/errors.ts';

export function ForgotPasswordPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const [sent, setSent] = useState(false);
  const form = useForm({
    initialValues: { email: '' },
    validate: { email: (v) => (/^\S+@\S+\.\S+$/.test(v.trim()) ? null : t('validation.email')) },
  });
  useEffect(() => {
    document.title = `${t('auth.forgotTitle')} · ${t('app.name')}`;
  }, [t]);

  const submit = form.onSubmit(async (values) => {
    try {
      const studioSlug = params.get('studio') ?? undefined;
      await authApi.requestReset({ email: values.email.trim(), ...(studioSlug ? { studioSlug } : {}) });
      setSent(true);
    } catch (error) {
      applyApiError(form, error, t);
    }
  });

  return (
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
            <TextInput label={t('fields.email')} type="email" autoComplete="email" required {...form.getInputProps('email')} />
            <Button type="submit" loading={form.submitting} fullWidth>
              {t('auth.sendResetLink')}
            </Button>
          </>
        )}
        <Anchor component={Link} to="/login" size="sm" ta="center">
          {t('auth.backToSignIn')}
        </Anchor>
      </Stack>
    </form>
  );
}
