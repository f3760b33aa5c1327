import { api } from '../../lib/api.ts';
import type { Page, SentMessageDto } from '../../lib/contracts.ts';

export const messagesKey = ['messages'] as const;

export const messagesApi = {
  list: (cursor: string | null) => api.get<Page<SentMessageDto>>('/api/v1/messages', { cursor }),
};
