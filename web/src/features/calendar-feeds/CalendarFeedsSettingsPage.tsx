import { ActionIcon, Button, Card, CopyButton, Group, Menu, Stack, Text, TextInput, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmModal } from '../../app/ui/ConfirmModal.tsx';
import { IconCheck, IconCopy, IconDots } from '../../app/ui/icons.tsx';
import { PageHeader } from '../../app/ui/PageHeader.tsx';
import { QueryState } from '../../app/ui/QueryState.tsx';
import { notifyError, notifySuccess } from '../../lib/errors.ts';
import { useStaffSession } from '../../routes/staff/session.tsx';
import { calendarFeedsApi, calendarFeedsKey, type FeedKind, type FeedTargetDto } from './api.ts';

type Pending = { action: 'rotate' | 'remove'; target: FeedTargetDto };

function FeedRow({ target, busy, onCreate, onAsk }: { target: FeedTargetDto; busy: boolean; onCreate: () => void; onAsk: (action: Pending['action']) => void }) {
  const { t } = useTranslation();
  const labelId = `feed-${target.kind}-${target.targetId}`;
  return (
    <Stack gap={6} component="li" aria-labelledby={labelId} style={{ listStyle: 'none' }}>
      <Group justify="space-between" wrap="nowrap" gap="xs">
        <Text fw={600} id={labelId} className="enso-break">
          {target.name}
        </Text>
        {target.feed ? (
          <Menu position="bottom-end" withinPortal>
            <Menu.Target>
              <ActionIcon variant="subtle" color="gray" size="lg" aria-label={t('calendarFeeds.actionsFor', { name: target.name })}>
                <IconDots />
              </ActionIcon>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Item onClick={() => onAsk('rotate')}>{t('calendarFeeds.rotate')}</Menu.Item>
              <Menu.Item color="red" onClick={() => onAsk('remove')}>
                {t('calendarFeeds.remove')}
              </Menu.Item>
            </Menu.Dropdown>
          </Menu>
        ) : (
          <Button variant="light" size="xs" loading={busy} onClick={onCreate} aria-describedby={labelId}>
            {t('calendarFeeds.create')}
          </Button>
        )}
      </Group>
      {target.feed ? (
        <Group align="flex-end" gap="xs" wrap="wrap">
          <TextInput
            aria-label={t('calendarFeeds.linkFor', { name: target.name })}
            value={target.feed.url}
            readOnly
            onFocus={(event) => event.currentTarget.select()}
            style={{ flex: '1 1 16rem', minWidth: 0 }}
          />
          <CopyButton value={target.feed.url}>
            {({ copied, copy }) => (
              <Button variant="light" color={copied ? 'teal' : undefined} leftSection={copied ? <IconCheck /> : <IconCopy />} onClick={copy}>
                {copied ? t('common.copied') : t('calendarFeeds.copy')}
              </Button>
            )}
          </CopyButton>
        </Group>
      ) : null}
    </Stack>
  );
}

/** Settings → Calendar feeds: subscribe links (iCal) per teacher and per location; teachers see only their own. */
export function CalendarFeedsSettingsPage() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const list = useQuery({ queryKey: calendarFeedsKey, queryFn: calendarFeedsApi.list });
  const [busyTarget, setBusyTarget] = useState<string | null>(null);
  const [pending, setPending] = useState<Pending | null>(null);
  const [confirming, setConfirming] = useState(false);
  const targets = list.data?.targets ?? [];
  // A teacher manages only their own feed: no location section for them.
  const ownOnly = useStaffSession().user.role === 'teacher';

  const create = async (target: FeedTargetDto, rotated: boolean) => {
    setBusyTarget(`${target.kind}:${target.targetId}`);
    try {
      await calendarFeedsApi.create({ kind: target.kind, targetId: target.targetId });
      await queryClient.invalidateQueries({ queryKey: calendarFeedsKey });
      notifySuccess(rotated ? t('calendarFeeds.rotated') : t('calendarFeeds.created'));
    } catch (error) {
      notifyError(error, t);
    } finally {
      setBusyTarget(null);
    }
  };

  const confirm = async () => {
    if (!pending) return;
    setConfirming(true);
    try {
      if (pending.action === 'rotate') await create(pending.target, true);
      else if (pending.target.feed) {
        await calendarFeedsApi.remove(pending.target.feed.id);
        await queryClient.invalidateQueries({ queryKey: calendarFeedsKey });
        notifySuccess(t('calendarFeeds.removed'));
      }
      setPending(null);
    } catch (error) {
      notifyError(error, t);
    } finally {
      setConfirming(false);
    }
  };

  const section = (kind: FeedKind) => {
    const items = targets.filter((x) => x.kind === kind);
    return (
      <Card withBorder radius="md" padding="lg" component="section" aria-labelledby={`feeds-${kind}`}>
        <Title order={2} fz="lg" id={`feeds-${kind}`} mb="sm">
          {t(`calendarFeeds.kinds.${kind}`)}
        </Title>
        {items.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t(`calendarFeeds.empty.${kind}`)}
          </Text>
        ) : (
          <Stack component="ul" gap="lg" p={0} m={0}>
            {items.map((target) => (
              <FeedRow
                key={`${target.kind}:${target.targetId}`}
                target={target}
                busy={busyTarget === `${target.kind}:${target.targetId}`}
                onCreate={() => void create(target, false)}
                onAsk={(action) => setPending({ action, target })}
              />
            ))}
          </Stack>
        )}
      </Card>
    );
  };

  return (
    <>
      <PageHeader title={t('calendarFeeds.title')} description={t('calendarFeeds.description')} />
      <QueryState isPending={list.isPending} error={list.error} onRetry={() => void list.refetch()} />
      {list.data ? (
        <Stack gap="lg" maw={820}>
          <Text size="sm" c="dimmed">
            {t('calendarFeeds.help')}
          </Text>
          {section('teacher')}
          {ownOnly ? null : section('location')}
        </Stack>
      ) : null}
      <ConfirmModal
        opened={pending !== null}
        title={pending?.action === 'rotate' ? t('calendarFeeds.rotateTitle', { name: pending.target.name }) : t('calendarFeeds.removeTitle', { name: pending?.target.name ?? '' })}
        message={pending?.action === 'rotate' ? t('calendarFeeds.rotateMessage') : t('calendarFeeds.removeMessage')}
        confirmLabel={pending?.action === 'rotate' ? t('calendarFeeds.rotate') : t('calendarFeeds.remove')}
        danger={pending?.action === 'remove'}
        loading={confirming}
        onConfirm={() => void confirm()}
        onClose={() => setPending(null)}
      />
    </>
  );
}
