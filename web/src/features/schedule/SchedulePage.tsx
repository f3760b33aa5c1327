import type { CalendarRef, DatesSetInfo } from '@fullcalendar/react';
import { ActionIcon, Badge, Button, Collapse, Group, Paper, SegmentedControl, Select, SimpleGrid, Text, Title } from '@mantine/core';
import { useDisclosure, useMediaQuery } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Suspense, lazy, useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { IconPlus } from '../../app/ui/icons.tsx';
import { PageHeader } from '../../app/ui/PageHeader.tsx';
import { PageLoader } from '../../app/ui/PageLoader.tsx';
import { QueryState } from '../../app/ui/QueryState.tsx';
import { useCan, useStaffSession } from '../../routes/staff/session.tsx';
import { useLocations, useStudio } from '../studios/api.ts';
import { occurrencesKey, scheduleApi, useTemplates, type OccurrenceDto } from './api.ts';
import { LocationSelect, RoomSelect, TeacherSelect } from './fields.tsx';
import { OccurrenceDrawer } from './OccurrenceDrawer.tsx';
import type { CalendarView } from './ScheduleCalendar.tsx';

// FullCalendar is the dashboard's largest dependency: it loads with the schedule, not with every staff page.
const ScheduleCalendar = lazy(() => import('./ScheduleCalendar.tsx').then((m) => ({ default: m.ScheduleCalendar })));

const dayMs = 86_400_000;
const noOccurrences: OccurrenceDto[] = [];
const views: CalendarView[] = ['timeGridWeek', 'timeGridDay', 'listWeek'];
const isView = (v: string | null): v is CalendarView => !!v && (views as string[]).includes(v);

/** The staff calendar (`/schedule`): day and week views, filters by location, room, teacher and class; a drawer per class. */
export function SchedulePage() {
  const { t } = useTranslation();
  const session = useStaffSession();
  const canWrite = useCan('schedule:write');
  const isTeacher = session.user.role === 'teacher';
  const phone = useMediaQuery('(max-width: 48em)', false, { getInitialValueInEffect: false });
  const [params, setParams] = useSearchParams();
  const calendar = useRef<CalendarRef>(null);
  const [filtersOpen, { toggle: toggleFilters }] = useDisclosure(false);

  const locationId = params.get('location');
  const roomId = params.get('room');
  const teacherId = params.get('teacher');
  const templateId = params.get('template');
  const occurrenceId = params.get('occurrence');
  const activeFilters = [locationId, roomId, teacherId, templateId].filter(Boolean).length;
  const requestedView = params.get('view');
  const view: CalendarView = isView(requestedView) ? requestedView : phone ? 'listWeek' : 'timeGridWeek';

  const studio = useStudio();
  const locations = useLocations();
  const templates = useTemplates();
  const location = locations.data?.find((l) => l.id === locationId);
  // Staff screens show a class on its location's wall clock; with no location chosen, the studio's.
  const timeZone = location?.timeZone ?? studio.data?.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;

  const [range, setRange] = useState<{ from: string; to: string; title: string } | null>(null);
  // FullCalendar reports its range again whenever its options change: only a new range may set state.
  const dateParam = useRef(params.get('date'));
  dateParam.current = params.get('date');
  const onRange = useCallback(
    (info: DatesSetInfo) => {
      // A day either side: the list covers the view whichever way the calendar's zone shifts its edges.
      const from = new Date(info.start.getTime() - dayMs).toISOString();
      const to = new Date(info.end.getTime() + dayMs).toISOString();
      const title = info.view.title;
      setRange((prev) => (prev && prev.from === from && prev.to === to && prev.title === title ? prev : { from, to, title }));
      // The zone's own calendar date of the view's first day (startStr carries the zone's offset).
      const anchor = info.startStr.slice(0, 10);
      if (dateParam.current !== anchor) {
        dateParam.current = anchor;
        setParams(
          (prev) => {
            const next = new URLSearchParams(prev);
            next.set('date', anchor);
            return next;
          },
          { replace: true },
        );
      }
    },
    [setParams],
  );

  const query = { locationId: locationId ?? undefined, roomId: roomId ?? undefined, teacherId: teacherId ?? undefined, templateId: templateId ?? undefined };
  const occurrences = useQuery({
    queryKey: [...occurrencesKey, 'range', range?.from, range?.to, query],
    queryFn: ({ signal }) => scheduleApi.occurrences({ from: range!.from, to: range!.to, ...query }, signal),
    enabled: !!range,
    placeholderData: keepPreviousData,
  });

  const setParam = (entries: Record<string, string | null>) =>
    setParams((prev) => {
      const next = new URLSearchParams(prev);
      for (const [key, value] of Object.entries(entries)) {
        if (value) next.set(key, value);
        else next.delete(key);
      }
      return next;
    });

  // A view switch goes through the calendar's own API so that it keeps the date it shows.
  useEffect(() => {
    const api = calendar.current?.getApi();
    if (api && api.view.type !== view) api.changeView(view);
  }, [view]);

  const openOccurrence = useCallback(
    (id: string) =>
      setParams((prev) => {
        const next = new URLSearchParams(prev);
        next.set('occurrence', id);
        return next;
      }),
    [setParams],
  );
  const api = () => calendar.current?.getApi();
  const viewOptions = (phone ? (['timeGridDay', 'listWeek'] as const) : views).map((v) => ({ value: v, label: t(`schedule.calendar.views.${v}`) }));

  return (
    <>
      <PageHeader
        title={t('schedule.title')}
        actions={
          canWrite ? (
            <Button component={Link} to="/schedule/new" leftSection={<IconPlus />}>
              {t('schedule.newClass')}
            </Button>
          ) : null
        }
      />
      {phone ? (
        <Button
          variant="default"
          mb="sm"
          onClick={toggleFilters}
          aria-expanded={filtersOpen}
          aria-controls="schedule-filters"
          rightSection={activeFilters > 0 ? <Badge size="sm" circle>{activeFilters}</Badge> : null}
        >
          {t('schedule.filters.label')}
        </Button>
      ) : null}
      {/* On a phone the filters wait behind a button, so the classes come first. */}
      <Collapse expanded={!phone || filtersOpen} id="schedule-filters">
        <Paper withBorder p="sm" mb="md" component="section" aria-label={t('schedule.filters.label')}>
          <SimpleGrid cols={{ base: 1, xs: 2, md: isTeacher ? 2 : 4 }} spacing="sm">
            <LocationSelect
              value={locationId}
              onChange={(v) => setParam({ location: v, room: null })}
              placeholder={t('schedule.filters.allLocations')}
            />
            <RoomSelect
              locationId={locationId}
              value={roomId}
              onChange={(v) => setParam({ room: v })}
              placeholder={locationId ? t('schedule.filters.allRooms') : t('schedule.filters.pickLocation')}
            />
            {/* A teacher sees only their own classes (the server enforces it): no teacher or class filter for them. */}
            {isTeacher ? null : (
              <>
                <TeacherSelect value={teacherId} onChange={(v) => setParam({ teacher: v })} placeholder={t('schedule.filters.allTeachers')} />
                <Select
                  label={t('schedule.fields.template')}
                  placeholder={t('schedule.filters.allClasses')}
                  clearable
                  searchable
                  data={(templates.data ?? []).map((x) => ({ value: x.id, label: x.name }))}
                  value={templateId}
                  onChange={(v) => setParam({ template: v })}
                />
              </>
            )}
          </SimpleGrid>
        </Paper>
      </Collapse>

      <Group justify="space-between" mb="sm" gap="xs">
        <Group gap={6} wrap="nowrap">
          <ActionIcon variant="default" size="lg" aria-label={t('schedule.calendar.prev')} onClick={() => api()?.prev()}>
            ‹
          </ActionIcon>
          <Button variant="default" onClick={() => api()?.today()}>
            {t('schedule.calendar.today')}
          </Button>
          <ActionIcon variant="default" size="lg" aria-label={t('schedule.calendar.next')} onClick={() => api()?.next()}>
            ›
          </ActionIcon>
        </Group>
        <Title order={2} fz={{ base: 'md', sm: 'lg' }} data-testid="calendar-title" style={{ flex: '1 1 auto', minWidth: 0 }} ta="center">
          {range?.title ?? ''}
        </Title>
        <SegmentedControl
          aria-label={t('schedule.calendar.view')}
          value={view}
          onChange={(v) => setParam({ view: v })}
          data={viewOptions}
        />
      </Group>
      <Text size="xs" c="dimmed" mb="xs" data-testid="calendar-zone">
        {t('schedule.calendar.zone', { zone: timeZone })}
      </Text>
      {occurrences.error ? <QueryState isPending={false} error={occurrences.error} onRetry={() => void occurrences.refetch()} /> : null}
      {studio.isPending ? (
        <QueryState isPending error={null} />
      ) : (
        <Suspense fallback={<PageLoader />}>
          {/* Remounted when the zone changes: the calendar's zone is read once, at creation. */}
          <ScheduleCalendar
            key={timeZone}
            ref={calendar}
            view={view}
            initialDate={params.get('date') ?? undefined}
            timeZone={timeZone}
            occurrences={occurrences.data?.items ?? noOccurrences}
            onRange={onRange}
            onOpen={openOccurrence}
          />
        </Suspense>
      )}
      <OccurrenceDrawer id={occurrenceId} onClose={() => setParam({ occurrence: null })} />
    </>
  );
}
