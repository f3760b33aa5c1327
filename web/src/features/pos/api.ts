import { api } from '../../lib/api.ts';
import type { CheckoutInput, SaleQuoteDto } from '../../../../src/modules/commerce/contracts.ts';
import type { ProductDto } from '../../../../src/modules/commerce/products/contracts.ts';

export type { SaleQuoteDto } from '../../../../src/modules/commerce/contracts.ts';
export type { ProductDto } from '../../../../src/modules/commerce/products/contracts.ts';

export const productsKey = ['commerce', 'products', 'sellable'] as const;

/** The point of sale's own calls: the running total of a basket and the products on sale. */
export const posApi = {
  quote: (body: CheckoutInput) => api.post<SaleQuoteDto>('/api/v1/commerce/quote', body),
  products: () => api.get<{ items: ProductDto[] }>('/api/v1/products'),
};
