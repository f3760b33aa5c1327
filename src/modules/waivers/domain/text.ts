import { createHash } from 'node:crypto';

/**
 * A waiver's text is plain text: paragraphs separated by blank lines, line breaks kept.
 * It is stored normalised (LF line endings, no trailing spaces, no blank lines at either end)
 * so that saving the same text twice is recognised as "no change", and the hash names the
 * exact characters shown to the signer.
 */
export function normalizeBody(body: string): string {
  return body
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.replace(/[ \t]+$/u, ''))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .replace(/^\n+|\n+$/g, '');
}

export function normalizeTitle(title: string): string {
  return title.replace(/\s+/g, ' ').trim();
}

/** SHA-256 of the UTF-8 bytes of the text, in hex: what a signature says it agreed to. */
export function bodySha256(body: string): string {
  return createHash('sha256').update(body, 'utf8').digest('hex');
}

/** Paragraphs of a text, each a list of lines: how every screen and email renders it, as text. */
export function paragraphsOf(body: string): string[][] {
  return normalizeBody(body)
    .split(/\n\n/)
    .filter((p) => p.trim() !== '')
    .map((p) => p.split('\n'));
}

/** True when saving `next` must publish a new version of `current`. */
export function isNewText(current: { title: string; body: string }, next: { title: string; body: string }): boolean {
  return normalizeTitle(current.title) !== normalizeTitle(next.title) || normalizeBody(current.body) !== normalizeBody(next.body);
}
