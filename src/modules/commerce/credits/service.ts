import type { Ctx } from '../../../kernel/ctx.ts';
import { actorUserId } from '../../../kernel/ctx.ts';
import { newId, type CustomerId } from '../../../kernel/ids.ts';
import type { Database, Tx } from '../../../platform/db/client.ts';
import { withStudio } from '../../../platform/db/tx.ts';
import { publish } from '../../../platform/events/publish.ts';
import { parseOrThrow } from '../../../platform/validation.ts';
import type { CustomersService } from '../../customers/index.ts';
import type { StudiosService } from '../../studios/index.ts';
import { CommerceError, customerNotFound, insufficientCredit } from '../errors.ts';
import { commerceEvent } from '../events.ts';
import type { Fulfiller } from '../fulfilment.ts';
import { adjustCreditSchema, type AdjustCredit, type CreditAccountDto, type CreditEntryDto, type CreditReason } from './contracts.ts';
import { decodeCursor, pageOf } from './domain/cursor.ts';
import * as repo from './repo.ts';

export interface CreditsDeps {
  database: Database;
  studios: StudiosService;
  customers: CustomersService;
}

/** One change of a customer's prepaid credit. */
export interface PostCredit {
  customerId: string;
  /** Minor units: > 0 adds credit, < 0 spends it; never 0. */
  deltaMinor: number;
  reason: CreditReason;
  orderId?: string | null;
  refundId?: string | null;
  bookingId?: string | null;
  giftCardId?: string | null;
  note?: string;
}

export const toCreditEntryDto = (e: repo.CreditEntryRow): CreditEntryDto => ({
  id: e.id,
  deltaMinor: e.deltaMinor,
  balanceAfterMinor: e.balanceAfterMinor,
  reason: e.reason as CreditReason,
  orderId: e.orderId,
  refundId: e.refundId,
  bookingId: e.bookingId,
  giftCardId: e.giftCardId,
  note: e.note,
  createdAt: e.createdAt.toISOString(),
});

/** The largest amount of prepaid credit bought in one line (1 000 000.00 in a 2-decimal currency). */
const maxCreditPurchaseMinor = 100_000_000;

export function createCreditsService({ database, studios, customers }: CreditsDeps) {
  async function customerOrThrow(tx: Tx, ctx: Ctx, customerId: string) {
    try {
      return await customers.getCustomer(ctx, customerId, tx);
    } catch (err) {
      if ((err as { kind?: string }).kind === 'not_found') throw customerNotFound();
      throw err;
    }
  }

  /**
   * Appends one ledger row and moves the cached balance in the caller's transaction. A debit
   * that would take the balance below zero throws `insufficient_credit` and changes nothing —
   * the guarded UPDATE makes that hold under any number of concurrent debits.
   */
  async function post(tx: Tx, ctx: Ctx, input: PostCredit): Promise<CreditEntryDto> {
    if (!Number.isSafeInteger(input.deltaMinor) || input.deltaMinor === 0) {
      throw new CommerceError('invalid_credit', 'A credit change is a whole, non-zero number of minor units.', [
        { path: 'deltaMinor', message: 'Expected a non-zero integer' },
      ]);
    }
    await customerOrThrow(tx, ctx, input.customerId);
    let balanceAfter: number;
    if (input.deltaMinor > 0) {
      balanceAfter = await repo.addToBalance(tx, ctx, input.customerId, input.deltaMinor);
    } else {
      const taken = await repo.takeFromBalance(tx, ctx, input.customerId, -input.deltaMinor);
      if (taken === null) throw insufficientCredit(await repo.balanceOf(tx, ctx, input.customerId));
      balanceAfter = taken;
    }
    const entry = await repo.insertEntry(tx, {
      studioId: ctx.studioId,
      id: newId('creditEntry'),
      customerId: input.customerId,
      deltaMinor: input.deltaMinor,
      balanceAfterMinor: balanceAfter,
      reason: input.reason,
      orderId: input.orderId ?? null,
      refundId: input.refundId ?? null,
      bookingId: input.bookingId ?? null,
      giftCardId: input.giftCardId ?? null,
      note: input.note ?? '',
      createdBy: actorUserId(ctx.actor),
      createdAt: ctx.clock.now(),
    });
    await publish(
      tx,
      ctx,
      commerceEvent('credit.posted.v1', input.customerId, {
        customerId: input.customerId,
        entryId: entry.id,
        deltaMinor: entry.deltaMinor,
        balanceMinor: balanceAfter,
        reason: entry.reason,
        orderId: entry.orderId,
        refundId: entry.refundId,
      }),
    );
    return toCreditEntryDto(entry);
  }

  async function accountOf(tx: Tx, ctx: Ctx, customerId: string, query: { cursor?: string | undefined; limit?: number }): Promise<CreditAccountDto> {
    const limit = query.limit ?? 50;
    const { currency } = await studios.getStudioSettings(ctx, tx);
    const rows = await repo.listEntries(tx, ctx, customerId, { cursor: decodeCursor(query.cursor), limit });
    const page = pageOf(rows, limit);
    return {
      customerId,
      balanceMinor: await repo.balanceOf(tx, ctx, customerId),
      currency,
      entries: page.items.map(toCreditEntryDto),
      nextCursor: page.nextCursor,
    };
  }

  /** Sells prepaid credit: the line's amount is what the customer chose; fulfilled as a `purchase` row. */
  const fulfiller: Fulfiller = {
    kind: 'prepaid_credit',
    async quote(_tx, _ctx, input) {
      if (!input.customerId) throw new CommerceError('customer_required', 'Prepaid credit is sold to a customer: choose one first.', [{ path: 'customerId', message: 'Choose a customer' }]);
      const amount = input.priceMinor;
      if (amount === undefined || !Number.isSafeInteger(amount) || amount <= 0 || amount > maxCreditPurchaseMinor) {
        throw new CommerceError('invalid_line', 'Say how much prepaid credit to sell.', [{ path: 'priceMinor', message: 'Expected an amount above zero' }]);
      }
      if (input.quantity !== 1) throw new CommerceError('invalid_line', 'Prepaid credit is sold one amount at a time.', [{ path: 'quantity', message: 'Expected 1' }]);
      return { description: 'Prepaid credit', unitPriceMinor: amount, taxRateBp: 0, discountKeys: ['prepaid_credit'] };
    },
    async fulfil(tx, ctx, line) {
      if (!line.customerId) throw new CommerceError('customer_required', 'Prepaid credit is sold to a customer.');
      const entry = await post(tx, ctx, { customerId: line.customerId, deltaMinor: line.unitPriceMinor * line.quantity, reason: 'purchase', orderId: line.orderId });
      return { fulfilledRef: entry.id };
    },
    /** Refunding bought credit takes it back; credit already spent cannot be refunded (insufficient_credit). */
    async onRefund(tx, ctx, line, refund) {
      if (!line.customerId || refund.amountMinor <= 0) return;
      await post(tx, ctx, { customerId: line.customerId, deltaMinor: -refund.amountMinor, reason: 'refund', orderId: line.orderId, note: 'Refund of purchased credit' });
    },
  };

  return {
    fulfiller,
    post,

    /** The customer's prepaid credit balance (0 when they never had any). */
    balanceOf: (tx: Tx, ctx: Ctx, customerId: CustomerId | string) => repo.balanceOf(tx, ctx, customerId),

    /** Balance and ledger (newest first) of a customer, for staff. */
    async getAccount(ctx: Ctx, customerId: string, query: { cursor?: string | undefined; limit?: number } = {}): Promise<CreditAccountDto> {
      return withStudio(database, ctx.studioId, async (tx) => {
        await customerOrThrow(tx, ctx, customerId);
        return accountOf(tx, ctx, customerId, query);
      });
    },

    /** A staff correction with its reason: goodwill, a mistake, a transfer (never below zero). */
    async adjust(ctx: Ctx, customerId: string, input: AdjustCredit): Promise<CreditAccountDto> {
      const values = parseOrThrow(adjustCreditSchema, input);
      return withStudio(database, ctx.studioId, async (tx) => {
        await post(tx, ctx, { customerId, deltaMinor: values.deltaMinor, reason: 'adjustment', note: values.note });
        return accountOf(tx, ctx, customerId, {});
      });
    },

    /** The signed-in customer's own balance and ledger. */
    async getOwnAccount(ctx: Ctx, query: { cursor?: string | undefined; limit?: number } = {}): Promise<CreditAccountDto> {
      const { id: customerId } = await customers.getOwnProfile(ctx);
      return withStudio(database, ctx.studioId, (tx) => accountOf(tx, ctx, customerId, query));
    },
  };
}

export type CreditsService = ReturnType<typeof createCreditsService>;
