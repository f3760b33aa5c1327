import { Badge, Button, Group, SegmentedControl, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DataTable, type Column } from '../../app/ui/DataTable.tsx';
import { IconPlus } from '../../app/ui/icons.tsx';
import { PageHeader } from '../../app/ui/PageHeader.tsx';
import { QueryState } from '../../app/ui/QueryState.tsx';
import { notifySuccess } from '../../lib/errors.ts';
import { formatLocalDate, formatMoney, formatNumber } from '../../lib/format.ts';
import { useCan } from '../../routes/staff/session.tsx';
import { catalogErrorMessage } from '../products/api.ts';
import { useStudio } from '../studios/api.ts';
import { discountCodesApi, discountCodesKey, useDiscountCodeList, type DiscountCodeDto } from './api.ts';
import { DiscountCodeModal } from './DiscountCodeModal.tsx';
import { dayOf } from './zone-dates.ts';

const statusColors: Record<DiscountCodeDto['status'], string> = { active: 'teal', scheduled: 'blue', expired: 'gray', exhausted: 'orange', archived: 'gray' };

/** Settings › Discount codes: codes customers and the desk enter at checkout, with their use so far. */
export function DiscountCodesPage() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const canWrite = useCan('commerce:settings');
  const studio = useStudio(useCan('studio:read'));
  const timeZone = studio.data?.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  const [archived, setArchived] = useState(false);
  const codes = useDiscountCodeList(archived);
  const [editing, setEditing] = useState<DiscountCodeDto | 'new' | null>(null);
  const currency = studio.data?.currency ?? codes.data?.[0]?.currency ?? 'EUR';

  const toggleArchived = async (c: DiscountCodeDto) => {
    try {
      if (c.archived) await discountCodesApi.unarchive(c.id);
      else await discountCodesApi.archive(c.id);
      await queryClient.invalidateQueries({ queryKey: discountCodesKey });
      notifySuccess(c.archived ? t('discountCodes.restored', { code: c.code }) : t('discountCodes.archived', { code: c.code }));
    } catch (error) {
      notifications.show({ color: 'red', title: t('errors.title'), message: catalogErrorMessage(error, t, 'discountCodes') });
    }
  };

  const validity = (c: DiscountCodeDto) => {
    const from = c.validFrom ? formatLocalDate(dayOf(c.validFrom, timeZone)) : null;
    // valid_until is the first instant it no longer works: the last day is the one before.
    const until = c.validUntil ? formatLocalDate(dayOf(new Date(c.validUntil).getTime() - 1, timeZone)) : null;
    if (from && until) return t('discountCodes.fromUntil', { from, until });
    if (from) return t('discountCodes.from', { from });
    if (until) return t('discountCodes.until', { until });
    return t('discountCodes.always');
  };

  const columns: Column<DiscountCodeDto>[] = [
    {
      key: 'code',
      header: t('discountCodes.fields.code'),
      primary: true,
      render: (c) => (
        <Group gap="xs" wrap="wrap">
          <Text ff="monospace" fw={600} span>
            {c.code}
          </Text>
          <Badge color={statusColors[c.status]} variant="dot" size="sm">
            {t(`discountCodes.status.${c.status}`)}
          </Badge>
        </Group>
      ),
    },
    {
      key: 'value',
      header: t('discountCodes.fields.value'),
      nowrap: true,
      render: (c) => (c.kind === 'percent' ? `${formatNumber((c.percentBp ?? 0) / 100)} %` : formatMoney(c.amountMinor ?? 0, c.currency)),
    },
    { key: 'validity', header: t('discountCodes.fields.validity'), render: validity },
    {
      key: 'uses',
      header: t('discountCodes.fields.uses'),
      nowrap: true,
      render: (c) => <span data-testid="uses">{c.maxUses !== null ? `${formatNumber(c.usesCount)} / ${formatNumber(c.maxUses)}` : formatNumber(c.usesCount)}</span>,
    },
    {
      key: 'scope',
      header: t('discountCodes.fields.appliesTo'),
      render: (c) => {
        const n = c.planIds.length + c.templateIds.length + c.productIds.length;
        return n === 0 ? t('discountCodes.everything') : t('discountCodes.chosenItems', { count: n });
      },
    },
  ];

  return (
    <>
      <PageHeader
        title={t('discountCodes.title')}
        description={t('discountCodes.description')}
        actions={
          canWrite ? (
            <Button leftSection={<IconPlus />} onClick={() => setEditing('new')}>
              {t('discountCodes.new')}
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
            { value: 'active', label: t('discountCodes.activeTab') },
            { value: 'archived', label: t('discountCodes.archivedTab') },
          ]}
          aria-label={t('discountCodes.show')}
        />
        <QueryState isPending={codes.isPending} error={codes.error} onRetry={() => void codes.refetch()} />
        {codes.data && codes.data.length === 0 ? (
          <Text c="dimmed" role="status">
            {archived ? t('discountCodes.emptyArchived') : t('discountCodes.empty')}
          </Text>
        ) : null}
        {codes.data && codes.data.length > 0 ? (
          <DataTable
            rows={codes.data}
            columns={columns}
            rowKey={(c) => c.id}
            label={t('discountCodes.title')}
            testId="discount-codes-table"
            actionsLabel={t('common.actions')}
            actions={
              canWrite
                ? (c) => (
                    <Group gap={4} wrap="nowrap">
                      {!c.archived ? (
                        <Button size="compact-sm" variant="subtle" onClick={() => setEditing(c)} aria-label={t('discountCodes.editNamed', { code: c.code })}>
                          {t('common.edit')}
                        </Button>
                      ) : null}
                      <Button
                        size="compact-sm"
                        variant="subtle"
                        color={c.archived ? undefined : 'red'}
                        onClick={() => void toggleArchived(c)}
                        aria-label={c.archived ? t('discountCodes.restoreNamed', { code: c.code }) : t('discountCodes.archiveNamed', { code: c.code })}
                      >
                        {c.archived ? t('common.restore') : t('common.archive')}
                      </Button>
                    </Group>
                  )
                : undefined
            }
          />
        ) : null}
      </Stack>
      {editing ? (
        <DiscountCodeModal
          key={editing === 'new' ? 'new' : editing.id}
          code={editing === 'new' ? null : editing}
          currency={currency}
          timeZone={timeZone}
          onClose={() => setEditing(null)}
        />
      ) : null}
    </>
  );
}
