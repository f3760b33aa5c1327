import { timingSafeEqual } from 'node:crypto';
import { actorUserId, type Ctx } from '../../../kernel/ctx.ts';
import type { Clock } from '../../../kernel/clock.ts';
import { DomainError } from '../../../kernel/errors.ts';
import { newId, type StudioId } from '../../../kernel/ids.ts';
import { instantToZoned } from '../../../kernel/time.ts';
import type { Database, Tx } from '../../../platform/db/client.ts';
import { isUniqueViolation, withStudio, withSystem } from '../../../platform/db/tx.ts';
import { publish, type DomainEvent } from '../../../platform/events/publish.ts';
import type { JobCtx, JobResult, Jobs } from '../../../platform/jobs/index.ts';
import { parseOrThrow } from '../../../platform/validation.ts';
import type { CheckoutOptions, CommerceService, CreditsService, FulfilLine, Fulfiller, LineQuote, QuoteInput, RefundOfLine } from '../../commerce/index.ts';
import type { CardsService } from '../../commerce/cards/index.ts';
import { childrenOf, isParentOf, type CustomersService, type FieldsService } from '../../customers/index.ts';
import type { MembershipsService, EligibleMembership } from '../../memberships/index.ts';
import { bookabilityOf } from '../../schedule/index.ts';
import type { WaiversService } from '../../waivers/index.ts';
import { ownCustomerId as ownCustomerIdOf } from '../actors.ts';
import { settleWaivers, waiverVersionId } from '../waivers-at-checkout.ts';
import { releaseBooking, takeSpot } from '../capacity-repo.ts';
import {
  customerBookingsQuerySchema,
  ownBookingSchema,
  staffBookingSchema,
  type BookingDto,
  type BookingListDto,
  type BookingOptionsDto,
  type BookingPayment,
  type BookingResultDto,
  type BookingSettingsDto,
  type CustomerBookingsQuery,
  type OwnBookingInput,
  type StaffBookingInput,
} from '../contracts.ts';
import { bookingDto, bookingDtos } from '../dto.ts';
import { BookingError, bookingNotFound, classNotFound } from '../errors.ts';
import { bookingEvent } from '../events.ts';
import { eventBase } from '../facts.ts';
import * as repo from '../repo.ts';
import { classBookingKind, defineReleaseExpiredHoldsJob, holdMinutes } from './jobs.ts';
import { canBookTogether, createBookTogether } from './together.ts';

export interface BookDeps {
  database: Database;
  clock: Clock;
  jobs: Jobs;
  customers: Pick<CustomersService, 'getCustomer' | 'getOwnProfile'>;
  waivers: Pick<WaiversService, 'pendingFor' | 'acceptAtCheckout'>;
  customerFields: Pick<FieldsService, 'listCheckoutQuestions' | 'saveAnswers'>;
  memberships: Pick<MembershipsService, 'eligibleFor' | 'consumeCredit'>;
  commerce: Pick<CommerceService, 'checkout' | 'chargeSavedCard' | 'settings'>;
  credits: Pick<CreditsService, 'getAccount'>;
  cards: Pick<CardsService, 'listCards'>;
  /** The studio's booking settings (waitlist on/off, cancellation policy): the settings service's `get`. */
  settings: { get(tx: Tx, ctx: Ctx): Promise<BookingSettingsDto> };
}

/** What other parts of booking plug in at composition (the waitlist fills freed spots; attendance schedules its jobs). */
export interface BookHooks {
  /** A spot was given back (a failed payment, an expired hold), in that transaction. */
  onSpotFreed?(tx: Tx, ctx: Ctx, occurrenceId: string): Promise<void>;
  /** A booking's order line was refunded in Sales, in the refund's transaction (the cancel service ends the place). */
  onLineRefunded?(tx: Tx, ctx: Ctx, orderId: string, refund: RefundOfLine): Promise<void>;
  /** A booking became `booked`, in that transaction. */
  onBooked?(tx: Tx, ctx: Ctx, booking: repo.BookingRow, occurrence: { id: string; startsAt: Date; endsAt: Date }): Promise<void>;
}

export type PromoteResult = { ok: true; booking: BookingDto; payment: BookingResultDto['payment'] } | { ok: false; reason: string; message: string };

type MoneyMethod = 'card' | 'prepaid_credit' | 'cash' | 'terminal';
const moneyMethods = new Set<string>(['card', 'prepaid_credit', 'cash', 'terminal']);

/** One booking request, whoever makes it: staff for anyone, a customer for themselves or their child. */
interface BookRequest {
  by: 'staff' | 'customer';
  occurrenceId: string;
  /** Who books and pays. */
  payerId: string;
  /** Who attends (the payer, or their child). */
  attendeeId: string;
  payment: BookingPayment;
  autoCheckIn: boolean;
  spotLabel: string | undefined;
  discountCode: string | undefined;
  acceptedWaiverVersionIds: string[];
  answers: Record<string, unknown>;
  joinWaitlistIfFull: boolean;
}


const minuteMs = 60_000;

/** Semesters and courses are sold as a whole series (one registration), never one class at a time. */
const soldWhole = (cls: Pick<repo.ClassRow, 'kind'>) => cls.kind === 'semester' || cls.kind === 'course';

/** A private class's key, compared in constant time (the share token is the only credential). */
function keyMatches(key: string | undefined, shareToken: string): boolean {
  if (key === undefined) return false;
  const a = Buffer.from(key);
  const b = Buffer.from(shareToken);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The name of the unique index a failed insert ran into, whichever driver raised it. */
function constraintOf(err: unknown): string {
  for (let e = err as { constraint?: unknown; constraint_name?: unknown; message?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 4; depth++) {
    if (typeof e.constraint === 'string') return e.constraint;
    if (typeof e.message === 'string' && e.message.includes('booking_bookings_spot_key')) return 'booking_bookings_spot_key';
    if (typeof e.message === 'string' && e.message.includes('booking_bookings_active_key')) return 'booking_bookings_active_key';
    e = e.cause as typeof e;
  }
  return '';
}

function mapUniqueViolation(err: unknown): never {
  if (isUniqueViolation(err)) {
    if (constraintOf(err) === 'booking_bookings_spot_key') throw new BookingError('spot_taken', 'Someone has just taken this spot: choose another.', [{ path: 'spotLabel', message: 'Taken' }]);
    throw new BookingError('already_booked', 'This customer already has a place in this class.');
  }
  throw err;
}

/**
 * Booking a class (slice "book" of the booking module): staff book anyone, a customer books for
 * themselves or a child; every payment path; the waitlist when full; the `class_booking`
 * fulfiller commerce calls for money paths; and `promote`, which the waitlist calls to give a
 * waiting customer a freed spot.
 *
 * The capacity rule: a spot is taken by `takeSpot` (a guarded UPDATE of booked_count) in the
 * same transaction as the insert of the booking row; a money path holds the spot as `pending`
 * (hold_expires_at) while commerce takes the payment outside any transaction.
 */
export function createBookService(deps: BookDeps) {
  const { database, memberships, commerce } = deps;
  let hooks: BookHooks = {};

  // ---------------------------------------------------------------- helpers

  const ownCustomerId = (ctx: Ctx) => ownCustomerIdOf(deps.customers, ctx);

  /** The person booked (one indexed read of the customers table: the hot path of a booking rush). */
  async function customerOrThrow(tx: Tx, ctx: Ctx, id: string): Promise<repo.PersonRow> {
    const person = await repo.findPerson(tx, ctx, id);
    if (!person) throw new BookingError('customer_not_found', 'This customer does not exist.', [{ path: 'customerId', message: 'Unknown customer' }]);
    return person;
  }

  async function classOrThrow(tx: Tx, ctx: Ctx, occurrenceId: string): Promise<repo.ClassRow> {
    const cls = await repo.findClass(tx, ctx, occurrenceId);
    if (!cls || cls.status === 'deleted') throw classNotFound();
    return cls;
  }

  const planIdOf = (tx: Tx, ctx: Ctx, b: repo.BookingRow) => (b.membershipId ? repo.planIdOfMembership(tx, ctx, b.membershipId) : Promise.resolve(null));

  /**
   * The events of a booking that just became `booked` (same transaction), seed 004's class
   * triggers: created always; with a discount code; without a membership (card, cash, credit,
   * free…); with a membership or pack (intro offers included); with an intro offer, with N.
   */
  async function announceBooked(tx: Tx, ctx: Ctx, b: repo.BookingRow, cls: repo.ClassRow, extra: DomainEvent[] = []) {
    const base = eventBase(b, cls);
    const planId = await planIdOf(tx, ctx, b);
    const events: DomainEvent[] = [
      bookingEvent('booking.created.v1', b.id, {
        ...base,
        paymentMethod: b.paymentMethod,
        membershipId: b.membershipId,
        planId,
        source: b.source,
        discountCode: b.discountCode,
        paidMinor: b.paidMinor,
        currency: b.currency,
      }),
    ];
    if (b.discountCode) events.push(bookingEvent('booking.created_with_discount.v1', b.id, { ...base, discountCode: b.discountCode }));
    const viaPlan = b.paymentMethod === 'membership' || b.paymentMethod === 'intro_offer';
    if (viaPlan && b.membershipId && planId) {
      events.push(bookingEvent('booking.created_with_membership.v1', b.id, { ...base, membershipId: b.membershipId, planId }));
      if (b.paymentMethod === 'intro_offer') {
        const n = await repo.countIntroOfferBookings(tx, ctx, b.customerId);
        events.push(bookingEvent('booking.created_with_intro_offer.v1', b.id, { ...base, membershipId: b.membershipId, planId, introOfferBookingNumber: n }));
      }
    } else if (b.paymentMethod !== 'registration') {
      events.push(bookingEvent('booking.created_without_membership.v1', b.id, { ...base, paymentMethod: b.paymentMethod }));
    }
    if (b.checkedInAt) events.push(bookingEvent('booking.checked_in.v1', b.id, { ...base, by: 'auto' }));
    await publish(tx, ctx, ...events, ...extra);
    await hooks.onBooked?.(tx, ctx, b, { id: cls.id, startsAt: cls.startsAt, endsAt: cls.endsAt });
  }

  /** The membership that pays: the one asked for (it must be usable for this class), or the first usable. */
  async function membershipFor(tx: Tx, ctx: Ctx, cls: repo.ClassRow, payerId: string, attendeeId: string, membershipId: string | undefined): Promise<EligibleMembership> {
    const eligible = await memberships.eligibleFor(tx, ctx, {
      customerId: payerId,
      forCustomerId: attendeeId === payerId ? null : attendeeId,
      templateId: cls.templateId,
      locationId: cls.locationId,
      startsAt: cls.startsAt,
    });
    const chosen = membershipId ? eligible.find((m) => m.membershipId === membershipId) : eligible[0];
    if (!chosen) {
      throw new BookingError(
        'no_eligible_membership',
        membershipId ? 'This membership cannot be used for this class.' : 'No membership or pack of this customer can be used for this class.',
        [{ path: membershipId ? 'payment.membershipId' : 'payment.method', message: 'Not usable for this class' }],
      );
    }
    return chosen;
  }

  const planMethod = (m: EligibleMembership): 'membership' | 'intro_offer' => (m.kind === 'intro_offer' ? 'intro_offer' : 'membership');

  /** The customer-facing limits (staff may book past the cutoff and the window, and started classes). */
  function checkTiming(cls: repo.ClassRow, r: Pick<BookRequest, 'by' | 'autoCheckIn'>, now: Date) {
    if (cls.status === 'cancelled') throw new BookingError('class_cancelled', 'This class was cancelled.');
    if (r.by === 'staff') {
      if (now.getTime() >= cls.endsAt.getTime() && !r.autoCheckIn) {
        throw new BookingError('class_started', 'This class is over: book it with auto check-in to record who came.', [{ path: 'autoCheckIn', message: 'Required for a past class' }]);
      }
      return;
    }
    // Fullness is the guarded UPDATE's business: give bookabilityOf no bookings so it never says "full".
    const b = bookabilityOf(
      { startsAt: cls.startsAt, status: cls.status, capacity: cls.capacity, bookedCount: 0, timeZone: cls.timeZone },
      { salesCutoffMin: cls.salesCutoffMin, bookingWindowDays: cls.bookingWindowDays },
      now,
    );
    switch (b.bookability) {
      case 'cancelled':
        throw new BookingError('class_cancelled', 'This class was cancelled.');
      case 'started':
        throw new BookingError('class_started', 'This class has already started.');
      case 'sales_closed':
        throw new BookingError('sales_closed', `Booking closed at ${b.closesAt.toISOString()}.`, [], { closesAt: b.closesAt.toISOString() });
      case 'not_yet_open':
        throw new BookingError('not_yet_open', `Booking opens at ${b.opensAt!.toISOString()}.`, [], { opensAt: b.opensAt!.toISOString() });
      default:
        return;
    }
  }

  function checkSpot(cls: repo.ClassRow, label: string | undefined) {
    if (label === undefined) return;
    const spots = cls.spotSelection && cls.spotMap ? cls.spotMap.cells.filter((c) => c.kind === 'spot').map((c) => c.label) : [];
    if (!cls.spotSelection || spots.length === 0) throw new BookingError('invalid_spot', 'This class has no spot selection.', [{ path: 'spotLabel', message: 'No spot selection' }]);
    if (!spots.includes(label)) throw new BookingError('invalid_spot', `There is no spot "${label}" in this room.`, [{ path: 'spotLabel', message: 'Unknown spot' }]);
  }

  /** The studio's checkout questions: a customer must answer the required ones (saved on the payer's profile). */
  async function settleAnswers(tx: Tx, ctx: Ctx, r: BookRequest) {
    const hasAnswers = Object.keys(r.answers).length > 0;
    if (r.by === 'staff' && !hasAnswers) return;
    const questions = await deps.customerFields.listCheckoutQuestions(ctx, tx);
    if (questions.length === 0) return;
    try {
      await deps.customerFields.saveAnswers(tx, ctx, r.payerId, r.answers as never);
    } catch (err) {
      if (err instanceof DomainError && err.kind === 'invalid') {
        throw new BookingError('answers_required', err.message, err.fields, { questions: questions.map((q) => ({ fieldId: q.id, label: q.label, required: q.required })) });
      }
      throw err;
    }
  }

  // ---------------------------------------------------------------- booking

  /**
   * Books one place. tx1: the checks, then the guarded spot (or the waitlist), the row, and for
   * plan/free/complimentary paths the credit and the events. Money paths hold the spot as
   * `pending`, then commerce takes the payment outside any transaction and the fulfiller books it.
   */
  async function book(ctx: Ctx, r: BookRequest, idempotencyKey: string): Promise<BookingResultDto> {
    return canBookTogether(r) ? together.submit(ctx, r, idempotencyKey) : bookAlone(ctx, r, idempotencyKey);
  }

  /** Group commit (together.ts): concurrent plain staff bookings of a studio share one transaction. */
  const together = createBookTogether({
    database,
    settings: deps.settings,
    onBooked: () => hooks.onBooked,
    alone: (ctx, r, key) => bookAlone(ctx, r as BookRequest, key),
  });

  /** One booking in its own transaction: every payment path, every check and its error. */
  async function bookAlone(ctx: Ctx, r: BookRequest, idempotencyKey: string): Promise<BookingResultDto> {
    const now = ctx.clock.now();
    const userId = actorUserId(ctx.actor);
    type Step = { kind: 'done'; dto: BookingDto } | { kind: 'pay'; bookingId: string; method: MoneyMethod; priceMinor: number };
    let step: Step;
    try {
      step = await withStudio(database, ctx.studioId, async (tx): Promise<Step> => {
        const cls = await classOrThrow(tx, ctx, r.occurrenceId);
        if (r.by === 'customer' && cls.visibility === 'hidden') throw classNotFound();
        const payer = await customerOrThrow(tx, ctx, r.payerId);
        if (r.attendeeId !== r.payerId) {
          await customerOrThrow(tx, ctx, r.attendeeId);
          if (!(await isParentOf(tx, ctx, r.payerId, r.attendeeId))) throw new BookingError('not_your_child', 'Only a parent books for their child.', [{ path: 'forCustomerId', message: 'Not a child of this customer' }]);
          if (!cls.allowChildren) throw new BookingError('children_not_allowed', 'This class does not take children.', [{ path: 'forCustomerId', message: 'Children not allowed' }]);
        }
        const existing = await repo.findActive(tx, ctx, cls.id, r.attendeeId);
        if (existing) throw new BookingError('already_booked', 'This customer already has a place in this class.', [], { bookingId: existing.id, status: existing.status });
        checkTiming(cls, r, now);
        checkSpot(cls, r.spotLabel);
        if (r.spotLabel && (await repo.spotsTaken(tx, ctx, cls.id)).includes(r.spotLabel)) {
          throw new BookingError('spot_taken', 'This spot is taken: choose another.', [{ path: 'spotLabel', message: 'Taken' }]);
        }
        await settleWaivers(deps.waivers, tx, ctx, r, [payer.firstName, payer.lastName].filter(Boolean).join(' '));
        await settleAnswers(tx, ctx, r);

        // How it is paid, decided before the spot is taken (a refusal takes nothing).
        let method = r.payment.method as string;
        if ((method === 'complimentary' || method === 'cash' || method === 'terminal') && r.by !== 'staff') {
          throw new BookingError('invalid_booking', 'Choose how to pay: a membership, a card, prepaid credit, or free for a free class.', [{ path: 'payment.method', message: 'Not available online' }]);
        }
        if (method === 'free' && cls.priceMinor > 0) throw new BookingError('payment_required', 'This class is not free: choose how to pay.', [{ path: 'payment.method', message: 'Not free' }]);
        if (moneyMethods.has(method) && cls.priceMinor === 0) method = 'free';
        // A semester or a course is sold whole (its price is the series'): customers register for it;
        // staff may still seat someone in one class without charging the series price (a make-up class).
        if (soldWhole(cls) && (r.by === 'customer' || moneyMethods.has(method))) {
          throw new BookingError(
            'registration_required',
            r.by === 'customer'
              ? 'This class is sold with its whole series: register for the series to attend.'
              : 'This class is sold with its whole series: register the customer for the series, or seat them in this class with a membership or as complimentary.',
            [{ path: 'payment.method', message: 'Sold with the whole series' }],
            { seriesId: cls.seriesId, kind: cls.kind },
          );
        }
        const plan = method === 'membership' ? await membershipFor(tx, ctx, cls, r.payerId, r.attendeeId, r.payment.membershipId) : null;
        const { currency } = cls;

        const spot = await takeSpot(tx, ctx, cls.id);
        const bookingId = newId('booking');
        const common = {
          id: bookingId,
          occurrenceId: cls.id,
          customerId: r.attendeeId,
          payerId: r.payerId,
          source: r.by === 'staff' ? 'staff' : 'online',
          currency,
          createdBy: userId,
          createdAt: now,
          updatedAt: now,
        };
        if (!spot) {
          if ((await repo.classStatus(tx, ctx, cls.id)) !== 'scheduled') throw new BookingError('class_cancelled', 'This class was cancelled.');
          const settings = await deps.settings.get(tx, ctx);
          if (!settings.waitlistEnabled || !r.joinWaitlistIfFull) {
            throw new BookingError('class_full', settings.waitlistEnabled ? 'This class is full.' : 'This class is full and has no waitlist.', [], { waitlistEnabled: settings.waitlistEnabled });
          }
          // The arrival order is a sequence value taken by the insert itself.
          const row = await repo.insertBooking(tx, ctx, { ...common, status: 'waitlisted', waitlistSeq: repo.nextWaitlistSeqSql, spotLabel: null, discountCode: r.discountCode ?? null });
          // The answer says the place in line; the event tells the same number.
          const dto = await bookingDto(tx, ctx, bookingId);
          await publish(tx, ctx, bookingEvent('waitlist.joined.v1', row.id, { ...eventBase(row, cls), position: dto.waitlistPosition ?? 0 }));
          return { kind: 'done', dto };
        }
        if (moneyMethods.has(method)) {
          await repo.insertBooking(tx, ctx, {
            ...common,
            status: 'pending',
            paymentMethod: method,
            holdExpiresAt: new Date(now.getTime() + holdMinutes * minuteMs),
            spotLabel: r.spotLabel ?? null,
            discountCode: r.discountCode ?? null,
          });
          return { kind: 'pay', bookingId, method: method as MoneyMethod, priceMinor: cls.priceMinor };
        }
        const checkIn = r.autoCheckIn && r.by === 'staff';
        const row = await repo.insertBooking(tx, ctx, {
          ...common,
          status: 'booked',
          paymentMethod: plan ? planMethod(plan) : method,
          membershipId: plan?.membershipId ?? null,
          bookedAt: now,
          spotLabel: r.spotLabel ?? null,
          checkedInAt: checkIn ? now : null,
          checkedInBy: checkIn ? userId : null,
        });
        if (plan) await consumeCredit(tx, ctx, plan.membershipId, row);
        await announceBooked(tx, ctx, row, cls);
        return { kind: 'done', dto: await bookingDto(tx, ctx, bookingId) };
      });
    } catch (err) {
      mapUniqueViolation(err);
    }
    if (step.kind === 'done') return { booking: step.dto, payment: null };
    return pay(ctx, step.bookingId, r, step.method, idempotencyKey);
  }

  async function consumeCredit(tx: Tx, ctx: Ctx, membershipId: string, row: repo.BookingRow) {
    try {
      await memberships.consumeCredit(tx, ctx, { membershipId, bookingId: row.id, occurrenceId: row.occurrenceId });
    } catch (err) {
      if (err instanceof DomainError && err.kind === 'conflict') throw new BookingError('no_eligible_membership', err.message, [{ path: 'payment.membershipId', message: err.message }]);
      throw err;
    }
  }

  /**
   * The money path after tx1: the order through commerce (its line `class_booking` names the
   * booking), outside any transaction. If commerce refuses before an order exists (a bad
   * discount code, not enough credit, no saved card), the held spot is given back here.
   */
  async function pay(ctx: Ctx, bookingId: string, r: Pick<BookRequest, 'by' | 'payerId' | 'payment' | 'discountCode' | 'autoCheckIn'>, method: MoneyMethod, idempotencyKey: string): Promise<BookingResultDto> {
    const line = { kind: classBookingKind, refId: bookingId, quantity: 1, metadata: r.autoCheckIn && r.by === 'staff' ? { autoCheckIn: 'true' } : {} };
    const channel = r.by === 'staff' ? 'staff' : 'online';
    let result: { orderId: string; status: string; clientSecret: string | null; failureMessage: string | null };
    try {
      if (method === 'card' && r.by === 'staff' && !r.payment.savedCardId) {
        // At the desk, "card" is the customer's saved default card, charged off-session.
        const charged = await commerce.chargeSavedCard(ctx, { customerId: r.payerId, lines: [line], idempotencyKey, metadata: { bookingId }, channel: 'staff' });
        result = { orderId: charged.orderId, status: charged.status, clientSecret: null, failureMessage: charged.failureMessage ?? null };
      } else {
        const options: CheckoutOptions = { idempotencyKey, channel, metadata: { bookingId } };
        const tender = method === 'card' && r.payment.savedCardId ? { method, savedCardId: r.payment.savedCardId } : { method };
        const out = await commerce.checkout(ctx, { customerId: r.payerId, lines: [line], tenders: [tender], ...(r.discountCode ? { discountCode: r.discountCode } : {}) }, options);
        result = { orderId: out.order.id, status: out.payment.status, clientSecret: out.payment.clientSecret, failureMessage: out.payment.failureMessage };
      }
    } catch (err) {
      // No order was made (or it never got past its first transaction): give the spot back now.
      // A processor that did not answer leaves the order waiting (its fate unknown): the hold's expiry settles it.
      const orderMayExist = err instanceof DomainError && err.code === 'payment_provider_error';
      await withStudio(database, ctx.studioId, async (tx) => {
        const row = await repo.findBooking(tx, ctx, bookingId);
        if (row?.status === 'pending' && !row.orderId && !orderMayExist) {
          const released = await releaseBooking(tx, ctx, bookingId, { status: 'removed', cancelledAt: ctx.clock.now(), holdExpiresAt: null });
          if (released) await hooks.onSpotFreed?.(tx, ctx, released.occurrenceId);
        }
      });
      throw err;
    }
    const booking = await withStudio(database, ctx.studioId, async (tx) => {
      // Name the order on a booking still waiting for the browser (a paid one was named by the fulfiller).
      await repo.updateBooking(tx, ctx, bookingId, ['pending'], { orderId: result.orderId });
      return bookingDto(tx, ctx, bookingId);
    });
    if (result.status === 'failed') {
      throw new BookingError('payment_failed', result.failureMessage ?? 'The payment failed.', [], { orderId: result.orderId });
    }
    return { booking, payment: { orderId: result.orderId, status: result.status, clientSecret: result.clientSecret } };
  }

  // ---------------------------------------------------------------- the fulfiller (commerce calls it)

  /** "Vinyasa flow, 2027-03-01 18:00" in the class's own zone. */
  function describe(cls: repo.ClassRow): string {
    const z = instantToZoned(cls.startsAt, cls.timeZone);
    const hh = String(Math.floor(z.minute / 60)).padStart(2, '0');
    const mm = String(z.minute % 60).padStart(2, '0');
    return `${cls.name}, ${z.date} ${hh}:${mm}`;
  }

  /**
   * `class_booking` lines: `refId` is the booking. quote prices the class (series price, else the
   * template's; no tax); fulfil books the held spot (or takes one again if the hold ran out
   * before the payment completed, refusing when the class filled meanwhile: the paid line is
   * then marked for a refund); a failed payment gives the spot back.
   */
  const fulfiller: Fulfiller = {
    kind: classBookingKind,
    async quote(tx: Tx, ctx: Ctx, input: QuoteInput): Promise<LineQuote> {
      const b = await repo.findBooking(tx, ctx, input.refId);
      if (!b) throw bookingNotFound();
      if (input.customerId !== null && input.customerId !== b.payerId) throw new BookingError('not_your_booking', 'This booking is paid by its payer.');
      const cls = await classOrThrow(tx, ctx, b.occurrenceId);
      return { description: describe(cls), unitPriceMinor: cls.priceMinor, taxRateBp: 0, discountKeys: [`template:${cls.templateId}`] };
    },
    async fulfil(tx: Tx, ctx: Ctx, line: FulfilLine) {
      const b = await repo.findBooking(tx, ctx, line.refId ?? '', { lock: true });
      if (!b) throw bookingNotFound();
      if (b.status === 'booked' && b.orderId === line.orderId) return { fulfilledRef: b.id };
      const cls = await classOrThrow(tx, ctx, b.occurrenceId);
      const now = ctx.clock.now();
      const autoCheckIn = line.metadata.autoCheckIn === 'true';
      const patch = {
        status: 'booked',
        orderId: line.orderId,
        paidMinor: line.totalMinor,
        currency: line.currency,
        bookedAt: now,
        holdExpiresAt: null,
        ...(autoCheckIn ? { checkedInAt: now, checkedInBy: 'auto' } : {}),
      };
      let row: repo.BookingRow | null;
      if (b.status === 'pending') {
        row = await repo.updateBooking(tx, ctx, b.id, ['pending'], patch);
      } else {
        // The hold ran out (or a promotion was undone) before the payment completed: take a spot again if one is free.
        if (b.status !== 'removed' && b.status !== 'waitlisted' && b.status !== 'offered') throw new BookingError('not_cancellable', `This booking is ${b.status}: refund the payment.`);
        const other = await repo.findActive(tx, ctx, b.occurrenceId, b.customerId);
        if (other && other.id !== b.id) throw new BookingError('already_booked', 'The customer booked this class again meanwhile: refund the payment.');
        if (cls.status !== 'scheduled' || !(await takeSpot(tx, ctx, b.occurrenceId))) throw new BookingError('class_full', 'The class filled before the payment completed: refund the payment.');
        row = await repo.updateBooking(tx, ctx, b.id, [b.status], { ...patch, cancelledAt: null, offerExpiresAt: null });
      }
      if (!row) throw new BookingError('invalid_booking', 'The booking changed during the payment: refund it.');
      const promoted = b.waitlistSeq !== null && b.source === 'waitlist';
      await announceBooked(
        tx,
        ctx,
        row,
        cls,
        promoted ? [bookingEvent('waitlist.promoted.v1', row.id, { ...eventBase(row, cls), paymentMethod: row.paymentMethod, membershipId: null, planId: null, mode: (line.metadata.waitlistMode as 'auto') ?? 'auto' })] : [],
      );
      return { fulfilledRef: row.id };
    },
    async onRefund(tx: Tx, ctx: Ctx, line: FulfilLine, refund: RefundOfLine) {
      await hooks.onLineRefunded?.(tx, ctx, line.orderId, refund);
    },
    async onPaymentFailed(tx: Tx, ctx: Ctx, line: FulfilLine) {
      const b = await repo.findBooking(tx, ctx, line.refId ?? '', { lock: true });
      if (!b || (b.orderId !== null && b.orderId !== line.orderId)) return;
      if (b.source === 'waitlist' && b.waitlistSeq !== null) {
        // A promotion whose payment failed: the customer stays in line (the waitlist moves on by itself).
        await releaseBooking(tx, ctx, b.id, { status: 'waitlisted', holdExpiresAt: null, orderId: null, paymentMethod: null });
        return;
      }
      const released = await releaseBooking(tx, ctx, b.id, { status: 'removed', cancelledAt: ctx.clock.now(), holdExpiresAt: null });
      if (released) await hooks.onSpotFreed?.(tx, ctx, released.occurrenceId);
    },
  };

  // ---------------------------------------------------------------- promotion (the waitlist calls it)

  /**
   * Gives a waiting customer (waitlisted or offered) a spot and takes the payment: `'auto'` = the
   * first usable membership, else free when the class costs nothing, else the default saved card
   * (off-session), else prepaid credit when it covers the price. A failure leaves the row waiting
   * and says why. Safe to call twice: an already booked row is answered as is.
   */
  async function promote(ctx: Ctx, bookingId: string, payment: BookingPayment | 'auto', mode: 'auto' | 'confirm' | 'first_come'): Promise<PromoteResult> {
    const fail = (reason: string, message: string): PromoteResult => ({ ok: false, reason, message });
    type Plan =
      | { kind: 'done'; dto: BookingDto }
      | { kind: 'fail'; reason: string; message: string }
      | { kind: 'pay'; method: MoneyMethod; payerId: string; savedCardId?: string | undefined; version: number };
    let plan: Plan;
    try {
      plan = await withStudio(database, ctx.studioId, async (tx): Promise<Plan> => {
        const b = await repo.findBooking(tx, ctx, bookingId, { lock: true });
        if (!b) throw bookingNotFound();
        if (b.status === 'booked' || b.status === 'pending') return { kind: 'done', dto: await bookingDto(tx, ctx, b.id) };
        if (b.status !== 'waitlisted' && b.status !== 'offered') return { kind: 'fail', reason: 'not_on_waitlist', message: 'This customer is no longer on the waitlist.' };
        const cls = await classOrThrow(tx, ctx, b.occurrenceId);
        if (cls.status !== 'scheduled') return { kind: 'fail', reason: 'class_cancelled', message: 'This class was cancelled.' };

        // Choose how to pay before taking the spot.
        let method: string;
        let membership: EligibleMembership | null = null;
        let savedCardId: string | undefined;
        if (payment === 'auto') {
          const eligible = await memberships.eligibleFor(tx, ctx, {
            customerId: b.payerId,
            forCustomerId: b.customerId === b.payerId ? null : b.customerId,
            templateId: cls.templateId,
            locationId: cls.locationId,
            startsAt: cls.startsAt,
          });
          membership = eligible[0] ?? null;
          if (membership) method = 'membership';
          else if (cls.priceMinor === 0) method = 'free';
          // Money: the default saved card, else prepaid credit (tried in that order after this transaction).
          else method = 'card';
        } else {
          method = payment.method;
          savedCardId = payment.savedCardId;
          if (method === 'membership') {
            try {
              membership = await membershipFor(tx, ctx, cls, b.payerId, b.customerId, payment.membershipId);
            } catch (err) {
              if (err instanceof BookingError) return { kind: 'fail', reason: err.code, message: err.message };
              throw err;
            }
          }
          if (method === 'free' && cls.priceMinor > 0) return { kind: 'fail', reason: 'payment_required', message: 'This class is not free.' };
          if (moneyMethods.has(method) && cls.priceMinor === 0) method = 'free';
        }

        if (!(await takeSpot(tx, ctx, cls.id))) return { kind: 'fail', reason: 'class_full', message: 'No spot is free in this class.' };
        const now = ctx.clock.now();
        if (moneyMethods.has(method)) {
          const row = await repo.updateBooking(tx, ctx, b.id, ['waitlisted', 'offered'], {
            status: 'pending',
            source: 'waitlist',
            paymentMethod: method,
            holdExpiresAt: new Date(now.getTime() + holdMinutes * minuteMs),
            offerExpiresAt: null,
          });
          return { kind: 'pay', method: method as MoneyMethod, payerId: b.payerId, savedCardId, version: row!.version };
        }
        const row = await repo.updateBooking(tx, ctx, b.id, ['waitlisted', 'offered'], {
          status: 'booked',
          source: 'waitlist',
          paymentMethod: membership ? planMethod(membership) : method,
          membershipId: membership?.membershipId ?? null,
          bookedAt: now,
          offerExpiresAt: null,
        });
        if (membership) await consumeCredit(tx, ctx, membership.membershipId, row!);
        await announceBooked(tx, ctx, row!, cls, [
          bookingEvent('waitlist.promoted.v1', row!.id, {
            ...eventBase(row!, cls),
            paymentMethod: row!.paymentMethod,
            membershipId: row!.membershipId,
            planId: membership?.planId ?? null,
            mode,
          }),
        ]);
        return { kind: 'done', dto: await bookingDto(tx, ctx, row!.id) };
      });
    } catch (err) {
      if (err instanceof BookingError) return fail(err.code, err.message);
      throw err;
    }
    if (plan.kind === 'done') return { ok: true, booking: plan.dto, payment: null };
    if (plan.kind === 'fail') return fail(plan.reason, plan.message);

    // The money path: one order per attempt (the row's version names the attempt).
    const key = `booking-promote:${bookingId}:${plan.version}`;
    const online = payment !== 'auto' && ctx.actor.kind === 'customer';
    try {
      const line = { kind: classBookingKind, refId: bookingId, quantity: 1, metadata: { waitlistMode: mode } };
      let status: string;
      let orderId: string;
      let clientSecret: string | null = null;
      let failure: string | null = null;
      const useCredit = async () => {
        await withStudio(database, ctx.studioId, (tx) => repo.updateBooking(tx, ctx, bookingId, ['pending'], { paymentMethod: 'prepaid_credit' }));
        return commerce.checkout(ctx, { customerId: plan.payerId, lines: [line], tenders: [{ method: 'prepaid_credit' }] }, { idempotencyKey: `${key}:credit`, channel: 'staff', metadata: { bookingId } });
      };
      if (plan.method === 'card' && !plan.savedCardId) {
        try {
          const charged = await commerce.chargeSavedCard(ctx, { customerId: plan.payerId, lines: [line], idempotencyKey: key, metadata: { bookingId }, channel: 'staff' });
          ({ status, orderId } = charged);
          failure = charged.failureMessage ?? null;
        } catch (err) {
          // No saved card: prepaid credit, when it covers the price (else commerce refuses: insufficient credit).
          if (!(payment === 'auto' && err instanceof DomainError && err.code === 'no_saved_card')) throw err;
          const out = await useCredit();
          status = out.payment.status;
          orderId = out.order.id;
          failure = out.payment.failureMessage;
        }
      } else {
        const tender = plan.method === 'card' ? { method: plan.method, savedCardId: plan.savedCardId } : { method: plan.method };
        const out = await commerce.checkout(ctx, { customerId: plan.payerId, lines: [line], tenders: [tender] }, { idempotencyKey: key, channel: online ? 'online' : 'staff', metadata: { bookingId } });
        status = out.payment.status;
        orderId = out.order.id;
        clientSecret = out.payment.clientSecret;
        failure = out.payment.failureMessage;
      }
      if (status === 'paid' || (status === 'requires_action' && online)) {
        const dto = await withStudio(database, ctx.studioId, async (tx) => {
          await repo.updateBooking(tx, ctx, bookingId, ['pending'], { orderId });
          return bookingDto(tx, ctx, bookingId);
        });
        return { ok: true, booking: dto, payment: { orderId, status, clientSecret } };
      }
      await backToWaitlist(ctx, bookingId);
      return fail('payment_failed', failure ?? 'The card needs the customer to confirm the payment.');
    } catch (err) {
      await backToWaitlist(ctx, bookingId);
      if (err instanceof DomainError) {
        const reason = err.code === 'insufficient_credit' || err.code === 'no_saved_card' ? 'payment_required' : err.code;
        return fail(reason, reason === 'payment_required' ? 'No membership, saved card or prepaid credit can pay for this class.' : err.message);
      }
      throw err;
    }
  }

  /** Undoes a promotion whose payment did not go through: the spot is given back, the customer keeps their place in line. */
  async function backToWaitlist(ctx: Ctx, bookingId: string) {
    await withStudio(database, ctx.studioId, (tx) => releaseBooking(tx, ctx, bookingId, { status: 'waitlisted', holdExpiresAt: null, orderId: null, paymentMethod: null }));
  }

  // ---------------------------------------------------------------- expired holds (job)

  /** Gives back the spots of card payments nobody completed in time (their order is not paid: a paid one is booked). */
  async function releaseExpiredHolds(_payload: unknown, job: JobCtx): Promise<JobResult> {
    const expired = await withSystem(database, (tx) => repo.listExpiredHolds(tx, job.clock.now(), 500));
    for (const h of expired) {
      const ctx: Ctx = { studioId: h.studioId as StudioId, actor: { kind: 'system' }, clock: job.clock, requestId: job.jobId };
      await withStudio(database, ctx.studioId, async (tx) => {
        const b = await repo.findBooking(tx, ctx, h.id, { lock: true });
        if (!b || b.status !== 'pending' || !b.holdExpiresAt || b.holdExpiresAt > job.clock.now()) return;
        if (b.source === 'waitlist' && b.waitlistSeq !== null) {
          await releaseBooking(tx, ctx, b.id, { status: 'waitlisted', holdExpiresAt: null, orderId: null, paymentMethod: null });
          return;
        }
        const released = await releaseBooking(tx, ctx, b.id, { status: 'removed', cancelledAt: job.clock.now(), holdExpiresAt: null });
        if (released) await hooks.onSpotFreed?.(tx, ctx, released.occurrenceId);
      });
    }
    return expired.length > 0 ? 'done' : 'skipped';
  }
  deps.jobs.register(defineReleaseExpiredHoldsJob(releaseExpiredHolds));

  // ---------------------------------------------------------------- reads

  async function bookingOptions(ctx: Ctx, occurrenceId: string, shareKey?: string): Promise<BookingOptionsDto> {
    const me = await ownCustomerId(ctx);
    const [savedCards, account, cardAccount] = await Promise.all([
      deps.cards.listCards(ctx, me).catch(() => ({ items: [] as { id: string; brand: string; last4: string; isDefault: boolean; expired: boolean }[] })),
      deps.credits.getAccount(ctx, me, { limit: 1 }).catch(() => ({ balanceMinor: 0 })),
      commerce.settings.cardAccountFor(ctx),
    ]);
    return withStudio(database, ctx.studioId, async (tx) => {
      const cls = await classOrThrow(tx, ctx, occurrenceId);
      if (cls.visibility === 'hidden' || (cls.visibility === 'link' && !keyMatches(shareKey, cls.shareToken) && !(await repo.findActive(tx, ctx, cls.id, me)))) throw classNotFound();
      const now = ctx.clock.now();
      const settings = await deps.settings.get(tx, ctx);
      const { currency } = cls;
      const b = bookabilityOf(
        { startsAt: cls.startsAt, status: cls.status, capacity: cls.capacity, bookedCount: cls.bookedCount, timeZone: cls.timeZone },
        { salesCutoffMin: cls.salesCutoffMin, bookingWindowDays: cls.bookingWindowDays },
        now,
      );
      const self = await customerOrThrow(tx, ctx, me);
      const people = [{ id: self.id, name: [self.firstName, self.lastName].filter(Boolean).join(' '), isChild: false }];
      if (cls.allowChildren) for (const c of await childrenOf(tx, ctx, me)) people.push({ id: c.id, name: [c.firstName, c.lastName].filter(Boolean).join(' '), isChild: true });
      const attendees = [];
      for (const p of people) {
        const eligible = await memberships.eligibleFor(tx, ctx, { customerId: me, forCustomerId: p.isChild ? p.id : null, templateId: cls.templateId, locationId: cls.locationId, startsAt: cls.startsAt });
        const waivers = await deps.waivers.pendingFor(ctx, p.id, p.isChild ? 'child_booking' : 'class_booking', tx);
        const existing = await repo.findActive(tx, ctx, cls.id, p.id);
        attendees.push({
          customerId: p.id,
          name: p.name,
          isChild: p.isChild,
          memberships: eligible.map((m) => ({ membershipId: m.membershipId, planName: m.planName, kind: m.kind, creditsRemaining: m.creditsRemaining, periodEnd: m.periodEnd })),
          pendingWaivers: waivers.map((w) => ({ waiverId: w.waiverId, versionId: waiverVersionId(w.waiverId, w.version), kind: w.kind, title: w.title, body: w.body })),
          existing: existing
            ? {
                bookingId: existing.id,
                status: existing.status as BookingDto['status'],
                waitlistPosition: existing.waitlistSeq !== null && (existing.status === 'waitlisted' || existing.status === 'offered') ? await repo.waitlistPosition(tx, ctx, cls.id, existing.waitlistSeq) : null,
                offerExpiresAt: existing.offerExpiresAt?.toISOString() ?? null,
              }
            : null,
        });
      }
      const questions = await deps.customerFields.listCheckoutQuestions(ctx, tx);
      return {
        occurrenceId: cls.id,
        bookability: b.bookability,
        priceMinor: cls.priceMinor,
        currency,
        spotsLeft: b.spotsLeft,
        waitlistEnabled: settings.waitlistEnabled,
        waitlistLength: await repo.waitlistLength(tx, ctx, cls.id),
        allowChildren: cls.allowChildren,
        spotSelection: cls.spotSelection,
        spotMap: cls.spotSelection ? cls.spotMap : null,
        spotsTaken: await repo.spotsTaken(tx, ctx, cls.id),
        attendees,
        prepaidCreditMinor: account.balanceMinor,
        savedCards: savedCards.items.filter((c) => !c.expired).map((c) => ({ id: c.id, brand: c.brand, last4: c.last4, isDefault: c.isDefault })),
        questions: questions.map((q) => ({ fieldId: q.id, label: q.label, kind: q.kind, required: q.required, options: q.options })),
        policy: { refundMode: settings.classRefundMode, creditCutoffMin: settings.classCreditCutoffMin, lateCancelMin: settings.classLateCancelMin },
        stripePublishableKey: cardAccount?.publishableKey ?? null,
      };
    });
  }

  const encodeCursor = (d: BookingDto) => Buffer.from(`${d.class.startsAt}|${d.id}`).toString('base64url');
  function decodeCursor(cursor: string | undefined): repo.ListCursor | null {
    if (!cursor) return null;
    const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
    const startsAt = new Date(at ?? '');
    if (!id || Number.isNaN(startsAt.getTime())) throw new BookingError('invalid_booking', 'This cursor is not valid.', [{ path: 'cursor', message: 'Invalid cursor' }]);
    return { startsAt, id };
  }

  async function listFor(ctx: Ctx, customerId: string, query: CustomerBookingsQuery | unknown): Promise<BookingListDto> {
    const q = parseOrThrow(customerBookingsQuerySchema, query ?? {});
    return withStudio(database, ctx.studioId, async (tx) => {
      await customerOrThrow(tx, ctx, customerId);
      const ids = await repo.listIdsForCustomer(tx, ctx, customerId, { when: q.when, now: ctx.clock.now(), after: decodeCursor(q.cursor), limit: q.limit });
      const items = await bookingDtos(tx, ctx, ids.slice(0, q.limit));
      return { items, nextCursor: ids.length > q.limit ? encodeCursor(items.at(-1)!) : null };
    });
  }

  return {
    fulfiller,
    /** Composition: the waitlist and attendance plug in here. */
    useHooks(next: BookHooks) {
      hooks = { ...hooks, ...next };
    },

    /** Staff book anyone (roster, point of sale): past the cutoff and window, a started class, a past one with auto check-in. */
    async bookAsStaff(ctx: Ctx, input: StaffBookingInput | unknown, idempotencyKey: string): Promise<BookingResultDto> {
      const v = parseOrThrow(staffBookingSchema, input);
      return book(
        ctx,
        {
          by: 'staff',
          occurrenceId: v.occurrenceId,
          payerId: v.customerId,
          attendeeId: v.forCustomerId ?? v.customerId,
          payment: v.payment,
          autoCheckIn: v.autoCheckIn,
          spotLabel: v.spotLabel,
          discountCode: v.discountCode,
          acceptedWaiverVersionIds: v.acceptedWaiverVersionIds,
          answers: v.answers,
          joinWaitlistIfFull: v.joinWaitlistIfFull,
        },
        idempotencyKey,
      );
    },

    /** The signed-in customer books for themselves or their child, within the class's booking limits. */
    async bookOwn(ctx: Ctx, input: OwnBookingInput | unknown, idempotencyKey: string): Promise<BookingResultDto> {
      const v = parseOrThrow(ownBookingSchema, input);
      const me = await ownCustomerId(ctx);
      return book(
        ctx,
        {
          by: 'customer',
          occurrenceId: v.occurrenceId,
          payerId: me,
          attendeeId: v.forCustomerId ?? me,
          payment: v.payment,
          autoCheckIn: false,
          spotLabel: v.spotLabel,
          discountCode: v.discountCode,
          acceptedWaiverVersionIds: v.acceptedWaiverVersionIds,
          answers: v.answers,
          joinWaitlistIfFull: v.joinWaitlistIfFull,
        },
        idempotencyKey,
      );
    },

    bookingOptions,
    promote,

    async getBooking(ctx: Ctx, id: string): Promise<BookingDto> {
      return withStudio(database, ctx.studioId, async (tx) => {
        const dto = await bookingDto(tx, ctx, id);
        await assertTeacherMay(tx, ctx, dto.occurrenceId);
        return dto;
      });
    },
    /** A customer's bookings (as attendee or payer), for the profile. */
    listForCustomer: (ctx: Ctx, customerId: string, query: CustomerBookingsQuery | unknown) => listFor(ctx, customerId, query),
    /** The signed-in customer's bookings and their children's. */
    async listOwn(ctx: Ctx, query: CustomerBookingsQuery | unknown): Promise<BookingListDto> {
      return listFor(ctx, await ownCustomerId(ctx), query);
    },
    /** The signed-in customer's own booking (as attendee or payer); another's is not found. */
    async getOwnBooking(ctx: Ctx, id: string): Promise<BookingDto> {
      const me = await ownCustomerId(ctx);
      const dto = await withStudio(database, ctx.studioId, (tx) => bookingDto(tx, ctx, id));
      if (dto.customerId !== me && dto.payerId !== me) throw bookingNotFound();
      return dto;
    },
  };

  /** Teachers read bookings of their own classes only. */
  async function assertTeacherMay(tx: Tx, ctx: Ctx, occurrenceId: string) {
    if (ctx.actor.kind !== 'staff' || ctx.actor.role !== 'teacher') return;
    const cls = await repo.findClass(tx, ctx, occurrenceId);
    if (cls?.teacherId !== ctx.actor.userId) throw new BookingError('not_your_class', 'Teachers see the bookings of their own classes only.');
  }
}

export type BookService = ReturnType<typeof createBookService>;
