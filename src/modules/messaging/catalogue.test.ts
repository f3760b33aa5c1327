import { describe, expect, it } from 'vitest';
import { blocksSchema, textsOf } from './blocks.ts';
import { catalogue, locales, variableDefinitions, variablesOf } from './catalogue.ts';
import { unknownVariables } from './render.ts';

describe('the template catalogue', () => {
  it('has unique keys', () => {
    const keys = catalogue.map((e) => e.key);

    expect(new Set(keys).size).toBe(keys.length);
  });

  it('lists the messages issue 7 names', () => {
    const keys = new Set(catalogue.map((e) => e.key));

    for (const key of [
      'booking.confirmation',
      'booking.cancelled',
      'booking.late_cancelled',
      'class.cancelled',
      'waitlist.joined',
      'waitlist.offered',
      'waitlist.promoted',
      'class.reminder',
      'membership.purchased',
      'membership.renewed',
      'membership.payment_failed',
      'membership.expiring',
      'membership.frozen',
      'order.receipt',
      'customer.welcome',
      'account.activate',
      'account.password_reset',
      'staff.invite',
      'waiver.sign_request',
      'waiver.resign_request',
      'rank.promotion_eligible_staff',
      'rank.promotion_eligible_customer',
      'appointment.booked',
      'appointment.cancelled',
    ])
      expect(keys, key).toContain(key);
  });

  it('allows the seed 003 variables where the seed uses them', () => {
    const allowed = (key: string) => catalogue.find((e) => e.key === key)!.variables;

    expect(allowed('class.cancelled')).toEqual(expect.arrayContaining(['noteToCustomers', 'refundNotice']));
    expect(allowed('waitlist.offered')).toContain('numberOfMinutesToRespond');
    expect(allowed('booking.confirmation')).toContain('welcomeMessage');
    expect(allowed('class.reminder')).toContain('welcomeMessage');
    expect(allowed('waiver.resign_request')).toContain('url');
    expect(allowed('waitlist.promoted')).toContain('welcomeMessage');
  });

  it('answers each domain event with one template at most', () => {
    const events = catalogue.flatMap((e) => e.events);

    expect(new Set(events).size).toBe(events.length);
    expect(catalogue.find((e) => e.events.includes('customer.signed_up.v1'))?.key).toBe('customer.welcome');
  });

  it.each(catalogue.map((e) => [e.key, e] as const))('%s: defines every variable, with a sample and both descriptions', (_key, entry) => {
    expect(entry.channels.length).toBeGreaterThan(0);
    for (const def of variablesOf(entry)) {
      expect(def, `${entry.key} variable`).toBeDefined();
      expect(def.sample.en).not.toBe('');
      expect(def.sample.fr).not.toBe('');
      expect(def.description.en).not.toBe('');
      expect(def.description.fr).not.toBe('');
    }
  });

  it.each(catalogue.map((e) => [e.key, e] as const))('%s: its defaults are valid blocks using only allowed variables, in English and French', (_key, entry) => {
    for (const locale of locales) {
      const content = entry.defaults[locale];

      expect(blocksSchema.safeParse(content.blocks).success, `${entry.key} ${locale}`).toBe(true);
      expect(content.subject.trim(), `${entry.key} ${locale} subject`).not.toBe('');
      expect(unknownVariables(content.subject, entry.variables)).toEqual([]);
      for (const { text } of textsOf(content.blocks)) expect(unknownVariables(text, entry.variables), `${entry.key} ${locale}`).toEqual([]);
      for (const b of content.blocks) if (b.kind === 'button') expect(entry.variables).toContain(b.urlVariable);
    }
  });

  it('names every variable as it is written in templates', () => {
    for (const [name, def] of Object.entries(variableDefinitions)) expect(def.name).toBe(name);
  });
});
