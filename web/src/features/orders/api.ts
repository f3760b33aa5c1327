import { api } from '../../lib/api.ts';
import type { CheckoutInput, CheckoutResultDto, ListOrdersQuery, OrderDto, OrderPageDto, RefundRequest } from '../../../../src/modules/commerce/contracts.ts';

export type {
  CheckoutInput,
  CheckoutResultDto,
  OrderDto,
  OrderLineDto,
  OrderPageDto,
  OrderStatus,
  OrderSummaryDto,
  PaymentDto,
  RefundDestination,
  RefundDto,
  RefundRequest,
  TenderInput,
} from '../../../../src/modules/commerce/contracts.ts';

const enc = encodeURIComponent;

export const ordersKey = ['commerce', 'orders'] as const;
export const orderKey = (id: string) => ['commerce', 'orders', 'one', id] as const;

export { newIdempotencyKey } from '../../lib/api.ts';

/** Staff: sales (commerce:sell), orders (commerce:read) and refunds (commerce:refund). */
export const ordersApi = {
  list: (query: ListOrdersQuery) => api.get<OrderPageDto>('/api/v1/commerce/orders', query as Record<string, string | number | undefined>),
  get: (id: string) => api.get<OrderDto>(`/api/v1/commerce/orders/${enc(id)}`),
  checkout: (body: CheckoutInput & { channel?: 'pos' | 'staff' }, idempotencyKey: string) =>
    api.post<CheckoutResultDto>('/api/v1/commerce/checkout', body, { 'idempotency-key': idempotencyKey }),
  confirm: (id: string) => api.post<CheckoutResultDto>(`/api/v1/commerce/orders/${enc(id)}/confirm`),
  refund: (id: string, body: RefundRequest, idempotencyKey: string) =>
    api.post<OrderDto>(`/api/v1/commerce/orders/${enc(id)}/refunds`, body, { 'idempotency-key': idempotencyKey }),
};
