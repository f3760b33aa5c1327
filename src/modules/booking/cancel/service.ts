import { actorUserId, type Ctx } from '../../../kernel/ctx.ts';
import { newId } from '../../../kernel/ids.ts';
import type { Database, Tx } from '../../../platform/db/client.ts';
import { isUniqueViolation, withStudio } from '../../../platform/db/tx.ts';
import { publish, type DomainEvent } from '../../../platform/events/publish.ts';
import type { StoredEvent } from '../../../platform/events/publish.ts';
import { parseOrThrow } from '../../../platform/validation.ts';
import type { CommerceService, CreditsService } from '../../commerce/index.ts';
import type { CustomersService } from '../../customers/index.ts';
import type { MembershipsService } from '../../memberships/index.ts';
import type { StudiosService } from '../../studios/index.ts';
import { releaseBooking, takeSpot } from '../capacity-repo.ts';
import {
  cancelBookingSchema,
  moveBookingSchema,
  type BookingDto,
  type BookingPaymentMethod,
  type BookingSettingsDto,
  type BookingStatus,
  type CancelBookingInput,
  type CancelPreviewDto,
  type MoveBookingInput,
} from '../contracts.ts';
import { decideCancellation, fullRefundFor, type CancellationDecision, type RefundKind } from '../domain/cancellation-policy.ts';
import { refundNotice } from '../domain/refund-notice.ts';
import { bookingDto } from '../dto.ts';
import { BookingError, bookingNotFound, classNotFound } from '../errors.ts';
import { bookingEvent } from '../events.ts';
import { bookingFactsOf, type BookingFacts } from '../facts.ts';
import * as bookingRepo from '../repo.ts';
import { activeIdsOf } from './repo.ts';
import { assertOwn, customerIdOf } from '../actors.ts';

export interface CancelDeps {
  database: Database;
  /** The studio's booking settings (the settings service's `get`). */
  settings: { get(tx: Tx, ctx: Ctx): Promise<BookingSettingsDto> };
  studios: Pick<StudiosService, 'getStudioSettings'>;
  customers: Pick<CustomersService, 'getOwnProfile'>;
  memberships: Pick<MembershipsService, 'returnCredit' | 'consumeCredit'>;
  credits: Pick<CreditsService, 'post'>;
  /** Money paid through an order goes back on that order (so it shows as refunded and cannot be refunded twice). */
  commerce: Pick<CommerceService, 'refundToCreditInTx'>;
  /** The waitlist gives a freed spot to the next in line; called in the transaction that freed it. */
  waitlist: { onSpotFreed(tx: Tx, ctx: Ctx, occurrenceId: string): Promise<void> };
}

/** Plugged in at composition: attendance schedules its jobs for a booking a move made. */
export interface CancelHooks {
  onBooked?(tx: Tx, ctx: Ctx, booking: bookingRepo.BookingRow, occurrence: { id: string; startsAt: Date; endsAt: Date }): Promise<void>;
}

type CancelReason = 'cancelled' | 'class_cancelled' | 'moved' | 'registration_cancelled';
type By = 'customer' | 'staff' | 'system';

/** What one cancellation did. */
export interface Cancelled {
  row: bookingRepo.BookingRow;
  refundKind: RefundKind | 'card' | 'cash';
  refundMinor: number;
  currency: string | null;
  lateCancel: boolean;
  /** The row held a spot (pending or booked) and gave it back. */
  freedSpot: boolean;
}

const holding = new Set<string>(['pending', 'booked']);
const waiting = ['waitlisted', 'offered'] as const;

const byOf = (ctx: Ctx): By => (ctx.actor.kind === 'customer' ? 'customer' : ctx.actor.kind === 'system' ? 'system' : 'staff');

function refusal(decision: CancellationDecision): BookingError {
  switch (decision.reason) {
    case 'cancellation_not_allowed':
      return new BookingError('cancellation_not_allowed', 'The studio does not let customers cancel online: please contact the studio.');
    case 'class_started':
      return new BookingError('class_started', 'This class has started: it can no longer be cancelled online.');
    default:
      return new BookingError('not_cancellable', 'This booking is already cancelled or over.');
  }
}

function mapUniqueViolation(err: unknown): never {
  if (isUniqueViolation(err)) {
    const text = JSON.stringify(err, Object.getOwnPropertyNames(err as object)) + String((err as { cause?: unknown }).cause ?? '');
    if (text.includes('booking_bookings_spot_key')) throw new BookingError('spot_taken', 'Someone has this spot in that class: choose another.', [{ path: 'spotLabel', message: 'Taken' }]);
    throw new BookingError('already_booked', 'This customer already has a place in that class.', [{ path: 'occurrenceId', message: 'Already booked' }]);
  }
  throw err;
}

/**
 * Cancelling and moving bookings, and what a class the studio cancelled does to them.
 *
 * Exactly once: the booking row is locked, the policy decides, and the status change is a
 * guarded UPDATE (`releaseBooking`: only a pending/booked row, which gives its spot back in the
 * same statement's transaction); only when that UPDATE changed the row is anything given back —
 * a class credit (`memberships.returnCredit`, itself once per booking) or dollar credits
 * (commerce's prepaid-credit ledger, reason `cancellation`) — in the same transaction. A second
 * cancel, or a redelivered event, finds the row no longer holding and gives nothing.
 */
export function createCancelService(deps: CancelDeps) {
  const { database, settings, studios, customers, memberships, credits, commerce, waitlist } = deps;
  let hooks: CancelHooks = {};

  async function currencyOf(tx: Tx, ctx: Ctx, row: bookingRepo.BookingRow): Promise<string> {
    return row.currency ?? (await studios.getStudioSettings(ctx, tx)).currency;
  }

  async function decide(tx: Tx, ctx: Ctx, row: bookingRepo.BookingRow, facts: BookingFacts, input: CancelBookingInput): Promise<CancellationDecision> {
    const s = await settings.get(tx, ctx);
    return decideCancellation({
      startsAt: facts.startsAt,
      now: ctx.clock.now(),
      policy: { refundMode: s.classRefundMode, creditCutoffMin: s.classCreditCutoffMin, lateCancelMin: s.classLateCancelMin },
      status: row.status as BookingStatus,
      paymentMethod: row.paymentMethod as BookingPaymentMethod | null,
      usageCounted: facts.usageCounted,
      paidMinor: row.paidMinor,
      by: byOf(ctx) === 'customer' ? 'customer' : 'staff',
      customersMayCancel: s.customersMayCancel,
      override: { refund: input.refundOverride, waiveLateCancel: input.waiveLateCancel },
    });
  }

  /**
   * Ends one place: a holding row becomes cancelled/late_cancelled and gives its spot back; a
   * waiting row is removed. Then gives back `outcome` — once, only if this call changed the row.
   * Null when the row was no longer active (someone else ended it first).
   */
  async function end(
    tx: Tx,
    ctx: Ctx,
    row: bookingRepo.BookingRow,
    facts: BookingFacts,
    outcome: { refundKind: RefundKind; refundMinor: number; lateCancel: boolean },
    meta: {
      by: By;
      reason: CancelReason;
      publishCancelled?: boolean;
      /** The money already went back (a refund of the booking's order made in Sales): record it, give nothing more. */
      refunded?: { kind: 'card' | 'cash' | 'dollar_credit'; amountMinor: number };
    },
  ): Promise<Cancelled | null> {
    const now = ctx.clock.now();
    const cancelledBy = actorUserId(ctx.actor) ?? meta.by;
    const currency = await currencyOf(tx, ctx, row);
    if (!holding.has(row.status)) {
      const removed = await bookingRepo.updateBooking(tx, ctx, row.id, waiting, { status: 'removed', offerExpiresAt: null, cancelledAt: now, cancelledBy });
      if (!removed) return null;
      if (meta.reason !== 'class_cancelled') await publish(tx, ctx, bookingEvent('waitlist.left.v1', row.id, { ...facts.base }));
      return { row: removed, refundKind: 'none', refundMinor: 0, currency, lateCancel: false, freedSpot: false };
    }
    const status = outcome.lateCancel ? 'late_cancelled' : 'cancelled';
    let refundKind: RefundKind | 'card' | 'cash' = meta.refunded ? meta.refunded.kind : row.status === 'booked' ? outcome.refundKind : 'none';
    let refundMinor = meta.refunded ? Math.min(meta.refunded.amountMinor, row.paidMinor) : refundKind === 'dollar_credit' ? Math.min(outcome.refundMinor, row.paidMinor) : 0;
    const released = await releaseBooking(tx, ctx, row.id, { status, cancelledAt: now, cancelledBy, refundKind, refundMinor, offerExpiresAt: null, holdExpiresAt: null });
    if (!released) return null;

    if (meta.refunded) {
      // Given back by the order's refund already.
    } else if (refundKind === 'class_credit') {
      const entry = row.membershipId ? await memberships.returnCredit(tx, ctx, { membershipId: row.membershipId, bookingId: row.id, reason: `Cancelled: ${facts.className}` }) : null;
      if (!entry) {
        refundKind = 'none';
        await bookingRepo.updateBooking(tx, ctx, row.id, [status], { refundKind: 'none' });
      }
    } else if (refundKind === 'dollar_credit' && refundMinor > 0 && row.orderId) {
      // Paid through an order: the refund is recorded on it (capped at what the order still holds), so
      // Sales shows it and nobody can refund the same money again to the card.
      const refunded = await commerce.refundToCreditInTx(tx, ctx, {
        orderId: row.orderId,
        lineKinds: ['class_booking', 'class_registration'],
        amountMinor: refundMinor,
        reason: `Cancelled: ${facts.className}, ${facts.base.startsAt}`,
        idempotencyKey: `booking-cancel:${row.id}`,
        creditReason: 'cancellation',
      });
      if (refunded !== refundMinor) {
        refundMinor = refunded;
        if (refunded === 0) refundKind = 'none';
        await bookingRepo.updateBooking(tx, ctx, row.id, [status], { refundKind, refundMinor });
      }
    } else if (refundKind === 'dollar_credit' && refundMinor > 0) {
      await credits.post(tx, ctx, {
        customerId: row.payerId,
        deltaMinor: refundMinor,
        reason: 'cancellation',
        bookingId: row.id,
        orderId: row.orderId,
        note: `Cancelled: ${facts.className}, ${facts.base.startsAt}`,
      });
    } else {
      refundKind = 'none';
      refundMinor = 0;
    }

    const events: DomainEvent[] = [];
    if (meta.publishCancelled !== false) {
      events.push(
        bookingEvent('booking.cancelled.v1', row.id, {
          ...facts.base,
          ...facts.paidWith,
          refundKind,
          refundMinor,
          currency,
          by: meta.by,
          reason: meta.reason,
          lateCancel: outcome.lateCancel,
        }),
      );
    }
    if (outcome.lateCancel) events.push(bookingEvent('booking.late_cancelled.v1', row.id, { ...facts.base, ...facts.paidWith }));
    if (meta.reason === 'cancelled' && row.status === 'booked' && row.paymentMethod === 'intro_offer' && facts.paidWith.membershipId && facts.paidWith.planId) {
      events.push(bookingEvent('booking.intro_offer_cancelled.v1', row.id, { ...facts.base, membershipId: facts.paidWith.membershipId, planId: facts.paidWith.planId }));
    }
    await publish(tx, ctx, ...events);
    const final = (await bookingRepo.findBooking(tx, ctx, row.id))!;
    return { row: final, refundKind, refundMinor, currency, lateCancel: outcome.lateCancel, freedSpot: true };
  }

  /** The signed-in customer's id (null for staff and the system), read before the transaction. */
  const meOf = (ctx: Ctx) => customerIdOf(customers, ctx);

  /** The locked row and its facts; `booking_not_found` when not in this studio, `not_your_booking` for a customer's other bookings. */
  async function load(tx: Tx, ctx: Ctx, bookingId: string, me: string | null) {
    const row = await bookingRepo.findBooking(tx, ctx, bookingId, { lock: true });
    if (!row) throw bookingNotFound();
    assertOwn(me, row);
    const facts = (await bookingFactsOf(tx, ctx, bookingId))!;
    return { row, facts };
  }

  async function cancelIn(tx: Tx, ctx: Ctx, bookingId: string, me: string | null, input: CancelBookingInput): Promise<Cancelled> {
    const { row, facts } = await load(tx, ctx, bookingId, me);
    const decision = await decide(tx, ctx, row, facts, input);
    if (!decision.allowed) throw refusal(decision);
    const done = await end(tx, ctx, row, facts, decision, { by: byOf(ctx), reason: 'cancelled' });
    if (!done) throw refusal({ ...decision, allowed: false, reason: 'not_cancellable' });
    if (done.freedSpot && facts.classStatus === 'scheduled') await waitlist.onSpotFreed(tx, ctx, row.occurrenceId);
    return done;
  }

  async function preview(ctx: Ctx, bookingId: string, input: CancelBookingInput): Promise<CancelPreviewDto> {
    const me = await meOf(ctx);
    return withStudio(database, ctx.studioId, async (tx) => {
      const { row, facts } = await load(tx, ctx, bookingId, me);
      const d = await decide(tx, ctx, row, facts, input);
      return {
        allowed: d.allowed,
        lateCancel: d.lateCancel,
        refundKind: d.refundKind,
        refundMinor: d.refundMinor,
        currency: await currencyOf(tx, ctx, row),
        refundableUntil: d.refundableUntil.toISOString(),
      };
    });
  }

  /** A full refund by how each customer paid, for a class the studio cancelled; one `booking.class_cancelled.v1` each. */
  async function cancelAllOfClass(tx: Tx, ctx: Ctx, occurrenceId: string, note: string): Promise<number> {
    let ended = 0;
    for (const id of await activeIdsOf(tx, ctx, occurrenceId)) {
      const row = await bookingRepo.findBooking(tx, ctx, id, { lock: true });
      if (!row) continue;
      const facts = (await bookingFactsOf(tx, ctx, id))!;
      const refund = row.status === 'booked' ? fullRefundFor({ paymentMethod: row.paymentMethod as BookingPaymentMethod | null, usageCounted: facts.usageCounted, paidMinor: row.paidMinor }) : { refundKind: 'none' as const, refundMinor: 0 };
      const done = await end(tx, ctx, row, facts, { ...refund, lateCancel: false }, { by: 'system', reason: 'class_cancelled' });
      if (!done) continue;
      ended++;
      const notice = refundNotice({ refundKind: done.refundKind, refundMinor: done.refundMinor, currency: done.currency, paymentMethod: row.paymentMethod as BookingPaymentMethod | null });
      await publish(
        tx,
        ctx,
        bookingEvent('booking.class_cancelled.v1', id, {
          ...facts.base,
          ...facts.paidWith,
          refundKind: done.refundKind,
          refundMinor: done.refundMinor,
          currency: done.currency,
          noteToCustomers: note,
          refundNotice: notice,
        }),
      );
    }
    return ended;
  }

  /**
   * A booking's order line was refunded in full in Sales: the place the order paid for ends
   * (cancelled, its spot to the waitlist), and what Sales gave back is recorded as its refund —
   * nothing more is given. In the refund's transaction (the class_booking line's `onRefund`); a
   * place that already ended is left as it is.
   */
  async function onBookingLineRefunded(tx: Tx, ctx: Ctx, orderId: string, refund: { amountMinor: number; full: boolean; destination: 'card' | 'prepaid_credit' | 'cash' }): Promise<void> {
    if (!refund.full) return;
    // A moved booking carries its order on the new row: end whichever place the order still holds.
    for (const candidate of await bookingRepo.findByOrder(tx, ctx, orderId)) {
      if (!holding.has(candidate.status)) continue;
      const row = (await bookingRepo.findBooking(tx, ctx, candidate.id, { lock: true }))!;
      const facts = (await bookingFactsOf(tx, ctx, row.id))!;
      const kind = refund.destination === 'prepaid_credit' ? ('dollar_credit' as const) : refund.destination;
      const refunded = { kind, amountMinor: refund.amountMinor };
      const done = await end(tx, ctx, row, facts, { refundKind: 'none', refundMinor: 0, lateCancel: false }, { by: byOf(ctx), reason: 'cancelled', refunded });
      if (done?.freedSpot && facts.classStatus === 'scheduled') await waitlist.onSpotFreed(tx, ctx, row.occurrenceId);
    }
  }

  return {
    onBookingLineRefunded,
    /** Composition: attendance plugs in here. */
    useHooks(next: CancelHooks) {
      hooks = { ...hooks, ...next };
    },

    /** Ends one place inside the caller's transaction (registrations cancel their bookings with it). */
    end,

    /**
     * Cancels a booking (staff: anyone's, with optional overrides; a customer: their own or their
     * child's, when the studio allows it). The policy decides what goes back; the freed spot goes
     * to the waitlist.
     */
    async cancel(ctx: Ctx, bookingId: string, input: CancelBookingInput | unknown = {}): Promise<BookingDto> {
      const v = parseOrThrow(cancelBookingSchema, input ?? {});
      const me = await meOf(ctx);
      return withStudio(database, ctx.studioId, async (tx) => {
        await cancelIn(tx, ctx, bookingId, me, me === null ? v : { waiveLateCancel: false });
        return bookingDto(tx, ctx, bookingId);
      });
    },

    /** A customer cancels their own booking (or their child's): the policy only, no overrides. */
    async cancelOwn(ctx: Ctx, bookingId: string): Promise<BookingDto> {
      const me = await meOf(ctx);
      if (me === null) throw new BookingError('not_your_booking', 'This booking is not yours.');
      return withStudio(database, ctx.studioId, async (tx) => {
        await cancelIn(tx, ctx, bookingId, me, { waiveLateCancel: false });
        return bookingDto(tx, ctx, bookingId);
      });
    },

    /** What cancelling now would do (late cancel? what goes back? until when is it refunded?). */
    async cancelPreview(ctx: Ctx, bookingId: string, input: CancelBookingInput | unknown = {}): Promise<CancelPreviewDto> {
      const v = parseOrThrow(cancelBookingSchema, input ?? {});
      return preview(ctx, bookingId, byOf(ctx) === 'customer' ? { waiveLateCancel: false } : v);
    },

    /**
     * Moves a booked customer to another class (seed 000 "Déplacer"): the place here is cancelled
     * (reason moved, nothing refunded: the payment carries over to the new booking — money as
     * paid, a pack's class credit moves with it), a spot is taken in the target class, and this
     * class's freed spot goes to its waitlist. Staff may move into any scheduled class (past the
     * sales cutoff); the target must have room.
     */
    async move(ctx: Ctx, bookingId: string, input: MoveBookingInput | unknown): Promise<BookingDto> {
      const v = parseOrThrow(moveBookingSchema, input);
      return withStudio(database, ctx.studioId, async (tx) => {
        const { row, facts } = await load(tx, ctx, bookingId, null);
        if (row.status !== 'booked') throw new BookingError('not_cancellable', 'Only a booked place can be moved.');
        if (v.occurrenceId === row.occurrenceId) throw new BookingError('invalid_booking', 'Choose another class to move to.', [{ path: 'occurrenceId', message: 'Same class' }]);
        const target = await bookingRepo.findClass(tx, ctx, v.occurrenceId);
        if (!target || target.status === 'deleted') throw classNotFound();
        if (target.status === 'cancelled') throw new BookingError('class_cancelled', 'That class is cancelled.');
        if (v.spotLabel) {
          const spots = target.spotSelection && target.spotMap ? target.spotMap.cells.filter((c) => c.kind === 'spot').map((c) => c.label) : [];
          if (!spots.includes(v.spotLabel)) throw new BookingError('invalid_spot', `There is no spot "${v.spotLabel}" in that class.`, [{ path: 'spotLabel', message: 'Unknown spot' }]);
        }
        const now = ctx.clock.now();
        const done = await end(tx, ctx, row, facts, { refundKind: 'none', refundMinor: 0, lateCancel: false }, { by: byOf(ctx), reason: 'moved' });
        if (!done) throw new BookingError('not_cancellable', 'This booking is already cancelled or over.');
        if (!(await takeSpot(tx, ctx, target.id))) throw new BookingError('class_full', 'That class is full.');
        let moved: bookingRepo.BookingRow;
        try {
          moved = await bookingRepo.insertBooking(tx, ctx, {
            id: newId('booking'),
            occurrenceId: target.id,
            customerId: row.customerId,
            payerId: row.payerId,
            status: 'booked',
            source: 'move',
            paymentMethod: row.paymentMethod,
            membershipId: row.membershipId,
            orderId: row.orderId,
            paidMinor: row.paidMinor,
            currency: row.currency,
            discountCode: row.discountCode,
            spotLabel: v.spotLabel ?? null,
            registrationId: row.registrationId,
            movedFromBookingId: row.id,
            bookedAt: now,
            createdBy: actorUserId(ctx.actor),
            createdAt: now,
          });
        } catch (err) {
          mapUniqueViolation(err);
        }
        // A pack's credit follows the place: given back for the old booking and spent on the new one, in this transaction.
        if (row.membershipId && facts.usageCounted) {
          const returned = await memberships.returnCredit(tx, ctx, { membershipId: row.membershipId, bookingId: row.id, reason: 'Moved to another class' });
          if (returned) await memberships.consumeCredit(tx, ctx, { membershipId: row.membershipId, bookingId: moved.id, occurrenceId: target.id });
        }
        await publish(tx, ctx, bookingEvent('booking.moved.v1', row.id, { ...facts.base, toBookingId: moved.id, toOccurrenceId: target.id, toStartsAt: target.startsAt.toISOString() }));
        await hooks.onBooked?.(tx, ctx, moved, { id: target.id, startsAt: target.startsAt, endsAt: target.endsAt });
        if (facts.classStatus === 'scheduled') await waitlist.onSpotFreed(tx, ctx, row.occurrenceId);
        return bookingDto(tx, ctx, moved.id);
      });
    },

    /** Subscriber side of `class.cancelled.v1`: every place in the class ends with a full refund by how it was paid. */
    async onClassCancelled(tx: Tx, event: StoredEvent, ctx: Ctx): Promise<void> {
      const payload = event.payload as { occurrenceId: string; note?: string };
      await cancelAllOfClass(tx, ctx, payload.occurrenceId, payload.note ?? '');
    },
  };
}

export type CancelService = ReturnType<typeof createCancelService>;
