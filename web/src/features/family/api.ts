import type { z } from 'zod';
import { api } from '../../lib/api.ts';
import type { CustomerDto } from '../../lib/contracts.ts';
import type { addChildSchema, setParentSchema, updateChildSchema } from '../../../../src/modules/customers/family/contracts.ts';
import type { updateSubscriptionsSchema } from '../../../../src/modules/customers/subscriptions/contracts.ts';
import type {
  OwnReferralDto,
  ReferralDto,
  ReferralSettingsDto,
  setReferrerSchema,
  updateReferralSettingsSchema,
} from '../../../../src/modules/customers/referrals/contracts.ts';

export type { OwnReferralDto, ReferralDto, ReferralSettingsDto };
export type AddChild = z.input<typeof addChildSchema>;
export type UpdateChild = z.input<typeof updateChildSchema>;
export type SetParent = z.input<typeof setParentSchema>;
export type UpdateSubscriptions = z.input<typeof updateSubscriptionsSchema>;
export type SetReferrer = z.input<typeof setReferrerSchema>;
export type UpdateReferralSettings = z.input<typeof updateReferralSettingsSchema>;
export type SubscriptionKind = keyof CustomerDto['subscriptions'];

interface Items<T> {
  items: T[];
}

const enc = encodeURIComponent;

export const childrenKey = (parentId: string) => ['customers', 'one', parentId, 'children'] as const;
export const referralKey = (customerId: string) => ['customers', 'one', customerId, 'referral'] as const;
export const referralSettingsKey = ['customers', 'referral-settings'] as const;

/** Staff: a customer's family, message subscriptions and referrals. */
export const familyApi = {
  children: (parentId: string) => api.get<Items<CustomerDto>>(`/api/v1/customers/${enc(parentId)}/children`),
  addChild: (parentId: string, body: AddChild) => api.post<CustomerDto>(`/api/v1/customers/${enc(parentId)}/children`, body),
  setSubscriptions: (id: string, body: UpdateSubscriptions) => api.put<CustomerDto>(`/api/v1/customers/${enc(id)}/subscriptions`, body),
  referral: (id: string) => api.get<ReferralDto>(`/api/v1/customers/${enc(id)}/referral`),
  setReferrer: (id: string, body: SetReferrer) => api.put<CustomerDto>(`/api/v1/customers/${enc(id)}/referrer`, body),
  referralSettings: () => api.get<ReferralSettingsDto>('/api/v1/customers/referral-settings'),
  saveReferralSettings: (body: UpdateReferralSettings) => api.put<ReferralSettingsDto>('/api/v1/customers/referral-settings', body),
};

export const myChildrenKey = (slug: string) => ['me', slug, 'children'] as const;
export const myReferralKey = (slug: string) => ['me', slug, 'referral'] as const;
const me = (slug: string) => `/api/public/v1/studios/${enc(slug)}/me`;

/** The signed-in customer's own family, subscriptions and referral link. */
export const myFamilyApi = {
  children: (slug: string) => api.get<Items<CustomerDto>>(`${me(slug)}/children`),
  addChild: (slug: string, body: AddChild) => api.post<CustomerDto>(`${me(slug)}/children`, body),
  updateChild: (slug: string, id: string, body: UpdateChild) => api.patch<CustomerDto>(`${me(slug)}/children/${enc(id)}`, body),
  setSubscriptions: (slug: string, body: UpdateSubscriptions) =>
    api.put<{ customer: CustomerDto }>(`${me(slug)}/subscriptions`, body),
  referral: (slug: string) => api.get<OwnReferralDto>(`${me(slug)}/referral`),
};
