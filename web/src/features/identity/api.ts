import { useQuery } from '@tanstack/react-query';
import { api, isApiError } from '../../lib/api.ts';
import type {
  AcceptInvite,
  ApiKeyDto,
  ConfirmReset,
  CreateApiKey,
  CreatedApiKey,
  InviteStaff,
  Items,
  Locale,
  Ok,
  RequestReset,
  SessionInfo,
  StaffLogin,
  StaffMemberDto,
  UpdateStaff,
} from '../../lib/contracts.ts';

export const sessionKey = ['session'] as const;

/** The signed-in staff session, or `null` when nobody is signed in. */
export async function fetchSession(): Promise<SessionInfo | null> {
  try {
    return await api.get<SessionInfo>('/api/v1/auth/session');
  } catch (error) {
    if (isApiError(error, 401)) return null;
    throw error;
  }
}

export function useSession() {
  return useQuery({ queryKey: sessionKey, queryFn: fetchSession, staleTime: 60_000 });
}

export const authApi = {
  login: (body: StaffLogin) => api.post<SessionInfo>('/api/v1/auth/login', body),
  logout: () => api.post<Ok>('/api/v1/auth/logout'),
  changeLocale: (locale: Locale) => api.put<Ok>('/api/v1/auth/locale', { locale }),
  requestReset: (body: RequestReset) => api.post<Ok>('/api/v1/auth/password-reset', body),
  confirmReset: (body: ConfirmReset) => api.post<Ok>('/api/v1/auth/password-reset/confirm', body),
  acceptInvite: (body: AcceptInvite) => api.post<SessionInfo>('/api/v1/auth/invites/accept', body),
};

export const staffKey = ['staff'] as const;
export const staffApi = {
  list: () => api.get<Items<StaffMemberDto>>('/api/v1/staff'),
  invite: (body: InviteStaff) => api.post<StaffMemberDto>('/api/v1/staff', body),
  update: (id: string, body: UpdateStaff) => api.patch<StaffMemberDto>(`/api/v1/staff/${encodeURIComponent(id)}`, body),
  deactivate: (id: string) => api.post<StaffMemberDto>(`/api/v1/staff/${encodeURIComponent(id)}/deactivate`),
  reactivate: (id: string) => api.post<StaffMemberDto>(`/api/v1/staff/${encodeURIComponent(id)}/reactivate`),
  resendInvite: (id: string) => api.post<StaffMemberDto>(`/api/v1/staff/${encodeURIComponent(id)}/resend-invite`),
};

export const apiKeysKey = ['api-keys'] as const;
export const apiKeysApi = {
  list: () => api.get<Items<ApiKeyDto>>('/api/v1/api-keys'),
  create: (body: CreateApiKey) => api.post<CreatedApiKey>('/api/v1/api-keys', body),
  revoke: (id: string) => api.del<Ok>(`/api/v1/api-keys/${encodeURIComponent(id)}`),
};
