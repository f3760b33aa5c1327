/**
 * `Content-Disposition: attachment` for a file name chosen by a user (RFC 6266). Browsers
 * read the UTF-8 name from `filename*` (RFC 8187, successor of RFC 5987); the plain `filename`
 * is an ASCII fallback for old clients. Quotes, backslashes, path separators and control
 * characters never reach the header, so a name cannot break out of it or choose a folder.
 *
 * Example: `Certificat médical "2026".pdf` →
 * `attachment; filename="Certificat medical _2026_.pdf"; filename*=UTF-8''Certificat%20m%C3%A9dical%20%222026%22.pdf`
 */
export function attachmentDisposition(fileName: string): string {
  // eslint-disable-next-line no-control-regex
  const safe = fileName.replace(/[\u0000-\u001f\u007f/\\]/g, '_').trim() || 'download';
  const ascii = safe
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]|["\\%]/g, '_');
  const encoded = encodeURIComponent(safe).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
