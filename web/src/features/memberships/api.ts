import { useQuery } from '@tanstack/react-query';
import { api } from '../../lib/api.ts';
import type {
  AdjustCredits,
  CreditEntryDto,
  EditInstalments,
  FreezeInput,
  MembershipDto,
  RenewalDto,
  SaleResultDto,
  SellMembership,
  UnfreezeInput,
} from '../../../../src/modules/memberships/contracts.ts';

export type { CreditEntryDto, MembershipDto, RenewalDto, SaleResultDto, SellMembership };

const enc = encodeURIComponent;
const base = '/api/v1/memberships';

export const membershipsKey = (customerId: string) => ['memberships', customerId] as const;
export const renewalsKey = (customerId: string) => ['memberships', customerId, 'renewals'] as const;
export const creditsKey = (membershipId: string) => ['membership-credits', membershipId] as const;

export const membershipsApi = {
  list: (customerId: string) => api.get<{ items: MembershipDto[] }>(base, { customerId }),
  /** One Idempotency-Key per sale attempt: a retried click never sells twice. */
  sell: (body: SellMembership, idempotencyKey: string) => api.post<SaleResultDto>(base, body, { 'Idempotency-Key': idempotencyKey }),
  freeze: (id: string, body: FreezeInput) => api.post<MembershipDto>(`${base}/${enc(id)}/freeze`, body),
  unfreeze: (id: string, body: UnfreezeInput) => api.post<MembershipDto>(`${base}/${enc(id)}/unfreeze`, body),
  cancelRenewal: (id: string) => api.post<MembershipDto>(`${base}/${enc(id)}/cancel-renewal`),
  renewalPrice: (id: string, priceMinor: number) => api.put<MembershipDto>(`${base}/${enc(id)}/renewal-price`, { priceMinor }),
  instalments: (id: string, body: EditInstalments) => api.put<MembershipDto>(`${base}/${enc(id)}/instalments`, body),
  credits: (id: string) => api.get<{ creditsRemaining: number | null; items: CreditEntryDto[] }>(`${base}/${enc(id)}/credits`),
  adjustCredits: (id: string, body: AdjustCredits) => api.post<CreditEntryDto>(`${base}/${enc(id)}/credits`, body),
  renewals: (customerId: string) => api.get<{ items: RenewalDto[] }>(`${base}/renewals`, { customerId }),
  retryRenewal: (id: string) => api.post<RenewalDto>(`${base}/renewals/${enc(id)}/retry`),
  retryInstalment: (id: string) => api.post<MembershipDto>(`${base}/instalments/${enc(id)}/retry`),
};

export function useMemberships(customerId: string) {
  return useQuery({ queryKey: membershipsKey(customerId), queryFn: () => membershipsApi.list(customerId), select: (d) => d.items });
}

export function useRenewals(customerId: string, enabled: boolean) {
  return useQuery({ queryKey: renewalsKey(customerId), queryFn: () => membershipsApi.renewals(customerId), select: (d) => d.items, enabled });
}

export { newIdempotencyKey } from '../../lib/api.ts';
