import { and, asc, eq, gt, inArray, lte } from 'drizzle-orm';
import { actorUserId, type Ctx } from '../../../kernel/ctx.ts';
import { DomainError } from '../../../kernel/errors.ts';
import { newId, type StudioId } from '../../../kernel/ids.ts';
import { allocate, money } from '../../../kernel/money.ts';
import type { Database, Tx } from '../../../platform/db/client.ts';
import { isUniqueViolation, withStudio, withSystem } from '../../../platform/db/tx.ts';
import { publish, type DomainEvent } from '../../../platform/events/publish.ts';
import type { JobCtx, JobResult, Jobs } from '../../../platform/jobs/index.ts';
import { parseOrThrow } from '../../../platform/validation.ts';
import type { CheckoutOptions, CommerceService, FulfilLine, Fulfiller, LineQuote, QuoteInput, RefundOfLine } from '../../commerce/index.ts';
import { isParentOf, type CustomersService } from '../../customers/index.ts';
import { occurrences, series, templates } from '../../schedule/schema.ts';
import type { StudiosService } from '../../studios/index.ts';
import { holdMinutes } from '../book/index.ts';
import { releaseBooking, takeSpot } from '../capacity-repo.ts';
import { registrationInputSchema, type RegistrationDto, type RegistrationInput } from '../contracts.ts';
import type { RefundKind } from '../domain/cancellation-policy.ts';
import { BookingError } from '../errors.ts';
import { bookingEvent } from '../events.ts';
import { bookingFactsOf, type BookingFacts } from '../facts.ts';
import * as bookingRepo from '../repo.ts';
import { bookings, registrations } from '../schema.ts';
import type { CancelService } from '../cancel/index.ts';
import { settleWaivers } from '../waivers-at-checkout.ts';
import { defineExpireUnpaidRegistrationsJob } from './jobs.ts';
import type { WaiversService } from '../../waivers/index.ts';
import { ownCustomerId as ownCustomerIdOf } from '../actors.ts';

/** The commerce line kind of a semester or course registration; its `refId` is the registration id. */
export const registrationKind = 'class_registration';
const minuteMs = 60_000;
/** Series sold as a whole (seed 000 "Semestre"; course/challenge: one registration covers all its dates). */
const registrableKinds = new Set(['semester', 'course']);

export interface RegistrationsDeps {
  database: Database;
  studios: Pick<StudiosService, 'getStudioSettings'>;
  customers: Pick<CustomersService, 'getCustomer' | 'getOwnProfile'>;
  commerce: Pick<CommerceService, 'checkout' | 'chargeSavedCard'>;
  waivers: Pick<WaiversService, 'pendingFor' | 'acceptAtCheckout'>;
  cancel: Pick<CancelService, 'end'>;
  waitlist: { onSpotFreed(tx: Tx, ctx: Ctx, occurrenceId: string): Promise<void> };
  /** Registers the sweep that ends registrations left unpaid (`booking.expire-unpaid-registrations`). */
  jobs: Pick<Jobs, 'register'>;
}

type RegistrationRow = typeof registrations.$inferSelect;

interface SeriesFacts {
  id: string;
  kind: string;
  name: string;
  templateId: string;
  priceMinor: number;
  allowChildren: boolean;
}

async function seriesFacts(tx: Tx, ctx: Ctx, seriesId: string): Promise<SeriesFacts | undefined> {
  const [row] = await tx
    .select({ id: series.id, kind: series.kind, name: templates.name, templateId: series.templateId, seriesPrice: series.priceMinor, templatePrice: templates.priceMinor, allowChildren: series.allowChildren })
    .from(series)
    .innerJoin(templates, and(eq(templates.studioId, series.studioId), eq(templates.id, series.templateId)))
    .where(and(eq(series.studioId, ctx.studioId), eq(series.id, seriesId)));
  if (!row) return undefined;
  return { id: row.id, kind: row.kind, name: row.name, templateId: row.templateId, priceMinor: Number(row.seriesPrice ?? row.templatePrice), allowChildren: row.allowChildren };
}

/** The series' classes still to come (scheduled, not started), soonest first. */
async function futureClasses(tx: Tx, ctx: Ctx, seriesId: string, now: Date) {
  return tx
    .select({ id: occurrences.id, startsAt: occurrences.startsAt })
    .from(occurrences)
    .where(and(eq(occurrences.studioId, ctx.studioId), eq(occurrences.seriesId, seriesId), eq(occurrences.status, 'scheduled'), gt(occurrences.startsAt, now)))
    .orderBy(asc(occurrences.startsAt), asc(occurrences.id));
}

async function bookingsOf(tx: Tx, ctx: Ctx, registrationId: string) {
  return tx
    .select()
    .from(bookings)
    .where(and(eq(bookings.studioId, ctx.studioId), eq(bookings.registrationId, registrationId)))
    .orderBy(asc(bookings.createdAt), asc(bookings.id));
}

async function findRegistration(tx: Tx, ctx: Ctx, id: string, lock = false): Promise<RegistrationRow | undefined> {
  const q = tx.select().from(registrations).where(and(eq(registrations.studioId, ctx.studioId), eq(registrations.id, id)));
  const [row] = lock ? await q.for('update') : await q;
  return row;
}

const byOf = (ctx: Ctx) => (ctx.actor.kind === 'customer' ? 'customer' : ctx.actor.kind === 'system' ? 'system' : 'staff');

const registrationNotFound = () => new BookingError('registration_not_found', 'This registration does not exist.');

async function dtoOf(tx: Tx, ctx: Ctx, id: string): Promise<RegistrationDto> {
  const r = await findRegistration(tx, ctx, id);
  if (!r) throw registrationNotFound();
  const rows = await bookingsOf(tx, ctx, id);
  return {
    id: r.id,
    seriesId: r.seriesId,
    customerId: r.customerId,
    status: r.status as RegistrationDto['status'],
    paymentMethod: r.paymentMethod as RegistrationDto['paymentMethod'],
    paidMinor: r.paidMinor,
    currency: r.currency,
    bookingIds: rows.map((b) => b.id),
    createdAt: r.createdAt.toISOString(),
  };
}

/**
 * Semester and course registrations: one purchase books the customer into every class of the
 * series still to come — all of them or none (each spot is taken by the guarded `takeSpot` in
 * one transaction; one full class refuses the whole). One payment covers the whole; each
 * booking carries `registration_id`, payment method `registration` and its share of the price
 * (so a class the studio cancels gives back that share). Free and complimentary registrations
 * are booked at once; money goes through commerce (`class_registration` line) and the bookings
 * become booked when the order is paid.
 */
export function createRegistrationsService(deps: RegistrationsDeps) {
  const { database, studios, customers, commerce, cancel, waitlist } = deps;

  const ownCustomerId = (ctx: Ctx) => ownCustomerIdOf(customers, ctx);

  /** Marks a registration's bookings booked with their share of `totalMinor`, once. */
  async function activate(tx: Tx, ctx: Ctx, r: RegistrationRow, paid: { orderId: string | null; totalMinor: number; currency: string }) {
    const rows = (await bookingsOf(tx, ctx, r.id)).filter((b) => b.status === 'pending');
    const shares = rows.length ? allocate(money(paid.totalMinor, paid.currency), rows.map(() => 1)).map((m) => m.amountMinor) : [];
    const now = ctx.clock.now();
    const events: DomainEvent[] = [];
    for (const [i, b] of rows.entries()) {
      const row = await bookingRepo.updateBooking(tx, ctx, b.id, ['pending'], { status: 'booked', orderId: paid.orderId, paidMinor: shares[i]!, currency: paid.currency, bookedAt: now, holdExpiresAt: null });
      if (!row) continue;
      const facts = (await bookingFactsOf(tx, ctx, b.id))!;
      events.push(
        bookingEvent('booking.created.v1', b.id, { ...facts.base, ...facts.paidWith, source: 'registration', discountCode: null, paidMinor: shares[i]!, currency: paid.currency }),
        bookingEvent('booking.created_without_membership.v1', b.id, { ...facts.base, paymentMethod: 'registration' }),
      );
    }
    await tx
      .update(registrations)
      .set({ status: 'active', orderId: paid.orderId, paidMinor: paid.totalMinor, currency: paid.currency, updatedAt: now })
      .where(and(eq(registrations.studioId, ctx.studioId), eq(registrations.id, r.id)));
    events.push(
      bookingEvent('registration.created.v1', r.id, { registrationId: r.id, seriesId: r.seriesId, customerId: r.customerId, payerId: r.payerId, bookingIds: rows.map((b) => b.id), paymentMethod: r.paymentMethod }),
    );
    await publish(tx, ctx, ...events);
  }

  /**
   * Ends a registration nobody paid for (the payment failed, never started, or its holds ran out),
   * in the caller's transaction: once — only a pending registration becomes cancelled — its held
   * spots go back (to the waitlists; the hold job may have given some back already) and
   * `registration.cancelled.v1` says so (unless `announce` is false: the attempt that just failed
   * in the customer's hands), nothing given back as nothing was paid. The customer may then
   * register again. False when the registration was not pending.
   */
  async function endUnpaid(tx: Tx, ctx: Ctx, registrationId: string, announce = true): Promise<boolean> {
    const now = ctx.clock.now();
    const [ended] = await tx
      .update(registrations)
      .set({ status: 'cancelled', cancelledAt: now, updatedAt: now })
      .where(and(eq(registrations.studioId, ctx.studioId), eq(registrations.id, registrationId), eq(registrations.status, 'pending')))
      .returning();
    if (!ended) return false;
    for (const b of await bookingsOf(tx, ctx, registrationId)) {
      if (b.status !== 'pending') continue;
      const released = await releaseBooking(tx, ctx, b.id, { status: 'removed', cancelledAt: now, holdExpiresAt: null });
      if (released) await waitlist.onSpotFreed(tx, ctx, released.occurrenceId);
    }
    if (announce) {
      await publish(
        tx,
        ctx,
        bookingEvent('registration.cancelled.v1', ended.id, { registrationId: ended.id, seriesId: ended.seriesId, customerId: ended.customerId, refundKind: 'none', refundMinor: 0, currency: ended.currency, by: byOf(ctx), reason: 'unpaid' }),
      );
    }
    return true;
  }

  /** A pending registration whose holds have all run out (none still pending with time left). */
  async function holdsLapsed(tx: Tx, ctx: Ctx, registrationId: string): Promise<boolean> {
    const now = ctx.clock.now();
    return (await bookingsOf(tx, ctx, registrationId)).every((b) => b.status !== 'pending' || (b.holdExpiresAt !== null && b.holdExpiresAt <= now));
  }

  /**
   * A card payment completed after the registration's holds ran out (the hold job gave the spots
   * back, and perhaps the sweep ended the registration unpaid): every class still to come is
   * taken again — all or none, as at registration — and the registration is pending again, for
   * `activate`. When that cannot be (a class filled, the customer registered again or booked
   * one of the classes meanwhile, staff cancelled the registration) it throws: commerce then
   * keeps the paid line unfulfilled with the reason, for staff to refund (as for one class).
   */
  async function retakeLapsedHolds(tx: Tx, ctx: Ctx, r: RegistrationRow): Promise<void> {
    const rows = await bookingsOf(tx, ctx, r.id);
    if (r.status === 'pending' && rows.every((b) => b.status === 'pending')) return;
    const refund = 'refund the payment.';
    const now = ctx.clock.now();
    // Places in classes that started or were cancelled while the payment was pending are not booked again.
    const toCome: { b: (typeof rows)[number]; f: BookingFacts }[] = [];
    for (const b of rows) {
      const f = (await bookingFactsOf(tx, ctx, b.id))!;
      if (f.classStatus === 'scheduled' && f.startsAt > now) toCome.push({ b, f });
    }
    // Only places the holds gave back come back (a place staff cancelled stays cancelled).
    const ended = toCome.find(({ b }) => b.status !== 'pending' && b.status !== 'removed');
    if (ended) throw new BookingError('not_cancellable', `This registration was cancelled before the payment completed: ${refund}`);
    if (r.status !== 'pending') {
      if (r.status !== 'cancelled' || r.paidMinor > 0) throw new BookingError('not_cancellable', `This registration was cancelled before the payment completed: ${refund}`);
      const [other] = await tx
        .select({ id: registrations.id })
        .from(registrations)
        .where(and(eq(registrations.studioId, ctx.studioId), eq(registrations.seriesId, r.seriesId), eq(registrations.customerId, r.customerId), inArray(registrations.status, ['pending', 'active'])));
      if (other) throw new BookingError('already_booked', `The customer registered for this series again before the payment completed: ${refund}`);
      await tx
        .update(registrations)
        .set({ status: 'pending', cancelledAt: null, updatedAt: now })
        .where(and(eq(registrations.studioId, ctx.studioId), eq(registrations.id, r.id), eq(registrations.status, 'cancelled')));
    }
    for (const { b, f } of toCome) {
      if (b.status === 'pending') continue;
      if (await bookingRepo.findActive(tx, ctx, b.occurrenceId, b.customerId)) throw new BookingError('already_booked', `The customer booked the class of ${f.base.startsAt} meanwhile: ${refund}`, [], { occurrenceId: b.occurrenceId });
      if (!(await takeSpot(tx, ctx, b.occurrenceId))) throw new BookingError('class_full', `The class of ${f.base.startsAt} filled before the payment completed: ${refund}`, [], { occurrenceId: b.occurrenceId });
      await bookingRepo.updateBooking(tx, ctx, b.id, ['removed'], { status: 'pending', cancelledAt: null, cancelledBy: null, holdExpiresAt: null });
    }
    if (toCome.length === 0) throw new BookingError('class_started', `The series has no class left to book: ${refund}`);
  }

  const fulfiller: Fulfiller = {
    kind: registrationKind,
    async quote(tx: Tx, ctx: Ctx, input: QuoteInput): Promise<LineQuote> {
      const r = await findRegistration(tx, ctx, input.refId);
      if (!r) throw registrationNotFound();
      const s = await seriesFacts(tx, ctx, r.seriesId);
      if (!s) throw registrationNotFound();
      return { description: `${s.name} — all classes`, unitPriceMinor: s.priceMinor, taxRateBp: 0, discountKeys: [`template:${s.templateId}`] };
    },
    async fulfil(tx: Tx, ctx: Ctx, line: FulfilLine) {
      const r = await findRegistration(tx, ctx, line.refId ?? '', true);
      if (!r) throw registrationNotFound();
      if (r.status === 'active') return { fulfilledRef: r.id };
      try {
        await retakeLapsedHolds(tx, ctx, r);
      } catch (err) {
        // Another registration of the customer took the series meanwhile (a race past the check above).
        if (isUniqueViolation(err)) throw new BookingError('already_booked', 'The customer registered for this series again before the payment completed: refund the payment.');
        throw err;
      }
      await activate(tx, ctx, r, { orderId: line.orderId, totalMinor: line.totalMinor, currency: line.currency });
      return { fulfilledRef: r.id };
    },
    async onRefund(tx: Tx, ctx: Ctx, line: FulfilLine, refund: RefundOfLine) {
      if (line.refId) await onOrderRefunded(tx, ctx, line.refId, refund);
    },
    async onPaymentFailed(tx: Tx, ctx: Ctx, line: FulfilLine) {
      if (line.refId) await endUnpaid(tx, ctx, line.refId);
    },
  };

  async function register(ctx: Ctx, by: 'staff' | 'customer', input: RegistrationInput | unknown, idempotencyKey: string) {
    const v = parseOrThrow(registrationInputSchema, input);
    const payerId = by === 'customer' ? await ownCustomerId(ctx) : v.customerId;
    if (!payerId) throw new BookingError('invalid_booking', 'Choose the customer to register.', [{ path: 'customerId', message: 'Required' }]);
    const method = v.payment.method;
    if (method === 'membership') throw new BookingError('invalid_booking', 'A semester or course is paid as a whole: choose card, prepaid credit, cash or terminal.', [{ path: 'payment.method', message: 'Not for registrations' }]);
    if (by === 'customer' && ['cash', 'terminal', 'complimentary'].includes(method)) {
      throw new BookingError('invalid_booking', 'Pay online by card or prepaid credit.', [{ path: 'payment.method', message: 'Not available online' }]);
    }
    const attendeeId = v.forCustomerId ?? payerId;
    const registrationId = newId('registration');

    const created = await withStudio(database, ctx.studioId, async (tx) => {
      const now = ctx.clock.now();
      const s = await seriesFacts(tx, ctx, v.seriesId);
      if (!s) throw new BookingError('class_not_found', 'This series does not exist.', [{ path: 'seriesId', message: 'Unknown series' }]);
      if (!registrableKinds.has(s.kind)) throw new BookingError('invalid_booking', 'Only a semester or a course is booked as a whole.', [{ path: 'seriesId', message: 'Not a semester or course' }]);
      try {
        const payer = await customers.getCustomer(ctx, payerId, tx);
        if (attendeeId !== payerId) {
          await customers.getCustomer(ctx, attendeeId, tx);
          // As for one class: someone else than the payer attends only as the payer's child, where the series takes children.
          if (!(await isParentOf(tx, ctx, payerId, attendeeId))) throw new BookingError('not_your_child', 'Only a parent registers their child.', [{ path: 'forCustomerId', message: 'Not a child of this customer' }]);
          if (!s.allowChildren) throw new BookingError('children_not_allowed', 'This series does not take children.', [{ path: 'forCustomerId', message: 'Children not allowed' }]);
        }
        // The same waivers as booking one class (the customer waiver; the child waiver for a child).
        await settleWaivers(deps.waivers, tx, ctx, { by, attendeeId, payerId, acceptedWaiverVersionIds: v.acceptedWaiverVersionIds }, [payer.firstName, payer.lastName].filter(Boolean).join(' '));
      } catch (err) {
        if (err instanceof DomainError && err.kind === 'not_found') throw new BookingError('customer_not_found', 'This customer does not exist.', [{ path: 'customerId', message: 'Unknown customer' }]);
        throw err;
      }
      const classes = await futureClasses(tx, ctx, s.id, now);
      if (classes.length === 0) throw new BookingError('class_started', 'This series has no class left to book.');
      const free = s.priceMinor === 0 || method === 'complimentary';
      if (method === 'free' && s.priceMinor > 0) throw new BookingError('payment_required', 'This series is not free: choose how to pay.', [{ path: 'payment.method', message: 'Not free' }]);
      const { currency } = await studios.getStudioSettings(ctx, tx);
      // An earlier attempt left unpaid past its holds does not block this one (the sweep may not have run yet).
      const [earlier] = await tx
        .select()
        .from(registrations)
        .where(and(eq(registrations.studioId, ctx.studioId), eq(registrations.seriesId, s.id), eq(registrations.customerId, attendeeId), eq(registrations.status, 'pending')))
        .for('update');
      if (earlier && (await holdsLapsed(tx, ctx, earlier.id))) await endUnpaid(tx, ctx, earlier.id);
      try {
        await tx.insert(registrations).values({
          studioId: ctx.studioId,
          id: registrationId,
          seriesId: s.id,
          customerId: attendeeId,
          payerId,
          status: 'pending',
          paymentMethod: method,
          currency,
          createdBy: actorUserId(ctx.actor),
          createdAt: now,
        });
      } catch (err) {
        if (isUniqueViolation(err)) throw new BookingError('already_booked', 'This customer is already registered for this series.');
        throw err;
      }
      // All or nothing: one full class refuses the whole registration (the transaction rolls back).
      for (const c of classes) {
        if (!(await takeSpot(tx, ctx, c.id))) {
          throw new BookingError('class_full', `The class of ${c.startsAt.toISOString()} is full: the series cannot be booked as a whole.`, [], { occurrenceId: c.id });
        }
        try {
          await bookingRepo.insertBooking(tx, ctx, {
            id: newId('booking'),
            occurrenceId: c.id,
            customerId: attendeeId,
            payerId,
            status: 'pending',
            source: by === 'staff' ? 'staff' : 'online',
            paymentMethod: 'registration',
            registrationId,
            currency,
            holdExpiresAt: free ? null : new Date(now.getTime() + holdMinutes * minuteMs),
            createdBy: actorUserId(ctx.actor),
            createdAt: now,
          });
        } catch (err) {
          if (isUniqueViolation(err)) throw new BookingError('already_booked', `The customer already has a place in the class of ${c.startsAt.toISOString()}.`, [], { occurrenceId: c.id });
          throw err;
        }
      }
      const r = (await findRegistration(tx, ctx, registrationId))!;
      if (free) await activate(tx, ctx, r, { orderId: null, totalMinor: 0, currency });
      return { free };
    });

    if (created.free) {
      return withStudio(database, ctx.studioId, async (tx) => ({ registration: await dtoOf(tx, ctx, registrationId), payment: null }));
    }

    const line = { kind: registrationKind, refId: registrationId, quantity: 1 };
    const channel = by === 'staff' ? 'staff' : 'online';
    let result: { orderId: string; status: string; clientSecret: string | null; failureMessage: string | null };
    try {
      if (method === 'card' && by === 'staff' && !v.payment.savedCardId) {
        const charged = await commerce.chargeSavedCard(ctx, { customerId: payerId, lines: [line], idempotencyKey, metadata: { registrationId }, channel: 'staff' });
        result = { orderId: charged.orderId, status: charged.status, clientSecret: null, failureMessage: charged.failureMessage ?? null };
      } else {
        const options: CheckoutOptions = { idempotencyKey, channel, metadata: { registrationId } };
        const tender = method === 'card' && v.payment.savedCardId ? { method, savedCardId: v.payment.savedCardId } : { method };
        const out = await commerce.checkout(ctx, { customerId: payerId, lines: [line], tenders: [tender as never], ...(v.discountCode ? { discountCode: v.discountCode } : {}) }, options);
        result = { orderId: out.order.id, status: out.payment.status, clientSecret: out.payment.clientSecret, failureMessage: out.payment.failureMessage };
      }
    } catch (err) {
      const orderMayExist = err instanceof DomainError && err.code === 'payment_provider_error';
      if (!orderMayExist) await withStudio(database, ctx.studioId, (tx) => endUnpaid(tx, ctx, registrationId, false));
      throw err;
    }
    const registration = await withStudio(database, ctx.studioId, async (tx) => {
      await tx
        .update(registrations)
        .set({ orderId: result.orderId })
        .where(and(eq(registrations.studioId, ctx.studioId), eq(registrations.id, registrationId), eq(registrations.status, 'pending')));
      return dtoOf(tx, ctx, registrationId);
    });
    if (result.status === 'failed') throw new BookingError('payment_failed', result.failureMessage ?? 'The payment failed.', [], { orderId: result.orderId });
    return { registration, payment: { orderId: result.orderId, status: result.status, clientSecret: result.clientSecret } };
  }

  async function markCancelled(tx: Tx, ctx: Ctx, id: string) {
    const now = ctx.clock.now();
    await tx.update(registrations).set({ status: 'cancelled', cancelledAt: now, updatedAt: now }).where(and(eq(registrations.studioId, ctx.studioId), eq(registrations.id, id)));
  }

  /**
   * Ends each place of the registration in a class still to come (classes already held are kept)
   * with `endOne`, which says whether it ended the place; a freed spot in a scheduled class goes to
   * its waitlist.
   */
  async function endPlacesToCome(tx: Tx, ctx: Ctx, id: string, endOne: (row: bookingRepo.BookingRow, facts: BookingFacts) => Promise<boolean>) {
    const now = ctx.clock.now();
    for (const b of await bookingsOf(tx, ctx, id)) {
      const row = await bookingRepo.findBooking(tx, ctx, b.id, { lock: true });
      if (!row || !['pending', 'booked'].includes(row.status)) continue;
      const facts = (await bookingFactsOf(tx, ctx, b.id))!;
      if (facts.startsAt <= now) continue;
      if ((await endOne(row, facts)) && facts.classStatus === 'scheduled') await waitlist.onSpotFreed(tx, ctx, row.occurrenceId);
    }
  }

  /**
   * The registration's order line was refunded in Sales (commerce's `onRefund`, in the refund's
   * transaction). In full: the registration is cancelled and its places in classes still to come
   * end (spots to the waitlists), each recording its share as what the refund gave back — nothing
   * more is given; once, as only an active registration is ended (a registration staff cancelled,
   * whose credit refunds completed the order's refund, is already cancelled). A partial refund
   * (a goodwill gesture, a share for a missed class) leaves the registration as it is.
   */
  async function onOrderRefunded(tx: Tx, ctx: Ctx, id: string, refund: RefundOfLine): Promise<void> {
    if (!refund.full) return;
    const r = await findRegistration(tx, ctx, id, true);
    if (r?.status !== 'active') return;
    await markCancelled(tx, ctx, id);
    const kind = refund.destination === 'prepaid_credit' ? ('dollar_credit' as const) : refund.destination;
    await endPlacesToCome(tx, ctx, id, async (row, facts) => {
      const done = await cancel.end(tx, ctx, row, facts, { refundKind: 'none', refundMinor: 0, lateCancel: false }, { by: byOf(ctx), reason: 'registration_cancelled', refunded: { kind, amountMinor: row.paidMinor } });
      return done !== null;
    });
    await publish(
      tx,
      ctx,
      bookingEvent('registration.cancelled.v1', id, { registrationId: id, seriesId: r.seriesId, customerId: r.customerId, refundKind: kind, refundMinor: refund.amountMinor, currency: r.currency, by: byOf(ctx), reason: 'order_refunded' }),
    );
  }

  /** Ends the registrations whose holds ran out unpaid (the job, every studio, 500 a run). */
  async function expireUnpaid(_payload: unknown, job: JobCtx): Promise<JobResult> {
    const cutoff = new Date(job.clock.now().getTime() - holdMinutes * minuteMs);
    const stale = await withSystem(database, (tx) =>
      tx
        .select({ studioId: registrations.studioId, id: registrations.id })
        .from(registrations)
        .where(and(eq(registrations.status, 'pending'), lte(registrations.createdAt, cutoff)))
        .orderBy(asc(registrations.createdAt))
        .limit(500),
    );
    for (const s of stale) {
      const ctx: Ctx = { studioId: s.studioId as StudioId, actor: { kind: 'system' }, clock: job.clock, requestId: job.jobId };
      await withStudio(database, ctx.studioId, async (tx) => {
        const r = await findRegistration(tx, ctx, s.id, true);
        if (r?.status === 'pending' && (await holdsLapsed(tx, ctx, r.id))) await endUnpaid(tx, ctx, r.id);
      });
    }
    return stale.length > 0 ? 'done' : 'skipped';
  }
  deps.jobs.register(defineExpireUnpaidRegistrationsJob(expireUnpaid));

  /**
   * Classes added to a series later (a date added to a course): every active registration of
   * the series gets a place in them when one is free (the registration's price is not changed;
   * the new place carries no share of it). A full class is skipped.
   */
  async function onClassesScheduled(tx: Tx, ctx: Ctx, seriesId: string, occurrenceIds: readonly string[]): Promise<number> {
    const active = await tx
      .select()
      .from(registrations)
      .where(and(eq(registrations.studioId, ctx.studioId), eq(registrations.seriesId, seriesId), eq(registrations.status, 'active')));
    let added = 0;
    const now = ctx.clock.now();
    for (const r of active) {
      for (const occurrenceId of occurrenceIds) {
        if (await bookingRepo.findActive(tx, ctx, occurrenceId, r.customerId)) continue;
        if (!(await takeSpot(tx, ctx, occurrenceId))) continue;
        const b = await bookingRepo.insertBooking(tx, ctx, {
          id: newId('booking'),
          occurrenceId,
          customerId: r.customerId,
          payerId: r.payerId,
          status: 'booked',
          source: 'registration',
          paymentMethod: 'registration',
          registrationId: r.id,
          orderId: r.orderId,
          currency: r.currency,
          bookedAt: now,
          createdAt: now,
        });
        const facts = (await bookingFactsOf(tx, ctx, b.id))!;
        await publish(tx, ctx, bookingEvent('booking.created.v1', b.id, { ...facts.base, ...facts.paidWith, source: 'registration', discountCode: null, paidMinor: 0, currency: r.currency }));
        added++;
      }
    }
    return added;
  }

  return {
    fulfiller,
    onClassesScheduled,

    /** Staff register a customer (Idempotency-Key: the payment's). */
    registerAsStaff: (ctx: Ctx, input: RegistrationInput | unknown, idempotencyKey: string) => register(ctx, 'staff', input, idempotencyKey),

    /** A customer registers themselves (or their child) online. */
    registerOwn: (ctx: Ctx, input: RegistrationInput | unknown, idempotencyKey: string) => register(ctx, 'customer', input, idempotencyKey),

    async getRegistration(ctx: Ctx, id: string): Promise<RegistrationDto> {
      return withStudio(database, ctx.studioId, (tx) => dtoOf(tx, ctx, id));
    },

    /**
     * Staff cancel a registration: every class still to come is cancelled and its share of the
     * price given back as dollar credits to the payer (classes already held are kept); the freed
     * spots go to the waitlists. Once: a cancelled registration is refused.
     */
    async cancelRegistration(ctx: Ctx, id: string): Promise<RegistrationDto> {
      return withStudio(database, ctx.studioId, async (tx) => {
        const r = await findRegistration(tx, ctx, id, true);
        if (!r) throw registrationNotFound();
        if (r.status === 'cancelled') throw new BookingError('not_cancellable', 'This registration is already cancelled.');
        // Cancelled first: the credit refunds below go through the order, and the last one makes it
        // refunded in full — `onOrderRefunded` then finds the registration ended and does nothing.
        await markCancelled(tx, ctx, id);
        let refundMinor = 0;
        await endPlacesToCome(tx, ctx, id, async (row, facts) => {
          const refund: { refundKind: RefundKind; refundMinor: number } = row.status === 'booked' && row.paidMinor > 0 ? { refundKind: 'dollar_credit', refundMinor: row.paidMinor } : { refundKind: 'none', refundMinor: 0 };
          const done = await cancel.end(tx, ctx, row, facts, { ...refund, lateCancel: false }, { by: byOf(ctx), reason: 'registration_cancelled' });
          refundMinor += done?.refundMinor ?? 0;
          return done !== null;
        });
        await publish(
          tx,
          ctx,
          bookingEvent('registration.cancelled.v1', id, { registrationId: id, seriesId: r.seriesId, customerId: r.customerId, refundKind: refundMinor > 0 ? 'dollar_credit' : 'none', refundMinor, currency: r.currency, by: byOf(ctx), reason: 'cancelled' }),
        );
        return dtoOf(tx, ctx, id);
      });
    },
  };
}

export type RegistrationsService = ReturnType<typeof createRegistrationsService>;
