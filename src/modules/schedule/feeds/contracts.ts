import { z } from 'zod';

/** Request and response shapes of the calendar feed routes; the web app imports their types. */

export const feedKindSchema = z.enum(['teacher', 'location']);
export type FeedKind = z.infer<typeof feedKindSchema>;

export const calendarFeedSchema = z.object({
  id: z.string(),
  kind: feedKindSchema,
  targetId: z.string(),
  /** The teacher's or location's name. */
  targetName: z.string(),
  /** The subscribe URL (https://…/api/public/v1/calendar/<token>.ics): whoever has it can read the calendar. */
  url: z.string(),
  createdAt: z.string(),
});
export type CalendarFeedDto = z.infer<typeof calendarFeedSchema>;

/** What staff may make a feed of, with the feed when there is one. */
export const feedTargetSchema = z.object({
  kind: feedKindSchema,
  targetId: z.string(),
  name: z.string(),
  feed: calendarFeedSchema.nullable(),
});
export type FeedTargetDto = z.infer<typeof feedTargetSchema>;

export const calendarFeedListSchema = z.object({
  /** Active feeds the caller may see (a teacher: only their own). */
  items: z.array(calendarFeedSchema),
  /** Teachers and locations a feed can be made for (a teacher: only themself). */
  targets: z.array(feedTargetSchema),
});
export type CalendarFeedList = z.infer<typeof calendarFeedListSchema>;

/** Creates the feed, or rotates it: the old URL stops working and a new one is issued. */
export const createCalendarFeedSchema = z.object({ kind: feedKindSchema, targetId: z.string().min(1).max(64) }).strict();
export type CreateCalendarFeed = z.input<typeof createCalendarFeedSchema>;

export const feedTokenParamSchema = z.object({ token: z.string().min(1).max(200) });
export const classCalendarQuerySchema = z.object({ key: z.string().max(200).optional() });
