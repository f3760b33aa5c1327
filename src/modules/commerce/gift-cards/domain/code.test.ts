import { describe, expect, it } from 'vitest';
import { codeFromBytes, formatCode, maskCode, normalizeCode } from './code.ts';

describe('gift-card codes', () => {
  it('encodes 80 bits as 16 Crockford characters', () => {
    expect(codeFromBytes(new Uint8Array(10))).toBe('0000000000000000');
    expect(codeFromBytes(new Uint8Array(10).fill(255))).toBe('ZZZZZZZZZZZZZZZZ');
    expect(codeFromBytes(Uint8Array.from([0, 0, 0, 0, 0, 0, 0, 0, 0, 33]))).toBe('0000000000000011');
  });

  it('reads what people type: case, spaces, dashes and look-alike letters', () => {
    expect(normalizeCode('k7qm-3xhd 9prt-w2cf')).toBe('K7QM3XHD9PRTW2CF');
    expect(normalizeCode('O0IL-0000-0000-0000')).toBe('0011000000000000');
  });

  it('rejects what cannot be a code', () => {
    expect(normalizeCode('K7QM-3XHD-9PRT')).toBeNull();
    expect(normalizeCode('K7QM-3XHD-9PRT-W2C!')).toBeNull();
    expect(normalizeCode('K7QM-3XHD-9PRT-W2CU')).toBeNull();
  });

  it('groups by four for reading and masks all but the last group', () => {
    expect(formatCode('K7QM3XHD9PRTW2CF')).toBe('K7QM-3XHD-9PRT-W2CF');
    expect(maskCode('K7QM3XHD9PRTW2CF')).toBe('••••-••••-••••-W2CF');
  });
});
