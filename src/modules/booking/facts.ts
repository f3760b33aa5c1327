import { and, eq, inArray } from 'drizzle-orm';
import type { Ctx } from '../../kernel/ctx.ts';
import type { Tx } from '../../platform/db/client.ts';
import { memberships } from '../memberships/schema.ts';
import { occurrences, templates } from '../schedule/schema.ts';
import { bookings } from './schema.ts';

/** What every booking event carries about the booking and its class (events.ts `base`). */
export interface EventBase {
  bookingId: string;
  occurrenceId: string;
  seriesId: string;
  templateId: string;
  locationId: string | null;
  customerId: string;
  payerId: string;
  startsAt: string;
}

/** An event's `base` from a booking and its class (no read: both are at hand). */
export function eventBase(
  b: { id: string; occurrenceId: string; customerId: string; payerId: string },
  cls: { seriesId: string; templateId: string; locationId: string | null; startsAt: Date },
): EventBase {
  return {
    bookingId: b.id,
    occurrenceId: b.occurrenceId,
    seriesId: cls.seriesId,
    templateId: cls.templateId,
    locationId: cls.locationId,
    customerId: b.customerId,
    payerId: b.payerId,
    startsAt: cls.startsAt.toISOString(),
  };
}

/**
 * What booking events, cancellations and attendance need to know about a booking, its class and
 * how it was paid (events.ts `base` and `paidWith`). The class is read from schedule's tables and
 * the membership from memberships' (documented reads, no writes).
 */
export interface BookingFacts {
  base: EventBase;
  paidWith: { paymentMethod: string | null; membershipId: string | null; planId: string | null };
  className: string;
  startsAt: Date;
  endsAt: Date;
  classStatus: string;
  checkedIn: boolean;
  /** The paying membership counts its uses (credits_remaining is not null): a pack, an intro offer, a plan with N classes. */
  usageCounted: boolean;
}

/** The facts of any number of bookings of this studio, in one statement (absent ids are not in the map). */
export async function bookingFacts(tx: Tx, ctx: Ctx, ids: readonly string[]): Promise<Map<string, BookingFacts>> {
  if (ids.length === 0) return new Map();
  const rows = await tx
    .select({
      id: bookings.id,
      occurrenceId: bookings.occurrenceId,
      customerId: bookings.customerId,
      payerId: bookings.payerId,
      paymentMethod: bookings.paymentMethod,
      membershipId: bookings.membershipId,
      checkedInAt: bookings.checkedInAt,
      planId: memberships.planId,
      creditsRemaining: memberships.creditsRemaining,
      seriesId: occurrences.seriesId,
      templateId: occurrences.templateId,
      locationId: occurrences.locationId,
      startsAt: occurrences.startsAt,
      endsAt: occurrences.endsAt,
      classStatus: occurrences.status,
      className: templates.name,
    })
    .from(bookings)
    .innerJoin(occurrences, and(eq(occurrences.studioId, bookings.studioId), eq(occurrences.id, bookings.occurrenceId)))
    .innerJoin(templates, and(eq(templates.studioId, occurrences.studioId), eq(templates.id, occurrences.templateId)))
    .leftJoin(memberships, and(eq(memberships.studioId, bookings.studioId), eq(memberships.id, bookings.membershipId)))
    .where(and(eq(bookings.studioId, ctx.studioId), inArray(bookings.id, [...ids])));
  return new Map(
    rows.map((r) => [
      r.id,
      {
        base: eventBase(r, r),
        paidWith: { paymentMethod: r.paymentMethod, membershipId: r.membershipId, planId: r.planId },
        className: r.className,
        startsAt: r.startsAt,
        endsAt: r.endsAt,
        classStatus: r.classStatus,
        checkedIn: r.checkedInAt !== null,
        usageCounted: r.membershipId !== null && r.creditsRemaining !== null,
      },
    ]),
  );
}

/** The facts of one booking of this studio, if it exists. */
export async function bookingFactsOf(tx: Tx, ctx: Ctx, bookingId: string): Promise<BookingFacts | undefined> {
  return (await bookingFacts(tx, ctx, [bookingId])).get(bookingId);
}
