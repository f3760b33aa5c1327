import { useQuery } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { api, ApiError } from '../../lib/api.ts';
import { errorMessage } from '../../lib/errors.ts';
import type { CreateProduct, MoveStock, ProductDto, StockMovementDto, UpdateProduct } from '../../../../src/modules/commerce/products/contracts.ts';

export type { CreateProduct, MoveStock, ProductDto, StockMovementDto, UpdateProduct };

const enc = encodeURIComponent;

export const productsKey = ['products'] as const;
export interface ProductFilter {
  archived: boolean;
  lowStock: boolean;
  q: string;
}

export const productsApi = {
  list: (f: ProductFilter) =>
    api.get<{ items: ProductDto[] }>('/api/v1/products', {
      ...(f.archived ? { archived: 'true' } : {}),
      ...(f.lowStock ? { lowStock: 'true' } : {}),
      ...(f.q.trim() ? { q: f.q.trim() } : {}),
    }),
  create: (body: CreateProduct) => api.post<ProductDto>('/api/v1/products', body),
  update: (id: string, body: UpdateProduct) => api.patch<ProductDto>(`/api/v1/products/${enc(id)}`, body),
  archive: (id: string) => api.post<ProductDto>(`/api/v1/products/${enc(id)}/archive`),
  unarchive: (id: string) => api.post<ProductDto>(`/api/v1/products/${enc(id)}/unarchive`),
  moveStock: (id: string, body: MoveStock) => api.post<ProductDto>(`/api/v1/products/${enc(id)}/stock`, body),
  movements: (id: string) => api.get<{ items: StockMovementDto[]; nextCursor: string | null }>(`/api/v1/products/${enc(id)}/stock-movements`),
};

export function useProductList(filter: ProductFilter, enabled = true) {
  return useQuery({ queryKey: [...productsKey, filter], queryFn: () => productsApi.list(filter), select: (d) => d.items, enabled });
}

export function useStockMovements(id: string) {
  return useQuery({ queryKey: [...productsKey, id, 'movements'], queryFn: () => productsApi.movements(id), select: (d) => d.items });
}

/**
 * The message for an error of the catalog (products, gift cards, discount codes, prepaid credit):
 * the feature's own text for its code when there is one (`<prefix>.errors.<code>`), else the
 * app's usual message.
 */
export function catalogErrorMessage(error: unknown, t: TFunction, prefix: string): string {
  if (error instanceof ApiError) {
    const own = t(`${prefix}.errors.${error.code}`, { defaultValue: '' });
    if (own) return own;
  }
  return errorMessage(error, t);
}
