import { useInfiniteQuery } from '@tanstack/react-query';
import { api } from '../../lib/api.ts';
import type { AdjustCredit, CreditAccountDto, CreditEntryDto } from '../../../../src/modules/commerce/credits/contracts.ts';

export type { CreditAccountDto, CreditEntryDto };

const enc = encodeURIComponent;

export const customerCreditsKey = (customerId: string) => ['customer-credits', customerId] as const;

export const creditsApi = {
  account: (customerId: string, cursor: string | null) =>
    api.get<CreditAccountDto>(`/api/v1/customers/${enc(customerId)}/credits`, { limit: '10', ...(cursor ? { cursor } : {}) }),
  adjust: (customerId: string, body: AdjustCredit) => api.post<CreditAccountDto>(`/api/v1/customers/${enc(customerId)}/credits/adjustments`, body),
};

/** The balance and the ledger, ten rows a page, newest first. */
export function useCreditAccount(customerId: string, enabled: boolean) {
  return useInfiniteQuery({
    queryKey: customerCreditsKey(customerId),
    queryFn: ({ pageParam }) => creditsApi.account(customerId, pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    enabled,
  });
}
