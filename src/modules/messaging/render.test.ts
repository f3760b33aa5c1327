import { describe, expect, it } from 'vitest';
import { escapeHtml, renderVariables, unknownVariables, variablesIn, variableToken } from './render.ts';

const allowed = ['first_name', 'last_name', 'studio_name', 'noteToCustomers', 'url'];
const values = { first_name: 'Ana', last_name: 'Lopes', studio_name: 'Lumière', noteToCustomers: 'Sorry!', url: 'https://x.test/a?b=1&c=2' };
const text = (t: string) => renderVariables(t, { allowed, values });
const html = (t: string) => renderVariables(t, { allowed, values, format: 'html' });

describe('renderVariables', () => {
  it('replaces an allowed variable with the recipient value', () => {
    expect(text('Hello ##{{first_name}},')).toBe('Hello Ana,');
  });

  it('leaves an unknown variable exactly as written', () => {
    expect(text('Hello ##{{nickname}}!')).toBe('Hello ##{{nickname}}!');
  });

  it('leaves a misspelt variable literal (seed 003: ##{{firstname}})', () => {
    expect(text('Hello ##{{firstname}}')).toBe('Hello ##{{firstname}}');
  });

  it('is case-sensitive: ##{{First_Name}} is not ##{{first_name}}', () => {
    expect(text('##{{First_Name}}')).toBe('##{{First_Name}}');
  });

  it('replaces every occurrence of a repeated variable', () => {
    expect(text('##{{first_name}}, ##{{first_name}}!')).toBe('Ana, Ana!');
  });

  it('replaces adjacent variables', () => {
    expect(text('##{{first_name}}##{{last_name}}')).toBe('AnaLopes');
  });

  it('treats whitespace inside the braces as a misspelling: kept literal', () => {
    expect(text('Hi ##{{ first_name }} / ##{{first_name }}')).toBe('Hi ##{{ first_name }} / ##{{first_name }}');
  });

  it('keeps text that only looks like part of a variable', () => {
    expect(text('{{first_name}} #{{first_name}} ##{first_name} ##{{first_name} ##{{}}')).toBe(
      '{{first_name}} #{{first_name}} ##{first_name} ##{{first_name} ##{{}}',
    );
  });

  it('does not span lines', () => {
    expect(text('##{{first\n_name}}')).toBe('##{{first\n_name}}');
  });

  it('finds the variable inside stray braces around it', () => {
    expect(text('##{{##{{first_name}}}}')).toBe('##{{Ana}}');
  });

  it('renders an allowed variable with no value as nothing', () => {
    expect(renderVariables('Hi ##{{first_name}}.', { allowed, values: {} })).toBe('Hi .');
  });

  it('does not expand a variable that arrives inside a value', () => {
    expect(renderVariables('##{{noteToCustomers}}', { allowed, values: { noteToCustomers: 'see ##{{first_name}}' } })).toBe('see ##{{first_name}}');
  });

  it('escapes values and template text in HTML, and turns line breaks into <br>', () => {
    const out = renderVariables('<b>Hi</b> ##{{first_name}}\nnext', { allowed, values: { first_name: '<script>alert("x")</script> & co' }, format: 'html' });

    expect(out).toBe('&lt;b&gt;Hi&lt;/b&gt; &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co<br>\nnext');
  });

  it('escapes an unknown variable left literal in HTML like any other text', () => {
    expect(html('<##{{firstname}}>')).toBe('&lt;##{{firstname}}&gt;');
  });

  it('does not escape values in text output (plain email part, SMS)', () => {
    expect(text('##{{url}} <ok>')).toBe('https://x.test/a?b=1&c=2 <ok>');
    expect(html('##{{url}}')).toBe('https://x.test/a?b=1&amp;c=2');
  });
});

describe('unknownVariables', () => {
  it('lists each unknown or misspelt variable once, as written', () => {
    expect(unknownVariables('##{{firstname}} ##{{first_name}} ##{{ first_name }} ##{{firstname}} ##{{url}}', allowed)).toEqual(['firstname', ' first_name ']);
  });

  it('finds none in a text that uses only allowed variables', () => {
    expect(unknownVariables('Hello ##{{first_name}} from ##{{studio_name}}', new Set(allowed))).toEqual([]);
  });
});

describe('helpers', () => {
  it('lists the variables a text uses', () => {
    expect(variablesIn('##{{a}} ##{{b}} ##{{a}}')).toEqual(['a', 'b']);
  });

  it('writes a variable token', () => {
    expect(variableToken('first_name')).toBe('##{{first_name}}');
  });

  it('escapes the five HTML characters', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });
});
