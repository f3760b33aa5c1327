import { Accordion, Badge, Button, Card, Checkbox, Group, Menu, ActionIcon, Modal, Select, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmModal } from '../../app/ui/ConfirmModal.tsx';
import { IconDots, IconPlus } from '../../app/ui/icons.tsx';
import { PageHeader } from '../../app/ui/PageHeader.tsx';
import { QueryState } from '../../app/ui/QueryState.tsx';
import { applyApiError, notifyError, notifySuccess } from '../../lib/errors.ts';
import { formatInZone } from '../../lib/format.ts';
import { useStudio } from '../studios/api.ts';
import { waiverKey, waiversApi, waiversKey, type WaiverDto, type WaiverKind } from './api.ts';
import { waiverErrorMessage } from './errors.ts';
import { WaiverText } from './WaiverText.tsx';
import { FormActions } from '../../app/ui/FormActions.tsx';

const kinds: WaiverKind[] = ['customer', 'membership', 'child', 'custom'];

function CreateModal({ opened, onClose, taken }: { opened: boolean; onClose: () => void; taken: Set<string> }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const firstFree = kinds.find((k) => !taken.has(k)) ?? 'custom';
  const form = useForm({
    initialValues: { kind: firstFree as WaiverKind, title: '', body: '' },
    validate: {
      title: (v) => (v.trim() ? null : t('validation.required')),
      body: (v) => (v.trim() ? null : t('validation.required')),
    },
  });
  const submit = form.onSubmit(async (values) => {
    try {
      await waiversApi.create({ kind: values.kind, title: values.title.trim(), body: values.body });
      await queryClient.invalidateQueries({ queryKey: waiversKey });
      notifySuccess(t('waivers.settings.created'));
      form.reset();
      onClose();
    } catch (error) {
      applyApiError(form, error, t);
    }
  });
  return (
    <Modal opened={opened} onClose={onClose} title={t('waivers.settings.new')} size="lg">
      <form onSubmit={submit} noValidate>
        <Stack>
          <Select
            label={t('waivers.fields.kind')}
            allowDeselect={false}
            data={kinds.map((k) => ({ value: k, label: t(`waivers.kinds.${k}`), disabled: k !== 'custom' && taken.has(k) }))}
            description={t(`waivers.kindHelp.${form.getValues().kind}`)}
            {...form.getInputProps('kind')}
          />
          <TextInput label={t('waivers.fields.title')} required data-autofocus {...form.getInputProps('title')} />
          <Textarea label={t('waivers.fields.body')} description={t('waivers.fields.bodyHelp')} required autosize minRows={8} maxRows={20} {...form.getInputProps('body')} />
          <FormActions onCancel={onClose} submitLabel={t('waivers.settings.create')} loading={form.submitting} />
        </Stack>
      </form>
    </Modal>
  );
}

/** Editing the text; saving asks for confirmation and offers to email the re-sign request with a note. */
function EditModal({ waiver, onClose }: { waiver: WaiverDto; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const [notify, setNotify] = useState(false);
  const [note, setNote] = useState('');
  const [saving, setSaving] = useState(false);
  const form = useForm({
    initialValues: { title: waiver.title, body: waiver.body },
    validate: {
      title: (v) => (v.trim() ? null : t('validation.required')),
      body: (v) => (v.trim() ? null : t('validation.required')),
    },
  });
  const unchanged = (v: { title: string; body: string }) =>
    v.title.trim() === waiver.title && v.body.replace(/\r\n?/g, '\n').trim() === waiver.body.trim();

  const publish = async () => {
    setSaving(true);
    try {
      const values = form.getValues();
      const result = await waiversApi.update(waiver.id, { title: values.title.trim(), body: values.body, notifyCustomers: notify, note: notify ? note.trim() : '' });
      await queryClient.invalidateQueries({ queryKey: waiversKey });
      const version = result.waiver.currentVersion;
      notifySuccess(
        !result.newVersion
          ? t('waivers.settings.unchanged')
          : notify
            ? t('waivers.settings.publishedNotified', { version, count: result.notified })
            : t('waivers.settings.published', { version }),
      );
      onClose();
    } catch (error) {
      setConfirming(false);
      notifyError(new Error(waiverErrorMessage(error, t)), t);
    } finally {
      setSaving(false);
    }
  };

  return (
    <>
      <Modal opened={!confirming} onClose={onClose} title={t('waivers.settings.edit')} size="lg">
        <form
          onSubmit={form.onSubmit((values) => {
            if (unchanged(values)) {
              notifySuccess(t('waivers.settings.unchanged'));
              onClose();
            } else setConfirming(true);
          })}
          noValidate
        >
          <Stack>
            <TextInput label={t('waivers.fields.title')} required {...form.getInputProps('title')} />
            <Textarea label={t('waivers.fields.body')} description={t('waivers.fields.bodyHelp')} required autosize minRows={8} maxRows={20} {...form.getInputProps('body')} />
            <Group justify="flex-end">
              <Button variant="default" onClick={onClose}>
                {t('common.cancel')}
              </Button>
              <Button type="submit">{t('common.save')}</Button>
            </Group>
          </Stack>
        </form>
      </Modal>
      <Modal opened={confirming} onClose={() => setConfirming(false)} title={t('waivers.settings.confirmTitle', { version: waiver.currentVersion + 1 })} size="lg">
        <Stack>
          <Text>{t('waivers.settings.confirmMessage')}</Text>
          <Checkbox label={t('waivers.settings.notify')} checked={notify} onChange={(e) => setNotify(e.currentTarget.checked)} />
          {notify ? (
            <Textarea label={t('waivers.fields.note')} description={t('waivers.fields.noteHelp')} autosize minRows={3} maxLength={2000} value={note} onChange={(e) => setNote(e.currentTarget.value)} />
          ) : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirming(false)}>
              {t('common.cancel')}
            </Button>
            <Button loading={saving} onClick={() => void publish()}>
              {t('waivers.settings.publish')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}

function HistoryModal({ waiverId, onClose, timeZone }: { waiverId: string; onClose: () => void; timeZone: string | undefined }) {
  const { t } = useTranslation();
  const detail = useQuery({ queryKey: waiverKey(waiverId), queryFn: () => waiversApi.get(waiverId) });
  return (
    <Modal opened onClose={onClose} title={t('waivers.settings.history')} size="lg">
      <QueryState isPending={detail.isPending} error={detail.error} onRetry={() => void detail.refetch()} />
      {detail.data ? (
        <Accordion variant="separated" defaultValue={String(detail.data.currentVersion)}>
          {detail.data.versions.map((v) => (
            <Accordion.Item key={v.version} value={String(v.version)}>
              <Accordion.Control>
                <Group gap="xs">
                  <Text fw={600}>{t('waivers.settings.versionOn', { version: v.version, date: formatInZone(v.createdAt, timeZone) })}</Text>
                  {v.version === detail.data.currentVersion ? <Badge variant="light">{t('waivers.settings.current')}</Badge> : null}
                </Group>
              </Accordion.Control>
              <Accordion.Panel>
                <Stack gap="sm">
                  <Text fw={600}>{v.title}</Text>
                  {v.note ? (
                    <Text size="sm" c="dimmed" className="enso-break">
                      {t('waivers.settings.noteSent', { note: v.note })}
                    </Text>
                  ) : null}
                  <WaiverText body={v.body} />
                </Stack>
              </Accordion.Panel>
            </Accordion.Item>
          ))}
        </Accordion>
      ) : null}
    </Modal>
  );
}

/** Settings → Waivers: the studio's waivers, their text and versions (waivers:manage). */
export function WaiversSettingsPage() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const studio = useStudio(true);
  const tz = studio.data?.timeZone;
  const list = useQuery({ queryKey: waiversKey, queryFn: () => waiversApi.list() });
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<WaiverDto | null>(null);
  const [history, setHistory] = useState<string | null>(null);
  const [archiving, setArchiving] = useState<WaiverDto | null>(null);
  const [busy, setBusy] = useState(false);
  const items = list.data?.items ?? [];
  const taken = new Set(items.filter((w) => w.kind !== 'custom').map((w) => w.kind));

  const archive = async () => {
    if (!archiving) return;
    setBusy(true);
    try {
      await waiversApi.archive(archiving.id);
      await queryClient.invalidateQueries({ queryKey: waiversKey });
      notifySuccess(t('waivers.settings.archived'));
      setArchiving(null);
    } catch (error) {
      notifyError(error, t);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <PageHeader
        title={t('waivers.settings.title')}
        description={t('waivers.settings.description')}
        actions={
          <Button leftSection={<IconPlus />} onClick={() => setCreating(true)}>
            {t('waivers.settings.new')}
          </Button>
        }
      />
      <QueryState isPending={list.isPending} error={list.error} onRetry={() => void list.refetch()} />
      {list.data && items.length === 0 ? <Text c="dimmed">{t('waivers.settings.empty')}</Text> : null}
      <Stack gap="md">
        {items.map((w) => (
          <Card key={w.id} withBorder radius="md" padding="lg" component="section" aria-labelledby={`waiver-${w.id}`}>
            <Group justify="space-between" align="flex-start" wrap="nowrap" gap="xs">
              <Stack gap={4} style={{ minWidth: 0 }}>
                <Title order={2} fz="lg" id={`waiver-${w.id}`} className="enso-break">
                  {w.title}
                </Title>
                <Group gap="xs">
                  <Badge variant="light">{t(`waivers.kinds.${w.kind}`)}</Badge>
                  <Badge variant="outline" color="gray">
                    {t('waivers.settings.version', { version: w.currentVersion })}
                  </Badge>
                  <Text size="xs" c="dimmed">
                    {t('waivers.settings.updatedOn', { date: formatInZone(w.updatedAt, tz, { dateStyle: 'medium' }) })}
                  </Text>
                </Group>
              </Stack>
              <Group gap="xs" wrap="nowrap">
                <Button variant="light" onClick={() => setEditing(w)} visibleFrom="xs">
                  {t('waivers.settings.edit')}
                </Button>
                <Menu position="bottom-end" withinPortal>
                  <Menu.Target>
                    <ActionIcon variant="subtle" color="gray" size="lg" aria-label={t('waivers.settings.actionsFor', { name: w.title })}>
                      <IconDots />
                    </ActionIcon>
                  </Menu.Target>
                  <Menu.Dropdown>
                    <Menu.Item onClick={() => setEditing(w)} hiddenFrom="xs">
                      {t('waivers.settings.edit')}
                    </Menu.Item>
                    <Menu.Item onClick={() => setHistory(w.id)}>{t('waivers.settings.history')}</Menu.Item>
                    <Menu.Item color="red" onClick={() => setArchiving(w)}>
                      {t('waivers.settings.archive')}
                    </Menu.Item>
                  </Menu.Dropdown>
                </Menu>
              </Group>
            </Group>
            <Text size="sm" c="dimmed" mt="xs">
              {t(`waivers.kindHelp.${w.kind}`)}
            </Text>
            <Card.Section inheritPadding mt="sm" pb="md">
              <WaiverText body={w.body} maxHeight={180} label={t('waivers.fields.textOf', { title: w.title })} />
            </Card.Section>
          </Card>
        ))}
      </Stack>
      {creating ? <CreateModal opened onClose={() => setCreating(false)} taken={taken} /> : null}
      {editing ? <EditModal waiver={editing} onClose={() => setEditing(null)} /> : null}
      {history ? <HistoryModal waiverId={history} onClose={() => setHistory(null)} timeZone={tz} /> : null}
      <ConfirmModal
        opened={archiving !== null}
        title={t('waivers.settings.archiveTitle', { title: archiving?.title ?? '' })}
        message={t('waivers.settings.archiveMessage')}
        confirmLabel={t('waivers.settings.archive')}
        danger
        loading={busy}
        onConfirm={() => void archive()}
        onClose={() => setArchiving(null)}
      />
    </>
  );
}
