import { api } from '../../lib/api.ts';
import type { Page, SentMessageDto } from '../../lib/contracts.ts';

export const messagesKey = ['messages'] as const;

/** The sent-messages log's filters (all optional; days are in the studio's zone). */
export interface MessageFilters {
  category?: 'transactional' | 'sequence' | 'manual';
  template?: string;
  recipient?: 'customer' | 'staff';
  channel?: 'email' | 'sms' | 'in_app';
  from?: string;
  to?: string;
}

export const messagesApi = {
  list: (cursor: string | null, filters: MessageFilters = {}) =>
    api.get<Page<SentMessageDto>>('/api/v1/messages', { ...(cursor ? { cursor } : {}), ...filters }),
  templates: () => api.get<{ items: string[] }>('/api/v1/messages/templates'),
};
