import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { checkSignaturePng, maxSignatureBytes } from './png.ts';

/** A minimal valid grey PNG of the given size, built by hand (CRCs are not checked by the rule). */
function png(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(data.length, 0);
    head.write(type, 4, 'ascii');
    return Buffer.concat([head, data, Buffer.alloc(4)]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  const raw = Buffer.alloc((width + 1) * height, 0);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

describe('checkSignaturePng', () => {
  it('accepts a PNG of reasonable size', () => {
    expect(checkSignaturePng(png(300, 120))).toEqual({ ok: true, width: 300, height: 120 });
  });

  it('refuses a JPEG, text, a truncated PNG and absurd dimensions', () => {
    expect(checkSignaturePng(Buffer.from([0xff, 0xd8, 0xff, 0xe0, ...Buffer.alloc(60)])).ok).toBe(false);
    expect(checkSignaturePng(Buffer.from('<svg onload="alert(1)"></svg>'.repeat(3))).ok).toBe(false);
    expect(checkSignaturePng(png(300, 120).subarray(0, 60)).ok).toBe(false);
    expect(checkSignaturePng(png(5, 5)).ok).toBe(false);
  });

  it('refuses an image over the size limit', () => {
    const big = Buffer.concat([png(300, 120), Buffer.alloc(maxSignatureBytes)]);

    expect(checkSignaturePng(big)).toMatchObject({ ok: false });
  });
});
