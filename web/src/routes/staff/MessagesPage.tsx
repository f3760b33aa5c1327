import { Anchor, Badge, Button, Center, Code, Group, Modal, Stack, Text } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DataTable, type Column } from '../../app/ui/DataTable.tsx';
import { PageHeader } from '../../app/ui/PageHeader.tsx';
import { QueryState } from '../../app/ui/QueryState.tsx';
import { messagesApi, messagesKey } from '../../features/messaging/api.ts';
import { useStudio } from '../../features/studios/api.ts';
import type { SentMessageDto } from '../../lib/contracts.ts';
import { formatInZone } from '../../lib/format.ts';
import { useCan } from './session.tsx';

const statusColor: Record<SentMessageDto['status'], string> = { queued: 'yellow', sent: 'teal', failed: 'red' };

export function MessagesPage() {
  const { t } = useTranslation();
  const studio = useStudio(useCan('studio:read'));
  const tz = studio.data?.timeZone;
  const [open, setOpen] = useState<SentMessageDto | null>(null);
  const list = useInfiniteQuery({
    queryKey: messagesKey,
    queryFn: ({ pageParam }) => messagesApi.list(pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];
  const subjectOf = (m: SentMessageDto) => m.subject || (m.channel === 'sms' ? t('messages.sms') : t('messages.noSubject'));

  const columns: Column<SentMessageDto>[] = [
    {
      key: 'subject',
      header: t('messages.subject'),
      primary: true,
      render: (m) => (
        <Anchor component="button" type="button" onClick={() => setOpen(m)} ta="left" fw={600} className="enso-break">
          {subjectOf(m)}
        </Anchor>
      ),
    },
    { key: 'date', nowrap: true, header: t('messages.date'), render: (m) => formatInZone(m.sentAt ?? m.createdAt, tz) },
    { key: 'to', header: t('messages.to'), render: (m) => m.to },
    { key: 'channel', nowrap: true, header: t('messages.channel'), render: (m) => t(`messages.channels.${m.channel}`) },
    {
      key: 'status',
      nowrap: true,
      header: t('fields.status'),
      render: (m) => (
        <Badge variant="dot" color={statusColor[m.status]}>
          {t(`messages.statuses.${m.status}`)}
        </Badge>
      ),
    },
    { key: 'template', nowrap: true, header: t('messages.template'), render: (m) => (m.template ? <Code>{m.template}</Code> : '') },
  ];

  return (
    <>
      <PageHeader title={t('messages.title')} description={t('messages.description')} />
      <QueryState isPending={list.isPending} error={list.error} onRetry={() => void list.refetch()} />
      {list.data && rows.length === 0 ? <Text c="dimmed">{t('messages.empty')}</Text> : null}
      {rows.length > 0 ? <DataTable rows={rows} columns={columns} rowKey={(m) => m.id} label={t('messages.title')} minWidth={760} testId="message-list" /> : null}
      {list.hasNextPage ? (
        <Center mt="md">
          <Button variant="light" loading={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
            {t('common.loadMore')}
          </Button>
        </Center>
      ) : null}
      <Modal opened={!!open} onClose={() => setOpen(null)} title={open ? subjectOf(open) : ''} size="xl">
        {open ? (
          <Stack gap="xs">
            <Group gap="xs">
              <Text size="sm" c="dimmed">
                {t('common.labelColon', { label: t('messages.to') })}
              </Text>
              <Text size="sm" className="enso-break">
                {open.to}
              </Text>
            </Group>
            <Group gap="xs">
              <Text size="sm" c="dimmed">
                {t('common.labelColon', { label: t('messages.date') })}
              </Text>
              <Text size="sm">{formatInZone(open.sentAt ?? open.createdAt, tz)}</Text>
              <Badge variant="dot" color={statusColor[open.status]}>
                {t(`messages.statuses.${open.status}`)}
              </Badge>
            </Group>
            <Code block mt="sm" style={{ whiteSpace: 'pre-wrap' }} className="enso-break" data-testid="message-body">
              {open.bodyText}
            </Code>
          </Stack>
        ) : null}
      </Modal>
    </>
  );
}
