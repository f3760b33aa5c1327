import { ActionIcon, Button, Group, Menu, Modal, ScrollArea, Stack, Tabs, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmModal } from '../../app/ui/ConfirmModal.tsx';
import { IconDots } from '../../app/ui/icons.tsx';
import { notifyError, notifySuccess } from '../../lib/errors.ts';
import { segmentsApi, segmentsKey, type SegmentDto } from './api.ts';

interface Props {
  segments: SegmentDto[];
  active: string | null;
  onSelect: (segmentId: string | null) => void;
  canWrite: boolean;
}

/** "All customers" then the saved segments, as tabs; the active segment can be renamed, moved or deleted. */
export function SegmentTabs({ segments, active, onSelect, canWrite }: Props) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [renaming, setRenaming] = useState<SegmentDto | null>(null);
  const [name, setName] = useState('');
  const [deleting, setDeleting] = useState<SegmentDto | null>(null);
  const current = segments.find((s) => s.id === active) ?? null;
  const refresh = () => queryClient.invalidateQueries({ queryKey: segmentsKey });

  const rename = useMutation({
    mutationFn: ({ id, value }: { id: string; value: string }) => segmentsApi.update(id, { name: value }),
    onSuccess: async () => {
      await refresh();
      setRenaming(null);
    },
    onError: (error) => notifyError(error, t),
  });
  const remove = useMutation({
    mutationFn: (id: string) => segmentsApi.remove(id),
    onSuccess: async (_ok, id) => {
      await refresh();
      setDeleting(null);
      if (active === id) onSelect(null);
      notifySuccess(t('segments.tabs.deleted'));
    },
    onError: (error) => notifyError(error, t),
  });
  const move = useMutation({
    mutationFn: (ids: string[]) => segmentsApi.reorder(ids),
    onSuccess: refresh,
    onError: (error) => notifyError(error, t),
  });
  const moveBy = (delta: number) => {
    if (!current) return;
    const ids = segments.map((s) => s.id);
    const from = ids.indexOf(current.id);
    const to = from + delta;
    if (to < 0 || to >= ids.length) return;
    [ids[from], ids[to]] = [ids[to]!, ids[from]!];
    move.mutate(ids);
  };

  return (
    <Group gap="xs" wrap="nowrap" align="flex-end">
      <ScrollArea type="auto" scrollbarSize={6} style={{ flex: 1, minWidth: 0 }}>
        <Tabs value={active ?? 'all'} onChange={(v) => onSelect(v === 'all' || v === null ? null : v)} keepMounted={false}>
          <Tabs.List style={{ flexWrap: 'nowrap' }} aria-label={t('segments.tabs.label')}>
            <Tabs.Tab value="all" style={{ whiteSpace: 'nowrap' }}>
              {t('segments.tabs.all')}
            </Tabs.Tab>
            {segments.map((s) => (
              <Tabs.Tab key={s.id} value={s.id} style={{ whiteSpace: 'nowrap' }}>
                {s.name}
              </Tabs.Tab>
            ))}
          </Tabs.List>
        </Tabs>
      </ScrollArea>
      {current && canWrite ? (
        <Menu position="bottom-end" withinPortal>
          <Menu.Target>
            <ActionIcon variant="subtle" size="lg" aria-label={t('segments.tabs.actions', { name: current.name })}>
              <IconDots />
            </ActionIcon>
          </Menu.Target>
          <Menu.Dropdown>
            <Menu.Item
              onClick={() => {
                setName(current.name);
                setRenaming(current);
              }}
            >
              {t('segments.tabs.rename')}
            </Menu.Item>
            <Menu.Item disabled={segments[0]?.id === current.id} onClick={() => moveBy(-1)}>
              {t('segments.tabs.moveLeft')}
            </Menu.Item>
            <Menu.Item disabled={segments.at(-1)?.id === current.id} onClick={() => moveBy(1)}>
              {t('segments.tabs.moveRight')}
            </Menu.Item>
            <Menu.Item color="red" onClick={() => setDeleting(current)}>
              {t('segments.tabs.delete')}
            </Menu.Item>
          </Menu.Dropdown>
        </Menu>
      ) : null}
      <Modal opened={renaming !== null} onClose={() => setRenaming(null)} title={t('segments.tabs.rename')} centered>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (renaming && name.trim()) rename.mutate({ id: renaming.id, value: name.trim() });
          }}
        >
          <Stack>
            <TextInput label={t('segments.builder.name')} value={name} onChange={(e) => setName(e.currentTarget.value)} maxLength={80} data-autofocus />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setRenaming(null)}>
                {t('common.cancel')}
              </Button>
              <Button type="submit" loading={rename.isPending} disabled={!name.trim()}>
                {t('segments.tabs.renameSubmit')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
      <ConfirmModal
        opened={deleting !== null}
        title={t('segments.tabs.delete')}
        message={t('segments.tabs.deleteConfirm', { name: deleting?.name ?? '' })}
        confirmLabel={t('segments.tabs.delete')}
        danger
        loading={remove.isPending}
        onConfirm={() => deleting && remove.mutate(deleting.id)}
        onClose={() => setDeleting(null)}
      />
    </Group>
  );
}
