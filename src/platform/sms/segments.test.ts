import { describe, expect, it } from 'vitest';
import { countSegments, isGsm7 } from './segments.ts';

describe('countSegments', () => {
  it.each([
    ['empty text', '', 'GSM-7', 0, 0],
    ['one plain letter', 'a', 'GSM-7', 1, 1],
    ['160 plain characters fill one SMS', 'a'.repeat(160), 'GSM-7', 1, 160],
    ['161 plain characters split into two parts of up to 153', 'a'.repeat(161), 'GSM-7', 2, 161],
    ['306 plain characters are exactly two parts', 'a'.repeat(306), 'GSM-7', 2, 306],
    ['307 plain characters need a third part', 'a'.repeat(307), 'GSM-7', 3, 307],
    ['459 plain characters are exactly three parts', 'a'.repeat(459), 'GSM-7', 3, 459],
    ['159 characters and a € are 161 septets', `${'a'.repeat(159)}€`, 'GSM-7', 2, 161],
    ['158 characters and a € are exactly 160 septets', `${'a'.repeat(158)}€`, 'GSM-7', 1, 160],
    ['80 extension characters are 160 septets', '[]{}\\~^|€\f'.repeat(8), 'GSM-7', 1, 160],
    ['"é" is in the GSM alphabet', 'Café é É', 'GSM-7', 1, 8],
    ['"ê" is not: the text goes as UCS-2', 'Fête', 'UCS-2', 1, 4],
    ['"ç" (lower case) is not either', 'garçon', 'UCS-2', 1, 6],
    ['70 UCS-2 units fill one SMS', `ê${'a'.repeat(69)}`, 'UCS-2', 1, 70],
    ['71 UCS-2 units split into parts of 67', `ê${'a'.repeat(70)}`, 'UCS-2', 2, 71],
    ['134 UCS-2 units are exactly two parts', `ê${'a'.repeat(133)}`, 'UCS-2', 2, 134],
    ['135 UCS-2 units need a third part', `ê${'a'.repeat(134)}`, 'UCS-2', 3, 135],
    ['an emoji outside the BMP is two units', 'Hi 😀', 'UCS-2', 1, 5],
    ['35 emoji are 70 units: one SMS', '😀'.repeat(35), 'UCS-2', 1, 70],
    ['36 emoji are 72 units: two parts', '😀'.repeat(36), 'UCS-2', 2, 72],
    ['a BMP symbol outside GSM (❤) is one unit', 'I ❤ yoga', 'UCS-2', 1, 8],
    ['Greek capitals of the GSM alphabet', 'ΔΦΓΛΩΠΨΣΘΞ', 'GSM-7', 1, 10],
    ['line breaks count one each', 'a\nb\r\nc', 'GSM-7', 1, 6],
  ])('%s', (_name, text, encoding, segments, units) => {
    const count = countSegments(text);
    expect(count).toMatchObject({ encoding, segments, units });
  });

  it('counts French text with accents outside GSM-7 as UCS-2', () => {
    const text = 'Bonjour Zoé, votre cours de yoga de 18 h est confirmé. À bientôt !';
    expect(text).toHaveLength(66);

    const count = countSegments(text);

    // "À" and "ô" are not in the GSM alphabet ("é" is): 66 UCS-2 units, one SMS.
    expect(count).toEqual({ encoding: 'UCS-2', segments: 1, characters: 66, units: 66, unitsPerSegment: 70, remaining: 4 });
    // The same length in GSM-7 would be a third of one SMS; 9 more characters make it two.
    expect(countSegments(`${text} Merci !!`)).toMatchObject({ encoding: 'UCS-2', segments: 2, units: 75 });
  });

  it('keeps French text within GSM-7 as GSM-7', () => {
    const count = countSegments('Votre cours a été annulé. Réservez à nouveau sur le site.');

    expect(count).toMatchObject({ encoding: 'GSM-7', segments: 1, units: 57, remaining: 103 });
  });

  it('never splits an extension character across two parts', () => {
    // 152 plain septets, then "€" (2 septets) cannot end part one: it starts part two.
    const text = `${'a'.repeat(152)}€${'b'.repeat(10)}`;

    const count = countSegments(text);

    expect(count).toMatchObject({ encoding: 'GSM-7', units: 164, segments: 2, unitsPerSegment: 153 });
    expect(count.remaining).toBe(153 - 12);
  });

  it('never splits an emoji across two parts', () => {
    // 66 units, a surrogate pair that goes whole into part two, then 66 more: 134 units, which
    // would be exactly two parts of 67 if the pair were split, are three.
    const text = `ê${'a'.repeat(65)}😀${'b'.repeat(66)}`;

    const count = countSegments(text);

    expect(count).toMatchObject({ encoding: 'UCS-2', units: 134, segments: 3, unitsPerSegment: 67, remaining: 66 });
  });

  it('counts characters as code points and units as the network does', () => {
    expect(countSegments('€uro')).toMatchObject({ characters: 4, units: 5 });
    expect(countSegments('😀!')).toMatchObject({ characters: 2, units: 3 });
    expect(countSegments('')).toEqual({ encoding: 'GSM-7', segments: 0, characters: 0, units: 0, unitsPerSegment: 160, remaining: 160 });
  });
});

describe('isGsm7', () => {
  it.each([
    ['Hello @ 18:00 £5', true],
    ['[{~}]', true],
    ['é', true],
    ['ê', false],
    ['😀', false],
    ['’', false],
  ])('%s → %s', (text, expected) => {
    expect(isGsm7(text)).toBe(expected);
  });
});
