import type { Ctx } from '../../../kernel/ctx.ts';
import { newId } from '../../../kernel/ids.ts';
import type { Database, Tx } from '../../../platform/db/client.ts';
import { inStudioTx, isUniqueViolation, withStudio } from '../../../platform/db/tx.ts';
import { publish } from '../../../platform/events/publish.ts';
import { parseOrThrow } from '../../../platform/validation.ts';
import type { StudiosService } from '../../studios/index.ts';
import { CommerceError, type CommerceErrorCode } from '../errors.ts';
import { commerceEvent } from '../events.ts';
import type { DiscountCodes } from '../ports.ts';
import {
  createDiscountCodeSchema,
  previewDiscountSchema,
  updateDiscountCodeSchema,
  type CreateDiscountCode,
  type DiscountCodeDto,
  type DiscountEvaluation,
  type DiscountKind,
  type DiscountStatus,
  type PreviewDiscount,
  type UpdateDiscountCode,
} from './contracts.ts';
import { evaluateDiscount, isEligible, type DiscountLine, type DiscountRefusal, type DiscountRule } from './domain/evaluate.ts';
import * as repo from './repo.ts';

export interface DiscountsDeps {
  database: Database;
  studios: StudiosService;
}

export interface EvaluateDiscountInput {
  code: string;
  customerId: string | null;
  lines: readonly DiscountLine[];
  /** Defaults to `ctx.clock.now()`. */
  now?: Date;
}

const ruleOf = (c: repo.DiscountCodeRow): DiscountRule => ({
  kind: c.kind as DiscountKind,
  percentBp: c.percentBp,
  amountMinor: c.amountMinor,
  validFrom: c.validFrom,
  validUntil: c.validUntil,
  maxUses: c.maxUses,
  maxUsesPerCustomer: c.maxUsesPerCustomer,
  usesCount: c.usesCount,
  planIds: c.planIds,
  templateIds: c.templateIds,
  productIds: c.productIds,
  archived: c.archivedAt !== null,
});

function statusOf(c: repo.DiscountCodeRow, now: Date): DiscountStatus {
  if (c.archivedAt) return 'archived';
  if (c.validUntil && now.getTime() >= c.validUntil.getTime()) return 'expired';
  if (c.maxUses !== null && c.usesCount >= c.maxUses) return 'exhausted';
  if (c.validFrom && now.getTime() < c.validFrom.getTime()) return 'scheduled';
  return 'active';
}

const toDto = (c: repo.DiscountCodeRow, currency: string, now: Date): DiscountCodeDto => ({
  id: c.id,
  code: c.code,
  description: c.description,
  kind: c.kind as DiscountKind,
  percentBp: c.percentBp,
  amountMinor: c.amountMinor,
  currency,
  validFrom: c.validFrom?.toISOString() ?? null,
  validUntil: c.validUntil?.toISOString() ?? null,
  maxUses: c.maxUses,
  maxUsesPerCustomer: c.maxUsesPerCustomer,
  usesCount: c.usesCount,
  planIds: c.planIds,
  templateIds: c.templateIds,
  productIds: c.productIds,
  status: statusOf(c, now),
  archived: c.archivedAt !== null,
  createdAt: c.createdAt.toISOString(),
  updatedAt: c.updatedAt.toISOString(),
});

const unknownCode = () =>
  new CommerceError('discount_code_not_found', 'This discount code does not exist.', [{ path: 'code', message: 'Unknown discount code' }]);

/** The clear reason a code is refused, as an error with the `code` field named. */
function refusal(reason: DiscountRefusal): CommerceError {
  const byReason: Record<Exclude<DiscountRefusal, 'archived'>, [CommerceErrorCode, string]> = {
    not_started: ['discount_code_not_started', 'This discount code is not valid yet.'],
    expired: ['discount_code_expired', 'This discount code has expired.'],
    exhausted: ['discount_code_exhausted', 'This discount code has been used as many times as it allows.'],
    needs_customer: ['discount_code_needs_customer', 'This discount code is limited per customer: choose the customer first.'],
    customer_limit: ['discount_code_customer_limit', 'This customer has already used this discount code as many times as it allows.'],
    not_applicable: ['discount_code_not_applicable', 'This discount code does not apply to these items.'],
  };
  if (reason === 'archived') return unknownCode();
  const [code, message] = byReason[reason];
  return new CommerceError(code, message, [{ path: 'code', message }], { reason });
}

const codeTaken = () =>
  new CommerceError('discount_code_taken', 'Another discount code already uses this code.', [{ path: 'code', message: 'This code is taken' }]);

export function createDiscountsService({ database, studios }: DiscountsDeps) {
  async function codeOrThrow(tx: Tx, ctx: Ctx, id: string, options: { lock?: boolean } = {}) {
    const code = await repo.findCode(tx, ctx, id, options);
    if (!code) throw new CommerceError('discount_code_not_found', 'This discount code does not exist.');
    return code;
  }

  async function dtoOf(tx: Tx, ctx: Ctx, id: string): Promise<DiscountCodeDto> {
    const { currency } = await studios.getStudioSettings(ctx, tx);
    return toDto(await codeOrThrow(tx, ctx, id), currency, ctx.clock.now());
  }

  /**
   * What a code takes off each line (rules in domain/evaluate.ts), or a CommerceError naming
   * why it does not apply: unknown, not yet valid, expired, used up, per-customer limit
   * reached, not applicable to these items. Reads only; `redeem` counts the use.
   */
  async function evaluate(tx: Tx, ctx: Ctx, input: EvaluateDiscountInput): Promise<DiscountEvaluation> {
    const code = await repo.findCodeByCode(tx, ctx, input.code.trim().toUpperCase());
    if (!code) throw unknownCode();
    const customerUses = input.customerId ? await repo.customerUses(tx, ctx, code.id, input.customerId) : 0;
    const outcome = evaluateDiscount(ruleOf(code), {
      lines: input.lines,
      now: input.now ?? ctx.clock.now(),
      hasCustomer: input.customerId !== null,
      customerUses,
    });
    if (!outcome.ok) throw refusal(outcome.reason);
    return { discountCodeId: code.id, code: code.code, totalMinor: outcome.totalMinor, lines: outcome.lines };
  }

  /**
   * Counts the use of a code by an order, in the order's transaction: the total limit holds
   * under concurrency (guarded UPDATE), then the per-customer limit is checked with the code
   * row locked. An order takes one code; redeeming the same code for the same order again is
   * a no-op.
   */
  async function redeem(tx: Tx, ctx: Ctx, input: { discountCodeId: string; customerId: string | null; orderId: string; amountMinor?: number }) {
    const existing = await repo.activeRedemptionOfOrder(tx, ctx, input.orderId);
    if (existing) {
      if (existing.discountCodeId === input.discountCodeId) return { redemptionId: existing.id };
      throw new CommerceError('discount_code_invalid', 'An order takes one discount code.', [{ path: 'code', message: 'This order already has a discount code' }]);
    }
    const code = await codeOrThrow(tx, ctx, input.discountCodeId);
    if (!(await repo.takeUse(tx, ctx, code.id))) throw refusal('exhausted');
    if (code.maxUsesPerCustomer !== null) {
      if (!input.customerId) throw refusal('needs_customer');
      if ((await repo.customerUses(tx, ctx, code.id, input.customerId)) >= code.maxUsesPerCustomer) throw refusal('customer_limit');
    }
    const redemption = await repo.insertRedemption(tx, {
      studioId: ctx.studioId,
      id: newId('discountRedemption'),
      discountCodeId: code.id,
      customerId: input.customerId,
      orderId: input.orderId,
      amountMinor: input.amountMinor ?? 0,
      createdAt: ctx.clock.now(),
    });
    await publish(
      tx,
      ctx,
      commerceEvent('discount_code.redeemed.v1', code.id, {
        discountCodeId: code.id,
        code: code.code,
        orderId: input.orderId,
        customerId: input.customerId,
        amountMinor: redemption.amountMinor,
      }),
    );
    return { redemptionId: redemption.id };
  }

  /** Gives the use back when the order that took it failed or was voided (no-op when it took none). */
  async function release(tx: Tx, ctx: Ctx, input: { orderId: string }): Promise<void> {
    const redemption = await repo.activeRedemptionOfOrder(tx, ctx, input.orderId);
    if (!redemption) return;
    await repo.releaseRedemption(tx, ctx, redemption.id);
    await repo.giveBackUse(tx, ctx, redemption.discountCodeId);
  }

  /** The seam checkout codes against (ports.ts): it prices the order itself with the same rules. */
  const port: DiscountCodes = {
    async resolve(tx, ctx, input) {
      const lines = input.lines.map((l, i) => ({ lineKey: String(i), discountKeys: l.discountKeys, netMinor: l.subtotalMinor }));
      const evaluated = await evaluate(tx, ctx, { code: input.code, customerId: input.customerId, lines });
      const code = await codeOrThrow(tx, ctx, evaluated.discountCodeId);
      return {
        discountCodeId: code.id,
        code: code.code,
        rule: code.kind === 'percent' ? { kind: 'percent', percentBp: code.percentBp! } : { kind: 'amount', amountMinor: code.amountMinor! },
        eligible: input.lines.map((l) => isEligible(code, l.discountKeys)),
      };
    },
    async redeem(tx, ctx, input) {
      await redeem(tx, ctx, input);
    },
    release,
  };

  return {
    port,
    evaluate,
    redeem,
    release,

    /** Codes by code, with their use counts and status now. */
    async listCodes(ctx: Ctx, options: { archived: boolean } = { archived: false }): Promise<DiscountCodeDto[]> {
      return withStudio(database, ctx.studioId, async (tx) => {
        const { currency } = await studios.getStudioSettings(ctx, tx);
        return (await repo.listCodes(tx, ctx, options.archived)).map((c) => toDto(c, currency, ctx.clock.now()));
      });
    },

    async getCode(ctx: Ctx, id: string, tx?: Tx): Promise<DiscountCodeDto> {
      return inStudioTx(database, ctx.studioId, tx, (t) => dtoOf(t, ctx, id));
    },

    async createCode(ctx: Ctx, input: CreateDiscountCode): Promise<DiscountCodeDto> {
      const v = parseOrThrow(createDiscountCodeSchema, input);
      const id = newId('discountCode');
      try {
        return await withStudio(database, ctx.studioId, async (tx) => {
          const now = ctx.clock.now();
          await repo.insertCode(tx, {
            studioId: ctx.studioId,
            id,
            code: v.code,
            description: v.description,
            kind: v.kind,
            percentBp: v.kind === 'percent' ? v.percentBp : null,
            amountMinor: v.kind === 'amount' ? v.amountMinor : null,
            validFrom: v.validFrom ? new Date(v.validFrom) : null,
            validUntil: v.validUntil ? new Date(v.validUntil) : null,
            maxUses: v.maxUses,
            maxUsesPerCustomer: v.maxUsesPerCustomer,
            planIds: v.planIds,
            templateIds: v.templateIds,
            productIds: v.productIds,
            createdAt: now,
            updatedAt: now,
          });
          return dtoOf(tx, ctx, id);
        });
      } catch (err) {
        if (isUniqueViolation(err)) throw codeTaken();
        throw err;
      }
    },

    /** Changes a code's rules; a total limit below the uses already counted is refused. */
    async updateCode(ctx: Ctx, id: string, input: UpdateDiscountCode): Promise<DiscountCodeDto> {
      const v = parseOrThrow(updateDiscountCodeSchema, input);
      return withStudio(database, ctx.studioId, async (tx) => {
        const before = await codeOrThrow(tx, ctx, id, { lock: true });
        const kind = v.kind ?? (before.kind as DiscountKind);
        const percentBp = kind === 'percent' ? (v.percentBp !== undefined ? v.percentBp : before.percentBp) : null;
        const amountMinor = kind === 'amount' ? (v.amountMinor !== undefined ? v.amountMinor : before.amountMinor) : null;
        if (kind === 'percent' && !percentBp) throw invalid('percentBp', 'A percent code needs its percentage');
        if (kind === 'amount' && !amountMinor) throw invalid('amountMinor', 'An amount code needs its amount');
        const validFrom = v.validFrom !== undefined ? (v.validFrom ? new Date(v.validFrom) : null) : before.validFrom;
        const validUntil = v.validUntil !== undefined ? (v.validUntil ? new Date(v.validUntil) : null) : before.validUntil;
        if (validFrom && validUntil && validFrom >= validUntil) throw invalid('validUntil', 'The end comes after the start');
        const maxUses = v.maxUses !== undefined ? v.maxUses : before.maxUses;
        if (maxUses !== null && maxUses < before.usesCount) throw invalid('maxUses', `It has already been used ${before.usesCount} times`);
        await repo.updateCode(tx, ctx, id, {
          kind,
          percentBp,
          amountMinor,
          validFrom,
          validUntil,
          maxUses,
          ...(v.description !== undefined ? { description: v.description } : {}),
          ...(v.maxUsesPerCustomer !== undefined ? { maxUsesPerCustomer: v.maxUsesPerCustomer } : {}),
          ...(v.planIds ? { planIds: v.planIds } : {}),
          ...(v.templateIds ? { templateIds: v.templateIds } : {}),
          ...(v.productIds ? { productIds: v.productIds } : {}),
        });
        return dtoOf(tx, ctx, id);
      });
    },

    /** Archived codes stop working at once; their history stays. */
    async setArchived(ctx: Ctx, id: string, archived: boolean): Promise<DiscountCodeDto> {
      return withStudio(database, ctx.studioId, async (tx) => {
        const code = await codeOrThrow(tx, ctx, id, { lock: true });
        if ((code.archivedAt !== null) !== archived) await repo.updateCode(tx, ctx, id, { archivedAt: archived ? ctx.clock.now() : null });
        return dtoOf(tx, ctx, id);
      });
    },

    /** Tries a code against a basket without using it (the point of sale shows the discount first). */
    async preview(ctx: Ctx, input: PreviewDiscount): Promise<DiscountEvaluation> {
      const v = parseOrThrow(previewDiscountSchema, input);
      return withStudio(database, ctx.studioId, (tx) => evaluate(tx, ctx, { code: v.code, customerId: v.customerId, lines: v.lines }));
    },
  };
}

const invalid = (path: string, message: string) => new CommerceError('invalid_discount_code', message, [{ path, message }]);

export type DiscountsService = ReturnType<typeof createDiscountsService>;
