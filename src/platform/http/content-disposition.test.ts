import { describe, expect, it } from 'vitest';
import { attachmentDisposition } from './content-disposition.ts';

describe('attachmentDisposition', () => {
  it('gives an ASCII fallback and the exact UTF-8 name', () => {
    expect(attachmentDisposition('Certificat médical "2026".pdf')).toBe(
      `attachment; filename="Certificat medical _2026_.pdf"; filename*=UTF-8''Certificat%20m%C3%A9dical%20%222026%22.pdf`,
    );
  });

  it('keeps header-breaking and path characters out', () => {
    const header = attachmentDisposition('..\\evil\r\nSet-Cookie: x=1/a.pdf');

    expect(header).not.toMatch(/[\r\n]/);
    expect(header).toContain('filename=".._evil__Set-Cookie: x=1_a.pdf"');
    expect(header).not.toContain('/');
  });

  it('encodes quotes and parentheses in filename*', () => {
    expect(attachmentDisposition("l'été (1).txt")).toContain(`filename*=UTF-8''l%27%C3%A9t%C3%A9%20%281%29.txt`);
  });

  it('falls back to a neutral name when nothing is left', () => {
    expect(attachmentDisposition('   ')).toBe(`attachment; filename="download"; filename*=UTF-8''download`);
  });

  it('replaces letters without an ASCII form', () => {
    expect(attachmentDisposition('会員規約.pdf')).toMatch(/^attachment; filename="____\.pdf"; filename\*=UTF-8''%E4%BC%9A/);
  });
});
