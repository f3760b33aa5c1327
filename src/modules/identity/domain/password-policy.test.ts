import { describe, expect, it } from 'vitest';
import { checkPassword } from './password-policy.ts';

describe('checkPassword', () => {
  it('accepts a long uncommon passphrase', () => {
    expect(checkPassword('violet-lantern-harbour')).toBeNull();
  });

  it('refuses fewer than 8 characters', () => {
    expect(checkPassword('Ab1!xyz')).toMatch(/At least 8/);
  });

  it('refuses more than 128 characters', () => {
    expect(checkPassword('x'.repeat(60) + 'y'.repeat(69))).toMatch(/At most 128/);
  });

  it('refuses common passwords whatever their case', () => {
    expect(checkPassword('PassWord123')).toMatch(/too common/);
    expect(checkPassword('namaste123')).toMatch(/too common/);
  });

  it('refuses one repeated character', () => {
    expect(checkPassword('zzzzzzzzzz')).toMatch(/repeated/);
  });

  it('refuses the email address or its local part', () => {
    expect(checkPassword('camille.martin', { email: 'camille.martin@example.com' })).toMatch(/email/);
  });

  it('refuses the studio name', () => {
    expect(checkPassword('Studio Lumiere', { studioName: 'Studio Lumiere' })).toMatch(/studio name/);
  });
});
