import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Ctx } from '../../../kernel/ctx.ts';
import type { Tx } from '../../../platform/db/client.ts';
import { memberships } from '../../memberships/schema.ts';
import { occurrences, templates } from '../../schedule/schema.ts';
import { bookings } from '../schema.ts';

/**
 * What a cancellation needs to know about a booking's class and the membership that paid:
 * a documented read of schedule's and memberships' tables (no writes).
 */
export interface CancelFacts {
  base: {
    bookingId: string;
    occurrenceId: string;
    seriesId: string;
    templateId: string;
    locationId: string | null;
    customerId: string;
    payerId: string;
    startsAt: string;
  };
  paidWith: { paymentMethod: string | null; membershipId: string | null; planId: string | null };
  className: string;
  startsAt: Date;
  classStatus: string;
  /** The paying membership counts its uses (credits_remaining is not null): a pack, an intro offer, a plan with N classes. */
  usageCounted: boolean;
}

export async function cancelFacts(tx: Tx, ctx: Ctx, bookingId: string): Promise<CancelFacts | undefined> {
  const [r] = await tx
    .select({
      id: bookings.id,
      occurrenceId: bookings.occurrenceId,
      customerId: bookings.customerId,
      payerId: bookings.payerId,
      paymentMethod: bookings.paymentMethod,
      membershipId: bookings.membershipId,
      planId: memberships.planId,
      creditsRemaining: memberships.creditsRemaining,
      seriesId: occurrences.seriesId,
      templateId: occurrences.templateId,
      locationId: occurrences.locationId,
      startsAt: occurrences.startsAt,
      classStatus: occurrences.status,
      className: templates.name,
    })
    .from(bookings)
    .innerJoin(occurrences, and(eq(occurrences.studioId, bookings.studioId), eq(occurrences.id, bookings.occurrenceId)))
    .innerJoin(templates, and(eq(templates.studioId, occurrences.studioId), eq(templates.id, occurrences.templateId)))
    .leftJoin(memberships, and(eq(memberships.studioId, bookings.studioId), eq(memberships.id, bookings.membershipId)))
    .where(and(eq(bookings.studioId, ctx.studioId), eq(bookings.id, bookingId)));
  if (!r) return undefined;
  return {
    base: {
      bookingId: r.id,
      occurrenceId: r.occurrenceId,
      seriesId: r.seriesId,
      templateId: r.templateId,
      locationId: r.locationId,
      customerId: r.customerId,
      payerId: r.payerId,
      startsAt: r.startsAt.toISOString(),
    },
    paidWith: { paymentMethod: r.paymentMethod, membershipId: r.membershipId, planId: r.planId },
    className: r.className,
    startsAt: r.startsAt,
    classStatus: r.classStatus,
    usageCounted: r.membershipId !== null && r.creditsRemaining !== null,
  };
}

/** The places still active in a class (pending, booked, waitlisted, offered), in arrival order. */
export async function activeIdsOf(tx: Tx, ctx: Ctx, occurrenceId: string): Promise<string[]> {
  const rows = await tx
    .select({ id: bookings.id })
    .from(bookings)
    .where(and(eq(bookings.studioId, ctx.studioId), eq(bookings.occurrenceId, occurrenceId), inArray(bookings.status, ['pending', 'booked', 'waitlisted', 'offered'])))
    .orderBy(asc(bookings.createdAt), asc(bookings.id));
  return rows.map((r) => r.id);
}
