import { Anchor, Badge, Button, Center, Checkbox, Group, Paper, Select, Stack, Text } from '@mantine/core';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { SendMessageDialog } from '../messaging/sends/SendMessageDialog.tsx';
import { useCan } from '../../routes/staff/session.tsx';
import { Link, useSearchParams } from 'react-router';
import { DataTable, type Column } from '../../app/ui/DataTable.tsx';
import { QueryState } from '../../app/ui/QueryState.tsx';
import type { CustomerDto } from '../../lib/contracts.ts';
import { notifyError, notifySuccess } from '../../lib/errors.ts';
import { formatInZone, formatNumber, fullName } from '../../lib/format.ts';
import { crmApi, tagsKey } from '../crm/api.ts';
import {
  countKey,
  exportUrl,
  listKey,
  matchingSelection,
  segmentsApi,
  segmentsKey,
  type Criteria,
  type ListFilters,
  type Selection,
  type SortKey,
  type SortOrder,
} from './api.ts';
import { FilterDrawer } from './FilterDrawer.tsx';
import { SegmentTabs } from './SegmentTabs.tsx';

interface Props {
  /** The search typed above the list (debounced). */
  q: string;
  timeZone: string | undefined;
  canWrite: boolean;
  canExport: boolean;
}

const sorts: `${SortKey}.${SortOrder}`[] = [
  'name.asc',
  'name.desc',
  'createdAt.desc',
  'createdAt.asc',
  'lastVisitAt.desc',
  'lastVisitAt.asc',
  'visitCount.desc',
  'visitCount.asc',
];

/** The export takes ticked customers by id in its URL, up to the server's limit (segments/contracts.ts). */
const maxExportIds = 400;

const membershipColor: Record<CustomerDto['membershipStatus'], string> = { none: 'gray', active: 'teal', frozen: 'blue', expired: 'orange' };

/**
 * The customer list: segment tabs, the filter builder, sort, selection with bulk actions
 * (tag, untag, export) and the table. The segment tab lives in the URL (`?segment=`).
 */
export function CustomerList({ q, timeZone, canWrite, canExport }: Props) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [params, setParams] = useSearchParams();
  const segmentId = params.get('segment');
  const [criteria, setCriteria] = useState<Criteria | null>(null);
  const [sortValue, setSortValue] = useState<`${SortKey}.${SortOrder}`>('name.asc');
  const [filtering, setFiltering] = useState(false);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const canSend = useCan('messages:send');
  const [sending, setSending] = useState<null | 'selection' | 'segment'>(null);
  const [allMatching, setAllMatching] = useState(false);
  const [tagId, setTagId] = useState<string | null>(null);
  const [sort, order] = sortValue.split('.') as [SortKey, SortOrder];
  const filters: ListFilters = useMemo(() => ({ q, segmentId, criteria, sort, order }), [q, segmentId, criteria, sort, order]);

  const segments = useQuery({ queryKey: segmentsKey, queryFn: segmentsApi.list });
  const tags = useQuery({ queryKey: tagsKey, queryFn: crmApi.tags, enabled: canWrite });
  const list = useInfiniteQuery({
    queryKey: listKey(filters),
    queryFn: ({ pageParam, signal }) => segmentsApi.customers(filters, pageParam, 25, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  const countFilters = { q, segmentId, criteria };
  const count = useQuery({ queryKey: countKey(countFilters), queryFn: ({ signal }) => segmentsApi.countCustomers(countFilters, signal) });
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];
  const total = count.data?.count;

  // A new list starts with nothing ticked.
  useEffect(() => {
    setSelected(new Set());
    setAllMatching(false);
  }, [filters]);

  const selectSegment = (id: string | null) => {
    const next = new URLSearchParams(params);
    if (id) next.set('segment', id);
    else next.delete('segment');
    setParams(next, { replace: true });
    setCriteria(null);
  };

  const save = async (name: string, value: Criteria) => {
    try {
      const created = await segmentsApi.create({ name, criteria: value });
      await queryClient.invalidateQueries({ queryKey: segmentsKey });
      notifySuccess(t('segments.saved', { name: created.name }));
      selectSegment(created.id);
    } catch (error) {
      notifyError(error, t);
      throw error;
    }
  };

  const activeSegment = segments.data?.items.find((s) => s.id === segmentId) ?? null;

  /** Rules applied by hand list everyone who matches them, so an open segment tab gives way to "All customers". */
  const apply = (value: Criteria | null) => {
    if (segmentId && value) selectSegment(null);
    setCriteria(value);
  };

  const update = async (value: Criteria) => {
    if (!activeSegment) return;
    try {
      await segmentsApi.update(activeSegment.id, { criteria: value });
      // The ticked customers may no longer be in the segment: start the selection again.
      setSelected(new Set());
      setAllMatching(false);
      await queryClient.invalidateQueries({ queryKey: segmentsKey });
      await queryClient.invalidateQueries({ queryKey: ['customers'] });
      notifySuccess(t('segments.updated', { name: activeSegment.name }));
    } catch (error) {
      notifyError(error, t);
      throw error;
    }
  };

  const selection = (): Selection => (allMatching ? matchingSelection(filters) : { kind: 'ids', ids: [...selected] });
  const bulk = useMutation({
    mutationFn: ({ action, tag }: { action: 'tag' | 'untag'; tag: string }) =>
      (action === 'tag' ? segmentsApi.tag : segmentsApi.untag)({ tagId: tag, selection: selection() }),
    onSuccess: async (result, { action }) => {
      await queryClient.invalidateQueries({ queryKey: ['customers'] });
      notifySuccess(t(action === 'tag' ? 'segments.bulk.tagged' : 'segments.bulk.untagged', { count: result.changed, formatted: formatNumber(result.changed) }));
    },
    onError: (error) => notifyError(error, t),
  });

  const toggle = (id: string, on: boolean) => {
    const next = new Set(selected);
    if (on) next.add(id);
    else next.delete(id);
    setSelected(next);
    setAllMatching(false);
  };
  const pageTicked = rows.length > 0 && rows.every((c) => selected.has(c.id));
  const selectedCount = allMatching ? (total ?? selected.size) : selected.size;

  const columns: Column<CustomerDto>[] = [
    {
      key: 'name',
      header: t('fields.name'),
      primary: true,
      render: (c) => (
        <Group gap="sm" wrap="nowrap" align="center">
          <Checkbox
            aria-label={t('segments.select', { name: fullName(c) })}
            checked={allMatching || selected.has(c.id)}
            onChange={(e) => toggle(c.id, e.currentTarget.checked)}
          />
          <Text component={Link} to={`/customers/${c.id}`} fw={600} c="brand.8" td="underline" className="enso-break">
            {fullName(c)}
          </Text>
        </Group>
      ),
    },
    { key: 'email', header: t('fields.email'), render: (c) => c.email ?? '' },
    { key: 'phone', nowrap: true, header: t('fields.phone'), render: (c) => c.phone ?? '' },
    { key: 'visits', nowrap: true, header: t('segments.columns.visits'), render: (c) => formatNumber(c.visitCount) },
    {
      key: 'lastVisit',
      nowrap: true,
      header: t('segments.columns.lastVisit'),
      render: (c) =>
        c.lastVisitAt ? formatInZone(c.lastVisitAt, timeZone, { dateStyle: 'medium' }) : (
          <Text span size="sm" c="dimmed">
            {t('segments.columns.never')}
          </Text>
        ),
    },
    {
      key: 'membership',
      nowrap: true,
      header: t('segments.columns.membership'),
      render: (c) => (
        <Badge variant="light" color={membershipColor[c.membershipStatus]}>
          {t(`segments.membership.${c.membershipStatus}`)}
        </Badge>
      ),
    },
    {
      key: 'created',
      nowrap: true,
      header: t('customers.created'),
      render: (c) => formatInZone(c.createdAt, timeZone, { dateStyle: 'medium' }),
    },
  ];

  const ruleCount = criteria?.rules.length ?? 0;

  return (
    <Stack>
      <SegmentTabs segments={segments.data?.items ?? []} active={segmentId} onSelect={selectSegment} canWrite={canWrite} />
      <Group justify="space-between" wrap="wrap" gap="sm">
        <Group gap="sm" wrap="wrap">
          <Button variant={ruleCount > 0 ? 'filled' : 'light'} onClick={() => setFiltering(true)}>
            {ruleCount > 0 ? t('segments.filterCount', { count: ruleCount }) : t('segments.filter')}
          </Button>
          <Select
            aria-label={t('segments.sort.label')}
            data={sorts.map((s) => ({ value: s, label: t(`segments.sort.${s.replace('.', '_')}`) }))}
            value={sortValue}
            onChange={(v) => v && setSortValue(v as typeof sortValue)}
            allowDeselect={false}
            w={220}
            comboboxProps={{ withinPortal: true }}
          />
        </Group>
        <Group gap="sm" wrap="wrap">
          {total !== undefined ? (
            <Text size="sm" c="dimmed" role="status" data-testid="list-count">
              {t('segments.count', { count: total, formatted: formatNumber(total) })}
            </Text>
          ) : null}
          {canSend && activeSegment && !criteria && !q ? (
            <Button size="compact-sm" variant="light" onClick={() => setSending('segment')}>
              {t('groupSends.openSegment')}
            </Button>
          ) : null}
          {canExport ? (
            <Anchor href={exportUrl(filters, null)} download size="sm" fw={600}>
              {t('segments.exportList')}
            </Anchor>
          ) : null}
        </Group>
      </Group>

      {rows.length > 0 ? (
        <Group gap="sm">
          <Checkbox
            label={t('segments.selectPage')}
            checked={pageTicked || allMatching}
            indeterminate={!pageTicked && !allMatching && rows.some((c) => selected.has(c.id))}
            onChange={(e) => {
              const on = e.currentTarget.checked;
              setAllMatching(false);
              setSelected(on ? new Set([...selected, ...rows.map((c) => c.id)]) : new Set());
            }}
          />
        </Group>
      ) : null}

      {selected.size > 0 || allMatching ? (
        <Paper withBorder p="sm" radius="md" data-testid="bulk-bar" role="region" aria-label={t('segments.bulk.label')}>
          <Stack gap="xs">
            <Group gap="sm" wrap="wrap">
              <Text fw={600}>{t('segments.bulk.selected', { count: selectedCount, formatted: formatNumber(selectedCount) })}</Text>
              {!allMatching && total !== undefined && total > selected.size ? (
                <Button variant="subtle" size="compact-sm" onClick={() => setAllMatching(true)}>
                  {t('segments.bulk.selectAll', { count: total, formatted: formatNumber(total) })}
                </Button>
              ) : null}
              <Button
                variant="subtle"
                size="compact-sm"
                color="gray"
                onClick={() => {
                  setSelected(new Set());
                  setAllMatching(false);
                }}
              >
                {t('segments.bulk.clear')}
              </Button>
            </Group>
            <Group gap="sm" wrap="wrap" align="flex-end">
              {canWrite ? (
                <>
                  <Select
                    label={t('segments.bulk.tag')}
                    placeholder={t('segments.bulk.tagPlaceholder')}
                    data={(tags.data?.items ?? []).map((tag) => ({ value: tag.id, label: tag.name }))}
                    value={tagId}
                    onChange={setTagId}
                    searchable
                    w={{ base: '100%', xs: 220 }}
                    comboboxProps={{ withinPortal: true }}
                  />
                  <Button disabled={!tagId} loading={bulk.isPending && bulk.variables?.action === 'tag'} onClick={() => tagId && bulk.mutate({ action: 'tag', tag: tagId })}>
                    {t('segments.bulk.addTag')}
                  </Button>
                  <Button
                    variant="default"
                    disabled={!tagId}
                    loading={bulk.isPending && bulk.variables?.action === 'untag'}
                    onClick={() => tagId && bulk.mutate({ action: 'untag', tag: tagId })}
                  >
                    {t('segments.bulk.removeTag')}
                  </Button>
                </>
              ) : null}
              {canSend && !allMatching ? (
                <Button variant="light" onClick={() => setSending('selection')}>
                  {t('groupSends.open')}
                </Button>
              ) : null}
              {canExport && !allMatching && selected.size > maxExportIds ? (
                <Text size="sm" c="dimmed">
                  {t('segments.bulk.exportTooMany', { max: maxExportIds })}
                </Text>
              ) : canExport ? (
                <Button component="a" variant="outline" href={exportUrl(filters, allMatching ? null : [...selected])} download>
                  {t('segments.bulk.export')}
                </Button>
              ) : null}
            </Group>
          </Stack>
        </Paper>
      ) : null}

      <QueryState isPending={list.isPending} error={list.error} onRetry={() => void list.refetch()} />
      {list.data && rows.length === 0 ? (
        <Text c="dimmed" py="lg" role="status">
          {q ? t('customers.noMatch', { q }) : segmentId || criteria ? t('segments.empty') : t('customers.empty')}
        </Text>
      ) : null}
      {rows.length > 0 ? <DataTable rows={rows} columns={columns} rowKey={(c) => c.id} label={t('customers.title')} testId="customer-list" minWidth={900} /> : null}
      {list.hasNextPage ? (
        <Center>
          <Button variant="light" loading={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
            {t('common.loadMore')}
          </Button>
        </Center>
      ) : null}

      {canSend && sending === 'selection' ? (
        <SendMessageDialog
          opened
          onClose={() => setSending(null)}
          audience={{ customerIds: [...selected] }}
          audienceLabel={t('groupSends.audienceSelected', { count: selected.size, formatted: formatNumber(selected.size) })}
        />
      ) : null}
      {canSend && sending === 'segment' && activeSegment ? (
        <SendMessageDialog opened onClose={() => setSending(null)} audience={{ segmentId: activeSegment.id }} audienceLabel={t('groupSends.audienceSegmentNamed', { name: activeSegment.name })} />
      ) : null}

      <FilterDrawer
        opened={filtering}
        onClose={() => setFiltering(false)}
        criteria={criteria}
        onApply={apply}
        onSave={canWrite ? save : undefined}
        segment={activeSegment}
        onUpdate={canWrite && activeSegment ? update : undefined}
      />
    </Stack>
  );
}
