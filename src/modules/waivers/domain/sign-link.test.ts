import { describe, expect, it } from 'vitest';
import { isWellFormedToken, linkState, signLinkMs, tokenHash } from './sign-link.ts';

describe('sign links', () => {
  const sent = new Date('2026-03-01T10:00:00Z');
  const expiresAt = new Date(sent.getTime() + signLinkMs);

  it('works until fourteen days after it was sent', () => {
    expect(expiresAt.toISOString()).toBe('2026-03-15T10:00:00.000Z');
    expect(linkState({ usedAt: null, expiresAt }, new Date('2026-03-15T09:59:59Z'))).toBe('usable');
    expect(linkState({ usedAt: null, expiresAt }, new Date('2026-03-15T10:00:00Z'))).toBe('expired');
  });

  it('is used once, whatever the date', () => {
    expect(linkState({ usedAt: sent, expiresAt }, sent)).toBe('used');
    expect(linkState({ usedAt: sent, expiresAt }, new Date('2027-01-01T00:00:00Z'))).toBe('used');
  });

  it('accepts only tokens of the shape it issues and hashes them', () => {
    expect(isWellFormedToken('a'.repeat(43))).toBe(true);
    expect(isWellFormedToken('a'.repeat(42))).toBe(false);
    expect(isWellFormedToken(`${'a'.repeat(42)}=`)).toBe(false);
    expect(tokenHash('x')).toHaveLength(64);
  });
});
