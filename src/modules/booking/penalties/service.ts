import { actorUserId, type Ctx } from '../../../kernel/ctx.ts';
import { DomainError } from '../../../kernel/errors.ts';
import { newId, type StudioId } from '../../../kernel/ids.ts';
import type { Database, Tx } from '../../../platform/db/client.ts';
import { withStudio } from '../../../platform/db/tx.ts';
import { publish, type StoredEvent } from '../../../platform/events/publish.ts';
import type { JobCtx, JobResult, Jobs } from '../../../platform/jobs/index.ts';
import { parseOrThrow } from '../../../platform/validation.ts';
import type { CommerceService, Fulfiller } from '../../commerce/index.ts';
import type { StudiosService } from '../../studios/index.ts';
import {
  penaltiesQuerySchema,
  penaltyRuleInputSchema,
  penaltyRulePatchSchema,
  type PenaltyDto,
  type PenaltyRuleDto,
} from '../contracts.ts';
import type { LocalDate } from '../../../kernel/time.ts';
import { lookBackStart, ruleAppliesAt, ruleMatches, type CountMode, type PeriodKind } from '../domain/penalty-rules.ts';
import { BookingError } from '../errors.ts';
import { bookingEvent } from '../events.ts';
import { defineChargePenaltyJob, defineRefundWaivedPenaltyJob, type PenaltyJobPayload } from './jobs.ts';
import * as repo from './repo.ts';

export interface PenaltiesDeps {
  database: Database;
  jobs: Jobs;
  studios: Pick<StudiosService, 'getStudioSettings'>;
  commerce: Pick<CommerceService, 'registerFulfiller' | 'chargeSavedCard' | 'refund' | 'getOrder'>;
}

/** The order line kind of a penalty fee; its refId is the penalty's id. */
export const penaltyFeeKind = 'penalty_fee';

type Offence = 'late_cancel' | 'no_show';
const iso = (d: Date) => d.toISOString();
const isoOrNull = (d: Date | null) => (d ? d.toISOString() : null);

const ruleNotFound = () => new BookingError('penalty_rule_not_found', 'This penalty rule does not exist.');
const penaltyNotFound = () => new BookingError('penalty_not_found', 'This penalty does not exist.');

const toRuleDto = (r: repo.PenaltyRuleRow): PenaltyRuleDto => ({
  id: r.id,
  offence: r.offence as Offence,
  planIds: r.planIds,
  countMode: r.countMode as CountMode,
  countN: r.countN,
  periodKind: r.periodKind as PeriodKind,
  periodN: r.periodN,
  feeMinor: r.feeMinor,
  currency: r.currency,
  active: r.active,
  createdAt: iso(r.createdAt),
});

const toPenaltyDto = (p: repo.PenaltyView): PenaltyDto => ({
  id: p.id,
  ruleId: p.ruleId,
  bookingId: p.bookingId,
  customerId: p.customerId,
  customerName: `${p.customerFirstName} ${p.customerLastName}`.trim(),
  offence: p.offence as Offence,
  amountMinor: p.amountMinor,
  currency: p.currency,
  status: p.status as PenaltyDto['status'],
  orderId: p.orderId,
  failureMessage: p.failureMessage,
  className: p.className,
  classStartsAt: iso(p.classStartsAt),
  waivedAt: isoOrNull(p.waivedAt),
  chargedAt: isoOrNull(p.chargedAt),
  createdAt: iso(p.createdAt),
});

/** days and months need a length; renewal_period has none. */
function checkPeriod(rule: { periodKind: PeriodKind; periodN: number | null }): void {
  if (rule.periodKind === 'renewal_period' ? rule.periodN !== null : rule.periodN === null) {
    const message = rule.periodKind === 'renewal_period' ? 'A renewal period has no length.' : 'Say how many days or months to look back.';
    throw new BookingError('invalid_penalty_rule', message, [{ path: 'periodN', message }]);
  }
}

const encodeCursor = (p: { createdAt: Date; id: string }) => Buffer.from(`${p.createdAt.toISOString()}|${p.id}`).toString('base64url');
function decodeCursor(cursor: string | undefined): { createdAt: Date; id: string } | undefined {
  if (!cursor) return undefined;
  const [at, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  const createdAt = new Date(at ?? '');
  if (!id || Number.isNaN(createdAt.getTime())) throw new BookingError('invalid_booking', 'This cursor is not valid.', [{ path: 'cursor', message: 'Invalid cursor' }]);
  return { createdAt, id };
}

const systemCtx = (studioId: string, job: JobCtx): Ctx => ({ studioId: studioId as StudioId, actor: { kind: 'system' }, clock: job.clock, requestId: job.jobId });

/**
 * Late-cancel and no-show fees (seed 001): rules set by staff; each offence is counted against
 * the matching rules when its event arrives, a fee that applies becomes a `pending` penalty
 * (once per rule and booking) and a job charges it to the saved card → `charged`, or records it
 * as `owed` (no saved card, a decline). Staff may waive a penalty; a charged one is refunded to
 * the card first.
 */
export function createPenaltiesService(deps: PenaltiesDeps) {
  const { database, commerce } = deps;

  const chargeJob = defineChargePenaltyJob((p, job) => chargePenalty(systemCtx(p.studioId, job), p, job));
  const refundJob = defineRefundWaivedPenaltyJob(async (p, job) => {
    const ctx = systemCtx(p.studioId, job);
    const penalty = await withStudio(database, ctx.studioId, (tx) => repo.findPenalty(tx, ctx, p.penaltyId));
    if (!penalty?.orderId) return 'skipped';
    return (await refundOrder(ctx, penalty.id, penalty.orderId)) ? 'done' : 'skipped';
  });
  deps.jobs.register(chargeJob);
  deps.jobs.register(refundJob);

  const base = (p: repo.PenaltyRow) => ({ penaltyId: p.id, bookingId: p.bookingId, customerId: p.customerId });

  /** Sells a penalty through commerce: priced from the penalty; paying it makes it charged, refunding it in full waives it. */
  const fulfiller: Fulfiller = {
    kind: penaltyFeeKind,
    async quote(tx, ctx, input) {
      const p = await repo.findPenalty(tx, ctx, input.refId);
      if (!p || (p.status !== 'pending' && p.status !== 'owed')) throw new BookingError('penalty_not_found', 'This penalty is not due.');
      return { description: p.offence === 'no_show' ? 'No-show fee' : 'Late cancellation fee', unitPriceMinor: p.amountMinor, taxRateBp: 0, discountKeys: [] };
    },
    async fulfil(tx, ctx, line) {
      const penaltyId = line.refId ?? '';
      const charged = await repo.transitionPenalty(tx, ctx, penaltyId, ['pending', 'owed'], { status: 'charged', orderId: line.orderId, chargedAt: ctx.clock.now(), failureMessage: null });
      if (charged) {
        await publish(tx, ctx, bookingEvent('penalty.charged.v1', charged.id, { ...base(charged), amountMinor: charged.amountMinor, currency: charged.currency, orderId: line.orderId }));
      } else if (await repo.transitionPenalty(tx, ctx, penaltyId, ['waived'], { status: 'waived', orderId: line.orderId })) {
        // Staff waived it while the card was being charged: the money goes back.
        await deps.jobs.enqueue(tx, refundJob, { studioId: ctx.studioId, penaltyId });
      }
      return { fulfilledRef: penaltyId };
    },
    async onRefund(tx, ctx, line, refund) {
      if (!refund.full || !line.refId) return;
      const waived = await repo.transitionPenalty(tx, ctx, line.refId, ['charged'], { status: 'waived', waivedAt: ctx.clock.now(), waivedBy: actorUserId(ctx.actor) });
      if (waived) await publish(tx, ctx, bookingEvent('penalty.waived.v1', waived.id, { ...base(waived), refunded: true }));
    },
  };
  commerce.registerFulfiller(fulfiller);

  /** In the event's transaction: every active rule of this offence that applies at this count makes a pending penalty and its charge job. */
  async function evaluate(tx: Tx, ctx: Ctx, event: StoredEvent): Promise<void> {
    const offence: Offence = event.type === 'booking.no_show.v1' ? 'no_show' : 'late_cancel';
    const status = offence === 'no_show' ? 'no_show' : 'late_cancelled';
    const bookingId = typeof event.payload.bookingId === 'string' ? event.payload.bookingId : '';
    const found = await repo.findOffence(tx, ctx, bookingId, status);
    // A booking no longer in that status (staff undid the no-show) is not an offence any more.
    if (!found) return;
    const rules = (await repo.listRules(tx, ctx)).filter((r) => ruleMatches(r, offence, found.planId));
    if (rules.length === 0) return;
    const studio = await deps.studios.getStudioSettings(ctx, tx);
    for (const rule of rules) {
      const membership = found.membership
        ? { periodStart: found.membership.periodStart as LocalDate, periodEnd: found.membership.periodEnd as LocalDate | null, timeZone: found.membership.timeZone }
        : null;
      const from = lookBackStart({ periodKind: rule.periodKind as PeriodKind, periodN: rule.periodN }, found.offenceAt, studio.timeZone, membership);
      if (!from) continue;
      const k = await repo.countOffences(tx, ctx, { offence: found, status, from, planIds: rule.planIds });
      if (!ruleAppliesAt(rule.countMode as CountMode, rule.countN, k)) continue;
      const now = ctx.clock.now();
      const penalty = await repo.insertPenalty(tx, {
        studioId: ctx.studioId,
        id: newId('penalty'),
        ruleId: rule.id,
        bookingId: found.bookingId,
        // The fee is the payer's: a parent pays for their child's no-show with their own card.
        customerId: found.payerId,
        offence,
        amountMinor: rule.feeMinor,
        currency: rule.currency,
        status: 'pending',
        createdAt: now,
        updatedAt: now,
      });
      if (!penalty) continue;
      await publish(tx, ctx, bookingEvent('penalty.applied.v1', penalty.id, { ...base(penalty), ruleId: rule.id, offence, amountMinor: penalty.amountMinor, currency: penalty.currency }));
      await deps.jobs.enqueue(tx, chargeJob, { studioId: ctx.studioId, penaltyId: penalty.id });
    }
  }

  async function markOwed(ctx: Ctx, penaltyId: string, orderId: string | null, reason: string, message: string): Promise<void> {
    await withStudio(database, ctx.studioId, async (tx) => {
      const owed = await repo.transitionPenalty(tx, ctx, penaltyId, ['pending'], { status: 'owed', orderId, failureMessage: message });
      if (owed) await publish(tx, ctx, bookingEvent('penalty.owed.v1', owed.id, { ...base(owed), amountMinor: owed.amountMinor, currency: owed.currency, reason }));
    });
  }

  /**
   * The charge job: the saved card, off-session, with the penalty's own key (a retry replays the
   * same charge). Paid: the fulfiller made it `charged` in commerce's transaction. A refusal (no
   * saved card, a decline) makes it `owed`; a processor that did not answer is retried.
   */
  async function chargePenalty(ctx: Ctx, p: PenaltyJobPayload, job: JobCtx): Promise<JobResult> {
    const penalty = await withStudio(database, ctx.studioId, (tx) => repo.findPenalty(tx, ctx, p.penaltyId));
    if (!penalty || penalty.status !== 'pending') return 'skipped';
    try {
      const res = await commerce.chargeSavedCard(ctx, {
        customerId: penalty.customerId,
        lines: [{ kind: penaltyFeeKind, refId: penalty.id, quantity: 1 }],
        idempotencyKey: `penalty:${penalty.id}`,
        metadata: { penaltyId: penalty.id, bookingId: penalty.bookingId },
        channel: 'staff',
      });
      if (res.status === 'paid') return 'done';
      if (res.status === 'requires_action') {
        // Off-session, the charge's fate is not known yet (its webhook settles it; paid later still makes it charged).
        if (!job.isLastAttempt) throw new Error(`The charge of order ${res.orderId} is not settled yet.`);
        await markOwed(ctx, penalty.id, res.orderId, 'requires_action', 'The bank asks the customer to confirm this payment.');
        return 'done';
      }
      await markOwed(ctx, penalty.id, res.orderId, 'card_declined', res.failureMessage ?? 'The card was declined.');
      return 'done';
    } catch (err) {
      if (!(err instanceof DomainError) || err.kind === 'unavailable') throw err;
      await markOwed(ctx, penalty.id, null, err.code, err.code === 'no_saved_card' ? 'No saved card to charge.' : err.message);
      return 'done';
    }
  }

  /** Refunds what is left of a penalty's order to the card (key `waive:<penaltyId>`); false when nothing was left. */
  async function refundOrder(ctx: Ctx, penaltyId: string, orderId: string): Promise<boolean> {
    const order = await commerce.getOrder(ctx, orderId);
    if (order.refundableMinor <= 0) return false;
    await commerce.refund(ctx, orderId, { amountMinor: order.refundableMinor, destination: 'card', reason: 'Penalty waived' }, { idempotencyKey: `waive:${penaltyId}` });
    return true;
  }

  async function penaltyDto(tx: Tx, ctx: Ctx, id: string): Promise<PenaltyDto> {
    const view = await repo.findPenaltyView(tx, ctx, id);
    if (!view) throw penaltyNotFound();
    return toPenaltyDto(view);
  }

  /**
   * Waives a penalty: pending or owed → waived at once (a charge in flight is refunded when it
   * completes); charged → the order is refunded to the card (key `waive:<id>`), which waives it.
   * Waiving a waived penalty changes nothing.
   */
  async function waive(ctx: Ctx, id: string): Promise<PenaltyDto> {
    const penalty = await withStudio(database, ctx.studioId, (tx) => repo.findPenalty(tx, ctx, id));
    if (!penalty) throw penaltyNotFound();
    if (penalty.status === 'pending' || penalty.status === 'owed') {
      const waivedNow = await withStudio(database, ctx.studioId, async (tx) => {
        const waived = await repo.transitionPenalty(tx, ctx, id, ['pending', 'owed'], { status: 'waived', waivedAt: ctx.clock.now(), waivedBy: actorUserId(ctx.actor) });
        if (waived) await publish(tx, ctx, bookingEvent('penalty.waived.v1', waived.id, { ...base(waived), refunded: false }));
        return waived !== undefined;
      });
      // Charged in the meantime: waive it the charged way below.
      if (!waivedNow) return waive(ctx, id);
    } else if (penalty.status === 'charged' && penalty.orderId) {
      await refundOrder(ctx, id, penalty.orderId);
      // A refund that covered less than the whole order does not waive through the fulfiller.
      await withStudio(database, ctx.studioId, async (tx) => {
        const waived = await repo.transitionPenalty(tx, ctx, id, ['charged'], { status: 'waived', waivedAt: ctx.clock.now(), waivedBy: actorUserId(ctx.actor) });
        if (waived) await publish(tx, ctx, bookingEvent('penalty.waived.v1', waived.id, { ...base(waived), refunded: true }));
      });
    }
    return withStudio(database, ctx.studioId, (tx) => penaltyDto(tx, ctx, id));
  }

  return {
    fulfiller,
    evaluate,
    chargePenalty,
    jobs: { charge: chargeJob, refundWaived: refundJob },

    /** Settings › Penalty rules. */
    async listRules(ctx: Ctx): Promise<PenaltyRuleDto[]> {
      return withStudio(database, ctx.studioId, async (tx) => (await repo.listRules(tx, ctx)).map(toRuleDto));
    },

    /** A new rule, in the studio's currency. */
    async createRule(ctx: Ctx, input: unknown): Promise<PenaltyRuleDto> {
      const rule = parseOrThrow(penaltyRuleInputSchema, input);
      checkPeriod(rule);
      return withStudio(database, ctx.studioId, async (tx) => {
        const studio = await deps.studios.getStudioSettings(ctx, tx);
        const now = ctx.clock.now();
        return toRuleDto(await repo.insertRule(tx, { ...rule, studioId: ctx.studioId, id: newId('penaltyRule'), currency: studio.currency, createdAt: now, updatedAt: now }));
      });
    },

    /** Changes the fields given; penalties already applied keep their amount. */
    async updateRule(ctx: Ctx, id: string, input: unknown): Promise<PenaltyRuleDto> {
      const patch = parseOrThrow(penaltyRulePatchSchema, input);
      return withStudio(database, ctx.studioId, async (tx) => {
        const rule = await repo.findRule(tx, ctx, id);
        if (!rule) throw ruleNotFound();
        const periodKind = patch.periodKind ?? (rule.periodKind as PeriodKind);
        // Switching to renewal_period drops the length; switching away from it needs one.
        const periodN = patch.periodN !== undefined ? patch.periodN : patch.periodKind === 'renewal_period' ? null : rule.periodN;
        checkPeriod({ periodKind, periodN });
        return toRuleDto((await repo.updateRule(tx, ctx, id, { ...patch, periodKind, periodN }))!);
      });
    },

    /** Removes a rule; one that already applied penalties is kept (their history names it) and turned off. */
    async deleteRule(ctx: Ctx, id: string): Promise<void> {
      await withStudio(database, ctx.studioId, async (tx) => {
        if (!(await repo.findRule(tx, ctx, id))) throw ruleNotFound();
        if (await repo.ruleHasPenalties(tx, ctx, id)) await repo.updateRule(tx, ctx, id, { active: false });
        else await repo.deleteRule(tx, ctx, id);
      });
    },

    /** Penalties, newest first, by customer and status. */
    async listPenalties(ctx: Ctx, rawQuery: unknown): Promise<{ items: PenaltyDto[]; nextCursor: string | null }> {
      const q = parseOrThrow(penaltiesQuerySchema, rawQuery);
      return withStudio(database, ctx.studioId, async (tx) => {
        const rows = await repo.listPenalties(tx, ctx, { customerId: q.customerId, status: q.status, before: decodeCursor(q.cursor), limit: q.limit });
        const items = rows.slice(0, q.limit);
        return { items: items.map(toPenaltyDto), nextCursor: rows.length > q.limit ? encodeCursor(items.at(-1)!) : null };
      });
    },

    async getPenalty(ctx: Ctx, id: string): Promise<PenaltyDto> {
      return withStudio(database, ctx.studioId, (tx) => penaltyDto(tx, ctx, id));
    },

    waive,
  };
}

export type PenaltiesService = ReturnType<typeof createPenaltiesService>;
