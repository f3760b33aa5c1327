import { describe, expect, it } from 'vitest';
import type { RecipientState } from '../../../customers/index.ts';
import { withFooter } from '../footer.ts';
import { unsubscribeKindOf } from '../kinds.ts';
import { suppressionReasonFor } from '../suppression.ts';

const everything = { emailMarketing: true, emailTransactional: true, smsMarketing: true, sms: true };
const state = (subscriptions: Partial<RecipientState['subscriptions']> = {}, anonymized = false): RecipientState => ({
  subscriptions: { ...everything, ...subscriptions },
  anonymized,
  locale: null,
});

describe('suppressionReasonFor', () => {
  it('lets everything through to a subscribed customer', () => {
    for (const kind of ['email_transactional', 'email_marketing', 'sms', 'sms_marketing', null] as const) expect(suppressionReasonFor(state(), kind)).toBeNull();
  });

  it('names the subscription that is off, for the message’s kind only', () => {
    expect(suppressionReasonFor(state({ emailTransactional: false }), 'email_transactional')).toBe('unsubscribed_email_transactional');
    expect(suppressionReasonFor(state({ emailTransactional: false }), 'email_marketing')).toBeNull();
    expect(suppressionReasonFor(state({ emailMarketing: false }), 'email_marketing')).toBe('unsubscribed_email_marketing');
    expect(suppressionReasonFor(state({ smsMarketing: false }), 'sms_marketing')).toBe('unsubscribed_sms_marketing');
    expect(suppressionReasonFor(state({ smsMarketing: false }), 'sms')).toBeNull();
  });

  it('treats STOP as stopping every SMS, marketing included', () => {
    expect(suppressionReasonFor(state({ sms: false, smsMarketing: false }), 'sms')).toBe('sms_stopped');
    expect(suppressionReasonFor(state({ sms: false, smsMarketing: false }), 'sms_marketing')).toBe('sms_stopped');
    expect(suppressionReasonFor(state({ sms: false }), 'email_transactional')).toBeNull();
  });

  it('delivers a message without a kind to an unsubscribed customer, but nothing to an anonymised one', () => {
    expect(suppressionReasonFor(state({ emailTransactional: false, emailMarketing: false, sms: false }), null)).toBeNull();
    expect(suppressionReasonFor(state({}, true), null)).toBe('anonymised');
    expect(suppressionReasonFor(state({}, true), 'email_transactional')).toBe('anonymised');
  });
});

describe('unsubscribe footer', () => {
  const footer = { locale: 'en' as const, studioName: 'Yoga <&> Co', kind: 'marketing_email' as const, url: 'https://enso.example/u/abc?kind=marketing_email' };

  it('maps categories to the kind the link names', () => {
    expect(unsubscribeKindOf('transactional')).toBe('transactional_email');
    expect(unsubscribeKindOf('manual')).toBe('marketing_email');
    expect(unsubscribeKindOf('sequence')).toBe('marketing_email');
  });

  it('adds the link to the text and before </body> in the HTML, escaping the studio name', () => {
    const out = withFooter({ text: 'Hello\n\n', html: '<html><body><p>Hi</p></body></html>' }, footer);
    expect(out.text).toBe('Hello\n\n--\nYou receive this email as a customer of Yoga <&> Co.\nUnsubscribe from marketing emails: https://enso.example/u/abc?kind=marketing_email\n');
    expect(out.html).toMatch(/^<html><body><p>Hi<\/p><div class="enso-unsubscribe"[^>]*>You receive this email as a customer of Yoga &lt;&amp;&gt; Co\.<br><a href="https:\/\/enso\.example\/u\/abc\?kind=marketing_email"[^>]*>Unsubscribe from marketing emails<\/a><\/div><\/body><\/html>$/);
  });

  it('writes French, and leaves a text-only email text-only', () => {
    const out = withFooter({ text: 'Bonjour', html: null }, { ...footer, locale: 'fr', kind: 'transactional_email' });
    expect(out.html).toBeNull();
    expect(out.text).toContain('Vous recevez cet e-mail en tant que client·e de Yoga <&> Co.');
    expect(out.text).toContain('Se désabonner des e-mails de réservation et de compte: https://enso.example/u/abc');
  });
});
