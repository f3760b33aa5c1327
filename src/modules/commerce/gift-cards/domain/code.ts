/**
 * Gift-card codes: 16 characters of Crockford base 32 (5 bits each, 80 bits in all) drawn from
 * 10 random bytes, shown in four groups of four (`K7QM-3XHD-9PRT-W2CF`). The alphabet has no
 * I, L, O or U, and reading normalises what people type: case, spaces and dashes are ignored,
 * and O → 0, I/L → 1, as Crockford's decoding says.
 */
const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const codeLength = 16;

/** The code for 10 random bytes (80 bits): each 5-bit group is one character. */
export function codeFromBytes(bytes: Uint8Array): string {
  if (bytes.length !== 10) throw new Error('a gift-card code takes exactly 10 random bytes');
  let bits = 0n;
  for (const b of bytes) bits = (bits << 8n) | BigInt(b);
  let out = '';
  for (let i = codeLength - 1; i >= 0; i--) out += alphabet[Number((bits >> BigInt(i * 5)) & 31n)];
  return out;
}

/** The stored form of what someone typed, or null when it cannot be a code. */
export function normalizeCode(input: string): string | null {
  const cleaned = input
    .toUpperCase()
    .replace(/[\s-]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  if (cleaned.length !== codeLength) return null;
  for (const c of cleaned) if (!alphabet.includes(c)) return null;
  return cleaned;
}

/** `K7QM3XHD9PRTW2CF` → `K7QM-3XHD-9PRT-W2CF`. */
export function formatCode(code: string): string {
  return code.match(/.{1,4}/g)?.join('-') ?? code;
}

/** `…-W2CF` shown in lists to staff who may not read whole codes aloud. */
export function maskCode(code: string): string {
  return `••••-••••-••••-${code.slice(-4)}`;
}
