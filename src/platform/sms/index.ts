import type { MessageProvider } from '../email/providers.ts';
import { twilioProvider, type TwilioConfig } from './twilio.ts';

export { countSegments, isGsm7, type SegmentCount, type SmsEncoding } from './segments.ts';
export { classifyInboundSms, type SmsKeyword } from './keywords.ts';
export { isValidTwilioSignature, twilioProvider, twilioSignatureHeader, type TwilioConfig } from './twilio.ts';

/**
 * The provider SMS rows of `outbound_messages` are delivered through: Twilio when an account is
 * configured, else undefined (the email module then keeps them in its outbox).
 */
export function smsProviderOf(config: TwilioConfig | undefined): MessageProvider | undefined {
  return config ? twilioProvider(config) : undefined;
}
