import { Alert, Box, Button, Center, Container, Group, Paper, SimpleGrid, Stack, Text, TextInput, ThemeIcon, Title, UnstyledButton } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useApplyBrand } from '../../app/brand.tsx';
import { LanguageSwitch } from '../../app/ui/LanguageSwitch.tsx';
import { QueryState } from '../../app/ui/QueryState.tsx';
import { IconArrowLeft, IconCheck, IconKey, IconMapPin } from '../../app/ui/icons.tsx';
import { kioskApi, kioskTodayKey, type KioskCheckInResultDto, type KioskTodayDto } from '../../features/booking/customer/api.ts';
import { bookingErrorMessage } from '../../features/booking/customer/errors.ts';
import { useLocations, useStudio } from '../../features/studios/api.ts';
import { formatInZone } from '../../lib/format.ts';
import { useCan } from '../staff/session.tsx';

type KioskClass = KioskTodayDto['classes'][number];
type Attendee = KioskClass['attendees'][number];

/** How long the confirmation stays before the kiosk goes back to today's classes. */
const confirmationMs = 8_000;

function useNow(everyMs: number): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}

function KioskFrame({ title, zone, children }: { title: string; zone?: string | undefined; children: React.ReactNode }) {
  const { t } = useTranslation();
  const studio = useStudio(useCan('studio:read'));
  useApplyBrand(studio.data);
  const now = useNow(30_000);
  return (
    <Box mih="100dvh" bg="gray.0">
      <Box component="header" bg="brand.8" c="white" px={{ base: 'md', sm: 'xl' }} py="md">
        <Group justify="space-between" wrap="nowrap" gap="sm">
          <Stack gap={0} style={{ minWidth: 0 }}>
            <Text fw={800} fz={{ base: 'lg', sm: 26 }} className="enso-break" data-testid="kiosk-title">
              {title}
            </Text>
            <Text fz={{ base: 'sm', sm: 'md' }} data-testid="kiosk-clock">
              {formatInZone(now, zone, { weekday: 'long', day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit' })}
            </Text>
          </Stack>
          <Group gap="xs" wrap="nowrap">
            <Text size="sm" visibleFrom="sm">
              {t('kiosk.selfCheckIn')}
            </Text>
            <LanguageSwitch inverted />
          </Group>
        </Group>
      </Box>
      <Container size="lg" px={{ base: 'sm', sm: 'xl' }} py={{ base: 'md', sm: 'xl' }} component="main">
        {children}
      </Container>
    </Box>
  );
}

/** `/kiosk`: which location this device stands in. */
export function KioskLocationsPage() {
  const { t } = useTranslation();
  const allowed = useCan('booking:checkin');
  const locations = useLocations(useCan('locations:read'));
  return (
    <KioskFrame title={t('kiosk.chooseLocation')}>
      {!allowed ? (
        <Alert color="orange" role="alert">
          {t('kiosk.notAllowed')}
        </Alert>
      ) : !locations.data ? (
        <QueryState isPending={locations.isPending} error={locations.error} onRetry={() => void locations.refetch()} />
      ) : (
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
          {locations.data
            .filter((l) => !l.archived)
            .map((l) => (
              <Button key={l.id} component={Link} to={`/kiosk/${l.id}`} size="xl" h={88} variant="default" leftSection={<IconMapPin size={24} />} justify="flex-start">
                {l.name}
              </Button>
            ))}
        </SimpleGrid>
      )}
    </KioskFrame>
  );
}

type Screen = { kind: 'list' } | { kind: 'class'; occurrenceId: string } | { kind: 'key' } | { kind: 'confirm'; occurrenceId: string; attendee: Attendee } | { kind: 'done'; result: KioskCheckInResultDto };

/** `/kiosk/:locationId`: today's classes; a customer finds their name or types their key, and is checked in. */
export function KioskPage() {
  const { t } = useTranslation();
  const { locationId = '' } = useParams();
  const allowed = useCan('booking:checkin');
  const queryClient = useQueryClient();
  const today = useQuery({ queryKey: kioskTodayKey(locationId), queryFn: () => kioskApi.today(locationId), enabled: allowed, refetchInterval: 60_000 });
  const [screen, setScreen] = useState<Screen>({ kind: 'list' });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const zone = today.data?.location.timeZone;
  const time = (iso: string) => formatInZone(iso, zone, { hour: '2-digit', minute: '2-digit' });

  const back = () => {
    setError(null);
    setScreen({ kind: 'list' });
  };

  // The confirmation goes away by itself: the next customer finds the list again.
  useEffect(() => {
    if (screen.kind !== 'done') return;
    const timer = setTimeout(() => setScreen({ kind: 'list' }), confirmationMs);
    return () => clearTimeout(timer);
  }, [screen]);

  const checkIn = async (body: { bookingId: string } | { key: string }) => {
    setBusy(true);
    setError(null);
    try {
      const result = await kioskApi.checkIn(locationId, body);
      setScreen({ kind: 'done', result });
      await queryClient.invalidateQueries({ queryKey: kioskTodayKey(locationId) });
    } catch (err) {
      setError(bookingErrorMessage(err, t));
    } finally {
      setBusy(false);
    }
  };

  if (!allowed) {
    return (
      <KioskFrame title={t('kiosk.selfCheckIn')}>
        <Alert color="orange" role="alert">
          {t('kiosk.notAllowed')}
        </Alert>
      </KioskFrame>
    );
  }
  if (!today.data) {
    return (
      <KioskFrame title={t('kiosk.selfCheckIn')}>
        <QueryState isPending={today.isPending} error={today.error} onRetry={() => void today.refetch()} />
      </KioskFrame>
    );
  }
  const data = today.data;
  const selected = screen.kind === 'class' || screen.kind === 'confirm' ? data.classes.find((c) => c.occurrenceId === screen.occurrenceId) : undefined;

  return (
    <KioskFrame title={data.location.name} zone={zone}>
      {screen.kind === 'done' ? (
        <Done result={screen.result} time={time} onBack={back} />
      ) : screen.kind === 'key' ? (
        <KeyEntry busy={busy} error={error} onBack={back} onSubmit={(key) => void checkIn({ key })} />
      ) : screen.kind === 'confirm' && selected ? (
        <Stack align="center" gap="xl" py="xl" data-testid="kiosk-confirm">
          <Title order={1} ta="center" fz={{ base: 28, sm: 40 }}>
            {t('kiosk.areYou', { name: screen.attendee.displayName })}
          </Title>
          <Text fz="xl" ta="center">
            {t('kiosk.classAt', { name: selected.name, time: time(selected.startsAt) })}
          </Text>
          {error ? (
            <Alert color="red" role="alert" w="100%" maw={560}>
              {error}
            </Alert>
          ) : null}
          <Group gap="md" justify="center" w="100%">
            <Button size="xl" h={72} miw={200} variant="default" onClick={() => setScreen({ kind: 'class', occurrenceId: selected.occurrenceId })}>
              {t('kiosk.notMe')}
            </Button>
            <Button size="xl" h={72} miw={200} loading={busy} onClick={() => void checkIn({ bookingId: screen.attendee.bookingId })} leftSection={<IconCheck size={28} />}>
              {t('kiosk.checkMeIn')}
            </Button>
          </Group>
        </Stack>
      ) : screen.kind === 'class' && selected ? (
        <ClassAttendees klass={selected} time={time} onBack={back} onPick={(attendee) => setScreen({ kind: 'confirm', occurrenceId: selected.occurrenceId, attendee })} />
      ) : (
        <Stack gap="lg">
          <Button size="xl" h={80} leftSection={<IconKey size={28} />} onClick={() => setScreen({ kind: 'key' })} data-testid="kiosk-use-key">
            {t('kiosk.useKey')}
          </Button>
          <Title order={1} fz={{ base: 22, sm: 28 }}>
            {t('kiosk.todaysClasses')}
          </Title>
          {data.classes.length === 0 ? (
            <Text c="dimmed" fz="lg" data-testid="kiosk-no-classes">
              {t('kiosk.noClasses')}
            </Text>
          ) : (
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md" data-testid="kiosk-classes">
              {data.classes.map((c) => {
                const checkedIn = c.attendees.filter((a) => a.checkedIn).length;
                return (
                  <UnstyledButton
                    key={c.occurrenceId}
                    h="100%"
                    onClick={() => setScreen({ kind: 'class', occurrenceId: c.occurrenceId })}
                    aria-label={t('kiosk.classButton', { name: c.name, time: time(c.startsAt) })}
                    data-testid="kiosk-class"
                  >
                    <Paper withBorder radius="lg" p="lg" mih={120} h="100%" shadow="xs">
                      <Group justify="space-between" align="flex-start" wrap="nowrap">
                        <Stack gap={2} style={{ minWidth: 0 }}>
                          <Text fz={28} fw={800} lh={1.1}>
                            {time(c.startsAt)}
                          </Text>
                          <Text fz="xl" fw={700} className="enso-break">
                            {c.name}
                          </Text>
                          {c.teacherName ? (
                            <Text c="dimmed" className="enso-break">
                              {t('kiosk.with', { name: c.teacherName })}
                            </Text>
                          ) : null}
                        </Stack>
                        <Text size="sm" c="dimmed" ta="right" style={{ flexShrink: 0 }}>
                          {t('kiosk.counts', { checkedIn, count: c.attendees.length })}
                        </Text>
                      </Group>
                    </Paper>
                  </UnstyledButton>
                );
              })}
            </SimpleGrid>
          )}
        </Stack>
      )}
    </KioskFrame>
  );
}

function ClassAttendees({ klass, time, onBack, onPick }: { klass: KioskClass; time: (iso: string) => string; onBack: () => void; onPick: (a: Attendee) => void }) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const shown = useMemo(() => {
    const q = search.trim().toLocaleLowerCase();
    const sorted = [...klass.attendees].sort((a, b) => a.displayName.localeCompare(b.displayName));
    return q ? sorted.filter((a) => a.displayName.toLocaleLowerCase().includes(q)) : sorted;
  }, [klass.attendees, search]);
  return (
    <Stack gap="lg" data-testid="kiosk-attendees">
      <Group justify="space-between" wrap="wrap" gap="sm">
        <Button size="lg" variant="default" leftSection={<IconArrowLeft />} onClick={onBack}>
          {t('kiosk.back')}
        </Button>
      </Group>
      <Stack gap={2}>
        <Title order={1} fz={{ base: 24, sm: 32 }} className="enso-break">
          {klass.name}
        </Title>
        <Text fz="lg">{t('kiosk.classTimes', { start: time(klass.startsAt), end: time(klass.endsAt) })}</Text>
      </Stack>
      <Text fz="xl" fw={600}>
        {t('kiosk.findName')}
      </Text>
      {klass.attendees.length > 8 ? <TextInput size="xl" label={t('kiosk.search')} value={search} onChange={(e) => setSearch(e.currentTarget.value)} autoComplete="off" /> : null}
      {klass.attendees.length === 0 ? (
        <Text c="dimmed" fz="lg">
          {t('kiosk.nobodyBooked')}
        </Text>
      ) : (
        <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }} spacing="md">
          {shown.map((a) => (
            <Button
              key={a.bookingId}
              size="xl"
              h={80}
              variant={a.checkedIn ? 'light' : 'default'}
              color={a.checkedIn ? 'teal' : undefined}
              c={a.checkedIn ? 'teal.9' : undefined}
              disabled={a.checkedIn}
              onClick={() => onPick(a)}
              leftSection={a.checkedIn ? <IconCheck size={24} /> : null}
              aria-label={a.checkedIn ? t('kiosk.alreadyIn', { name: a.displayName }) : a.displayName}
              data-testid="kiosk-attendee"
            >
              {a.displayName}
            </Button>
          ))}
        </SimpleGrid>
      )}
    </Stack>
  );
}

function KeyEntry({ busy, error, onBack, onSubmit }: { busy: boolean; error: string | null; onBack: () => void; onSubmit: (key: string) => void }) {
  const { t } = useTranslation();
  const [key, setKey] = useState('');
  const ready = key.trim().length >= 4;
  return (
    <Stack gap="lg" maw={560} mx="auto" data-testid="kiosk-key">
      <Group>
        <Button size="lg" variant="default" leftSection={<IconArrowLeft />} onClick={onBack}>
          {t('kiosk.back')}
        </Button>
      </Group>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (ready) onSubmit(key.trim().toUpperCase());
        }}
      >
        <Stack gap="lg">
          <TextInput
            size="xl"
            label={t('kiosk.keyLabel')}
            description={t('kiosk.keyHelp')}
            value={key}
            onChange={(e) => setKey(e.currentTarget.value.toUpperCase())}
            autoComplete="off"
            autoCapitalize="characters"
            spellCheck={false}
            maxLength={32}
            data-autofocus
            autoFocus
            styles={{ input: { fontSize: 32, letterSpacing: 6, textAlign: 'center', height: 72, fontWeight: 700 } }}
          />
          {error ? (
            <Alert color="red" role="alert">
              {error}
            </Alert>
          ) : null}
          <Button type="submit" size="xl" h={72} loading={busy} disabled={!ready} leftSection={<IconCheck size={28} />}>
            {t('kiosk.checkMeIn')}
          </Button>
        </Stack>
      </form>
    </Stack>
  );
}

function Done({ result, time, onBack }: { result: KioskCheckInResultDto; time: (iso: string) => string; onBack: () => void }) {
  const { t } = useTranslation();
  return (
    <Center py={{ base: 'xl', sm: 64 }}>
      <Stack align="center" gap="lg" role="status" data-testid="kiosk-done" maw={640}>
        <ThemeIcon size={120} radius={120} color="teal.7">
          <IconCheck size={72} stroke="white" strokeWidth={2.4} />
        </ThemeIcon>
        <Title order={1} ta="center" fz={{ base: 32, sm: 48 }}>
          {t('kiosk.welcome', { name: result.displayName })}
        </Title>
        <Text fz={{ base: 'lg', sm: 24 }} ta="center">
          {t('kiosk.checkedIn', { name: result.className, time: time(result.startsAt) })}
        </Text>
        <Button size="xl" h={72} miw={240} onClick={onBack}>
          {t('common.done')}
        </Button>
      </Stack>
    </Center>
  );
}
