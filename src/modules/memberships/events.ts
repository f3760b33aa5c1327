import { z } from 'zod';
import type { DomainEvent } from '../../platform/events/publish.ts';

const base = { membershipId: z.string(), customerId: z.string(), planId: z.string() };

/**
 * Versioned payloads of the events this module publishes (the seed 004 triggers). The subject
 * is the membership. Each is published in the transaction of the change it announces.
 */
export const membershipEventSchemas = {
  'membership.purchased.v1': z.object({ ...base, kind: z.string(), orderId: z.string().nullable(), priceMinor: z.number().int(), currency: z.string() }),
  'membership.frozen.v1': z.object({ ...base, freezeId: z.string(), startsAt: z.string(), endsAt: z.string().nullable() }),
  /** The act of scheduling the unfreeze (seed: "Dégel programmé"), with the instant it will happen. */
  'membership.unfreeze_scheduled.v1': z.object({ ...base, freezeId: z.string(), unfreezeAt: z.string() }),
  'membership.unfrozen.v1': z.object({ ...base, freezeId: z.string(), periodEnd: z.string().nullable(), shiftedDays: z.number().int() }),
  /** Renewal cancelled: access lasts until `accessUntil` (exclusive). */
  'membership.cancelled.v1': z.object({ ...base, accessUntil: z.string().nullable(), by: z.enum(['staff', 'customer', 'system']) }),
  'membership.renewed.v1': z.object({ ...base, renewalId: z.string(), periodStart: z.string(), periodEnd: z.string(), amountMinor: z.number().int(), orderId: z.string().nullable() }),
  'membership.renewal_failed.v1': z.object({ ...base, renewalId: z.string(), attempt: z.number().int(), failureMessage: z.string(), nextAttemptAt: z.string().nullable() }),
  'membership.renewal_price_changed.v1': z.object({ ...base, fromMinor: z.number().int(), toMinor: z.number().int() }),
  'membership.expired.v1': z.object({ ...base, reason: z.enum(['period_ended', 'renewal_cancelled', 'renewal_failed', 'pack_expired', 'refunded']) }),
  'pack.last_credit_used.v1': z.object({ ...base, bookingId: z.string() }),
  'pack.credits_left.v1': z.object({ ...base, bookingId: z.string(), creditsLeft: z.number().int() }),
  'intro_offer.purchased.v1': z.object({ ...base, orderId: z.string().nullable() }),
  'intro_offer.expired.v1': z.object({ ...base }),
  'instalment.paid.v1': z.object({ ...base, instalmentId: z.string(), amountMinor: z.number().int(), orderId: z.string().nullable() }),
  'instalment.failed.v1': z.object({ ...base, instalmentId: z.string(), failureMessage: z.string() }),
} as const;

export type MembershipEventType = keyof typeof membershipEventSchemas;
export type MembershipEventPayload<T extends MembershipEventType> = z.infer<(typeof membershipEventSchemas)[T]>;

export function membershipEvent<T extends MembershipEventType>(type: T, subjectId: string, payload: MembershipEventPayload<T>): DomainEvent {
  return { type, subjectId, payload: membershipEventSchemas[type].parse(payload) as Record<string, unknown> };
}
