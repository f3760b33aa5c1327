import { ActionIcon, Anchor, Button, FileButton, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmModal } from '../../app/ui/ConfirmModal.tsx';
import { QueryState } from '../../app/ui/QueryState.tsx';
import { ApiError } from '../../lib/api.ts';
import { notifySuccess } from '../../lib/errors.ts';
import { formatInZone } from '../../lib/format.ts';
import { activityKey } from '../customers/api.ts';
import { documentsKey, maxDocumentBytes, recordsApi, type CustomerDocumentDto } from './api.ts';
import { notifyRecordsError } from './errors.ts';
import { formatFileSize } from './format.ts';

/** The id of the section's "Choose files" button; the header's Actions menu opens the picker through it. */
export const uploadButtonId = 'records-documents-upload';

function TrashIcon({ size = 16 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={2} strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
      <path d="M4 7h16M10 11v6M14 11v6M5 7l1 12a2 2 0 0 0 2 2h8a2 2 0 0 0 2-2l1-12M9 7V4h6v3" />
    </svg>
  );
}

function DocumentRow({ doc, customerId, canWrite, timeZone, onDelete }: {
  doc: CustomerDocumentDto;
  customerId: string;
  canWrite: boolean;
  timeZone: string | undefined;
  onDelete: (doc: CustomerDocumentDto) => void;
}) {
  const { t, i18n } = useTranslation();
  return (
    <Paper component="li" withBorder radius="md" p="sm">
      <Group justify="space-between" wrap="nowrap" gap="xs" align="flex-start">
        <Stack gap={2} style={{ minWidth: 0 }}>
          <Anchor href={recordsApi.downloadUrl(customerId, doc.id)} download={doc.fileName} fw={500} className="enso-break">
            {doc.fileName}
          </Anchor>
          <Text size="xs" c="dimmed">
            {t('records.documents.meta', {
              size: formatFileSize(doc.sizeBytes, i18n.language),
              date: formatInZone(doc.createdAt, timeZone, { dateStyle: 'medium' }),
              name: doc.uploadedByName ?? t('records.documents.unknownUploader'),
            })}
          </Text>
        </Stack>
        {canWrite ? (
          <ActionIcon variant="subtle" color="red" aria-label={t('records.documents.delete', { name: doc.fileName })} onClick={() => onDelete(doc)}>
            <TrashIcon />
          </ActionIcon>
        ) : null}
      </Group>
    </Paper>
  );
}

/**
 * Files kept on a customer's profile (certificates, scans, signed forms): drop them on the
 * section or pick them, then download or remove them. Each file is at most 20 MB.
 */
export function DocumentsSection({ customerId, canWrite, timeZone }: { customerId: string; canWrite: boolean; timeZone: string | undefined }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const documents = useQuery({ queryKey: documentsKey(customerId), queryFn: () => recordsApi.documents(customerId) });
  const [uploading, setUploading] = useState(0);
  const [dragging, setDragging] = useState(false);
  const [deleting, setDeleting] = useState<CustomerDocumentDto | null>(null);
  const [busy, setBusy] = useState(false);

  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: documentsKey(customerId) });
    void queryClient.invalidateQueries({ queryKey: activityKey(customerId) });
  };

  const uploadAll = async (files: File[]) => {
    if (files.length === 0) return;
    setUploading((n) => n + files.length);
    let done = 0;
    for (const file of files) {
      try {
        // Checked here too, so a large file is refused before it is sent.
        if (file.size > maxDocumentBytes) throw new ApiError(413, { code: 'file_too_large' });
        await recordsApi.upload(customerId, file);
        done += 1;
      } catch (error) {
        notifyRecordsError(error, t);
      } finally {
        setUploading((n) => n - 1);
      }
    }
    if (done > 0) {
      notifySuccess(t('records.documents.uploaded', { count: done }));
      refresh();
    }
  };

  const onDrop = (event: DragEvent<HTMLElement>) => {
    event.preventDefault();
    setDragging(false);
    if (canWrite) void uploadAll([...event.dataTransfer.files]);
  };

  const items = documents.data?.items ?? [];
  return (
    <Paper
      withBorder
      component="section"
      aria-labelledby="records-documents-heading"
      radius="md"
      p={{ base: 'sm', sm: 'lg' }}
      onDragOver={(e: DragEvent<HTMLElement>) => {
        if (!canWrite) return;
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
      style={dragging ? { outline: '2px dashed var(--mantine-primary-color-filled)', outlineOffset: -6 } : undefined}
    >
      <Title order={2} fz="lg" mb="md" id="records-documents-heading">
        {t('records.documents.title')}
      </Title>
      <Stack gap="sm">
        {canWrite ? (
          <Paper radius="md" p="md" bg="var(--mantine-color-default-hover)" style={{ border: '1px dashed var(--mantine-color-default-border)' }}>
            <Stack gap="xs" align="center">
              <Text size="sm" ta="center">
                {dragging ? t('records.documents.dropNow') : t('records.documents.dropHint')}
              </Text>
              <FileButton multiple onChange={(files) => void uploadAll(files)}>
                {(props) => (
                  <Button {...props} id={uploadButtonId} variant="light" size="sm" loading={uploading > 0}>
                    {t('records.documents.choose')}
                  </Button>
                )}
              </FileButton>
              <Text size="xs" c="dimmed">
                {t('records.documents.limit')}
              </Text>
            </Stack>
          </Paper>
        ) : null}
        {documents.data ? (
          items.length === 0 ? (
            <Text c="dimmed" size="sm">
              {t('records.documents.none')}
            </Text>
          ) : (
            <Stack component="ul" gap="xs" p={0} m={0} style={{ listStyle: 'none' }} aria-label={t('records.documents.listLabel')}>
              {items.map((doc) => (
                <DocumentRow key={doc.id} doc={doc} customerId={customerId} canWrite={canWrite} timeZone={timeZone} onDelete={setDeleting} />
              ))}
            </Stack>
          )
        ) : (
          <QueryState isPending={documents.isPending} error={documents.error} onRetry={() => void documents.refetch()} />
        )}
      </Stack>
      <ConfirmModal
        opened={deleting !== null}
        title={t('records.documents.deleteTitle')}
        message={t('records.documents.deleteMessage', { name: deleting?.fileName ?? '' })}
        confirmLabel={t('records.documents.deleteConfirm')}
        danger
        loading={busy}
        onClose={() => setDeleting(null)}
        onConfirm={() => {
          if (!deleting) return;
          setBusy(true);
          recordsApi
            .deleteDocument(customerId, deleting.id)
            .then(() => {
              notifySuccess(t('records.documents.deleted'));
              setDeleting(null);
              refresh();
            })
            .catch((error: unknown) => notifyRecordsError(error, t))
            .finally(() => setBusy(false));
        }}
      />
    </Paper>
  );
}
