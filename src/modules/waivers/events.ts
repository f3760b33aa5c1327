import { z } from 'zod';
import type { DomainEvent } from '../../platform/events/publish.ts';

export const waiverKindSchema = z.enum(['customer', 'membership', 'child', 'custom']);
export const signatureMethodSchema = z.enum(['checkbox', 'in_person', 'email_link']);

/**
 * Versioned payloads of the events this module publishes. The subject of `waiver.*` events
 * about the text is the waiver; the subject of `waiver.signed.v1` and `waiver.sign_requested.v1`
 * is the covered customer, so they appear in that customer's activity feed.
 */
export const waiverEventSchemas = {
  'waiver.created.v1': z.object({ waiverId: z.string(), kind: waiverKindSchema }),
  /** A new version of the text was published (version ≥ 2). */
  'waiver.updated.v1': z.object({ waiverId: z.string(), version: z.number().int().min(1) }),
  'waiver.archived.v1': z.object({ waiverId: z.string() }),
  'waiver.signed.v1': z.object({
    waiverId: z.string(),
    version: z.number().int().min(1),
    method: signatureMethodSchema,
    signerId: z.string(),
  }),
  /** A sign link was emailed (reason: custom, request, or resign after an update). */
  'waiver.sign_requested.v1': z.object({ waiverId: z.string(), version: z.number().int().min(1), reason: z.enum(['custom', 'request', 'resign']) }),
} as const;

export type WaiverEventType = keyof typeof waiverEventSchemas;
export type WaiverEventPayload<T extends WaiverEventType> = z.infer<(typeof waiverEventSchemas)[T]>;

export function waiverEvent<T extends WaiverEventType>(type: T, subjectId: string, payload: WaiverEventPayload<T>): DomainEvent {
  return { type, subjectId, payload: waiverEventSchemas[type].parse(payload) as Record<string, unknown> };
}
