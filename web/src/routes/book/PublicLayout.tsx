import { Anchor, Box, Button, Container, Group, Image, Stack, Text, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useParams, useSearchParams } from 'react-router';
import { useApplyBrand } from '../../app/brand.tsx';
import { LanguageSwitch } from '../../app/ui/LanguageSwitch.tsx';
import { PageLoader } from '../../app/ui/PageLoader.tsx';
import { QueryState } from '../../app/ui/QueryState.tsx';
import { customerAccountApi, meKey } from '../../features/customers/api.ts';
import { usePublicStudio } from '../../features/studios/api.ts';
import { changeLocale, isUiLocale, resolveLocale, type UiLocale } from '../../i18n/index.ts';
import { isApiError } from '../../lib/api.ts';
import { PublicStudioContext, useMe } from './context.tsx';

export function PublicLayout() {
  const { t } = useTranslation();
  const { slug = '' } = useParams();
  const queryClient = useQueryClient();
  const studio = usePublicStudio(slug);
  const me = useMe(slug);
  useApplyBrand(studio.data);
  // Embed mode: the schedule framed on the studio's own site (embed.js), without Enso's header and footer.
  const [params] = useSearchParams();
  const embed = params.get('embed') === '1';
  const embedLocale = embed ? params.get('lang') : null;

  const studioLocale = studio.data?.defaultLocale;
  const accountLocale = me.data?.locale;
  useEffect(() => {
    if (isUiLocale(embedLocale)) void changeLocale(embedLocale, false);
    else if (studioLocale) void changeLocale(resolveLocale({ account: accountLocale, studioDefault: studioLocale }), false);
  }, [studioLocale, accountLocale, embedLocale]);

  const onLocaleChange = (locale: UiLocale) => {
    if (!me.data) return;
    customerAccountApi
      .updateMe(slug, { locale })
      .then(({ customer }) => queryClient.setQueryData(meKey(slug), customer))
      .catch(() => undefined);
  };

  if (studio.isPending) return <PageLoader />;
  if (!studio.data) {
    const missing = isApiError(studio.error, 404);
    return (
      <Container size="sm" py="xl" component="main">
        <Group justify="flex-end" mb="md">
          <LanguageSwitch />
        </Group>
        {missing ? (
          <Stack>
            <Title order={1}>{t('public.studioNotFound')}</Title>
            <Text>{t('public.studioNotFoundText', { slug })}</Text>
          </Stack>
        ) : (
          <QueryState isPending={false} error={studio.error} onRetry={() => void studio.refetch()} />
        )}
      </Container>
    );
  }
  const s = studio.data;
  if (embed) {
    return (
      <PublicStudioContext.Provider value={s}>
        <Box component="main" p={{ base: 'xs', sm: 'md' }} bg="white">
          <Outlet />
        </Box>
      </PublicStudioContext.Provider>
    );
  }
  return (
    <PublicStudioContext.Provider value={s}>
      <Box mih="100vh" bg="gray.0" style={{ display: 'flex', flexDirection: 'column' }}>
        <Box component="header" bg="white" style={{ borderTop: `6px solid ${s.brandColor}`, borderBottom: '1px solid var(--mantine-color-gray-3)' }}>
          <Container size="md" py="sm">
            <Group justify="space-between" wrap="nowrap" gap="xs">
              <Anchor component={Link} to={`/s/${s.slug}`} underline="never" style={{ minWidth: 0 }}>
                <Group gap="sm" wrap="nowrap">
                  {s.logoUrl ? <Image src={s.logoUrl} alt="" h={40} w="auto" maw={140} fit="contain" /> : null}
                  <Text fw={800} fz={{ base: 'lg', sm: 'xl' }} c="brand.9" truncate="end" data-testid="public-studio-name">
                    {s.name}
                  </Text>
                </Group>
              </Anchor>
              <Group gap="xs" wrap="nowrap">
                <Anchor component={Link} to={`/s/${s.slug}/schedule`} fw={600} size="sm" visibleFrom="xs" data-testid="public-schedule-link">
                  {t('publicSchedule.nav')}
                </Anchor>
                <Anchor component={Link} to={`/s/${s.slug}/plans`} fw={600} size="sm" visibleFrom="sm" data-testid="public-plans-link">
                  {t('checkout.nav')}
                </Anchor>
                <LanguageSwitch onChange={onLocaleChange} />
                {me.data ? (
                  <Button component={Link} to={`/s/${s.slug}/account`} variant="light" size="compact-md">
                    {t('public.myAccount')}
                  </Button>
                ) : (
                  <Button component={Link} to={`/s/${s.slug}/login`} variant="light" size="compact-md">
                    {t('public.signIn')}
                  </Button>
                )}
              </Group>
            </Group>
          </Container>
        </Box>
        <Container size="md" py={{ base: 'md', sm: 'xl' }} w="100%" component="main" style={{ flex: 1 }}>
          <Outlet />
        </Container>
        <Box component="footer" py="md">
          <Text ta="center" size="xs" c="dimmed">
            {t('public.poweredBy')}
          </Text>
        </Box>
      </Box>
    </PublicStudioContext.Provider>
  );
}

export function PublicNotFound() {
  const { t } = useTranslation();
  const { slug = '' } = useParams();
  return (
    <Stack align="flex-start">
      <Title order={1}>{t('notFound.title')}</Title>
      <Text>{t('notFound.text')}</Text>
      <Button component={Link} to={`/s/${slug}`}>
        {t('public.backToStudio')}
      </Button>
    </Stack>
  );
}
