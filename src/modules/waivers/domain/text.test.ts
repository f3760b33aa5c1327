import { describe, expect, it } from 'vitest';
import { bodySha256, isNewText, normalizeBody, paragraphsOf } from './text.ts';

describe('waiver text', () => {
  it('normalises line endings, trailing spaces and surrounding blank lines', () => {
    expect(normalizeBody('\r\n\r\nFirst line  \r\nsecond\r\n\r\n\r\n\r\nThird\n\n')).toBe('First line\nsecond\n\nThird');
  });

  it('hashes the exact text in hex', () => {
    expect(bodySha256('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(bodySha256('é')).not.toBe(bodySha256('e'));
  });

  it('splits paragraphs on blank lines and keeps line breaks inside them', () => {
    expect(paragraphsOf('One\ntwo\n\n\nThree <b>')).toEqual([['One', 'two'], ['Three <b>']]);
  });

  it('sees a new text only when the title or body really changes', () => {
    const current = { title: 'Waiver', body: 'I accept.' };

    expect(isNewText(current, { title: ' Waiver ', body: 'I accept.\r\n' })).toBe(false);
    expect(isNewText(current, { title: 'Waiver', body: 'I accept the risks.' })).toBe(true);
    expect(isNewText(current, { title: 'Club waiver', body: 'I accept.' })).toBe(true);
  });
});
