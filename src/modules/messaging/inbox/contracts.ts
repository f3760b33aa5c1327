import { z } from 'zod';
import { pageSchema } from '../../../platform/http/contracts.ts';
import { customerSchema } from '../../customers/contracts.ts';

/** The staff inbox's thread list: filters, sort, keyset cursor. */
export const listThreadsQuerySchema = z.object({
  cursor: z.string().max(300).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(30),
  unread: z.enum(['true', 'false']).optional(),
  /** Threads whose last customer message came after staff last replied by hand (or never replied). */
  unreplied: z.enum(['true', 'false']).optional(),
  /** The category of the thread's last outbound message. */
  category: z.enum(['manual', 'transactional', 'sequence']).optional(),
  /** A saved customer segment: threads of the customers in it. */
  segment: z.string().min(1).max(64).optional(),
  /** Threads of this location and those with no location (staff pre-filtered to a location). */
  location: z.string().min(1).max(64).optional(),
  sort: z.enum(['newest', 'oldest']).default('newest'),
});
export type ListThreadsQuery = z.input<typeof listThreadsQuerySchema>;

export const threadSchema = z.object({
  customerId: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  lastMessageAt: z.string(),
  lastInboundAt: z.string().nullable(),
  lastReplyAt: z.string().nullable(),
  lastChannel: z.enum(['email', 'sms', 'in_app']),
  lastCategory: z.enum(['transactional', 'sequence', 'manual', 'inbound']),
  lastPreview: z.string(),
  unreadCount: z.number().int(),
  locationId: z.string().nullable(),
});
export type ThreadDto = z.infer<typeof threadSchema>;
export const threadPageSchema = pageSchema(threadSchema);
export type ThreadPage = z.infer<typeof threadPageSchema>;

export const threadMessageSchema = z.object({
  id: z.string(),
  /** out: Enso or staff to the customer; in: the customer to the studio. */
  direction: z.enum(['out', 'in']),
  channel: z.enum(['email', 'sms', 'in_app']),
  category: z.enum(['transactional', 'sequence', 'manual', 'inbound']),
  subject: z.string().nullable(),
  text: z.string(),
  at: z.string(),
  /** Outbound: queued | sent | failed | suppressed; inbound: null. */
  status: z.string().nullable(),
  senderId: z.string().nullable(),
  readAt: z.string().nullable(),
});
export type ThreadMessageDto = z.infer<typeof threadMessageSchema>;

export const threadMessagesQuerySchema = z.object({
  cursor: z.string().max(300).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
export type ThreadMessagesQuery = z.input<typeof threadMessagesQuerySchema>;

/** A thread's messages, oldest first; `nextCursor` fetches the older page before them. */
export const threadDetailSchema = z.object({
  customer: customerSchema,
  thread: threadSchema.nullable(),
  items: z.array(threadMessageSchema),
  nextCursor: z.string().nullable(),
});
export type ThreadDetail = z.infer<typeof threadDetailSchema>;

export const replySchema = z.object({
  channel: z.enum(['email', 'sms', 'in_app']),
  /** Email only; defaults to "Message from <studio>". */
  subject: z.string().trim().max(200).optional(),
  text: z.string().trim().min(1).max(5_000),
});
export type Reply = z.infer<typeof replySchema>;
/** `channel`: how it went — an SMS goes as an email when the month's SMS segments are used up. */
export const replyResultSchema = z.object({ id: z.string(), channel: z.enum(['email', 'sms', 'in_app']) });

export const inboxTabsSchema = z.object({ segmentIds: z.array(z.string().min(1).max(64)).max(50) });
export type InboxTabs = z.infer<typeof inboxTabsSchema>;

/** The signed-in customer's in-app conversation: the studio's in-app messages and their own replies. */
export const ownMessageSchema = z.object({
  id: z.string(),
  /** studio: an in-app message from the studio; customer: the customer's own reply. */
  from: z.enum(['studio', 'customer']),
  subject: z.string().nullable(),
  text: z.string(),
  at: z.string(),
  /** A studio message: when the customer opened it; their own reply: when staff read it. */
  readAt: z.string().nullable(),
});
export type OwnMessageDto = z.infer<typeof ownMessageSchema>;
/** A customer's in-app reply to the studio: 1–5,000 characters once trimmed. */
export const ownReplySchema = z.object({ text: z.string().trim().min(1).max(5_000) });
export type OwnReply = z.infer<typeof ownReplySchema>;

export const ownMessagePageSchema = z.object({ items: z.array(ownMessageSchema), nextCursor: z.string().nullable(), unreadCount: z.number().int() });
export type OwnMessagePage = z.infer<typeof ownMessagePageSchema>;
