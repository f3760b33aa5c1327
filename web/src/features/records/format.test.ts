import { describe, expect, it } from 'vitest';
import { formatFileSize } from './format.ts';

describe('formatFileSize', () => {
  it('uses bytes, kilobytes and megabytes with one decimal at most', () => {
    expect(formatFileSize(512, 'en')).toBe('512 bytes');
    expect(formatFileSize(820_400, 'en')).toBe('820.4 kB');
    expect(formatFileSize(3_400_000, 'en')).toBe('3.4 MB');
  });

  it('writes French decimals with a comma', () => {
    expect(formatFileSize(3_400_000, 'fr')).toMatch(/^3,4\sMo$/);
    expect(formatFileSize(14, 'fr')).toMatch(/^14\soctets$/);
  });
});
