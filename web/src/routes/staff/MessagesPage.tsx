import { Anchor, Badge, Button, Center, Code, Group, Modal, Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { DataTable, type Column } from '../../app/ui/DataTable.tsx';
import { PageHeader } from '../../app/ui/PageHeader.tsx';
import { QueryState } from '../../app/ui/QueryState.tsx';
import { messagesApi, messagesKey, type MessageFilters } from '../../features/messaging/api.ts';
import { useStudio } from '../../features/studios/api.ts';
import type { SentMessageDto } from '../../lib/contracts.ts';
import { formatInZone } from '../../lib/format.ts';
import { useCan } from './session.tsx';

const statusColor: Record<SentMessageDto['status'], string> = { queued: 'yellow', sent: 'teal', failed: 'red', suppressed: 'gray' };
const categories = ['transactional', 'sequence', 'manual'] as const;
const recipients = ['customer', 'staff'] as const;
const channels = ['email', 'sms', 'in_app'] as const;
const isDay = (v: string | null) => (v && /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : undefined);
const oneOf = <T extends string>(values: readonly T[], v: string | null): T | undefined => (values as readonly string[]).includes(v ?? '') ? (v as T) : undefined;

/** The status badge, and for a message that did not leave, why (the provider's error or the unsubscribe). */
function StatusCell({ message }: { message: SentMessageDto }) {
  const { t } = useTranslation();
  const why = message.status === 'failed' || message.status === 'suppressed' ? message.error : null;
  return (
    <Stack gap={2}>
      <Badge variant="dot" color={statusColor[message.status]}>
        {t(`messageLog.statuses.${message.status}`)}
      </Badge>
      {why ? (
        <Text size="xs" c={message.status === 'failed' ? 'red.9' : 'dimmed'} className="enso-break" data-testid="message-error">
          {t(`messageLog.reasons.${why}`, { defaultValue: why })}
        </Text>
      ) : null}
    </Stack>
  );
}

export function MessagesPage() {
  const { t } = useTranslation();
  const studio = useStudio(useCan('studio:read'));
  const tz = studio.data?.timeZone;
  const [open, setOpen] = useState<SentMessageDto | null>(null);
  const [params, setParams] = useSearchParams();
  const filters: MessageFilters = {
    category: oneOf(categories, params.get('category')),
    template: params.get('template') || undefined,
    recipient: oneOf(recipients, params.get('recipient')),
    channel: oneOf(channels, params.get('channel')),
    from: isDay(params.get('from')),
    to: isDay(params.get('to')),
  };
  const active = Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined)) as MessageFilters;
  const filtered = Object.keys(active).length > 0;
  const setParam = (key: string, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };

  const list = useInfiniteQuery({
    queryKey: [...messagesKey, active],
    queryFn: ({ pageParam }) => messagesApi.list(pageParam, active),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  const templates = useQuery({ queryKey: [...messagesKey, 'templates'], queryFn: messagesApi.templates });
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
    {
      key: 'to',
      header: t('messages.to'),
      render: (m) => (
        <Stack gap={0}>
          <Text size="sm" className="enso-break">
            {m.to}
          </Text>
          {m.recipientKind ? (
            <Text size="xs" c="dimmed">
              {t(`messageLog.recipients.${m.recipientKind}`)}
            </Text>
          ) : null}
        </Stack>
      ),
    },
    { key: 'channel', nowrap: true, header: t('messages.channel'), render: (m) => t(`messageLog.channels.${m.channel}`) },
    { key: 'category', nowrap: true, header: t('messageLog.category'), render: (m) => t(`messageLog.categories.${m.category}`) },
    { key: 'status', header: t('fields.status'), render: (m) => <StatusCell message={m} /> },
    { key: 'template', nowrap: true, header: t('messages.template'), render: (m) => (m.template ? <Code>{m.template}</Code> : '') },
  ];

  return (
    <>
      <PageHeader title={t('messages.title')} description={t('messages.description')} />
      <Stack gap="xs" mb="md" component="section" aria-label={t('messageLog.filters')}>
        <SimpleGrid cols={{ base: 2, md: 3, lg: 6 }} spacing="sm" verticalSpacing="xs">
          <Select
            label={t('messageLog.category')}
            placeholder={t('messageLog.allCategories')}
            clearable
            value={filters.category ?? null}
            onChange={(v) => setParam('category', v)}
            data={categories.map((c) => ({ value: c, label: t(`messageLog.categories.${c}`) }))}
          />
          <Select
            label={t('messageLog.template')}
            placeholder={t('messageLog.allTemplates')}
            clearable
            searchable
            value={filters.template ?? null}
            onChange={(v) => setParam('template', v)}
            data={[...new Set([...(templates.data?.items ?? []), ...(filters.template ? [filters.template] : [])])]}
          />
          <Select
            label={t('messageLog.recipient')}
            placeholder={t('messageLog.allRecipients')}
            clearable
            value={filters.recipient ?? null}
            onChange={(v) => setParam('recipient', v)}
            data={recipients.map((r) => ({ value: r, label: t(`messageLog.recipients.${r}`) }))}
          />
          <Select
            label={t('messageLog.channel')}
            placeholder={t('messageLog.allChannels')}
            clearable
            value={filters.channel ?? null}
            onChange={(v) => setParam('channel', v)}
            data={channels.map((c) => ({ value: c, label: t(`messageLog.channels.${c}`) }))}
          />
          <TextInput type="date" label={t('messageLog.from')} value={filters.from ?? ''} onChange={(e) => setParam('from', e.currentTarget.value || null)} />
          <TextInput type="date" label={t('messageLog.to')} value={filters.to ?? ''} onChange={(e) => setParam('to', e.currentTarget.value || null)} />
        </SimpleGrid>
        {filtered ? (
          <Group>
            <Button variant="subtle" size="compact-sm" onClick={() => setParams(new URLSearchParams(), { replace: true })}>
              {t('messageLog.clear')}
            </Button>
          </Group>
        ) : null}
      </Stack>
      <QueryState isPending={list.isPending} error={list.error} onRetry={() => void list.refetch()} />
      {list.data && rows.length === 0 ? <Text c="dimmed">{filtered ? t('messageLog.noMatch') : t('messages.empty')}</Text> : null}
      {rows.length > 0 ? <DataTable rows={rows} columns={columns} rowKey={(m) => m.id} label={t('messages.title')} minWidth={900} testId="message-list" /> : null}
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
            <Group gap="xs" align="flex-start">
              <Text size="sm" c="dimmed">
                {t('common.labelColon', { label: t('messages.date') })}
              </Text>
              <Text size="sm">{formatInZone(open.sentAt ?? open.createdAt, tz)}</Text>
              <StatusCell message={open} />
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
