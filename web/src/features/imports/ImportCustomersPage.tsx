import { Alert, Badge, Button, Center, FileInput, Group, List, Paper, Select, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { DataTable, type Column } from '../../app/ui/DataTable.tsx';
import { IconArrowLeft } from '../../app/ui/icons.tsx';
import { PageHeader } from '../../app/ui/PageHeader.tsx';
import { QueryState } from '../../app/ui/QueryState.tsx';
import { currentLocale } from '../../i18n/index.ts';
import { isApiError } from '../../lib/api.ts';
import { errorMessage } from '../../lib/errors.ts';
import { formatInZone, formatNumber } from '../../lib/format.ts';
import {
  importKey,
  importsApi,
  importsKey,
  type DateFormat,
  type ImportDto,
  type ImportPreviewDto,
  type ImportTargetDto,
  type ImportUploadDto,
  type PresetId,
} from './api.ts';
import { ImportRun, ImportStatus } from './ImportRun.tsx';
import { profileTargets, useTargetLabel } from './targets.ts';

const dateFormats: DateFormat[] = ['ymd', 'dmy', 'mdy'];

/**
 * The server's mapping rules (names mapped, each field once), checked here first so that the
 * studio sees them in its language, next to the column concerned.
 */
function mappingProblems(columns: readonly ImportTargetDto[], t: TFunction): { general: string | null; byColumn: Map<number, string> } {
  const byColumn = new Map<number, string>();
  const first = new Map<string, number>();
  columns.forEach((target, i) => {
    if (target === 'ignore' || target === 'tags' || target === 'phone') return;
    const earlier = first.get(target);
    if (earlier === undefined) first.set(target, i);
    else byColumn.set(i, t('imports.mapping.duplicate', { column: earlier + 1 }));
  });
  const general = !first.has('firstName') && !first.has('fullName')
    ? t('imports.mapping.needName')
    : first.has('firstName') && first.has('fullName')
      ? t('imports.mapping.nameTwice')
      : null;
  return { general, byColumn };
}

/** Our own messages for the import's error codes, else the shared ones (or the server's words). */
function importError(error: unknown, t: TFunction): string {
  if (isApiError(error)) {
    const own = t(`imports.problems.${error.code}`, { defaultValue: '' });
    if (own) return error.code === 'invalid_csv' || error.code === 'invalid_mapping' ? `${own} ${error.detail}` : own;
  }
  return errorMessage(error, t);
}

function UploadStep({ onUploaded }: { onUploaded: (upload: ImportUploadDto) => void }) {
  const { t } = useTranslation();
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    if (!file) return;
    setBusy(true);
    setError(null);
    try {
      onUploaded(await importsApi.upload(file));
    } catch (err) {
      setError(importError(err, t));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Paper withBorder p={{ base: 'sm', sm: 'lg' }} radius="md">
      <Stack>
        <Title order={2} fz="lg">
          {t('imports.upload.title')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('imports.upload.help')}
        </Text>
        <FileInput
          label={t('imports.upload.file')}
          placeholder={t('imports.upload.placeholder')}
          accept=".csv,text/csv"
          value={file}
          onChange={setFile}
          clearable
          maw={480}
          error={error}
        />
        <Group>
          <Button onClick={() => void submit()} disabled={!file} loading={busy}>
            {t('imports.upload.submit')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

interface Mapping {
  preset: PresetId | null;
  dateFormat: DateFormat;
  columns: ImportTargetDto[];
}

function PreviewTable({ preview, upload }: { preview: ImportPreviewDto; upload: ImportUploadDto }) {
  const { t } = useTranslation();
  const targetLabel = useTargetLabel(upload.fields);
  type Row = ImportPreviewDto['rows'][number];
  const columns: Column<Row>[] = [
    {
      key: 'name',
      header: t('imports.preview.name'),
      primary: true,
      render: (r) => (r.values ? `${r.values.firstName} ${r.values.lastName ?? ''}`.trim() : t('imports.errors.rowNumber', { row: r.row })),
    },
    { key: 'email', header: t('imports.targets.email'), render: (r) => r.values?.email ?? '' },
    { key: 'phone', header: t('imports.targets.phone'), nowrap: true, render: (r) => r.values?.phone ?? '' },
    { key: 'birthDate', header: t('imports.targets.birthDate'), nowrap: true, render: (r) => r.values?.birthDate ?? '' },
    { key: 'tags', header: t('imports.targets.tags'), render: (r) => r.values?.tags.join(', ') ?? '' },
    {
      key: 'check',
      header: t('imports.preview.check'),
      render: (r) =>
        r.errors.length === 0 ? (
          <Badge color="teal" variant="dot">
            {t('imports.preview.ok')}
          </Badge>
        ) : (
          <Stack gap={2}>
            {r.errors.map((e) => (
              <Text key={`${e.field}:${e.message}`} size="sm" c="red.9" className="enso-break">
                {t('imports.errors.rowNumber', { row: r.row })} · {e.field ? targetLabel(e.field) : t('imports.errors.wholeRow')}: {e.message}
              </Text>
            ))}
          </Stack>
        ),
    },
  ];
  return (
    <Stack gap="xs">
      <Title order={3} fz="md">
        {t('imports.preview.title', { count: preview.rows.length, total: formatNumber(preview.rowCount) })}
      </Title>
      <DataTable rows={preview.rows} columns={columns} rowKey={(r) => String(r.row)} label={t('imports.preview.label')} testId="import-preview" />
    </Stack>
  );
}

function MappingStep({ upload, onStarted, onCancel }: { upload: ImportUploadDto; onStarted: (run: ImportDto) => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const targetLabel = useTargetLabel(upload.fields);
  const [mapping, setMapping] = useState<Mapping>(upload.suggestion);
  const [preview, setPreview] = useState<ImportPreviewDto | null>(null);
  const [busy, setBusy] = useState<'preview' | 'dry' | 'run' | null>(null);
  const [error, setError] = useState<string | null>(null);

  const targetOptions = [
    { group: t('imports.mapping.profileGroup'), items: ['ignore', ...profileTargets].map((v) => ({ value: v, label: targetLabel(v) })) },
    ...(upload.fields.length > 0
      ? [{ group: t('imports.mapping.fieldsGroup'), items: upload.fields.map((f) => ({ value: `field:${f.id}`, label: f.label })) }]
      : []),
  ];
  const choosePreset = (value: string | null) => {
    const preset = upload.presets.find((p) => p.id === value);
    setMapping(preset ? { preset: preset.id, dateFormat: preset.dateFormat, columns: preset.columns } : { preset: null, ...upload.generic });
    setPreview(null);
  };
  const setColumn = (index: number, target: ImportTargetDto) => {
    setMapping((m) => ({ ...m, columns: m.columns.map((c, i) => (i === index ? target : c)) }));
    setPreview(null);
    setError(null);
  };
  const problems = mappingProblems(mapping.columns, t);
  const [showProblems, setShowProblems] = useState(false);
  const act = async (kind: 'preview' | 'dry' | 'run') => {
    setError(null);
    if (problems.general || problems.byColumn.size > 0) {
      setShowProblems(true);
      setError(problems.general ?? t('imports.problems.invalid_mapping'));
      return;
    }
    setShowProblems(false);
    setBusy(kind);
    try {
      // Row errors come back (and are stored) in the language of this screen.
      const body = { fileId: upload.fileId, columns: mapping.columns, dateFormat: mapping.dateFormat, locale: currentLocale() };
      if (kind === 'preview') setPreview(await importsApi.preview(body));
      else {
        const run = await importsApi.start({ ...body, fileName: upload.fileName, preset: mapping.preset, dryRun: kind === 'dry' });
        queryClient.setQueryData(importKey(run.id), run);
        void queryClient.invalidateQueries({ queryKey: importsKey });
        onStarted(run);
      }
    } catch (err) {
      setError(importError(err, t));
    } finally {
      setBusy(null);
    }
  };

  return (
    <Paper withBorder p={{ base: 'sm', sm: 'lg' }} radius="md">
      <Stack>
        <Group justify="space-between" gap="xs">
          <Title order={2} fz="lg" className="enso-break">
            {t('imports.mapping.title', { file: upload.fileName })}
          </Title>
          <Button variant="subtle" size="compact-sm" onClick={onCancel}>
            {t('imports.mapping.otherFile')}
          </Button>
        </Group>
        <Text size="sm" c="dimmed">
          {t('imports.mapping.summary', { rows: formatNumber(upload.rowCount), columns: upload.header.length, encoding: upload.encoding })}
        </Text>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Select
            label={t('imports.mapping.preset')}
            description={upload.suggestion.preset ? t('imports.mapping.detected', { preset: upload.presets.find((p) => p.id === upload.suggestion.preset)?.label }) : undefined}
            data={[{ value: 'none', label: t('imports.mapping.noPreset') }, ...upload.presets.map((p) => ({ value: p.id, label: p.label }))]}
            value={mapping.preset ?? 'none'}
            onChange={choosePreset}
            allowDeselect={false}
          />
          <Select
            label={t('imports.mapping.dateFormat')}
            description={t('imports.mapping.dateFormatHelp')}
            data={dateFormats.map((f) => ({ value: f, label: t(`imports.dateFormats.${f}`) }))}
            value={mapping.dateFormat}
            onChange={(v) => {
              if (v) setMapping((m) => ({ ...m, dateFormat: v as DateFormat }));
              setPreview(null);
            }}
            allowDeselect={false}
          />
        </SimpleGrid>
        <Title order={3} fz="md">
          {t('imports.mapping.columns')}
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} data-testid="import-mapping">
          {upload.header.map((header, i) => (
            <Select
              key={`${i}:${header}`}
              label={header || t('imports.mapping.unnamed', { n: i + 1 })}
              data={targetOptions}
              value={mapping.columns[i] ?? 'ignore'}
              onChange={(v) => setColumn(i, (v ?? 'ignore') as ImportTargetDto)}
              error={showProblems ? problems.byColumn.get(i) : undefined}
              allowDeselect={false}
              searchable
            />
          ))}
        </SimpleGrid>
        {error ? (
          <Alert color="red" title={t('errors.title')} role="alert">
            {error}
          </Alert>
        ) : null}
        <Group gap="xs">
          <Button variant="default" loading={busy === 'preview'} disabled={busy !== null} onClick={() => void act('preview')}>
            {t('imports.mapping.preview')}
          </Button>
          <Button variant="light" loading={busy === 'dry'} disabled={busy !== null} onClick={() => void act('dry')}>
            {t('imports.mapping.dryRun')}
          </Button>
          <Button loading={busy === 'run'} disabled={busy !== null} onClick={() => void act('run')}>
            {t('imports.mapping.start')}
          </Button>
        </Group>
        {preview ? <PreviewTable preview={preview} upload={upload} /> : null}
      </Stack>
    </Paper>
  );
}

function History({ onOpen, current }: { onOpen: (id: string) => void; current: string | null }) {
  const { t } = useTranslation();
  const list = useInfiniteQuery({
    queryKey: [...importsKey, 'list'],
    queryFn: ({ pageParam }) => importsApi.list(pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];
  const columns: Column<ImportDto>[] = [
    { key: 'file', header: t('imports.history.file'), primary: true, render: (i) => <span className="enso-break">{i.fileName}</span> },
    { key: 'date', header: t('imports.history.date'), nowrap: true, render: (i) => formatInZone(i.createdAt, undefined, { dateStyle: 'medium', timeStyle: 'short' }) },
    { key: 'status', header: t('imports.history.status'), nowrap: true, render: (i) => <ImportStatus item={i} /> },
    {
      key: 'counts',
      header: t('imports.history.counts'),
      render: (i) =>
        t('imports.history.countsText', {
          created: formatNumber(i.createdCount),
          updated: formatNumber(i.updatedCount),
          unchanged: formatNumber(i.unchangedCount),
          errors: formatNumber(i.errorCount),
        }),
    },
  ];
  return (
    <Stack gap="sm">
      <Title order={2} fz="lg">
        {t('imports.history.title')}
      </Title>
      <QueryState isPending={list.isPending} error={list.error} onRetry={() => void list.refetch()} />
      {list.data && rows.length === 0 ? (
        <Text c="dimmed" size="sm">
          {t('imports.history.empty')}
        </Text>
      ) : null}
      {rows.length > 0 ? (
        <DataTable
          rows={rows}
          columns={columns}
          rowKey={(i) => i.id}
          label={t('imports.history.title')}
          testId="import-history"
          actionsLabel={t('imports.history.actions')}
          actions={(i) => (
            <Button size="compact-sm" variant={current === i.id ? 'filled' : 'light'} onClick={() => onOpen(i.id)} aria-label={t('imports.history.openLabel', { file: i.fileName })}>
              {t('imports.history.open')}
            </Button>
          )}
        />
      ) : null}
      {list.hasNextPage ? (
        <Center>
          <Button variant="light" loading={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
            {t('common.loadMore')}
          </Button>
        </Center>
      ) : null}
    </Stack>
  );
}

/** Import customers from a CSV (another platform's export): upload, map, preview, dry run, import, follow. */
export function ImportCustomersPage() {
  const { t } = useTranslation();
  const [upload, setUpload] = useState<ImportUploadDto | null>(null);
  const [runId, setRunId] = useState<string | null>(null);
  return (
    <>
      <PageHeader
        title={t('imports.title')}
        description={t('imports.description')}
        actions={
          <Button component={Link} to="/customers" variant="default" leftSection={<IconArrowLeft />}>
            {t('imports.back')}
          </Button>
        }
      />
      <Stack gap="lg">
        {upload ? (
          <MappingStep
            key={upload.fileId}
            upload={upload}
            onStarted={(run) => setRunId(run.id)}
            onCancel={() => {
              setUpload(null);
              setRunId(null);
            }}
          />
        ) : (
          <UploadStep onUploaded={setUpload} />
        )}
        {runId ? <ImportRun key={runId} id={runId} /> : null}
        <Paper withBorder p={{ base: 'sm', sm: 'lg' }} radius="md">
          <Title order={2} fz="lg" mb="xs">
            {t('imports.rules.title')}
          </Title>
          <List size="sm" spacing={4}>
            <List.Item>{t('imports.rules.match')}</List.Item>
            <List.Item>{t('imports.rules.noEmail')}</List.Item>
            <List.Item>{t('imports.rules.duplicates')}</List.Item>
            <List.Item>{t('imports.rules.empty')}</List.Item>
            <List.Item>{t('imports.rules.errors')}</List.Item>
          </List>
        </Paper>
        <History onOpen={setRunId} current={runId} />
      </Stack>
    </>
  );
}
