import { Badge, Box, Button, Group, Image, SegmentedControl, Stack, Text } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DataTable, type Column } from '../../app/ui/DataTable.tsx';
import { IconPlus } from '../../app/ui/icons.tsx';
import { PageHeader } from '../../app/ui/PageHeader.tsx';
import { QueryState } from '../../app/ui/QueryState.tsx';
import { notifyError, notifySuccess } from '../../lib/errors.ts';
import { formatMoney } from '../../lib/format.ts';
import { useCan } from '../../routes/staff/session.tsx';
import { useStudio } from '../studios/api.ts';
import { templatesApi, templatesKey, useTemplateList, type TemplateDto } from './api.ts';
import { TemplateModal } from './TemplateModal.tsx';

/** The colour a template's classes have in the calendar. */
function Swatch({ color }: { color: string }) {
  return <Box w={14} h={14} style={{ borderRadius: 4, background: color, flexShrink: 0 }} aria-hidden />;
}

/** Settings › Class templates: the reusable definitions classes are scheduled from. */
export function ClassTemplatesPage() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const canWrite = useCan('schedule:write');
  const studio = useStudio(useCan('studio:read'));
  const [archived, setArchived] = useState(false);
  const templates = useTemplateList(archived);
  const [editing, setEditing] = useState<TemplateDto | 'new' | null>(null);
  const currency = studio.data?.currency ?? templates.data?.[0]?.currency ?? 'EUR';

  const toggleArchived = async (template: TemplateDto) => {
    try {
      if (template.archived) await templatesApi.unarchive(template.id);
      else await templatesApi.archive(template.id);
      await queryClient.invalidateQueries({ queryKey: templatesKey });
      notifySuccess(template.archived ? t('classTemplates.restored', { name: template.name }) : t('classTemplates.archived', { name: template.name }));
    } catch (error) {
      notifyError(error, t);
    }
  };

  const columns: Column<TemplateDto>[] = [
    {
      key: 'name',
      header: t('classTemplates.fields.name'),
      primary: true,
      render: (x) => (
        <Group gap="xs" wrap="nowrap">
          <Swatch color={x.color} />
          {x.bannerUrl ? <Image src={x.bannerUrl} alt="" w={40} h={24} radius="sm" fit="cover" /> : null}
          <span>{x.name}</span>
        </Group>
      ),
    },
    { key: 'category', header: t('classTemplates.fields.category'), render: (x) => x.category || '—' },
    { key: 'duration', header: t('classTemplates.fields.duration'), nowrap: true, render: (x) => t('classTemplates.minutes', { count: x.defaultDurationMin }) },
    { key: 'capacity', header: t('classTemplates.fields.capacity'), render: (x) => String(x.defaultCapacity) },
    {
      key: 'price',
      header: t('classTemplates.fields.price'),
      nowrap: true,
      render: (x) => (x.priceMinor === 0 ? t('classTemplates.free') : formatMoney(x.priceMinor, x.currency)),
    },
    {
      key: 'series',
      header: t('classTemplates.fields.activeSeries'),
      render: (x) =>
        x.activeSeriesCount > 0 ? (
          <Badge variant="light" size="sm">
            {t('classTemplates.seriesCount', { count: x.activeSeriesCount })}
          </Badge>
        ) : (
          '—'
        ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t('classTemplates.title')}
        description={t('classTemplates.description')}
        actions={
          canWrite ? (
            <Button leftSection={<IconPlus />} onClick={() => setEditing('new')}>
              {t('classTemplates.new')}
            </Button>
          ) : null
        }
      />
      <Stack gap="md">
        <SegmentedControl
          w="fit-content"
          value={archived ? 'archived' : 'active'}
          onChange={(v) => setArchived(v === 'archived')}
          data={[
            { value: 'active', label: t('classTemplates.active') },
            { value: 'archived', label: t('classTemplates.archivedTab') },
          ]}
          aria-label={t('classTemplates.show')}
        />
        <QueryState isPending={templates.isPending} error={templates.error} onRetry={() => void templates.refetch()} />
        {templates.data && templates.data.length === 0 ? (
          <Text c="dimmed" role="status">
            {archived ? t('classTemplates.emptyArchived') : t('classTemplates.empty')}
          </Text>
        ) : null}
        {templates.data && templates.data.length > 0 ? (
          <DataTable
            rows={templates.data}
            columns={columns}
            rowKey={(x) => x.id}
            label={t('classTemplates.title')}
            testId="templates-table"
            actionsLabel={t('common.actions')}
            actions={
              canWrite
                ? (x) => (
                    <Group gap={4} wrap="nowrap">
                      {!x.archived ? (
                        <Button size="compact-sm" variant="subtle" onClick={() => setEditing(x)} aria-label={t('classTemplates.editNamed', { name: x.name })}>
                          {t('common.edit')}
                        </Button>
                      ) : null}
                      <Button
                        size="compact-sm"
                        variant="subtle"
                        color={x.archived ? undefined : 'red'}
                        onClick={() => void toggleArchived(x)}
                        aria-label={x.archived ? t('classTemplates.restoreNamed', { name: x.name }) : t('classTemplates.archiveNamed', { name: x.name })}
                      >
                        {x.archived ? t('common.restore') : t('common.archive')}
                      </Button>
                    </Group>
                  )
                : undefined
            }
          />
        ) : null}
      </Stack>
      {editing ? (
        <TemplateModal
          key={editing === 'new' ? 'new' : editing.id}
          template={editing === 'new' ? null : editing}
          currency={editing === 'new' ? currency : editing.currency}
          onClose={() => setEditing(null)}
        />
      ) : null}
    </>
  );
}
