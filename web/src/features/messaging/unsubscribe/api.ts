import { api } from '../../../lib/api.ts';
import type { UnsubscribeKindDto, UnsubscribeViewDto } from '../../../../../src/modules/messaging/delivery/contracts.ts';

export type { UnsubscribeKindDto, UnsubscribeViewDto };

export const unsubscribeKinds: readonly UnsubscribeKindDto[] = ['marketing_email', 'transactional_email', 'marketing_sms'];

export const unsubscribeKey = (token: string, kind: UnsubscribeKindDto) => ['unsubscribe', token, kind] as const;

/** The public unsubscribe link (`/u/:token?kind=`): no sign-in, the token is the key. */
export const unsubscribeApi = {
  describe: (token: string, kind: UnsubscribeKindDto) => api.get<UnsubscribeViewDto>(`/api/public/v1/unsubscribe/${encodeURIComponent(token)}`, { kind }),
  unsubscribe: (token: string, kind: UnsubscribeKindDto) => api.post<UnsubscribeViewDto>(`/api/public/v1/unsubscribe/${encodeURIComponent(token)}`, { kind }),
};
