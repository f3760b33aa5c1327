import { Badge, Group, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ArchivableList } from '../../app/ui/ArchivableList.tsx';
import type { Column } from '../../app/ui/DataTable.tsx';
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
  const canWrite = useCan('commerce:settings');
  const studio = useStudio(useCan('studio:read'));
  const timeZone = studio.data?.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  const [archived, setArchived] = useState(false);
  const codes = useDiscountCodeList(archived);
  const [editing, setEditing] = useState<DiscountCodeDto | 'new' | null>(null);
  const currency = studio.data?.currency ?? codes.data?.[0]?.currency ?? 'EUR';

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
      <ArchivableList
        labels={{
          title: t('discountCodes.title'),
          description: t('discountCodes.description'),
          new: t('discountCodes.new'),
          show: t('discountCodes.show'),
          active: t('discountCodes.activeTab'),
          archivedTab: t('discountCodes.archivedTab'),
          empty: t('discountCodes.empty'),
          emptyArchived: t('discountCodes.emptyArchived'),
          editNamed: (x) => t('discountCodes.editNamed', { code: x.code }),
          archiveNamed: (x) => t('discountCodes.archiveNamed', { code: x.code }),
          restoreNamed: (x) => t('discountCodes.restoreNamed', { code: x.code }),
          archivedNotice: (x) => t('discountCodes.archived', { code: x.code }),
          restoredNotice: (x) => t('discountCodes.restored', { code: x.code }),
        }}
        canWrite={canWrite}
        archived={archived}
        onArchivedChange={setArchived}
        query={codes}
        columns={columns}
        testId="discount-codes-table"
        onNew={() => setEditing('new')}
        onEdit={setEditing}
        archiveApi={discountCodesApi}
        queryKey={discountCodesKey}
        onError={(error) => notifications.show({ color: 'red', title: t('errors.title'), message: catalogErrorMessage(error, t, 'discountCodes') })}
      />
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
