import { Badge, Group } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ArchivableList } from '../../app/ui/ArchivableList.tsx';
import type { Column } from '../../app/ui/DataTable.tsx';
import { formatMoney } from '../../lib/format.ts';
import { useCan } from '../../routes/staff/session.tsx';
import { useStudio } from '../studios/api.ts';
import { plansApi, plansKey, usePlanList, type PlanDto } from './api.ts';
import { PlanEditor } from './PlanEditor.tsx';
import { usePlanSummary } from './summary.ts';

/** Settings › Plans: the subscriptions, packs and offers the studio sells. */
export function PlansPage() {
  const { t } = useTranslation();
  const canWrite = useCan('memberships:settings');
  const studio = useStudio(useCan('studio:read'));
  const [archived, setArchived] = useState(false);
  const plans = usePlanList(archived);
  const [editing, setEditing] = useState<PlanDto | 'new' | null>(null);
  const currency = studio.data?.currency ?? plans.data?.[0]?.currency ?? 'EUR';
  const summary = usePlanSummary();

  const columns: Column<PlanDto>[] = [
    {
      key: 'name',
      header: t('plans.fields.name'),
      primary: true,
      render: (p) => (
        <Group gap="xs" wrap="wrap">
          <span>{p.name}</span>
          {p.featured ? (
            <Badge size="sm" variant="dot" color="yellow">
              {t('plans.featuredBadge')}
            </Badge>
          ) : null}
          {p.visibility === 'hidden' ? (
            <Badge size="sm" variant="outline" color="dark">
              {t('plans.hiddenBadge')}
            </Badge>
          ) : null}
        </Group>
      ),
    },
    { key: 'kind', header: t('plans.fields.kind'), render: (p) => t(`plans.kinds.${p.kind}`) },
    {
      key: 'price',
      header: t('plans.fields.price'),
      nowrap: true,
      render: (p) =>
        p.priceMode === 'sliding'
          ? t('plans.slidingRange', { min: formatMoney(p.priceMinMinor ?? 0, p.currency), max: formatMoney(p.priceMaxMinor ?? 0, p.currency) })
          : formatMoney(p.priceMinor, p.currency),
    },
    { key: 'terms', header: t('plans.fields.terms'), render: (p) => summary(p) },
  ];

  return (
    <>
      <ArchivableList
        labels={{
          title: t('plans.title'),
          description: t('plans.description'),
          new: t('plans.new'),
          show: t('plans.show'),
          active: t('plans.active'),
          archivedTab: t('plans.archivedTab'),
          empty: t('plans.empty'),
          emptyArchived: t('plans.emptyArchived'),
          editNamed: (x) => t('plans.editNamed', { name: x.name }),
          archiveNamed: (x) => t('plans.archiveNamed', { name: x.name }),
          restoreNamed: (x) => t('plans.restoreNamed', { name: x.name }),
          archivedNotice: (x) => t('plans.archived', { name: x.name }),
          restoredNotice: (x) => t('plans.restored', { name: x.name }),
          archive: t('plans.archive'),
          restore: t('plans.restore'),
        }}
        canWrite={canWrite}
        archived={archived}
        onArchivedChange={setArchived}
        query={plans}
        columns={columns}
        testId="plans-table"
        onNew={() => setEditing('new')}
        onEdit={setEditing}
        archiveApi={plansApi}
        queryKey={plansKey}
        editArchived
      />
      {editing ? <PlanEditor plan={editing === 'new' ? null : editing} currency={currency} onClose={() => setEditing(null)} /> : null}
    </>
  );
}
