import type { Ctx } from '../../kernel/ctx.ts';
import type { Tx } from '../../platform/db/client.ts';
import type { Fulfiller } from '../commerce/index.ts';

/**
 * What memberships needs of commerce (DESIGN: commerce is a lower layer; memberships sells
 * through it and registers its fulfillers). The composition root passes the commerce service,
 * which fits this shape; keeping the port narrow keeps the seam visible.
 */
export interface MembershipsCommerce {
  registerFulfiller(fulfiller: Fulfiller): void;
  checkout(
    ctx: Ctx,
    input: {
      customerId: string | null;
      lines: { kind: string; refId?: string; quantity?: number; priceMinor?: number }[];
      tenders?: { method: 'gift_card' | 'prepaid_credit' | 'cash' | 'terminal' | 'card'; amountMinor?: number; savedCardId?: string }[];
    },
    options: { idempotencyKey: string; channel: 'pos' | 'online' | 'staff' | 'renewal' | 'instalment'; metadata?: Record<string, string> },
  ): Promise<{
    order: { id: string; status: string };
    payment: { status: string; clientSecret: string | null; failureMessage?: string | null };
  }>;
  chargeSavedCard(
    ctx: Ctx,
    input: {
      customerId: string;
      lines: { kind: string; refId?: string; quantity?: number }[];
      idempotencyKey: string;
      metadata: Record<string, string>;
      channel?: 'renewal' | 'instalment' | 'staff';
    },
  ): Promise<{ orderId: string; status: 'paid' | 'failed' | 'requires_action'; failureMessage?: string | null }>;
  credits: {
    post(tx: Tx, ctx: Ctx, input: { customerId: string; deltaMinor: number; reason: 'purchase' | 'refund'; orderId?: string | null; note?: string }): Promise<unknown>;
  };
}
