import { Badge, Button, Group, SegmentedControl, Stack, Text } from '@mantine/core';
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
import { plansApi, plansKey, usePlanList, type PlanDto } from './api.ts';
import { PlanEditor } from './PlanEditor.tsx';
import { usePlanSummary } from './summary.ts';

/** Settings › Plans: the subscriptions, packs and offers the studio sells. */
export function PlansPage() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const canWrite = useCan('memberships:settings');
  const studio = useStudio(useCan('studio:read'));
  const [archived, setArchived] = useState(false);
  const plans = usePlanList(archived);
  const [editing, setEditing] = useState<PlanDto | 'new' | null>(null);
  const currency = studio.data?.currency ?? plans.data?.[0]?.currency ?? 'EUR';
  const summary = usePlanSummary();

  const toggleArchived = async (plan: PlanDto) => {
    try {
      if (plan.archived) await plansApi.unarchive(plan.id);
      else await plansApi.archive(plan.id);
      await queryClient.invalidateQueries({ queryKey: plansKey });
      notifySuccess(plan.archived ? t('plans.restored', { name: plan.name }) : t('plans.archived', { name: plan.name }));
    } catch (error) {
      notifyError(error, t);
    }
  };

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
      <PageHeader
        title={t('plans.title')}
        description={t('plans.description')}
        actions={
          canWrite ? (
            <Button leftSection={<IconPlus />} onClick={() => setEditing('new')}>
              {t('plans.new')}
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
            { value: 'active', label: t('plans.active') },
            { value: 'archived', label: t('plans.archivedTab') },
          ]}
          aria-label={t('plans.show')}
        />
        <QueryState isPending={plans.isPending} error={plans.error} onRetry={() => void plans.refetch()} />
        {plans.data && plans.data.length === 0 ? (
          <Text c="dimmed" role="status">
            {archived ? t('plans.emptyArchived') : t('plans.empty')}
          </Text>
        ) : null}
        {plans.data && plans.data.length > 0 ? (
          <DataTable
            rows={plans.data}
            columns={columns}
            rowKey={(p) => p.id}
            label={t('plans.title')}
            testId="plans-table"
            actionsLabel={t('common.actions')}
            actions={
              canWrite
                ? (p) => (
                    <Group gap={4} wrap="nowrap">
                      <Button size="xs" variant="subtle" onClick={() => setEditing(p)} aria-label={t('plans.editNamed', { name: p.name })}>
                        {t('common.edit')}
                      </Button>
                      <Button size="xs" variant="subtle" color={p.archived ? 'blue' : 'gray'} onClick={() => void toggleArchived(p)} aria-label={t(p.archived ? 'plans.restoreNamed' : 'plans.archiveNamed', { name: p.name })}>
                        {p.archived ? t('plans.restore') : t('plans.archive')}
                      </Button>
                    </Group>
                  )
                : undefined
            }
          />
        ) : null}
      </Stack>
      {editing ? <PlanEditor plan={editing === 'new' ? null : editing} currency={currency} onClose={() => setEditing(null)} /> : null}
    </>
  );
}
