/**
 * Which messages a customer receives, per kind (the unsubscribe FAQ of the specification):
 * marketing emails, transactional emails, marketing SMS, and SMS as a whole. Replying STOP to
 * an SMS stops every SMS, transactional and marketing alike.
 *
 * A kind is "subscribed" while its opt-out time is null; the time records when the customer
 * (or staff on their behalf) unsubscribed.
 */

export const subscriptionKinds = ['emailMarketing', 'emailTransactional', 'smsMarketing', 'sms'] as const;
export type SubscriptionKind = (typeof subscriptionKinds)[number];

/** True while the customer receives that kind of message. */
export type Subscriptions = Record<SubscriptionKind, boolean>;

/** When the customer unsubscribed from each kind; null while subscribed. */
export type OptOuts = Record<SubscriptionKind, Date | null>;

export interface MessageKind {
  channel: 'email' | 'sms';
  purpose: 'marketing' | 'transactional';
}

/** A customer as the messaging module sees them: their subscription state, and whether the profile was anonymised. */
export interface Recipient {
  subscriptions: Subscriptions;
  anonymized?: boolean;
}

/**
 * May this kind of message go to this customer? Marketing SMS need both SMS and marketing SMS
 * (STOP silences all SMS); an anonymised profile receives nothing. A message staff write to
 * one customer alone is not a group message, and the messaging module decides whether it
 * checks this (the specification lets such messages through).
 */
export function canReceive(customer: Recipient, message: MessageKind): boolean {
  if (customer.anonymized) return false;
  const s = customer.subscriptions;
  if (message.channel === 'email') return message.purpose === 'marketing' ? s.emailMarketing : s.emailTransactional;
  return message.purpose === 'marketing' ? s.sms && s.smsMarketing : s.sms;
}

/** The state a customer sees: marketing SMS are off while SMS are stopped. */
export function subscriptionsOf(optOuts: OptOuts): Subscriptions {
  return {
    emailMarketing: optOuts.emailMarketing === null,
    emailTransactional: optOuts.emailTransactional === null,
    smsMarketing: optOuts.smsMarketing === null && optOuts.sms === null,
    sms: optOuts.sms === null,
  };
}

export type SubscriptionChange = Partial<Subscriptions>;

export type SubscriptionOutcome =
  | { ok: true; optOuts: OptOuts; changed: { kind: SubscriptionKind; subscribed: boolean }[] }
  | { ok: false; reason: 'sms_stopped' };

/**
 * Applies a change at `now`. Unsubscribing keeps the first opt-out time (unsubscribing twice
 * changes nothing); subscribing clears it. Turning `sms` off (STOP) also unsubscribes from
 * marketing SMS, so that turning SMS back on later does not quietly resume marketing texts.
 * Marketing SMS cannot be turned on while SMS stay stopped (`sms_stopped`).
 * `changed` lists the kinds whose stored state really changed, in `subscriptionKinds` order.
 */
export function applySubscriptionChange(current: OptOuts, change: SubscriptionChange, now: Date): SubscriptionOutcome {
  const wanted: Partial<Subscriptions> = { ...change };
  if (wanted.sms === false && wanted.smsMarketing === undefined) wanted.smsMarketing = false;
  const smsAfter = wanted.sms ?? current.sms === null;
  if (wanted.smsMarketing === true && !smsAfter) return { ok: false, reason: 'sms_stopped' };
  const optOuts: OptOuts = { ...current };
  const changed: { kind: SubscriptionKind; subscribed: boolean }[] = [];
  for (const kind of subscriptionKinds) {
    const subscribe = wanted[kind];
    if (subscribe === undefined || subscribe === (current[kind] === null)) continue;
    optOuts[kind] = subscribe ? null : now;
    changed.push({ kind, subscribed: subscribe });
  }
  return { ok: true, optOuts, changed };
}
