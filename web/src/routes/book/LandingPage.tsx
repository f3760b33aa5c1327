import { Button, Group, Image, Paper, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { brandSurface } from '../../app/theme.ts';
import { fullName } from '../../lib/format.ts';
import { useMe, usePublicStudioContext } from './context.tsx';
import { usePageTitle } from './usePageTitle.ts';

export function LandingPage() {
  const { t } = useTranslation();
  const studio = usePublicStudioContext();
  const me = useMe(studio.slug);
  usePageTitle(t('public.welcomeTitle'), studio.name);
  // The brand colour, darkened just enough for its text to stay readable.
  const surface = brandSurface(studio.brandColor);
  const onBrand = surface.color;
  const base = `/s/${studio.slug}`;
  return (
    <Stack gap="xl">
      <Paper radius="lg" p={{ base: 'lg', sm: 48 }} style={surface}>
        <Stack gap="md" align="flex-start">
          {studio.logoUrl ? (
            <Paper radius="md" p="xs" bg="white">
              <Image src={studio.logoUrl} alt={t('studio.logoAlt', { name: studio.name })} h={64} w="auto" maw={220} fit="contain" />
            </Paper>
          ) : null}
          <Title order={1} fz={{ base: 28, sm: 40 }} style={{ color: onBrand }} className="enso-break">
            {studio.name}
          </Title>
          <Text fz="lg" style={{ color: onBrand }}>
            {me.data ? t('public.welcomeBack', { name: fullName(me.data) }) : t('public.tagline')}
          </Text>
        </Stack>
      </Paper>
      <Paper withBorder radius="lg" p={{ base: 'md', sm: 'xl' }}>
        <Group justify="space-between" gap="sm">
          <Title order={2} fz="xl">
            {t('publicSchedule.title')}
          </Title>
          <Group gap="xs">
            <Button component={Link} to={`${base}/schedule`} size="md" variant="light">
              {t('publicSchedule.nav')}
            </Button>
            <Button component={Link} to={`${base}/plans`} size="md" variant="default">
              {t('checkout.nav')}
            </Button>
          </Group>
        </Group>
      </Paper>
      <Paper withBorder radius="lg" p={{ base: 'md', sm: 'xl' }} style={{ borderLeft: `6px solid ${studio.accentColor}` }}>
        {me.data ? (
          <Stack align="flex-start">
            <Title order={2} fz="xl">
              {t('public.signedInAs', { email: me.data.email ?? fullName(me.data) })}
            </Title>
            <Button component={Link} to={`${base}/account`} size="md">
              {t('public.myAccount')}
            </Button>
          </Stack>
        ) : (
          <Stack>
            <Title order={2} fz="xl">
              {t('public.joinTitle')}
            </Title>
            <Text>{t('public.joinText')}</Text>
            <Group>
              <Button component={Link} to={`${base}/signup`} size="md">
                {t('public.createAccount')}
              </Button>
              <Button component={Link} to={`${base}/login`} size="md" variant="outline">
                {t('public.signIn')}
              </Button>
            </Group>
          </Stack>
        )}
      </Paper>
    </Stack>
  );
}
