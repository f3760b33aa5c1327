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

export type CalendarView = 'timeGridWeek' | 'timeGridDay' | 'listWeek';

/** Black or white, whichever reads better on the template's colour (WCAG relative luminance). */
export function contrastOn(hex: string): string {
  const m = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) return '#000000';
  const channel = (h: string) => {
    const c = Number.parseInt(h, 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const luminance = 0.2126 * channel(m[1]!) + 0.7152 * channel(m[2]!) + 0.0722 * channel(m[3]!);
  // White text passes 4.5:1 only on dark colours: (1.05)/(L+0.05) ≥ 4.5 ⇔ L ≤ 0.183.
  return luminance <= 0.183 ? '#ffffff' : '#000000';
}

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
