import { api } from '../../lib/api.ts';
import type { CustomerPage, Ok } from '../../lib/contracts.ts';
import type {
  BulkResult,
  BulkTag,
  Criteria,
  CriteriaRule,
  CreateSegment,
  SegmentDto,
  UpdateSegment,
} from '../../../../src/modules/customers/segments/contracts.ts';

export type { BulkResult, Criteria, CriteriaRule, SegmentDto };
export type SortKey = 'name' | 'createdAt' | 'lastVisitAt' | 'visitCount';
export type SortOrder = 'asc' | 'desc';

/** What the list shows: a search, a saved segment (tab), extra criteria, and an order. */
export interface ListFilters {
  q: string;
  segmentId: string | null;
  criteria: Criteria | null;
  sort: SortKey;
  order: SortOrder;
}

export const segmentsKey = ['customers', 'segments'] as const;
export const listKey = (f: ListFilters) => ['customers', 'list', f] as const;
export const countKey = (f: Omit<ListFilters, 'sort' | 'order'>) => ['customers', 'count', f] as const;

const enc = encodeURIComponent;
const criteriaParam = (c: Criteria | null) => (c && c.rules.length > 0 ? JSON.stringify(c) : null);

/** The query of the list, its count and its export. */
export function filterQuery(f: Omit<ListFilters, 'sort' | 'order'> & Partial<Pick<ListFilters, 'sort' | 'order'>>) {
  return { q: f.q || null, segment: f.segmentId, criteria: criteriaParam(f.criteria), sort: f.sort ?? null, order: f.order ?? null };
}

/** Who a bulk action applies to. */
export type Selection = { kind: 'ids'; ids: string[] } | { kind: 'matching'; q?: string; segmentId?: string; criteria?: Criteria };

export function matchingSelection(f: ListFilters): Selection {
  return {
    kind: 'matching',
    ...(f.q ? { q: f.q } : {}),
    ...(f.segmentId ? { segmentId: f.segmentId } : {}),
    ...(f.criteria && f.criteria.rules.length > 0 ? { criteria: f.criteria } : {}),
  };
}

export const segmentsApi = {
  list: () => api.get<{ items: SegmentDto[] }>('/api/v1/customers/segments'),
  create: (body: CreateSegment) => api.post<SegmentDto>('/api/v1/customers/segments', body),
  update: (id: string, body: UpdateSegment) => api.patch<SegmentDto>(`/api/v1/customers/segments/${enc(id)}`, body),
  reorder: (ids: string[]) => api.put<{ items: SegmentDto[] }>('/api/v1/customers/segments/order', { ids }),
  remove: (id: string) => api.del<Ok>(`/api/v1/customers/segments/${enc(id)}`),
  count: (id: string) => api.get<{ count: number }>(`/api/v1/customers/segments/${enc(id)}/count`),

  customers: (f: ListFilters, cursor: string | null, limit = 25, signal?: AbortSignal) =>
    api.get<CustomerPage>('/api/v1/customers', { ...filterQuery(f), cursor, limit }, signal),
  countCustomers: (f: Omit<ListFilters, 'sort' | 'order'>, signal?: AbortSignal) =>
    api.get<{ count: number }>('/api/v1/customers/count', filterQuery(f), signal),
  tag: (body: BulkTag) => api.post<BulkResult>('/api/v1/customers/bulk/tag', body),
  untag: (body: BulkTag) => api.post<BulkResult>('/api/v1/customers/bulk/untag', body),
};

/** The export's URL: a download the browser makes itself (a streamed file, with the session cookie). */
export function exportUrl(f: ListFilters, ids: string[] | null): string {
  const params = new URLSearchParams();
  const query = ids ? { ids: ids.join(','), sort: f.sort, order: f.order } : filterQuery(f);
  for (const [key, value] of Object.entries(query)) if (value) params.set(key, value);
  const qs = params.toString();
  return `/api/v1/customers/export.csv${qs ? `?${qs}` : ''}`;
}

export type { CriteriaRule as Rule };
