import type { Ctx } from '../../kernel/ctx.ts';
import type { CustomerId } from '../../kernel/ids.ts';
import type { Tx } from '../../platform/db/client.ts';
import { CommerceError } from './errors.ts';
import type { LineRow, OrderRow } from './repo.ts';

/** What a fulfiller quotes for one line, before discounts. Prices are tax-exclusive. */
export interface LineQuote {
  description: string;
  /** Minor units of the studio's currency, >= 0. */
  unitPriceMinor: number;
  /** Basis points: 500 = 5 %. */
  taxRateBp: number;
  /** Keys a discount code may be restricted to, e.g. `['plan:plan_…', 'template:tpl_…']`. */
  discountKeys: string[];
}

export interface QuoteInput {
  refId: string;
  customerId: CustomerId | null;
  /** The customer's choice within a sliding scale, or the amount of a drop-in / prepaid credit / gift card. */
  priceMinor?: number;
  quantity: number;
  /** The line's free-form facts, as they will reach `fulfil` in `FulfilLine.metadata` (a gift card's recipient). */
  metadata?: Record<string, string>;
  /** Words the seller typed for the line (a drop-in's "Yoga, Tuesday 18:00"); fulfillers may ignore it. */
  description?: string | undefined;
}

/** A paid order line as fulfillers see it. */
export interface FulfilLine {
  orderId: string;
  lineId: string;
  kind: string;
  refId: string | null;
  customerId: CustomerId | null;
  description: string;
  quantity: number;
  unitPriceMinor: number;
  discountMinor: number;
  taxMinor: number;
  totalMinor: number;
  currency: string;
  /** What `fulfil` returned (null before it ran, or when it made nothing). */
  fulfilledRef: string | null;
  /** Free-form facts the seller attached to the order (e.g. `{ membershipId, periodStart }` of a renewal). */
  metadata: Record<string, string>;
}

/** An order line as fulfillers see it: the line's own facts, the order's customer and currency, the order's metadata under the line's. */
export const fulfilLineOf = (order: OrderRow, l: LineRow): FulfilLine => ({
  orderId: order.id,
  lineId: l.id,
  kind: l.kind,
  refId: l.refId,
  customerId: order.customerId as CustomerId | null,
  description: l.description,
  quantity: l.quantity,
  unitPriceMinor: l.unitPriceMinor,
  discountMinor: l.discountMinor,
  taxMinor: l.taxMinor,
  totalMinor: l.totalMinor,
  currency: order.currency,
  fulfilledRef: l.fulfilledRef,
  metadata: { ...order.metadata, ...l.metadata },
});

/** One refund of a line, as `onRefund` sees it. */
export interface RefundOfLine {
  amountMinor: number;
  /** Where the money went: back to the card, to the customer's prepaid credit, or in cash. */
  destination: 'card' | 'prepaid_credit' | 'cash';
  /** True when the line is now refunded in full. */
  full: boolean;
  refundId?: string;
  /** Products: put the items back in stock (the cashier's choice at the refund). */
  restock?: boolean;
}

/**
 * Sells something commerce may not own (a membership, a renewal, an instalment) through a
 * registry, so commerce never imports the modules above it (dependency inversion; memberships
 * registers its fulfillers at composition in src/app.ts).
 */
export interface Fulfiller {
  /** 'membership' | 'renewal' | 'instalment' | 'product' | 'gift_card' | 'prepaid_credit' | 'drop_in' | … */
  kind: string;
  /** Price and description of one line before discounts, checked inside the order's tx. */
  quote(tx: Tx, ctx: Ctx, input: QuoteInput): Promise<LineQuote>;
  /** Called once, in the tx that marks the order paid: create/extend the thing sold. Returns the id made. */
  fulfil(tx: Tx, ctx: Ctx, line: FulfilLine): Promise<{ fulfilledRef: string | null }>;
  /** Called once per refund of the line, in the refund's tx (e.g. cancel an unused membership). Optional. */
  onRefund?(tx: Tx, ctx: Ctx, line: FulfilLine, refund: RefundOfLine): Promise<void>;
  /**
   * Called in the tx of a failed payment for lines that `quote` reserved something for (stock
   * held at quote time, say). Optional: most fulfillers reserve nothing before `fulfil`.
   */
  onPaymentFailed?(tx: Tx, ctx: Ctx, line: FulfilLine): Promise<void>;
}

export interface FulfillerRegistry {
  register(fulfiller: Fulfiller): void;
  /** The fulfiller of `kind`; throws `unknown_line_kind` when none is registered. */
  getOrThrow(kind: string): Fulfiller;
  has(kind: string): boolean;
  kinds(): string[];
}

export function createFulfillerRegistry(): FulfillerRegistry {
  const byKind = new Map<string, Fulfiller>();
  return {
    register(fulfiller) {
      if (byKind.has(fulfiller.kind)) throw new Error(`A fulfiller for '${fulfiller.kind}' is already registered.`);
      byKind.set(fulfiller.kind, fulfiller);
    },
    getOrThrow(kind) {
      const f = byKind.get(kind);
      if (!f) throw new CommerceError('unknown_line_kind', `Nothing sells lines of kind '${kind}'.`, [{ path: 'kind', message: `Unknown kind '${kind}'.` }]);
      return f;
    },
    has: (kind) => byKind.has(kind),
    kinds: () => [...byKind.keys()].sort(),
  };
}
