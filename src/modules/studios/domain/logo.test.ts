import { describe, expect, it } from 'vitest';
import { checkLogo } from './logo.ts';

const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

describe('checkLogo', () => {
  it('accepts a PNG whose bytes are a PNG', () => {
    expect(checkLogo('image/png', png)).toBeNull();
  });

  it('refuses a file whose bytes do not match its declared type', () => {
    expect(checkLogo('image/jpeg', png)).toMatch(/not a JPEG/);
  });

  it('refuses types that are not images', () => {
    expect(checkLogo('text/html', png)).toMatch(/PNG, JPEG, WebP or SVG/);
  });

  it('refuses files over 1 MB', () => {
    const big = new Uint8Array(1_048_577);
    big.set(png);

    expect(checkLogo('image/png', big)).toMatch(/at most 1 MB/);
  });

  it('accepts an SVG document', () => {
    expect(checkLogo('image/svg+xml', new TextEncoder().encode('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeNull();
  });
});
