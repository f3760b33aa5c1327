import type { Clock } from '../../kernel/clock.ts';
import type { Ctx } from '../../kernel/ctx.ts';
import { addDays, compareLocalDates, localDateOf, startOfLocalDay, type LocalDate } from '../../kernel/time.ts';
import type { Database, Tx } from '../../platform/db/client.ts';
import { withStudio } from '../../platform/db/tx.ts';
import { publish, type DomainEvent } from '../../platform/events/publish.ts';
import type { Jobs } from '../../platform/jobs/index.ts';
import { parseOrThrow } from '../../platform/validation.ts';
import { isParentOf } from '../customers/index.ts';
import type { FulfilLine, Fulfiller, LineQuote, QuoteInput } from '../commerce/index.ts';
import type { StudiosService } from '../studios/index.ts';
import type { CustomersService } from '../customers/index.ts';
import type { WaiversService } from '../waivers/index.ts';
import type { MembershipsCommerce } from './commerce-port.ts';
import {
  adjustCreditsSchema,
  editInstalmentsSchema,
  freezeInputSchema,
  renewalPriceInputSchema,
  sellMembershipSchema,
  unfreezeInputSchema,
  type AdjustCredits,
  type CreditEntryDto,
  type EditInstalments,
  type FreezeInput,
  type MembershipDto,
  type PlanKind,
  type SaleResultDto,
  type SellMembership,
  type UnfreezeInput,
} from './contracts.ts';
import { ineligibility } from './domain/eligibility.ts';
import { checkPaymentPlan, checkRemainingInstalments } from './domain/payment-plan.ts';
import { addInterval, dayOfMonth, shiftByFreeze, type IntervalUnit } from './domain/periods.ts';
import { renewingKinds } from './domain/plan-rules.ts';
import { priceFor } from './domain/pricing.ts';
import { MembershipsError, membershipNotFound } from './errors.ts';
import { membershipEvent } from './events.ts';
import { planOrThrow } from './plans/service.ts';
import type { PlanRow } from './plans/repo.ts';
import * as repo from './repo.ts';
import { listRenewalsOf, studiosWithLiveMemberships, updateRenewal } from './renewals/repo.ts';

export interface MembershipsDeps {
  database: Database;
  studios: Pick<StudiosService, 'getStudioSettings'>;
  waivers: Pick<WaiversService, 'pendingFor'>;
  /** The signed-in customer's own profile (their session names the login, not the profile). */
  customers: Pick<CustomersService, 'getOwnProfile'>;
  jobs: Jobs;
  clock: Clock;
}

export interface EligibleFor {
  /** Who books (the member, or the parent booking for a child). */
  customerId: string;
  /** The child the spot is for, when not the member; the parent's plan must be shareable with children. */
  forCustomerId?: string | null;
  templateId: string;
  locationId: string | null;
  startsAt: Date;
}

export interface EligibleMembership {
  membershipId: string;
  ownerId: string;
  planId: string;
  planName: string;
  kind: string;
  /** Null: unlimited. */
  creditsRemaining: number | null;
  periodEnd: string | null;
}

const iso = (d: Date) => d.toISOString();
const isoOrNull = (d: Date | null) => (d ? d.toISOString() : null);
const todayIn = (ctx: Ctx, timeZone: string) => localDateOf(ctx.clock.now(), timeZone);
const base = (m: { id: string; customerId: string; planId: string }) => ({ membershipId: m.id, customerId: m.customerId, planId: m.planId });
const actorUserId = (ctx: Ctx) => (ctx.actor.kind === 'staff' || ctx.actor.kind === 'customer' ? ctx.actor.userId : null);

export function toMembershipDto(m: repo.MembershipWithPlan, freezes: repo.FreezeRow[], instalments: repo.InstalmentRow[]): MembershipDto {
  const renewing = m.autoRenew && m.renewalCancelledAt === null && m.status !== 'expired' && m.status !== 'cancelled';
  return {
    id: m.id,
    customerId: m.customerId,
    planId: m.planId,
    planName: m.planName,
    kind: m.kind as MembershipDto['kind'],
    status: m.status as MembershipDto['status'],
    timeZone: m.timeZone,
    startDate: m.startDate,
    periodStart: m.periodStart,
    periodEnd: m.periodEnd,
    renewalDate: renewing ? m.periodEnd : null,
    autoRenew: m.autoRenew,
    renewalCancelledAt: isoOrNull(m.renewalCancelledAt),
    priceMinor: m.priceMinor,
    renewalPriceMinor: m.renewalPriceMinor,
    currency: m.currency,
    creditsRemaining: m.creditsRemaining,
    creditsPerPeriod: m.creditsPerPeriod,
    introOffer: m.introOffer,
    orderId: m.orderId,
    freezes: freezes
      .filter((f) => f.membershipId === m.id)
      .map((f) => ({ id: f.id, startsAt: iso(f.startsAt), endsAt: isoOrNull(f.endsAt), status: f.status as MembershipDto['freezes'][number]['status'] })),
    instalments: instalments
      .filter((i) => i.membershipId === m.id)
      .map((i) => ({
        id: i.id,
        seq: i.seq,
        dueDate: i.dueDate,
        amountMinor: i.amountMinor,
        status: i.status as MembershipDto['instalments'][number]['status'],
        attempts: i.attempts,
        failureMessage: i.failureMessage,
        paidAt: isoOrNull(i.paidAt),
      })),
    customerCanFreeze: m.customerCanFreeze,
    customerCanCancel: m.customerCanCancel,
    createdAt: iso(m.createdAt),
  };
}

export const toCreditEntryDto = (e: repo.CreditRow): CreditEntryDto => ({
  id: e.id,
  delta: e.delta,
  balanceAfter: e.balanceAfter,
  reason: e.reason as CreditEntryDto['reason'],
  bookingId: e.bookingId,
  occurrenceId: e.occurrenceId,
  orderId: e.orderId,
  note: e.note,
  createdAt: iso(e.createdAt),
});

/**
 * The first period of a plan bought on `today` (local date in the studio's zone):
 * - renewing kinds: from today to today + interval (the renewal date), anchored on today's day;
 * - a specific subscription: its fixed dates (the end is exclusive: the day after the last day);
 * - packs and intro offers: from today, ending after the expiry (null: no expiry);
 * - a dollar pack: no period (the credit lives in commerce's ledger).
 */
export function firstPeriod(plan: PlanRow, today: LocalDate): { periodStart: LocalDate; periodEnd: LocalDate | null; anchorDay: number; autoRenew: boolean } {
  const anchorDay = dayOfMonth(today);
  switch (plan.kind) {
    case 'subscription_absolute':
    case 'on_demand':
      return { periodStart: today, periodEnd: addInterval(today, plan.intervalCount!, plan.intervalUnit as IntervalUnit, anchorDay), anchorDay, autoRenew: true };
    case 'subscription_specific':
      return { periodStart: plan.specificStartDate as LocalDate, periodEnd: addDays(plan.specificEndDate as LocalDate, 1), anchorDay: dayOfMonth(plan.specificStartDate as LocalDate), autoRenew: false };
    case 'class_pack':
    case 'intro_offer':
      return {
        periodStart: today,
        periodEnd: plan.expiryCount ? addInterval(today, plan.expiryCount, plan.expiryUnit as IntervalUnit, anchorDay) : null,
        anchorDay,
        autoRenew: false,
      };
    default:
      return { periodStart: today, periodEnd: null, anchorDay, autoRenew: false };
  }
}

const creditsOf = (plan: PlanRow) => ({
  creditsRemaining: plan.creditsMode === 'unlimited' ? null : plan.creditsCount,
  creditsPerPeriod: plan.creditsMode === 'per_period' ? plan.creditsCount : null,
});

export function createMembershipsService(deps: MembershipsDeps) {
  const { database, studios, waivers, customers } = deps;
  let commerce: MembershipsCommerce | null = null;

  function commerceOrThrow(): MembershipsCommerce {
    if (!commerce) throw new MembershipsError('commerce_unavailable', 'Selling needs the commerce module, which is not wired in this process.');
    return commerce;
  }

  async function membershipOrThrow(tx: Tx, ctx: Ctx, id: string, options: { lock?: boolean } = {}): Promise<repo.MembershipWithPlan> {
    const m = await repo.findMembership(tx, ctx, id, options);
    if (!m || m.status === 'pending') throw membershipNotFound();
    return m;
  }

  async function dtoOf(tx: Tx, ctx: Ctx, id: string): Promise<MembershipDto> {
    const m = await membershipOrThrow(tx, ctx, id);
    return toMembershipDto(m, await repo.listFreezes(tx, ctx, [id]), await repo.listInstalments(tx, ctx, [id]));
  }

  /** A customer acting on their own: the membership must be theirs and the plan must allow it. */
  async function ownerOf(ctx: Ctx): Promise<string | null> {
    return ctx.actor.kind === 'customer' ? (await customers.getOwnProfile(ctx)).id : null;
  }

  function assertOwnAllowed(ctx: Ctx, ownerId: string | null, m: repo.MembershipWithPlan, what: 'freeze' | 'cancel') {
    if (ctx.actor.kind !== 'customer') return;
    if (m.customerId !== ownerId) throw membershipNotFound();
    const allowed = what === 'freeze' ? m.customerCanFreeze : m.customerCanCancel;
    if (!allowed) throw new MembershipsError('not_allowed_by_plan', what === 'freeze' ? 'This plan is frozen by the studio only.' : 'Ask the studio to cancel this renewal.');
  }

  // ---------------------------------------------------------------- purchase (fulfillers)

  /** The checks of a sale, in the order's tx: plan on sale, a customer, the waiver, one intro offer each, the price. */
  async function checkSale(tx: Tx, ctx: Ctx, plan: PlanRow, customerId: string | null, choiceMinor: number | undefined, exceptMembershipId: string | null = null): Promise<number> {
    if (plan.archivedAt) throw new MembershipsError('plan_archived', 'This plan is no longer sold.');
    if (!customerId) throw new MembershipsError('customer_required', 'A membership is sold to a customer: choose or create one.', [{ path: 'customerId', message: 'Required' }]);
    if (plan.kind === 'subscription_specific' && compareLocalDates(plan.specificEndDate as LocalDate, todayIn(ctx, (await studios.getStudioSettings(ctx, tx)).timeZone)) < 0) {
      throw new MembershipsError('plan_archived', 'The dates of this plan are over.');
    }
    if (plan.kind === 'intro_offer' && (await repo.hadIntroOffer(tx, ctx, customerId, exceptMembershipId))) {
      throw new MembershipsError('intro_offer_already_used', 'An intro offer is for customers who never had one.');
    }
    if (plan.waiverRequired) {
      const pending = await waivers.pendingFor(ctx, customerId, 'membership_purchase', tx);
      if (pending.length > 0) {
        throw new MembershipsError('waiver_required', 'This plan needs the membership waiver signed first.', [], { waivers: pending.map((w) => ({ id: w.waiverId, title: w.title, version: w.version })) });
      }
    }
    const price = priceFor({ priceMode: plan.priceMode as 'fixed' | 'sliding', priceMinor: plan.priceMinor, priceMinMinor: plan.priceMinMinor, priceMaxMinor: plan.priceMaxMinor }, choiceMinor);
    if ('error' in price) throw new MembershipsError('invalid_price', price.error.message, [price.error]);
    return price.priceMinor;
  }

  /** Grants a new membership's credits on the ledger (a `grant` row), in the purchase's tx. */
  async function grantInitialCredits(tx: Tx, ctx: Ctx, m: repo.MembershipRow) {
    if (m.creditsRemaining === null || m.creditsRemaining === 0) return;
    await repo.insertCreditEntry(tx, ctx, {
      membershipId: m.id,
      delta: m.creditsRemaining,
      balanceAfter: m.creditsRemaining,
      reason: m.creditsPerPeriod !== null ? 'period_grant' : 'grant',
      orderId: m.orderId,
      periodStart: m.creditsPerPeriod !== null ? m.periodStart : null,
      actorId: actorUserId(ctx),
    });
  }

  async function announcePurchase(tx: Tx, ctx: Ctx, m: repo.MembershipRow) {
    const events: DomainEvent[] = [
      membershipEvent('membership.purchased.v1', m.id, { ...base(m), kind: m.kind, orderId: m.orderId, priceMinor: m.priceMinor, currency: m.currency }),
    ];
    if (m.introOffer) events.push(membershipEvent('intro_offer.purchased.v1', m.id, { ...base(m), orderId: m.orderId }));
    await publish(tx, ctx, ...events);
  }

  /** Starts a membership of `plan` for the customer today (studio zone), credits granted, events published. */
  async function startMembership(tx: Tx, ctx: Ctx, plan: PlanRow, customerId: string, priceMinor: number, orderId: string | null): Promise<repo.MembershipRow> {
    const studio = await studios.getStudioSettings(ctx, tx);
    const period = firstPeriod(plan, todayIn(ctx, studio.timeZone));
    const m = await repo.insertMembership(tx, ctx, {
      customerId,
      planId: plan.id,
      kind: plan.kind,
      status: 'active',
      timeZone: studio.timeZone,
      startDate: period.periodStart,
      ...period,
      priceMinor,
      currency: plan.currency,
      ...creditsOf(plan),
      introOffer: plan.kind === 'intro_offer',
      orderId,
    });
    await grantInitialCredits(tx, ctx, m);
    if (plan.kind === 'dollar_pack' && plan.dollarCreditMinor) {
      await commerceOrThrow().credits.post(tx, ctx, { customerId, deltaMinor: plan.dollarCreditMinor, reason: 'purchase', orderId, note: plan.name });
    }
    await announcePurchase(tx, ctx, m);
    return m;
  }

  const membershipFulfiller: Fulfiller = {
    kind: 'membership',
    /** `refId` is a plan (a plain sale) or a pending membership with a payment plan (its deposit). */
    async quote(tx: Tx, ctx: Ctx, input: QuoteInput): Promise<LineQuote> {
      if (input.quantity !== 1) throw new MembershipsError('invalid_price', 'A membership line sells one membership.', [{ path: 'quantity', message: 'One per line' }]);
      if (input.refId.startsWith('mbr_')) {
        const m = await repo.findMembership(tx, ctx, input.refId);
        if (!m || m.status !== 'pending') throw membershipNotFound();
        const [deposit] = await repo.listInstalments(tx, ctx, [m.id]);
        return { description: `${m.planName} (deposit)`, unitPriceMinor: deposit?.amountMinor ?? 0, taxRateBp: m.taxRateBp, discountKeys: [`plan:${m.planId}`] };
      }
      const plan = await planOrThrow(tx, ctx, input.refId);
      const priceMinor = await checkSale(tx, ctx, plan, input.customerId, input.priceMinor);
      return { description: plan.name, unitPriceMinor: priceMinor, taxRateBp: plan.taxRateBp, discountKeys: [`plan:${plan.id}`] };
    },
    async fulfil(tx: Tx, ctx: Ctx, line: FulfilLine) {
      if (line.fulfilledRef) return { fulfilledRef: line.fulfilledRef };
      if (!line.refId || !line.customerId) throw new MembershipsError('customer_required', 'A membership is sold to a customer.');
      if (line.refId.startsWith('mbr_')) return { fulfilledRef: await activatePending(tx, ctx, line.refId, line.orderId) };
      const plan = await planOrThrow(tx, ctx, line.refId);
      const m = await startMembership(tx, ctx, plan, line.customerId, line.unitPriceMinor, line.orderId);
      return { fulfilledRef: m.id };
    },
    /**
     * The deposit of a payment-plan sale failed: the membership that waited for it never starts.
     * It stays `pending` (never listed, never charged) with its instalments cancelled.
     */
    async onPaymentFailed(tx: Tx, ctx: Ctx, line: FulfilLine) {
      if (!line.refId?.startsWith('mbr_')) return;
      const m = await repo.findMembership(tx, ctx, line.refId, { lock: true });
      if (m?.status === 'pending') await repo.deleteUnpaidInstalments(tx, ctx, m.id);
    },
    /** A full refund of a membership nobody booked with cancels it (and takes back a dollar pack's credit). */
    async onRefund(tx: Tx, ctx: Ctx, line: FulfilLine, refund) {
      if (!refund.full || !line.fulfilledRef) return;
      const m = await repo.findMembership(tx, ctx, line.fulfilledRef, { lock: true });
      if (!m || m.status === 'cancelled' || (await repo.countBookings(tx, ctx, m.id)) > 0) return;
      if (m.kind === 'dollar_pack') {
        const plan = await planOrThrow(tx, ctx, m.planId);
        if (plan.dollarCreditMinor) await commerceOrThrow().credits.post(tx, ctx, { customerId: m.customerId, deltaMinor: -plan.dollarCreditMinor, reason: 'refund', orderId: line.orderId, note: plan.name });
      }
      await cancelNow(tx, ctx, m, 'refunded');
    },
  };

  /** The deposit of a payment-plan sale was paid: the pending membership starts today. */
  async function activatePending(tx: Tx, ctx: Ctx, membershipId: string, orderId: string): Promise<string> {
    const pending = await repo.findMembership(tx, ctx, membershipId, { lock: true });
    if (!pending) throw membershipNotFound();
    if (pending.status !== 'pending') return pending.id;
    const plan = await planOrThrow(tx, ctx, pending.planId);
    const period = firstPeriod(plan, todayIn(ctx, pending.timeZone));
    const m = await repo.updateMembership(tx, ctx, pending.id, { status: 'active', startDate: period.periodStart, ...period, orderId });
    const [deposit] = await repo.listInstalments(tx, ctx, [m.id]);
    if (deposit && deposit.seq === 0) await repo.updateInstalment(tx, ctx, deposit.id, { status: 'paid', paidAt: ctx.clock.now(), orderId, attempts: 1 });
    await grantInitialCredits(tx, ctx, m);
    if (plan.kind === 'dollar_pack' && plan.dollarCreditMinor) {
      await commerceOrThrow().credits.post(tx, ctx, { customerId: m.customerId, deltaMinor: plan.dollarCreditMinor, reason: 'purchase', orderId, note: plan.name });
    }
    await announcePurchase(tx, ctx, m);
    return m.id;
  }

  /** Ends a membership now (refund): status cancelled, credits off the ledger, `membership.cancelled.v1`. */
  async function cancelNow(tx: Tx, ctx: Ctx, m: repo.MembershipWithPlan, note: string) {
    if (m.creditsRemaining !== null && m.creditsRemaining > 0) {
      await repo.addCredits(tx, ctx, m.id, -m.creditsRemaining);
      await repo.insertCreditEntry(tx, ctx, { membershipId: m.id, delta: -m.creditsRemaining, balanceAfter: 0, reason: 'adjustment', note, actorId: actorUserId(ctx) });
    }
    await repo.updateMembership(tx, ctx, m.id, { status: 'cancelled', cancelledAt: ctx.clock.now(), autoRenew: false });
    await repo.deleteUnpaidInstalments(tx, ctx, m.id);
    await publish(tx, ctx, membershipEvent('membership.cancelled.v1', m.id, { ...base(m), accessUntil: null, by: ctx.actor.kind === 'customer' ? 'customer' : ctx.actor.kind === 'system' ? 'system' : 'staff' }));
  }

  /**
   * Ends a membership whose access is over: status expired, unused credits off the ledger
   * (`expiry`), `membership.expired.v1` (and `intro_offer.expired.v1` for an intro offer).
   */
  async function expire(tx: Tx, ctx: Ctx, m: repo.MembershipWithPlan, reason: 'period_ended' | 'renewal_cancelled' | 'renewal_failed' | 'pack_expired') {
    if (m.creditsRemaining !== null && m.creditsRemaining > 0) {
      await repo.addCredits(tx, ctx, m.id, -m.creditsRemaining);
      await repo.insertCreditEntry(tx, ctx, { membershipId: m.id, delta: -m.creditsRemaining, balanceAfter: 0, reason: 'expiry' });
    }
    await repo.updateMembership(tx, ctx, m.id, { status: 'expired', expiredAt: ctx.clock.now(), autoRenew: false });
    const events = [membershipEvent('membership.expired.v1', m.id, { ...base(m), reason })];
    if (m.introOffer) events.push(membershipEvent('intro_offer.expired.v1', m.id, base(m)));
    await publish(tx, ctx, ...events);
  }

  // ---------------------------------------------------------------- freezes

  async function applyFreeze(tx: Tx, ctx: Ctx, m: repo.MembershipWithPlan, freeze: repo.FreezeRow) {
    if (m.status !== 'active') {
      await repo.updateFreeze(tx, ctx, freeze.id, { status: 'cancelled' });
      return;
    }
    await repo.updateFreeze(tx, ctx, freeze.id, { status: 'active', appliedAt: ctx.clock.now() });
    await repo.updateMembership(tx, ctx, m.id, { status: 'frozen' });
    await publish(tx, ctx, membershipEvent('membership.frozen.v1', m.id, { ...base(m), freezeId: freeze.id, startsAt: iso(freeze.startsAt), endsAt: isoOrNull(freeze.endsAt) }));
  }

  /**
   * Lifts an applied freeze at `at`: benefits come back and the period end (the renewal or
   * expiry date) moves by the frozen days, counted as local dates in the membership's zone.
   */
  async function liftFreeze(tx: Tx, ctx: Ctx, m: repo.MembershipWithPlan, freeze: repo.FreezeRow, at: Date) {
    const from = localDateOf(freeze.startsAt, m.timeZone);
    const until = localDateOf(at, m.timeZone);
    let shiftedDays = 0;
    let periodEnd = m.periodEnd as LocalDate | null;
    let anchorDay = m.anchorDay;
    if (periodEnd) {
      const shifted = shiftByFreeze(periodEnd, from, until);
      periodEnd = shifted.periodEnd;
      anchorDay = shifted.anchorDay;
      shiftedDays = shifted.days;
    }
    await repo.updateFreeze(tx, ctx, freeze.id, { status: 'done', liftedAt: at, endsAt: freeze.endsAt ?? at, shiftedDays });
    await repo.updateMembership(tx, ctx, m.id, { status: 'active', periodEnd, anchorDay });
    await publish(tx, ctx, membershipEvent('membership.unfrozen.v1', m.id, { ...base(m), freezeId: freeze.id, periodEnd, shiftedDays }));
  }

  async function freeze(ctx: Ctx, id: string, input: FreezeInput): Promise<MembershipDto> {
    const values = parseOrThrow(freezeInputSchema, input);
    const ownerId = await ownerOf(ctx);
    return withStudio(database, ctx.studioId, async (tx) => {
      const m = await membershipOrThrow(tx, ctx, id, { lock: true });
      assertOwnAllowed(ctx, ownerId, m, 'freeze');
      if (m.kind === 'dollar_pack') throw new MembershipsError('membership_not_active', 'A dollar pack has nothing to freeze.');
      if (m.status === 'frozen' || (await repo.openFreeze(tx, ctx, m.id))) throw new MembershipsError('already_frozen', 'This membership is already frozen or has a freeze planned.');
      if (m.status !== 'active') throw new MembershipsError('membership_not_active', 'Only an active membership can be frozen.');
      const now = ctx.clock.now();
      const today = todayIn(ctx, m.timeZone);
      const later = values.startDate !== undefined && compareLocalDates(values.startDate as LocalDate, today) > 0;
      const startsAt = later ? startOfLocalDay(values.startDate as LocalDate, m.timeZone) : now;
      const endsAt = values.unfreezeDate ? startOfLocalDay(values.unfreezeDate as LocalDate, m.timeZone) : null;
      if (endsAt && endsAt.getTime() <= startsAt.getTime()) {
        throw new MembershipsError('invalid_plan', 'The unfreeze date comes after the freeze starts.', [{ path: 'unfreezeDate', message: 'After the start' }]);
      }
      const row = await repo.insertFreeze(tx, ctx, { membershipId: m.id, startsAt, endsAt, status: 'scheduled' });
      if (!later) await applyFreeze(tx, ctx, m, row);
      if (endsAt) await publish(tx, ctx, membershipEvent('membership.unfreeze_scheduled.v1', m.id, { ...base(m), freezeId: row.id, unfreezeAt: iso(endsAt) }));
      return dtoOf(tx, ctx, m.id);
    });
  }

  async function unfreeze(ctx: Ctx, id: string, input: UnfreezeInput): Promise<MembershipDto> {
    const values = parseOrThrow(unfreezeInputSchema, input);
    const ownerId = await ownerOf(ctx);
    return withStudio(database, ctx.studioId, async (tx) => {
      const m = await membershipOrThrow(tx, ctx, id, { lock: true });
      assertOwnAllowed(ctx, ownerId, m, 'freeze');
      const open = await repo.openFreeze(tx, ctx, m.id);
      if (!open) throw new MembershipsError('not_frozen', 'This membership is not frozen.');
      const today = todayIn(ctx, m.timeZone);
      if (values.date !== undefined && compareLocalDates(values.date as LocalDate, today) > 0) {
        const at = startOfLocalDay(values.date as LocalDate, m.timeZone);
        if (at.getTime() <= open.startsAt.getTime()) throw new MembershipsError('invalid_plan', 'The unfreeze date comes after the freeze starts.', [{ path: 'date', message: 'After the start' }]);
        await repo.updateFreeze(tx, ctx, open.id, { endsAt: at });
        await publish(tx, ctx, membershipEvent('membership.unfreeze_scheduled.v1', m.id, { ...base(m), freezeId: open.id, unfreezeAt: iso(at) }));
      } else if (open.status === 'scheduled') {
        // Not begun yet: unfreezing now simply calls the planned freeze off.
        await repo.updateFreeze(tx, ctx, open.id, { status: 'cancelled' });
      } else {
        await liftFreeze(tx, ctx, m, open, ctx.clock.now());
      }
      return dtoOf(tx, ctx, m.id);
    });
  }

  // ---------------------------------------------------------------- renewal settings

  /**
   * Stops the renewals: access lasts until the period ends (then the maintenance run expires
   * it). A past-due membership has no paid period left, so it expires at once.
   */
  async function cancelRenewal(ctx: Ctx, id: string): Promise<MembershipDto> {
    const ownerId = await ownerOf(ctx);
    return withStudio(database, ctx.studioId, async (tx) => {
      const m = await membershipOrThrow(tx, ctx, id, { lock: true });
      assertOwnAllowed(ctx, ownerId, m, 'cancel');
      if (!m.autoRenew || m.renewalCancelledAt) throw new MembershipsError('not_renewing', 'This membership does not renew.');
      await repo.updateMembership(tx, ctx, m.id, { autoRenew: false, renewalCancelledAt: ctx.clock.now() });
      await publish(tx, ctx, membershipEvent('membership.cancelled.v1', m.id, { ...base(m), accessUntil: m.periodEnd, by: ctx.actor.kind === 'customer' ? 'customer' : 'staff' }));
      if (m.status === 'past_due') {
        await abandonOpenRenewals(tx, ctx, m.id);
        await expire(tx, ctx, { ...m, autoRenew: false }, 'renewal_cancelled');
      }
      return dtoOf(tx, ctx, m.id);
    });
  }

  async function abandonOpenRenewals(tx: Tx, ctx: Ctx, membershipId: string) {
    for (const r of await listRenewalsOf(tx, ctx, [membershipId])) {
      if (r.status === 'due' || r.status === 'failed') await updateRenewal(tx, ctx, r.id, { status: 'abandoned', nextAttemptAt: null });
    }
  }

  /** The price of the next renewals (and of a failed renewal still to retry); not of periods paid. */
  async function changeRenewalPrice(ctx: Ctx, id: string, input: { priceMinor: number }): Promise<MembershipDto> {
    const { priceMinor } = parseOrThrow(renewalPriceInputSchema, input);
    return withStudio(database, ctx.studioId, async (tx) => {
      const m = await membershipOrThrow(tx, ctx, id, { lock: true });
      if (!renewingKinds.has(m.kind as PlanRow['kind'] & PlanKind) || !m.autoRenew) throw new MembershipsError('not_renewing', 'This membership does not renew.');
      const fromMinor = m.renewalPriceMinor ?? m.priceMinor;
      await repo.updateMembership(tx, ctx, m.id, { renewalPriceMinor: priceMinor });
        for (const r of await listRenewalsOf(tx, ctx, [m.id])) {
        if (r.status === 'due' || r.status === 'failed') await updateRenewal(tx, ctx, r.id, { amountMinor: priceMinor });
      }
      await publish(tx, ctx, membershipEvent('membership.renewal_price_changed.v1', m.id, { ...base(m), fromMinor, toMinor: priceMinor }));
      return dtoOf(tx, ctx, m.id);
    });
  }

  /** Replaces the instalments still to pay; paid ones stay, and the new ones make up the rest of the price exactly. */
  async function editInstalments(ctx: Ctx, id: string, input: EditInstalments): Promise<MembershipDto> {
    const values = parseOrThrow(editInstalmentsSchema, input);
    return withStudio(database, ctx.studioId, async (tx) => {
      const m = await membershipOrThrow(tx, ctx, id, { lock: true });
      const existing = await repo.listInstalments(tx, ctx, [m.id]);
      if (existing.length === 0) throw new MembershipsError('invalid_payment_plan', 'This membership has no payment plan.');
      const paid = existing.filter((i) => i.status === 'paid').reduce((s, i) => s + i.amountMinor, 0);
      const errors = checkRemainingInstalments(m.priceMinor - paid, values.instalments.map((i) => ({ dueDate: i.dueDate as LocalDate, amountMinor: i.amountMinor })), todayIn(ctx, m.timeZone));
      if (errors.length > 0) throw new MembershipsError('invalid_payment_plan', errors.map((e) => e.message).join(' '), errors);
      await repo.deleteUnpaidInstalments(tx, ctx, m.id);
      const nextSeq = Math.max(...existing.map((i) => i.seq)) + 1;
      await repo.insertInstalments(tx, ctx, values.instalments.map((i, index) => ({ membershipId: m.id, seq: nextSeq + index, dueDate: i.dueDate, amountMinor: i.amountMinor })));
      return dtoOf(tx, ctx, m.id);
    });
  }

  // ---------------------------------------------------------------- credits

  /**
   * Spends one class credit for a booking: never below zero (guarded UPDATE), once per
   * (membership, booking) — a second call returns the first row. Publishes
   * `pack.credits_left.v1` with the count left, and `pack.last_credit_used.v1` at zero.
   * An unlimited membership spends nothing and returns null.
   */
  async function consumeCredit(tx: Tx, ctx: Ctx, input: { membershipId: string; bookingId: string; occurrenceId?: string | null }): Promise<CreditEntryDto | null> {
    const m = await membershipOrThrow(tx, ctx, input.membershipId);
    if (m.creditsRemaining === null) {
      if (m.status !== 'active') throw new MembershipsError('membership_not_active', 'This membership is not active.');
      return null;
    }
    const existing = await repo.findBookingEntry(tx, ctx, m.id, input.bookingId, 'booking');
    if (existing) return toCreditEntryDto(existing);
    const left = await repo.spendCredit(tx, ctx, m.id);
    if (left === null) {
      if (m.status !== 'active') throw new MembershipsError('membership_not_active', 'This membership is not active.');
      throw new MembershipsError('no_credits_left', 'No credits are left on this membership.');
    }
    const entry = await repo.insertCreditEntry(tx, ctx, {
      membershipId: m.id,
      delta: -1,
      balanceAfter: left,
      reason: 'booking',
      bookingId: input.bookingId,
      occurrenceId: input.occurrenceId ?? null,
      periodStart: m.periodStart,
      actorId: actorUserId(ctx),
    });
    const events = [membershipEvent('pack.credits_left.v1', m.id, { ...base(m), bookingId: input.bookingId, creditsLeft: left })];
    if (left === 0) events.push(membershipEvent('pack.last_credit_used.v1', m.id, { ...base(m), bookingId: input.bookingId }));
    await publish(tx, ctx, ...events);
    return toCreditEntryDto(entry);
  }

  /**
   * Gives back the credit a booking spent (late-cancel policy decided by the caller), once. A
   * credit spent in an earlier period of a per-period plan is not given back (that period's
   * credits are gone), nor to an expired or cancelled membership. Returns null when nothing was returned.
   */
  async function returnCredit(tx: Tx, ctx: Ctx, input: { membershipId: string; bookingId: string; reason?: string }): Promise<CreditEntryDto | null> {
    const m = await membershipOrThrow(tx, ctx, input.membershipId, { lock: true });
    const spent = await repo.findBookingEntry(tx, ctx, m.id, input.bookingId, 'booking');
    if (!spent || m.creditsRemaining === null) return null;
    const returned = await repo.findBookingEntry(tx, ctx, m.id, input.bookingId, 'booking_returned');
    if (returned) return toCreditEntryDto(returned);
    if (m.status === 'expired' || m.status === 'cancelled') return null;
    if (m.creditsPerPeriod !== null && spent.periodStart !== m.periodStart) return null;
    const balance = await repo.addCredits(tx, ctx, m.id, 1);
    const entry = await repo.insertCreditEntry(tx, ctx, {
      membershipId: m.id,
      delta: 1,
      balanceAfter: balance!,
      reason: 'booking_returned',
      bookingId: input.bookingId,
      occurrenceId: spent.occurrenceId,
      periodStart: m.periodStart,
      note: input.reason ?? '',
      actorId: actorUserId(ctx),
    });
    return toCreditEntryDto(entry);
  }

  /**
   * The memberships that can pay for a class: the booker's own, and for a child's spot the
   * child's own plus the parent's plans shareable with children. Sorted so the one to use first
   * comes first: counted credits expiring soonest, then unlimited ones.
   */
  async function eligibleFor(tx: Tx, ctx: Ctx, q: EligibleFor): Promise<EligibleMembership[]> {
    const forChild = q.forCustomerId != null && q.forCustomerId !== q.customerId;
    if (forChild && !(await isParentOf(tx, ctx, q.customerId, q.forCustomerId!))) return [];
    const owners = forChild ? [q.customerId, q.forCustomerId!] : [q.customerId];
    const rows = await repo.listForCustomers(tx, ctx, owners);
    const usable = rows.filter(
      (m) =>
        ineligibility(
          { kind: m.kind, status: m.status, periodStart: m.periodStart as LocalDate, periodEnd: m.periodEnd as LocalDate | null, creditsRemaining: m.creditsRemaining },
          m,
          { date: localDateOf(q.startsAt, m.timeZone), templateId: q.templateId, locationId: q.locationId, forChild: forChild && m.customerId === q.customerId },
        ) === null,
    );
    usable.sort((a, b) => Number(a.creditsRemaining === null) - Number(b.creditsRemaining === null) || (a.periodEnd ?? '9999').localeCompare(b.periodEnd ?? '9999'));
    return usable.map((m) => ({ membershipId: m.id, ownerId: m.customerId, planId: m.planId, planName: m.planName, kind: m.kind, creditsRemaining: m.creditsRemaining, periodEnd: m.periodEnd }));
  }

  async function adjustCredits(ctx: Ctx, id: string, input: AdjustCredits): Promise<CreditEntryDto> {
    const values = parseOrThrow(adjustCreditsSchema, input);
    return withStudio(database, ctx.studioId, async (tx) => {
      const m = await membershipOrThrow(tx, ctx, id, { lock: true });
      if (m.creditsRemaining === null) throw new MembershipsError('not_counted', 'This membership has unlimited credits.');
      const balance = await repo.addCredits(tx, ctx, m.id, values.delta);
      if (balance === null) throw new MembershipsError('no_credits_left', `Only ${m.creditsRemaining} credits are left to remove.`, [{ path: 'delta', message: 'Too many' }]);
      return toCreditEntryDto(await repo.insertCreditEntry(tx, ctx, { membershipId: m.id, delta: values.delta, balanceAfter: balance, reason: 'adjustment', note: values.note, actorId: actorUserId(ctx) }));
    });
  }

  // ---------------------------------------------------------------- sale from the profile

  /**
   * Sells a plan from the customer's profile through commerce's checkout (the same fulfiller as
   * the point of sale and the customer's own checkout). With a payment plan, the membership
   * waits (pending) for its deposit, which is the order; the instalments follow on their dates.
   */
  async function sell(ctx: Ctx, input: SellMembership, idempotencyKey: string): Promise<SaleResultDto> {
    const values = parseOrThrow(sellMembershipSchema, input);
    const shop = commerceOrThrow();
    let refId = values.planId;
    if (values.paymentPlan) {
      const plan = values.paymentPlan;
      refId = await withStudio(database, ctx.studioId, async (tx) => {
        const row = await planOrThrow(tx, ctx, values.planId);
        const priceMinor = await checkSale(tx, ctx, row, values.customerId, values.priceMinor);
        const studio = await studios.getStudioSettings(ctx, tx);
        const today = todayIn(ctx, studio.timeZone);
        const planned = plan.instalments.map((i) => ({ dueDate: i.dueDate as LocalDate, amountMinor: i.amountMinor }));
        const errors = checkPaymentPlan(priceMinor, plan.depositMinor, planned, today);
        if (plan.depositMinor <= 0) errors.push({ path: 'paymentPlan.depositMinor', message: 'The deposit is paid at the sale: more than 0.' });
        if (errors.length > 0) throw new MembershipsError('invalid_payment_plan', errors.map((e) => e.message).join(' '), errors);
        const period = firstPeriod(row, today);
        const m = await repo.insertMembership(tx, ctx, {
          customerId: values.customerId,
          planId: row.id,
          kind: row.kind,
          status: 'pending',
          timeZone: studio.timeZone,
          startDate: period.periodStart,
          ...period,
          priceMinor,
          currency: row.currency,
          ...creditsOf(row),
          introOffer: row.kind === 'intro_offer',
        });
        await repo.insertInstalments(tx, ctx, [
          { membershipId: m.id, seq: 0, dueDate: today, amountMinor: plan.depositMinor },
          ...planned.map((i, index) => ({ membershipId: m.id, seq: index + 1, dueDate: i.dueDate, amountMinor: i.amountMinor })),
        ]);
        return m.id;
      });
    }
    const line = { kind: 'membership', refId, quantity: 1, ...(values.paymentPlan || values.priceMinor === undefined ? {} : { priceMinor: values.priceMinor }) };
    // At the desk, "card" is the customer's saved card (charged off-session); cash and terminal are taken by hand.
    const result =
      values.method === 'card'
        ? await shop.chargeSavedCard(ctx, { customerId: values.customerId, lines: [line], idempotencyKey, metadata: {}, channel: 'staff' }).then((r) => ({
            order: { id: r.orderId, status: r.status === 'paid' ? 'paid' : 'awaiting_payment' },
            payment: { status: r.status, clientSecret: null },
          }))
        : await shop.checkout(ctx, { customerId: values.customerId, lines: [line], tenders: [{ method: values.method }] }, { idempotencyKey, channel: 'staff', metadata: refId.startsWith('mbr_') ? { membershipId: refId } : {} });
    const membership = await withStudio(database, ctx.studioId, async (tx) => {
      const id = refId.startsWith('mbr_') ? refId : (await repo.findByOrder(tx, ctx, result.order.id))?.id;
      const m = id ? await repo.findMembership(tx, ctx, id) : undefined;
      return m && m.status !== 'pending' ? dtoOf(tx, ctx, m.id) : null;
    });
    return {
      orderId: result.order.id,
      orderStatus: result.order.status,
      paymentStatus: result.payment.status,
      clientSecret: result.payment.clientSecret,
      membership,
    };
  }

  return {
    fulfillers: { membership: membershipFulfiller },
    /** Composition: commerce sells memberships, renewals and instalments through the fulfillers registered here. */
    attachCommerce(port: MembershipsCommerce, extra: Fulfiller[] = []) {
      commerce = port;
      port.registerFulfiller(membershipFulfiller);
      for (const f of extra) port.registerFulfiller(f);
    },
    commerce: () => commerce,
    internals: { membershipOrThrow, dtoOf, expire, applyFreeze, liftFreeze, abandonOpenRenewals },

    async listForCustomer(ctx: Ctx, customerId: string): Promise<MembershipDto[]> {
      return withStudio(database, ctx.studioId, async (tx) => {
        const rows = await repo.listForCustomers(tx, ctx, [customerId]);
        const ids = rows.map((r) => r.id);
        const [freezes, instalments] = [await repo.listFreezes(tx, ctx, ids), await repo.listInstalments(tx, ctx, ids)];
        return rows.map((m) => toMembershipDto(m, freezes, instalments));
      });
    },
    /** The signed-in customer's memberships, with credits left and the renewal date. */
    async listOwn(ctx: Ctx): Promise<MembershipDto[]> {
      const ownerId = await ownerOf(ctx);
      if (!ownerId) throw membershipNotFound();
      return this.listForCustomer(ctx, ownerId);
    },
    /** In the caller's transaction when `tx` is given (event subscribers). */
    async getMembership(ctx: Ctx, id: string, tx?: Tx): Promise<MembershipDto> {
      return tx ? dtoOf(tx, ctx, id) : withStudio(database, ctx.studioId, (t) => dtoOf(t, ctx, id));
    },
    /**
     * Memberships that end on `lastDay` (a local date) without renewing: active, not auto-renewing
     * (or renewal cancelled), current period ending the day after (the end is exclusive). For the
     * messaging reminder before a membership ends.
     */
    async listEndingOn(tx: Tx, ctx: Ctx, lastDay: LocalDate): Promise<MembershipDto[]> {
      const rows = await repo.listEndingOn(tx, ctx, addDays(lastDay, 1));
      const ids = rows.map((r) => r.id);
      const [freezes, instalments] = [await repo.listFreezes(tx, ctx, ids), await repo.listInstalments(tx, ctx, ids)];
      return rows.map((m) => toMembershipDto(m, freezes, instalments));
    },
    /** The studios that have live memberships (system transaction): who the daily membership jobs visit. */
    studiosWithLiveMemberships: (tx: Tx) => studiosWithLiveMemberships(tx),
    async listCredits(ctx: Ctx, id: string): Promise<{ creditsRemaining: number | null; items: CreditEntryDto[] }> {
      return withStudio(database, ctx.studioId, async (tx) => {
        const m = await membershipOrThrow(tx, ctx, id);
        return { creditsRemaining: m.creditsRemaining, items: (await repo.listCredits(tx, ctx, m.id)).map(toCreditEntryDto) };
      });
    },
    sell,
    freeze,
    unfreeze,
    cancelRenewal,
    changeRenewalPrice,
    editInstalments,
    adjustCredits,
    consumeCredit,
    returnCredit,
    eligibleFor,
  };
}

export type MembershipsService = ReturnType<typeof createMembershipsService>;
