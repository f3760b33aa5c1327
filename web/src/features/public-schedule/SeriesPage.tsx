import { Alert, Stack, Text, Title } from '@mantine/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams, useSearchParams } from 'react-router';
import { usePublicStudioContext } from '../../routes/book/context.tsx';
import { usePageTitle } from '../../routes/book/usePageTitle.ts';
import { usePublicSeries } from './api.ts';
import { RegistrationPanel } from '../booking/registrations/RegistrationPanel.tsx';
import { ClassCard } from './ClassCard.tsx';
import { BackToSchedule, PublicPageState } from './PageStates.tsx';
import { visitorTimeZone } from './time.ts';

/** A series' page (`/s/:slug/series/:id?key=`): the share link of a private class or course lists its dates. */
export function SeriesPage() {
  const { t } = useTranslation();
  const studio = usePublicStudioContext();
  const { id = '' } = useParams();
  const [params] = useSearchParams();
  const key = params.get('key');
  const series = usePublicSeries(studio.slug, id, key);
  const visitorZone = useMemo(visitorTimeZone, []);
  usePageTitle(series.data?.name ?? t('publicSchedule.title'), studio.name);
  if (!series.data) return <PublicPageState slug={studio.slug} query={series} />;
  const s = series.data;
  const suffix = key ? `?key=${encodeURIComponent(key)}` : '';
  return (
    <Stack gap="md">
      <BackToSchedule slug={studio.slug} />
      <Title order={1} fz={{ base: 26, sm: 34 }} className="enso-break">
        {s.name}
      </Title>
      {s.description
        .split(/\n\s*\n/)
        .filter((p) => p.trim())
        .map((p, i) => (
          <Text key={i} style={{ whiteSpace: 'pre-line' }} className="enso-break">
            {p.trim()}
          </Text>
        ))}
      {s.items[0] && (s.items[0].kind === 'semester' || s.items[0].kind === 'course') ? (
        <RegistrationPanel slug={studio.slug} seriesId={s.id} kind={s.items[0].kind} name={s.name} items={s.items} classKey={key} />
      ) : null}
      <Title order={2} fz="lg">
        {t('publicSchedule.series.classes')}
      </Title>
      {s.items.length === 0 ? (
        <Alert color="gray" variant="light">
          {t('publicSchedule.series.none')}
        </Alert>
      ) : (
        s.items.map((item) => (
          <ClassCard key={item.id} item={item} href={`/s/${studio.slug}/classes/${item.id}${suffix}`} external={false} visitorZone={visitorZone} layout="row" />
        ))
      )}
    </Stack>
  );
}
