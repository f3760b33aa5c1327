import { and, eq } from 'drizzle-orm';
import type { StudioId } from '../../../kernel/ids.ts';
import type { Tx } from '../../../platform/db/client.ts';
import { subscriptionsOf, type Subscriptions } from '../domain/subscriptions.ts';
import { customers } from '../schema.ts';

/** What the messaging module needs to know about a recipient when a message is about to leave. */
export interface RecipientState {
  subscriptions: Subscriptions;
  anonymized: boolean;
  /** The customer's own language, if they chose one (`en`, `fr`). */
  locale: string | null;
}

/**
 * A customer's current subscriptions, read in the caller's studio transaction (one indexed row).
 * Null when the studio has no such customer.
 */
export async function recipientStateOf(tx: Tx, studioId: StudioId, customerId: string): Promise<RecipientState | null> {
  const c = customers;
  const [row] = await tx
    .select({
      emailMarketing: c.emailMarketingOptOutAt,
      emailTransactional: c.emailTransactionalOptOutAt,
      smsMarketing: c.smsMarketingOptOutAt,
      sms: c.smsStoppedAt,
      anonymizedAt: c.anonymizedAt,
      locale: c.locale,
    })
    .from(c)
    .where(and(eq(c.studioId, studioId), eq(c.id, customerId)));
  if (!row) return null;
  const { anonymizedAt, locale, ...optOuts } = row;
  return { subscriptions: subscriptionsOf(optOuts), anonymized: anonymizedAt !== null, locale };
}
