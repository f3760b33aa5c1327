import { api } from '../../lib/api.ts';
import type {
  CreateWaiver,
  CustomerWaiversDto,
  OwnWaiversDto,
  SendSignRequest,
  SentRequestDto,
  SignatureDto,
  SignatureSummaryDto,
  SignByLink,
  SignInPerson,
  SignLinkDto,
  SignOwn,
  UpdateWaiver,
  UpdateWaiverResult,
  WaiverDetailDto,
  WaiverDto,
} from '../../../../src/modules/waivers/contracts.ts';

export type {
  CreateWaiver,
  CustomerWaiversDto,
  CustomerWaiverItemDto,
  OwnWaiversDto,
  SignatureDto,
  SignatureSummaryDto,
  SignLinkDto,
  UpdateWaiver,
  WaiverDetailDto,
  WaiverDto,
  WaiverKind,
  WaiverToSignDto,
} from '../../../../src/modules/waivers/contracts.ts';

const enc = encodeURIComponent;

export const waiversKey = ['waivers'] as const;
export const waiverKey = (id: string) => ['waivers', 'one', id] as const;
export const customerWaiversKey = (customerId: string) => ['customers', 'one', customerId, 'waivers'] as const;
export const signatureKey = (id: string) => ['waivers', 'signature', id] as const;
export const ownWaiversKey = (slug: string) => ['me', slug, 'waivers'] as const;

interface Signed {
  signature: SignatureSummaryDto;
}

/** Staff: the studio's waivers, their versions, and signatures on customer profiles. */
export const waiversApi = {
  list: (archived = false) => api.get<{ items: WaiverDto[] }>('/api/v1/waivers', { archived: archived ? 'true' : undefined }),
  get: (id: string) => api.get<WaiverDetailDto>(`/api/v1/waivers/${enc(id)}`),
  create: (body: CreateWaiver) => api.post<WaiverDto>('/api/v1/waivers', body),
  update: (id: string, body: UpdateWaiver) => api.patch<UpdateWaiverResult>(`/api/v1/waivers/${enc(id)}`, body),
  archive: (id: string) => api.post<WaiverDto>(`/api/v1/waivers/${enc(id)}/archive`),
  forCustomer: (customerId: string) => api.get<CustomerWaiversDto>(`/api/v1/customers/${enc(customerId)}/waivers`),
  signInPerson: (customerId: string, body: SignInPerson) => api.post<Signed>(`/api/v1/customers/${enc(customerId)}/waivers/sign-in-person`, body),
  send: (customerId: string, body: SendSignRequest) => api.post<SentRequestDto>(`/api/v1/customers/${enc(customerId)}/waivers/send`, body),
  signature: (id: string) => api.get<SignatureDto>(`/api/v1/waiver-signatures/${enc(id)}`),
};

const base = (slug: string) => `/api/public/v1/studios/${enc(slug)}`;

/** Customer pages: the emailed link, and the signed-in customer's own waivers. */
export const publicWaiversApi = {
  openLink: (slug: string, token: string) => api.post<SignLinkDto>(`${base(slug)}/waiver-link`, { token }),
  signByLink: (slug: string, body: SignByLink) => api.post<Signed>(`${base(slug)}/waiver-link/sign`, body),
  own: (slug: string) => api.get<OwnWaiversDto>(`${base(slug)}/me/waivers`),
  signOwn: (slug: string, body: SignOwn) => api.post<Signed>(`${base(slug)}/me/waivers/sign`, body),
};
