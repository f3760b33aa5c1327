import { Badge, Box, Button, Group, Paper, Stack, Text, Textarea, Title } from '@mantine/core';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { QueryState } from '../../../app/ui/QueryState.tsx';
import { ApiError } from '../../../lib/api.ts';
import { errorMessage, notifyError } from '../../../lib/errors.ts';
import { formatInZone } from '../../../lib/format.ts';
import { ownMessagesApi, ownMessagesKey, type OwnMessageDto } from './api.ts';

/**
 * "Messages" on the customer's account page: the conversation with the studio in-app (the studio's
 * messages and the customer's replies, newest at the bottom, times in the studio's zone), unread
 * studio messages marked until opened, and a box to answer.
 */
export function OwnMessagesSection({ slug, timeZone }: { slug: string; timeZone: string | undefined }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const messages = useInfiniteQuery({
    queryKey: ownMessagesKey(slug),
    queryFn: ({ pageParam }) => ownMessagesApi.list(slug, pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  const read = useMutation({
    mutationFn: (id: string) => ownMessagesApi.markRead(slug, id),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ownMessagesKey(slug) }),
    onError: (error) => notifyError(error, t),
  });
  const pages = messages.data?.pages ?? [];
  const unread = pages[0]?.unreadCount ?? 0;
  // Pages come newest first: the conversation reads oldest to newest.
  const items = pages.flatMap((p) => p.items).reverse();
  return (
    <Paper withBorder radius="lg" p={{ base: 'md', sm: 'xl' }} component="section" aria-labelledby="own-messages-heading">
      <Group gap="xs" mb="md">
        <Title order={2} fz="lg" id="own-messages-heading">
          {t('inbox.own.title')}
        </Title>
        {unread > 0 ? (
          <Badge color="red.8" variant="filled" data-testid="own-messages-unread">
            {t('inbox.own.unread', { count: unread })}
          </Badge>
        ) : null}
      </Group>
      <QueryState isPending={messages.isPending} error={messages.error} onRetry={() => void messages.refetch()} />
      {messages.data ? (
        <Stack gap="sm">
          {messages.hasNextPage ? (
            <Button variant="subtle" size="xs" onClick={() => void messages.fetchNextPage()} loading={messages.isFetchingNextPage} style={{ alignSelf: 'center' }}>
              {t('inbox.own.older')}
            </Button>
          ) : null}
          {items.length === 0 ? <Text c="dimmed">{t('inbox.own.none')}</Text> : null}
          <Stack gap="xs" data-testid="own-conversation">
            {items.map((m) => (
              <OwnMessage key={m.id} message={m} timeZone={timeZone} onRead={() => read.mutate(m.id)} />
            ))}
          </Stack>
          <ReplyBox slug={slug} />
        </Stack>
      ) : null}
    </Paper>
  );
}

function OwnMessage({ message: m, timeZone, onRead }: { message: OwnMessageDto; timeZone: string | undefined; onRead: () => void }) {
  const { t } = useTranslation();
  const mine = m.from === 'customer';
  const unread = !mine && !m.readAt;
  return (
    <Box
      p="sm"
      maw={{ base: '92%', sm: '80%' }}
      data-testid="own-message"
      data-from={m.from}
      data-unread={unread ? 'true' : undefined}
      style={{
        alignSelf: mine ? 'flex-end' : 'flex-start',
        borderRadius: 12,
        background: mine ? 'var(--mantine-color-brand-light)' : 'var(--mantine-color-gray-1)',
        border: unread ? '1px solid var(--mantine-color-brand-6)' : '1px solid transparent',
      }}
    >
      <Stack gap={2} style={{ minWidth: 0 }}>
        <Group gap={6}>
          <Text size="xs" fw={600}>
            {mine ? t('inbox.own.fromYou') : t('inbox.own.fromStudio')}
          </Text>
          {unread ? (
            <Badge size="xs" color="brand">
              {t('inbox.own.new')}
            </Badge>
          ) : null}
        </Group>
        {m.subject ? (
          <Text fw={600} size="sm" className="enso-break">
            {m.subject}
          </Text>
        ) : null}
        <Text size="sm" style={{ whiteSpace: 'pre-wrap' }} className="enso-break">
          {m.text}
        </Text>
        <Group justify="space-between" gap="xs" align="center">
          <Text size="xs" c="dimmed">
            {formatInZone(m.at, timeZone)}
          </Text>
          {unread ? (
            <Button size="compact-xs" variant="light" onClick={onRead}>
              {t('inbox.own.markRead')}
            </Button>
          ) : null}
        </Group>
      </Stack>
    </Box>
  );
}

const maxLength = 5_000;

function ReplyBox({ slug }: { slug: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const send = useMutation({
    mutationFn: () => ownMessagesApi.send(slug, text),
    onSuccess: async () => {
      setText('');
      setError(null);
      await queryClient.invalidateQueries({ queryKey: ownMessagesKey(slug) });
    },
    onError: (e) => {
      // A refused text is said in the customer's language; anything else by its code.
      if (e instanceof ApiError && e.fieldErrors.some((f) => f.path.replace(/^\/?(body[./])?/, '') === 'text')) setError(t('inbox.own.reply.invalid'));
      else setError(errorMessage(e, t));
    },
  });
  return (
    <Stack
      gap="xs"
      component="form"
      aria-label={t('inbox.own.reply.title')}
      onSubmit={(e) => {
        e.preventDefault();
        if (!text.trim()) setError(t('inbox.own.reply.invalid'));
        else send.mutate();
      }}
    >
      <Textarea
        label={t('inbox.own.reply.label')}
        placeholder={t('inbox.own.reply.placeholder')}
        value={text}
        onChange={(e) => {
          setText(e.currentTarget.value);
          if (error) setError(null);
        }}
        autosize
        minRows={2}
        maxRows={8}
        maxLength={maxLength}
        error={error}
        description={text.length > maxLength - 500 ? t('inbox.own.reply.count', { count: text.length, max: maxLength }) : undefined}
      />
      <Group justify="flex-end">
        <Button type="submit" loading={send.isPending}>
          {t('inbox.own.reply.send')}
        </Button>
      </Group>
    </Stack>
  );
}
