import { z } from 'zod';
import { cursorQuerySchema } from '../../../platform/http/contracts.ts';

/** Group sends: one message from staff to a selection of customers or a segment. */

export const groupSendChannelSchema = z.enum(['email', 'sms', 'in_app']);
export type GroupSendChannel = z.infer<typeof groupSendChannelSchema>;

/** Most customers one selection may name; a larger audience is a segment. */
export const maxSelectedCustomers = 5_000;

export const audienceSchema = z.union([
  z.object({ customerIds: z.array(z.string().min(1).max(64)).min(1).max(maxSelectedCustomers) }).strict(),
  z.object({ segmentId: z.string().min(1).max(64) }).strict(),
]);
export type Audience = z.infer<typeof audienceSchema>;

export const previewSendSchema = z
  .object({
    audience: audienceSchema,
    channel: groupSendChannelSchema,
    /** Optional: the draft, to list the variables it uses that a group send does not know. */
    subject: z.string().max(300).optional(),
    body: z.string().max(20_000).optional(),
  })
  .strict();
export type PreviewSend = z.infer<typeof previewSendSchema>;

export const sendPreviewSchema = z.object({
  /** Customers in the audience (archived ones are not). */
  recipients: z.number().int(),
  skipped: z.object({
    /** Unsubscribed from this kind of message (marketing email, marketing SMS, or STOP). */
    unsubscribed: z.number().int(),
    /** No email address (email), no phone (SMS), or an anonymised profile. */
    noAddress: z.number().int(),
  }),
  willSend: z.number().int(),
  /** More than `limit` customers would receive it and the studio has no marketing suite. */
  needsMarketingSuite: z.boolean(),
  marketingSuiteEnabled: z.boolean(),
  limit: z.number().int(),
  /** `##{{…}}` written in the draft that a group send does not fill (they stay as written). */
  unknownVariables: z.array(z.string()),
  /** The variables a group send fills. */
  variables: z.array(z.string()),
});
export type SendPreviewDto = z.infer<typeof sendPreviewSchema>;

export const createSendSchema = z
  .object({
    audience: audienceSchema,
    channel: groupSendChannelSchema,
    subject: z.string().trim().max(300).optional(),
    /** Plain text with `##{{first_name}}` / `##{{last_name}}`. */
    body: z.string().trim().min(1).max(20_000),
  })
  .strict();
export type CreateSend = z.input<typeof createSendSchema>;

export const groupSendSchema = z.object({
  id: z.string(),
  channel: groupSendChannelSchema,
  subject: z.string().nullable(),
  body: z.string(),
  audience: z.union([
    z.object({ kind: z.literal('customers'), count: z.number().int() }),
    z.object({ kind: z.literal('segment'), segmentId: z.string() }),
  ]),
  status: z.enum(['queued', 'sending', 'done']),
  recipientCount: z.number().int(),
  skippedCount: z.number().int(),
  /** Messages recorded for this send so far (one per customer). */
  queuedCount: z.number().int(),
  /** Of those, by delivery status. */
  delivery: z.object({ queued: z.number().int(), sent: z.number().int(), failed: z.number().int(), suppressed: z.number().int() }),
  createdBy: z.string().nullable(),
  createdAt: z.iso.datetime(),
  completedAt: z.iso.datetime().nullable(),
});
export type GroupSendDto = z.infer<typeof groupSendSchema>;

export const groupSendPageSchema = z.object({ items: z.array(groupSendSchema), nextCursor: z.string().nullable() });
export type GroupSendPage = z.infer<typeof groupSendPageSchema>;

export const listSendsQuerySchema = cursorQuerySchema;
export type ListSendsQuery = z.input<typeof listSendsQuerySchema>;
