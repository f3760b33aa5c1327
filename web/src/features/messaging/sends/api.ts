import { api, newIdempotencyKey } from '../../../lib/api.ts';
import type { CreateSend, GroupSendDto, GroupSendPage, PreviewSend, SendPreviewDto } from '../../../../../src/modules/messaging/sends/contracts.ts';

export type { Audience, GroupSendDto, SendPreviewDto, GroupSendChannel } from '../../../../../src/modules/messaging/sends/contracts.ts';

export const groupSendsKey = ['message-sends'] as const;

export const groupSendsApi = {
  preview: (body: PreviewSend) => api.post<SendPreviewDto>('/api/v1/message-sends/preview', body),
  /** One key per dialog: a double click or a retry sends once. */
  create: (body: CreateSend, idempotencyKey: string) => api.post<GroupSendDto>('/api/v1/message-sends', body, { 'idempotency-key': idempotencyKey }),
  list: (cursor: string | null) => api.get<GroupSendPage>('/api/v1/message-sends', cursor ? { cursor } : {}),
};

export { newIdempotencyKey };
