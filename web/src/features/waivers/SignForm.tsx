import { Alert, Button, Checkbox, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { waiverErrorMessage } from './errors.ts';

interface Props {
  /** The name to suggest (the customer, or the parent for a child waiver). */
  defaultName: string;
  onSign: (signerName: string) => Promise<void>;
}

/** Self-service signing: the box must be ticked and the full name typed (method checkbox or email_link). */
export function SignForm({ defaultName, onSign }: Props) {
  const { t } = useTranslation();
  const [error, setError] = useState<unknown>(null);
  const form = useForm({
    initialValues: { agree: false, signerName: defaultName },
    validate: {
      agree: (v) => (v ? null : t('waivers.sign.agreeRequired')),
      signerName: (v) => (v.trim() ? null : t('validation.required')),
    },
  });
  const submit = form.onSubmit(async (values) => {
    setError(null);
    try {
      await onSign(values.signerName.trim());
    } catch (err) {
      setError(err);
    }
  });
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <Checkbox label={t('waivers.sign.agree')} {...form.getInputProps('agree', { type: 'checkbox' })} />
        <TextInput label={t('waivers.sign.name')} required autoComplete="name" {...form.getInputProps('signerName')} />
        {error ? (
          <Alert color="red" role="alert">
            {waiverErrorMessage(error, t)}
          </Alert>
        ) : null}
        <Button type="submit" loading={form.submitting} fullWidth>
          {t('waivers.sign.submit')}
        </Button>
      </Stack>
    </form>
  );
}
