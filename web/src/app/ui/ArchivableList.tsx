import { Button, Group, SegmentedControl, Stack, Text } from '@mantine/core';
import { useQueryClient, type QueryKey } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { notifyError, notifySuccess } from '../../lib/errors.ts';
import { DataTable, type Column } from './DataTable.tsx';
import { IconPlus } from './icons.tsx';
import { PageHeader } from './PageHeader.tsx';
import { QueryState } from './QueryState.tsx';

/** The texts of an archivable list; each feature passes its own i18n strings. */
export interface ArchivableListLabels<T> {
  title: string;
  description: string;
  /** The header button that creates one. */
  new: string;
  /** Accessible name of the Active/Archived switch, and its two options. */
  show: string;
  active: string;
  archivedTab: string;
  empty: string;
  emptyArchived: string;
  editNamed: (row: T) => string;
  archiveNamed: (row: T) => string;
  restoreNamed: (row: T) => string;
  /** Notices after archiving or restoring a row. */
  archivedNotice: (row: T) => string;
  restoredNotice: (row: T) => string;
  /** Visible texts of the archive and restore buttons (default: the common ones). */
  archive?: string;
  restore?: string;
}

interface ListQuery<T> {
  data: T[] | undefined;
  isPending: boolean;
  error: unknown;
  refetch: () => unknown;
}

interface Props<T extends { id: string; archived: boolean }> {
  labels: ArchivableListLabels<T>;
  canWrite: boolean;
  archived: boolean;
  onArchivedChange: (archived: boolean) => void;
  query: ListQuery<T>;
  columns: Column<T>[];
  testId: string;
  onNew: () => void;
  onEdit: (row: T) => void;
  /** Archive and restore one row, and the list's query key to refresh after. */
  archiveApi: { archive: (id: string) => Promise<unknown>; unarchive: (id: string) => Promise<unknown> };
  queryKey: QueryKey;
  /** How a failed archive or restore is shown (default: the common error notice). */
  onError?: (error: unknown) => void;
  /** Whether archived rows can still be edited (default: no). */
  editArchived?: boolean;
  /** More actions of an active row, after Edit. */
  extraActions?: (row: T) => ReactNode;
  /** More filters next to the Active/Archived switch. */
  filters?: ReactNode;
  /** Replaces the empty text (e.g. when a filter is on). */
  emptyText?: string;
}

/**
 * A settings list of things that are archived rather than deleted: a header with a "New" button,
 * an Active/Archived switch, the loading/error/empty states and a table with Edit and Archive/Restore.
 */
export function ArchivableList<T extends { id: string; archived: boolean }>({
  labels,
  canWrite,
  archived,
  onArchivedChange,
  query,
  columns,
  testId,
  onNew,
  onEdit,
  archiveApi,
  queryKey,
  onError,
  editArchived = false,
  extraActions,
  filters,
  emptyText,
}: Props<T>) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();

  const toggleArchived = async (row: T) => {
    try {
      if (row.archived) await archiveApi.unarchive(row.id);
      else await archiveApi.archive(row.id);
      await queryClient.invalidateQueries({ queryKey });
      notifySuccess(row.archived ? labels.restoredNotice(row) : labels.archivedNotice(row));
    } catch (error) {
      if (onError) onError(error);
      else notifyError(error, t);
    }
  };

  const switcher = (
    <SegmentedControl
      w={filters ? undefined : 'fit-content'}
      value={archived ? 'archived' : 'active'}
      onChange={(v) => onArchivedChange(v === 'archived')}
      data={[
        { value: 'active', label: labels.active },
        { value: 'archived', label: labels.archivedTab },
      ]}
      aria-label={labels.show}
    />
  );

  return (
    <>
      <PageHeader
        title={labels.title}
        description={labels.description}
        actions={
          canWrite ? (
            <Button leftSection={<IconPlus />} onClick={onNew}>
              {labels.new}
            </Button>
          ) : null
        }
      />
      <Stack gap="md">
        {filters ? (
          <Group gap="md" wrap="wrap" align="flex-end">
            {switcher}
            {filters}
          </Group>
        ) : (
          switcher
        )}
        <QueryState isPending={query.isPending} error={query.error} onRetry={() => void query.refetch()} />
        {query.data && query.data.length === 0 ? (
          <Text c="dimmed" role="status">
            {emptyText ?? (archived ? labels.emptyArchived : labels.empty)}
          </Text>
        ) : null}
        {query.data && query.data.length > 0 ? (
          <DataTable
            rows={query.data}
            columns={columns}
            rowKey={(x) => x.id}
            label={labels.title}
            testId={testId}
            actionsLabel={t('common.actions')}
            actions={
              canWrite
                ? (x) => (
                    <Group gap={4} wrap="nowrap">
                      {editArchived || !x.archived ? (
                        <Button size="compact-sm" variant="subtle" onClick={() => onEdit(x)} aria-label={labels.editNamed(x)}>
                          {t('common.edit')}
                        </Button>
                      ) : null}
                      {!x.archived && extraActions ? extraActions(x) : null}
                      <Button
                        size="compact-sm"
                        variant="subtle"
                        color={x.archived ? undefined : 'red'}
                        onClick={() => void toggleArchived(x)}
                        aria-label={x.archived ? labels.restoreNamed(x) : labels.archiveNamed(x)}
                      >
                        {x.archived ? (labels.restore ?? t('common.restore')) : (labels.archive ?? t('common.archive'))}
                      </Button>
                    </Group>
                  )
                : undefined
            }
          />
        ) : null}
      </Stack>
    </>
  );
}
