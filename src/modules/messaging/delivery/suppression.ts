import type { MessageSuppression } from '../../../platform/email/index.ts';
import type { RecipientState } from '../../customers/index.ts';

/**
 * Why a message governed by `suppression` must not go to this recipient now, as the stable code
 * the sent-messages log shows staff; null: send it. A message with no suppression kind (a password
 * reset, a message staff wrote to this one customer) is always sent — except to an anonymised
 * profile, whose address is gone anyway.
 */
export type SuppressionReason =
  | 'anonymised'
  | 'unsubscribed_email_transactional'
  | 'unsubscribed_email_marketing'
  | 'sms_stopped'
  | 'unsubscribed_sms_marketing';

export function suppressionReasonFor(state: RecipientState, suppression: MessageSuppression | null): SuppressionReason | null {
  if (state.anonymized) return 'anonymised';
  const s = state.subscriptions;
  switch (suppression) {
    case null:
      return null;
    case 'email_transactional':
      return s.emailTransactional ? null : 'unsubscribed_email_transactional';
    case 'email_marketing':
      return s.emailMarketing ? null : 'unsubscribed_email_marketing';
    case 'sms':
      return s.sms ? null : 'sms_stopped';
    case 'sms_marketing':
      if (!s.sms) return 'sms_stopped';
      return s.smsMarketing ? null : 'unsubscribed_sms_marketing';
  }
}
