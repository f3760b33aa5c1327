import { z } from 'zod';
import type { DomainEvent } from '../../platform/events/publish.ts';
import { profileFields } from './domain/profile.ts';

/** Versioned payloads of the events this module publishes; each event's subject is the customer. */
export const customerSourceSchema = z.enum(['dashboard', 'signup', 'import', 'referral', 'checkout']);
export type CustomerSource = z.infer<typeof customerSourceSchema>;

export const customerEventSchemas = {
  'customer.created.v1': z.object({ source: customerSourceSchema }),
  /** `changed` lists the profile fields whose value really changed (never empty). */
  'customer.updated.v1': z.object({ changed: z.array(z.enum(profileFields)).min(1) }),
  /** The customer created their own account on the studio's public page. */
  'customer.signed_up.v1': z.object({}),
  /** A tag was put on the customer (only when the link is new); `tagName` as it was then. */
  'customer.tag_added.v1': z.object({ tagId: z.string(), tagName: z.string() }),
  /** A tag was taken off the customer (only when the link existed). */
  'customer.tag_removed.v1': z.object({ tagId: z.string(), tagName: z.string() }),
  /** The customer's answer to a custom field really changed (set, changed or cleared). */
  'customer.custom_field_changed.v1': z.object({ fieldId: z.string(), label: z.string() }),
  /** Staff wrote a note on the profile; the note's text stays out of the event stream. */
  'customer.note_added.v1': z.object({ noteId: z.string() }),
  /** A child profile was added to this customer (the parent); the child has its own customer.created.v1. */
  'customer.child_added.v1': z.object({ childId: z.string() }),
  /** Staff unlinked a child from this customer (the former parent); the child's profile stays. */
  'customer.child_removed.v1': z.object({ childId: z.string() }),
  /** The customer subscribed to or unsubscribed from one kind of message (one event per kind that changed). */
  'customer.subscription_changed.v1': z.object({
    kind: z.enum(['emailMarketing', 'emailTransactional', 'smsMarketing', 'sms']),
    subscribed: z.boolean(),
  }),
  /** The customer was created through `referrerId`'s referral link ("Client référé"); never for a referrer recorded by staff. */
  'customer.referred.v1': z.object({ referrerId: z.string() }),
  /** Staff recorded (or cleared, null) who referred the customer; not a referral sign-up. */
  'customer.referrer_set.v1': z.object({ referrerId: z.string().nullable() }),
  /** A file was kept on the profile (customer documents); the bytes stay out of the event stream. */
  'customer.document_added.v1': z.object({ documentId: z.string(), fileName: z.string() }),
  /** A document was removed from the profile. */
  'customer.document_removed.v1': z.object({ documentId: z.string(), fileName: z.string() }),
  /** The duplicate `fromId` was merged into this customer (the survivor); its history now shows here. */
  'customer.merged.v1': z.object({ fromId: z.string() }),
  /** Deleted with history to keep: personal data blanked, the row kept for what depends on it. */
  'customer.anonymized.v1': z.object({}),
  /** Deleted for good: the customer had no history that must outlive them. */
  'customer.deleted.v1': z.object({}),
} as const;

export type CustomerEventType = keyof typeof customerEventSchemas;
export type CustomerEventPayload<T extends CustomerEventType> = z.infer<(typeof customerEventSchemas)[T]>;

export function customerEvent<T extends CustomerEventType>(type: T, customerId: string, payload: CustomerEventPayload<T>): DomainEvent {
  return { type, subjectId: customerId, payload: payload as Record<string, unknown> };
}
