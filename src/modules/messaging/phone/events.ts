import { z } from 'zod';
import type { DomainEvent } from '../../../platform/events/publish.ts';

/** Events the phone line publishes; the subject is the call (`call_…`). */
export const phoneEventSchemas = {
  /**
   * An inbound call nobody answered: the forwarded line did not pick up (no-answer, busy,
   * failed, canceled) or, with no forwarding number, the caller was sent to voicemail
   * (`voicemailUrl` when they left a message). `customerId`: the studio's customer whose phone
   * is the caller's, else null (leads are matched later from `from`). Once per CallSid.
   */
  'call.missed.v1': z.object({
    callSid: z.string(),
    from: z.string(),
    customerId: z.string().nullable(),
    voicemail: z.boolean(),
    voicemailUrl: z.string().nullable(),
  }),
} as const;

export type CallMissedPayload = z.infer<(typeof phoneEventSchemas)['call.missed.v1']>;

export function callMissedEvent(callId: string, payload: CallMissedPayload): DomainEvent {
  return { type: 'call.missed.v1', subjectId: callId, payload: payload as Record<string, unknown> };
}
