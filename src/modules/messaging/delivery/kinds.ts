import type { MessageCategory } from '../../../platform/email/index.ts';
import type { UpdateSubscriptions } from '../../customers/index.ts';
import { unsubscribeKinds } from './contracts.ts';

export { unsubscribeKinds };
export type UnsubscribeKind = (typeof unsubscribeKinds)[number];

/** The kind an email's footer link names: transactional messages, or marketing (sequences, manual and group sends). */
export const unsubscribeKindOf = (category: MessageCategory): UnsubscribeKind => (category === 'transactional' ? 'transactional_email' : 'marketing_email');

/** The subscriptions change a kind stands for (false: unsubscribe). */
export function subscriptionChange(kind: UnsubscribeKind, subscribed: boolean): UpdateSubscriptions {
  switch (kind) {
    case 'marketing_email':
      return { emailMarketing: subscribed };
    case 'transactional_email':
      return { emailTransactional: subscribed };
    case 'marketing_sms':
      return { smsMarketing: subscribed };
  }
}

/** Whether the customer still receives that kind. */
export function isSubscribedTo(kind: UnsubscribeKind, s: { emailMarketing: boolean; emailTransactional: boolean; smsMarketing: boolean }): boolean {
  return kind === 'marketing_email' ? s.emailMarketing : kind === 'transactional_email' ? s.emailTransactional : s.smsMarketing;
}
