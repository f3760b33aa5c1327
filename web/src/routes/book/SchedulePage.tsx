import { Alert, Button, Group, SegmentedControl, Select, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { QueryState } from '../../app/ui/QueryState.tsx';
import { usePublicSchedule, type NamedDto, type PublicClassDto } from '../../features/public-schedule/api.ts';
import { ClassCard } from '../../features/public-schedule/ClassCard.tsx';
import { addDays, capitalized, formatDay, isDate, mondayOf, todayIn, visitorTimeZone } from '../../features/public-schedule/time.ts';
import { useEmbedHeight } from '../../features/public-schedule/useEmbedHeight.ts';
import { usePublicStudioContext } from './context.tsx';
import { usePageTitle } from './usePageTitle.ts';

type View = 'week' | 'list';

/** The public schedule (`/s/:slug/schedule`): a week of classes, by day or as a list, with filters kept in the URL. */
export function SchedulePage() {
  const { t, i18n } = useTranslation();
  const studio = usePublicStudioContext();
  const [params, setParams] = useSearchParams();
  usePageTitle(t('publicSchedule.title'), studio.name);
  const embed = params.get('embed') === '1';
  useEmbedHeight(embed);

  const today = todayIn(studio.timeZone);
  const weekParam = params.get('week');
  const week = mondayOf(isDate(weekParam) ? weekParam : today);
  const view: View = params.get('view') === 'list' ? 'list' : 'week';
  const filters = {
    locationId: params.get('location') ?? undefined,
    teacherId: params.get('teacher') ?? undefined,
    templateId: params.get('type') ?? undefined,
  };
  const filtered = Object.values(filters).some(Boolean);
  const schedule = usePublicSchedule(studio.slug, week, 7, filters);
  const visitorZone = useMemo(visitorTimeZone, []);

  const update = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    setParams(next, { replace: true });
  };

  const days = Array.from({ length: 7 }, (_, i) => addDays(week, i));
  const byDay = new Map<string, PublicClassDto[]>(days.map((d) => [d, []]));
  for (const item of schedule.data?.items ?? []) byDay.get(item.localDate)?.push(item);
  const hrefOf = (id: string) => (embed ? `${window.location.origin}/s/${studio.slug}/classes/${id}` : `/s/${studio.slug}/classes/${id}`);
  const card = (item: PublicClassDto, layout: 'column' | 'row') => (
    <ClassCard key={item.id} item={item} href={hrefOf(item.id)} external={embed} visitorZone={visitorZone} layout={layout} />
  );
  const options = (list: NamedDto[] | undefined) => (list ?? []).map((o) => ({ value: o.id, label: o.name }));
  const weekLabel = t('publicSchedule.weekOf', {
    from: formatDay(days[0]!, { day: 'numeric', month: 'long' }, i18n.language),
    to: formatDay(days[6]!, { day: 'numeric', month: 'long', year: 'numeric' }, i18n.language),
  });
  const items = schedule.data?.items ?? [];

  return (
    <Stack gap="md">
      <Title order={1} fz={{ base: 24, sm: 30 }}>
        {t('publicSchedule.title')}
      </Title>
      <Group justify="space-between" gap="sm" wrap="wrap">
        <Group gap="xs" wrap="nowrap">
          <Button variant="default" size="compact-md" onClick={() => update({ week: addDays(week, -7) })} aria-label={t('publicSchedule.previousWeek')}>
            ‹
          </Button>
          <Button variant="default" size="compact-md" onClick={() => update({ week: null })} disabled={week === mondayOf(today)}>
            {t('publicSchedule.thisWeek')}
          </Button>
          <Button variant="default" size="compact-md" onClick={() => update({ week: addDays(week, 7) })} aria-label={t('publicSchedule.nextWeek')}>
            ›
          </Button>
        </Group>
        <SegmentedControl
          aria-label={t('publicSchedule.views.label')}
          value={view}
          onChange={(v) => update({ view: v === 'list' ? 'list' : null })}
          data={[
            { value: 'week', label: t('publicSchedule.views.week') },
            { value: 'list', label: t('publicSchedule.views.list') },
          ]}
        />
      </Group>
      <Text fw={600} aria-live="polite" data-testid="schedule-week">
        {weekLabel}
      </Text>
      <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
        <Select
          label={t('publicSchedule.filters.location')}
          placeholder={t('publicSchedule.filters.all')}
          data={options(schedule.data?.filters.locations)}
          value={filters.locationId ?? null}
          onChange={(v) => update({ location: v })}
          clearable
        />
        <Select
          label={t('publicSchedule.filters.teacher')}
          placeholder={t('publicSchedule.filters.all')}
          data={options(schedule.data?.filters.teachers)}
          value={filters.teacherId ?? null}
          onChange={(v) => update({ teacher: v })}
          clearable
          searchable
        />
        <Select
          label={t('publicSchedule.filters.type')}
          placeholder={t('publicSchedule.filters.all')}
          data={options(schedule.data?.filters.templates)}
          value={filters.templateId ?? null}
          onChange={(v) => update({ type: v })}
          clearable
          searchable
        />
      </SimpleGrid>
      {filtered ? (
        <Group>
          <Button variant="subtle" size="compact-sm" onClick={() => update({ location: null, teacher: null, type: null })}>
            {t('publicSchedule.filters.clear')}
          </Button>
        </Group>
      ) : null}
      <Text size="xs" c="dimmed">
        {t('publicSchedule.timesIn')}
      </Text>
      {!schedule.data ? (
        <QueryState isPending={schedule.isPending} error={schedule.error} onRetry={() => void schedule.refetch()} />
      ) : items.length === 0 ? (
        <Alert color="gray" variant="light" data-testid="schedule-empty">
          {filtered ? t('publicSchedule.noClassesFiltered') : t('publicSchedule.noClassesWeek')}
        </Alert>
      ) : view === 'week' ? (
        <SimpleGrid cols={{ base: 1, md: 7 }} spacing="xs" data-testid="schedule-week-view">
          {days.map((day) => (
            <Stack key={day} gap="xs" component="section" aria-label={formatDay(day, { weekday: 'long', day: 'numeric', month: 'long' }, i18n.language)}>
              <Text fw={700} size="sm" c={day === today ? 'brand.7' : undefined} style={{ borderBottom: '2px solid var(--mantine-color-gray-3)' }} pb={4}>
                {capitalized(formatDay(day, { weekday: 'short', day: 'numeric', month: 'short' }, i18n.language))}
              </Text>
              {byDay.get(day)!.length === 0 ? (
                <Text size="sm" c="dimmed">
                  {t('publicSchedule.noClassesDay')}
                </Text>
              ) : (
                byDay.get(day)!.map((item) => card(item, 'column'))
              )}
            </Stack>
          ))}
        </SimpleGrid>
      ) : (
        <Stack gap="lg" data-testid="schedule-list-view">
          {days
            .filter((day) => byDay.get(day)!.length > 0)
            .map((day) => (
              <Stack key={day} gap="xs" component="section" aria-label={formatDay(day, { weekday: 'long', day: 'numeric', month: 'long' }, i18n.language)}>
                <Title order={2} fz="md">
                  {capitalized(formatDay(day, { weekday: 'long', day: 'numeric', month: 'long' }, i18n.language))}
                </Title>
                {byDay.get(day)!.map((item) => card(item, 'row'))}
              </Stack>
            ))}
        </Stack>
      )}
    </Stack>
  );
}

