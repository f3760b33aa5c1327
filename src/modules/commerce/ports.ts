import type { Ctx } from '../../kernel/ctx.ts';
import type { Tx } from '../../platform/db/client.ts';
import type { PaymentProvider } from '../../platform/payments/provider.ts';
import type { DiscountRule } from './domain/pricing.ts';

/**
 * What checkout and refunds need of the catalog (gift cards, prepaid credit, discount codes) and
 * of saved cards. They live in commerce's subfolders; app.ts wires them with `useCatalog` /
 * `useCards`, so the core can be built and tested before and without each of them.
 */
export interface GiftCardTender {
  /** Takes `amountMinor` off the card with `code` for an order; throws gift_card_not_found / gift_card_exhausted / … */
  redeem(tx: Tx, ctx: Ctx, input: { code: string; amountMinor: number; orderId: string; customerId: string | null }): Promise<{ giftCardId: string }>;
  /** Puts back what `redeem` took: the order's payment failed, or its gift-card tender was refunded. */
  restore(tx: Tx, ctx: Ctx, input: { giftCardId: string; amountMinor: number; orderId: string; refundId: string | null }): Promise<void>;
}

export interface CreditLedger {
  /** Appends to the customer's prepaid credit; a debit below zero throws insufficient_credit. */
  post(
    tx: Tx,
    ctx: Ctx,
    input: { customerId: string; deltaMinor: number; reason: 'spend' | 'refund' | 'cancellation'; orderId?: string | null; refundId?: string | null; note?: string },
  ): Promise<unknown>;
}

export interface ResolvedDiscount {
  discountCodeId: string;
  code: string;
  rule: DiscountRule;
  /** Per line of the order, whether the code applies to it. */
  eligible: boolean[];
}

export interface DiscountCodes {
  /** Checks `code` for this customer and these lines (their discount keys); throws discount_code_* when it does not apply. */
  resolve(tx: Tx, ctx: Ctx, input: { code: string; customerId: string | null; lines: { discountKeys: string[]; subtotalMinor: number }[] }): Promise<ResolvedDiscount>;
  /** Counts the use for the order (in the order's transaction, so limits hold under concurrency). */
  redeem(tx: Tx, ctx: Ctx, input: { discountCodeId: string; orderId: string; customerId: string | null; amountMinor: number }): Promise<void>;
  /** Gives the use back: the order's payment failed. */
  release(tx: Tx, ctx: Ctx, input: { orderId: string }): Promise<void>;
}

export interface ChargeableCardRef {
  id: string;
  providerCustomerId: string;
  providerPaymentMethodId: string;
  expired: boolean;
}

export interface SavedCards {
  /** One of the customer's live cards (throws when it is not theirs or gone). */
  cardForCharge(tx: Tx, ctx: Ctx, customerId: string, cardId: string): Promise<ChargeableCardRef>;
  /** The customer's default live card, or null. */
  defaultCardFor(tx: Tx, ctx: Ctx, customerId: string): Promise<ChargeableCardRef | null>;
  /** The customer's record at the provider, made on first use (called outside any transaction). */
  ensureProviderCustomer(ctx: Ctx, customerId: string, account: { provider: PaymentProvider; accountRef: string; publishableKey: string }): Promise<string>;
}

export interface CatalogPorts {
  giftCards?: GiftCardTender;
  credits?: CreditLedger;
  discounts?: DiscountCodes;
}
