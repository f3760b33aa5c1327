import { Badge, Modal, Notification, PasswordInput, createTheme, type CSSVariablesResolver, type MantineColorsTuple, type MantineThemeOverride } from '@mantine/core';

export const defaultBrand = { brandColor: '#5b4bc4', accentColor: '#e8590c' };

function parseHex(hex: string): [number, number, number] | null {
  const match = /^#?([0-9a-f]{6})$/i.exec(hex.trim());
  if (!match) return null;
  const n = Number.parseInt(match[1]!, 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

function toHex([r, g, b]: [number, number, number]): string {
  return `#${[r, g, b].map((c) => Math.round(Math.min(255, Math.max(0, c))).toString(16).padStart(2, '0')).join('')}`;
}

function mix(a: [number, number, number], b: [number, number, number], weightOfB: number): [number, number, number] {
  return [0, 1, 2].map((i) => a[i]! + (b[i]! - a[i]!) * weightOfB) as [number, number, number];
}

function channel(c: number): number {
  const s = c / 255;
  return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
}

/** WCAG relative luminance, 0 (black) … 1 (white). */
export function luminance(hex: string): number {
  const rgb = parseHex(hex);
  if (!rgb) return 0;
  return 0.2126 * channel(rgb[0]) + 0.7152 * channel(rgb[1]) + 0.0722 * channel(rgb[2]);
}

export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/**
 * Ten shades for Mantine from one brand colour: tints towards white for 0–5, the colour itself
 * at 6 (Mantine's default primary shade in light mode), shades towards black for 7–9.
 */
export function shadesOf(hex: string): MantineColorsTuple {
  const base = parseHex(hex) ?? parseHex(defaultBrand.brandColor)!;
  const white: [number, number, number] = [255, 255, 255];
  const black: [number, number, number] = [0, 0, 0];
  const tints = [0.92, 0.84, 0.68, 0.5, 0.33, 0.16].map((w) => toHex(mix(base, white, w)));
  const darks = [0.14, 0.28, 0.42].map((w) => toHex(mix(base, black, w)));
  return [...tints, toHex(base), ...darks] as unknown as MantineColorsTuple;
}

/**
 * The shade behind white text (filled buttons, active items): the brand colour itself when white
 * reads on it at 4.5:1, else the first darker shade that does. A very light brand colour keeps
 * its own shade and gets dark text from `autoContrast` instead.
 */
function fillShade(shades: MantineColorsTuple): number {
  for (let i = 6; i < 10; i++) if (contrastRatio(shades[i]!, '#ffffff') >= 4.5) return i;
  return 6;
}

/** Background and text colour for a surface painted in the brand colour (the public hero). */
export function brandSurface(hex: string): { background: string; color: string } {
  const shades = shadesOf(hex);
  const i = fillShade(shades);
  const background = shades[i]!;
  return { background, color: contrastRatio(background, '#ffffff') >= 4.5 ? '#ffffff' : '#1a1b1e' };
}

/**
 * The darkest-needed shade index whose text stays readable (4.5:1) on white and on the light
 * tint used by "light" variants: links, active navigation items and light badges use it.
 */
function readableShade(shades: MantineColorsTuple): number {
  for (let i = 6; i < 10; i++) {
    if (contrastRatio(shades[i]!, '#ffffff') >= 4.5 && contrastRatio(shades[i]!, shades[0]!) >= 4.5) return i;
  }
  return 9;
}

/** Names of Mantine's icon-only buttons in the UI language: the × of modals and notifications, the eye of password fields. */
export interface ThemeLabels {
  close: string;
  showPassword: string;
}

export function buildTheme(
  brand: { brandColor: string; accentColor: string },
  labels: ThemeLabels = { close: 'Close', showPassword: 'Show or hide the password' },
): MantineThemeOverride {
  const primary = shadesOf(brand.brandColor);
  const accent = shadesOf(brand.accentColor);
  const textShade = readableShade(primary);
  const filledShade = fillShade(primary);
  return createTheme({
    primaryColor: 'brand',
    primaryShade: { light: filledShade as 6, dark: 8 },
    colors: { brand: primary, accent },
    autoContrast: true,
    // WCAG's crossover: above this luminance black text contrasts more than white.
    luminanceThreshold: 0.18,
    fontFamily:
      'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif',
    headings: { fontWeight: '650' },
    defaultRadius: 'md',
    other: { textShade },
    components: {
      // A badge never shrinks into an ellipsis inside a table cell.
      Badge: Badge.extend({ defaultProps: { tt: 'none', fw: 600 }, styles: { root: { minWidth: 'max-content' } } }),
      Modal: Modal.extend({ defaultProps: { closeButtonProps: { 'aria-label': labels.close } } }),
      Notification: Notification.extend({ defaultProps: { closeButtonProps: { 'aria-label': labels.close } } }),
      PasswordInput: PasswordInput.extend({ defaultProps: { visibilityToggleButtonProps: { 'aria-label': labels.showPassword } } }),
    },
  });
}

/** Links and brand-coloured text use a shade that stays readable on white. */
export const cssVariablesResolver: CSSVariablesResolver = (theme) => {
  const shade = typeof theme.other.textShade === 'number' ? theme.other.textShade : 7;
  return {
    variables: {},
    light: {
      '--mantine-color-anchor': `var(--mantine-color-brand-${shade})`,
      '--mantine-color-brand-text': `var(--mantine-color-brand-${shade})`,
      // Mantine's default dimmed grey (gray.6) is below 4.5:1 on white.
      '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
      '--mantine-color-placeholder': 'var(--mantine-color-gray-6)',
      // Mantine's error red (red.6, 3.3:1 on white) fails AA for field errors and red text; red.9 reads at 5.5:1.
      '--mantine-color-error': 'var(--mantine-color-red-9)',
      '--mantine-color-red-text': 'var(--mantine-color-red-9)',
    },
    dark: {},
  };
};
