import { randomInt } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateReferralCode, normalizeReferralCode, referralAlphabet } from './referral-code.ts';

describe('generateReferralCode', () => {
  it('draws 8 characters of the unambiguous alphabet', () => {
    const picks = [0, 1, 2, 30, 29, 8, 9, 10];
    let i = 0;

    const code = generateReferralCode(() => picks[i++]!);

    expect(code).toBe('ABC98JKM');
  });

  it('never uses look-alike characters', () => {
    const code = generateReferralCode((max) => randomInt(max), 2000);

    expect(code).toMatch(/^[A-HJKMNP-Z2-9]+$/);
    expect(new Set(code).size).toBe(referralAlphabet.length);
    expect(referralAlphabet).not.toMatch(/[01ILO]/);
  });
});

describe('normalizeReferralCode', () => {
  it('forgives case, spaces and dashes', () => {
    expect(normalizeReferralCode(' abcd-efgh ')).toBe('ABCDEFGH');
  });

  it('rejects what cannot be a code', () => {
    expect(normalizeReferralCode('')).toBeNull();
    expect(normalizeReferralCode('ABC')).toBeNull();
    expect(normalizeReferralCode('ABCDEFG0')).toBeNull();
    expect(normalizeReferralCode("ABCDEFGH'; drop")).toBeNull();
    expect(normalizeReferralCode('A'.repeat(40))).toBeNull();
  });
});
