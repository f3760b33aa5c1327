import { describe, expect, it } from 'vitest';
import { catalogueEntry } from '../../catalogue.ts';
import { deservesNotice, formatClassDate, formatClassTime, noticeTemplates, noticeValues, type NoticeFacts } from '../values.ts';

const facts: NoticeFacts = {
  recipient: { firstName: 'Ana', lastName: 'Lopes' },
  studio: { name: 'Studio Lumière', slug: 'lumiere' },
  cls: { name: 'Vinyasa Flow', startsAt: new Date('2027-01-11T17:30:00Z'), timeZone: 'Europe/Paris', locationName: 'Downtown', occurrenceId: 'occ_1', teacherName: 'Marie Dupont', welcomeMessage: 'Bring water.' },
  publicUrl: 'https://enso.example/',
};

describe('booking notice values', () => {
  it('answers every event with a catalogue template that lists that event', () => {
    for (const [event, key] of Object.entries(noticeTemplates)) expect(catalogueEntry(key)?.events).toContain(event);
  });

  it('writes the class date and time in the class time zone and the language', () => {
    const at = new Date('2027-01-11T23:30:00Z');
    expect(formatClassDate(at, 'Europe/Paris', 'fr')).toBe('mardi 12 janvier 2027');
    expect(formatClassTime(at, 'Europe/Paris', 'fr')).toBe('00:30');
    expect(formatClassDate(at, 'America/New_York', 'en')).toContain('Monday');
    expect(formatClassTime(at, 'America/New_York', 'en')).toBe('18:30');
  });

  it('gives a template only the variables it allows, with the event’s own values', () => {
    const offered = noticeValues('waitlist.offered.v1', { numberOfMinutesToRespond: 45, position: 3 }, 'en', facts);
    expect(offered).toMatchObject({ first_name: 'Ana', studio_name: 'Studio Lumière', class_time: '18:30', numberOfMinutesToRespond: '45', offer_url: 'https://enso.example/s/lumiere/classes/occ_1?book=1' });
    expect(Object.keys(offered).every((name) => catalogueEntry('waitlist.offered')!.variables.includes(name))).toBe(true);
    expect(offered).not.toHaveProperty('waitlist_position');

    const joined = noticeValues('waitlist.joined.v1', { position: 3 }, 'fr', facts);
    expect(joined).toMatchObject({ waitlist_position: '3', class_date: 'lundi 11 janvier 2027' });

    const cancelled = noticeValues('booking.class_cancelled.v1', { noteToCustomers: 'Sorry', refundNotice: { en: 'Credited', fr: 'Crédité' } }, 'fr', facts);
    expect(cancelled).toMatchObject({ noteToCustomers: 'Sorry', refundNotice: 'Crédité', location_name: 'Downtown', teacher_name: 'Marie Dupont' });
    expect(cancelled).not.toHaveProperty('welcomeMessage');
  });

  it("fills the teacher and the class's welcome message where the template allows them", () => {
    const confirmed = noticeValues('booking.created.v1', { source: 'staff' }, 'en', facts);
    expect(confirmed).toMatchObject({ teacher_name: 'Marie Dupont', welcomeMessage: 'Bring water.' });

    const noTeacher = noticeValues('waitlist.promoted.v1', {}, 'en', { ...facts, cls: { ...facts.cls!, teacherName: null } });
    expect(noTeacher).toMatchObject({ teacher_name: '', welcomeMessage: 'Bring water.' });
  });

  it('leaves to a sibling event what it tells better', () => {
    expect(deservesNotice('booking.created.v1', { source: 'staff' })).toBe(true);
    expect(deservesNotice('booking.created.v1', { source: 'waitlist' })).toBe(false);
    expect(deservesNotice('booking.cancelled.v1', { reason: 'cancelled', lateCancel: false })).toBe(true);
    expect(deservesNotice('booking.cancelled.v1', { reason: 'cancelled', lateCancel: true })).toBe(false);
    expect(deservesNotice('booking.cancelled.v1', { reason: 'class_cancelled', lateCancel: false })).toBe(false);
    expect(deservesNotice('booking.cancelled.v1', { reason: 'moved', lateCancel: false })).toBe(false);
  });
});
