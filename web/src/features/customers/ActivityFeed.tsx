import { Button, Center, Text, Timeline } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { QueryState } from '../../app/ui/QueryState.tsx';
import type { ActivityItemDto } from '../../lib/contracts.ts';
import { formatInZone } from '../../lib/format.ts';
import { activityKey, customersApi } from './api.ts';

/** `customer.updated.v1` → the i18n key `activity.types.customer_updated_v1`. */
const typeKey = (type: string) => `activity.types.${type.replace(/[^a-zA-Z0-9]/g, '_')}`;

function useDescribe() {
  const { t } = useTranslation();
  return (item: ActivityItemDto) => {
    // The payload fills the label's placeholders ("Tag added: {{tagName}}").
    const label = t(typeKey(item.type), { ...item.payload, defaultValue: item.type });
    const changed = Array.isArray(item.payload.changed) ? (item.payload.changed as unknown[]).map(String) : [];
    const source = typeof item.payload.source === 'string' ? item.payload.source : null;
    const details = changed.length
      ? t('activity.changed', { fields: changed.map((f) => t(`fields.${f}`, { defaultValue: f })).join(', ') })
      : source
        ? t(`activity.sources.${source}`, { defaultValue: '' }) || null
        : null;
    const actor = item.actorName
      ? t('activity.by', { name: item.actorName })
      : t(`activity.actors.${item.actorKind}`, { defaultValue: '' });
    return { label, details, actor };
  };
}

export function ActivityFeed({ customerId, timeZone }: { customerId: string; timeZone: string | undefined }) {
  const { t } = useTranslation();
  const describe = useDescribe();
  const feed = useInfiniteQuery({
    queryKey: activityKey(customerId),
    queryFn: ({ pageParam }) => customersApi.activity(customerId, pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  const items = feed.data?.pages.flatMap((p) => p.items) ?? [];
  if (feed.isPending || feed.error) return <QueryState isPending={feed.isPending} error={feed.error} onRetry={() => void feed.refetch()} />;
  if (items.length === 0) return <Text c="dimmed">{t('activity.empty')}</Text>;
  return (
    <>
      <Timeline bulletSize={14} lineWidth={2} active={items.length} data-testid="activity-feed">
        {items.map((item) => {
          const { label, details, actor } = describe(item);
          return (
            <Timeline.Item key={item.id} title={<Text fw={600} size="sm">{label}</Text>}>
              {details ? (
                <Text size="sm" className="enso-break">
                  {details}
                </Text>
              ) : null}
              <Text size="xs" c="dimmed" mt={2}>
                <time dateTime={item.occurredAt}>{formatInZone(item.occurredAt, timeZone)}</time>
                {actor ? ` · ${actor}` : ''}
              </Text>
            </Timeline.Item>
          );
        })}
      </Timeline>
      {feed.hasNextPage ? (
        <Center mt="md">
          <Button variant="light" size="xs" loading={feed.isFetchingNextPage} onClick={() => void feed.fetchNextPage()}>
            {t('common.loadMore')}
          </Button>
        </Center>
      ) : null}
    </>
  );
}
