import FullCalendar, { type CalendarRef, type DatesSetInfo, type EventClickInfo, type EventDisplayInfo, type EventInput } from '@fullcalendar/react';
import dayGridPlugin from '@fullcalendar/react/daygrid';
import interactionPlugin from '@fullcalendar/react/interaction';
import listPlugin from '@fullcalendar/react/list';
import frLocale from '@fullcalendar/react/locales/fr';
import classicTheme from '@fullcalendar/react/themes/classic';
import timeGridPlugin from '@fullcalendar/react/timegrid';
import '@fullcalendar/react/skeleton.css';
import '@fullcalendar/react/themes/classic/theme.css';
import '@fullcalendar/react/themes/classic/palette.css';
import './schedule.css';
import { forwardRef, useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { OccurrenceDto } from './api.ts';
import { contrastOn } from './colors.ts';

export type CalendarView = 'timeGridWeek' | 'timeGridDay' | 'listWeek';

const cancelledColor = '#dee2e6';
// Options are compared by identity: constants keep the calendar from re-initialising on every render.
const plugins = [classicTheme, timeGridPlugin, dayGridPlugin, listPlugin, interactionPlugin];
const locales = [frLocale];
const timeFormat = { hour: '2-digit', minute: '2-digit', hour12: false } as const;
const titleFormat = { year: 'numeric', month: 'short', day: 'numeric' } as const;

interface Props {
  view: CalendarView;
  initialDate: string | undefined;
  timeZone: string;
  occurrences: OccurrenceDto[];
  onRange: (info: DatesSetInfo) => void;
  onOpen: (id: string) => void;
}

/**
 * FullCalendar in the location's zone: `timeZone` is a named IANA zone, so every instant is
 * placed on that zone's wall clock whatever the browser's own zone is. The page draws its own
 * toolbar (Mantine), so the calendar's is off.
 */
export const ScheduleCalendar = forwardRef<CalendarRef, Props>(function ScheduleCalendar(
  { view, initialDate, timeZone, occurrences, onRange, onOpen },
  ref,
) {
  const { t, i18n } = useTranslation();
  const events = useMemo<EventInput[]>(
    () =>
      occurrences.map((o) => {
        const cancelled = o.status === 'cancelled';
        const color = cancelled ? cancelledColor : o.color;
        return {
          id: o.id,
          title: o.name,
          start: o.startsAt,
          end: o.endsAt,
          color,
          contrastColor: cancelled ? '#495057' : contrastOn(color),
          className: cancelled ? 'enso-class-cancelled' : 'enso-class',
          extendedProps: { occurrence: o },
        };
      }),
    [occurrences],
  );

  const content = useCallback((info: EventDisplayInfo) => {
    const o = info.event.extendedProps['occurrence'] as OccurrenceDto;
    const where = o.online ? t('schedule.online') : [o.locationName, o.roomName].filter(Boolean).join(' · ');
    return (
      <div className="enso-event" data-testid="calendar-event" data-occurrence-id={o.id}>
        <div className="enso-event-time">{info.timeText}</div>
        <div className="enso-event-title">
          {o.status === 'cancelled' ? `${t('schedule.status.cancelled')}: ` : ''}
          {o.name}
        </div>
        <div className="enso-event-meta">
          {[o.teacherName, where, t('schedule.booked', { booked: o.bookedCount, capacity: o.capacity })].filter(Boolean).join(' · ')}
        </div>
      </div>
    );
  }, [t]);
  const click = useCallback(
    (info: EventClickInfo) => {
      info.jsEvent.preventDefault();
      onOpen(info.event.id);
    },
    [onOpen],
  );

  return (
    <FullCalendar
      ref={ref}
      plugins={plugins}
      initialView={view}
      initialDate={initialDate}
      timeZone={timeZone}
      locales={locales}
      locale={i18n.language === 'fr' ? 'fr' : 'en'}
      firstDay={1}
      headerToolbar={false}
      events={events}
      eventContent={content}
      eventClick={click}
      datesSet={onRange}
      allDaySlot={false}
      nowIndicator
      scrollTime="07:00:00"
      height={view === 'listWeek' ? 'auto' : 720}
      eventTimeFormat={timeFormat}
      slotHeaderFormat={timeFormat}
      titleFormat={titleFormat}
      noEventsText={t('schedule.calendar.empty')}
    />
  );
});
