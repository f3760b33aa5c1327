import { describe, expect, it } from 'vitest';
import { applySubscriptionChange, canReceive, subscriptionsOf, type OptOuts, type Subscriptions } from './subscriptions.ts';

const all: Subscriptions = { emailMarketing: true, emailTransactional: true, smsMarketing: true, sms: true };
const none: OptOuts = { emailMarketing: null, emailTransactional: null, smsMarketing: null, sms: null };
const earlier = new Date('2026-03-01T10:00:00Z');
const now = new Date('2026-03-29T01:30:00Z');

describe('canReceive', () => {
  it.each([
    [{}, 'email', 'marketing', true],
    [{ emailMarketing: false }, 'email', 'marketing', false],
    [{ emailMarketing: false }, 'email', 'transactional', true],
    [{ emailTransactional: false }, 'email', 'transactional', false],
    [{ emailTransactional: false }, 'email', 'marketing', true],
    [{ smsMarketing: false }, 'sms', 'marketing', false],
    [{ smsMarketing: false }, 'sms', 'transactional', true],
    [{ sms: false }, 'sms', 'transactional', false],
    [{ sms: false }, 'sms', 'marketing', false],
    [{ sms: false }, 'email', 'marketing', true],
  ] as const)('with %o, %s %s → %s', (off, channel, purpose, expected) => {
    expect(canReceive({ subscriptions: { ...all, ...off } }, { channel, purpose })).toBe(expected);
  });

  it('sends nothing to an anonymised profile', () => {
    expect(canReceive({ subscriptions: all, anonymized: true }, { channel: 'email', purpose: 'transactional' })).toBe(false);
  });
});

describe('subscriptionsOf', () => {
  it('shows marketing SMS off while SMS are stopped', () => {
    expect(subscriptionsOf({ ...none, sms: earlier })).toEqual({ ...all, sms: false, smsMarketing: false });
  });
});

describe('applySubscriptionChange', () => {
  it('records when a kind is unsubscribed and names only that kind', () => {
    const out = applySubscriptionChange(none, { emailMarketing: false, emailTransactional: true }, now);

    expect(out).toEqual({ ok: true, optOuts: { ...none, emailMarketing: now }, changed: [{ kind: 'emailMarketing', subscribed: false }] });
  });

  it('keeps the first opt-out time when unsubscribing again', () => {
    const out = applySubscriptionChange({ ...none, emailMarketing: earlier }, { emailMarketing: false }, now);

    expect(out).toEqual({ ok: true, optOuts: { ...none, emailMarketing: earlier }, changed: [] });
  });

  it('clears the time when the customer subscribes again', () => {
    const out = applySubscriptionChange({ ...none, emailTransactional: earlier }, { emailTransactional: true }, now);

    expect(out).toEqual({ ok: true, optOuts: none, changed: [{ kind: 'emailTransactional', subscribed: true }] });
  });

  it('stops marketing SMS too when SMS are stopped (STOP)', () => {
    const out = applySubscriptionChange(none, { sms: false }, now);

    expect(out).toEqual({
      ok: true,
      optOuts: { ...none, smsMarketing: now, sms: now },
      changed: [
        { kind: 'smsMarketing', subscribed: false },
        { kind: 'sms', subscribed: false },
      ],
    });
  });

  it('does not resume marketing SMS when SMS are turned back on', () => {
    const out = applySubscriptionChange({ ...none, smsMarketing: earlier, sms: earlier }, { sms: true }, now);

    expect(out.ok && subscriptionsOf(out.optOuts)).toEqual({ ...all, smsMarketing: false });
  });

  it('refuses marketing SMS while SMS stay stopped, and allows both together', () => {
    const stopped = { ...none, smsMarketing: earlier, sms: earlier };

    expect(applySubscriptionChange(stopped, { smsMarketing: true }, now)).toEqual({ ok: false, reason: 'sms_stopped' });
    expect(applySubscriptionChange(stopped, { smsMarketing: true, sms: true }, now)).toMatchObject({ ok: true, optOuts: none });
  });
});
