import { z } from 'zod';
import { cursorQuerySchema, pageSchema } from '../http/contracts.ts';

/** One row of the staff "Sent messages" page. */
export const sentMessageSchema = z.object({
  id: z.string(),
  channel: z.enum(['email', 'sms', 'in_app']),
  to: z.string(),
  subject: z.string().nullable(),
  status: z.enum(['queued', 'sent', 'failed', 'suppressed']),
  template: z.string().nullable(),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
  bodyText: z.string(),
});
export type SentMessageDto = z.infer<typeof sentMessageSchema>;

export const listMessagesQuerySchema = cursorQuerySchema;
export type ListMessagesQuery = z.infer<typeof listMessagesQuerySchema>;

export const sentMessagePageSchema = pageSchema(sentMessageSchema);
export type SentMessagePage = z.infer<typeof sentMessagePageSchema>;
