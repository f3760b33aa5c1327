import { useQuery } from '@tanstack/react-query';
import { api } from '../../lib/api.ts';
import type {
  AdjustGiftCard,
  GiftCardDetailDto,
  GiftCardDto,
  GiftCardPage,
  GiftCardSettingsDto,
  IssueGiftCard,
  RedeemedToCredit,
  UpdateGiftCardSettings,
} from '../../../../src/modules/commerce/gift-cards/contracts.ts';

export type { GiftCardDetailDto, GiftCardDto, GiftCardSettingsDto };

const enc = encodeURIComponent;

export const giftCardsKey = ['gift-cards'] as const;
export const giftCardSettingsKey = ['gift-card-settings'] as const;

export const giftCardsApi = {
  list: (q: { q?: string; customerId?: string }) =>
    api.get<GiftCardPage>('/api/v1/gift-cards', { ...(q.q?.trim() ? { q: q.q.trim() } : {}), ...(q.customerId ? { customerId: q.customerId } : {}) }),
  get: (id: string) => api.get<GiftCardDetailDto>(`/api/v1/gift-cards/${enc(id)}`),
  issue: (body: IssueGiftCard) => api.post<GiftCardDetailDto>('/api/v1/gift-cards', body),
  lookup: (code: string) => api.post<GiftCardDetailDto>('/api/v1/gift-cards/lookup', { code }),
  adjust: (id: string, body: AdjustGiftCard) => api.post<GiftCardDetailDto>(`/api/v1/gift-cards/${enc(id)}/adjustments`, body),
  redeemToCredit: (code: string, customerId: string) => api.post<RedeemedToCredit>('/api/v1/gift-cards/redeem-to-credit', { code, customerId }),
  settings: () => api.get<GiftCardSettingsDto>('/api/v1/gift-card-settings'),
  updateSettings: (body: UpdateGiftCardSettings) => api.put<GiftCardSettingsDto>('/api/v1/gift-card-settings', body),
};

export function useGiftCardList(q: { q?: string; customerId?: string }, enabled = true) {
  return useQuery({ queryKey: [...giftCardsKey, q], queryFn: () => giftCardsApi.list(q), select: (d) => d.items, enabled });
}

export function useGiftCard(id: string | null) {
  return useQuery({ queryKey: [...giftCardsKey, 'detail', id], queryFn: () => giftCardsApi.get(id!), enabled: id !== null });
}

export function useGiftCardSettings() {
  return useQuery({ queryKey: giftCardSettingsKey, queryFn: giftCardsApi.settings });
}
