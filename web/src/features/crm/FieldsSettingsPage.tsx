import { ActionIcon, Badge, Button, Group, Modal, Select, Stack, Switch, TagsInput, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DataTable, type Column } from '../../app/ui/DataTable.tsx';
import { IconPlus } from '../../app/ui/icons.tsx';
import { PageHeader } from '../../app/ui/PageHeader.tsx';
import { QueryState } from '../../app/ui/QueryState.tsx';
import { ApiError } from '../../lib/api.ts';
import { notifySuccess } from '../../lib/errors.ts';
import { crmApi, fieldKinds, fieldsKey, type FieldDto } from './api.ts';
import { notifyCrmError } from './errors.ts';
import { FormActions } from '../../app/ui/FormActions.tsx';

type Kind = FieldDto['kind'];
type BadgeMode = FieldDto['badge'];

interface FieldValues {
  label: string;
  kind: Kind;
  options: string[];
  required: boolean;
  askAtCheckout: boolean;
  customerEditable: boolean;
  badge: BadgeMode;
  badgeLabel: string;
}

const isChoice = (kind: Kind) => kind === 'choice' || kind === 'multi_choice';

function FieldModal({ field, onClose }: { field: FieldDto | null; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const form = useForm<FieldValues>({
    initialValues: {
      label: field?.label ?? '',
      kind: field?.kind ?? 'text',
      options: field?.options ?? [],
      required: field?.required ?? false,
      askAtCheckout: field?.askAtCheckout ?? false,
      customerEditable: field?.customerEditable ?? true,
      badge: field?.badge ?? 'none',
      badgeLabel: field?.badgeLabel ?? '',
    },
    validate: {
      label: (v) => (v.trim() ? null : t('validation.required')),
      options: (v, values) => (isChoice(values.kind) && v.length === 0 ? t('crm.fields.optionsRequired') : null),
      badge: (v, values) => (v === 'on_date' && values.kind !== 'date' ? t('crm.fields.onDateNeedsDate') : null),
    },
  });
  const values = form.getValues();
  const badgeModes: BadgeMode[] = values.kind === 'date' ? ['none', 'when_set', 'on_date'] : ['none', 'when_set'];

  const submit = form.onSubmit(async (v) => {
    const settings = {
      label: v.label.trim(),
      options: isChoice(v.kind) ? v.options : [],
      required: v.required,
      askAtCheckout: v.askAtCheckout,
      customerEditable: v.customerEditable,
      badge: v.badge,
      badgeLabel: v.badge === 'none' ? '' : v.badgeLabel.trim(),
    };
    try {
      if (field) await crmApi.updateField(field.id, settings);
      else await crmApi.createField({ ...settings, kind: v.kind });
      await queryClient.invalidateQueries({ queryKey: fieldsKey });
      void queryClient.invalidateQueries({ queryKey: ['customers', 'one'] });
      notifySuccess(t('common.saved'));
      onClose();
    } catch (error) {
      if (error instanceof ApiError && error.fieldErrors.length > 0) {
        const known = ['label', 'options', 'badge', 'badgeLabel'];
        const byField = Object.fromEntries(error.fieldErrors.filter((f) => known.includes(f.path.split('.')[0]!)).map((f) => [f.path.split('.')[0]!, f.message]));
        if (Object.keys(byField).length > 0) form.setErrors(byField);
        else notifyCrmError(error, t);
      } else notifyCrmError(error, t);
    }
  });

  return (
    <Modal opened onClose={onClose} title={field ? t('crm.fields.edit') : t('crm.fields.create')} size="lg">
      <form onSubmit={submit} noValidate>
        <Stack>
          <TextInput label={t('crm.fields.label')} required maxLength={80} data-autofocus {...form.getInputProps('label')} />
          <Select
            label={t('crm.fields.kind')}
            description={field ? t('crm.fields.kindFixed') : undefined}
            data={fieldKinds.map((k) => ({ value: k, label: t(`crm.kinds.${k}`) }))}
            allowDeselect={false}
            disabled={!!field}
            comboboxProps={{ withinPortal: true }}
            {...form.getInputProps('kind')}
            onChange={(v) => {
              const kind = (v ?? 'text') as Kind;
              form.setFieldValue('kind', kind);
              if (kind !== 'date' && form.getValues().badge === 'on_date') form.setFieldValue('badge', 'none');
            }}
          />
          {isChoice(values.kind) ? (
            <TagsInput label={t('crm.fields.options')} description={t('crm.fields.optionsHelp')} maxTags={50} {...form.getInputProps('options')} />
          ) : null}
          <Switch label={t('crm.fields.required')} {...form.getInputProps('required', { type: 'checkbox' })} />
          <Switch label={t('crm.fields.askAtCheckout')} description={t('crm.fields.askAtCheckoutHelp')} {...form.getInputProps('askAtCheckout', { type: 'checkbox' })} />
          <Switch label={t('crm.fields.customerEditable')} description={t('crm.fields.customerEditableHelp')} {...form.getInputProps('customerEditable', { type: 'checkbox' })} />
          <Select
            label={t('crm.fields.badge')}
            data={badgeModes.map((m) => ({ value: m, label: t(`crm.badgeModes.${m}`) }))}
            allowDeselect={false}
            comboboxProps={{ withinPortal: true }}
            {...form.getInputProps('badge')}
          />
          {values.badge !== 'none' ? (
            <TextInput label={t('crm.fields.badgeLabel')} description={t('crm.fields.badgeLabelHelp')} maxLength={40} {...form.getInputProps('badgeLabel')} />
          ) : null}
          <FormActions onCancel={onClose} submitLabel={t('common.save')} loading={form.submitting} />
        </Stack>
      </form>
    </Modal>
  );
}

/** Settings → Custom fields (Champs d'informations personnalisés), also the checkout's custom questions. */
export function FieldsSettingsPage() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [showArchived, setShowArchived] = useState(false);
  const fields = useQuery({ queryKey: [...fieldsKey, showArchived], queryFn: () => crmApi.fields(showArchived), select: (d) => d.items });
  const [editing, setEditing] = useState<FieldDto | 'new' | null>(null);
  const [busy, setBusy] = useState(false);

  const run = async (action: () => Promise<unknown>) => {
    setBusy(true);
    try {
      await action();
      await queryClient.invalidateQueries({ queryKey: fieldsKey });
      void queryClient.invalidateQueries({ queryKey: ['customers', 'one'] });
    } catch (error) {
      notifyCrmError(error, t);
    } finally {
      setBusy(false);
    }
  };

  const list = fields.data ?? [];
  const move = (index: number, by: -1 | 1) => {
    const ids = list.map((f) => f.id);
    const [moved] = ids.splice(index, 1);
    ids.splice(index + by, 0, moved!);
    void run(() => crmApi.reorderFields(ids));
  };

  const flags = (f: FieldDto) => [
    f.required ? t('crm.fields.required') : null,
    f.askAtCheckout ? t('crm.fields.askAtCheckoutShort') : null,
    f.customerEditable ? t('crm.fields.customerEditableShort') : null,
  ].filter(Boolean).join(' · ');

  const columns: Column<FieldDto>[] = [
    {
      key: 'label',
      header: t('crm.fields.label'),
      primary: true,
      render: (f) => (
        <Group gap={6}>
          <span>{f.label}</span>
          {f.archived ? (
            <Badge size="sm" color="gray" variant="outline">
              {t('common.archived')}
            </Badge>
          ) : null}
        </Group>
      ),
    },
    { key: 'kind', nowrap: true, header: t('crm.fields.kind'), render: (f) => t(`crm.kinds.${f.kind}`) },
    { key: 'flags', header: t('crm.fields.flags'), render: (f) => flags(f) || '—' },
    { key: 'badge', header: t('crm.fields.badge'), render: (f) => (f.badge === 'none' ? '—' : `${t(`crm.badgeModes.${f.badge}`)}${f.badgeLabel ? ` (${f.badgeLabel})` : ''}`) },
  ];

  return (
    <>
      <PageHeader
        title={t('crm.fields.settingsTitle')}
        description={t('crm.fields.settingsDescription')}
        actions={
          <Button leftSection={<IconPlus />} onClick={() => setEditing('new')}>
            {t('crm.fields.create')}
          </Button>
        }
      />
      <Switch mb="md" label={t('crm.fields.showArchived')} checked={showArchived} onChange={(e) => setShowArchived(e.currentTarget.checked)} />
      <QueryState isPending={fields.isPending} error={fields.error} onRetry={() => void fields.refetch()} />
      {fields.data && list.length === 0 ? <Text c="dimmed">{t('crm.fields.noneYet')}</Text> : null}
      {list.length > 0 ? (
        <DataTable
          rows={list}
          columns={columns}
          rowKey={(f) => f.id}
          label={t('crm.fields.settingsTitle')}
          actionsLabel={t('common.actions')}
          testId="fields-table"
          actions={(f) => {
            const index = list.indexOf(f);
            return (
              <Group gap={4} wrap="nowrap">
                <ActionIcon variant="subtle" disabled={busy || index === 0} onClick={() => move(index, -1)} aria-label={t('crm.fields.moveUp', { name: f.label })}>
                  ↑
                </ActionIcon>
                <ActionIcon variant="subtle" disabled={busy || index === list.length - 1} onClick={() => move(index, 1)} aria-label={t('crm.fields.moveDown', { name: f.label })}>
                  ↓
                </ActionIcon>
                <Button size="compact-sm" variant="subtle" onClick={() => setEditing(f)} aria-label={t('crm.fields.editNamed', { name: f.label })}>
                  {t('common.edit')}
                </Button>
                <Button
                  size="compact-sm"
                  variant="subtle"
                  color={f.archived ? undefined : 'red'}
                  disabled={busy}
                  onClick={() => void run(() => crmApi.updateField(f.id, { archived: !f.archived }))}
                  aria-label={t(f.archived ? 'crm.fields.restoreNamed' : 'crm.fields.archiveNamed', { name: f.label })}
                >
                  {f.archived ? t('common.restore') : t('common.archive')}
                </Button>
              </Group>
            );
          }}
        />
      ) : null}
      {editing ? <FieldModal field={editing === 'new' ? null : editing} onClose={() => setEditing(null)} /> : null}
    </>
  );
}
