import { Badge, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { QueryState } from '../../../app/ui/QueryState.tsx';
import { notifyError } from '../../../lib/errors.ts';
import { formatInZone } from '../../../lib/format.ts';
import { ownMessagesApi, ownMessagesKey } from './api.ts';

/** "Messages" on the customer's account page: the studio's in-app messages, unread ones marked until opened. */
export function OwnMessagesSection({ slug, timeZone }: { slug: string; timeZone: string | undefined }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const messages = useQuery({ queryKey: ownMessagesKey(slug), queryFn: () => ownMessagesApi.list(slug) });
  const read = useMutation({
    mutationFn: (id: string) => ownMessagesApi.markRead(slug, id),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ownMessagesKey(slug) }),
    onError: (error) => notifyError(error, t),
  });
  const unread = messages.data?.unreadCount ?? 0;
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
          {messages.data.items.length === 0 ? <Text c="dimmed">{t('inbox.own.none')}</Text> : null}
          {messages.data.items.map((m) => (
            <Paper key={m.id} withBorder radius="md" p="sm" data-testid="own-message" data-unread={m.readAt ? undefined : 'true'} style={m.readAt ? undefined : { borderColor: 'var(--mantine-color-brand-6)' }}>
              <Group justify="space-between" wrap="nowrap" gap="xs" align="flex-start">
                <Stack gap={2} style={{ minWidth: 0 }}>
                  <Group gap={6}>
                    {m.readAt ? null : (
                      <Badge size="xs" color="brand">
                        {t('inbox.own.new')}
                      </Badge>
                    )}
                    {m.subject ? (
                      <Text fw={600} size="sm" className="enso-break">
                        {m.subject}
                      </Text>
                    ) : null}
                  </Group>
                  <Text size="sm" style={{ whiteSpace: 'pre-wrap' }} className="enso-break">
                    {m.text}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {formatInZone(m.at, timeZone)}
                  </Text>
                </Stack>
                {m.readAt ? null : (
                  <Button size="xs" variant="light" onClick={() => read.mutate(m.id)} style={{ flexShrink: 0 }}>
                    {t('inbox.own.markRead')}
                  </Button>
                )}
              </Group>
            </Paper>
          ))}
        </Stack>
      ) : null}
    </Paper>
  );
}
