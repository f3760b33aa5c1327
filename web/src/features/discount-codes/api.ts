import { useQuery } from '@tanstack/react-query';
import { api } from '../../lib/api.ts';
import type { CreateDiscountCode, DiscountCodeDto, UpdateDiscountCode } from '../../../../src/modules/commerce/discounts/contracts.ts';

export type { CreateDiscountCode, DiscountCodeDto, UpdateDiscountCode };

const enc = encodeURIComponent;

export const discountCodesKey = ['discount-codes'] as const;

export const discountCodesApi = {
  list: (archived: boolean) => api.get<{ items: DiscountCodeDto[] }>('/api/v1/discount-codes', archived ? { archived: 'true' } : undefined),
  create: (body: CreateDiscountCode) => api.post<DiscountCodeDto>('/api/v1/discount-codes', body),
  update: (id: string, body: UpdateDiscountCode) => api.patch<DiscountCodeDto>(`/api/v1/discount-codes/${enc(id)}`, body),
  archive: (id: string) => api.post<DiscountCodeDto>(`/api/v1/discount-codes/${enc(id)}/archive`),
  unarchive: (id: string) => api.post<DiscountCodeDto>(`/api/v1/discount-codes/${enc(id)}/unarchive`),
};

export function useDiscountCodeList(archived: boolean) {
  return useQuery({ queryKey: [...discountCodesKey, archived], queryFn: () => discountCodesApi.list(archived), select: (d) => d.items });
}
