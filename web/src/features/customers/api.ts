import { api, isApiError } from '../../lib/api.ts';
import type {
  ActivityItemDto,
  CreateCustomer,
  CustomerDto,
  CustomerLogin,
  CustomerPage,
  CustomerSignup,
  Ok,
  Page,
  UpdateCustomer,
  UpdateOwnProfile,
} from '../../lib/contracts.ts';

const enc = encodeURIComponent;

export const customersKey = ['customers'] as const;
export const customerKey = (id: string) => ['customers', 'one', id] as const;
export const activityKey = (id: string) => ['customers', 'one', id, 'activity'] as const;

export const customersApi = {
  search: (q: string, cursor: string | null, limit = 25, signal?: AbortSignal) =>
    api.get<CustomerPage>('/api/v1/customers', { q, cursor, limit }, signal),
  get: (id: string) => api.get<CustomerDto>(`/api/v1/customers/${enc(id)}`),
  create: (body: CreateCustomer) => api.post<CustomerDto>('/api/v1/customers', body),
  update: (id: string, body: UpdateCustomer) => api.patch<CustomerDto>(`/api/v1/customers/${enc(id)}`, body),
  activity: (id: string, cursor: string | null) =>
    api.get<Page<ActivityItemDto>>(`/api/v1/customers/${enc(id)}/activity`, { cursor }),
};

interface CustomerEnvelope {
  customer: CustomerDto;
}

export const meKey = (slug: string) => ['me', slug] as const;
const base = (slug: string) => `/api/public/v1/studios/${enc(slug)}`;

/** The customer-facing API of one studio (`/s/:slug`). */
export const customerAccountApi = {
  /** Signed in at once, or `confirm_email` when the studio already knows the email (the account is finished from the inbox). */
  signup: (slug: string, body: CustomerSignup) =>
    api.post<CustomerEnvelope | { status: 'confirm_email' }>(`${base(slug)}/signup`, body),
  acceptInvite: (slug: string, token: string, password: string) =>
    api.post<CustomerEnvelope>(`${base(slug)}/accept-invite`, { token, password }),
  login: (slug: string, body: CustomerLogin) => api.post<CustomerEnvelope>(`${base(slug)}/login`, body),
  logout: (slug: string) => api.post<Ok>(`${base(slug)}/logout`),
  requestReset: (slug: string, email: string) => api.post<Ok>(`${base(slug)}/password-reset`, { email }),
  confirmReset: (slug: string, token: string, password: string) =>
    api.post<Ok>(`${base(slug)}/password-reset/confirm`, { token, password }),
  /** The signed-in customer, or `null`. */
  me: async (slug: string): Promise<CustomerDto | null> => {
    try {
      return (await api.get<CustomerEnvelope>(`${base(slug)}/me`)).customer;
    } catch (error) {
      if (isApiError(error, 401)) return null;
      throw error;
    }
  },
  updateMe: (slug: string, body: UpdateOwnProfile) => api.patch<CustomerEnvelope>(`${base(slug)}/me`, body),
};
