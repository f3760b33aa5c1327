import { useQuery } from '@tanstack/react-query';
import { api } from '../../lib/api.ts';
import type { PlanDto, PlanInput, PlanKind } from '../../../../src/modules/memberships/contracts.ts';

export type { PlanDto, PlanInput, PlanKind };

const enc = encodeURIComponent;

export const plansKey = ['membership-plans'] as const;
const listKey = (archived: boolean) => (archived ? ([...plansKey, 'archived'] as const) : plansKey);

export const plansApi = {
  list: (archived: boolean) => api.get<{ items: PlanDto[] }>('/api/v1/memberships/plans', archived ? { archived: 'true' } : undefined),
  create: (body: PlanInput) => api.post<PlanDto>('/api/v1/memberships/plans', body),
  update: (id: string, body: PlanInput) => api.put<PlanDto>(`/api/v1/memberships/plans/${enc(id)}`, body),
  archive: (id: string) => api.post<PlanDto>(`/api/v1/memberships/plans/${enc(id)}/archive`),
  unarchive: (id: string) => api.post<PlanDto>(`/api/v1/memberships/plans/${enc(id)}/unarchive`),
};

export function usePlanList(archived: boolean, enabled = true) {
  return useQuery({ queryKey: listKey(archived), queryFn: () => plansApi.list(archived), select: (d) => d.items, enabled });
}

export const planKinds: PlanKind[] = ['subscription_absolute', 'subscription_specific', 'class_pack', 'dollar_pack', 'on_demand', 'intro_offer'];
