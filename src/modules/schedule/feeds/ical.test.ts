import { describe, expect, it } from 'vitest';
import { escapeText, foldLine, formatUtc, unfold, writeCalendar } from './ical.ts';

const now = new Date('2025-03-01T08:00:00Z');

describe('iCal writer', () => {
  it('escapes backslashes, semicolons, commas and line breaks in text', () => {
    expect(escapeText('Yoga; flow, slow\\fast\nline two\r\nthree')).toBe('Yoga\\; flow\\, slow\\\\fast\\nline two\\nthree');
  });

  it('writes UTC times with a Z', () => {
    expect(formatUtc(new Date('2025-03-31T16:00:00.000Z'))).toBe('20250331T160000Z');
  });

  it('folds a long French description at 75 octets without cutting an accented letter', () => {
    const description =
      'Une séance douce pour détendre le dos et les épaules : étirements, respiration, méditation guidée. Apportez votre tapis — à très bientôt ! Café offert après la séance, près de la fenêtre.';

    const folded = foldLine(`DESCRIPTION:${escapeText(description)}`);

    const lines = folded.split('\r\n');
    expect(lines.length).toBeGreaterThan(2);
    for (const line of lines) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
    for (const line of lines.slice(1)) expect(line.startsWith(' ')).toBe(true);
    // Every line is valid UTF-8 on its own: no character was split across a fold.
    for (const line of lines) expect(Buffer.from(Buffer.from(line, 'utf8').toString('utf8'), 'utf8').equals(Buffer.from(line, 'utf8'))).toBe(true);
    expect(unfold(folded)).toEqual([`DESCRIPTION:${escapeText(description)}`]);
  });

  it('folds before a 4-octet character that would cross the limit', () => {
    const line = `SUMMARY:${'a'.repeat(65)}🧘🧘🧘`;

    const lines = foldLine(line).split('\r\n');

    expect(lines[0]).toBe(`SUMMARY:${'a'.repeat(65)}`);
    expect(Buffer.byteLength(lines[0]!, 'utf8')).toBe(73);
    expect(lines[1]).toBe(' 🧘🧘🧘');
  });

  it('leaves a line of exactly 75 octets whole', () => {
    const line = `SUMMARY:${'b'.repeat(67)}`;

    expect(foldLine(line)).toBe(line);
    expect(foldLine(`${line}c`)).toBe(`${line}\r\n c`);
  });

  it('writes a calendar with CRLF endings, cancelled events and sequences', () => {
    const text = writeCalendar({
      prodId: '-//Enso//Schedule//EN',
      name: 'Ada, teacher',
      now,
      events: [
        { uid: 'occ_1@enso.test', start: new Date('2025-03-03T17:00:00Z'), end: new Date('2025-03-03T18:00:00Z'), summary: 'Vinyasa', location: 'Paris, Room 1', sequence: 2 },
        { uid: 'occ_2@enso.test', start: new Date('2025-03-10T17:00:00Z'), end: new Date('2025-03-10T18:00:00Z'), summary: 'Vinyasa', cancelled: true },
      ],
    });

    expect(text.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    const lines = unfold(text);
    expect(lines.slice(0, 2)).toEqual(['BEGIN:VCALENDAR', 'VERSION:2.0']);
    expect(lines).toContain('X-WR-CALNAME:Ada\\, teacher');
    expect(lines).toContain('UID:occ_1@enso.test');
    expect(lines).toContain('DTSTAMP:20250301T080000Z');
    expect(lines).toContain('DTSTART:20250303T170000Z');
    expect(lines).toContain('DTEND:20250303T180000Z');
    expect(lines).toContain('LOCATION:Paris\\, Room 1');
    expect(lines).toContain('SEQUENCE:2');
    expect(lines.filter((l) => l === 'BEGIN:VEVENT')).toHaveLength(2);
    expect(lines.filter((l) => l.startsWith('STATUS:'))).toEqual(['STATUS:CONFIRMED', 'STATUS:CANCELLED']);
  });
});
