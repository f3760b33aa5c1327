import { z } from 'zod';

/** The kinds to change: true subscribes, false unsubscribes; kinds left out stay as they are. */
export const updateSubscriptionsSchema = z
  .object({
    emailMarketing: z.boolean(),
    emailTransactional: z.boolean(),
    smsMarketing: z.boolean(),
    /** False is STOP: no SMS at all, marketing SMS included. */
    sms: z.boolean(),
  })
  .partial()
  .strict()
  .refine((v) => Object.keys(v).length > 0, 'Name at least one kind of message');
export type UpdateSubscriptions = z.infer<typeof updateSubscriptionsSchema>;
