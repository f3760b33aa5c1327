import { z } from 'zod';
import type { DomainEvent } from '../../platform/events/publish.ts';

/** Who and what every booking event is about: enough for messaging and automation to filter without a read. */
const base = {
  bookingId: z.string(),
  occurrenceId: z.string(),
  seriesId: z.string(),
  templateId: z.string(),
  locationId: z.string().nullable(),
  /** The attendee. */
  customerId: z.string(),
  /** Who booked and paid: the attendee, or the parent of a child. */
  payerId: z.string(),
  startsAt: z.string(),
};
const paidWith = {
  paymentMethod: z.string().nullable(),
  membershipId: z.string().nullable(),
  planId: z.string().nullable(),
};
const refund = {
  /** none | class_credit | dollar_credit | card | cash (card and cash: the order was refunded in Sales). */
  refundKind: z.enum(['none', 'class_credit', 'dollar_credit', 'card', 'cash']),
  refundMinor: z.number().int(),
  currency: z.string().nullable(),
};

/**
 * Versioned payloads of the events this module publishes, with the subject the booking (or the
 * registration, or the penalty). Timing follows seed 004: a booking event when the customer
 * books; attendance events when the class starts (a job at `startsAt`); no-show 2 hours after
 * the class ends; late cancel when a cancellation falls inside the late-cancel window.
 * Several events may describe one change (a pack booking publishes `booking.created.v1` and
 * `booking.created_with_membership.v1`): each seed trigger is its own type, so a subscriber
 * picks the one it means.
 */
export const bookingEventSchemas = {
  /** Seed 004 "Inscription à un cours": every booking, including one from the waitlist. */
  'booking.created.v1': z.object({ ...base, ...paidWith, source: z.string(), discountCode: z.string().nullable(), paidMinor: z.number().int(), currency: z.string().nullable() }),
  /** "… avec code de réduction". */
  'booking.created_with_discount.v1': z.object({ ...base, discountCode: z.string() }),
  /** "… sans utiliser d'abonnement": paid by card, cash, prepaid credit or free. */
  'booking.created_without_membership.v1': z.object({ ...base, paymentMethod: z.string().nullable() }),
  /** "Réservation de cours utilisant un abonnement" (a membership or a pack). */
  'booking.created_with_membership.v1': z.object({ ...base, membershipId: z.string(), planId: z.string() }),
  /** Booking through an intro offer; `introOfferBookingNumber` is N for "the Nth booking through intro offers". */
  'booking.created_with_intro_offer.v1': z.object({ ...base, membershipId: z.string(), planId: z.string(), introOfferBookingNumber: z.number().int() }),
  /** "Participation au cours": at the start of a class the customer is booked into. */
  'booking.attended.v1': z.object({ ...base, ...paidWith, checkedIn: z.boolean() }),
  /** "Première participation au cours": the start of the customer's first booked class. */
  'booking.first_attended.v1': z.object({ ...base }),
  'booking.attended_with_membership.v1': z.object({ ...base, membershipId: z.string(), planId: z.string() }),
  'booking.attended_with_intro_offer.v1': z.object({ ...base, membershipId: z.string(), planId: z.string() }),
  'booking.checked_in.v1': z.object({ ...base, by: z.enum(['staff', 'teacher', 'kiosk', 'auto']) }),
  'booking.check_in_undone.v1': z.object({ ...base }),
  /** Any cancellation (customer, staff, a class cancelled by the studio, a move). */
  'booking.cancelled.v1': z.object({
    ...base,
    ...paidWith,
    ...refund,
    by: z.enum(['customer', 'staff', 'system']),
    reason: z.enum(['cancelled', 'class_cancelled', 'moved', 'payment_failed', 'registration_cancelled']),
    lateCancel: z.boolean(),
  }),
  /** "Annulation tardive de réservation de cours": inside the late-cancel window. */
  'booking.late_cancelled.v1': z.object({ ...base, ...paidWith }),
  /** "Annulation d'un cours réservé avec une offre d'introduction". */
  'booking.intro_offer_cancelled.v1': z.object({ ...base, membershipId: z.string(), planId: z.string() }),
  /** "Absence": 2 hours after the end of a class the customer was booked into and not checked in. */
  'booking.no_show.v1': z.object({ ...base, ...paidWith, endsAt: z.string() }),
  'booking.moved.v1': z.object({ ...base, toBookingId: z.string(), toOccurrenceId: z.string(), toStartsAt: z.string() }),
  /**
   * The studio cancelled the class: one per booked customer, with the note staff wrote
   * (`noteToCustomers`) and what was given back (`refundNotice`: the seed 003 wording in the
   * customer's language is rendered by messaging from `refundKind` and the amount).
   */
  'booking.class_cancelled.v1': z.object({ ...base, ...paidWith, ...refund, noteToCustomers: z.string(), refundNotice: z.object({ en: z.string(), fr: z.string() }) }),
  'waitlist.joined.v1': z.object({ ...base, position: z.number().int() }),
  /** A spot is offered: to one customer (confirm) or to everyone waiting (first_come). */
  'waitlist.offered.v1': z.object({ ...base, mode: z.enum(['confirm', 'first_come']), expiresAt: z.string().nullable(), numberOfMinutesToRespond: z.number().int() }),
  'waitlist.promoted.v1': z.object({ ...base, ...paidWith, mode: z.enum(['auto', 'confirm', 'first_come']) }),
  /** Automatic promotion passed over this customer (e.g. no credit left, card declined), with why. */
  'waitlist.skipped.v1': z.object({ ...base, reason: z.string(), message: z.string() }),
  'waitlist.offer_expired.v1': z.object({ ...base }),
  'waitlist.left.v1': z.object({ ...base }),
  'registration.created.v1': z.object({ registrationId: z.string(), seriesId: z.string(), customerId: z.string(), payerId: z.string(), bookingIds: z.array(z.string()), paymentMethod: z.string().nullable() }),
  /**
   * Why the registration ended: nobody paid for it (its holds ran out or the payment failed),
   * its order was refunded in full in Sales, or staff cancelled it (credit for the classes to come).
   */
  'registration.cancelled.v1': z.object({
    registrationId: z.string(),
    seriesId: z.string(),
    customerId: z.string(),
    ...refund,
    by: z.enum(['customer', 'staff', 'system']),
    reason: z.enum(['unpaid', 'order_refunded', 'cancelled']),
  }),
  'penalty.applied.v1': z.object({ penaltyId: z.string(), ruleId: z.string(), bookingId: z.string(), customerId: z.string(), offence: z.enum(['late_cancel', 'no_show']), amountMinor: z.number().int(), currency: z.string() }),
  'penalty.charged.v1': z.object({ penaltyId: z.string(), bookingId: z.string(), customerId: z.string(), amountMinor: z.number().int(), currency: z.string(), orderId: z.string() }),
  'penalty.owed.v1': z.object({ penaltyId: z.string(), bookingId: z.string(), customerId: z.string(), amountMinor: z.number().int(), currency: z.string(), reason: z.string() }),
  'penalty.waived.v1': z.object({ penaltyId: z.string(), bookingId: z.string(), customerId: z.string(), refunded: z.boolean() }),
} as const;

export type BookingEventType = keyof typeof bookingEventSchemas;
export type BookingEventPayload<T extends BookingEventType> = z.infer<(typeof bookingEventSchemas)[T]>;

export function bookingEvent<T extends BookingEventType>(type: T, subjectId: string, payload: BookingEventPayload<T>): DomainEvent {
  return { type, subjectId, payload: bookingEventSchemas[type].parse(payload) as Record<string, unknown> };
}
