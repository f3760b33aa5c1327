import { Alert, Badge, Button, Card, Group, List, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmModal } from '../../app/ui/ConfirmModal.tsx';
import { FormActions } from '../../app/ui/FormActions.tsx';
import { PageHeader } from '../../app/ui/PageHeader.tsx';
import { QueryState } from '../../app/ui/QueryState.tsx';
import { applyApiError, notifyError, notifySuccess } from '../../lib/errors.ts';
import { formatInZone } from '../../lib/format.ts';
import { useStudio } from '../studios/api.ts';
import { videoAccountKey, videoApi, type VideoAccountDto } from './api.ts';

/** The three fields of a Zoom Server-to-Server OAuth app; the secret is sent once and never shown again. */
function ConnectZoomForm({ account, onDone, onCancel }: { account: VideoAccountDto; onDone: () => void; onCancel?: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const form = useForm({
    initialValues: { accountId: account.accountId ?? '', clientId: account.clientId ?? '', clientSecret: '' },
    validate: {
      accountId: (v) => (v.trim() ? null : t('validation.required')),
      clientId: (v) => (v.trim() ? null : t('validation.required')),
      clientSecret: (v) => (v.trim() ? null : t('validation.required')),
    },
  });
  const submit = form.onSubmit(async (values) => {
    try {
      await videoApi.connect({ provider: 'zoom', accountId: values.accountId.trim(), clientId: values.clientId.trim(), clientSecret: values.clientSecret.trim() });
      await queryClient.invalidateQueries({ queryKey: videoAccountKey });
      notifySuccess(t('video.connected'));
      form.setFieldValue('clientSecret', '');
      onDone();
    } catch (error) {
      applyApiError(form, error, t);
    }
  });
  return (
    <form onSubmit={submit} noValidate aria-label={t('video.form.title')}>
      <Stack>
        <TextInput label={t('video.form.accountId')} required autoComplete="off" {...form.getInputProps('accountId')} />
        <TextInput label={t('video.form.clientId')} required autoComplete="off" {...form.getInputProps('clientId')} />
        <PasswordInput label={t('video.form.clientSecret')} description={t('video.form.secretHelp')} required autoComplete="new-password" {...form.getInputProps('clientSecret')} />
        <FormActions onCancel={onCancel} submitLabel={t('video.form.connect')} loading={form.submitting} />
      </Stack>
    </form>
  );
}

/** Settings → Online classes: connect the studio's Zoom app; a meeting is then made for each Zoom class. */
export function OnlineClassesSettingsPage() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const studio = useStudio(true);
  const tz = studio.data?.timeZone;
  const account = useQuery({ queryKey: videoAccountKey, queryFn: videoApi.account });
  const [replacing, setReplacing] = useState(false);
  const [disconnecting, setDisconnecting] = useState(false);
  const [busy, setBusy] = useState(false);
  const data = account.data;

  const disconnect = async () => {
    setBusy(true);
    try {
      await videoApi.disconnect();
      await queryClient.invalidateQueries({ queryKey: videoAccountKey });
      notifySuccess(t('video.disconnected'));
      setDisconnecting(false);
    } catch (error) {
      notifyError(error, t);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <PageHeader title={t('video.title')} description={t('video.description')} />
      <QueryState isPending={account.isPending} error={account.error} onRetry={() => void account.refetch()} />
      {data ? (
        <Stack gap="lg" maw={720}>
          <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="video-how">
            <Title order={2} fz="lg" id="video-how" mb="xs">
              {t('video.how.title')}
            </Title>
            <List size="sm" spacing={4}>
              <List.Item>{t('video.how.none')}</List.Item>
              <List.Item>{t('video.how.zoom')}</List.Item>
              <List.Item>{t('video.how.link')}</List.Item>
            </List>
          </Card>
          <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="video-zoom">
            <Group justify="space-between" align="flex-start" mb="sm" gap="xs">
              <Title order={2} fz="lg" id="video-zoom">
                {t('video.zoom.title')}
              </Title>
              {data.provider === 'zoom' ? (
                <Badge color="teal" variant="light">
                  {t('video.status.connected')}
                </Badge>
              ) : (
                <Badge color="gray" variant="light">
                  {t('video.status.notConnected')}
                </Badge>
              )}
            </Group>
            {data.provider === 'zoom' && !replacing ? (
              <Stack gap="sm">
                <Text size="sm" className="enso-break">
                  {t('video.zoom.account', { accountId: data.accountId, clientId: data.clientId })}
                </Text>
                {data.connectedAt ? (
                  <Text size="sm" c="dimmed">
                    {t('video.zoom.connectedOn', { date: formatInZone(data.connectedAt, tz, { dateStyle: 'medium', timeStyle: 'short' }) })}
                  </Text>
                ) : null}
                {data.lastError ? (
                  <Alert color="red" title={t('video.zoom.lastError')}>
                    <Text size="sm" className="enso-break">
                      {data.lastError}
                    </Text>
                  </Alert>
                ) : null}
                {data.failedClasses > 0 ? (
                  <Alert color="orange">{t('video.zoom.failedClasses', { count: data.failedClasses })}</Alert>
                ) : null}
                <Group gap="xs">
                  <Button variant="light" onClick={() => setReplacing(true)}>
                    {t('video.zoom.replace')}
                  </Button>
                  <Button variant="subtle" color="red" onClick={() => setDisconnecting(true)}>
                    {t('video.zoom.disconnect')}
                  </Button>
                </Group>
              </Stack>
            ) : (
              <Stack gap="sm">
                <Text size="sm" c="dimmed">
                  {t('video.zoom.help')}
                </Text>
                {data.failedClasses > 0 ? <Alert color="orange">{t('video.zoom.waitingClasses', { count: data.failedClasses })}</Alert> : null}
                <ConnectZoomForm account={data} onDone={() => setReplacing(false)} onCancel={replacing ? () => setReplacing(false) : undefined} />
              </Stack>
            )}
          </Card>
        </Stack>
      ) : null}
      <ConfirmModal
        opened={disconnecting}
        title={t('video.zoom.disconnectTitle')}
        message={t('video.zoom.disconnectMessage')}
        confirmLabel={t('video.zoom.disconnect')}
        danger
        loading={busy}
        onConfirm={() => void disconnect()}
        onClose={() => setDisconnecting(false)}
      />
    </>
  );
}
