import { instantToZoned } from '../../../kernel/time.ts';
import { byteOrderMark, csvRecord } from '../../customers/index.ts';
import type { BookingDto, RosterDto } from '../contracts.ts';

/** The roster's groups in the order the file lists them, with the words of its Status column. */
const groupLabels: [keyof RosterDto['groups'], string][] = [
  ['checked_in', 'Checked in'],
  ['booked', 'Booked'],
  ['waitlisted', 'Waitlisted'],
  ['late_cancelled', 'Late cancelled'],
  ['no_show', 'No-show'],
  ['cancelled', 'Cancelled'],
];

const pad = (n: number) => String(n).padStart(2, '0');

/** An instant as the wall clock of the class shows it: `2026-01-05 09:58`. */
export function localTime(instant: string | Date, timeZone: string): string {
  const z = instantToZoned(new Date(instant), timeZone);
  return `${z.date} ${pad(Math.floor(z.minute / 60))}:${pad(z.minute % 60)}`;
}

/** `Yoga flow 2026-01-05 10.00.csv`: the class and its local date and time (attachmentDisposition makes it header-safe). */
export function rosterFileName(className: string, startsAt: Date, timeZone: string): string {
  return `${className} ${localTime(startsAt, timeZone).replace(':', '.')}.csv`;
}

/**
 * The roster as CSV (customers' export rules: CRLF, BOM, a formula-looking cell gets a leading
 * apostrophe). Contacts only when the caller may read customers (`contacts` null for a teacher).
 */
export function rosterCsv(roster: RosterDto, timeZone: string, contacts: Map<string, { email: string | null; phone: string | null }> | null): string {
  const header = ['Name', ...(contacts ? ['Email', 'Phone'] : []), 'Status', 'Checked in at', 'Spot', 'Paid with', 'Plan', 'Waitlist position'];
  const lines = [byteOrderMark + csvRecord(header)];
  for (const [group, label] of groupLabels) {
    for (const b of roster.groups[group]) lines.push(csvRecord(rowOf(b, label, timeZone, contacts)));
  }
  return lines.join('');
}

function rowOf(b: BookingDto, status: string, timeZone: string, contacts: Map<string, { email: string | null; phone: string | null }> | null) {
  const contact = contacts?.get(b.customerId);
  return [
    b.customerName,
    ...(contacts ? [contact?.email ?? '', contact?.phone ?? ''] : []),
    status,
    b.checkedInAt ? localTime(b.checkedInAt, timeZone) : '',
    b.spotLabel ?? '',
    b.paymentMethod ?? '',
    b.membershipName ?? '',
    b.waitlistPosition ?? '',
  ];
}
