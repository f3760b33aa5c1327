import { z } from 'zod';
import { isLocalDate } from '../../kernel/time.ts';
import { cursorQuerySchema, pageSchema } from '../http/contracts.ts';

/** One row of the staff "Sent messages" page. */
export const sentMessageSchema = z.object({
  id: z.string(),
  channel: z.enum(['email', 'sms', 'in_app']),
  to: z.string(),
  subject: z.string().nullable(),
  status: z.enum(['queued', 'sent', 'failed', 'suppressed']),
  template: z.string().nullable(),
  /** The customer it was to (their profile), when there is one. */
  customerId: z.string().nullable(),
  recipientKind: z.enum(['customer', 'staff']).nullable(),
  category: z.enum(['transactional', 'sequence', 'manual']),
  /**
   * Why it failed (the provider's error), or why it was not sent when `suppressed`: a stable code —
   * `unsubscribed_email_transactional`, `unsubscribed_email_marketing`, `unsubscribed_sms_marketing`,
   * `sms_stopped`, `anonymised`. Also the last error of a message that later went out.
   */
  error: z.string().nullable(),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
  bodyText: z.string(),
});
export type SentMessageDto = z.infer<typeof sentMessageSchema>;

const localDay = z.string().refine(isLocalDate, 'A day as YYYY-MM-DD');

/** The log's filters (seed 003 "Messages envoyés"): all optional, combined with AND. */
export const listMessagesQuerySchema = cursorQuerySchema.extend({
  category: z.enum(['transactional', 'sequence', 'manual']).optional(),
  template: z.string().min(1).max(100).optional(),
  recipient: z.enum(['customer', 'staff']).optional(),
  channel: z.enum(['email', 'sms', 'in_app']).optional(),
  /** First and last day (inclusive), in the studio's time zone. */
  from: localDay.optional(),
  to: localDay.optional(),
});
export type ListMessagesQuery = z.infer<typeof listMessagesQuerySchema>;

export const sentMessagePageSchema = pageSchema(sentMessageSchema);
export type SentMessagePage = z.infer<typeof sentMessagePageSchema>;

export const sentTemplatesSchema = z.object({ items: z.array(z.string()) });
export type SentTemplatesDto = z.infer<typeof sentTemplatesSchema>;
