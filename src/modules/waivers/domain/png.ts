/** A drawn signature is a PNG of bounded size: small enough to keep in the row, big enough to be one. */
export const maxSignatureBytes = 256 * 1024;
const maxSide = 4000;
const minSide = 20;

const pngMagic = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

export type PngCheck = { ok: true; width: number; height: number } | { ok: false; reason: string };

/**
 * Checks the bytes are a PNG by its structure (signature, then an IHDR chunk of 13 bytes with
 * sane dimensions, and an IEND at the end), not by what the client claims.
 */
export function checkSignaturePng(bytes: Uint8Array): PngCheck {
  if (bytes.length > maxSignatureBytes) return { ok: false, reason: `The signature image is larger than ${maxSignatureBytes / 1024} KB.` };
  if (bytes.length < 8 + 25 + 12) return { ok: false, reason: 'The signature image is not a PNG.' };
  if (!pngMagic.every((b, i) => bytes[i] === b)) return { ok: false, reason: 'The signature image is not a PNG.' };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const ihdrLength = view.getUint32(8);
  const ihdrType = String.fromCharCode(bytes[12]!, bytes[13]!, bytes[14]!, bytes[15]!);
  if (ihdrLength !== 13 || ihdrType !== 'IHDR') return { ok: false, reason: 'The signature image is not a PNG.' };
  const width = view.getUint32(16);
  const height = view.getUint32(20);
  if (width < minSide || height < minSide || width > maxSide || height > maxSide) {
    return { ok: false, reason: `The signature image must be between ${minSide} and ${maxSide} pixels on each side.` };
  }
  const iend = String.fromCharCode(...bytes.subarray(bytes.length - 8, bytes.length - 4));
  if (iend !== 'IEND') return { ok: false, reason: 'The signature image is truncated.' };
  return { ok: true, width, height };
}
