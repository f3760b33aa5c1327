import {
  ActionIcon,
  Badge,
  Button,
  Card,
  Group,
  Menu,
  Modal,
  NumberInput,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmModal } from '../../../app/ui/ConfirmModal.tsx';
import { DataTable, type Column } from '../../../app/ui/DataTable.tsx';
import { IconDots, IconMapPin, IconPlus } from '../../../app/ui/icons.tsx';
import { PageHeader } from '../../../app/ui/PageHeader.tsx';
import { QueryState } from '../../../app/ui/QueryState.tsx';
import { locationsApi, locationsKey, roomsKey, useLocations, useStudio } from '../../../features/studios/api.ts';
import { TimeZoneSelect } from '../../../features/studios/TimeZoneSelect.tsx';
import type { LocationDto, RoomDto } from '../../../lib/contracts.ts';
import { applyApiError, notifyError, notifySuccess } from '../../../lib/errors.ts';
import { countryName } from '../../../lib/intl.ts';
import { useCan } from '../session.tsx';
import { FormActions } from '../../../app/ui/FormActions.tsx';
import { SpotMapEditor } from '../../../features/rooms/SpotMapEditor.tsx';

interface LocationValues {
  name: string;
  addressLine1: string;
  addressLine2: string;
  postalCode: string;
  city: string;
  region: string;
  country: string;
  timeZone: string;
}

function LocationModal({
  location,
  defaultTimeZone,
  opened,
  onClose,
}: {
  location: LocationDto | null;
  defaultTimeZone: string;
  opened: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const form = useForm<LocationValues>({
    initialValues: {
      name: location?.name ?? '',
      addressLine1: location?.addressLine1 ?? '',
      addressLine2: location?.addressLine2 ?? '',
      postalCode: location?.postalCode ?? '',
      city: location?.city ?? '',
      region: location?.region ?? '',
      country: location?.country ?? '',
      timeZone: location?.timeZone ?? defaultTimeZone,
    },
    validate: {
      name: (v) => (v.trim() ? null : t('validation.required')),
      country: (v) => (/^([A-Za-z]{2})?$/.test(v.trim()) ? null : t('validation.country')),
      timeZone: (v) => (v ? null : t('validation.required')),
    },
  });
  const submit = form.onSubmit(async (values) => {
    const body = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, k === 'country' ? v.trim().toUpperCase() : v.trim()]));
    try {
      if (location) await locationsApi.update(location.id, body);
      else await locationsApi.create(body as LocationValues);
      await queryClient.invalidateQueries({ queryKey: locationsKey });
      notifySuccess(location ? t('common.saved') : t('locations.added', { name: values.name.trim() }));
      onClose();
    } catch (error) {
      applyApiError(form, error, t);
    }
  });
  return (
    <Modal opened={opened} onClose={onClose} title={location ? t('locations.edit') : t('locations.add')} size="lg">
      <form onSubmit={submit} noValidate>
        <Stack>
          <TextInput label={t('fields.locationName')} required data-autofocus {...form.getInputProps('name')} />
          <TextInput label={t('fields.addressLine1')} autoComplete="address-line1" {...form.getInputProps('addressLine1')} />
          <TextInput label={t('fields.addressLine2')} autoComplete="address-line2" {...form.getInputProps('addressLine2')} />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label={t('fields.postalCode')} autoComplete="postal-code" {...form.getInputProps('postalCode')} />
            <TextInput label={t('fields.city')} autoComplete="address-level2" {...form.getInputProps('city')} />
            <TextInput label={t('fields.region')} autoComplete="address-level1" {...form.getInputProps('region')} />
            <TextInput
              label={t('fields.country')}
              description={t('locations.countryHelp')}
              maxLength={2}
              autoComplete="country"
              {...form.getInputProps('country')}
              onChange={(e) => form.setFieldValue('country', e.currentTarget.value.toUpperCase())}
            />
          </SimpleGrid>
          <TimeZoneSelect required description={t('locations.timeZoneHelp')} {...form.getInputProps('timeZone')} />
          <FormActions onCancel={onClose} submitLabel={location ? t('common.save') : t('locations.add')} loading={form.submitting} />
        </Stack>
      </form>
    </Modal>
  );
}

function RoomModal({
  locationId,
  room,
  opened,
  onClose,
}: {
  locationId: string;
  room: RoomDto | null;
  opened: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const form = useForm<{ name: string; capacity: number | string }>({
    initialValues: { name: room?.name ?? '', capacity: room?.capacity ?? 20 },
    validate: {
      name: (v) => (v.trim() ? null : t('validation.required')),
      capacity: (v) => (Number.isInteger(Number(v)) && Number(v) >= 1 && Number(v) <= 10_000 ? null : t('validation.capacity')),
    },
  });
  const submit = form.onSubmit(async (values) => {
    const body = { name: values.name.trim(), capacity: Number(values.capacity) };
    try {
      if (room) await locationsApi.updateRoom(room.id, body);
      else await locationsApi.createRoom(locationId, body);
      await queryClient.invalidateQueries({ queryKey: roomsKey(locationId) });
      void queryClient.invalidateQueries({ queryKey: locationsKey, exact: true });
      notifySuccess(room ? t('common.saved') : t('rooms.added', { name: body.name }));
      onClose();
    } catch (error) {
      applyApiError(form, error, t);
    }
  });
  return (
    <Modal opened={opened} onClose={onClose} title={room ? t('rooms.edit') : t('rooms.add')}>
      <form onSubmit={submit} noValidate>
        <Stack>
          <TextInput label={t('fields.roomName')} required data-autofocus {...form.getInputProps('name')} />
          <NumberInput label={t('fields.capacity')} min={1} max={10_000} allowDecimal={false} required {...form.getInputProps('capacity')} />
          <FormActions onCancel={onClose} submitLabel={room ? t('common.save') : t('rooms.add')} loading={form.submitting} />
        </Stack>
      </form>
    </Modal>
  );
}

function Rooms({ location, canWrite, showArchived }: { location: LocationDto; canWrite: boolean; showArchived: boolean }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const rooms = useQuery({ queryKey: roomsKey(location.id), queryFn: () => locationsApi.rooms(location.id), select: (d) => d.items });
  const [editing, setEditing] = useState<RoomDto | 'new' | null>(null);
  const [mapping, setMapping] = useState<RoomDto | null>(null);

  const toggleArchived = async (room: RoomDto) => {
    try {
      if (room.archived) await locationsApi.unarchiveRoom(room.id);
      else await locationsApi.archiveRoom(room.id);
      await queryClient.invalidateQueries({ queryKey: roomsKey(location.id) });
      void queryClient.invalidateQueries({ queryKey: locationsKey, exact: true });
      notifySuccess(room.archived ? t('rooms.restored', { name: room.name }) : t('rooms.archived', { name: room.name }));
    } catch (error) {
      notifyError(error, t);
    }
  };

  const visible = (rooms.data ?? []).filter((r) => showArchived || !r.archived);
  const columns: Column<RoomDto>[] = [
    {
      key: 'name',
      header: t('fields.roomName'),
      primary: true,
      render: (r) => (
        <Group gap={6}>
          <span>{r.name}</span>
          {r.archived ? (
            <Badge color="gray" variant="dot" size="sm">
              {t('common.archived')}
            </Badge>
          ) : null}
        </Group>
      ),
    },
    { key: 'capacity', header: t('fields.capacity'), render: (r) => String(r.capacity) },
    { key: 'spots', header: t('spotMap.spots'), render: (r) => (r.spotMap ? String(r.spotCount) : '—') },
  ];
  return (
    <Stack gap="xs" mt="md">
      <Group justify="space-between">
        <Title order={3} fz="md">
          {t('rooms.title')}
        </Title>
        {canWrite && !location.archived ? (
          <Button size="xs" variant="light" leftSection={<IconPlus size={14} />} onClick={() => setEditing('new')}>
            {t('rooms.add')}
          </Button>
        ) : null}
      </Group>
      <QueryState isPending={rooms.isPending} error={rooms.error} />
      {rooms.data && visible.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('rooms.empty')}
        </Text>
      ) : null}
      {visible.length > 0 ? (
        <DataTable
          rows={visible}
          columns={columns}
          rowKey={(r) => r.id}
          label={t('rooms.tableLabel', { location: location.name })}
          minWidth={320}
          actionsLabel={t('common.actions')}
          actions={
            canWrite
              ? (r) => (
                  <Group gap={4} wrap="nowrap">
                    {!r.archived ? (
                      <Button size="compact-sm" variant="subtle" onClick={() => setEditing(r)} aria-label={t('rooms.editNamed', { name: r.name })}>
                        {t('common.edit')}
                      </Button>
                    ) : null}
                    {!r.archived ? (
                      <Button size="compact-sm" variant="subtle" onClick={() => setMapping(r)} aria-label={t('spotMap.buttonNamed', { name: r.name })}>
                        {t('spotMap.button')}
                      </Button>
                    ) : null}
                    <Button
                      size="compact-sm"
                      variant="subtle"
                      color={r.archived ? undefined : 'red'}
                      onClick={() => void toggleArchived(r)}
                      aria-label={r.archived ? t('rooms.restoreNamed', { name: r.name }) : t('rooms.archiveNamed', { name: r.name })}
                    >
                      {r.archived ? t('common.restore') : t('common.archive')}
                    </Button>
                  </Group>
                )
              : undefined
          }
        />
      ) : null}
      {editing ? (
        <RoomModal
          key={editing === 'new' ? 'new' : editing.id}
          locationId={location.id}
          room={editing === 'new' ? null : editing}
          opened
          onClose={() => setEditing(null)}
        />
      ) : null}
      {mapping ? <SpotMapEditor key={mapping.id} room={mapping} onClose={() => setMapping(null)} /> : null}
    </Stack>
  );
}

function address(l: LocationDto): string {
  return [l.addressLine1, l.addressLine2, [l.postalCode, l.city].filter(Boolean).join(' '), l.region, countryName(l.country)]
    .filter(Boolean)
    .join(', ');
}

export function LocationsPage() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const canWrite = useCan('locations:write');
  const studio = useStudio(useCan('studio:read'));
  const locations = useLocations();
  const [editing, setEditing] = useState<LocationDto | 'new' | null>(null);
  const [archiving, setArchiving] = useState<LocationDto | null>(null);
  const [busy, setBusy] = useState(false);
  const [showArchived, setShowArchived] = useState(false);

  const setArchived = async (location: LocationDto, archived: boolean) => {
    setBusy(true);
    try {
      if (archived) await locationsApi.archive(location.id);
      else await locationsApi.unarchive(location.id);
      await queryClient.invalidateQueries({ queryKey: locationsKey });
      notifySuccess(archived ? t('locations.archived', { name: location.name }) : t('locations.restored', { name: location.name }));
      setArchiving(null);
    } catch (error) {
      notifyError(error, t);
    } finally {
      setBusy(false);
    }
  };

  const all = locations.data ?? [];
  const visible = all.filter((l) => showArchived || !l.archived);
  const archivedCount = all.filter((l) => l.archived).length;

  return (
    <>
      <PageHeader
        title={t('locations.title')}
        description={t('locations.description')}
        actions={
          canWrite ? (
            <Button leftSection={<IconPlus />} onClick={() => setEditing('new')}>
              {t('locations.add')}
            </Button>
          ) : null
        }
      />
      <QueryState isPending={locations.isPending} error={locations.error} onRetry={() => void locations.refetch()} />
      {archivedCount > 0 ? (
        <Switch
          mb="md"
          label={t('locations.showArchived', { count: archivedCount })}
          checked={showArchived}
          onChange={(e) => setShowArchived(e.currentTarget.checked)}
        />
      ) : null}
      {locations.data && visible.length === 0 ? (
        <Text c="dimmed" role="status">
          {t('locations.empty')}
        </Text>
      ) : null}
      <Stack gap="lg">
        {visible.map((location) => (
          <Card key={location.id} withBorder radius="md" padding="lg" component="section" aria-label={location.name} data-testid="location-card">
            <Group justify="space-between" align="flex-start" wrap="nowrap">
              <Stack gap={4} style={{ minWidth: 0 }}>
                <Group gap="xs">
                  <Title order={2} fz="lg" className="enso-break">
                    {location.name}
                  </Title>
                  {location.archived ? (
                    <Badge color="gray" variant="dot">
                      {t('common.archived')}
                    </Badge>
                  ) : null}
                </Group>
                {address(location) ? (
                  <Group gap={4} wrap="nowrap" c="dimmed">
                    <IconMapPin size={14} />
                    <Text size="sm" className="enso-break">
                      {address(location)}
                    </Text>
                  </Group>
                ) : null}
                <Text size="sm">
                  {t('common.labelColon', { label: t('fields.timeZone') })} <strong>{location.timeZone}</strong>
                </Text>
              </Stack>
              {canWrite ? (
                <Menu position="bottom-end" withinPortal>
                  <Menu.Target>
                    <ActionIcon variant="subtle" color="gray" size="lg" aria-label={t('locations.actionsFor', { name: location.name })}>
                      <IconDots />
                    </ActionIcon>
                  </Menu.Target>
                  <Menu.Dropdown>
                    <Menu.Item onClick={() => setEditing(location)}>{t('common.edit')}</Menu.Item>
                    {location.archived ? (
                      <Menu.Item onClick={() => void setArchived(location, false)}>{t('common.restore')}</Menu.Item>
                    ) : (
                      <Menu.Item color="red" onClick={() => setArchiving(location)}>
                        {t('common.archive')}
                      </Menu.Item>
                    )}
                  </Menu.Dropdown>
                </Menu>
              ) : null}
            </Group>
            <Rooms location={location} canWrite={canWrite} showArchived={showArchived} />
          </Card>
        ))}
      </Stack>
      {editing ? (
        <LocationModal
          key={editing === 'new' ? 'new' : editing.id}
          location={editing === 'new' ? null : editing}
          defaultTimeZone={studio.data?.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone}
          opened
          onClose={() => setEditing(null)}
        />
      ) : null}
      <ConfirmModal
        opened={!!archiving}
        title={t('locations.archiveTitle')}
        message={t('locations.archiveConfirm', { name: archiving?.name ?? '' })}
        confirmLabel={t('common.archive')}
        danger
        loading={busy}
        onConfirm={() => archiving && void setArchived(archiving, true)}
        onClose={() => setArchiving(null)}
      />
    </>
  );
}
