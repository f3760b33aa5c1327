import { Badge, Box, Group, Image } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ArchivableList } from '../../app/ui/ArchivableList.tsx';
import type { Column } from '../../app/ui/DataTable.tsx';
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
  const canWrite = useCan('schedule:write');
  const studio = useStudio(useCan('studio:read'));
  const [archived, setArchived] = useState(false);
  const templates = useTemplateList(archived);
  const [editing, setEditing] = useState<TemplateDto | 'new' | null>(null);
  const currency = studio.data?.currency ?? templates.data?.[0]?.currency ?? 'EUR';

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
      <ArchivableList
        labels={{
          title: t('classTemplates.title'),
          description: t('classTemplates.description'),
          new: t('classTemplates.new'),
          show: t('classTemplates.show'),
          active: t('classTemplates.active'),
          archivedTab: t('classTemplates.archivedTab'),
          empty: t('classTemplates.empty'),
          emptyArchived: t('classTemplates.emptyArchived'),
          editNamed: (x) => t('classTemplates.editNamed', { name: x.name }),
          archiveNamed: (x) => t('classTemplates.archiveNamed', { name: x.name }),
          restoreNamed: (x) => t('classTemplates.restoreNamed', { name: x.name }),
          archivedNotice: (x) => t('classTemplates.archived', { name: x.name }),
          restoredNotice: (x) => t('classTemplates.restored', { name: x.name }),
        }}
        canWrite={canWrite}
        archived={archived}
        onArchivedChange={setArchived}
        query={templates}
        columns={columns}
        testId="templates-table"
        onNew={() => setEditing('new')}
        onEdit={setEditing}
        archiveApi={templatesApi}
        queryKey={templatesKey}
      />
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
