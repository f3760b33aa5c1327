import { Alert, Anchor, Badge, Button, Center, Group, Paper, Progress, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useInfiniteQuery, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { DataTable, type Column } from '../../app/ui/DataTable.tsx';
import { QueryState } from '../../app/ui/QueryState.tsx';
import { customersKey } from '../customers/api.ts';
import { formatNumber } from '../../lib/format.ts';
import { importErrorsKey, importKey, importsApi, importsKey, isRunning, type ImportDto, type ImportErrorDto } from './api.ts';
import { useTargetLabel } from './targets.ts';

/** Status badge of an import or dry run. */
export function ImportStatus({ item }: { item: ImportDto }) {
  const { t } = useTranslation();
  const color = { pending: 'gray', running: 'blue', done: 'teal', failed: 'red' }[item.status];
  return (
    <Group gap={6} wrap="nowrap">
      <Badge color={color} variant="dot">
        {t(`imports.status.${item.status}`)}
      </Badge>
      {item.dryRun ? (
        <Badge color="grape" variant="dot">
          {t('imports.dryRunBadge')}
        </Badge>
      ) : null}
    </Group>
  );
}

function Count({ label, value }: { label: string; value: number }) {
  return (
    <Paper withBorder p="sm" radius="md">
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={700} fz="xl">
        {formatNumber(value)}
      </Text>
    </Paper>
  );
}

/** One import or dry run: live progress while it runs (polled), then its counts and error rows. */
export function ImportRun({ id }: { id: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const targetLabel = useTargetLabel([]);
  const panel = useRef<HTMLDivElement>(null);
  const run = useQuery({
    queryKey: importKey(id),
    queryFn: () => importsApi.get(id),
    refetchInterval: (query) => (query.state.data && !isRunning(query.state.data) ? false : 1000),
  });
  const item = run.data;
  const loaded = item !== undefined;
  // A run just started (or picked from the history) is what the studio wants to watch.
  useEffect(() => {
    if (loaded) panel.current?.scrollIntoView({ block: 'start' });
  }, [id, loaded]);
  const finished = item !== undefined && !isRunning(item);
  useEffect(() => {
    if (!finished) return;
    void queryClient.invalidateQueries({ queryKey: importsKey, exact: false, refetchType: 'active' });
    // The customer list (and tags) changed under any cached page of it.
    if (!item.dryRun) void queryClient.invalidateQueries({ queryKey: customersKey });
  }, [finished, item?.dryRun, queryClient]);
  const errors = useInfiniteQuery({
    queryKey: importErrorsKey(id),
    queryFn: ({ pageParam }) => importsApi.errors(id, pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    enabled: finished && (item?.errorCount ?? 0) > 0,
  });
  if (!item) return <QueryState isPending={run.isPending} error={run.error} onRetry={() => void run.refetch()} />;

  const percent = item.totalRows === 0 ? (finished ? 100 : 0) : Math.round((item.processedRows / item.totalRows) * 100);
  const rows = errors.data?.pages.flatMap((p) => p.items) ?? [];
  const columns: Column<ImportErrorDto>[] = [
    { key: 'row', header: t('imports.errors.row'), primary: true, nowrap: true, render: (e) => t('imports.errors.rowNumber', { row: e.row }) },
    { key: 'field', header: t('imports.errors.field'), nowrap: true, render: (e) => (e.field ? targetLabel(e.field) : t('imports.errors.wholeRow')) },
    { key: 'message', header: t('imports.errors.message'), render: (e) => <span className="enso-break">{e.message}</span> },
  ];
  const counts = item.dryRun
    ? [t('imports.counts.wouldCreate'), t('imports.counts.wouldUpdate'), t('imports.counts.unchanged'), t('imports.counts.errors')]
    : [t('imports.counts.created'), t('imports.counts.updated'), t('imports.counts.unchanged'), t('imports.counts.errors')];

  return (
    <Paper ref={panel} withBorder p={{ base: 'sm', sm: 'lg' }} radius="md" data-testid="import-run" style={{ scrollMarginTop: 72 }}>
      <Stack>
        <Group justify="space-between" gap="xs">
          <Title order={2} fz="lg" className="enso-break">
            {item.dryRun ? t('imports.run.dryRunTitle', { file: item.fileName }) : t('imports.run.title', { file: item.fileName })}
          </Title>
          <ImportStatus item={item} />
        </Group>
        <Stack gap={4}>
          <Progress value={percent} animated={!finished} aria-label={t('imports.run.progress')} color={item.status === 'failed' ? 'red' : undefined} />
          <Text size="sm" c="dimmed" role="status">
            {t('imports.run.processed', { processed: formatNumber(item.processedRows), total: formatNumber(item.totalRows), percent })}
          </Text>
        </Stack>
        {item.failure ? (
          <Alert color="red" title={t('imports.run.failed')} role="alert">
            {item.failure}
          </Alert>
        ) : null}
        <SimpleGrid cols={{ base: 2, sm: 4 }}>
          <Count label={counts[0]!} value={item.createdCount} />
          <Count label={counts[1]!} value={item.updatedCount} />
          <Count label={counts[2]!} value={item.unchangedCount} />
          <Count label={counts[3]!} value={item.errorCount} />
        </SimpleGrid>
        {finished && item.dryRun && item.status === 'done' ? (
          <Text size="sm">{t('imports.run.dryRunNote')}</Text>
        ) : null}
        {finished && item.errorCount > 0 ? (
          <Stack gap="sm">
            <Group justify="space-between" gap="xs">
              <Title order={3} fz="md">
                {t('imports.errors.title')}
              </Title>
              <Anchor href={importsApi.errorsCsvUrl(item.id)} download size="sm">
                {t('imports.errors.download')}
              </Anchor>
            </Group>
            <QueryState isPending={errors.isPending} error={errors.error} />
            {rows.length > 0 ? <DataTable rows={rows} columns={columns} rowKey={(e) => `${e.row}:${e.field}`} label={t('imports.errors.title')} testId="import-errors" /> : null}
            {errors.hasNextPage ? (
              <Center>
                <Button variant="light" loading={errors.isFetchingNextPage} onClick={() => void errors.fetchNextPage()}>
                  {t('common.loadMore')}
                </Button>
              </Center>
            ) : null}
          </Stack>
        ) : null}
      </Stack>
    </Paper>
  );
}
