import mjml2html from 'mjml';
import { blocksToText, type Block } from './blocks.ts';
import { escapeHtml, renderVariables, type VariableValues } from './render.ts';

/** The studio's look (studios module): name, colours `#rrggbb`, and an absolute logo URL or none. */
export interface Branding {
  studioName: string;
  brandColor: string;
  accentColor: string;
  logoUrl: string | null;
}

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

const hex = /^#[0-9a-fA-F]{6}$/;
const colour = (value: string, fallback: string) => (hex.test(value) ? value : fallback);
const attr = (value: string) => escapeHtml(value);
const safeHref = (value: string) => (/^(https?:|mailto:)/i.test(value.trim()) ? value.trim() : '');

/** Black or white text, whichever reads better on `background` (WCAG relative luminance). */
export function contrastText(background: string): string {
  const channel = (i: number) => {
    const c = parseInt(background.slice(1 + 2 * i, 3 + 2 * i), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const luminance = 0.2126 * channel(0) + 0.7152 * channel(1) + 0.0722 * channel(2);
  return luminance > 0.4 ? '#1a1b1e' : '#ffffff';
}

function blockMjml(block: Block, ctx: { allowed: ReadonlySet<string>; values: VariableValues; brand: string; accent: string }): string {
  const html = (text: string) => renderVariables(text, { allowed: ctx.allowed, values: ctx.values, format: 'html' });
  switch (block.kind) {
    case 'heading':
      return `<mj-text font-size="22px" font-weight="700" line-height="1.3" color="${ctx.brand}">${html(block.text)}</mj-text>`;
    case 'text': {
      const rendered = html(block.text);
      // A paragraph that is only an empty variable (a class without a welcome message) leaves no gap.
      return rendered.trim() === '' ? '' : `<mj-text>${rendered}</mj-text>`;
    }
    case 'button': {
      const href = safeHref(ctx.allowed.has(block.urlVariable) ? String(ctx.values[block.urlVariable] ?? '') : '');
      if (!href) return '';
      return `<mj-button href="${attr(href)}" background-color="${ctx.accent}" color="${contrastText(ctx.accent)}" font-weight="600" border-radius="6px" inner-padding="12px 24px">${html(block.label)}</mj-button>`;
    }
    case 'image': {
      const src = safeHref(block.url);
      return src ? `<mj-image src="${attr(src)}" alt="${attr(renderVariables(block.alt, { allowed: ctx.allowed, values: ctx.values }))}" fluid-on-mobile="true" />` : '';
    }
    case 'divider':
      return `<mj-divider border-width="1px" border-color="${ctx.brand}" />`;
    case 'spacer':
      return `<mj-spacer height="${block.height}px" />`;
  }
}

/**
 * One email from a template's subject and blocks: responsive HTML through MJML (tables that the
 * common mail clients render, a mobile breakpoint) with the studio's logo and colours, and the
 * plain-text part. Variables follow render.ts: allowed ones take the recipient's value, the rest
 * stay literal; values are HTML-escaped in the HTML part only.
 */
export async function renderEmail(input: {
  subject: string;
  blocks: readonly Block[];
  allowed: readonly string[];
  values: VariableValues;
  branding: Branding;
  locale: 'en' | 'fr';
}): Promise<RenderedEmail> {
  const allowed = new Set(input.allowed);
  const brand = colour(input.branding.brandColor, '#4c6ef5');
  const accent = colour(input.branding.accentColor, brand);
  const subject = renderVariables(input.subject, { allowed, values: input.values }).replace(/\s+/g, ' ').trim();
  const studioName = escapeHtml(input.branding.studioName);
  const logo = input.branding.logoUrl ? safeHref(input.branding.logoUrl) : '';
  const header = logo
    ? `<mj-image src="${attr(logo)}" alt="${studioName}" width="140px" align="center" padding="8px" />`
    : `<mj-text align="center" font-size="20px" font-weight="700" color="${contrastText(brand)}">${studioName}</mj-text>`;
  const body = input.blocks.map((b) => blockMjml(b, { allowed, values: input.values, brand, accent })).join('\n');
  const source = `<mjml lang="${input.locale}">
  <mj-head>
    <mj-title>${escapeHtml(subject)}</mj-title>
    <mj-preview>${escapeHtml(subject)}</mj-preview>
    <mj-attributes>
      <mj-all font-family="-apple-system, 'Segoe UI', Helvetica, Arial, sans-serif" />
      <mj-text font-size="16px" line-height="1.5" color="#1a1b1e" padding="8px 24px" />
      <mj-button padding="16px 24px" />
    </mj-attributes>
  </mj-head>
  <mj-body background-color="#f1f3f5" width="600px">
    <mj-section background-color="${brand}" padding="16px 0" border-radius="8px 8px 0 0">
      <mj-column>${header}</mj-column>
    </mj-section>
    <mj-section background-color="#ffffff" padding="16px 0 24px">
      <mj-column>
${body}
      </mj-column>
    </mj-section>
    <mj-section padding="12px 0">
      <mj-column>
        <mj-text align="center" font-size="12px" color="#868e96">${studioName}</mj-text>
      </mj-column>
    </mj-section>
  </mj-body>
</mjml>`;
  const result = await mjml2html(source, { validationLevel: 'strict', keepComments: false });
  const text = renderVariables(blocksToText(input.blocks), { allowed, values: input.values })
    .split(/\n{2,}/)
    .filter((paragraph) => paragraph.trim() !== '')
    .join('\n\n');
  return { subject, html: result.html, text: `${text}\n\n— ${input.branding.studioName}\n` };
}
