import { Badge, Button, Center, Stack, Text } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { DataTable, type Column } from '../../../app/ui/DataTable.tsx';
import { PageHeader } from '../../../app/ui/PageHeader.tsx';
import { QueryState } from '../../../app/ui/QueryState.tsx';
import { useCan } from '../../../routes/staff/session.tsx';
import { useStudio } from '../../studios/api.ts';
import { formatInZone, formatNumber } from '../../../lib/format.ts';
import { groupSendsApi, groupSendsKey, type GroupSendDto } from './api.ts';

const statusColor = { queued: 'gray', sending: 'blue', done: 'teal' } as const;

/** Messages › Group sends: what staff sent to a selection or a segment, with its counts. */
export function GroupSendsPage() {
  const { t } = useTranslation();
  const studio = useStudio(useCan('studio:read'));
  const timeZone = studio.data?.timeZone ?? 'UTC';
  const list = useInfiniteQuery({
    queryKey: [...groupSendsKey, 'list'],
    queryFn: ({ pageParam }) => groupSendsApi.list(pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    // A send in progress: its counts move.
    refetchInterval: (q) => (q.state.data?.pages.some((p) => p.items.some((s) => s.status !== 'done')) ? 3000 : false),
  });
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];

  const columns: Column<GroupSendDto>[] = [
    {
      key: 'message',
      primary: true,
      header: t('groupSends.columns.message'),
      render: (s) => (
        <Stack gap={0}>
          <Text fw={600} size="sm" lineClamp={1}>
            {s.subject ?? s.body.split('\n')[0]}
          </Text>
          <Text size="xs" c="dimmed">
            {formatInZone(s.createdAt, timeZone, { dateStyle: 'medium', timeStyle: 'short' })}
          </Text>
        </Stack>
      ),
    },
    { key: 'channel', nowrap: true, header: t('groupSends.channel'), render: (s) => <Badge variant="light" c="blue.9">{t(`groupSends.channels.${s.channel}`)}</Badge> },
    {
      key: 'audience',
      header: t('groupSends.columns.audience'),
      render: (s) => (s.audience.kind === 'segment' ? t('groupSends.audienceSegment') : t('groupSends.audienceSelection', { count: s.audience.count, formatted: formatNumber(s.audience.count) })),
    },
    {
      key: 'status',
      nowrap: true,
      header: t('groupSends.columns.status'),
      render: (s) => (
        <Badge color={`${statusColor[s.status]}.9`} variant="filled">
          {t(`groupSends.status.${s.status}`)}
        </Badge>
      ),
    },
    { key: 'recipients', nowrap: true, header: t('groupSends.columns.recipients'), render: (s) => formatNumber(s.recipientCount) },
    { key: 'skipped', nowrap: true, header: t('groupSends.columns.skipped'), render: (s) => formatNumber(s.skippedCount) },
    { key: 'queued', nowrap: true, header: t('groupSends.columns.queued'), render: (s) => formatNumber(s.queuedCount) },
    {
      key: 'delivery',
      header: t('groupSends.columns.delivery'),
      render: (s) => t('groupSends.deliverySummary', { sent: formatNumber(s.delivery.sent), failed: formatNumber(s.delivery.failed), suppressed: formatNumber(s.delivery.suppressed) }),
    },
  ];

  return (
    <>
      <PageHeader title={t('groupSends.title')} description={t('groupSends.description')} />
      <QueryState isPending={list.isPending} error={list.error} onRetry={() => void list.refetch()} />
      {list.data && rows.length === 0 ? (
        <Text c="dimmed" role="status">
          {t('groupSends.empty')}
        </Text>
      ) : null}
      {rows.length > 0 ? <DataTable rows={rows} columns={columns} rowKey={(s) => s.id} label={t('groupSends.title')} testId="group-sends" minWidth={900} /> : null}
      {list.hasNextPage ? (
        <Center mt="md">
          <Button variant="light" loading={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
            {t('common.loadMore')}
          </Button>
        </Center>
      ) : null}
    </>
  );
}
