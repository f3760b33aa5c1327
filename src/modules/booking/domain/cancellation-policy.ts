import type { BookingPaymentMethod, BookingStatus } from '../contracts.ts';

/**
 * The cancellation policy (seed 001 "Politique d'annulation", seed 000 "Remboursement total",
 * "Remboursement de forfaits", "Pas de remboursement", "Annulation tardive") as one pure
 * decision: may this booking be cancelled now, is it a late cancel, and what goes back.
 *
 * Times are instants: "25 h before" is 25 real hours of elapsed time, also across a DST change.
 */

export type RefundMode = 'all' | 'packs_only' | 'none';
export type RefundKind = 'none' | 'class_credit' | 'dollar_credit';

export interface CancellationPolicy {
  refundMode: RefundMode;
  /** A cancellation at least this many minutes before the start is refunded; later, nothing is. */
  creditCutoffMin: number;
  /** A cancellation less than this many minutes before the start is a late cancel (0: never). */
  lateCancelMin: number;
}

export interface CancellationFacts {
  startsAt: Date;
  now: Date;
  policy: CancellationPolicy;
  status: BookingStatus;
  paymentMethod: BookingPaymentMethod | null;
  /**
   * The membership that paid counts its uses (a class pack, an intro offer, a plan with a number
   * of classes per period or in total); false for an unlimited membership, which spent nothing.
   */
  usageCounted: boolean;
  paidMinor: number;
  by: 'customer' | 'staff';
  /** The studio lets customers cancel their own bookings online. */
  customersMayCancel: boolean;
  /** Staff only: `refund` true gives back what was paid whatever the policy, false keeps it; `waiveLateCancel` does not count a late cancel. */
  override?: { refund?: boolean | undefined; waiveLateCancel?: boolean | undefined } | undefined;
}

export type NotAllowedReason = 'not_cancellable' | 'cancellation_not_allowed' | 'class_started';

export interface CancellationDecision {
  allowed: boolean;
  /** Why not, when not allowed. */
  reason: NotAllowedReason | null;
  lateCancel: boolean;
  refundKind: RefundKind;
  refundMinor: number;
  /** start − credit cutoff: until this instant a cancellation is refunded. */
  refundableUntil: Date;
}

const minute = 60_000;
const moneyMethods: readonly (BookingPaymentMethod | null)[] = ['card', 'prepaid_credit', 'cash', 'terminal'];
const membershipMethods: readonly (BookingPaymentMethod | null)[] = ['membership', 'intro_offer'];

/**
 * What is given back for a booking under a refund mode (time aside): mode all → a class credit
 * to the pack or membership that paid (when it counts uses), dollar credits equal to what was
 * paid otherwise; packs_only → only a class credit to a pack or usage-counted membership;
 * none → nothing. Free and complimentary places, and places covered by a semester/course
 * registration (refunded by cancelling the registration), give nothing back.
 */
export function refundFor(mode: RefundMode, b: { paymentMethod: BookingPaymentMethod | null; usageCounted: boolean; paidMinor: number }): { refundKind: RefundKind; refundMinor: number } {
  const none = { refundKind: 'none' as const, refundMinor: 0 };
  if (mode === 'none') return none;
  if (membershipMethods.includes(b.paymentMethod)) return b.usageCounted ? { refundKind: 'class_credit', refundMinor: 0 } : none;
  if (mode === 'all' && moneyMethods.includes(b.paymentMethod) && b.paidMinor > 0) return { refundKind: 'dollar_credit', refundMinor: b.paidMinor };
  return none;
}

/**
 * A full refund by how the booking was paid, the policy aside (a class the studio cancelled):
 * a class credit back to a pack, dollar credits for money (a registration's place: its share).
 */
export function fullRefundFor(b: { paymentMethod: BookingPaymentMethod | null; usageCounted: boolean; paidMinor: number }): { refundKind: RefundKind; refundMinor: number } {
  if (b.paymentMethod === 'registration' && b.paidMinor > 0) return { refundKind: 'dollar_credit', refundMinor: b.paidMinor };
  return refundFor('all', b);
}

export function decideCancellation(f: CancellationFacts): CancellationDecision {
  const refundableUntil = new Date(f.startsAt.getTime() - f.policy.creditCutoffMin * minute);
  const refusal = (reason: NotAllowedReason): CancellationDecision => ({ allowed: false, reason, lateCancel: false, refundKind: 'none', refundMinor: 0, refundableUntil });
  const nothing: CancellationDecision = { allowed: true, reason: null, lateCancel: false, refundKind: 'none', refundMinor: 0, refundableUntil };

  if (!['pending', 'booked', 'waitlisted', 'offered'].includes(f.status)) return refusal('not_cancellable');
  if (f.by === 'customer' && !f.customersMayCancel) return refusal('cancellation_not_allowed');
  const leadMs = f.startsAt.getTime() - f.now.getTime();
  if (f.by === 'customer' && leadMs <= 0 && f.status !== 'waitlisted' && f.status !== 'offered') return refusal('class_started');
  // Leaving the waitlist, or giving up a spot whose payment never completed: nothing was paid.
  if (f.status !== 'booked') return nothing;

  const override = f.by === 'staff' ? f.override : undefined;
  const lateCancel = f.policy.lateCancelMin > 0 && leadMs < f.policy.lateCancelMin * minute && !override?.waiveLateCancel;
  const inTime = leadMs >= f.policy.creditCutoffMin * minute;
  const refund =
    override?.refund === true ? fullRefundFor(f) : override?.refund === false || !inTime ? { refundKind: 'none' as const, refundMinor: 0 } : refundFor(f.policy.refundMode, f);
  return { allowed: true, reason: null, lateCancel, ...refund, refundableUntil };
}
