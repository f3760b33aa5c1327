import { ActionIcon, Button, Chip, Group, Input, Select, SimpleGrid, Stack, TextInput, type SelectProps } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { IconPlus } from '../../app/ui/icons.tsx';
import { locationsApi, roomsKey, useLocations } from '../studios/api.ts';
import { useTeachers } from './api.ts';

export const weekdayNumbers = [1, 2, 3, 4, 5, 6, 7] as const;

/** The rooms of one location (not archived); nothing until a location is chosen. */
export function useRooms(locationId: string | null | undefined) {
  return useQuery({
    queryKey: roomsKey(locationId ?? ''),
    queryFn: () => locationsApi.rooms(locationId!),
    enabled: !!locationId,
    select: (d) => d.items.filter((r) => !r.archived),
  });
}

type Picker = Omit<SelectProps, 'data' | 'value' | 'onChange'> & { value?: string | null; onChange: (value: string | null) => void };

export function TeacherSelect({ value, onChange, ...props }: Picker) {
  const { t } = useTranslation();
  const teachers = useTeachers();
  const data = (teachers.data ?? [])
    .filter((x) => x.active || x.userId === value)
    .map((x) => ({ value: x.userId, label: [x.firstName, x.lastName].filter(Boolean).join(' ') }));
  return <Select label={t('schedule.fields.teacher')} searchable clearable data={data} value={value} onChange={onChange} {...props} />;
}

export function LocationSelect({ value, onChange, ...props }: Picker) {
  const { t } = useTranslation();
  const locations = useLocations();
  const data = (locations.data ?? []).filter((l) => !l.archived || l.id === value).map((l) => ({ value: l.id, label: l.name }));
  return <Select label={t('schedule.fields.location')} clearable data={data} value={value} onChange={onChange} {...props} />;
}

export function RoomSelect({ locationId, value, onChange, ...props }: Picker & { locationId: string | null }) {
  const { t } = useTranslation();
  const rooms = useRooms(locationId);
  const data = (rooms.data ?? []).map((r) => ({ value: r.id, label: r.name }));
  return (
    <Select
      label={t('schedule.fields.room')}
      clearable
      disabled={!locationId}
      data={data}
      value={locationId ? (value ?? null) : null}
      onChange={onChange}
      {...props}
    />
  );
}

type PlaceValues = { teacherId: string | null; locationId: string | null; roomId: string | null };

/** Who teaches and where, in any form holding those three fields: choosing another location clears the room. */
export function TeacherAndPlace<V extends PlaceValues>({ form }: { form: UseFormReturnType<V> }) {
  // The fields are typed by PlaceValues; the form's own type is wider.
  const place = form as unknown as UseFormReturnType<PlaceValues>;
  return (
    <>
      <TeacherSelect {...place.getInputProps('teacherId')} />
      <SimpleGrid cols={{ base: 1, xs: 2 }}>
        <LocationSelect
          {...place.getInputProps('locationId')}
          onChange={(v) => {
            place.setFieldValue('locationId', v);
            place.setFieldValue('roomId', null);
          }}
        />
        <RoomSelect locationId={place.getValues().locationId} {...place.getInputProps('roomId')} />
      </SimpleGrid>
    </>
  );
}

/** ISO weekdays (1 = Monday) as chips, named in the UI language. */
export function WeekdayChips({ value, onChange, error, label }: { value: string[]; onChange: (v: string[]) => void; error?: unknown; label?: string }) {
  const { t } = useTranslation();
  return (
    <Input.Wrapper label={label ?? t('schedule.fields.weekdays')} error={error as string | undefined} required>
      <Chip.Group multiple value={value} onChange={onChange}>
        <Group gap={6} mt={4} role="group" aria-label={label ?? t('schedule.fields.weekdays')}>
          {weekdayNumbers.map((d) => (
            <Chip key={d} value={String(d)} size="sm">
              {t(`schedule.weekdays.${d}`)}
            </Chip>
          ))}
        </Group>
      </Chip.Group>
    </Input.Wrapper>
  );
}

/** One or more local start times (`HH:MM`). */
export function StartTimes({
  value,
  onChange,
  errorOf,
}: {
  value: string[];
  onChange: (v: string[]) => void;
  errorOf: (index: number) => unknown;
}) {
  const { t } = useTranslation();
  return (
    <Stack gap={6}>
      {value.map((time, index) => (
        <Group key={index} gap="xs" align="flex-end" wrap="nowrap">
          <TextInput
            type="time"
            required
            label={value.length > 1 ? t('schedule.fields.startTimeN', { n: index + 1 }) : t('schedule.fields.startTime')}
            value={time}
            onChange={(e) => onChange(value.map((v, i) => (i === index ? e.currentTarget.value : v)))}
            error={errorOf(index) as string | undefined}
            style={{ flex: 1 }}
          />
          {value.length > 1 ? (
            <ActionIcon
              variant="subtle"
              color="red"
              size="lg"
              mb={2}
              aria-label={t('schedule.form.removeTime', { n: index + 1 })}
              onClick={() => onChange(value.filter((_, i) => i !== index))}
            >
              ×
            </ActionIcon>
          ) : null}
        </Group>
      ))}
      {value.length < 12 ? (
        <Button variant="subtle" size="compact-sm" leftSection={<IconPlus />} onClick={() => onChange([...value, ''])} style={{ alignSelf: 'flex-start' }}>
          {t('schedule.form.addTime')}
        </Button>
      ) : null}
    </Stack>
  );
}
