import { api } from '../../lib/api.ts';
import type { MembershipDto, PublicPlanDto } from '../../../../src/modules/memberships/contracts.ts';
import type { CheckoutResultDto, OrderDto, OrderSummaryDto, OwnCheckoutInput } from '../../../../src/modules/commerce/contracts.ts';
import type { CreditAccountDto } from '../../../../src/modules/commerce/credits/contracts.ts';
import type { z } from 'zod';
import type { ownGiftCardSchema } from '../../../../src/modules/commerce/gift-cards/contracts.ts';

export type OwnGiftCardDto = z.infer<typeof ownGiftCardSchema>;

export type { MembershipDto, PublicPlanDto } from '../../../../src/modules/memberships/contracts.ts';
export type { CheckoutResultDto, OrderDto, OrderSummaryDto, OwnCheckoutInput } from '../../../../src/modules/commerce/contracts.ts';

const enc = encodeURIComponent;
const base = (slug: string) => `/api/public/v1/studios/${enc(slug)}`;

export const publicPlansKey = (slug: string) => ['public', slug, 'plans'] as const;
export const ownMembershipsKey = (slug: string) => ['me', slug, 'memberships'] as const;
export const ownOrdersKey = (slug: string) => ['me', slug, 'orders'] as const;
export const ownOrderKey = (slug: string, id: string) => ['me', slug, 'orders', id] as const;
export const ownCreditKey = (slug: string) => ['me', slug, 'credit'] as const;
export const ownGiftCardsKey = (slug: string) => ['me', slug, 'gift-cards'] as const;

/** The studio's public plans, and the signed-in customer's purchases, memberships and orders. */
export const checkoutApi = {
  plans: (slug: string) => api.get<{ items: PublicPlanDto[] }>(`${base(slug)}/plans`),
  /** One purchase attempt: the same key on a retry returns the first answer, never a second order. */
  checkout: (slug: string, body: OwnCheckoutInput, idempotencyKey: string) =>
    api.post<CheckoutResultDto>(`${base(slug)}/me/checkout`, body, { 'idempotency-key': idempotencyKey }),
  /** After the browser confirmed the card: the server asks Stripe and completes the order (the webhook may have already). */
  confirm: (slug: string, orderId: string) => api.post<CheckoutResultDto>(`${base(slug)}/me/orders/${enc(orderId)}/confirm`),
  order: (slug: string, orderId: string) => api.get<OrderDto>(`${base(slug)}/me/orders/${enc(orderId)}`),
  orders: (slug: string) => api.get<{ items: OrderSummaryDto[]; nextCursor: string | null }>(`${base(slug)}/me/orders`),
  credit: (slug: string) => api.get<CreditAccountDto>(`${base(slug)}/me/credits`, { limit: 1 }),
  giftCards: (slug: string) => api.get<{ items: OwnGiftCardDto[] }>(`${base(slug)}/me/gift-cards`),
  memberships: (slug: string) => api.get<{ items: MembershipDto[] }>(`${base(slug)}/me/memberships`),
  freeze: (slug: string, membershipId: string, body: { startDate?: string; unfreezeDate?: string }) =>
    api.post<MembershipDto>(`${base(slug)}/me/memberships/${enc(membershipId)}/freeze`, body),
  cancelRenewal: (slug: string, membershipId: string) => api.post<MembershipDto>(`${base(slug)}/me/memberships/${enc(membershipId)}/cancel-renewal`),
};
