import { Alert, Button, Group, List, Modal, NumberInput, Select, SimpleGrid, Stack, Switch, Text, TextInput, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormActions } from '../../app/ui/FormActions.tsx';
import { applyApiError, notifyError, notifySuccess } from '../../lib/errors.ts';
import { currencyDigits, formatInZone, fromMinorUnits, toMinorUnits } from '../../lib/format.ts';
import { useStudio } from '../studios/api.ts';
import { occurrencesKey, scheduleApi, type EditFollowing, type EditFollowingResult, type OccurrenceDetailDto, type UpdateOccurrence, type Visibility } from './api.ts';
import { SaverConflicts } from './ConflictAlert.tsx';
import { StartTimes, TeacherAndPlace, TeacherSelect, WeekdayChips } from './fields.tsx';
import { useConflictSave } from './useConflictSave.ts';

interface DialogProps {
  occurrence: OccurrenceDetailDto;
  onClose: () => void;
}

const minutesBetween = (from: string, to: string) => Math.round((new Date(to).getTime() - new Date(from).getTime()) / 60_000);

function useRefresh() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: occurrencesKey });
}

/** "Edit this class": one occurrence's date, time, teacher, place and capacity. */
export function EditOccurrenceModal({ occurrence: o, onClose }: DialogProps) {
  const { t } = useTranslation();
  const refresh = useRefresh();
  const initial = {
    date: o.localDate,
    startTime: o.startTime,
    durationMin: minutesBetween(o.startsAt, o.endsAt) as number | string,
    teacherId: o.teacherId,
    locationId: o.locationId,
    roomId: o.roomId,
    capacity: o.capacity as number | string,
    online: o.online,
    videoUrl: o.videoUrl ?? '',
  };
  const form = useForm({
    initialValues: initial,
    validate: {
      date: (v) => (v ? null : t('validation.required')),
      startTime: (v) => (v ? null : t('validation.required')),
      durationMin: (v) => (Number(v) >= 1 ? null : t('schedule.validation.duration')),
      capacity: (v) => (Number(v) >= 1 && Number(v) <= 10_000 ? null : t('validation.capacity')),
    },
  });
  const saver = useConflictSave<UpdateOccurrence>(
    async (body, confirmConflicts) => {
      await scheduleApi.update(o.id, { ...body, confirmConflicts });
      await refresh();
      notifySuccess(t('schedule.edit.saved'));
      onClose();
    },
    (error) => applyApiError(form, error, t),
  );
  const submit = form.onSubmit((v) => {
    const body: UpdateOccurrence = {};
    if (v.date !== initial.date) body.date = v.date;
    if (v.startTime !== initial.startTime) body.startTime = v.startTime;
    if (Number(v.durationMin) !== initial.durationMin) body.durationMin = Number(v.durationMin);
    if (v.teacherId !== initial.teacherId) body.teacherId = v.teacherId;
    if (v.locationId !== initial.locationId) body.locationId = v.locationId;
    if (v.roomId !== initial.roomId || v.locationId !== initial.locationId) body.roomId = v.locationId ? v.roomId : null;
    if (Number(v.capacity) !== initial.capacity) body.capacity = Number(v.capacity);
    if (v.online !== initial.online) body.online = v.online;
    if (v.videoUrl.trim() !== initial.videoUrl) body.videoUrl = v.videoUrl.trim() || null;
    if (Object.keys(body).length === 0) {
      onClose();
      return;
    }
    void saver.save(body);
  });
  const values = form.getValues();
  return (
    <Modal opened onClose={onClose} title={t('schedule.edit.oneTitle')} size="lg">
      <form onSubmit={submit} noValidate>
        <Stack>
          <Text size="sm" c="dimmed">
            {t('schedule.edit.oneHelp', { zone: o.timeZone })}
          </Text>
          <SimpleGrid cols={{ base: 1, xs: 3 }}>
            <TextInput type="date" label={t('schedule.fields.date')} required {...form.getInputProps('date')} />
            <TextInput type="time" label={t('schedule.fields.startTime')} required {...form.getInputProps('startTime')} />
            <NumberInput label={t('schedule.fields.durationMin')} min={1} max={20160} required {...form.getInputProps('durationMin')} />
          </SimpleGrid>
          <TeacherAndPlace form={form} />
          <NumberInput label={t('schedule.fields.capacity')} min={1} max={10000} required {...form.getInputProps('capacity')} />
          <Switch label={t('schedule.fields.online')} {...form.getInputProps('online', { type: 'checkbox' })} />
          {values.online ? <TextInput type="url" label={t('schedule.fields.videoUrl')} description={t('schedule.fields.videoUrlHelp')} {...form.getInputProps('videoUrl')} /> : null}
          <SaverConflicts saver={saver} timeZone={o.timeZone} />
          <FormActions onCancel={onClose} submitLabel={t('common.save')} loading={saver.saving} />
        </Stack>
      </form>
    </Modal>
  );
}

/** "Edit this and following": the series splits here; booked classes on dropped weekdays are kept and listed. */
export function EditFollowingModal({ occurrence: o, onClose }: DialogProps) {
  const { t } = useTranslation();
  const refresh = useRefresh();
  const s = o.series;
  const currency = useStudio().data?.currency ?? 'EUR';
  const [result, setResult] = useState<EditFollowingResult | null>(null);
  const initial = {
    weekdays: s.weekdays.map(String),
    startTimes: s.startTimes,
    durationMin: s.durationMin as number | string,
    endDate: s.endDate ?? '',
    teacherId: s.teacherId,
    locationId: s.locationId,
    roomId: s.roomId,
    capacity: s.capacity as number | string,
    price: fromMinorUnits(s.priceMinor, currency) as number | string,
    salesCutoffMin: s.salesCutoffMin as number | string,
    bookingWindowDays: (s.bookingWindowDays ?? '') as number | string,
    allowChildren: s.allowChildren,
    spotSelection: s.spotSelection,
    visibility: s.visibility as string,
  };
  const form = useForm({
    initialValues: initial,
    validate: (v) => {
      const errors: Record<string, string> = {};
      if (v.weekdays.length === 0) errors['weekdays'] = t('schedule.validation.weekdays');
      v.startTimes.forEach((time, i) => {
        if (!time) errors[`startTimes.${i}`] = t('validation.required');
      });
      if (!(Number(v.durationMin) >= 1)) errors['durationMin'] = t('schedule.validation.duration');
      if (!(Number(v.capacity) >= 1 && Number(v.capacity) <= 10_000)) errors['capacity'] = t('validation.capacity');
      if (!v.endDate && s.kind === 'semester') errors['endDate'] = t('schedule.validation.semesterEnd');
      return errors;
    },
  });
  const saver = useConflictSave<EditFollowing>(
    async (body, confirmConflicts) => {
      const done = await scheduleApi.editFollowing(o.id, { ...body, confirmConflicts });
      await refresh();
      setResult(done);
    },
    (error) => applyApiError(form, error, t, { priceMinor: 'price' }),
  );
  const submit = form.onSubmit((v) => {
    const body: EditFollowing = {};
    const weekdays = v.weekdays.map(Number).sort((a, b) => a - b);
    if (weekdays.join() !== [...s.weekdays].sort((a, b) => a - b).join()) body.weekdays = weekdays;
    const times = v.startTimes.filter(Boolean);
    if (times.join() !== s.startTimes.join()) body.startTimes = times;
    if (Number(v.durationMin) !== s.durationMin) body.durationMin = Number(v.durationMin);
    if ((v.endDate || null) !== s.endDate) body.endDate = v.endDate || null;
    if (v.teacherId !== s.teacherId) body.teacherId = v.teacherId;
    if (v.locationId !== s.locationId) body.locationId = v.locationId;
    if (v.roomId !== s.roomId || v.locationId !== s.locationId) body.roomId = v.locationId ? v.roomId : null;
    if (Number(v.capacity) !== s.capacity) body.capacity = Number(v.capacity);
    if (toMinorUnits(v.price, currency) !== s.priceMinor) body.priceMinor = toMinorUnits(v.price, currency);
    if (Number(v.salesCutoffMin || 0) !== s.salesCutoffMin) body.salesCutoffMin = Number(v.salesCutoffMin || 0);
    const window = v.bookingWindowDays === '' ? null : Number(v.bookingWindowDays);
    if (window !== s.bookingWindowDays) body.bookingWindowDays = window;
    if (v.allowChildren !== s.allowChildren) body.allowChildren = v.allowChildren;
    if (v.spotSelection !== s.spotSelection) body.spotSelection = v.spotSelection;
    if (v.visibility !== s.visibility) body.visibility = v.visibility as Visibility;
    if (Object.keys(body).length === 0) {
      onClose();
      return;
    }
    void saver.save(body);
  });

  if (result) {
    return (
      <Modal opened onClose={onClose} title={t('schedule.following.title')} size="lg">
        <Stack>
          <Alert color="teal" role="status">
            {t('schedule.following.updated', { count: result.updated })}
          </Alert>
          {result.kept.length > 0 ? (
            <Alert color="orange" title={t('schedule.following.keptTitle')} data-testid="kept-classes">
              <Text size="sm" mb="xs">
                {t('schedule.following.keptHelp')}
              </Text>
              <List size="sm">
                {result.kept.map((k) => (
                  <List.Item key={k.id}>
                    {formatInZone(k.startsAt, k.timeZone, { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' })} ·{' '}
                    {t('schedule.booked', { booked: k.bookedCount, capacity: k.capacity })}
                  </List.Item>
                ))}
              </List>
            </Alert>
          ) : null}
          <Group justify="flex-end">
            <Button onClick={onClose}>{t('common.done')}</Button>
          </Group>
        </Stack>
      </Modal>
    );
  }

  const values = form.getValues();
  return (
    <Modal opened onClose={onClose} title={t('schedule.following.title')} size="lg">
      <form onSubmit={submit} noValidate>
        <Stack>
          <Text size="sm" c="dimmed">
            {t('schedule.following.help', { date: formatInZone(o.startsAt, o.timeZone, { dateStyle: 'medium' }), zone: o.timeZone })}
          </Text>
          <WeekdayChips value={values.weekdays} onChange={(v) => form.setFieldValue('weekdays', v)} error={form.errors['weekdays']} />
          <StartTimes value={values.startTimes} onChange={(v) => form.setFieldValue('startTimes', v)} errorOf={(i) => form.errors[`startTimes.${i}`]} />
          <SimpleGrid cols={{ base: 1, xs: 2 }}>
            <NumberInput label={t('schedule.fields.durationMin')} min={1} max={20160} required {...form.getInputProps('durationMin')} />
            <TextInput type="date" label={t('schedule.fields.endDate')} required={s.kind === 'semester'} {...form.getInputProps('endDate')} />
          </SimpleGrid>
          <TeacherAndPlace form={form} />
          <SimpleGrid cols={{ base: 1, xs: 2 }}>
            <NumberInput label={t('schedule.fields.capacity')} min={1} max={10000} required {...form.getInputProps('capacity')} />
            <NumberInput label={t('schedule.fields.price')} description={t('schedule.fields.priceHelp')} min={0} decimalScale={currencyDigits(currency)} {...form.getInputProps('price')} />
            <NumberInput label={t('schedule.fields.salesCutoffMin')} description={t('schedule.fields.salesCutoffHelp')} min={0} max={43200} {...form.getInputProps('salesCutoffMin')} />
            <NumberInput label={t('schedule.fields.bookingWindowDays')} description={t('schedule.fields.bookingWindowHelp')} min={1} max={730} {...form.getInputProps('bookingWindowDays')} />
          </SimpleGrid>
          <Switch label={t('schedule.fields.allowChildren')} {...form.getInputProps('allowChildren', { type: 'checkbox' })} />
          <Switch label={t('schedule.fields.spotSelection')} {...form.getInputProps('spotSelection', { type: 'checkbox' })} />
          <Select
            label={t('schedule.fields.visibility')}
            allowDeselect={false}
            disabled={s.kind === 'private'}
            data={(['public', 'link', 'hidden'] as const).map((v) => ({ value: v, label: t(`schedule.visibility.${v}`) }))}
            {...form.getInputProps('visibility')}
          />
          <SaverConflicts saver={saver} timeZone={o.timeZone} />
          <FormActions onCancel={onClose} submitLabel={t('schedule.following.submit')} loading={saver.saving} />
        </Stack>
      </form>
    </Modal>
  );
}

/** Another teacher for this one class; the series keeps its own teacher. */
export function SubstituteModal({ occurrence: o, onClose }: DialogProps) {
  const { t } = useTranslation();
  const refresh = useRefresh();
  const form = useForm({
    initialValues: { teacherId: null as string | null },
    validate: { teacherId: (v) => (v ? null : t('validation.required')) },
  });
  const saver = useConflictSave<string>(
    async (teacherId, confirmConflicts) => {
      await scheduleApi.substitute(o.id, { teacherId, confirmConflicts });
      await refresh();
      notifySuccess(t('schedule.substitute.done'));
      onClose();
    },
    (error) => applyApiError(form, error, t),
  );
  return (
    <Modal opened onClose={onClose} title={t('schedule.substitute.title')}>
      <form onSubmit={form.onSubmit((v) => void saver.save(v.teacherId!))} noValidate>
        <Stack>
          <Text size="sm">{t('schedule.substitute.help', { name: o.teacherName ?? t('schedule.noTeacher') })}</Text>
          <TeacherSelect label={t('schedule.substitute.teacher')} required data-autofocus {...form.getInputProps('teacherId')} />
          <SaverConflicts saver={saver} timeZone={o.timeZone} />
          <FormActions onCancel={onClose} submitLabel={t('schedule.substitute.submit')} loading={saver.saving} />
        </Stack>
      </form>
    </Modal>
  );
}

/** Cancels one class with an optional note to its customers (booking and messaging act on the event). */
export function CancelModal({ occurrence: o, onClose }: DialogProps) {
  const { t } = useTranslation();
  const refresh = useRefresh();
  const [note, setNote] = useState('');
  const [saving, setSaving] = useState(false);
  const cancel = async () => {
    setSaving(true);
    try {
      await scheduleApi.cancel(o.id, { note: note.trim() });
      await refresh();
      notifySuccess(t('schedule.cancel.done'));
      onClose();
    } catch (error) {
      notifyError(error, t);
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal opened onClose={onClose} title={t('schedule.cancel.title')}>
      <Stack>
        <Text size="sm">
          {t('schedule.cancel.message', {
            name: o.name,
            when: formatInZone(o.startsAt, o.timeZone, { weekday: 'long', day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit' }),
          })}
        </Text>
        <Textarea
          label={t('schedule.cancel.note')}
          description={t('schedule.cancel.noteHelp')}
          autosize
          minRows={3}
          maxLength={2000}
          value={note}
          onChange={(e) => setNote(e.currentTarget.value)}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('schedule.cancel.keep')}
          </Button>
          <Button color="red" loading={saving} onClick={() => void cancel()}>
            {t('schedule.cancel.submit')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/** Deletes a class nobody booked; with bookings it explains why not and offers to cancel instead. */
export function DeleteModal({ occurrence: o, onClose, onDeleted, onCancelInstead }: DialogProps & { onDeleted: () => void; onCancelInstead: () => void }) {
  const { t } = useTranslation();
  const refresh = useRefresh();
  const [saving, setSaving] = useState(false);
  const remove = async () => {
    setSaving(true);
    try {
      await scheduleApi.remove(o.id);
      await refresh();
      notifySuccess(t('schedule.delete.done'));
      onDeleted();
    } catch (error) {
      notifyError(error, t);
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal opened onClose={onClose} title={t('schedule.delete.title')}>
      <Stack>
        {o.canDelete ? (
          <Text size="sm">{t('schedule.delete.message', { name: o.name })}</Text>
        ) : (
          <Alert color="orange" role="status">
            {t('schedule.delete.hasBookings', { count: o.bookedCount })}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          {o.canDelete ? (
            <Button color="red" loading={saving} onClick={() => void remove()}>
              {t('schedule.delete.submit')}
            </Button>
          ) : o.status === 'scheduled' ? (
            <Button color="red" onClick={onCancelInstead}>
              {t('schedule.delete.cancelInstead')}
            </Button>
          ) : null}
        </Group>
      </Stack>
    </Modal>
  );
}

/** Another date for an irregular series (a course, a workshop, a retreat), taught like the others. */
export function AddDateModal({ occurrence: o, onClose }: DialogProps) {
  const { t } = useTranslation();
  const refresh = useRefresh();
  const retreat = o.kind === 'retreat';
  const form = useForm({
    initialValues: { date: '', startTime: o.startTime, endDate: '', endTime: o.endTime },
    validate: {
      date: (v) => (v ? null : t('validation.required')),
      startTime: (v) => (v ? null : t('validation.required')),
      endDate: (v) => (retreat && !v ? t('validation.required') : null),
      endTime: (v) => (retreat && !v ? t('validation.required') : null),
    },
  });
  const saver = useConflictSave<typeof form.values>(
    async (v, confirmConflicts) => {
      await scheduleApi.addDate(o.seriesId, {
        date: v.date,
        startTime: v.startTime,
        ...(retreat ? { endDate: v.endDate, endTime: v.endTime } : {}),
        confirmConflicts,
      });
      await refresh();
      notifySuccess(t('schedule.addDate.done'));
      onClose();
    },
    (error) => applyApiError(form, error, t),
  );
  return (
    <Modal opened onClose={onClose} title={t('schedule.addDate.title')}>
      <form onSubmit={form.onSubmit((v) => void saver.save(v))} noValidate>
        <Stack>
          <Text size="sm" c="dimmed">
            {t('schedule.addDate.help', { zone: o.timeZone })}
          </Text>
          <SimpleGrid cols={{ base: 1, xs: 2 }}>
            <TextInput type="date" label={t('schedule.fields.date')} required data-autofocus {...form.getInputProps('date')} />
            <TextInput type="time" label={t('schedule.fields.startTime')} required {...form.getInputProps('startTime')} />
            {retreat ? (
              <>
                <TextInput type="date" label={t('schedule.fields.endDate')} required {...form.getInputProps('endDate')} />
                <TextInput type="time" label={t('schedule.fields.endTime')} required {...form.getInputProps('endTime')} />
              </>
            ) : null}
          </SimpleGrid>
          <SaverConflicts saver={saver} timeZone={o.timeZone} />
          <FormActions onCancel={onClose} submitLabel={t('schedule.addDate.submit')} loading={saver.saving} />
        </Stack>
      </form>
    </Modal>
  );
}
