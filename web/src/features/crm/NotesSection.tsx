import { ActionIcon, Badge, Button, Group, Menu, Paper, Stack, Text, Textarea } from '@mantine/core';
import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmModal } from '../../app/ui/ConfirmModal.tsx';
import { IconDots } from '../../app/ui/icons.tsx';
import { QueryState } from '../../app/ui/QueryState.tsx';
import { formatInZone } from '../../lib/format.ts';
import { CrmSection as Section } from './CrmSection.tsx';
import { activityKey } from '../customers/api.ts';
import { crmApi, notesKey, type NoteDto } from './api.ts';
import { notifyCrmError } from './errors.ts';

function NoteItem({ note, customerId, canWrite, timeZone, onChanged }: { note: NoteDto; customerId: string; canWrite: boolean; timeZone: string | undefined; onChanged: () => void }) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState(note.body);
  const [deleting, setDeleting] = useState(false);
  const [busy, setBusy] = useState(false);

  const run = async (action: () => Promise<unknown>) => {
    setBusy(true);
    try {
      await action();
      onChanged();
      return true;
    } catch (error) {
      notifyCrmError(error, t);
      return false;
    } finally {
      setBusy(false);
    }
  };

  const edited = note.updatedAt !== note.createdAt;
  return (
    <Paper withBorder p="sm" radius="md" component="li" bg={note.pinned ? 'var(--mantine-color-yellow-light)' : undefined}>
      <Group justify="space-between" align="flex-start" wrap="nowrap" gap="xs">
        <Text size="xs" c="dimmed">
          {t('crm.notes.byline', { name: note.authorName ?? t('crm.notes.unknownAuthor'), date: formatInZone(note.createdAt, timeZone) })}
          {edited ? ` · ${t('crm.notes.edited')}` : ''}
        </Text>
        <Group gap={4} wrap="nowrap">
          {note.pinned ? (
            <Badge size="sm" color="yellow" variant="filled" c="dark.9">
              {t('crm.notes.pinned')}
            </Badge>
          ) : null}
          {canWrite ? (
            <Menu position="bottom-end" withinPortal>
              <Menu.Target>
                <ActionIcon variant="subtle" color="gray" aria-label={t('crm.notes.actions')} loading={busy}>
                  <IconDots size={16} />
                </ActionIcon>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Item onClick={() => void run(() => crmApi.updateNote(customerId, note.id, { pinned: !note.pinned }))}>
                  {note.pinned ? t('crm.notes.unpin') : t('crm.notes.pin')}
                </Menu.Item>
                {note.mine ? <Menu.Item onClick={() => setEditing(true)}>{t('common.edit')}</Menu.Item> : null}
                <Menu.Item color="red" onClick={() => setDeleting(true)}>
                  {t('crm.notes.delete')}
                </Menu.Item>
              </Menu.Dropdown>
            </Menu>
          ) : null}
        </Group>
      </Group>
      {editing ? (
        <Stack gap="xs" mt="xs">
          <Textarea aria-label={t('crm.notes.editLabel')} value={text} onChange={(e) => setText(e.currentTarget.value)} autosize minRows={2} maxLength={5000} />
          <Group justify="flex-end" gap="xs">
            <Button variant="default" size="xs" onClick={() => setEditing(false)}>
              {t('common.cancel')}
            </Button>
            <Button
              size="xs"
              loading={busy}
              disabled={!text.trim()}
              onClick={() => void run(() => crmApi.updateNote(customerId, note.id, { body: text })).then((ok) => ok && setEditing(false))}
            >
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      ) : (
        <Text size="sm" mt={4} style={{ whiteSpace: 'pre-wrap' }} className="enso-break">
          {note.body}
        </Text>
      )}
      <ConfirmModal
        opened={deleting}
        title={t('crm.notes.delete')}
        message={t('crm.notes.deleteConfirm')}
        confirmLabel={t('crm.notes.delete')}
        danger
        loading={busy}
        onConfirm={() => void run(() => crmApi.deleteNote(customerId, note.id)).then(() => setDeleting(false))}
        onClose={() => setDeleting(false)}
      />
    </Paper>
  );
}

/** Staff-only notes: write one, pin the important ones, newest first. */
export function NotesSection({ customerId, canWrite, timeZone }: { customerId: string; canWrite: boolean; timeZone: string | undefined }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const notes = useInfiniteQuery({
    queryKey: notesKey(customerId),
    queryFn: ({ pageParam }) => crmApi.notes(customerId, pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  const [text, setText] = useState('');
  const [adding, setAdding] = useState(false);

  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: notesKey(customerId) });
    void queryClient.invalidateQueries({ queryKey: activityKey(customerId) });
  };

  const add = async () => {
    setAdding(true);
    try {
      await crmApi.addNote(customerId, { body: text });
      setText('');
      refresh();
    } catch (error) {
      notifyCrmError(error, t);
    } finally {
      setAdding(false);
    }
  };

  const items = notes.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Section id="crm-notes" title={t('crm.notes.title')}>
      <Stack gap="sm">
        {canWrite ? (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              void add();
            }}
          >
            <Stack gap="xs">
              <Textarea
                label={t('crm.notes.new')}
                description={t('crm.notes.staffOnly')}
                value={text}
                onChange={(e) => setText(e.currentTarget.value)}
                autosize
                minRows={2}
                maxLength={5000}
              />
              <Group justify="flex-end">
                <Button type="submit" loading={adding} disabled={!text.trim()}>
                  {t('crm.notes.add')}
                </Button>
              </Group>
            </Stack>
          </form>
        ) : null}
        <QueryState isPending={notes.isPending} error={notes.error} onRetry={() => void notes.refetch()} />
        {notes.data && items.length === 0 ? (
          <Text c="dimmed" size="sm">
            {t('crm.notes.empty')}
          </Text>
        ) : null}
        {items.length > 0 ? (
          <Stack gap="xs" component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-label={t('crm.notes.title')} data-testid="customer-notes">
            {items.map((note) => (
              <NoteItem key={note.id} note={note} customerId={customerId} canWrite={canWrite} timeZone={timeZone} onChanged={refresh} />
            ))}
          </Stack>
        ) : null}
        {notes.hasNextPage ? (
          <Button variant="subtle" onClick={() => void notes.fetchNextPage()} loading={notes.isFetchingNextPage}>
            {t('common.loadMore')}
          </Button>
        ) : null}
      </Stack>
    </Section>
  );
}
