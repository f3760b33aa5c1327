import { api } from '../../lib/api.ts';
import type { CalendarFeedDto, CalendarFeedList, CreateCalendarFeed } from '../../../../src/modules/schedule/feeds/contracts.ts';

export type { CalendarFeedDto, CalendarFeedList, CreateCalendarFeed, FeedKind, FeedTargetDto } from '../../../../src/modules/schedule/feeds/contracts.ts';

export const calendarFeedsKey = ['schedule', 'calendar-feeds'] as const;

/** Staff: iCal subscribe links per teacher and per location (a teacher: their own only). */
export const calendarFeedsApi = {
  list: () => api.get<CalendarFeedList>('/api/v1/calendar-feeds'),
  /** Creates the link, or replaces it (the old link stops working). */
  create: (body: CreateCalendarFeed) => api.post<CalendarFeedDto>('/api/v1/calendar-feeds', body),
  remove: (id: string) => api.del<{ ok: true }>(`/api/v1/calendar-feeds/${encodeURIComponent(id)}`),
};
