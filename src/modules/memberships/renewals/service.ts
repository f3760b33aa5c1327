import type { Ctx } from '../../../kernel/ctx.ts';
import { DomainError } from '../../../kernel/errors.ts';
import type { StudioId } from '../../../kernel/ids.ts';
import { addDays, compareLocalDates, localDateOf, type LocalDate } from '../../../kernel/time.ts';
import type { Database, Tx } from '../../../platform/db/client.ts';
import { withStudio, withSystem } from '../../../platform/db/tx.ts';
import { publish } from '../../../platform/events/publish.ts';
import type { JobCtx, JobResult, Jobs } from '../../../platform/jobs/index.ts';
import type { FulfilLine, Fulfiller, LineQuote, QuoteInput } from '../../commerce/index.ts';
import type { RenewalDto } from '../contracts.ts';
import { addInterval, nextRetryDays, type IntervalUnit } from '../domain/periods.ts';
import { MembershipsError } from '../errors.ts';
import { membershipEvent } from '../events.ts';
import {
  chargeInstalmentJobName,
  chargeRenewalJobName,
  defineChargeInstalmentJob,
  defineChargeRenewalJob,
  defineMaintainAllJob,
  defineMaintainStudioJob,
  maintainStudioJobName,
  type ChargeRenewalPayload,
} from '../jobs.ts';
import * as core from '../repo.ts';
import type { MembershipsService } from '../service.ts';
import * as repo from './repo.ts';

export interface RenewalsDeps {
  database: Database;
  jobs: Jobs;
  memberships: MembershipsService;
}

/** Test seam for the crash case: throws after the provider charged, before the outcome is recorded. */
export interface ChargeOptions {
  failAfterCharge?: boolean;
  /** Staff "retry now": ignore the retry schedule. */
  force?: boolean;
}

type ChargeOutcome = { status: 'paid' | 'failed' | 'requires_action'; orderId: string | null; failureMessage: string | null };

const day = 24 * 60 * 60 * 1000;
const iso = (d: Date) => d.toISOString();
const base = (m: { id: string; customerId: string; planId: string }) => ({ membershipId: m.id, customerId: m.customerId, planId: m.planId });
const systemCtx = (studioId: string, jobCtx: Pick<JobCtx, 'clock' | 'jobId'>): Ctx => ({ studioId: studioId as StudioId, actor: { kind: 'system' }, clock: jobCtx.clock, requestId: jobCtx.jobId });

export function createRenewalsService(deps: RenewalsDeps) {
  const { database, jobs, memberships } = deps;
  const { membershipOrThrow, expire, applyFreeze, liftFreeze } = memberships.internals;

  function shop() {
    const c = memberships.commerce();
    if (!c) throw new MembershipsError('commerce_unavailable', 'Renewals are charged through commerce, which is not wired in this process.');
    return c;
  }

  // ---------------------------------------------------------------- fulfillers

  const renewalFulfiller: Fulfiller = {
    kind: 'renewal',
    async quote(tx: Tx, ctx: Ctx, input: QuoteInput): Promise<LineQuote> {
      const r = await repo.findRenewal(tx, ctx, input.refId);
      if (!r) throw new MembershipsError('renewal_not_found', 'This renewal does not exist.');
      const m = await membershipOrThrow(tx, ctx, r.membershipId);
      return { description: `${m.planName} — ${r.periodStart} to ${addDays(r.periodEnd as LocalDate, -1)}`, unitPriceMinor: r.amountMinor, taxRateBp: m.taxRateBp, discountKeys: [`plan:${m.planId}`] };
    },
    /**
     * The renewal's order is paid (the charge returned, or its webhook came first): the period
     * is marked paid and the membership moves to it, once — a second call finds it paid.
     */
    async fulfil(tx: Tx, ctx: Ctx, line: FulfilLine) {
      const r = line.refId ? await repo.findRenewal(tx, ctx, line.refId, { lock: true }) : undefined;
      if (!r) throw new MembershipsError('renewal_not_found', 'This renewal does not exist.');
      if (r.status === 'paid') return { fulfilledRef: r.id };
      const m = await membershipOrThrow(tx, ctx, r.membershipId, { lock: true });
      await repo.updateRenewal(tx, ctx, r.id, { status: 'paid', paidAt: ctx.clock.now(), orderId: line.orderId, nextAttemptAt: null, failureMessage: null });
      const perPeriod = m.creditsPerPeriod;
      await core.updateMembership(tx, ctx, m.id, {
        status: 'active',
        periodStart: r.periodStart,
        periodEnd: r.periodEnd,
        ...(perPeriod !== null ? { creditsRemaining: perPeriod } : {}),
      });
      if (perPeriod !== null) {
        // Per-period credits start again: the row's delta brings the balance to the period's count.
        await core.insertCreditEntry(tx, ctx, { membershipId: m.id, delta: perPeriod - (m.creditsRemaining ?? 0), balanceAfter: perPeriod, reason: 'period_grant', periodStart: r.periodStart, orderId: line.orderId });
      }
      await publish(tx, ctx, membershipEvent('membership.renewed.v1', m.id, { ...base(m), renewalId: r.id, periodStart: r.periodStart, periodEnd: r.periodEnd, amountMinor: r.amountMinor, orderId: line.orderId }));
      return { fulfilledRef: r.id };
    },
  };

  const instalmentFulfiller: Fulfiller = {
    kind: 'instalment',
    async quote(tx: Tx, ctx: Ctx, input: QuoteInput): Promise<LineQuote> {
      const i = await core.findInstalment(tx, ctx, input.refId);
      if (!i) throw new MembershipsError('instalment_not_found', 'This instalment does not exist.');
      const m = await membershipOrThrow(tx, ctx, i.membershipId);
      return { description: `${m.planName} — instalment ${i.seq}`, unitPriceMinor: i.amountMinor, taxRateBp: m.taxRateBp, discountKeys: [`plan:${m.planId}`] };
    },
    async fulfil(tx: Tx, ctx: Ctx, line: FulfilLine) {
      const i = line.refId ? await core.findInstalment(tx, ctx, line.refId, { lock: true }) : undefined;
      if (!i) throw new MembershipsError('instalment_not_found', 'This instalment does not exist.');
      if (i.status === 'paid') return { fulfilledRef: i.id };
      const m = await membershipOrThrow(tx, ctx, i.membershipId);
      await core.updateInstalment(tx, ctx, i.id, { status: 'paid', paidAt: ctx.clock.now(), orderId: line.orderId, failureMessage: null });
      await publish(tx, ctx, membershipEvent('instalment.paid.v1', m.id, { ...base(m), instalmentId: i.id, amountMinor: i.amountMinor, orderId: line.orderId }));
      return { fulfilledRef: i.id };
    },
  };

  // ---------------------------------------------------------------- charging a renewal

  /**
   * Step 1 (one tx): the renewal row of (membership, period) — made once, the unique key — and
   * the attempt recorded BEFORE the provider is called. A renewal left `charging` by a worker
   * that died keeps its attempt, so the retry re-sends the same idempotency key and the
   * provider replays the same outcome instead of charging again.
   */
  async function beginRenewal(ctx: Ctx, p: ChargeRenewalPayload, options: ChargeOptions) {
    return withStudio(database, ctx.studioId, async (tx) => {
      const m = await core.findMembership(tx, ctx, p.membershipId, { lock: true });
      if (!m) return null;
      let r = await repo.findRenewalFor(tx, ctx, m.id, p.periodStart, { lock: true });
      if (!r) {
        const due = m.autoRenew && m.renewalCancelledAt === null && m.status === 'active' && m.periodEnd === p.periodStart;
        if (!due || !m.intervalUnit || !m.intervalCount) return null;
        r = await repo.ensureRenewal(tx, ctx, {
          membershipId: m.id,
          periodStart: p.periodStart,
          periodEnd: addInterval(p.periodStart as LocalDate, m.intervalCount, m.intervalUnit as IntervalUnit, m.anchorDay),
          amountMinor: m.renewalPriceMinor ?? m.priceMinor,
          currency: m.currency,
        });
      }
      if (r.status === 'paid' || r.status === 'abandoned') return null;
      if (r.status === 'charging') {
        const key = `${r.id}:${r.attempts}`;
        const attempt = await repo.findAttempt(tx, ctx, key);
        if (attempt && attempt.status === 'started') return { renewal: r, membership: m, attempt, key };
      }
      if (r.status === 'failed' && !options.force && r.nextAttemptAt && r.nextAttemptAt.getTime() > ctx.clock.now().getTime()) return null;
      const number = r.attempts + 1;
      const key = `${r.id}:${number}`;
      const attempt = await repo.insertAttempt(tx, ctx, { membershipId: m.id, renewalId: r.id, attempt: number, idempotencyKey: key, startedAt: ctx.clock.now() });
      r = await repo.updateRenewal(tx, ctx, r.id, { status: 'charging', attempts: number });
      return { renewal: r, membership: m, attempt, key };
    });
  }

  /** Step 2: the off-session charge, outside any tx, with the attempt's key. A thrown error is a failed attempt. */
  async function charge(ctx: Ctx, customerId: string, kind: 'renewal' | 'instalment', refId: string, key: string, metadata: Record<string, string>): Promise<ChargeOutcome> {
    try {
      const res = await shop().chargeSavedCard(ctx, { customerId, lines: [{ kind, refId, quantity: 1 }], idempotencyKey: key, metadata, channel: kind });
      // Off-session, "requires_action" means the order still waits: the charge's fate is unknown
      // (its answer was lost). Not a failure: a new attempt with a new key could charge twice.
      if (res.status === 'requires_action') throw new MembershipsError('commerce_unavailable', `The charge of order ${res.orderId} is not settled yet; its webhook or the next run settles it.`);
      return { status: res.status, orderId: res.orderId, failureMessage: res.failureMessage ?? null };
    } catch (err) {
      // A processor that did not answer (or a crash) may have charged: the job is retried and
      // re-sends the same key, so the provider replays its outcome. A refusal (no saved card…) is a failed attempt.
      if (!(err instanceof DomainError) || err.kind === 'unavailable') throw err;
      return { status: 'failed', orderId: null, failureMessage: err.message };
    }
  }

  /**
   * Step 3 (one tx): the outcome. Paid: the fulfiller already moved the membership (in commerce's
   * tx). Failed: past_due, `membership.renewal_failed.v1`, and a retry +1 d, +3 d, +5 d after the
   * 1st, 2nd and 3rd failure; the 4th failure expires the membership. An off-session charge the
   * bank wants confirmed counts as failed (the customer is not there to confirm).
   */
  async function finishRenewal(ctx: Ctx, renewalId: string, attemptId: string, outcome: ChargeOutcome) {
    return withStudio(database, ctx.studioId, async (tx) => {
      const r = (await repo.findRenewal(tx, ctx, renewalId, { lock: true }))!;
      const message = outcome.failureMessage ?? (outcome.status === 'requires_action' ? 'The bank asks the customer to confirm this payment.' : 'The payment failed.');
      await repo.finishAttempt(tx, ctx, attemptId, { status: outcome.status, orderId: outcome.orderId, failureMessage: outcome.status === 'paid' ? null : message });
      if (r.status === 'paid' || outcome.status === 'paid') return;
      const m = await membershipOrThrow(tx, ctx, r.membershipId, { lock: true });
      const retryDays = nextRetryDays(r.attempts);
      const nextAttemptAt = retryDays === null ? null : new Date(ctx.clock.now().getTime() + retryDays * day);
      await repo.updateRenewal(tx, ctx, r.id, { status: retryDays === null ? 'abandoned' : 'failed', failureMessage: message, nextAttemptAt, orderId: outcome.orderId });
      await publish(tx, ctx, membershipEvent('membership.renewal_failed.v1', m.id, { ...base(m), renewalId: r.id, attempt: r.attempts, failureMessage: message, nextAttemptAt: nextAttemptAt ? iso(nextAttemptAt) : null }));
      if (retryDays === null) await expire(tx, ctx, m, 'renewal_failed');
      else if (m.status === 'active') await core.updateMembership(tx, ctx, m.id, { status: 'past_due' });
    });
  }

  /** One renewal charge, the three steps; 'skipped' when nothing was due (paid, abandoned, not yet time). */
  async function chargeRenewal(ctx: Ctx, p: ChargeRenewalPayload, options: ChargeOptions = {}): Promise<JobResult> {
    const begun = await beginRenewal(ctx, p, options);
    if (!begun) return 'skipped';
    const outcome = await charge(ctx, begun.membership.customerId, 'renewal', begun.renewal.id, begun.key, {
      membershipId: begun.membership.id,
      renewalId: begun.renewal.id,
      periodStart: begun.renewal.periodStart,
    });
    if (options.failAfterCharge) throw new Error('worker died after the charge');
    await finishRenewal(ctx, begun.renewal.id, begun.attempt.id, outcome);
    return 'done';
  }

  // ---------------------------------------------------------------- instalments

  /** Charges one due instalment with the saved card, the attempt recorded first (key `${instalmentId}:${attempt}`). */
  async function chargeInstalment(ctx: Ctx, instalmentId: string, options: ChargeOptions = {}): Promise<JobResult> {
    const begun = await withStudio(database, ctx.studioId, async (tx) => {
      const i = await core.findInstalment(tx, ctx, instalmentId, { lock: true });
      if (!i || i.status === 'paid' || i.status === 'cancelled') return null;
      if (i.status === 'failed' && !options.force) return null;
      const m = await membershipOrThrow(tx, ctx, i.membershipId);
      const lastKey = `${i.id}:${i.attempts}`;
      const last = i.attempts > 0 ? await repo.findAttempt(tx, ctx, lastKey) : undefined;
      if (last && last.status === 'started') return { i, m, attempt: last, key: lastKey };
      const number = i.attempts + 1;
      const key = `${i.id}:${number}`;
      const attempt = await repo.insertAttempt(tx, ctx, { membershipId: m.id, instalmentId: i.id, attempt: number, idempotencyKey: key, startedAt: ctx.clock.now() });
      await core.updateInstalment(tx, ctx, i.id, { attempts: number, status: 'pending' });
      return { i, m, attempt, key };
    });
    if (!begun) return 'skipped';
    const outcome = await charge(ctx, begun.m.customerId, 'instalment', begun.i.id, begun.key, { membershipId: begun.m.id, instalmentId: begun.i.id });
    if (options.failAfterCharge) throw new Error('worker died after the charge');
    await withStudio(database, ctx.studioId, async (tx) => {
      const message = outcome.failureMessage ?? 'The payment failed.';
      await repo.finishAttempt(tx, ctx, begun.attempt.id, { status: outcome.status, orderId: outcome.orderId, failureMessage: outcome.status === 'paid' ? null : message });
      const i = (await core.findInstalment(tx, ctx, instalmentId, { lock: true }))!;
      if (i.status === 'paid' || outcome.status === 'paid') return;
      // Retried by the maintenance run on the renewals' schedule; staff may also retry now or edit the plan.
      await core.updateInstalment(tx, ctx, i.id, { status: 'failed', failureMessage: message });
      await publish(tx, ctx, membershipEvent('instalment.failed.v1', begun.m.id, { ...base(begun.m), instalmentId: i.id, failureMessage: message }));
    });
    return 'done';
  }

  // ---------------------------------------------------------------- maintenance run

  /**
   * One studio's run (every 15 minutes from the cron): scheduled freezes start and end at
   * their instant; memberships whose period ended either expire (no renewal) or get one charge
   * job per (membership, period); failed renewals whose retry time came get their next attempt;
   * due instalments are charged. Charges happen in their own jobs, never in this tx.
   */
  async function maintainStudio(ctx: Ctx): Promise<number> {
    return withStudio(database, ctx.studioId, async (tx) => {
      const now = ctx.clock.now();
      let work = 0;
      for (const f of await repo.freezesDue(tx, ctx, now)) {
        const m = await membershipOrThrow(tx, ctx, f.membershipId, { lock: true });
        if (f.status === 'scheduled') await applyFreeze(tx, ctx, m, f);
        if (f.status === 'active' || (f.endsAt && f.endsAt.getTime() <= now.getTime())) {
          const fresh = await membershipOrThrow(tx, ctx, f.membershipId, { lock: true });
          const row = (await core.listFreezes(tx, ctx, [f.membershipId])).find((x) => x.id === f.id)!;
          if (row.status === 'active') await liftFreeze(tx, ctx, fresh, row, row.endsAt!);
        }
        work += 1;
      }
      // Any zone's today is at most one day past UTC's: the exact comparison is per membership.
      const horizon = addDays(localDateOf(now, 'UTC'), 1);
      const renewalItems: { payload: ChargeRenewalPayload & { studioId: string }; dedupeKey: string }[] = [];
      for (const row of await repo.endingBy(tx, ctx, horizon)) {
        if (!row.periodEnd || compareLocalDates(row.periodEnd as LocalDate, localDateOf(now, row.timeZone)) > 0) continue;
        const renews = row.autoRenew && row.renewalCancelledAt === null;
        if (renews && row.status === 'active') {
          renewalItems.push({ payload: { studioId: ctx.studioId, membershipId: row.id, periodStart: row.periodEnd }, dedupeKey: `${row.id}@${row.periodEnd}:1` });
        } else if (!renews && row.status === 'active') {
          const m = await membershipOrThrow(tx, ctx, row.id, { lock: true });
          const reason = m.renewalCancelledAt ? 'renewal_cancelled' : m.kind === 'class_pack' || m.kind === 'intro_offer' ? 'pack_expired' : 'period_ended';
          await expire(tx, ctx, m, reason);
          work += 1;
        }
      }
      for (const r of await repo.failedRenewalsDue(tx, ctx, now)) {
        renewalItems.push({ payload: { studioId: ctx.studioId, membershipId: r.membershipId, periodStart: r.periodStart }, dedupeKey: `${r.membershipId}@${r.periodStart}:${r.attempts + 1}` });
      }
      // A charge whose outcome never came back (its job gave up) is asked again, with the same key, each hour.
      const hour = new Date(Math.floor(now.getTime() / 3_600_000) * 3_600_000).toISOString();
      for (const r of await repo.chargingSince(tx, ctx, new Date(now.getTime() - 3_600_000))) {
        renewalItems.push({ payload: { studioId: ctx.studioId, membershipId: r.membershipId, periodStart: r.periodStart }, dedupeKey: `${r.membershipId}@${r.periodStart}:${r.attempts}:recheck@${hour}` });
      }
      if (renewalItems.length > 0) work += await jobs.enqueueMany(tx, chargeRenewalJobName, renewalItems);
      const instalmentItems = (await repo.instalmentsDue(tx, ctx, horizon))
        .filter((i) => compareLocalDates(i.dueDate as LocalDate, localDateOf(now, i.timeZone)) <= 0)
        .map((i): { payload: { studioId: string; instalmentId: string; retry?: boolean }; dedupeKey: string } => ({ payload: { studioId: ctx.studioId, instalmentId: i.id }, dedupeKey: `${i.id}:${i.attempts + 1}` }));
      // Failed instalments are tried again like renewals: +1 d, +3 d, +5 d after the 1st, 2nd, 3rd failure; then staff decide.
      for (const i of await repo.failedInstalments(tx, ctx)) {
        const days = nextRetryDays(i.attempts);
        if (days === null || !i.finishedAt || i.finishedAt.getTime() + days * day > now.getTime()) continue;
        instalmentItems.push({ payload: { studioId: ctx.studioId, instalmentId: i.id, retry: true }, dedupeKey: `${i.id}:${i.attempts + 1}` });
      }
      if (instalmentItems.length > 0) work += await jobs.enqueueMany(tx, chargeInstalmentJobName, instalmentItems);
      return work;
    });
  }

  const maintainAllJob = defineMaintainAllJob(async (payload): Promise<JobResult> => {
    const queued = await withSystem(database, async (tx) => {
      const studioIds = await repo.studiosWithLiveMemberships(tx);
      return jobs.enqueueMany(tx, maintainStudioJobName, studioIds.map((studioId) => ({ payload: { studioId, slot: payload.slot }, dedupeKey: `${studioId}@${payload.slot}` })));
    });
    return queued > 0 ? 'done' : 'skipped';
  });
  const maintainStudioJob = defineMaintainStudioJob(async (payload, jobCtx) => ((await maintainStudio(systemCtx(payload.studioId, jobCtx))) > 0 ? 'done' : 'skipped'));
  const chargeRenewalJob = defineChargeRenewalJob((payload, jobCtx) => chargeRenewal(systemCtx(payload.studioId, jobCtx), payload));
  const chargeInstalmentJob = defineChargeInstalmentJob((payload, jobCtx) => chargeInstalment(systemCtx(payload.studioId, jobCtx), payload.instalmentId, { force: payload.retry === true }));
  for (const job of [maintainAllJob, maintainStudioJob, chargeRenewalJob, chargeInstalmentJob]) jobs.register(job);

  // ---------------------------------------------------------------- the Renewals tab

  async function renewalsOf(tx: Tx, ctx: Ctx, customerId: string): Promise<RenewalDto[]> {
    const ms = await core.listForCustomers(tx, ctx, [customerId]);
    const ids = ms.map((m) => m.id);
    const byId = new Map(ms.map((m) => [m.id, m]));
    const attempts = await repo.listAttemptsOf(tx, ctx, ids);
    const rows: RenewalDto[] = (await repo.listRenewalsOf(tx, ctx, ids)).map((r) => ({
      id: r.id,
      membershipId: r.membershipId,
      planName: byId.get(r.membershipId)?.planName ?? '',
      periodStart: r.periodStart,
      periodEnd: r.periodEnd,
      amountMinor: r.amountMinor,
      currency: r.currency,
      status: r.status as RenewalDto['status'],
      attempts: r.attempts,
      nextAttemptAt: r.nextAttemptAt ? iso(r.nextAttemptAt) : null,
      failureMessage: r.failureMessage,
      paidAt: r.paidAt ? iso(r.paidAt) : null,
      history: attempts
        .filter((a) => a.renewalId === r.id)
        .map((a) => ({ attempt: a.attempt, status: a.status as RenewalDto['history'][number]['status'], failureMessage: a.failureMessage, orderId: a.orderId, startedAt: iso(a.startedAt) })),
    }));
    // The next renewal of each renewing membership, not yet charged, is listed as upcoming.
    const upcoming: RenewalDto[] = ms
      .filter((m) => m.autoRenew && m.renewalCancelledAt === null && (m.status === 'active' || m.status === 'frozen') && m.periodEnd && m.intervalUnit)
      .filter((m) => !rows.some((r) => r.membershipId === m.id && r.periodStart === m.periodEnd))
      .map((m) => ({
        id: `upcoming:${m.id}`,
        membershipId: m.id,
        planName: m.planName,
        periodStart: m.periodEnd!,
        periodEnd: addInterval(m.periodEnd as LocalDate, m.intervalCount!, m.intervalUnit as IntervalUnit, m.anchorDay),
        amountMinor: m.renewalPriceMinor ?? m.priceMinor,
        currency: m.currency,
        status: 'upcoming' as const,
        attempts: 0,
        nextAttemptAt: null,
        failureMessage: null,
        paidAt: null,
        history: [],
      }));
    return [...upcoming, ...rows];
  }

  return {
    fulfillers: { renewal: renewalFulfiller, instalment: instalmentFulfiller },
    chargeRenewal,
    chargeInstalment,
    maintainStudio,

    async listRenewals(ctx: Ctx, customerId: string): Promise<RenewalDto[]> {
      return withStudio(database, ctx.studioId, (tx) => renewalsOf(tx, ctx, customerId));
    },

    /** Staff "retry now" on a failed renewal: a new attempt at once, whatever the schedule says. */
    async retryRenewal(ctx: Ctx, renewalId: string): Promise<RenewalDto> {
      const r = await withStudio(database, ctx.studioId, (tx) => repo.findRenewal(tx, ctx, renewalId));
      if (!r) throw new MembershipsError('renewal_not_found', 'This renewal does not exist.');
      if (r.status !== 'failed') throw new MembershipsError('renewal_not_retryable', 'Only a failed renewal can be tried again.');
      await chargeRenewal(ctx, { membershipId: r.membershipId, periodStart: r.periodStart }, { force: true });
      return withStudio(database, ctx.studioId, async (tx) => {
        const m = await membershipOrThrow(tx, ctx, r.membershipId);
        return (await renewalsOf(tx, ctx, m.customerId)).find((x) => x.id === r.id)!;
      });
    },

    /** Staff "retry now" on a failed instalment. */
    async retryInstalment(ctx: Ctx, instalmentId: string) {
      const i = await withStudio(database, ctx.studioId, (tx) => core.findInstalment(tx, ctx, instalmentId));
      if (!i) throw new MembershipsError('instalment_not_found', 'This instalment does not exist.');
      if (i.status !== 'failed' && i.status !== 'pending') throw new MembershipsError('renewal_not_retryable', 'This instalment is not waiting for a payment.');
      await chargeInstalment(ctx, instalmentId, { force: true });
      return memberships.getMembership(ctx, i.membershipId);
    },
  };
}

export type RenewalsService = ReturnType<typeof createRenewalsService>;
