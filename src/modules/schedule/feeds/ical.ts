/**
 * A small RFC 5545 (iCalendar) writer: what calendar feeds and "add to my calendar" need —
 * one VCALENDAR of VEVENTs with UTC times. Pure: "now" (DTSTAMP) is passed in.
 */

export interface IcalEvent {
  /** Globally unique and stable across versions of the event: `occ_…@host`. */
  uid: string;
  start: Date;
  end: Date;
  summary: string;
  location?: string | null;
  description?: string | null;
  url?: string | null;
  cancelled?: boolean;
  /** Grows with each change, so calendar apps replace their copy (the occurrence's version). */
  sequence?: number;
  lastModified?: Date | null;
}

export interface IcalCalendar {
  /** `-//Enso//Schedule//EN`: names the product that wrote the file. */
  prodId: string;
  /** Shown by calendar apps as the subscription's name (X-WR-CALNAME). */
  name?: string;
  /** When the file was written: every event's DTSTAMP. */
  now: Date;
  events: readonly IcalEvent[];
}

const crlf = '\r\n';
const maxOctets = 75;

/** `20250331T160000Z`: a UTC DATE-TIME (form #2 of RFC 5545 §3.3.5). */
export function formatUtc(instant: Date): string {
  return instant.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

/**
 * TEXT values (§3.3.11): backslash, semicolon and comma are escaped, and a line break becomes
 * the two characters `\n` — a raw newline would end the content line.
 */
export function escapeText(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n');
}

/**
 * Folds a content line (§3.1): no line longer than 75 octets, continuations start with one
 * space (which counts in their 75). Splits only between code points, so a multi-byte UTF-8
 * character (é is 2 octets, 🧘 is 4) is never cut in half.
 */
export function foldLine(line: string): string {
  const out: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = Buffer.byteLength(char, 'utf8');
    if (octets + size > maxOctets) {
      out.push(current);
      current = ' ';
      octets = 1;
    }
    current += char;
    octets += size;
  }
  out.push(current);
  return out.join(crlf);
}

function property(name: string, value: string): string {
  return foldLine(`${name}:${value}`);
}

/** The whole calendar, CRLF line endings throughout (also after the last line). */
export function writeCalendar(calendar: IcalCalendar): string {
  const lines: string[] = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    property('PRODID', calendar.prodId),
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
  ];
  if (calendar.name) lines.push(property('X-WR-CALNAME', escapeText(calendar.name)));
  const stamp = formatUtc(calendar.now);
  for (const e of calendar.events) {
    lines.push('BEGIN:VEVENT');
    lines.push(property('UID', e.uid));
    lines.push(`DTSTAMP:${stamp}`);
    lines.push(`DTSTART:${formatUtc(e.start)}`);
    lines.push(`DTEND:${formatUtc(e.end)}`);
    lines.push(`SEQUENCE:${e.sequence ?? 0}`);
    lines.push(`STATUS:${e.cancelled ? 'CANCELLED' : 'CONFIRMED'}`);
    lines.push(property('SUMMARY', escapeText(e.summary)));
    if (e.location) lines.push(property('LOCATION', escapeText(e.location)));
    if (e.description) lines.push(property('DESCRIPTION', escapeText(e.description)));
    if (e.url) lines.push(property('URL', e.url));
    if (e.lastModified) lines.push(`LAST-MODIFIED:${formatUtc(e.lastModified)}`);
    lines.push('END:VEVENT');
  }
  lines.push('END:VCALENDAR');
  return lines.join(crlf) + crlf;
}

/** Reverses folding: what a calendar app reads back (tests use it to check a round trip). */
export function unfold(text: string): string[] {
  return text
    .split(crlf)
    .reduce<string[]>((acc, line) => {
      if (line.startsWith(' ') && acc.length > 0) acc[acc.length - 1] += line.slice(1);
      else acc.push(line);
      return acc;
    }, [])
    .filter((l) => l !== '');
}
