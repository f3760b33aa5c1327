import { Alert, Avatar, Badge, Box, Button, Divider, Group, Image, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams, useSearchParams } from 'react-router';
import { IconMapPin } from '../../app/ui/icons.tsx';
import { formatInZone } from '../../lib/format.ts';
import { publicScheduleApi, usePublicClass, type PublicClassDetailDto } from '../../features/public-schedule/api.ts';
import { availabilityOf, priceOf, textShade } from '../../features/public-schedule/ClassCard.tsx';
import { BackToSchedule, PublicPageState } from '../../features/public-schedule/PageStates.tsx';
import { SpotMapView } from '../../features/public-schedule/SpotMapView.tsx';
import { capitalized, classTimes, formatDay, visitorTimeZone, zoneName } from '../../features/public-schedule/time.ts';
import { BookingFlow } from '../../features/booking/customer/BookingFlow.tsx';
import { ClassSeriesRegistration } from '../../features/booking/registrations/RegistrationPanel.tsx';
import { useMe, usePublicStudioContext } from './context.tsx';
import { usePageTitle } from './usePageTitle.ts';

/** A class's public page (`/s/:slug/classes/:id`, `?key=` for a private class). */
export function ClassPage() {
  const { t } = useTranslation();
  const studio = usePublicStudioContext();
  const { id = '' } = useParams();
  const [params] = useSearchParams();
  const key = params.get('key');
  const found = usePublicClass(studio.slug, id, key);
  usePageTitle(found.data?.name ?? t('publicSchedule.title'), studio.name);
  if (!found.data) return <PublicPageState slug={studio.slug} query={found} />;
  return (
    <Stack gap="lg">
      <BackToSchedule slug={studio.slug} />
      <ClassDetail c={found.data} classKey={key} />
    </Stack>
  );
}

function ClassDetail({ c, classKey }: { c: PublicClassDetailDto; classKey: string | null }) {
  const { t, i18n } = useTranslation();
  const studio = usePublicStudioContext();
  const visitorZone = useMemo(visitorTimeZone, []);
  const times = classTimes(c, visitorZone);
  const availability = availabilityOf(c, t);
  const day = capitalized(formatDay(c.localDate, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }, i18n.language));
  const paragraphs = c.description.split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean);
  const address = c.location
    ? [c.location.addressLine1, c.location.addressLine2, [c.location.postalCode, c.location.city].filter(Boolean).join(' '), c.location.region, countryName(c.location.country, i18n.language)].filter(Boolean)
    : [];
  return (
    <Stack gap="lg">
      {c.bannerUrl ? <Image src={c.bannerUrl} alt="" radius="lg" h={{ base: 160, sm: 280 }} fit="cover" /> : null}
      <Stack gap={6}>
        <Group gap="xs">
          {c.category ? (
            <Badge variant="outline" color="gray" c="gray.7" style={{ textTransform: 'none' }}>
              {c.category}
            </Badge>
          ) : null}
          <Badge color={availability.color} c={textShade(availability.color)} variant="outline" style={{ textTransform: 'none' }} data-testid="class-availability">
            {availability.label}
          </Badge>
        </Group>
        <Title order={1} fz={{ base: 26, sm: 34 }} className="enso-break" td={c.bookability === 'cancelled' ? 'line-through' : undefined}>
          {c.name}
        </Title>
      </Stack>
      {c.bookability === 'cancelled' ? (
        <Alert color="red" title={t('publicSchedule.class.cancelledTitle')} role="status">
          {c.cancelNote}
        </Alert>
      ) : null}
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
        <Paper withBorder radius="md" p="md">
          <Stack gap={4}>
            <Text size="xs" fw={700} c="dimmed" tt="uppercase">
              {t('publicSchedule.class.when')}
            </Text>
            <Text fw={700} data-testid="class-day">
              {day}
            </Text>
            <Text data-testid="class-time">{times.visitor ? t('publicSchedule.zoneTime', { time: times.local, zone: zoneName(c.timeZone, i18n.language) }) : times.local}</Text>
            {times.visitor ? (
              <Text size="sm" c="dimmed" data-testid="class-visitor-time">
                {t('publicSchedule.yourTime', { time: times.visitor })}
              </Text>
            ) : null}
          </Stack>
        </Paper>
        <Paper withBorder radius="md" p="md">
          <Stack gap={4}>
            <Text size="xs" fw={700} c="dimmed" tt="uppercase">
              {t('publicSchedule.class.where')}
            </Text>
            {c.location ? (
              <Group gap={6} wrap="nowrap" align="flex-start">
                <IconMapPin size={18} />
                <Stack gap={0} style={{ minWidth: 0 }}>
                  <Text fw={700} className="enso-break">
                    {c.location.name}
                  </Text>
                  {address.map((line) => (
                    <Text key={line} size="sm" className="enso-break">
                      {line}
                    </Text>
                  ))}
                  {c.roomName ? <Text size="sm">{t('publicSchedule.class.room', { name: c.roomName })}</Text> : null}
                </Stack>
              </Group>
            ) : null}
            {c.online ? <Text size="sm">{t('publicSchedule.class.onlineClass')}</Text> : null}
          </Stack>
        </Paper>
      </SimpleGrid>
      <ClassSeriesRegistration slug={studio.slug} klass={c} classKey={classKey} />
      <BookPanel c={c} classKey={classKey} />
      {c.teacher ? (
        <Stack gap="xs" component="section" aria-labelledby="class-teacher">
          <Title order={2} fz="lg" id="class-teacher">
            {t('publicSchedule.class.teacher')}
          </Title>
          <Group align="flex-start" wrap="nowrap" gap="md">
            <Avatar src={c.teacher.photoUrl} alt={t('publicSchedule.class.photoAlt', { name: c.teacher.name })} size={72} radius="xl" color="brand">
              {c.teacher.name.slice(0, 1)}
            </Avatar>
            <Stack gap={4} style={{ minWidth: 0 }}>
              <Text fw={700}>{c.teacher.name}</Text>
              {c.teacher.bio
                .split(/\n\s*\n/)
                .filter((p) => p.trim())
                .map((p, i) => (
                  <Text key={i} size="sm" style={{ whiteSpace: 'pre-line' }} className="enso-break">
                    {p.trim()}
                  </Text>
                ))}
            </Stack>
          </Group>
        </Stack>
      ) : null}
      {paragraphs.length > 0 ? (
        <Stack gap="xs" component="section" aria-labelledby="class-about">
          <Title order={2} fz="lg" id="class-about">
            {t('publicSchedule.class.about')}
          </Title>
          {paragraphs.map((p, i) => (
            <Text key={i} style={{ whiteSpace: 'pre-line' }} className="enso-break">
              {p}
            </Text>
          ))}
        </Stack>
      ) : null}
      {c.allowChildren || c.spotSelection ? (
        <Group gap="xs">
          {c.allowChildren ? <Badge variant="outline" style={{ textTransform: 'none' }}>{t('publicSchedule.class.childrenWelcome')}</Badge> : null}
          {c.spotSelection ? <Badge variant="outline" style={{ textTransform: 'none' }}>{t('publicSchedule.class.spotSelection')}</Badge> : null}
        </Group>
      ) : null}
      {c.spotMap ? (
        <Stack gap="xs" component="section" aria-labelledby="class-spot-map">
          <Title order={2} fz="lg" id="class-spot-map">
            {t('publicSchedule.class.spotMap')}
          </Title>
          <SpotMapView map={c.spotMap} />
        </Stack>
      ) : null}
      <Divider />
      <Text size="xs" c="dimmed">
        {studio.name}
      </Text>
    </Stack>
  );
}

/** Price, spots, the Book button (or why it is off) and "Add to my calendar". */
function BookPanel({ c, classKey }: { c: PublicClassDetailDto; classKey: string | null }) {
  const { t } = useTranslation();
  const studio = usePublicStudioContext();
  const me = useMe(studio.slug);
  const location = useLocation();
  const [params] = useSearchParams();
  // `?book=1` (a waitlist offer to claim, from the account page) opens the booking form at once.
  const [askedToBook, setAskedToBook] = useState(params.get('book') === '1');
  const open = c.bookability === 'open';
  // A full class can still be joined on its waitlist (the booking form says when it has none).
  const full = c.bookability === 'full';
  // A semester or a course is sold whole: the registration panel above takes the booking.
  const soldWhole = c.kind === 'semester' || c.kind === 'course';
  const availability = availabilityOf(c, t);
  const reason =
    c.bookability === 'open'
      ? null
      : c.bookability === 'not_yet_open'
        ? t('publicSchedule.class.reason.not_yet_open', { date: formatInZone(c.opensAt, c.timeZone, { dateStyle: 'full', timeStyle: 'short' }) })
        : t(`publicSchedule.class.reason.${c.bookability}`);
  const returnTo = `${location.pathname}${location.search}`;
  const signInUrl = `/s/${studio.slug}/login?next=${encodeURIComponent(returnTo)}`;
  const rules = [
    c.salesCutoffMin > 0 ? t('publicSchedule.class.cutoff', { count: c.salesCutoffMin }) : null,
    c.bookingWindowDays !== null ? t('publicSchedule.class.window', { count: c.bookingWindowDays }) : null,
  ].filter(Boolean);
  return (
    <Paper withBorder radius="md" p="md" style={{ borderLeft: `6px solid ${studio.accentColor}` }}>
      <Stack gap="sm">
        <Group justify="space-between" wrap="wrap" gap="xs">
          {soldWhole ? (
            <span />
          ) : (
            <Text fz="xl" fw={800} data-testid="class-price">
              {priceOf(c, t)}
            </Text>
          )}
          {open ? (
            <Text fw={600} c={textShade(availability.color)}>
              {t('publicSchedule.spotsLeft', { count: c.spotsLeft })}
            </Text>
          ) : null}
        </Group>
        <Group gap="sm" wrap="wrap">
          {soldWhole ? null : !open && !full ? (
            <Button size="md" disabled data-testid="book-button">
              {t('publicSchedule.class.book')}
            </Button>
          ) : askedToBook && me.data ? null : me.data ? (
            <Button size="md" onClick={() => setAskedToBook(true)} data-testid="book-button">
              {full ? t('bookingCustomer.joinWaitlist') : t('publicSchedule.class.book')}
            </Button>
          ) : (
            <Button size="md" component={Link} to={signInUrl} data-testid="book-button">
              {t('publicSchedule.class.signInToBook')}
            </Button>
          )}
          <Button size="md" variant="outline" component="a" href={publicScheduleApi.calendarUrl(studio.slug, c.id, classKey)} download>
            {t('publicSchedule.class.addToCalendar')}
          </Button>
        </Group>
        {reason ? (
          <Text size="sm" c="dimmed" data-testid="book-reason">
            {reason}
          </Text>
        ) : null}
        {askedToBook && me.data && c.bookability !== 'cancelled' && !soldWhole ? (
          <>
            <Divider />
            <BookingFlow slug={studio.slug} occurrenceId={c.id} classKey={classKey} klass={c} />
          </>
        ) : null}
        {rules.length > 0 ? (
          <Box>
            {rules.map((r) => (
              <Text key={r} size="xs" c="dimmed">
                {r}
              </Text>
            ))}
          </Box>
        ) : null}
      </Stack>
    </Paper>
  );
}

/** "FR" → "France" / "France", "CA" → "Canada": the location's ISO country code in the UI language. */
function countryName(code: string, locale: string): string {
  if (!code) return '';
  try {
    return new Intl.DisplayNames([locale], { type: 'region' }).of(code) ?? code;
  } catch {
    return code;
  }
}
