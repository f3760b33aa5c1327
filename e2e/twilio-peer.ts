import { startTwilioStub } from '../src/platform/sms/testing/twilio-stub.ts';

/**
 * Playwright global setup: one local Twilio peer for the whole run, on the port playwright.config
 * gives the server as TWILIO_API_URL with the account below. SMS the server sends land here (a
 * journey reads them back with GET …/Messages.json); journeys sign inbound SMS webhooks with the
 * same auth token, as Twilio would.
 */
export const e2eTwilio = { accountSid: 'AC00000000000000000000000000e2e000', authToken: 'e2e-twilio-auth-token', from: '+15005550006' } as const;

export default async function startTwilioPeer(): Promise<() => Promise<void>> {
  const api = new URL(process.env.TWILIO_API_URL ?? '');
  const stub = await startTwilioStub({ port: Number(api.port), accountSid: e2eTwilio.accountSid, authToken: e2eTwilio.authToken });
  return () => stub.close();
}
