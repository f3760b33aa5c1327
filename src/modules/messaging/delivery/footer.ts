import { escapeHtml } from '../render.ts';
import type { UnsubscribeKind } from './kinds.ts';

export type FooterLocale = 'en' | 'fr';

const words: Record<FooterLocale, { why: (studio: string) => string; link: Record<UnsubscribeKind, string> }> = {
  en: {
    why: (studio) => `You receive this email as a customer of ${studio}.`,
    link: {
      transactional_email: 'Unsubscribe from booking and account emails',
      marketing_email: 'Unsubscribe from marketing emails',
      marketing_sms: 'Unsubscribe from marketing text messages',
    },
  },
  fr: {
    why: (studio) => `Vous recevez cet e-mail en tant que client·e de ${studio}.`,
    link: {
      transactional_email: 'Se désabonner des e-mails de réservation et de compte',
      marketing_email: 'Se désabonner des e-mails marketing',
      marketing_sms: 'Se désabonner des SMS marketing',
    },
  },
};

export const footerLocaleOf = (locale: string | null | undefined, studioDefault: string): FooterLocale =>
  locale === 'fr' || locale === 'en' ? locale : studioDefault === 'fr' ? 'fr' : 'en';

/**
 * The body as sent: the stored text and HTML with the unsubscribe footer added (in the
 * recipient's language). The HTML footer goes just before `</body>` (MJML output), else at the end.
 */
export function withFooter(
  body: { text: string; html: string | null },
  footer: { locale: FooterLocale; studioName: string; kind: UnsubscribeKind; url: string },
): { text: string; html: string | null } {
  const w = words[footer.locale];
  const text = `${body.text.replace(/\s+$/, '')}\n\n--\n${w.why(footer.studioName)}\n${w.link[footer.kind]}: ${footer.url}\n`;
  if (body.html === null) return { text, html: null };
  const block =
    `<div class="enso-unsubscribe" style="max-width:600px;margin:0 auto;padding:16px 12px 24px;text-align:center;font-family:Arial,Helvetica,sans-serif;font-size:12px;line-height:18px;color:#5c5f66;">` +
    `${escapeHtml(w.why(footer.studioName))}<br>` +
    `<a href="${escapeHtml(footer.url)}" style="color:#5c5f66;text-decoration:underline;">${escapeHtml(w.link[footer.kind])}</a></div>`;
  const at = body.html.lastIndexOf('</body>');
  const html = at >= 0 ? `${body.html.slice(0, at)}${block}${body.html.slice(at)}` : `${body.html}${block}`;
  return { text, html };
}
