/** The image types a studio logo may have, recognised by their first bytes, not by the declared type alone. */
export const logoTypes = ['image/png', 'image/jpeg', 'image/webp', 'image/svg+xml'] as const;
export type LogoType = (typeof logoTypes)[number];
export const maxLogoBytes = 1_048_576;

const startsWith = (bytes: Uint8Array, prefix: number[], offset = 0) => prefix.every((b, i) => bytes[offset + i] === b);

/** Returns why the file can't be a logo, or null when it can. */
export function checkLogo(contentType: string, bytes: Uint8Array): string | null {
  if (!(logoTypes as readonly string[]).includes(contentType)) return 'A logo is a PNG, JPEG, WebP or SVG image.';
  if (bytes.length === 0) return 'The file is empty.';
  if (bytes.length > maxLogoBytes) return 'A logo is at most 1 MB.';
  switch (contentType as LogoType) {
    case 'image/png':
      return startsWith(bytes, [0x89, 0x50, 0x4e, 0x47]) ? null : 'This file is not a PNG image.';
    case 'image/jpeg':
      return startsWith(bytes, [0xff, 0xd8, 0xff]) ? null : 'This file is not a JPEG image.';
    case 'image/webp':
      return startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes, [0x57, 0x45, 0x42, 0x50], 8)
        ? null
        : 'This file is not a WebP image.';
    case 'image/svg+xml': {
      const text = new TextDecoder().decode(bytes.subarray(0, 4096)).toLowerCase();
      return text.includes('<svg') ? null : 'This file is not an SVG image.';
    }
  }
}
