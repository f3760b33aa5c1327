import { Anchor, Group, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { IconArrowLeft } from '../../app/ui/icons.tsx';
import { QueryState } from '../../app/ui/QueryState.tsx';
import { isApiError } from '../../lib/api.ts';

/** The link back to the studio's schedule, atop a class or series page. */
export function BackToSchedule({ slug }: { slug: string }) {
  const { t } = useTranslation();
  return (
    <Anchor component={Link} to={`/s/${slug}/schedule`} size="sm">
      <Group gap={4} component="span" wrap="nowrap">
        <IconArrowLeft size={16} />
        {t('publicSchedule.class.back')}
      </Group>
    </Anchor>
  );
}

/** What a class or series page shows until it has its data: "not found" for a 404 (a wrong or old link), else loading or the error. */
export function PublicPageState({ slug, query }: { slug: string; query: { isPending: boolean; error: unknown; refetch: () => unknown } }) {
  const { t } = useTranslation();
  if (isApiError(query.error, 404)) {
    return (
      <Stack align="flex-start">
        <BackToSchedule slug={slug} />
        <Title order={1}>{t('publicSchedule.class.notFoundTitle')}</Title>
        <Text>{t('publicSchedule.class.notFoundText')}</Text>
      </Stack>
    );
  }
  return <QueryState isPending={query.isPending} error={query.error} onRetry={() => void query.refetch()} />;
}
