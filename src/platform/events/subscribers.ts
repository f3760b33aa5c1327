import type { Ctx } from '../../kernel/ctx.ts';
import type { Tx } from '../db/client.ts';
import type { StoredEvent } from './publish.ts';

export interface Subscriber {
  /** Stable and namespaced by the consuming module (`messaging.welcome-email`): receipts and dedupe keys carry it. */
  name: string;
  /** The versioned event types it consumes: `['customer.created.v1']`. */
  events: readonly string[];
  /**
   * Runs in a tenant transaction of the event's studio (RLS applies), after this subscriber's
   * receipt for the event was written in the same transaction: the handler's writes and the
   * receipt commit together, so a redelivered event is skipped. Throwing rolls both back and
   * the delivery is retried. No network calls here: enqueue a job for them.
   */
  handle: (tx: Tx, event: StoredEvent, ctx: Ctx) => Promise<void>;
}

const subscriberNamePattern = /^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+$/;
// Event names may hold underscores (`booking.no_show.v1`, `membership.renewal_failed.v1`).
const eventTypePattern = /^[a-z][a-z0-9_-]*(\.[a-z][a-z0-9_-]*)+\.v[0-9]+$/;

export function defineSubscriber(subscriber: Subscriber): Subscriber {
  if (!subscriberNamePattern.test(subscriber.name)) {
    throw new Error(`Subscriber name "${subscriber.name}" must look like "module.what-it-does" (lower case, dot-separated)`);
  }
  if (subscriber.events.length === 0) throw new Error(`Subscriber ${subscriber.name} consumes no event`);
  for (const type of subscriber.events) {
    if (!eventTypePattern.test(type)) {
      throw new Error(`Subscriber ${subscriber.name}: "${type}" is not a versioned event type such as customer.created.v1`);
    }
  }
  return subscriber;
}
