import { formatInZone } from '../../lib/format.ts';
import { currentLocale } from '../../i18n/index.ts';

/**
 * Calendar arithmetic for the public schedule. Dates are `YYYY-MM-DD` strings with no zone;
 * they are computed at UTC noon so no host zone or DST change can shift a day.
 */

const toUtcNoon = (date: string) => {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y!, m! - 1, d!, 12));
};
const fromUtc = (instant: Date) => instant.toISOString().slice(0, 10);

export const isDate = (value: string | null): value is string => !!value && /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(toUtcNoon(value).getTime());

export function addDays(date: string, days: number): string {
  const instant = toUtcNoon(date);
  instant.setUTCDate(instant.getUTCDate() + days);
  return fromUtc(instant);
}

/** The Monday of the week holding `date` (weeks run Monday to Sunday). */
export function mondayOf(date: string): string {
  const weekday = (toUtcNoon(date).getUTCDay() + 6) % 7;
  return addDays(date, -weekday);
}

/** Today's date on the wall clock of `timeZone`. */
export function todayIn(timeZone: string, now: Date = new Date()): string {
  try {
    const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(now);
    const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
    return `${get('year')}-${get('month')}-${get('day')}`;
  } catch {
    return fromUtc(now);
  }
}

/** A calendar date with the given parts, e.g. "Mon 1 Mar" / "lun. 1 mars". */
export function formatDay(date: string, options: Intl.DateTimeFormatOptions, locale: string = currentLocale()): string {
  return new Intl.DateTimeFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', { ...options, timeZone: 'UTC' }).format(toUtcNoon(date));
}

/** "lundi 30 novembre" → "Lundi 30 novembre": a date that starts a heading or a line. */
export const capitalized = (text: string) => text.charAt(0).toLocaleUpperCase() + text.slice(1);

/** The visitor's own zone, as the browser reports it. */
export function visitorTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

/**
 * How a zone is named beside a time: its generic name in the UI language ("Eastern Time",
 * "heure de l'Est nord-américain"), which names the region rather than one city (a Montréal
 * studio's zone is America/Toronto); the zone's city where the browser lacks the name.
 */
export function zoneName(timeZone: string, locale: string = currentLocale()): string {
  try {
    const part = new Intl.DateTimeFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', { timeZone, timeZoneName: 'longGeneric' })
      .formatToParts(new Date())
      .find((p) => p.type === 'timeZoneName');
    if (part?.value) return part.value;
  } catch {
    // an engine without longGeneric names
  }
  return (timeZone.split('/').pop() ?? timeZone).replace(/_/g, ' ');
}

export interface ClassTimes {
  /** "18:00–19:00" in the class's zone. */
  local: string;
  /** The same times on the visitor's clock ("12:00–13:00", with the day when it differs), or null when they read the same. */
  visitor: string | null;
}

/** A class's times in its zone, and in the visitor's zone when that clock shows something else. */
export function classTimes(c: { startsAt: string; endsAt: string; startTime: string; endTime: string; localDate: string }, visitorZone: string): ClassTimes {
  const local = `${c.startTime}–${c.endTime}`;
  const hm: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };
  const start = formatInZone(c.startsAt, visitorZone, hm);
  const end = formatInZone(c.endsAt, visitorZone, hm);
  if (`${start}–${end}` === local && todayIn(visitorZone, new Date(c.startsAt)) === c.localDate) return { local, visitor: null };
  const visitorDate = todayIn(visitorZone, new Date(c.startsAt));
  const day = visitorDate !== c.localDate ? `${formatDay(visitorDate, { weekday: 'short' })} ` : '';
  return { local, visitor: `${day}${start}–${end}` };
}
