import { api } from '../../../lib/api.ts';
import type {
  InboxTabs,
  OwnMessageDto,
  OwnMessagePage,
  Reply,
  ThreadDetail,
  ThreadDto,
  ThreadMessageDto,
  ThreadPage,
} from '../../../../../src/modules/messaging/inbox/contracts.ts';

export type { OwnMessageDto, OwnMessagePage, ThreadDetail, ThreadDto, ThreadMessageDto };

export interface ThreadFilters {
  unread: boolean;
  unreplied: boolean;
  category: 'manual' | 'transactional' | 'sequence' | null;
  segment: string | null;
  location: string | null;
  sort: 'newest' | 'oldest';
}

const enc = encodeURIComponent;

export const threadsKey = (f: ThreadFilters) => ['inbox', 'threads', f] as const;
export const threadKey = (customerId: string) => ['inbox', 'thread', customerId] as const;
export const inboxTabsKey = ['inbox', 'tabs'] as const;
export const ownMessagesKey = (slug: string) => ['me', slug, 'messages'] as const;

/** The staff inbox (messages:inbox). */
export const inboxApi = {
  threads: (f: ThreadFilters, cursor: string | null) =>
    api.get<ThreadPage>('/api/v1/inbox/threads', {
      unread: f.unread ? 'true' : undefined,
      unreplied: f.unreplied ? 'true' : undefined,
      category: f.category ?? undefined,
      segment: f.segment ?? undefined,
      location: f.location ?? undefined,
      sort: f.sort,
      cursor: cursor ?? undefined,
    }),
  thread: (customerId: string) => api.get<ThreadDetail>(`/api/v1/inbox/threads/${enc(customerId)}`),
  markRead: (customerId: string) => api.post<null>(`/api/v1/inbox/threads/${enc(customerId)}/read`),
  reply: (customerId: string, body: Reply) => api.post<{ id: string; channel: 'email' | 'sms' | 'in_app' }>(`/api/v1/inbox/threads/${enc(customerId)}/reply`, body),
  tabs: () => api.get<InboxTabs>('/api/v1/inbox/tabs'),
  saveTabs: (segmentIds: string[]) => api.put<InboxTabs>('/api/v1/inbox/tabs', { segmentIds }),
};

/** The signed-in customer's in-app conversation with the studio. */
export const ownMessagesApi = {
  /** The conversation, newest first; `cursor` fetches the older page. */
  list: (slug: string, cursor?: string | null) => api.get<OwnMessagePage>(`/api/public/v1/studios/${enc(slug)}/me/messages`, { cursor: cursor ?? undefined }),
  /** The customer answers the studio in-app. */
  send: (slug: string, text: string) => api.post<OwnMessageDto>(`/api/public/v1/studios/${enc(slug)}/me/messages`, { text }),
  markRead: (slug: string, id: string) => api.post<null>(`/api/public/v1/studios/${enc(slug)}/me/messages/${enc(id)}/read`),
};
