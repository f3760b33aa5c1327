import { randomBytes } from 'node:crypto';

/**
 * Prefixed ULIDs (`cus_01JD3…`): sortable by creation time, 80 bits of randomness,
 * and the prefix says what kind of row an id points at in logs and URLs.
 */
export const idPrefixes = {
  studio: 'std',
  location: 'loc',
  room: 'room',
  user: 'usr',
  session: 'ses',
  apiKey: 'key',
  customer: 'cus',
  event: 'evt',
  message: 'msg',
  passwordReset: 'pwr',
  invite: 'inv',
  file: 'fil',
  tag: 'tag',
  customField: 'fld',
  note: 'note',
  document: 'doc',
  segment: 'seg',
  customerImport: 'imp',
  waiver: 'wvr',
  waiverSignature: 'sig',
  signRequest: 'wsr',
  classTemplate: 'tpl',
  series: 'ser',
  occurrence: 'occ',
  calendarFeed: 'feed',
  plan: 'plan',
  membership: 'mbr',
  membershipFreeze: 'frz',
  renewal: 'ren',
  instalment: 'inst',
  creditEntry: 'cre',
  order: 'ord',
  orderLine: 'oln',
  payment: 'pay',
  refund: 'rfd',
  product: 'prd',
  stockMovement: 'stk',
  giftCard: 'gft',
  giftCardEntry: 'gce',
  giftCardLookup: 'gcl',
  discountRedemption: 'dsr',
  discountCode: 'dsc',
  paymentMethod: 'pm',
  booking: 'bkg',
  registration: 'reg',
  penaltyRule: 'pnr',
  penalty: 'pen',
  checkInKey: 'cik',
  inboundMessage: 'inm',
  call: 'call',
  groupSend: 'gsn',
} as const;

export type IdKind = keyof typeof idPrefixes;
export type Id<K extends IdKind> = string & { readonly __id: K };

export type StudioId = Id<'studio'>;
export type LocationId = Id<'location'>;
export type RoomId = Id<'room'>;
export type UserId = Id<'user'>;
export type CustomerId = Id<'customer'>;
export type EventId = Id<'event'>;
export type ApiKeyId = Id<'apiKey'>;
export type ClassTemplateId = Id<'classTemplate'>;
export type SeriesId = Id<'series'>;
export type OccurrenceId = Id<'occurrence'>;

const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'; // Crockford base32

function encodeTime(ms: number): string {
  let out = '';
  let t = ms;
  for (let i = 0; i < 10; i++) {
    out = alphabet[t % 32] + out;
    t = Math.floor(t / 32);
  }
  return out;
}

function encodeRandom(): string {
  const bytes = randomBytes(16);
  let out = '';
  for (let i = 0; i < 16; i++) out += alphabet[bytes[i]! % 32];
  return out;
}

/** The random part plus one, in base 32 ("…0Z" → "…10"); null when every digit is already the largest. */
function incrementRandom(random: string): string | null {
  const digits = random.split('');
  for (let i = digits.length - 1; i >= 0; i--) {
    const next = alphabet.indexOf(digits[i]!) + 1;
    if (next < alphabet.length) {
      digits[i] = alphabet[next]!;
      return digits.join('');
    }
    digits[i] = alphabet[0]!;
  }
  return null;
}

let last: { ms: number; random: string } | null = null;

/**
 * A new ULID; `nowMs` defaults to the host clock because ids order rows, they carry no business meaning.
 * Monotonic within the process: an id made in the same millisecond as the previous one (or with an
 * earlier time) takes the previous random part plus one, so rows written in one transaction — the
 * events of one change, say — sort in the order they were made.
 */
export function ulid(nowMs: number = Date.now()): string {
  if (last && nowMs <= last.ms) {
    const random = incrementRandom(last.random);
    if (random) {
      last = { ms: last.ms, random };
      return encodeTime(last.ms) + random;
    }
  }
  last = { ms: nowMs, random: encodeRandom() };
  return encodeTime(nowMs) + last.random;
}

export function newId<K extends IdKind>(kind: K, nowMs?: number): Id<K> {
  return `${idPrefixes[kind]}_${ulid(nowMs)}` as Id<K>;
}

const idPattern = /^[a-z]{2,5}_[0-9A-HJKMNP-TV-Z]{26}$/;

export function isId<K extends IdKind>(kind: K, value: string): value is Id<K> {
  return idPattern.test(value) && value.startsWith(`${idPrefixes[kind]}_`);
}

/** A random token for sessions, invites and resets: 256 bits, URL-safe. */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}
