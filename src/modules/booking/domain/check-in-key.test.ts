import { describe, expect, it } from 'vitest';
import { checkInKeyAlphabet, kioskDisplayName, makeCheckInKey, normaliseCheckInKey } from './check-in-key.ts';

describe('check-in keys', () => {
  it('are six characters of an alphabet without look-alikes', () => {
    let i = 0;
    const key = makeCheckInKey((n) => (i++ * 7) % n);

    expect(key).toHaveLength(6);
    expect([...key].every((c) => checkInKeyAlphabet.includes(c))).toBe(true);
    for (const c of ['0', 'O', '1', 'I', 'L']) expect(checkInKeyAlphabet).not.toContain(c);
  });

  it('reads a typed key whatever its case, spaces and dashes', () => {
    expect(normaliseCheckInKey(' bcd-f2 3 ')).toBe('BCDF23');
  });

  it('shows the first name and the last initial', () => {
    expect(kioskDisplayName('Ada', 'lovelace')).toBe('Ada L.');
    expect(kioskDisplayName('Cher', '')).toBe('Cher');
  });
});
