import { Button } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** The one-class .ics of the public schedule ("add to my calendar"); a private class needs its share key. */
export function classCalendarUrl(slug: string, occurrenceId: string, key?: string | null): string {
  const base = `/api/public/v1/studios/${encodeURIComponent(slug)}/classes/${encodeURIComponent(occurrenceId)}/calendar.ics`;
  return key ? `${base}?key=${encodeURIComponent(key)}` : base;
}

/** "Add to my calendar" on a class page: downloads the class as an .ics file any calendar app opens. */
export function AddToCalendarLink({ slug, occurrenceId, shareKey }: { slug: string; occurrenceId: string; shareKey?: string | null }) {
  const { t } = useTranslation();
  return (
    <Button component="a" variant="default" href={classCalendarUrl(slug, occurrenceId, shareKey)} download>
      {t('calendarFeeds.addToCalendar')}
    </Button>
  );
}
