import { Anchor, Badge, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { QueryState } from '../../../app/ui/QueryState.tsx';
import { formatInZone } from '../../../lib/format.ts';
import { inboxApi, threadKey, type ThreadMessageDto } from './api.ts';

/** How many of the latest messages the profile shows; the inbox has the whole conversation. */
const shown = 5;

/**
 * "Messages" on the staff customer profile: the latest messages of the customer's conversation,
 * both ways and on every channel (email, SMS, in-app), with a link to the whole thread in the
 * inbox to read and reply. Shown to staff who may use the inbox.
 */
export function CustomerMessagesSection({ customerId, timeZone }: { customerId: string; timeZone: string | undefined }) {
  const { t } = useTranslation();
  const thread = useQuery({ queryKey: threadKey(customerId), queryFn: () => inboxApi.thread(customerId) });
  const items = thread.data?.items.slice(-shown) ?? [];
  const unread = thread.data?.thread?.unreadCount ?? 0;
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="customer-messages-heading" data-testid="customer-messages">
      <Group justify="space-between" mb="sm" wrap="wrap">
        <Group gap="xs">
          <Title order={2} fz="lg" id="customer-messages-heading">
            {t('inbox.onProfile.title')}
          </Title>
          {unread > 0 ? (
            <Badge color="red.9" variant="filled">
              {t('inbox.unreadCount', { count: unread })}
            </Badge>
          ) : null}
        </Group>
        <Anchor component={Link} to={`/inbox?c=${encodeURIComponent(customerId)}`} size="sm">
          {t('inbox.onProfile.open')}
        </Anchor>
      </Group>
      <QueryState isPending={thread.isPending} error={thread.error} onRetry={() => void thread.refetch()} />
      {thread.data ? (
        items.length === 0 ? (
          <Text c="dimmed" size="sm">
            {t('inbox.onProfile.none')}
          </Text>
        ) : (
          <Stack gap="xs">
            {items.map((m) => (
              <ProfileMessage key={m.id} message={m} timeZone={timeZone} />
            ))}
          </Stack>
        )
      ) : null}
    </Paper>
  );
}

function ProfileMessage({ message: m, timeZone }: { message: ThreadMessageDto; timeZone: string | undefined }) {
  const { t } = useTranslation();
  return (
    <Stack gap={2} data-testid="customer-message" data-direction={m.direction}>
      <Text size="xs" c="dimmed">
        {[
          t(`inbox.channel.${m.channel}`),
          formatInZone(m.at, timeZone),
          m.direction === 'in' ? t('inbox.category.inbound') : m.subject,
          m.status && m.status !== 'sent' && m.direction === 'out' ? t(`inbox.status.${m.status}`, { defaultValue: m.status }) : null,
        ]
          .filter(Boolean)
          .join(' · ')}
      </Text>
      <Text size="sm" lineClamp={3} style={{ whiteSpace: 'pre-line' }}>
        {m.text}
      </Text>
    </Stack>
  );
}
