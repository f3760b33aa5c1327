import {
  ActionIcon,
  Alert,
  Button,
  Card,
  Group,
  NumberInput,
  Paper,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  TextInput,
  Title,
  UnstyledButton,
} from '@mantine/core';
import { useForm, type UseFormReturnType } from '@mantine/form';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { IconArrowLeft, IconPlus } from '../../app/ui/icons.tsx';
import { PageHeader } from '../../app/ui/PageHeader.tsx';
import { QueryState } from '../../app/ui/QueryState.tsx';
import { applyApiError, notifySuccess } from '../../lib/errors.ts';
import { currencyDigits, fromMinorUnits, toMinorUnits } from '../../lib/format.ts';
import { useLocations, useStudio } from '../studios/api.ts';
import { occurrencesKey, scheduleApi, useOccurrence, useTemplates, type CreateSeries, type EventKind, type OccurrenceDetailDto, type Visibility } from './api.ts';
import { SaverConflicts } from './ConflictAlert.tsx';
import { StartTimes, TeacherAndPlace, WeekdayChips } from './fields.tsx';
import { useConflictSave } from './useConflictSave.ts';

export const eventKinds: EventKind[] = ['class', 'workshop', 'course', 'semester', 'retreat', 'private'];
const isKind = (v: string | null): v is EventKind => !!v && (eventKinds as string[]).includes(v);

interface DateRow {
  date: string;
  startTime: string;
  endDate: string;
  endTime: string;
}

interface Values {
  templateId: string | null;
  mode: 'single' | 'recurring';
  weekdays: string[];
  startTimes: string[];
  startDate: string;
  endDate: string;
  weeksAhead: number | string;
  dates: DateRow[];
  durationMin: number | string;
  teacherId: string | null;
  locationId: string | null;
  roomId: string | null;
  online: boolean;
  videoProvider: 'none' | 'zoom';
  videoUrl: string;
  capacity: number | string;
  price: number | string;
  salesCutoffMin: number | string;
  bookingWindowDays: number | string;
  allowChildren: boolean;
  spotSelection: boolean;
  visibility: Visibility;
}

const emptyRow: DateRow = { date: '', startTime: '', endDate: '', endTime: '' };

function blank(kind: EventKind): Values {
  return {
    templateId: null,
    mode: 'single',
    weekdays: [],
    startTimes: [''],
    startDate: '',
    endDate: '',
    weeksAhead: 8,
    dates: [{ ...emptyRow }],
    durationMin: '',
    teacherId: null,
    locationId: null,
    roomId: null,
    online: false,
    videoProvider: 'none',
    videoUrl: '',
    capacity: '',
    price: '',
    salesCutoffMin: 0,
    bookingWindowDays: '',
    allowChildren: false,
    spotSelection: false,
    visibility: kind === 'private' ? 'link' : 'public',
  };
}

/** Duplicate: everything of the source class's series except its dates, which staff choose anew. */
function fromOccurrence(o: OccurrenceDetailDto, currency: string): Values {
  const s = o.series;
  return {
    ...blank(s.kind),
    templateId: s.templateId,
    mode: s.pattern === 'weekly' ? 'recurring' : 'single',
    weekdays: s.weekdays.map(String),
    startTimes: s.pattern === 'weekly' && s.startTimes.length ? s.startTimes : [''],
    weeksAhead: s.weeksAhead,
    dates: [{ ...emptyRow, startTime: o.startTime }],
    durationMin: s.durationMin,
    teacherId: s.teacherId,
    locationId: s.locationId,
    roomId: s.roomId,
    online: s.online,
    videoProvider: s.videoProvider,
    videoUrl: s.videoUrl ?? '',
    capacity: s.capacity,
    price: fromMinorUnits(s.priceMinor, currency),
    salesCutoffMin: s.salesCutoffMin,
    bookingWindowDays: s.bookingWindowDays ?? '',
    allowChildren: s.allowChildren,
    spotSelection: s.spotSelection,
    visibility: s.kind === 'private' ? 'link' : s.visibility,
  };
}

const isWeekly = (kind: EventKind, v: Values) => kind === 'semester' || ((kind === 'class' || kind === 'private') && v.mode === 'recurring');
const isSingle = (kind: EventKind, v: Values) => (kind === 'class' || kind === 'private') && v.mode === 'single';

function toRequest(kind: EventKind, v: Values, currency: string): CreateSeries {
  const weekly = isWeekly(kind, v);
  const settings = {
    durationMin: v.durationMin === '' ? undefined : Number(v.durationMin),
    teacherId: v.teacherId,
    locationId: v.locationId,
    roomId: v.locationId ? v.roomId : null,
    online: v.online,
    videoProvider: v.online ? v.videoProvider : ('none' as const),
    videoUrl: v.online && v.videoProvider === 'none' && v.videoUrl.trim() ? v.videoUrl.trim() : null,
    capacity: v.capacity === '' ? undefined : Number(v.capacity),
    priceMinor: toMinorUnits(v.price, currency),
    salesCutoffMin: Number(v.salesCutoffMin || 0),
    bookingWindowDays: v.bookingWindowDays === '' ? null : Number(v.bookingWindowDays),
    allowChildren: v.allowChildren,
    spotSelection: v.spotSelection,
    visibility: kind === 'private' ? ('link' as const) : v.visibility,
  };
  if (weekly) {
    return {
      templateId: v.templateId!,
      kind,
      pattern: 'weekly',
      weekdays: v.weekdays.map(Number).sort((a, b) => a - b),
      startTimes: v.startTimes.filter(Boolean),
      startDate: v.startDate,
      endDate: v.endDate || null,
      weeksAhead: Number(v.weeksAhead || 8),
      ...settings,
    };
  }
  const rows = isSingle(kind, v) ? v.dates.slice(0, 1) : v.dates;
  return {
    templateId: v.templateId!,
    kind,
    pattern: 'dates',
    dates: rows.map((r) => (kind === 'retreat' ? { date: r.date, startTime: r.startTime, endDate: r.endDate, endTime: r.endTime } : { date: r.date, startTime: r.startTime })),
    ...settings,
  };
}

/** The first local date the new classes fall on: the calendar opens on its week. */
function firstDate(body: CreateSeries): string | undefined {
  if (body.pattern === 'weekly') return body.startDate;
  return [...(body.dates ?? [])].map((d) => d.date).sort()[0];
}

function KindChoice() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t('schedule.form.title')} description={t('schedule.form.chooseKind')} />
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} role="list" aria-label={t('schedule.form.kindsLabel')}>
        {eventKinds.map((kind) => (
          <div key={kind} role="listitem">
            <UnstyledButton
              component={Link}
              to={`/schedule/new?kind=${kind}`}
              aria-label={t(`schedule.kinds.${kind}.name`)}
              aria-describedby={`kind-help-${kind}`}
              display="block"
              h="100%"
            >
              <Card withBorder padding="md" h="100%">
                <Text fw={700}>{t(`schedule.kinds.${kind}.name`)}</Text>
                <Text size="sm" c="dimmed" mt={4} id={`kind-help-${kind}`}>
                  {t(`schedule.kinds.${kind}.help`)}
                </Text>
              </Card>
            </UnstyledButton>
          </div>
        ))}
      </SimpleGrid>
    </>
  );
}

function DatesFields({ form, kind }: { form: UseFormReturnType<Values>; kind: EventKind }) {
  const { t } = useTranslation();
  const values = form.getValues();
  const single = isSingle(kind, values);
  const rows = single ? values.dates.slice(0, 1) : values.dates;
  return (
    <Stack gap="xs">
      {rows.map((_, index) => (
        <Group key={index} align="flex-start" gap="xs" wrap="wrap" data-testid="date-row">
          <TextInput
            type="date"
            required
            label={rows.length > 1 ? t('schedule.fields.dateN', { n: index + 1 }) : t('schedule.fields.date')}
            {...form.getInputProps(`dates.${index}.date`)}
            style={{ flex: '1 1 140px' }}
          />
          <TextInput
            type="time"
            required
            label={t('schedule.fields.startTime')}
            {...form.getInputProps(`dates.${index}.startTime`)}
            style={{ flex: '1 1 110px' }}
          />
          {kind === 'retreat' ? (
            <>
              <TextInput
                type="date"
                required
                label={t('schedule.fields.endDate')}
                {...form.getInputProps(`dates.${index}.endDate`)}
                style={{ flex: '1 1 140px' }}
              />
              <TextInput
                type="time"
                required
                label={t('schedule.fields.endTime')}
                {...form.getInputProps(`dates.${index}.endTime`)}
                style={{ flex: '1 1 110px' }}
              />
            </>
          ) : null}
          {rows.length > 1 ? (
            <ActionIcon
              variant="subtle"
              color="red"
              size="lg"
              mt={26}
              aria-label={t('schedule.form.removeDate', { n: index + 1 })}
              onClick={() => form.removeListItem('dates', index)}
            >
              ×
            </ActionIcon>
          ) : null}
        </Group>
      ))}
      {!single && rows.length < 500 ? (
        <Button variant="subtle" size="compact-sm" leftSection={<IconPlus />} onClick={() => form.insertListItem('dates', { ...emptyRow })} style={{ alignSelf: 'flex-start' }}>
          {t('schedule.form.addDate')}
        </Button>
      ) : null}
    </Stack>
  );
}

function SeriesForm({ kind, initial }: { kind: EventKind; initial: Values }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const templates = useTemplates();
  const locations = useLocations();
  const studio = useStudio();
  const form = useForm<Values>({
    initialValues: initial,
    validate: (v) => {
      const errors: Record<string, string> = {};
      const required = t('validation.required');
      if (!v.templateId) errors['templateId'] = required;
      if (isWeekly(kind, v)) {
        if (v.weekdays.length === 0) errors['weekdays'] = t('schedule.validation.weekdays');
        v.startTimes.forEach((time, i) => {
          if (!time) errors[`startTimes.${i}`] = required;
        });
        if (!v.startDate) errors['startDate'] = required;
        if (kind === 'semester' && !v.endDate) errors['endDate'] = t('schedule.validation.semesterEnd');
        if (v.endDate && v.startDate && v.endDate < v.startDate) errors['endDate'] = t('schedule.validation.endBeforeStart');
      } else {
        const rows = isSingle(kind, v) ? v.dates.slice(0, 1) : v.dates;
        rows.forEach((row, i) => {
          if (!row.date) errors[`dates.${i}.date`] = required;
          if (!row.startTime) errors[`dates.${i}.startTime`] = required;
          if (kind === 'retreat') {
            if (!row.endDate) errors[`dates.${i}.endDate`] = required;
            if (!row.endTime) errors[`dates.${i}.endTime`] = required;
          }
        });
      }
      if (v.durationMin !== '' && !(Number(v.durationMin) >= 1)) errors['durationMin'] = t('schedule.validation.duration');
      if (v.capacity !== '' && !(Number(v.capacity) >= 1 && Number(v.capacity) <= 10_000)) errors['capacity'] = t('validation.capacity');
      return errors;
    },
  });
  const values = form.getValues();
  const weekly = isWeekly(kind, values);
  const location = locations.data?.find((l) => l.id === values.locationId);
  const timeZone = location?.timeZone ?? studio.data?.timeZone;
  const template = templates.data?.find((x) => x.id === values.templateId);

  const saver = useConflictSave<CreateSeries>(
    async (body, confirmConflicts) => {
      const result = await scheduleApi.createSeries({ ...body, confirmConflicts });
      await queryClient.invalidateQueries({ queryKey: occurrencesKey });
      notifySuccess(t('schedule.form.created', { count: result.occurrencesCreated }));
      const params = new URLSearchParams();
      const date = firstDate(body);
      if (date) params.set('date', date);
      if (body.locationId) params.set('location', body.locationId);
      void navigate(`/schedule?${params.toString()}`);
    },
    (error) => applyApiError(form, error, t, { priceMinor: 'price' }),
  );

  return (
    <form onSubmit={form.onSubmit((v) => void saver.save(toRequest(kind, v, studio.data?.currency ?? 'EUR')))} noValidate>
      <Stack gap="lg">
        <Paper withBorder p="md" component="section" aria-labelledby="what-title">
          <Title order={2} fz="lg" mb="sm" id="what-title">
            {t('schedule.form.what')}
          </Title>
          <Stack>
            <Select
              label={t('schedule.fields.template')}
              description={templates.data && templates.data.length === 0 ? t('schedule.form.noTemplates') : t('schedule.form.templateHelp')}
              required
              searchable
              data={(templates.data ?? []).map((x) => ({ value: x.id, label: x.name }))}
              {...form.getInputProps('templateId')}
              onChange={(id) => {
                form.setFieldValue('templateId', id);
                const chosen = templates.data?.find((x) => x.id === id);
                // The template's defaults; staff can still change them for this schedule.
                if (chosen) {
                  form.setFieldValue('durationMin', chosen.defaultDurationMin);
                  form.setFieldValue('capacity', chosen.defaultCapacity);
                }
              }}
            />
            {kind === 'class' || kind === 'private' ? (
              <SegmentedControl
                aria-label={t('schedule.form.repeat')}
                data={[
                  { value: 'single', label: t('schedule.form.single') },
                  { value: 'recurring', label: t('schedule.form.recurring') },
                ]}
                {...form.getInputProps('mode')}
              />
            ) : null}
          </Stack>
        </Paper>

        <Paper withBorder p="md" component="section" aria-labelledby="when-title">
          <Title order={2} fz="lg" mb={4} id="when-title">
            {t('schedule.form.when')}
          </Title>
          <Text size="sm" c="dimmed" mb="sm">
            {t(`schedule.kinds.${kind}.whenHelp`)} {timeZone ? t('schedule.form.zoneNote', { zone: timeZone }) : null}
          </Text>
          <Stack>
            {weekly ? (
              <>
                <WeekdayChips value={values.weekdays} onChange={(v) => form.setFieldValue('weekdays', v)} error={form.errors['weekdays']} />
                <StartTimes
                  value={values.startTimes}
                  onChange={(v) => form.setFieldValue('startTimes', v)}
                  errorOf={(i) => form.errors[`startTimes.${i}`]}
                />
                <SimpleGrid cols={{ base: 1, xs: 3 }}>
                  <TextInput type="date" label={t('schedule.fields.startDate')} required {...form.getInputProps('startDate')} />
                  <TextInput
                    type="date"
                    label={t('schedule.fields.endDate')}
                    description={kind === 'semester' ? undefined : t('schedule.fields.endDateHelp')}
                    required={kind === 'semester'}
                    {...form.getInputProps('endDate')}
                  />
                  <NumberInput
                    label={t('schedule.fields.weeksAhead')}
                    description={t('schedule.fields.weeksAheadHelp')}
                    min={1}
                    max={104}
                    {...form.getInputProps('weeksAhead')}
                  />
                </SimpleGrid>
              </>
            ) : (
              <DatesFields form={form} kind={kind} />
            )}
            {kind === 'retreat' ? null : (
              <NumberInput
                label={t('schedule.fields.durationMin')}
                description={template ? t('schedule.form.defaultIs', { value: template.defaultDurationMin }) : undefined}
                min={1}
                max={20160}
                maw={260}
                {...form.getInputProps('durationMin')}
              />
            )}
          </Stack>
        </Paper>

        <Paper withBorder p="md" component="section" aria-labelledby="where-title">
          <Title order={2} fz="lg" mb="sm" id="where-title">
            {t('schedule.form.where')}
          </Title>
          <Stack>
            <TeacherAndPlace form={form} />
            <Switch label={t('schedule.fields.online')} {...form.getInputProps('online', { type: 'checkbox' })} />
            {values.online ? (
              <>
                <Select
                  label={t('schedule.fields.videoProvider')}
                  allowDeselect={false}
                  data={[
                    { value: 'none', label: t('schedule.video.none') },
                    { value: 'zoom', label: t('schedule.video.zoom') },
                  ]}
                  {...form.getInputProps('videoProvider')}
                />
                {values.videoProvider === 'none' ? (
                  <TextInput type="url" label={t('schedule.fields.videoUrl')} description={t('schedule.fields.videoUrlHelp')} {...form.getInputProps('videoUrl')} />
                ) : (
                  <Text size="sm" c="dimmed">
                    {t('schedule.video.zoomHelp')}
                  </Text>
                )}
              </>
            ) : null}
          </Stack>
        </Paper>

        <Paper withBorder p="md" component="section" aria-labelledby="rules-title">
          <Title order={2} fz="lg" mb="sm" id="rules-title">
            {t('schedule.form.rules')}
          </Title>
          <Stack>
            <SimpleGrid cols={{ base: 1, xs: 2 }}>
              <NumberInput
                label={t('schedule.fields.capacity')}
                description={template ? t('schedule.form.defaultIs', { value: template.defaultCapacity }) : undefined}
                min={1}
                max={10000}
                {...form.getInputProps('capacity')}
              />
              <NumberInput
                label={t('schedule.fields.price')}
                description={t('schedule.fields.priceHelp')}
                min={0}
                decimalScale={currencyDigits(studio.data?.currency ?? 'EUR')}
                suffix={template ? ` ${template.currency}` : undefined}
                {...form.getInputProps('price')}
              />
              <NumberInput
                label={t('schedule.fields.salesCutoffMin')}
                description={t('schedule.fields.salesCutoffHelp')}
                min={0}
                max={43200}
                {...form.getInputProps('salesCutoffMin')}
              />
              <NumberInput
                label={t('schedule.fields.bookingWindowDays')}
                description={t('schedule.fields.bookingWindowHelp')}
                min={1}
                max={730}
                {...form.getInputProps('bookingWindowDays')}
              />
            </SimpleGrid>
            <Switch label={t('schedule.fields.allowChildren')} {...form.getInputProps('allowChildren', { type: 'checkbox' })} />
            <Switch
              label={t('schedule.fields.spotSelection')}
              description={t('schedule.fields.spotSelectionHelp')}
              {...form.getInputProps('spotSelection', { type: 'checkbox' })}
            />
            <Select
              label={t('schedule.fields.visibility')}
              description={kind === 'private' ? t('schedule.form.privateLink') : undefined}
              allowDeselect={false}
              disabled={kind === 'private'}
              data={(['public', 'link', 'hidden'] as const).map((v) => ({ value: v, label: t(`schedule.visibility.${v}`) }))}
              {...form.getInputProps('visibility')}
            />
          </Stack>
        </Paper>

        <SaverConflicts saver={saver} timeZone={timeZone} />
        <Group justify="flex-end">
          <Button variant="default" component={Link} to="/schedule">
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={saver.saving}>
            {t('schedule.form.submit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** `/schedule/new`: pick the event type, then schedule it; `?from=<class>` duplicates a class. */
export function NewClassPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const fromId = params.get('from');
  const requested = params.get('kind');
  const source = useOccurrence(fromId);
  const currency = useStudio().data?.currency ?? 'EUR';
  const top = useRef<HTMLDivElement>(null);
  // Braces: scrollIntoView returns a promise in current browsers, and an effect may return only its clean-up.
  useEffect(() => {
    void top.current?.scrollIntoView?.({ block: 'start' });
  }, [requested]);

  if (fromId) {
    if (!source.data) return <QueryState isPending={source.isPending} error={source.error} onRetry={() => void source.refetch()} />;
    const kind = source.data.series.kind;
    return (
      <div ref={top}>
        <PageHeader title={t('schedule.form.duplicateTitle', { name: source.data.name })} description={t(`schedule.kinds.${kind}.name`)} />
        <Alert color="blue" mb="md" role="status">
          {t('schedule.form.duplicateHelp')}
        </Alert>
        <SeriesForm kind={kind} initial={fromOccurrence(source.data, currency)} />
      </div>
    );
  }
  if (!isKind(requested)) return <KindChoice />;
  return (
    <div ref={top}>
      <PageHeader
        title={t('schedule.form.titleKind', { kind: t(`schedule.kinds.${requested}.name`) })}
        description={t(`schedule.kinds.${requested}.help`)}
        actions={
          <Button variant="subtle" component={Link} to="/schedule/new" leftSection={<IconArrowLeft />}>
            {t('schedule.form.otherKind')}
          </Button>
        }
      />
      <SeriesForm key={requested} kind={requested} initial={blank(requested)} />
    </div>
  );
}
