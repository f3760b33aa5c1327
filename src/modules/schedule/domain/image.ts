/**
 * The images a class banner or a teacher's photo may be, recognised by their first bytes and
 * not by the declared type alone: a file sent as `image/png` that is really HTML is refused,
 * so nothing served from Enso's origin can be a page in disguise. No SVG: it is a document
 * that can carry script, and public pages show these images as they are.
 */
export const imageTypes = ['image/png', 'image/jpeg', 'image/webp'] as const;
export type ImageType = (typeof imageTypes)[number];
export const maxImageBytes = 2 * 1024 * 1024;

const startsWith = (bytes: Uint8Array, prefix: number[], offset = 0) => prefix.every((b, i) => bytes[offset + i] === b);

/** The content type from the header without its parameters, lower-cased (`Image/PNG; x=1` → `image/png`). */
export const baseContentType = (header: string | undefined) => (header ?? '').split(';')[0]!.trim().toLowerCase();

/** Why these bytes can't be a banner or photo, or null when they can. */
export function checkImage(contentType: string, bytes: Uint8Array): string | null {
  if (!(imageTypes as readonly string[]).includes(contentType)) return 'An image is a PNG, JPEG or WebP file.';
  if (bytes.length === 0) return 'The file is empty.';
  if (bytes.length > maxImageBytes) return 'An image is at most 2 MB.';
  switch (contentType as ImageType) {
    case 'image/png':
      return startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) ? null : 'This file is not a PNG image.';
    case 'image/jpeg':
      return startsWith(bytes, [0xff, 0xd8, 0xff]) ? null : 'This file is not a JPEG image.';
    case 'image/webp':
      // RIFF....WEBP: the four bytes between are the file size.
      return startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes, [0x57, 0x45, 0x42, 0x50], 8) ? null : 'This file is not a WebP image.';
  }
}

/** An image read back from storage, to be served as it was checked. */
export interface ServedImage {
  body: Buffer;
  contentType: string;
}
