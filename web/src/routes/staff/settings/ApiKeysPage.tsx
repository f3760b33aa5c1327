import { Alert, Button, Code, CopyButton, Group, Modal, Select, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmModal } from '../../../app/ui/ConfirmModal.tsx';
import { DataTable, type Column } from '../../../app/ui/DataTable.tsx';
import { IconCheck, IconCopy, IconPlus } from '../../../app/ui/icons.tsx';
import { PageHeader } from '../../../app/ui/PageHeader.tsx';
import { QueryState } from '../../../app/ui/QueryState.tsx';
import { apiKeysApi, apiKeysKey } from '../../../features/identity/api.ts';
import { staffRoles } from '../../../features/identity/roles.ts';
import { useStudio } from '../../../features/studios/api.ts';
import type { ApiKeyDto, CreatedApiKey, StaffRole } from '../../../lib/contracts.ts';
import { applyApiError, notifyError, notifySuccess } from '../../../lib/errors.ts';
import { formatInZone } from '../../../lib/format.ts';
import { FormActions } from '../../../app/ui/FormActions.tsx';

function CreateKeyModal({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [created, setCreated] = useState<CreatedApiKey | null>(null);
  const form = useForm<{ name: string; role: string | null }>({
    initialValues: { name: '', role: 'operator' },
    validate: { name: (v) => (v.trim() ? null : t('validation.required')), role: (v) => (v ? null : t('validation.required')) },
  });
  const submit = form.onSubmit(async (v) => {
    try {
      setCreated(await apiKeysApi.create({ name: v.name.trim(), role: v.role as StaffRole }));
      void queryClient.invalidateQueries({ queryKey: apiKeysKey });
    } catch (error) {
      applyApiError(form, error, t);
    }
  });
  return (
    <Modal opened onClose={onClose} title={created ? t('apiKeys.createdTitle') : t('apiKeys.create')} size="lg" closeOnClickOutside={!created}>
      {created ? (
        <Stack>
          <Alert color="yellow" title={t('apiKeys.onceTitle')}>
            {t('apiKeys.onceText')}
          </Alert>
          <Code block className="enso-break" data-testid="api-key-secret" fz="sm">
            {created.secret}
          </Code>
          <Group justify="space-between">
            <CopyButton value={created.secret}>
              {({ copied, copy }) => (
                <Button color={copied ? 'teal' : undefined} leftSection={copied ? <IconCheck /> : <IconCopy />} onClick={copy}>
                  {copied ? t('common.copied') : t('common.copy')}
                </Button>
              )}
            </CopyButton>
            <Button variant="default" onClick={onClose}>
              {t('common.done')}
            </Button>
          </Group>
        </Stack>
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack>
            <Text size="sm" c="dimmed">
              {t('apiKeys.createIntro')}
            </Text>
            <TextInput label={t('fields.keyName')} required data-autofocus {...form.getInputProps('name')} />
            <Select
              label={t('fields.role')}
              description={t('apiKeys.roleHelp')}
              data={staffRoles.map((r) => ({ value: r, label: t(`roles.${r}`) }))}
              allowDeselect={false}
              {...form.getInputProps('role')}
            />
            <FormActions onCancel={onClose} submitLabel={t('apiKeys.create')} loading={form.submitting} />
          </Stack>
        </form>
      )}
    </Modal>
  );
}

export function ApiKeysPage() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const studio = useStudio();
  const keys = useQuery({ queryKey: apiKeysKey, queryFn: apiKeysApi.list, select: (d) => d.items });
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<ApiKeyDto | null>(null);
  const [busy, setBusy] = useState(false);

  const revoke = async (key: ApiKeyDto) => {
    setBusy(true);
    try {
      await apiKeysApi.revoke(key.id);
      await queryClient.invalidateQueries({ queryKey: apiKeysKey });
      notifySuccess(t('apiKeys.revoked', { name: key.name }));
      setRevoking(null);
    } catch (error) {
      notifyError(error, t);
    } finally {
      setBusy(false);
    }
  };

  const tz = studio.data?.timeZone;
  const columns: Column<ApiKeyDto>[] = [
    { key: 'name', header: t('fields.keyName'), primary: true, render: (k) => k.name },
    { key: 'role', nowrap: true, header: t('fields.role'), render: (k) => t(`roles.${k.role}`) },
    { key: 'prefix', nowrap: true, header: t('apiKeys.prefix'), render: (k) => <Code>{k.prefix}…</Code> },
    { key: 'created', nowrap: true, header: t('apiKeys.createdAt'), render: (k) => formatInZone(k.createdAt, tz) },
    { key: 'used', nowrap: true, header: t('apiKeys.lastUsed'), render: (k) => (k.lastUsedAt ? formatInZone(k.lastUsedAt, tz) : t('apiKeys.neverUsed')) },
  ];

  return (
    <>
      <PageHeader
        title={t('apiKeys.title')}
        description={t('apiKeys.description')}
        actions={
          <Button leftSection={<IconPlus />} onClick={() => setCreating(true)}>
            {t('apiKeys.create')}
          </Button>
        }
      />
      <QueryState isPending={keys.isPending} error={keys.error} onRetry={() => void keys.refetch()} />
      {keys.data && keys.data.length === 0 ? <Text c="dimmed">{t('apiKeys.empty')}</Text> : null}
      {keys.data && keys.data.length > 0 ? (
        <DataTable
          rows={keys.data}
          columns={columns}
          rowKey={(k) => k.id}
          label={t('apiKeys.title')}
          actionsLabel={t('common.actions')}
          actions={(k) => (
            <Button size="compact-sm" variant="subtle" color="red" onClick={() => setRevoking(k)} aria-label={t('apiKeys.revokeNamed', { name: k.name })}>
              {t('apiKeys.revoke')}
            </Button>
          )}
        />
      ) : null}
      {creating ? <CreateKeyModal onClose={() => setCreating(false)} /> : null}
      <ConfirmModal
        opened={!!revoking}
        title={t('apiKeys.revoke')}
        message={t('apiKeys.revokeConfirm', { name: revoking?.name ?? '' })}
        confirmLabel={t('apiKeys.revoke')}
        danger
        loading={busy}
        onConfirm={() => revoking && void revoke(revoking)}
        onClose={() => setRevoking(null)}
      />
    </>
  );
}
