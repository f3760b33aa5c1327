import type { Locale } from '../catalogue.ts';
import { catalogueEntry } from '../catalogue.ts';
import type { VariableValues } from '../render.ts';

/** The booking events a customer hears about, and the template each one is answered with. */
export const noticeTemplates = {
  'booking.created.v1': 'booking.confirmation',
  'booking.cancelled.v1': 'booking.cancelled',
  'booking.late_cancelled.v1': 'booking.late_cancelled',
  'booking.class_cancelled.v1': 'class.cancelled',
  'waitlist.joined.v1': 'waitlist.joined',
  'waitlist.offered.v1': 'waitlist.offered',
  'waitlist.promoted.v1': 'waitlist.promoted',
} as const satisfies Record<string, string>;

export type NoticeEvent = keyof typeof noticeTemplates;

export const isNoticeEvent = (type: string): type is NoticeEvent => Object.hasOwn(noticeTemplates, type);

/**
 * Whether this event deserves its own message (the others are told by a sibling event of the
 * same change): a booking from the waitlist is announced by `waitlist.promoted.v1`; a late
 * cancellation by `booking.late_cancelled.v1`; a class cancelled by the studio by
 * `booking.class_cancelled.v1`; a move is not a cancellation for the customer.
 */
export function deservesNotice(type: NoticeEvent, payload: Record<string, unknown>): boolean {
  if (type === 'booking.created.v1') return payload.source !== 'waitlist';
  if (type === 'booking.cancelled.v1') return payload.lateCancel !== true && (payload.reason === 'cancelled' || payload.reason === 'payment_failed' || payload.reason === 'registration_cancelled');
  return true;
}

const intlLocale = (locale: Locale) => (locale === 'fr' ? 'fr-FR' : 'en-GB');

/** "lundi 8 mars 2027" / "Monday, 8 March 2027", in the class's time zone. */
export function formatClassDate(startsAt: Date, timeZone: string, locale: Locale): string {
  return new Intl.DateTimeFormat(intlLocale(locale), { timeZone, weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }).format(startsAt);
}

/** "18:00", in the class's time zone (both languages write a 24-hour clock). */
export function formatClassTime(startsAt: Date, timeZone: string, locale: Locale): string {
  return new Intl.DateTimeFormat(intlLocale(locale), { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(startsAt);
}

export interface NoticeFacts {
  recipient: { firstName: string; lastName: string };
  studio: { name: string; slug: string };
  /** Null when the class was deleted since: the message still goes, without its details. */
  cls: {
    name: string;
    startsAt: Date;
    timeZone: string;
    locationName: string | null;
    occurrenceId: string;
    /** Who teaches this class (the substitute when there is one); null: nobody named. */
    teacherName: string | null;
    /** The class template's welcome message (seed 003: "Paramètres supplémentaires"); empty when none. */
    welcomeMessage: string;
  } | null;
  publicUrl: string;
}

/** The event's own values, named as the catalogue names them. */
function eventValues(type: NoticeEvent, payload: Record<string, unknown>, locale: Locale): VariableValues {
  const str = (v: unknown) => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);
  switch (type) {
    case 'booking.class_cancelled.v1': {
      const notice = payload.refundNotice as Partial<Record<Locale, string>> | undefined;
      return { noteToCustomers: str(payload.noteToCustomers) ?? '', refundNotice: notice?.[locale] ?? '' };
    }
    case 'waitlist.joined.v1':
      return { waitlist_position: str(payload.position) ?? '' };
    case 'waitlist.offered.v1':
      return { numberOfMinutesToRespond: str(payload.numberOfMinutesToRespond) ?? '' };
    default:
      return {};
  }
}

/**
 * Every value the template of this event may use, and only those (the catalogue's allow-list):
 * the recipient's names, the studio, the class in its own time zone and the recipient's
 * language, links to the customer's pages, and what the event itself carries.
 */
export function noticeValues(type: NoticeEvent, payload: Record<string, unknown>, locale: Locale, facts: NoticeFacts): VariableValues {
  return templateValues(noticeTemplates[type], locale, facts, eventValues(type, payload, locale));
}

/**
 * The values a class template (`template`, a catalogue key) may use, and only those: the
 * recipient, the studio, the class and the links as `noticeValues` gives them, and `own` (the
 * message's own values, e.g. a reminder's `hours_before`). Booking notices and class reminders.
 */
export function templateValues(template: string, locale: Locale, facts: NoticeFacts, own: VariableValues = {}): VariableValues {
  const entry = catalogueEntry(template);
  if (!entry) throw new Error(`The catalogue has no template ${template}`);
  const base = `${facts.publicUrl.replace(/\/+$/, '')}/s/${encodeURIComponent(facts.studio.slug)}`;
  const all: VariableValues = {
    first_name: facts.recipient.firstName,
    last_name: facts.recipient.lastName,
    studio_name: facts.studio.name,
    manage_url: `${base}/account`,
    ...(facts.cls
      ? {
          class_name: facts.cls.name,
          class_date: formatClassDate(facts.cls.startsAt, facts.cls.timeZone, locale),
          class_time: formatClassTime(facts.cls.startsAt, facts.cls.timeZone, locale),
          location_name: facts.cls.locationName ?? '',
          teacher_name: facts.cls.teacherName ?? '',
          welcomeMessage: facts.cls.welcomeMessage,
          offer_url: `${base}/classes/${encodeURIComponent(facts.cls.occurrenceId)}?book=1`,
        }
      : {}),
    ...own,
  };
  const allowed = new Set(entry.variables);
  return Object.fromEntries(Object.entries(all).filter(([name]) => allowed.has(name)));
}
