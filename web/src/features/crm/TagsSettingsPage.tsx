import { Button, ColorSwatch, Group, Modal, Select, Stack, Switch, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmModal } from '../../app/ui/ConfirmModal.tsx';
import { DataTable, type Column } from '../../app/ui/DataTable.tsx';
import { IconPlus } from '../../app/ui/icons.tsx';
import { PageHeader } from '../../app/ui/PageHeader.tsx';
import { QueryState } from '../../app/ui/QueryState.tsx';
import { ApiError } from '../../lib/api.ts';
import { notifySuccess } from '../../lib/errors.ts';
import { formatNumber } from '../../lib/format.ts';
import { crmApi, tagColors, tagsKey, type TagColor, type TagWithCountDto } from './api.ts';
import { crmErrorMessage, notifyCrmError } from './errors.ts';
import { TagBadge } from './TagBadge.tsx';
import { FormActions } from '../../app/ui/FormActions.tsx';

interface TagValues {
  name: string;
  color: TagColor;
  badge: boolean;
}

function TagModal({ tag, onClose }: { tag: TagWithCountDto | null; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const form = useForm<TagValues>({
    initialValues: { name: tag?.name ?? '', color: tag?.color ?? 'gray', badge: tag?.badge ?? false },
    validate: { name: (v) => (v.trim() ? null : t('validation.required')) },
  });
  const submit = form.onSubmit(async (v) => {
    try {
      const body = { name: v.name.trim(), color: v.color, badge: v.badge };
      if (tag) await crmApi.updateTag(tag.id, body);
      else await crmApi.createTag(body);
      await queryClient.invalidateQueries({ queryKey: tagsKey });
      // Tag names and colours show on profiles and badges too.
      void queryClient.invalidateQueries({ queryKey: ['customers', 'one'] });
      notifySuccess(t('common.saved'));
      onClose();
    } catch (error) {
      if (error instanceof ApiError && error.fieldErrors.some((f) => f.path === 'name')) form.setFieldError('name', crmErrorMessage(error, t));
      else notifyCrmError(error, t);
    }
  });
  return (
    <Modal opened onClose={onClose} title={tag ? t('crm.tags.edit') : t('crm.tags.create')}>
      <form onSubmit={submit} noValidate>
        <Stack>
          <TextInput label={t('crm.tags.name')} required maxLength={60} data-autofocus {...form.getInputProps('name')} />
          <Select
            label={t('crm.tags.color')}
            data={tagColors.map((c) => ({ value: c, label: t(`crm.colors.${c}`) }))}
            allowDeselect={false}
            leftSection={<ColorSwatch color={`var(--mantine-color-${form.getValues().color}-6)`} size={16} />}
            renderOption={({ option }) => (
              <Group gap="xs" wrap="nowrap">
                <ColorSwatch color={`var(--mantine-color-${option.value}-6)`} size={16} />
                {option.label}
              </Group>
            )}
            comboboxProps={{ withinPortal: true }}
            {...form.getInputProps('color')}
          />
          <Switch label={t('crm.tags.badge')} description={t('crm.tags.badgeHelp')} {...form.getInputProps('badge', { type: 'checkbox' })} />
          <FormActions onCancel={onClose} submitLabel={t('common.save')} loading={form.submitting} />
        </Stack>
      </form>
    </Modal>
  );
}

/** Settings → Tags: the studio's tags, their colour and whether they show as a badge. */
export function TagsSettingsPage() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const tags = useQuery({ queryKey: tagsKey, queryFn: crmApi.tags, select: (d) => d.items });
  const [editing, setEditing] = useState<TagWithCountDto | 'new' | null>(null);
  const [deleting, setDeleting] = useState<TagWithCountDto | null>(null);
  const [busy, setBusy] = useState(false);

  const remove = async (tag: TagWithCountDto) => {
    setBusy(true);
    try {
      await crmApi.deleteTag(tag.id);
      await queryClient.invalidateQueries({ queryKey: tagsKey });
      void queryClient.invalidateQueries({ queryKey: ['customers', 'one'] });
      notifySuccess(t('crm.tags.deleted', { name: tag.name }));
      setDeleting(null);
    } catch (error) {
      notifyCrmError(error, t);
    } finally {
      setBusy(false);
    }
  };

  const columns: Column<TagWithCountDto>[] = [
    {
      key: 'name',
      header: t('crm.tags.name'),
      primary: true,
      render: (tag) => (
        <TagBadge color={tag.color}>{tag.name}</TagBadge>
      ),
    },
    { key: 'badge', nowrap: true, header: t('crm.tags.badgeColumn'), render: (tag) => (tag.badge ? t('crm.yes') : t('crm.no')) },
    { key: 'count', nowrap: true, header: t('crm.tags.customers'), render: (tag) => formatNumber(tag.customerCount) },
  ];

  return (
    <>
      <PageHeader
        title={t('crm.tags.settingsTitle')}
        description={t('crm.tags.settingsDescription')}
        actions={
          <Button leftSection={<IconPlus />} onClick={() => setEditing('new')}>
            {t('crm.tags.create')}
          </Button>
        }
      />
      <QueryState isPending={tags.isPending} error={tags.error} onRetry={() => void tags.refetch()} />
      {tags.data && tags.data.length === 0 ? <Text c="dimmed">{t('crm.tags.empty')}</Text> : null}
      {tags.data && tags.data.length > 0 ? (
        <DataTable
          rows={tags.data}
          columns={columns}
          rowKey={(tag) => tag.id}
          label={t('crm.tags.settingsTitle')}
          actionsLabel={t('common.actions')}
          minWidth={480}
          testId="tags-table"
          actions={(tag) => (
            <Group gap={4} wrap="nowrap">
              <Button size="compact-sm" variant="subtle" onClick={() => setEditing(tag)} aria-label={t('crm.tags.editNamed', { name: tag.name })}>
                {t('common.edit')}
              </Button>
              <Button size="compact-sm" variant="subtle" color="red" onClick={() => setDeleting(tag)} aria-label={t('crm.tags.deleteNamed', { name: tag.name })}>
                {t('crm.tags.deleteShort')}
              </Button>
            </Group>
          )}
        />
      ) : null}
      {editing ? <TagModal tag={editing === 'new' ? null : editing} onClose={() => setEditing(null)} /> : null}
      <ConfirmModal
        opened={!!deleting}
        title={t('crm.tags.delete')}
        message={t('crm.tags.deleteConfirm', { name: deleting?.name ?? '', count: deleting?.customerCount ?? 0 })}
        confirmLabel={t('crm.tags.delete')}
        danger
        loading={busy}
        onConfirm={() => deleting && void remove(deleting)}
        onClose={() => setDeleting(null)}
      />
    </>
  );
}
