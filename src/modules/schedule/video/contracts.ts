import { z } from 'zod';
import { requiredText } from '../../../platform/http/contracts.ts';

/** Request and response shapes of the online-class routes; the web app imports their types. */

/** The studio's video account as staff see it: never the client secret. */
export const videoAccountSchema = z.object({
  /** none: no account (staff paste links); zoom: a connected Zoom app. */
  provider: z.enum(['none', 'zoom']),
  accountId: z.string().nullable(),
  clientId: z.string().nullable(),
  connectedAt: z.string().nullable(),
  /** The last error Zoom gave (refused credentials, a refused meeting); null after a success. */
  lastError: z.string().nullable(),
  /** Upcoming online classes whose meeting could not be made (see each class's video error). */
  failedClasses: z.number().int(),
});
export type VideoAccountDto = z.infer<typeof videoAccountSchema>;

export const connectVideoAccountSchema = z
  .object({
    provider: z.literal('zoom'),
    accountId: requiredText(200),
    clientId: requiredText(200),
    clientSecret: requiredText(500),
  })
  .strict();
export type ConnectVideoAccount = z.input<typeof connectVideoAccountSchema>;

/** The join link of an online class, for a booked customer (null until the meeting exists). */
export const joinLinkSchema = z.object({ url: z.string().nullable() });
export type JoinLinkDto = z.infer<typeof joinLinkSchema>;
