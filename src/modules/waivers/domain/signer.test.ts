import { describe, expect, it } from 'vitest';
import { signerFor } from './signer.ts';
import { kindForPurpose, standardKindsFor, waiverStatus } from './status.ts';

describe('signerFor', () => {
  const child = { id: 'cus_child', parentId: 'cus_parent' };
  const adult = { id: 'cus_adult', parentId: null };

  it('makes the parent sign a child waiver', () => {
    expect(signerFor('child', child)).toEqual({ ok: true, signerId: 'cus_parent' });
    expect(signerFor('child', child, 'cus_parent')).toEqual({ ok: true, signerId: 'cus_parent' });
  });

  it('refuses a child waiver signed by someone other than the parent', () => {
    expect(signerFor('child', child, 'cus_stranger')).toEqual({ ok: false, reason: 'not_the_parent' });
    expect(signerFor('child', child, 'cus_child')).toEqual({ ok: false, reason: 'not_the_parent' });
  });

  it('refuses a child waiver for a profile without a parent', () => {
    expect(signerFor('child', adult)).toEqual({ ok: false, reason: 'not_a_child' });
  });

  it('makes customers sign their own other waivers', () => {
    expect(signerFor('customer', adult)).toEqual({ ok: true, signerId: 'cus_adult' });
    expect(signerFor('custom', child)).toEqual({ ok: true, signerId: 'cus_child' });
    expect(signerFor('membership', adult, 'cus_other')).toEqual({ ok: false, reason: 'not_the_parent' });
  });
});

describe('waiverStatus', () => {
  it.each([
    [3, null, 'unsigned'],
    [3, 2, 'outdated'],
    [3, 3, 'signed'],
    [1, 1, 'signed'],
  ] as const)('current v%i, signed %s → %s', (current, signed, expected) => {
    expect(waiverStatus(current, signed)).toBe(expected);
  });

  it('maps a purpose to the standard waiver it needs', () => {
    expect(kindForPurpose('class_booking')).toBe('customer');
    expect(kindForPurpose('membership_purchase')).toBe('membership');
    expect(kindForPurpose('child_booking')).toBe('child');
  });

  it('gives a child the child waiver and an adult the customer and membership waivers', () => {
    expect(standardKindsFor({ parentId: 'cus_p' })).toEqual(['child']);
    expect(standardKindsFor({ parentId: null })).toEqual(['customer', 'membership']);
  });
});
