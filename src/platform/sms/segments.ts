/**
 * How many SMS segments a text costs — the unit Twilio bills, and the unit of a studio's SMS tier.
 *
 * A text in the GSM 03.38 default alphabet travels as 7-bit septets: 160 in one SMS, or 153 per
 * part once it is split (each part carries a 7-septet concatenation header). A character of the
 * extension table (€ [ ] { } \ ~ ^ | and form feed) takes two septets, an escape and the
 * character, and the pair is never split across parts. Any other character (emoji, "ê", "ç",
 * Cyrillic…) sends the whole text as UCS-2: 70 UTF-16 code units in one SMS, 67 per part; a
 * character outside the Basic Multilingual Plane (most emoji) is a surrogate pair, two units,
 * and is not split either.
 */

export type SmsEncoding = 'GSM-7' | 'UCS-2';

export interface SegmentCount {
  encoding: SmsEncoding;
  /** Parts the text is sent as; 0 for an empty text, which is not sent. */
  segments: number;
  /** Characters as a person counts them (Unicode code points). */
  characters: number;
  /** What the network counts: septets for GSM-7, UTF-16 code units for UCS-2. */
  units: number;
  /** Units one segment holds at this length: 160 or 153 (GSM-7), 70 or 67 (UCS-2). */
  unitsPerSegment: number;
  /** Units left in the last segment before the text costs one more. */
  remaining: number;
}

// GSM 03.38 default alphabet (the 0x1B escape is not a character). Note "é", "É" and "Ç" are
// in it, "ê", "ç" and "à"'s capital "À" are not.
const GSM_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
// The extension table, reached through the escape: two septets each.
const GSM_EXTENSION = '\f^{}\\[~]|€';

const basic = new Set(GSM_BASIC);
const extension = new Set(GSM_EXTENSION);

const LIMITS: Record<SmsEncoding, { single: number; part: number }> = {
  'GSM-7': { single: 160, part: 153 },
  'UCS-2': { single: 70, part: 67 },
};

/** The encoding, segments and length of `text` as an SMS. */
export function countSegments(text: string): SegmentCount {
  const chars = [...text];
  const gsm = chars.every((c) => basic.has(c) || extension.has(c));
  const encoding: SmsEncoding = gsm ? 'GSM-7' : 'UCS-2';
  // What each character costs in units; neither an escape pair nor a surrogate pair is split.
  const costs = chars.map((c) => (gsm ? (extension.has(c) ? 2 : 1) : c.length));
  const units = costs.reduce((a, b) => a + b, 0);
  const { single, part } = LIMITS[encoding];

  if (units === 0) return { encoding, segments: 0, characters: 0, units: 0, unitsPerSegment: single, remaining: single };
  if (units <= single) return { encoding, segments: 1, characters: chars.length, units, unitsPerSegment: single, remaining: single - units };

  let segments = 1;
  let used = 0;
  for (const cost of costs) {
    if (used + cost > part) {
      segments++;
      used = 0;
    }
    used += cost;
  }
  return { encoding, segments, characters: chars.length, units, unitsPerSegment: part, remaining: part - used };
}

/** True when every character of `text` is in the GSM-7 alphabet (basic or extension table). */
export function isGsm7(text: string): boolean {
  return [...text].every((c) => basic.has(c) || extension.has(c));
}
