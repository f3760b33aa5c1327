import { and, eq, lte, sql } from 'drizzle-orm';
import type { Ctx } from '../../../kernel/ctx.ts';
import type { StudioId } from '../../../kernel/ids.ts';
import type { Database, Tx } from '../../../platform/db/client.ts';
import { withStudio, withSystem } from '../../../platform/db/tx.ts';
import { publish } from '../../../platform/events/publish.ts';
import type { JobCtx, Jobs } from '../../../platform/jobs/index.ts';
import { parseOrThrow } from '../../../platform/validation.ts';
import { claimOfferSchema, promoteBookingSchema, type BookingDto, type BookingPayment, type BookingResultDto, type BookingSettingsDto } from '../contracts.ts';
import { checkClaim, freeSpots, offerExpiry, offersToSend, promotionFailure, type WaitlistMode } from '../domain/waitlist.ts';
import { bookingDto } from '../dto.ts';
import { BookingError, bookingNotFound, type BookingErrorCode } from '../errors.ts';
import { bookingEvent } from '../events.ts';
import { bookingFacts, type BookingFacts } from '../facts.ts';
import { findBooking, updateBooking, waitingStatuses, type BookingRow } from '../repo.ts';
import { bookings } from '../schema.ts';
import {
  defineExpireOfferJob,
  defineExpireOffersJob,
  defineFillFreedSpotJob,
  expireOfferJobName,
  fillFreedSpotJobName,
} from './jobs.ts';
import * as repo from './repo.ts';
import { assertOwn, customerIdOf } from '../actors.ts';

export type PromoteResult = { ok: true; booking: BookingDto; payment?: BookingResultDto['payment'] } | { ok: false; reason: string; message: string };
/**
 * The book service's promotion (`book/`): takes a spot for a waitlisted or offered booking and
 * takes its payment ('auto': the first eligible membership, else the default saved card, else
 * prepaid credit, else free when the class costs nothing). A failure leaves the row waiting.
 */
export type PromoteFn = (ctx: Ctx, bookingId: string, payment: BookingPayment | 'auto', mode: WaitlistMode) => Promise<PromoteResult>;

export interface WaitlistDeps {
  database: Database;
  jobs: Jobs;
  settings: { get(tx: Tx, ctx: Ctx): Promise<BookingSettingsDto> };
  /** The signed-in customer's profile (a customer session names its login, not its profile). */
  customers: { getOwnProfile(ctx: Ctx): Promise<{ id: string }> };
  promote?: PromoteFn;
}

/** Guards a run of automatic promotions (each promotes or passes over one customer). */
const maxPromotionsPerRun = 1_000;
/** Offers sent at once to a first-come class (everyone waiting, in practice). */
const maxFirstComeOffers = 1_000;
const expiredOffersPerSweep = 500;

const failureCodes: readonly BookingErrorCode[] = [
  'class_full',
  'class_cancelled',
  'class_started',
  'not_on_waitlist',
  'offer_expired',
  'already_booked',
  'payment_required',
  'payment_failed',
  'no_eligible_membership',
  'waiver_required',
  'answers_required',
];
const errorOf = (reason: string, message: string) =>
  new BookingError((failureCodes as readonly string[]).includes(reason) ? (reason as BookingErrorCode) : 'payment_failed', message, [], { reason });

const systemCtx = (studioId: string, jobCtx: Pick<JobCtx, 'clock' | 'jobId'>): Ctx => ({
  studioId: studioId as StudioId,
  actor: { kind: 'system' },
  clock: jobCtx.clock,
  requestId: `job:${jobCtx.jobId}`,
});


/**
 * The waitlist: who gets a spot that frees, by the studio's mode (Settings › Waitlist):
 * auto (the first in line is booked and pays; one whose payment cannot be taken is skipped,
 * `waitlist.skipped.v1` says why), confirm (an offer to the next in line for
 * numberOfMinutesToRespond; it expires and goes to the next) or first_come (everyone waiting
 * is told; the first claim wins). Spots are only ever taken by the book service's `promote`,
 * through the capacity guard, so a spot goes to one customer however many claim it.
 */
export function createWaitlistService(deps: WaitlistDeps) {
  const { database, jobs, settings, customers } = deps;
  let promoteFn: PromoteFn | null = deps.promote ?? null;

  /** The customer profile of a customer session; null for staff and the system. */
  const me = (ctx: Ctx) => customerIdOf(customers, ctx);

  function promote(): PromoteFn {
    if (!promoteFn) throw new BookingError('payment_failed', 'Promotion from the waitlist is not available in this process.');
    return promoteFn;
  }

  /**
   * Called by cancel, move, a failed payment and an expired hold, in the transaction that freed
   * the spot. No dedupe key: a run fills whatever is free when it runs, so an extra run costs a
   * read, while a run skipped because another had the same key could leave a spot unfilled.
   */
  async function onSpotFreed(tx: Tx, ctx: Ctx, occurrenceId: string): Promise<void> {
    await jobs.enqueue(tx, fillFreedSpotJobName, { studioId: ctx.studioId, occurrenceId });
  }

  async function publishFor(tx: Tx, ctx: Ctx, ids: readonly string[], make: (f: BookingFacts) => ReturnType<typeof bookingEvent>) {
    const facts = await bookingFacts(tx, ctx, ids);
    await publish(tx, ctx, ...ids.flatMap((id) => (facts.has(id) ? [make(facts.get(id)!)] : [])));
  }

  // ---------------------------------------------------------------- filling a freed spot

  /** auto: promote the first in line until no spot is free or nobody is left; skip those who cannot pay. */
  async function fillAuto(ctx: Ctx, occurrenceId: string): Promise<number> {
    const passedOver: string[] = [];
    let promoted = 0;
    for (let i = 0; i < maxPromotionsPerRun; i++) {
      const next = await withStudio(database, ctx.studioId, async (tx) => {
        const c = await repo.classCounts(tx, ctx, occurrenceId);
        if (!c || freeSpots(c, ctx.clock.now()) === 0) return null;
        const [first] = await repo.nextWaiting(tx, ctx, occurrenceId, 1, passedOver);
        return first ?? null;
      });
      if (!next) break;
      const result = await promote()(ctx, next.id, 'auto', 'auto');
      if (result.ok) {
        promoted++;
        continue;
      }
      const action = promotionFailure(result.reason);
      if (action === 'stop') break;
      passedOver.push(next.id);
      if (action === 'skip_customer') {
        await withStudio(database, ctx.studioId, (tx) =>
          publishFor(tx, ctx, [next.id], (f) => bookingEvent('waitlist.skipped.v1', f.base.bookingId, { ...f.base, reason: result.reason, message: result.message })),
        );
      }
    }
    return promoted;
  }

  /**
   * confirm: one open offer per free spot, to the next in line; first_come: every customer
   * waiting is told while a spot is free. The class's waitlist lock serialises the runs, so two
   * (two cancellations at once) do not offer one spot twice.
   */
  async function fillByOffers(ctx: Ctx, occurrenceId: string, s: BookingSettingsDto): Promise<number> {
    return withStudio(database, ctx.studioId, async (tx) => {
      const now = ctx.clock.now();
      await repo.lockWaitlist(tx, occurrenceId);
      const c = await repo.classCounts(tx, ctx, occurrenceId);
      if (!c) return 0;
      const free = freeSpots(c, now);
      if (free === 0) return 0;
      const confirm = s.waitlistMode === 'confirm';
      const count = confirm ? offersToSend(free, await repo.countOpenOffers(tx, ctx, occurrenceId, now), maxFirstComeOffers) : maxFirstComeOffers;
      if (count === 0) return 0;
      const waiting = await repo.nextWaiting(tx, ctx, occurrenceId, count);
      const expiresAt = confirm ? offerExpiry(now, s.waitlistResponseMin, c.startsAt) : null;
      const offered = await repo.markOffered(tx, ctx, waiting.map((w) => w.id), now, expiresAt);
      const ids = offered.map((o) => o.id);
      await publishFor(tx, ctx, ids, (f) =>
        bookingEvent('waitlist.offered.v1', f.base.bookingId, {
          ...f.base,
          mode: confirm ? 'confirm' : 'first_come',
          expiresAt: expiresAt?.toISOString() ?? null,
          numberOfMinutesToRespond: s.waitlistResponseMin,
        }),
      );
      if (expiresAt) {
        for (const id of ids) {
          await jobs.enqueue(tx, expireOfferJobName, { studioId: ctx.studioId, bookingId: id }, { startAfter: expiresAt, dedupeKey: `${id}@${expiresAt.toISOString()}` });
        }
      }
      return ids.length;
    });
  }

  /** Gives the class's free spots to its waitlist by the studio's mode; resolves to how many customers were promoted or offered a spot. */
  async function fill(ctx: Ctx, occurrenceId: string): Promise<number> {
    const s = await withStudio(database, ctx.studioId, (tx) => settings.get(tx, ctx));
    if (s.waitlistMode === 'auto') return fillAuto(ctx, occurrenceId);
    return fillByOffers(ctx, occurrenceId, s);
  }

  // ---------------------------------------------------------------- offers that expire

  /** An offer past its expiry is removed (`waitlist.offer_expired.v1`) and the spot offered to the next; a no-op before the expiry or once answered. */
  async function expireOffer(ctx: Ctx, bookingId: string): Promise<boolean> {
    return withStudio(database, ctx.studioId, async (tx) => {
      const now = ctx.clock.now();
      const [row] = await tx
        .update(bookings)
        .set({ status: 'removed', offerExpiresAt: null, updatedAt: now, version: sql`${bookings.version} + 1` })
        .where(and(eq(bookings.studioId, ctx.studioId), eq(bookings.id, bookingId), eq(bookings.status, 'offered'), lte(bookings.offerExpiresAt, now)))
        .returning({ id: bookings.id, occurrenceId: bookings.occurrenceId });
      if (!row) return false;
      await publishFor(tx, ctx, [row.id], (f) => bookingEvent('waitlist.offer_expired.v1', f.base.bookingId, { ...f.base }));
      await onSpotFreed(tx, ctx, row.occurrenceId);
      return true;
    });
  }

  /** The minute sweep: every studio's offers past their expiry, by this process's clock. */
  async function expireDueOffers(jobCtx: Pick<JobCtx, 'clock' | 'jobId'>): Promise<number> {
    let expired = 0;
    for (;;) {
      const due = await withSystem(database, (tx) => repo.listExpiredOffers(tx, jobCtx.clock.now(), expiredOffersPerSweep));
      let changed = 0;
      for (const o of due) if (await expireOffer(systemCtx(o.studioId, jobCtx), o.id)) changed++;
      expired += changed;
      if (due.length < expiredOffersPerSweep || changed === 0) return expired;
    }
  }

  // ---------------------------------------------------------------- jobs

  jobs.register(
    defineFillFreedSpotJob(async (p, jobCtx) => ((await fill(systemCtx(p.studioId, jobCtx), p.occurrenceId)) > 0 ? 'done' : 'skipped')),
  );
  jobs.register(defineExpireOfferJob(async (p, jobCtx) => ((await expireOffer(systemCtx(p.studioId, jobCtx), p.bookingId)) ? 'done' : 'skipped')));
  jobs.register(defineExpireOffersJob(async (_p, jobCtx) => ((await expireDueOffers(jobCtx)) > 0 ? 'done' : 'skipped')));

  // ---------------------------------------------------------------- after a promotion

  /** A first-come class with no spot left: the others' offers go back to waiting. */
  async function afterPromotion(ctx: Ctx, occurrenceId: string, mode: WaitlistMode) {
    if (mode !== 'first_come') return;
    await withStudio(database, ctx.studioId, async (tx) => {
      await repo.lockWaitlist(tx, occurrenceId);
      const c = await repo.classCounts(tx, ctx, occurrenceId);
      if (c && freeSpots(c, ctx.clock.now()) === 0) await repo.withdrawFirstComeOffers(tx, ctx, occurrenceId, ctx.clock.now());
    });
  }

  /** The spot was taken by someone else: a confirm offer goes back to waiting (place kept); first-come offers too. */
  async function afterSpotGone(ctx: Ctx, bookingId: string, occurrenceId: string, mode: WaitlistMode) {
    await withStudio(database, ctx.studioId, async (tx) => {
      if (mode === 'first_come') await repo.withdrawFirstComeOffers(tx, ctx, occurrenceId, ctx.clock.now());
      else await updateBooking(tx, ctx, bookingId, ['offered'], { status: 'waitlisted', offeredAt: null, offerExpiresAt: null });
    });
  }

  /**
   * A payment that did not go through leaves the row waiting (promote gives the spot back): an
   * offer the customer was answering is given back as it was, so they may pay another way
   * until it expires.
   */
  async function restoreOffer(ctx: Ctx, b: { id: string; status: string; offeredAt: Date | null; offerExpiresAt: Date | null }) {
    if (b.status !== 'offered') return;
    await withStudio(database, ctx.studioId, (tx) =>
      updateBooking(tx, ctx, b.id, ['waitlisted'], { status: 'offered', offeredAt: b.offeredAt, offerExpiresAt: b.offerExpiresAt }),
    );
  }

  async function promoteOrThrow(ctx: Ctx, b: BookingRow, payment: BookingPayment | 'auto', mode: WaitlistMode): Promise<BookingResultDto> {
    const result = await promote()(ctx, b.id, payment, mode);
    if (result.ok) {
      await afterPromotion(ctx, b.occurrenceId, mode);
      return { booking: result.booking, payment: result.payment ?? null };
    }
    const action = promotionFailure(result.reason);
    if (action === 'stop') await afterSpotGone(ctx, b.id, b.occurrenceId, mode);
    if (action === 'skip_customer') await restoreOffer(ctx, b);
    throw errorOf(result.reason, result.message);
  }

  return {
    onSpotFreed,
    fill,
    expireOffer,
    expireDueOffers,

    /** Composition: the book service's promotion (book/ is built after this service). */
    usePromote(fn: PromoteFn) {
      promoteFn = fn;
    },

    /**
     * A customer claims an offered spot (confirm, first_come) with the payment they choose (a
     * card entered in the browser answers with the payment to confirm, as booking does).
     * Refused when the offer expired (`offer_expired`), when the spot is gone (`class_full`:
     * the place in line is kept), or when they are not waiting (`not_on_waitlist`).
     */
    async claim(ctx: Ctx, bookingId: string, input: unknown): Promise<BookingResultDto> {
      const { payment } = parseOrThrow(claimOfferSchema, input);
      const own = await me(ctx);
      const { b, mode } = await withStudio(database, ctx.studioId, async (tx) => {
        const b = await findBooking(tx, ctx, bookingId);
        if (!b) throw bookingNotFound();
        assertOwn(own, b);
        const s = await settings.get(tx, ctx);
        const c = await repo.classCounts(tx, ctx, b.occurrenceId);
        const check = checkClaim(b, s.waitlistMode, c ? freeSpots(c, ctx.clock.now()) : 0, ctx.clock.now());
        if (!check.ok) {
          const messages = { offer_expired: 'This offer has expired.', not_on_waitlist: 'There is no spot offered to you in this class.', class_full: 'The spot has already been taken.' };
          throw new BookingError(check.code, messages[check.code]);
        }
        return { b, mode: s.waitlistMode };
      });
      return promoteOrThrow(ctx, b, payment, mode);
    },

    /** A customer leaves the waitlist or declines an offer (→ removed, `waitlist.left.v1`); a declined offer goes to the next in line. */
    async decline(ctx: Ctx, bookingId: string): Promise<BookingDto> {
      const own = await me(ctx);
      return withStudio(database, ctx.studioId, async (tx) => {
        const b = await findBooking(tx, ctx, bookingId, { lock: true });
        if (!b) throw bookingNotFound();
        assertOwn(own, b);
        const row = await updateBooking(tx, ctx, bookingId, waitingStatuses, { status: 'removed', offerExpiresAt: null, cancelledAt: ctx.clock.now() });
        if (!row) throw new BookingError('not_on_waitlist', 'You are not on the waitlist of this class.');
        await publishFor(tx, ctx, [row.id], (f) => bookingEvent('waitlist.left.v1', f.base.bookingId, { ...f.base }));
        if (b.status === 'offered') await onSpotFreed(tx, ctx, b.occurrenceId);
        return bookingDto(tx, ctx, bookingId);
      });
    },

    /** Staff give a free spot to a customer on the waitlist, ahead of the line (the mode's offers still open stay open). */
    async promoteByStaff(ctx: Ctx, bookingId: string, input: unknown): Promise<BookingResultDto> {
      const { payment } = parseOrThrow(promoteBookingSchema, input ?? {});
      const { b, mode } = await withStudio(database, ctx.studioId, async (tx) => {
        const b = await findBooking(tx, ctx, bookingId);
        if (!b) throw bookingNotFound();
        if (!(waitingStatuses as readonly string[]).includes(b.status)) throw new BookingError('not_on_waitlist', 'This customer is not on the waitlist.');
        return { b, mode: (await settings.get(tx, ctx)).waitlistMode };
      });
      return promoteOrThrow(ctx, b, payment ?? 'auto', mode);
    },
  };
}

export type WaitlistService = ReturnType<typeof createWaitlistService>;
