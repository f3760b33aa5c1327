import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { isPermanentError } from '../jobs/index.ts';
import { smsProviderOf } from './index.ts';
import { startTwilioStub, twilioMagicNumbers, type TwilioStub } from './testing/twilio-stub.ts';
import { isValidTwilioSignature, twilioProvider } from './twilio.ts';

const outgoing = (to: string, text = 'Your class starts at 18:00.') => ({ id: 'msg_1', channel: 'sms' as const, to, subject: null, text, html: null });

describe('twilioProvider against the local Twilio stub', () => {
  let stub: TwilioStub;

  beforeAll(async () => {
    stub = await startTwilioStub();
  });
  afterAll(async () => {
    await stub?.close();
  });

  it('sends the message with the SDK: form body, Basic auth, and the SID as provider id', async () => {
    const provider = twilioProvider({ accountSid: stub.accountSid, authToken: stub.authToken, from: '+33757000001', apiUrl: stub.apiUrl });

    const { providerMessageId } = await provider.send(outgoing('+33612345678', 'Bonjour Zoé — à 18 h 😀'));

    expect(provider.name).toBe('twilio');
    expect(providerMessageId).toMatch(/^SM[0-9a-f]{32}$/);
    expect(stub.messages.at(-1)).toEqual({
      sid: providerMessageId,
      accountSid: stub.accountSid,
      to: '+33612345678',
      from: '+33757000001',
      messagingServiceSid: null,
      body: 'Bonjour Zoé — à 18 h 😀',
    });
    expect(stub.calls.at(-1)).toMatchObject({ method: 'POST', path: `/2010-04-01/Accounts/${stub.accountSid}/Messages.json`, status: 201 });
  });

  it('sends through a Messaging Service when one is configured', async () => {
    const provider = twilioProvider({
      accountSid: stub.accountSid,
      authToken: stub.authToken,
      from: '+33757000001',
      messagingServiceSid: `MG${'a'.repeat(32)}`,
      apiUrl: `${stub.apiUrl}/`,
    });

    await provider.send(outgoing('+33612345679'));

    expect(stub.messages.at(-1)).toMatchObject({ to: '+33612345679', from: null, messagingServiceSid: `MG${'a'.repeat(32)}` });
  });

  it('turns a 400 (invalid number) into a permanent error carrying Twilio’s code and message', async () => {
    const provider = twilioProvider({ accountSid: stub.accountSid, authToken: stub.authToken, from: '+33757000001', apiUrl: stub.apiUrl });

    const error = await provider.send(outgoing(twilioMagicNumbers.invalid)).catch((e: unknown) => e);

    expect(isPermanentError(error)).toBe(true);
    expect((error as Error).message).toBe("Twilio 400 (21211): The 'To' number +15005550001 is not a valid phone number.");
  });

  it.each([
    ['a 500', () => stub.failNext(500), /Twilio 500 \(20500\)/],
    ['a 429', () => stub.failNext(429, { code: 20429, message: 'Too Many Requests' }), /Twilio 429 \(20429\): Too Many Requests/],
  ])('leaves %s to be retried', async (_name, arrange, message) => {
    const provider = twilioProvider({ accountSid: stub.accountSid, authToken: stub.authToken, from: '+33757000001', apiUrl: stub.apiUrl });
    arrange();
    const sent = stub.messages.length;

    const error = await provider.send(outgoing('+33612345678')).catch((e: unknown) => e);

    expect(isPermanentError(error)).toBe(false);
    expect((error as Error).message).toMatch(message);
    expect(stub.messages).toHaveLength(sent);
  });

  it('leaves wrong credentials (401) to be retried while the operator fixes them', async () => {
    const provider = twilioProvider({ accountSid: stub.accountSid, authToken: 'not-the-token', from: '+33757000001', apiUrl: stub.apiUrl });

    const error = await provider.send(outgoing('+33612345678')).catch((e: unknown) => e);

    expect(isPermanentError(error)).toBe(false);
    expect((error as Error).message).toBe('Twilio 401 (20003): Authenticate');
  });

  it('leaves a connection error to be retried', async () => {
    const closed = await startTwilioStub();
    await closed.close();
    const provider = twilioProvider({ accountSid: closed.accountSid, authToken: closed.authToken, from: '+33757000001', apiUrl: closed.apiUrl });

    const error = await provider.send(outgoing('+33612345678')).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(Error);
    expect(isPermanentError(error)).toBe(false);
  });

  it('needs a sender', () => {
    expect(() => twilioProvider({ accountSid: stub.accountSid, authToken: stub.authToken })).toThrow(/TWILIO_FROM/);
  });
});

describe('isValidTwilioSignature', () => {
  // Twilio's published example (token 12345) and its signature.
  const url = 'https://mycompany.com/myapp.php?foo=1&bar=2';
  const params = { CallSid: 'CA1234567890ABCDE', Caller: '+14158675310', Digits: '1234', From: '+14158675310', To: '+18005551212' };

  it('accepts Twilio’s published example', () => {
    expect(isValidTwilioSignature({ authToken: '12345', signature: 'GvWf1cFY/Q7PnoempGyD5oXAezc=', url, params })).toBe(true);
    expect(
      isValidTwilioSignature({
        authToken: '12345',
        signature: 'RSOYDt4T1cUTdK1PDd93/VVr8B8=',
        url,
        params: { ...params, Caller: '+14158675309', From: '+14158675309' },
      }),
    ).toBe(true);
  });

  it('refuses a wrong signature, a missing one, or another auth token', () => {
    expect(isValidTwilioSignature({ authToken: '12345', signature: 'GvWf1cFY/Q7PnoempGyD5oXAezd=', url, params })).toBe(false);
    expect(isValidTwilioSignature({ authToken: '12345', signature: undefined, url, params })).toBe(false);
    expect(isValidTwilioSignature({ authToken: '12346', signature: 'GvWf1cFY/Q7PnoempGyD5oXAezc=', url, params })).toBe(false);
  });

  it('refuses a tampered field, an added field and another URL', () => {
    const signature = 'GvWf1cFY/Q7PnoempGyD5oXAezc=';
    expect(isValidTwilioSignature({ authToken: '12345', signature, url, params: { ...params, Digits: '1235' } })).toBe(false);
    expect(isValidTwilioSignature({ authToken: '12345', signature, url, params: { ...params, Body: 'STOP' } })).toBe(false);
    expect(isValidTwilioSignature({ authToken: '12345', signature, url: 'https://mycompany.com/myapp.php?foo=1&bar=3', params })).toBe(false);
    expect(isValidTwilioSignature({ authToken: '12345', signature, url: 'not a url', params })).toBe(false);
  });

  it('accepts an inbound SMS the stub signs as Twilio does, and nothing else', async () => {
    const stub = await startTwilioStub();
    try {
      const hook = 'https://studio.example/api/webhooks/twilio/sms';
      const inbound = { MessageSid: `SM${'1'.repeat(32)}`, AccountSid: stub.accountSid, From: '+33612345678', To: '+33757000001', Body: 'Arrêt', NumMedia: '0' };
      const signature = stub.signWebhook(hook, inbound);

      expect(isValidTwilioSignature({ authToken: stub.authToken, signature, url: hook, params: inbound })).toBe(true);
      expect(isValidTwilioSignature({ authToken: stub.authToken, signature, url: hook, params: { ...inbound, Body: 'Start' } })).toBe(false);
      expect(isValidTwilioSignature({ authToken: stub.authToken, signature, url: hook, params: { ...inbound, From: '+33612345679' } })).toBe(false);
      expect(isValidTwilioSignature({ authToken: stub.authToken, signature: stub.signWebhook(hook, inbound, 'another-token'), url: hook, params: inbound })).toBe(false);
    } finally {
      await stub.close();
    }
  });
});

describe('Twilio configuration', () => {
  const sid = `AC${'0123456789abcdef'.repeat(2)}`;

  it('keeps SMS in the outbox unless an account is configured', () => {
    const config = loadConfig({});

    expect(config.twilio).toBeUndefined();
    expect(smsProviderOf(config.twilio)).toBeUndefined();
  });

  it('reads the account, sender and API address', () => {
    const config = loadConfig({ TWILIO_ACCOUNT_SID: sid, TWILIO_AUTH_TOKEN: 'secret', TWILIO_FROM: '+33757000001', TWILIO_API_URL: 'http://127.0.0.1:4010' });

    expect(config.twilio).toEqual({ accountSid: sid, authToken: 'secret', from: '+33757000001', messagingServiceSid: undefined, apiUrl: 'http://127.0.0.1:4010' });
    expect(smsProviderOf(config.twilio)?.name).toBe('twilio');
  });

  it('refuses an incomplete or malformed account', () => {
    expect(() => loadConfig({ TWILIO_ACCOUNT_SID: sid, TWILIO_FROM: '+33757000001' })).toThrow(/TWILIO_AUTH_TOKEN/);
    expect(() => loadConfig({ TWILIO_ACCOUNT_SID: sid, TWILIO_AUTH_TOKEN: 'secret' })).toThrow(/TWILIO_FROM/);
    expect(() => loadConfig({ TWILIO_ACCOUNT_SID: 'AC123', TWILIO_AUTH_TOKEN: 'secret', TWILIO_FROM: '+33757000001' })).toThrow(/TWILIO_ACCOUNT_SID/);
    expect(() => loadConfig({ TWILIO_API_URL: 'ftp://x' })).toThrow(/TWILIO_API_URL/);
  });
});
