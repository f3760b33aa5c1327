import { describe, expect, it } from 'vitest';
import { bookabilityOf, type BookableOccurrence, type BookingRules } from './bookability.ts';

const startsAt = new Date('2025-06-02T16:00:00Z'); // Monday 18:00 in Paris (+02:00)
const occurrence = (over: Partial<BookableOccurrence> = {}): BookableOccurrence => ({
  startsAt,
  status: 'scheduled',
  capacity: 10,
  bookedCount: 3,
  timeZone: 'Europe/Paris',
  ...over,
});
const rules = (over: Partial<BookingRules> = {}): BookingRules => ({ salesCutoffMin: 0, bookingWindowDays: null, ...over });
const at = (iso: string) => new Date(iso);

describe('bookability of a class', () => {
  it.each([
    ['open with spots left', occurrence(), rules(), '2025-06-01T10:00:00Z', 'open', 7],
    ['full when every spot is booked', occurrence({ bookedCount: 10 }), rules(), '2025-06-01T10:00:00Z', 'full', 0],
    ['never a negative count when staff overbooked it', occurrence({ bookedCount: 12 }), rules(), '2025-06-01T10:00:00Z', 'full', 0],
    ['cancelled, whatever else holds', occurrence({ status: 'cancelled', bookedCount: 10 }), rules(), '2025-06-03T10:00:00Z', 'cancelled', 0],
    ['a deleted class reads as cancelled', occurrence({ status: 'deleted' }), rules(), '2025-06-01T10:00:00Z', 'cancelled', 7],
    ['started at its start instant', occurrence(), rules(), '2025-06-02T16:00:00Z', 'started', 7],
    ['started when over', occurrence(), rules(), '2025-06-09T10:00:00Z', 'started', 7],
    ['open one millisecond before the start with no cutoff', occurrence(), rules(), '2025-06-02T15:59:59.999Z', 'open', 7],
    ['sales closed at the cutoff', occurrence(), rules({ salesCutoffMin: 60 }), '2025-06-02T15:00:00Z', 'sales_closed', 7],
    ['open a minute before the cutoff', occurrence(), rules({ salesCutoffMin: 60 }), '2025-06-02T14:59:00Z', 'open', 7],
    ['sales closed wins over full inside the cutoff', occurrence({ bookedCount: 10 }), rules({ salesCutoffMin: 60 }), '2025-06-02T15:30:00Z', 'sales_closed', 0],
    ['not yet open beyond the booking window', occurrence(), rules({ bookingWindowDays: 7 }), '2025-05-26T15:59:00Z', 'not_yet_open', 7],
    ['open from the moment the window opens', occurrence(), rules({ bookingWindowDays: 7 }), '2025-05-26T16:00:00Z', 'open', 7],
  ] as const)('%s', (_name, occ, r, now, expected, spotsLeft) => {
    const result = bookabilityOf(occ, r, at(now));

    expect(result.bookability).toBe(expected);
    expect(result.spotsLeft).toBe(spotsLeft);
  });

  it('closes booking the cutoff before the start and names the instant', () => {
    const result = bookabilityOf(occurrence(), rules({ salesCutoffMin: 90 }), at('2025-06-01T00:00:00Z'));

    expect(result.closesAt.toISOString()).toBe('2025-06-02T14:30:00.000Z');
    expect(result.opensAt).toBeNull();
  });

  it('opens the window at the same wall time days before, across a DST change (Paris, spring forward)', () => {
    // Monday 2025-03-31 18:00 +02:00; seven days earlier, 2025-03-24 18:00 was +01:00 (17:00Z).
    const occ = occurrence({ startsAt: at('2025-03-31T16:00:00Z') });

    const before = bookabilityOf(occ, rules({ bookingWindowDays: 7 }), at('2025-03-24T16:59:59Z'));
    const after = bookabilityOf(occ, rules({ bookingWindowDays: 7 }), at('2025-03-24T17:00:00Z'));

    expect(before.opensAt?.toISOString()).toBe('2025-03-24T17:00:00.000Z');
    expect(before.bookability).toBe('not_yet_open');
    expect(after.bookability).toBe('open');
  });

  it('counts window days in the class zone (New York, fall back)', () => {
    // Monday 2025-11-03 18:00 -05:00 (23:00Z); the Monday before at 18:00 was -04:00 (22:00Z).
    const occ = occurrence({ startsAt: at('2025-11-03T23:00:00Z'), timeZone: 'America/New_York' });

    const result = bookabilityOf(occ, rules({ bookingWindowDays: 7 }), at('2025-10-27T21:00:00Z'));

    expect(result.opensAt?.toISOString()).toBe('2025-10-27T22:00:00.000Z');
    expect(result.bookability).toBe('not_yet_open');
  });
});
