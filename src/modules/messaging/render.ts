/**
 * Template variables (seed 003): `##{{first_name}}` is replaced by the recipient's value when
 * `first_name` is on the template's allow-list. Anything else that looks like a variable stays
 * in the message exactly as written — `##{{firstname}}` "simply inserts the word ##{{firstname}}".
 *
 * Decisions (unit-tested in render.test.ts):
 * - A variable is `##{{` + its exact name + `}}`. Whitespace inside the braces (`##{{ first_name }}`)
 *   is a misspelling like any other: it stays literal, and the editor lists it as unknown.
 * - An allowed variable with no value for this recipient renders as nothing.
 * - One pass: a value that itself contains `##{{…}}` is not expanded again.
 * - HTML output escapes the whole text (template text is plain text, not HTML) and the values,
 *   and turns line breaks into `<br>`; text output (plain email part, SMS, in-app) escapes nothing.
 */

/** Anything written like a variable: `##{{` … `}}` on one line, with no brace inside. */
const variablePattern = /##\{\{([^{}\r\n]*)\}\}/g;

export type RenderFormat = 'text' | 'html';

export type VariableValues = Readonly<Record<string, string | number | null | undefined>>;

const htmlEscapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => htmlEscapes[c]!);
}

const valueOf = (values: VariableValues, name: string): string => {
  const v = values[name];
  return v === null || v === undefined ? '' : String(v);
};

/**
 * Renders one text: allowed variables take the recipient's value, everything else is kept as
 * written. `format: 'html'` escapes the result for an HTML context (line breaks become `<br>`).
 */
export function renderVariables(
  text: string,
  options: { allowed: ReadonlySet<string> | readonly string[]; values: VariableValues; format?: RenderFormat },
): string {
  const allowed = options.allowed instanceof Set ? options.allowed : new Set(options.allowed as readonly string[]);
  const html = options.format === 'html';
  const out: string[] = [];
  let last = 0;
  for (const match of text.matchAll(variablePattern)) {
    const literal = text.slice(last, match.index);
    const name = match[1]!;
    const replaced = allowed.has(name) ? valueOf(options.values, name) : match[0];
    out.push(html ? escapeHtml(literal) : literal, html ? escapeHtml(replaced) : replaced);
    last = match.index + match[0].length;
  }
  const tail = text.slice(last);
  out.push(html ? escapeHtml(tail) : tail);
  const rendered = out.join('');
  return html ? rendered.replace(/\r?\n/g, '<br>\n') : rendered;
}

/** The variable names a text uses, as written (each once, in order of first use). */
export function variablesIn(text: string): string[] {
  return [...new Set([...text.matchAll(variablePattern)].map((m) => m[1]!))];
}

/**
 * The variables of a text that are not on the allow-list — what the editor flags at save time.
 * Each is given as written between the braces (`firstname`, ` first_name `), once.
 */
export function unknownVariables(text: string, allowed: ReadonlySet<string> | readonly string[]): string[] {
  const set = allowed instanceof Set ? allowed : new Set(allowed as readonly string[]);
  return variablesIn(text).filter((name) => !set.has(name));
}

/** How a variable is written in a template, e.g. for the editor's copy button. */
export const variableToken = (name: string) => `##{{${name}}}`;
