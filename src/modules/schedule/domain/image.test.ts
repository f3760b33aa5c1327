import { describe, expect, it } from 'vitest';
import { baseContentType, checkImage, maxImageBytes } from './image.ts';

const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16]);
const webp = Buffer.concat([Buffer.from('RIFF'), Buffer.from([1, 2, 3, 4]), Buffer.from('WEBPVP8 ')]);

describe('checkImage', () => {
  it.each([
    ['image/png', png],
    ['image/jpeg', jpeg],
    ['image/webp', webp],
  ])('accepts a real %s', (type, bytes) => {
    expect(checkImage(type, bytes)).toBeNull();
  });

  it.each([
    ['image/png', jpeg, 'not a PNG'],
    ['image/jpeg', png, 'not a JPEG'],
    ['image/webp', Buffer.from('RIFF1234WAVEfmt '), 'not a WebP'],
    ['image/png', Buffer.from('<html><script>alert(1)</script>'), 'not a PNG'],
    ['image/svg+xml', Buffer.from('<svg/>'), 'PNG, JPEG or WebP'],
    ['image/gif', Buffer.from('GIF89a'), 'PNG, JPEG or WebP'],
    ['image/png', Buffer.alloc(0), 'empty'],
  ])('refuses %s with the wrong bytes', (type, bytes, reason) => {
    expect(checkImage(type, bytes)).toContain(reason);
  });

  it('refuses a file over 2 MB even when its bytes start right', () => {
    const big = Buffer.concat([png, Buffer.alloc(maxImageBytes)]);

    expect(checkImage('image/png', big)).toContain('2 MB');
    expect(checkImage('image/png', big.subarray(0, maxImageBytes))).toBeNull();
  });

  it('reads the type from a header with parameters and any case', () => {
    expect(baseContentType('Image/PNG; charset=binary')).toBe('image/png');
    expect(baseContentType(undefined)).toBe('');
  });
});
