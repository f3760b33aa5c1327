import { Alert, Anchor, Box, Button, Container, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { LanguageSwitch } from '../../../app/ui/LanguageSwitch.tsx';
import { PageLoader } from '../../../app/ui/PageLoader.tsx';
import { QueryState } from '../../../app/ui/QueryState.tsx';
import { changeLocale, resolveLocale } from '../../../i18n/index.ts';
import { isApiError } from '../../../lib/api.ts';
import { unsubscribeApi, unsubscribeKey, unsubscribeKinds, type UnsubscribeKindDto } from './api.ts';

/**
 * The page an email's footer link opens (`/u/:token?kind=…`). Opening it changes nothing (mail
 * scanners follow links); the button unsubscribes. Shown in the customer's language.
 */
export default function UnsubscribePage() {
  const { t } = useTranslation();
  const { token = '' } = useParams();
  const [params] = useSearchParams();
  const queryClient = useQueryClient();
  const raw = params.get('kind');
  const kind: UnsubscribeKindDto = unsubscribeKinds.includes(raw as UnsubscribeKindDto) ? (raw as UnsubscribeKindDto) : 'marketing_email';
  const view = useQuery({ queryKey: unsubscribeKey(token, kind), queryFn: () => unsubscribeApi.describe(token, kind) });
  const done = useMutation({
    mutationFn: () => unsubscribeApi.unsubscribe(token, kind),
    onSuccess: (v) => queryClient.setQueryData(unsubscribeKey(token, kind), v),
  });
  const locale = view.data?.locale;
  useEffect(() => {
    if (locale) void changeLocale(resolveLocale({ studioDefault: locale }), false);
  }, [locale]);

  const what = t(`unsubscribe.kinds.${kind}`);
  let body;
  if (view.isPending) body = <PageLoader />;
  else if (isApiError(view.error, 404)) {
    body = (
      <Stack gap="sm">
        <Title order={1}>{t('unsubscribe.notFoundTitle')}</Title>
        <Text>{t('unsubscribe.notFound')}</Text>
      </Stack>
    );
  } else if (!view.data) body = <QueryState isPending={false} error={view.error} onRetry={() => void view.refetch()} />;
  else {
    const v = view.data;
    body = (
      <Stack gap="md">
        <Text fw={600}>{v.studioName}</Text>
        <Title order={1}>{t('unsubscribe.title')}</Title>
        {v.subscribed ? (
          <>
            <Text>{t('unsubscribe.question', { what, studio: v.studioName })}</Text>
            {done.error ? <QueryState isPending={false} error={done.error} /> : null}
            <Group>
              <Button onClick={() => done.mutate()} loading={done.isPending} data-testid="unsubscribe-button">
                {t('unsubscribe.confirm')}
              </Button>
            </Group>
          </>
        ) : (
          <Alert color="teal.9" variant="outline" title={done.isSuccess ? t('unsubscribe.doneTitle') : t('unsubscribe.alreadyTitle')} data-testid="unsubscribe-done">
            {t('unsubscribe.done', { what, studio: v.studioName })}
          </Alert>
        )}
        <Text size="sm">
          {t('unsubscribe.account')}{' '}
          <Anchor component={Link} to={`/s/${v.studioSlug}/account`} underline="always">
            {t('unsubscribe.accountLink')}
          </Anchor>
        </Text>
      </Stack>
    );
  }

  return (
    <Box mih="100vh" bg="gray.0">
      <Container size="xs" py="xl" component="main">
        <Group justify="flex-end" mb="md">
          <LanguageSwitch />
        </Group>
        <Paper withBorder p={{ base: 'md', sm: 'xl' }} radius="md">
          {body}
        </Paper>
      </Container>
    </Box>
  );
}
