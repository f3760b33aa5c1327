import { parse } from 'parse5';
import { describe, expect, it } from 'vitest';
import type { Block } from './blocks.ts';
import { contrastText, renderEmail, type Branding } from './email-html.ts';

// parse5 (the WHATWG HTML parser) arrives with mjml: it reports every spec parse error.
const parseErrors = (html: string) => {
  const errors: string[] = [];
  parse(html, { onParseError: (e) => errors.push(`${e.code} at ${e.startLine}:${e.startCol}`) });
  return errors;
};

const branding: Branding = { studioName: 'Studio Lumière', brandColor: '#12a4b6', accentColor: '#f76707', logoUrl: 'https://enso.test/api/public/v1/studios/lumiere/logo?v=1' };
const blocks: Block[] = [
  { id: 'b1', kind: 'heading', text: "You're booked, ##{{first_name}}!" },
  { id: 'b2', kind: 'text', text: '##{{class_name}} at ##{{class_time}}\nBring a mat. ##{{firstname}}' },
  { id: 'b3', kind: 'text', text: '##{{welcomeMessage}}' },
  { id: 'b4', kind: 'button', label: 'See my booking', urlVariable: 'manage_url' },
  { id: 'b5', kind: 'image', url: 'https://cdn.test/room.jpg', alt: 'The room' },
  { id: 'b6', kind: 'divider' },
  { id: 'b7', kind: 'spacer', height: 16 },
];
const allowed = ['first_name', 'class_name', 'class_time', 'welcomeMessage', 'manage_url'];
const values = { first_name: 'Ana <3', class_name: 'Vinyasa & Flow', class_time: '18:30', welcomeMessage: '', manage_url: 'https://enso.test/account?a=1&b=2' };

describe('renderEmail', () => {
  it('produces a complete HTML document with no parse error', async () => {
    const email = await renderEmail({ subject: 'Booked: ##{{class_name}}', blocks, allowed, values, branding, locale: 'en' });

    expect(email.html).toMatch(/^<!doctype html>/i);
    expect(email.html).toContain('<html lang="en"');
    expect(parseErrors(email.html)).toEqual([]);
  });

  it('puts the rendered variables in the HTML, escaped, and leaves a misspelt one literal', async () => {
    const email = await renderEmail({ subject: 'Booked: ##{{class_name}}', blocks, allowed, values, branding, locale: 'en' });

    expect(email.html).toContain('You&#39;re booked, Ana &lt;3!');
    expect(email.html).toContain('Vinyasa &amp; Flow at 18:30');
    expect(email.html).toContain('##{{firstname}}');
    expect(email.html).toContain('href="https://enso.test/account?a=1&amp;b=2"');
    expect(email.html).not.toContain('Ana <3');
  });

  it('applies the studio brand colour, accent colour and logo', async () => {
    const email = await renderEmail({ subject: 's', blocks, allowed, values, branding, locale: 'en' });

    expect(email.html).toContain('#12a4b6');
    expect(email.html).toContain('#f76707');
    expect(email.html).toContain('src="https://enso.test/api/public/v1/studios/lumiere/logo?v=1"');
    expect(email.html).toContain('alt="Studio Lumière"');
  });

  it('shows the studio name in the header when there is no logo', async () => {
    const email = await renderEmail({ subject: 's', blocks, allowed, values, branding: { ...branding, logoUrl: null }, locale: 'fr' });

    expect(email.html).not.toContain('logo?v=1');
    expect(email.html).toContain('<html lang="fr"');
    expect(email.html.match(/Studio Lumière/g)!.length).toBeGreaterThanOrEqual(2);
  });

  it('is responsive: a mobile media query from MJML', async () => {
    const email = await renderEmail({ subject: 's', blocks, allowed, values, branding, locale: 'en' });

    expect(email.html).toMatch(/@media only screen and \(min-width:480px\)/);
  });

  it('renders the subject and a plain-text part with values unescaped', async () => {
    const email = await renderEmail({ subject: 'Booked:  ##{{class_name}}\n', blocks, allowed, values, branding, locale: 'en' });

    expect(email.subject).toBe('Booked: Vinyasa & Flow');
    expect(email.text).toBe(
      "You're booked, Ana <3!\n\nVinyasa & Flow at 18:30\nBring a mat. ##{{firstname}}\n\nSee my booking: https://enso.test/account?a=1&b=2\n\n----\n\n— Studio Lumière\n",
    );
  });

  it('drops a button whose link is empty or not http(s), and keeps text out of attributes', async () => {
    const email = await renderEmail({
      subject: 's',
      blocks: [{ id: 'b1', kind: 'button', label: 'Go', urlVariable: 'manage_url' }],
      allowed,
      values: { manage_url: 'javascript:alert(1)' },
      branding,
      locale: 'en',
    });

    expect(email.html).not.toContain('javascript:');
    expect(parseErrors(email.html)).toEqual([]);
  });
});

describe('contrastText', () => {
  it('picks white on dark colours and near-black on light ones', () => {
    expect(contrastText('#12355b')).toBe('#ffffff');
    expect(contrastText('#ffe066')).toBe('#1a1b1e');
  });
});
