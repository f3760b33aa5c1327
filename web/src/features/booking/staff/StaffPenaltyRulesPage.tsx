import { Badge, Button, Group, Paper, Text } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmModal } from '../../../app/ui/ConfirmModal.tsx';
import { DataTable } from '../../../app/ui/DataTable.tsx';
import { IconPlus } from '../../../app/ui/icons.tsx';
import { PageHeader } from '../../../app/ui/PageHeader.tsx';
import { QueryState } from '../../../app/ui/QueryState.tsx';
import { notifyError, notifySuccess } from '../../../lib/errors.ts';
import { formatMoney } from '../../../lib/format.ts';
import { useCan } from '../../../routes/staff/session.tsx';
import { usePlanList } from '../../plans/api.ts';
import { useStudio } from '../../studios/api.ts';
import { penaltyRulesKey, staffBookingApi, usePenaltyRules, type PenaltyRuleDto } from './api.ts';
import { describePenaltyRule } from './penalty-sentence.ts';
import { StaffPenaltyRuleModal } from './StaffPenaltyRuleModal.tsx';

/** Settings › Penalty rules: fees for late cancellations and no-shows, each rule shown in plain words. */
export function StaffPenaltyRulesPage() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const studio = useStudio(useCan('studio:read'));
  const rules = usePenaltyRules();
  const plans = usePlanList(false);
  const [editing, setEditing] = useState<PenaltyRuleDto | 'new' | null>(null);
  const [removing, setRemoving] = useState<PenaltyRuleDto | null>(null);
  const [busy, setBusy] = useState(false);
  const currency = studio.data?.currency ?? 'EUR';
  const planName = (id: string) => plans.data?.find((p) => p.id === id)?.name ?? id;

  const remove = async (rule: PenaltyRuleDto) => {
    setBusy(true);
    try {
      await staffBookingApi.deletePenaltyRule(rule.id);
      await queryClient.invalidateQueries({ queryKey: penaltyRulesKey });
      notifySuccess(t('bookingStaff.penalties.deleted'));
      setRemoving(null);
    } catch (error) {
      notifyError(error, t);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <PageHeader
        title={t('bookingStaff.penalties.title')}
        description={t('bookingStaff.penalties.description')}
        actions={
          <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing('new')}>
            {t('bookingStaff.penalties.new')}
          </Button>
        }
      />
      {!rules.data ? (
        <QueryState isPending={rules.isPending} error={rules.error} onRetry={() => void rules.refetch()} />
      ) : rules.data.length === 0 ? (
        <Paper withBorder p="lg" radius="md">
          <Text c="dimmed" role="status">
            {t('bookingStaff.penalties.empty')}
          </Text>
        </Paper>
      ) : (
        <DataTable
          label={t('bookingStaff.penalties.title')}
          testId="penalty-rules"
          rows={rules.data}
          rowKey={(r) => r.id}
          columns={[
            { key: 'rule', header: t('bookingStaff.penalties.columns.rule'), primary: true, render: (r) => describePenaltyRule(r, t) },
            {
              key: 'plans',
              header: t('bookingStaff.penalties.columns.plans'),
              render: (r) => (r.planIds.length === 0 ? t('bookingStaff.penalties.allPlans') : r.planIds.map(planName).join(', ')),
            },
            { key: 'fee', header: t('bookingStaff.penalties.columns.fee'), nowrap: true, render: (r) => formatMoney(r.feeMinor, r.currency) },
            {
              key: 'status',
              header: t('bookingStaff.penalties.columns.status'),
              nowrap: true,
              render: (r) => (
                <Badge variant="dot" color={r.active ? 'teal' : 'gray'}>
                  {t(r.active ? 'bookingStaff.penalties.active' : 'bookingStaff.penalties.inactive')}
                </Badge>
              ),
            },
          ]}
          actionsLabel={t('common.actions')}
          actions={(r) => (
            <Group gap={4} wrap="nowrap">
              <Button size="compact-sm" variant="subtle" onClick={() => setEditing(r)} aria-label={t('bookingStaff.penalties.editRule', { rule: describePenaltyRule(r, t) })}>
                {t('bookingStaff.penalties.edit')}
              </Button>
              <Button size="compact-sm" variant="subtle" color="red" onClick={() => setRemoving(r)} aria-label={t('bookingStaff.penalties.deleteRule', { rule: describePenaltyRule(r, t) })}>
                {t('bookingStaff.penalties.delete')}
              </Button>
            </Group>
          )}
        />
      )}
      {editing ? <StaffPenaltyRuleModal rule={editing === 'new' ? null : editing} currency={currency} onClose={() => setEditing(null)} /> : null}
      <ConfirmModal
        opened={!!removing}
        title={t('bookingStaff.penalties.deleteTitle')}
        message={removing ? t('bookingStaff.penalties.deleteBody', { rule: describePenaltyRule(removing, t) }) : ''}
        confirmLabel={t('bookingStaff.penalties.delete')}
        danger
        loading={busy}
        onConfirm={() => removing && void remove(removing)}
        onClose={() => setRemoving(null)}
      />
    </>
  );
}
