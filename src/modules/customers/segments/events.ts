import { z } from 'zod';
import type { DomainEvent } from '../../../platform/events/publish.ts';

/** Events about saved segments; the subject is the segment. Criteria stay out: consumers reload the segment. */
export const segmentEventSchemas = {
  'customer_segment.created.v1': z.object({ name: z.string() }),
  /** `changed` names what changed: `name`, `criteria` or both. */
  'customer_segment.updated.v1': z.object({ changed: z.array(z.enum(['name', 'criteria'])).min(1) }),
  'customer_segment.deleted.v1': z.object({ name: z.string() }),
  /** The tabs were put in a new order. */
  'customer_segment.reordered.v1': z.object({ ids: z.array(z.string()) }),
} as const;

export type SegmentEventType = keyof typeof segmentEventSchemas;

export function segmentEvent<T extends SegmentEventType>(
  type: T,
  segmentId: string | null,
  payload: z.infer<(typeof segmentEventSchemas)[T]>,
): DomainEvent {
  return { type, subjectId: segmentId, payload: payload as Record<string, unknown> };
}
