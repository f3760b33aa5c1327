import { describe, expect, it } from 'vitest';
import { contrastOn } from './colors.ts';

describe('contrastOn', () => {
  it('writes white on dark template colours and black on light ones', () => {
    expect(contrastOn('#1a1b1e')).toBe('#ffffff');
    expect(contrastOn('#5f3dc4')).toBe('#ffffff');
    expect(contrastOn('#ffd43b')).toBe('#000000');
    expect(contrastOn('#ffffff')).toBe('#000000');
  });

  it('picks the colour with the higher contrast near the middle', () => {
    // #1c7ed6: luminance ≈ 0.19, black reads at ≈ 4.8:1 and white at ≈ 4.4:1.
    expect(contrastOn('#1c7ed6')).toBe('#000000');
  });

  it('falls back to black for a malformed colour', () => {
    expect(contrastOn('blue')).toBe('#000000');
  });
});
